//! System identity, interfaces and DHCP leases.

use std::collections::HashMap;

use routerctl_core::vocab::{InterfaceKind, mac_address};
use routerctl_core::{DhcpLease, Facts, Interface, Resources, Temperature};

use crate::VENDOR;
use crate::api::proto::Attributes;
use crate::values::{TypedAttributes, parse_bit_rate};

/// `/system/resource`, `/system/identity` and (if the device has one)
/// `/system/routerboard`, one row each.
pub fn facts(
    resource: Option<&Attributes>,
    identity: Option<&Attributes>,
    routerboard: Option<&Attributes>,
) -> Facts {
    Facts {
        vendor: VENDOR.to_string(),
        model: resource.and_then(|r| r.non_empty_text("board-name")),
        serial_number: routerboard.and_then(|r| r.non_empty_text("serial-number")),
        os_version: resource.and_then(|r| r.non_empty_text("version")),
        hostname: identity.and_then(|r| r.non_empty_text("name")),
        uptime_seconds: resource.and_then(|r| r.duration_secs("uptime")),
    }
}

/// `/system/resource` (one row) and `/system/health` (RouterOS 7: one row
/// per sensor with `name`, `value`, `type`; `C` marks temperatures).
pub fn resources(resource: Option<&Attributes>, health: &[Attributes]) -> Resources {
    let u32_of = |name: &str| {
        resource
            .and_then(|r| r.u64(name))
            .and_then(|v| u32::try_from(v).ok())
    };
    let temperatures = health
        .iter()
        .filter(|row| row.utf8("type") == Some("C"))
        .filter_map(|row| {
            let name = row.non_empty_text("name")?;
            let celsius: f64 = row.utf8("value")?.trim().parse().ok()?;
            let sensor = match name.strip_suffix("-temperature") {
                Some(what) => what.to_string(),
                None if name == "temperature" => "board".to_string(),
                None => name.replace("-temperature", ""),
            };
            celsius
                .is_finite()
                .then_some(Temperature { sensor, celsius })
        })
        .collect();
    Resources {
        cpu_load_percent: resource
            .and_then(|r| r.u64("cpu-load"))
            .and_then(|v| u8::try_from(v).ok())
            .filter(|v| *v <= 100),
        cpu_count: u32_of("cpu-count"),
        cpu_frequency_mhz: u32_of("cpu-frequency"),
        memory_total_bytes: resource.and_then(|r| r.u64("total-memory")),
        memory_free_bytes: resource.and_then(|r| r.u64("free-memory")),
        disk_total_bytes: resource.and_then(|r| r.u64("total-hdd-space")),
        disk_free_bytes: resource.and_then(|r| r.u64("free-hdd-space")),
        temperatures,
    }
}

/// One `/interface` row. `speeds` maps interface names to the link rate
/// from `/interface/ethernet/monitor` (bit/s).
pub fn interface(row: &Attributes, speeds: &HashMap<String, u64>) -> Option<Interface> {
    let name = row.non_empty_text("name")?;
    Some(Interface {
        kind: row
            .utf8("type")
            .filter(|t| !t.is_empty())
            .map(InterfaceKind::from_vendor),
        description: row.non_empty_text("comment"),
        is_enabled: row.bool("disabled").map(|d| !d),
        is_up: row.bool("running"),
        mac_address: row.utf8("mac-address").and_then(mac_address),
        mtu: row
            .u64("actual-mtu")
            .or_else(|| row.u64("mtu"))
            .and_then(|m| u32::try_from(m).ok()),
        speed_mbps: speeds.get(&name).map(|bps| bps / 1_000_000),
        rx_bytes: row.u64("rx-byte"),
        tx_bytes: row.u64("tx-byte"),
        rx_packets: row.u64("rx-packet"),
        tx_packets: row.u64("tx-packet"),
        rx_errors: row.u64("rx-error"),
        tx_errors: row.u64("tx-error"),
        rx_drops: row.u64("rx-drop"),
        tx_drops: row.u64("tx-drop"),
        name,
    })
}

/// Link rates from `/interface/ethernet/monitor =once=` rows (`rate` is
/// absent on ports without link).
pub fn ethernet_speeds(rows: &[Attributes]) -> HashMap<String, u64> {
    rows.iter()
        .filter_map(|r| {
            let rate = r.utf8("rate").and_then(parse_bit_rate)?;
            Some((r.non_empty_text("name")?, rate))
        })
        .collect()
}

/// One `/ip/dhcp-server/lease` row; `None` when it names no MAC address
/// that parses. Takes any row that reads as [`TypedAttributes`]: an owned
/// [`Attributes`] or a [`ReplyView`](crate::api::view::ReplyView) still
/// in the read buffer.
pub fn dhcp_lease<R: TypedAttributes + ?Sized>(row: &R) -> Option<DhcpLease> {
    let mac = row
        .non_empty_text("mac-address")
        .or_else(|| row.non_empty_text("active-mac-address"))?;
    Some(DhcpLease {
        mac_address: mac_address(&mac)?,
        ip_address: row
            .non_empty_text("active-address")
            .or_else(|| row.non_empty_text("address")),
        hostname: row.non_empty_text("host-name"),
        client_id: row
            .non_empty_text("active-client-id")
            .or_else(|| row.non_empty_text("client-id")),
        server: row
            .non_empty_text("server")
            .or_else(|| row.non_empty_text("active-server")),
        is_static: row.bool("dynamic").map(|d| !d),
        status: row.non_empty_text("status"),
        expires_in_seconds: row.duration_secs("expires-after"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::mapping::common::row;

    #[test]
    fn resources_from_resource_and_health() {
        let resource = row(&[
            ("cpu-load", "11"),
            ("cpu-count", "4"),
            ("cpu-frequency", "864"),
            ("free-memory", "712796454"),
            ("total-memory", "1073741824"),
            ("free-hdd-space", "92979200"),
            ("total-hdd-space", "134217728"),
        ]);
        let health = [
            row(&[("name", "cpu-temperature"), ("value", "46"), ("type", "C")]),
            row(&[("name", "temperature"), ("value", "38.5"), ("type", "C")]),
            row(&[("name", "voltage"), ("value", "24.1"), ("type", "V")]),
            row(&[
                ("name", "board-temperature1"),
                ("value", "hot"),
                ("type", "C"),
            ]),
        ];
        let r = resources(Some(&resource), &health);
        assert_eq!(r.cpu_load_percent, Some(11));
        assert_eq!(r.cpu_count, Some(4));
        assert_eq!(r.memory_total_bytes, Some(1073741824));
        assert_eq!(r.disk_free_bytes, Some(92979200));
        let temps: Vec<(&str, f64)> = r
            .temperatures
            .iter()
            .map(|t| (t.sensor.as_str(), t.celsius))
            .collect();
        assert_eq!(temps, [("cpu", 46.0), ("board", 38.5)]);
        assert_eq!(resources(None, &[]), Resources::default());
    }

    #[test]
    fn facts_from_a_hap_ax2() {
        let resource = row(&[
            ("board-name", "hAP ax^2"),
            ("version", "7.20.5 (stable)"),
            ("uptime", "1h12m40s"),
            ("cpu-load", "7"),
        ]);
        let identity = row(&[("name", "edge-1")]);
        let rb = row(&[("routerboard", "true"), ("serial-number", "HE2080T9XYZ")]);
        let f = facts(Some(&resource), Some(&identity), Some(&rb));
        assert_eq!(f.vendor, "mikrotik");
        assert_eq!(f.model.as_deref(), Some("hAP ax^2"));
        assert_eq!(f.os_version.as_deref(), Some("7.20.5 (stable)"));
        assert_eq!(f.hostname.as_deref(), Some("edge-1"));
        assert_eq!(f.uptime_seconds, Some(4360));
        assert_eq!(f.serial_number.as_deref(), Some("HE2080T9XYZ"));
        // CHR: no routerboard menu at all.
        assert_eq!(facts(Some(&resource), None, None).serial_number, None);
    }

    #[test]
    fn interface_with_counters_and_speed() {
        let r = row(&[
            ("name", "ether1"),
            ("type", "ether"),
            ("comment", "uplink"),
            ("disabled", "false"),
            ("running", "true"),
            ("mac-address", "48:A9:8A:00:00:01"),
            ("mtu", "1500"),
            ("actual-mtu", "1500"),
            ("rx-byte", "123456"),
            ("tx-byte", "654321"),
            ("rx-packet", "1000"),
            ("tx-packet", "900"),
            ("rx-error", "0"),
            ("tx-error", "0"),
            ("rx-drop", "3"),
            ("tx-drop", "0"),
        ]);
        let speeds = ethernet_speeds(&[
            row(&[("name", "ether1"), ("rate", "1Gbps"), ("status", "link-ok")]),
            row(&[("name", "ether2"), ("status", "no-link")]),
        ]);
        let i = interface(&r, &speeds).unwrap();
        assert_eq!(i.name, "ether1");
        assert_eq!(i.kind, Some(InterfaceKind::Ethernet));
        assert_eq!(i.mac_address.as_deref(), Some("48:A9:8A:00:00:01"));
        assert_eq!(i.description.as_deref(), Some("uplink"));
        assert_eq!((i.is_enabled, i.is_up), (Some(true), Some(true)));
        assert_eq!(i.mtu, Some(1500));
        assert_eq!(i.speed_mbps, Some(1000));
        assert_eq!((i.rx_bytes, i.tx_bytes), (Some(123_456), Some(654_321)));
        assert_eq!(i.rx_drops, Some(3));
        // A bridge with mtu=auto and no counters: absent, not zero.
        let b = interface(&row(&[("name", "bridge"), ("mtu", "auto")]), &speeds).unwrap();
        assert_eq!((b.mtu, b.rx_bytes, b.speed_mbps), (None, None, None));
        assert!(interface(&row(&[("type", "ether")]), &speeds).is_none());
    }

    #[test]
    fn leases_like_the_6x_capture() {
        let dynamic = row(&[
            (".id", "*48"),
            ("address", "192.168.64.113"),
            ("mac-address", "00:1A:96:49:84:DE"),
            ("server", "rt.dhcp"),
            ("status", "bound"),
            ("expires-after", "59m34s"),
            ("last-seen", "26s"),
            ("active-address", "192.168.64.113"),
            ("host-name", "android-570d7aade7c461a6"),
            ("dynamic", "true"),
            ("disabled", "false"),
        ]);
        let l = dhcp_lease(&dynamic).unwrap();
        assert_eq!(l.mac_address, "00:1A:96:49:84:DE");
        assert_eq!(l.ip_address.as_deref(), Some("192.168.64.113"));
        assert_eq!(l.is_static, Some(false));
        assert_eq!(l.expires_in_seconds, Some(3574));
        assert_eq!(l.server.as_deref(), Some("rt.dhcp"));
        let fixed = row(&[
            ("address", "10.70.0.2"),
            ("mac-address", "E0:D9:E3:C2:ED:C0"),
            ("active-client-id", "1:e0:d9:e3:c2:ed:c0"),
            ("status", "waiting"),
            ("last-seen", "never"),
            ("dynamic", "false"),
        ]);
        let l = dhcp_lease(&fixed).unwrap();
        assert_eq!(l.is_static, Some(true));
        assert_eq!(l.client_id.as_deref(), Some("1:e0:d9:e3:c2:ed:c0"));
        assert_eq!(l.expires_in_seconds, None);
        assert!(dhcp_lease(&row(&[("address", "10.0.0.1")])).is_none());
        let lower = dhcp_lease(&row(&[("mac-address", "e0:d9:e3:c2:ed:c0")])).unwrap();
        assert_eq!(lower.mac_address, "E0:D9:E3:C2:ED:C0");
        assert!(dhcp_lease(&row(&[("mac-address", "E0:D9:E3")])).is_none());
    }
}
