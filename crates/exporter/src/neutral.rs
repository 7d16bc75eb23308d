//! Samples from the vendor-neutral records, for every family: pure
//! functions from what a driver returned to mktxp-named samples, so each
//! mapping is tested from records alone.
//!
//! A field the vendor did not fill gives no sample (never a made-up 0).

use std::collections::BTreeMap;

use routerctl_core::{Client, DhcpLease, Facts, Interface, Resources, WanKind, WanLink};

use crate::families::*;
use crate::metrics::{Family, Labels, Sample, Value};

fn bool_value(b: bool) -> Value {
    Value::Unsigned(u64::from(b))
}

fn push(out: &mut Vec<Sample>, family: &'static Family, labels: &Labels, value: Option<Value>) {
    if let Some(value) = value {
        out.push(Sample::new(family, labels.clone(), value));
    }
}

/// Uptime and identity from [`Facts`].
///
/// ```
/// use routerctl_core::Facts;
/// let f = Facts { vendor: "ixon".into(), uptime_seconds: Some(60), hostname: Some("gw".into()), ..Facts::default() };
/// let s = routerctl_exporter::neutral::facts(&f);
/// assert_eq!(s.len(), 2);
/// ```
pub fn facts(facts: &Facts) -> Vec<Sample> {
    let mut out = Vec::new();
    let labels = system_labels(facts);
    push(
        &mut out,
        &SYS_UPTIME,
        &labels,
        facts.uptime_seconds.map(Value::Unsigned),
    );
    if let Some(name) = &facts.hostname {
        out.push(Sample::new(
            &SYS_IDENTITY,
            vec![("name", name.clone())],
            Value::Unsigned(1),
        ));
    }
    out
}

/// The labels mktxp puts on its system gauges, as far as facts have them.
fn system_labels(facts: &Facts) -> Labels {
    vec![
        ("version", facts.os_version.clone().unwrap_or_default()),
        ("board_name", facts.model.clone().unwrap_or_default()),
    ]
}

/// Memory, storage, CPU and temperatures under mktxp's system names,
/// labelled like the uptime from the same router's `facts`.
pub fn resources(resources: &Resources, facts: &Facts) -> Vec<Sample> {
    let mut out = Vec::new();
    let labels = system_labels(facts);
    let gauges = [
        (&SYS_FREE_MEMORY, resources.memory_free_bytes),
        (&SYS_TOTAL_MEMORY, resources.memory_total_bytes),
        (&SYS_FREE_HDD, resources.disk_free_bytes),
        (&SYS_TOTAL_HDD, resources.disk_total_bytes),
        (&SYS_CPU_LOAD, resources.cpu_load_percent.map(u64::from)),
        (&SYS_CPU_COUNT, resources.cpu_count.map(u64::from)),
        (
            &SYS_CPU_FREQUENCY,
            resources.cpu_frequency_mhz.map(u64::from),
        ),
    ];
    for (family, value) in gauges {
        push(&mut out, family, &labels, value.map(Value::Unsigned));
    }
    for t in &resources.temperatures {
        let (family, labels): (&'static Family, Labels) = match t.sensor.as_str() {
            "cpu" => (&HEALTH_CPU_TEMPERATURE, Vec::new()),
            "board" => (&HEALTH_TEMPERATURE, Vec::new()),
            "switch" => (&HEALTH_SWITCH_TEMPERATURE, Vec::new()),
            "phy" => (&HEALTH_PHY_TEMPERATURE, Vec::new()),
            other => (&TEMPERATURE, vec![("sensor", other.to_string())]),
        };
        if t.celsius.is_finite() {
            out.push(Sample::new(family, labels, Value::Float(t.celsius)));
        }
    }
    out
}

/// State and counters of each interface.
pub fn interfaces(interfaces: &[Interface]) -> Vec<Sample> {
    let mut out = Vec::with_capacity(interfaces.len() * 14);
    for i in interfaces {
        let name: Labels = vec![("name", i.name.clone())];
        if let Some(comment) = &i.description {
            out.push(Sample::new(
                &IF_COMMENT,
                vec![("name", i.name.clone()), ("comment", comment.clone())],
                Value::Unsigned(1),
            ));
        }
        if let Some(kind) = i.kind {
            out.push(Sample::new(
                &IF_TYPE,
                vec![
                    ("name", i.name.clone()),
                    ("type", kind.as_str().to_string()),
                ],
                Value::Unsigned(1),
            ));
        }
        if let Some(mac) = &i.mac_address {
            out.push(Sample::new(
                &IF_MAC,
                vec![("name", i.name.clone()), ("mac_address", mac.clone())],
                Value::Unsigned(1),
            ));
        }
        push(&mut out, &IF_RUNNING, &name, i.is_up.map(bool_value));
        push(
            &mut out,
            &IF_DISABLED,
            &name,
            i.is_enabled.map(|e| bool_value(!e)),
        );
        let counters = [
            (&IF_RX_BYTE, i.rx_bytes),
            (&IF_TX_BYTE, i.tx_bytes),
            (&IF_RX_PACKET, i.rx_packets),
            (&IF_TX_PACKET, i.tx_packets),
            (&IF_RX_ERROR, i.rx_errors),
            (&IF_TX_ERROR, i.tx_errors),
            (&IF_RX_DROP, i.rx_drops),
            (&IF_TX_DROP, i.tx_drops),
        ];
        for (family, value) in counters {
            push(&mut out, family, &name, value.map(Value::Unsigned));
        }
        push(
            &mut out,
            &IF_MTU,
            &name,
            i.mtu.map(|m| Value::Unsigned(u64::from(m))),
        );
        push(&mut out, &IF_RATE, &name, i.speed_mbps.map(Value::Unsigned));
    }
    out
}

/// Active leases per server, and one `dhcp_lease_info` per lease whose
/// value is the seconds until it expires.
pub fn dhcp_leases(leases: &[DhcpLease]) -> Vec<Sample> {
    let mut out = Vec::with_capacity(leases.len() + 2);
    let mut per_server: BTreeMap<&str, u64> = BTreeMap::new();
    for lease in leases {
        let server = lease.server.as_deref().unwrap_or("");
        let active = lease.status.as_deref().is_none_or(|s| s == "bound");
        if !active {
            continue;
        }
        *per_server.entry(server).or_default() += 1;
        let labels: Labels = vec![
            ("address", lease.ip_address.clone().unwrap_or_default()),
            ("mac_address", lease.mac_address.clone()),
            ("host_name", lease.hostname.clone().unwrap_or_default()),
            ("server", server.to_string()),
            ("client_id", lease.client_id.clone().unwrap_or_default()),
        ];
        out.push(Sample::new(
            &DHCP_LEASE,
            labels,
            Value::Unsigned(lease.expires_in_seconds.unwrap_or(0)),
        ));
    }
    for (server, count) in per_server {
        out.push(Sample::new(
            &DHCP_ACTIVE,
            vec![("server", server.to_string())],
            Value::Unsigned(count),
        ));
    }
    out
}

/// Wireless clients: signal and identity per client, and the count.
pub fn wireless_clients(clients: &[Client]) -> Vec<Sample> {
    let mut out = Vec::new();
    let mut count = 0u64;
    for c in clients.iter().filter(|c| c.is_wireless == Some(true)) {
        if c.is_active == Some(false) {
            continue;
        }
        count += 1;
        let name = c.hostname.clone().unwrap_or_default();
        let labels: Labels = vec![
            ("dhcp_name", name.clone()),
            ("mac_address", c.mac_address.clone()),
        ];
        push(
            &mut out,
            &WLAN_SIGNAL,
            &labels,
            c.signal_dbm.map(|s| Value::Signed(i64::from(s))),
        );
        out.push(Sample::new(
            &WLAN_DEVICES,
            vec![
                ("dhcp_name", name),
                ("dhcp_address", c.ip_address.clone().unwrap_or_default()),
                ("ssid", c.ssid.clone().unwrap_or_default()),
                ("interface", c.interface.clone().unwrap_or_default()),
                ("mac_address", c.mac_address.clone()),
                (
                    "band",
                    c.band.map(|b| b.as_str().to_string()).unwrap_or_default(),
                ),
            ],
            Value::Unsigned(1),
        ));
    }
    out.push(Sample::new(
        &WLAN_REGISTERED,
        vec![("channel", String::new())],
        Value::Unsigned(count),
    ));
    out
}

fn wan_kind(kind: WanKind) -> &'static str {
    match kind {
        WanKind::Ethernet => "ethernet",
        WanKind::Cellular => "cellular",
        WanKind::Wifi => "wifi",
        WanKind::Pppoe => "pppoe",
        WanKind::Other => "other",
    }
}

/// Link state, uptime and radio signal of each uplink; cellular signal
/// also under mktxp's LTE name.
pub fn wan_links(links: &[WanLink]) -> Vec<Sample> {
    let mut out = Vec::new();
    for link in links {
        let labels: Labels = vec![
            ("name", link.name.clone()),
            ("kind", wan_kind(link.kind).to_string()),
        ];
        push(&mut out, &WAN_UP, &labels, link.is_up.map(bool_value));
        push(
            &mut out,
            &WAN_UPTIME,
            &labels,
            link.uptime_seconds.map(Value::Unsigned),
        );
        let signal = link.signal_dbm.map(|s| Value::Signed(i64::from(s)));
        push(&mut out, &WAN_SIGNAL, &labels, signal);
        if link.kind == WanKind::Cellular {
            push(
                &mut out,
                &LTE_RSSI,
                &vec![("name", link.name.clone())],
                signal,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use routerctl_core::InterfaceKind;

    fn names(samples: &[Sample]) -> Vec<String> {
        samples.iter().map(|s| s.family.exposed_name()).collect()
    }

    #[test]
    fn an_interface_gives_mktxp_counters_and_state() {
        let i = Interface {
            name: "eth0".into(),
            kind: Some(InterfaceKind::Ethernet),
            is_enabled: Some(true),
            is_up: Some(false),
            rx_bytes: Some(10),
            tx_bytes: Some(20),
            mtu: Some(1500),
            ..Interface::default()
        };
        let s = interfaces(&[i]);
        assert_eq!(
            names(&s),
            [
                "mktxp_interface_type_info",
                "mktxp_interface_running",
                "mktxp_interface_disabled",
                "mktxp_interface_rx_byte_total",
                "mktxp_interface_tx_byte_total",
                "mktxp_interface_actual_mtu",
            ]
        );
        assert_eq!(s[1].value, Value::Unsigned(0));
        assert_eq!(s[2].value, Value::Unsigned(0), "enabled = not disabled");
        assert_eq!(s[3].labels, vec![("name", "eth0".to_string())]);
    }

    #[test]
    fn leases_are_counted_per_server_and_expired_ones_skipped() {
        let lease = |mac: &str, server: &str, status: &str| DhcpLease {
            mac_address: mac.into(),
            server: Some(server.into()),
            status: Some(status.into()),
            expires_in_seconds: Some(600),
            ..DhcpLease::default()
        };
        let s = dhcp_leases(&[
            lease("A", "lan", "bound"),
            lease("B", "lan", "bound"),
            lease("C", "guest", "waiting"),
        ]);
        let counts: Vec<_> = s.iter().filter(|s| s.family == &DHCP_ACTIVE).collect();
        assert_eq!(counts.len(), 1);
        assert_eq!(counts[0].value, Value::Unsigned(2));
        assert_eq!(s.iter().filter(|s| s.family == &DHCP_LEASE).count(), 2);
    }

    #[test]
    fn resources_use_mktxp_system_names() {
        let r = Resources {
            memory_total_bytes: Some(100),
            memory_free_bytes: Some(40),
            cpu_load_percent: Some(7),
            temperatures: vec![
                routerctl_core::Temperature {
                    sensor: "cpu".into(),
                    celsius: 51.5,
                },
                routerctl_core::Temperature {
                    sensor: "modem".into(),
                    celsius: 40.0,
                },
            ],
            ..Resources::default()
        };
        let f = Facts {
            os_version: Some("23.05".into()),
            ..Facts::default()
        };
        let s = resources(&r, &f);
        assert_eq!(
            names(&s),
            [
                "mktxp_system_free_memory",
                "mktxp_system_total_memory",
                "mktxp_system_cpu_load",
                "mktxp_system_cpu_temperature",
                "routerctl_temperature_celsius",
            ]
        );
        assert!(s[0].labels.contains(&("version", "23.05".to_string())));
        assert_eq!(s[4].labels, vec![("sensor", "modem".to_string())]);
    }

    #[test]
    fn cellular_signal_is_also_lte_rssi() {
        let s = wan_links(&[WanLink {
            name: "cell".into(),
            kind: WanKind::Cellular,
            is_up: Some(true),
            signal_dbm: Some(-71),
            ..WanLink::default()
        }]);
        assert_eq!(
            names(&s),
            [
                "routerctl_wan_up",
                "routerctl_wan_signal_dbm",
                "mktxp_lte_rssi"
            ]
        );
        assert_eq!(s[2].value, Value::Signed(-71));
    }

    #[test]
    fn only_wireless_clients_count() {
        let wired = Client {
            mac_address: "A".into(),
            is_wireless: Some(false),
            ..Client::default()
        };
        let radio = Client {
            mac_address: "B".into(),
            is_wireless: Some(true),
            signal_dbm: Some(-50),
            ..Client::default()
        };
        let s = wireless_clients(&[wired, radio]);
        let count = s.iter().find(|s| s.family == &WLAN_REGISTERED).unwrap();
        assert_eq!(count.value, Value::Unsigned(1));
        assert_eq!(s.iter().filter(|s| s.family == &WLAN_SIGNAL).count(), 1);
    }
}
