//! RouterOS families the neutral model cannot carry (resources, health,
//! pools, routes, firewall counters, packages, users, and the interface
//! and lease details mktxp labels), read through [`Router::raw`] with
//! RouterOS command words.
//!
//! Each [`Menu`] is one `print` and a pure mapping from its rows to
//! samples with mktxp 2.1.0's names and labels, so every mapping is
//! tested from a recorded reply (`fixtures/routeros/`).
//!
//! [`Router::raw`]: routerctl_core::Router::raw

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use crate::families::*;
use crate::metrics::{Family, Labels, Sample, Value};

/// A reply row: attribute name to value (RouterOS sends strings).
pub type Row = Map<String, Json>;

/// One RouterOS menu the exporter reads on every scrape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// `/system/resource`: uptime, memory, storage, CPU.
    Resource,
    /// `/system/identity`.
    Identity,
    /// `/interface`: counters, state, type, MAC, link downs.
    Interface,
    /// `/ip/dhcp-server/lease`.
    DhcpLease,
    /// `/ip/pool`: pool sizes from the ranges.
    Pool,
    /// `/ip/pool/used`: used addresses per pool.
    PoolUsed,
    /// `/system/health`: temperatures, voltages, fans, PSUs.
    Health,
    /// `/ip/route`: route counts per protocol.
    Route,
    /// `/ip/firewall/filter`.
    FirewallFilter,
    /// `/ip/firewall/nat`.
    FirewallNat,
    /// `/ip/firewall/mangle`.
    FirewallMangle,
    /// `/ip/firewall/raw`.
    FirewallRaw,
    /// `/system/package`.
    Package,
    /// `/user/active`.
    ActiveUsers,
    /// `/interface/wifi/registration-table` (RouterOS 7 wifi package).
    WifiClients,
}

impl Menu {
    /// Every menu, in the order they are sent. `Resource` first: it tells
    /// whether the router is up.
    pub const ALL: &'static [Menu] = &[
        Menu::Resource,
        Menu::Identity,
        Menu::Interface,
        Menu::DhcpLease,
        Menu::Pool,
        Menu::PoolUsed,
        Menu::Health,
        Menu::Route,
        Menu::FirewallFilter,
        Menu::FirewallNat,
        Menu::FirewallMangle,
        Menu::FirewallRaw,
        Menu::Package,
        Menu::ActiveUsers,
        Menu::WifiClients,
    ];

    /// The command words sent for this menu.
    pub fn words(self) -> &'static str {
        match self {
            Menu::Resource => "/system/resource/print",
            Menu::Identity => "/system/identity/print",
            Menu::Interface => "/interface/print",
            Menu::DhcpLease => "/ip/dhcp-server/lease/print",
            Menu::Pool => "/ip/pool/print",
            Menu::PoolUsed => "/ip/pool/used/print",
            Menu::Health => "/system/health/print",
            Menu::Route => "/ip/route/print",
            Menu::FirewallFilter => "/ip/firewall/filter/print",
            Menu::FirewallNat => "/ip/firewall/nat/print",
            Menu::FirewallMangle => "/ip/firewall/mangle/print",
            Menu::FirewallRaw => "/ip/firewall/raw/print",
            Menu::Package => "/system/package/print",
            Menu::ActiveUsers => "/user/active/print",
            Menu::WifiClients => "/interface/wifi/registration-table/print",
        }
    }

    /// The samples of a reply to [`Menu::words`].
    pub fn map(self, reply: &Json) -> Vec<Sample> {
        let rows = rows(reply);
        match self {
            Menu::Resource => resource(&rows),
            Menu::Identity => identity(&rows),
            Menu::Interface => interfaces(&rows),
            Menu::DhcpLease => leases(&rows),
            Menu::Pool => pools(&rows),
            Menu::PoolUsed => pool_used(&rows),
            Menu::Health => health(&rows),
            Menu::Route => routes(&rows),
            Menu::FirewallFilter => firewall(&FW_FILTER, &rows),
            Menu::FirewallNat => firewall(&FW_NAT, &rows),
            Menu::FirewallMangle => firewall(&FW_MANGLE, &rows),
            Menu::FirewallRaw => firewall(&FW_RAW, &rows),
            Menu::Package => packages(&rows),
            Menu::ActiveUsers => active_users(&rows),
            Menu::WifiClients => wifi_clients(&rows),
        }
    }
}

/// The rows of a raw reply: an array of objects, or one object. Anything
/// else (a malformed reply) has no rows.
pub fn rows(reply: &Json) -> Vec<&Row> {
    match reply {
        Json::Array(items) => items.iter().filter_map(Json::as_object).collect(),
        Json::Object(row) if !row.is_empty() => vec![row],
        _ => Vec::new(),
    }
}

fn text<'a>(row: &'a Row, key: &str) -> Option<&'a str> {
    row.get(key).and_then(Json::as_str)
}

fn owned(row: &Row, key: &str) -> String {
    text(row, key).unwrap_or_default().to_string()
}

fn number(row: &Row, key: &str) -> Option<u64> {
    text(row, key).and_then(|s| s.trim().parse().ok())
}

fn float(row: &Row, key: &str) -> Option<f64> {
    text(row, key)
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|f| f.is_finite())
}

fn flag(row: &Row, key: &str) -> Option<u64> {
    match text(row, key)? {
        "true" | "yes" => Some(1),
        "false" | "no" => Some(0),
        _ => None,
    }
}

/// RouterOS durations (`1w2d3h4m5s`, `45m30s`, `500ms`, `00:05:00`) in
/// whole seconds; `None` when it is not one.
///
/// ```
/// use routerctl_exporter::routeros::duration_seconds;
/// assert_eq!(duration_seconds("1w2d3h4m5s"), Some(7 * 86400 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5));
/// assert_eq!(duration_seconds("1h4m8s"), Some(3848));
/// assert_eq!(duration_seconds("01:02:03"), Some(3723));
/// assert_eq!(duration_seconds("609ms"), Some(0));
/// assert_eq!(duration_seconds("soon"), None);
/// ```
pub fn duration_seconds(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.contains(':') {
        let mut total = 0u64;
        for part in text.split(':') {
            let n: u64 = part.split('.').next()?.parse().ok()?;
            total = total.checked_mul(60)?.checked_add(n)?;
        }
        return Some(total);
    }
    let mut total = 0u64;
    let mut digits = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: u64 = digits.parse().ok()?;
        digits.clear();
        let unit = match c {
            'w' => 7 * 86400,
            'd' => 86400,
            'h' => 3600,
            'm' if chars.peek() == Some(&'s') => {
                chars.next();
                0
            }
            'm' => 60,
            's' => 1,
            'u' | 'n' if chars.peek() == Some(&'s') => {
                chars.next();
                0
            }
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    if !digits.is_empty() {
        return None;
    }
    Some(total)
}

fn push(out: &mut Vec<Sample>, family: &'static Family, labels: &Labels, value: Option<Value>) {
    if let Some(value) = value {
        out.push(Sample::new(family, labels.clone(), value));
    }
}

fn info(family: &'static Family, labels: Labels) -> Sample {
    Sample::new(family, labels, Value::Unsigned(1))
}

fn resource(rows: &[&Row]) -> Vec<Sample> {
    let mut out = Vec::new();
    for row in rows {
        let labels: Labels = vec![
            ("version", owned(row, "version")),
            ("board_name", owned(row, "board-name")),
            ("cpu", owned(row, "cpu")),
            ("architecture_name", owned(row, "architecture-name")),
        ];
        let uptime = text(row, "uptime").and_then(duration_seconds);
        push(&mut out, &SYS_UPTIME, &labels, uptime.map(Value::Unsigned));
        for (family, key) in [
            (&SYS_FREE_MEMORY, "free-memory"),
            (&SYS_TOTAL_MEMORY, "total-memory"),
            (&SYS_FREE_HDD, "free-hdd-space"),
            (&SYS_TOTAL_HDD, "total-hdd-space"),
            (&SYS_CPU_LOAD, "cpu-load"),
            (&SYS_CPU_COUNT, "cpu-count"),
            (&SYS_CPU_FREQUENCY, "cpu-frequency"),
        ] {
            push(
                &mut out,
                family,
                &labels,
                number(row, key).map(Value::Unsigned),
            );
        }
    }
    out
}

fn identity(rows: &[&Row]) -> Vec<Sample> {
    rows.iter()
        .filter_map(|row| text(row, "name"))
        .map(|name| info(&SYS_IDENTITY, vec![("name", name.to_string())]))
        .collect()
}

fn interfaces(rows: &[&Row]) -> Vec<Sample> {
    let mut out = Vec::with_capacity(rows.len() * 16);
    for row in rows {
        let Some(name) = text(row, "name") else {
            continue;
        };
        let labels: Labels = vec![("name", name.to_string())];
        let with = |key: &'static str, value: String| -> Labels {
            vec![("name", name.to_string()), (key, value)]
        };
        if let Some(comment) = text(row, "comment") {
            out.push(info(&IF_COMMENT, with("comment", comment.to_string())));
        }
        if let Some(kind) = text(row, "type") {
            out.push(info(&IF_TYPE, with("type", kind.to_string())));
        }
        if let Some(mac) = text(row, "mac-address") {
            out.push(info(&IF_MAC, with("mac_address", mac.to_string())));
        }
        push(
            &mut out,
            &IF_RUNNING,
            &labels,
            flag(row, "running").map(Value::Unsigned),
        );
        push(
            &mut out,
            &IF_DISABLED,
            &labels,
            flag(row, "disabled").map(Value::Unsigned),
        );
        for (family, key) in [
            (&IF_RX_BYTE, "rx-byte"),
            (&IF_TX_BYTE, "tx-byte"),
            (&IF_RX_PACKET, "rx-packet"),
            (&IF_TX_PACKET, "tx-packet"),
            (&IF_RX_ERROR, "rx-error"),
            (&IF_TX_ERROR, "tx-error"),
            (&IF_RX_DROP, "rx-drop"),
            (&IF_TX_DROP, "tx-drop"),
            (&LINK_DOWNS, "link-downs"),
            (&IF_MTU, "actual-mtu"),
        ] {
            push(
                &mut out,
                family,
                &labels,
                number(row, key).map(Value::Unsigned),
            );
        }
    }
    out
}

fn leases(rows: &[&Row]) -> Vec<Sample> {
    let mut out = Vec::new();
    let mut per_server: BTreeMap<String, u64> = BTreeMap::new();
    for row in rows {
        if text(row, "status") != Some("bound") {
            continue;
        }
        let server = owned(row, "server");
        *per_server.entry(server.clone()).or_default() += 1;
        let expires = text(row, "expires-after")
            .and_then(duration_seconds)
            .unwrap_or(0);
        out.push(Sample::new(
            &DHCP_LEASE,
            vec![
                ("active_address", owned(row, "active-address")),
                ("address", owned(row, "address")),
                ("mac_address", owned(row, "mac-address")),
                ("host_name", owned(row, "host-name")),
                ("comment", owned(row, "comment")),
                ("server", server),
                ("client_id", owned(row, "client-id")),
                ("active_mac_address", owned(row, "active-mac-address")),
            ],
            Value::Unsigned(expires),
        ));
    }
    for (server, count) in per_server {
        out.push(Sample::new(
            &DHCP_ACTIVE,
            vec![("server", server)],
            Value::Unsigned(count),
        ));
    }
    out
}

/// Addresses in a RouterOS pool's `ranges` (`a-b,c,d-e`), IPv4 only;
/// `None` when a range does not parse.
///
/// ```
/// use routerctl_exporter::routeros::pool_size;
/// assert_eq!(pool_size("192.168.88.10-192.168.88.254"), Some(245));
/// assert_eq!(pool_size("10.0.0.1,10.0.1.0/24"), Some(257));
/// assert_eq!(pool_size("10.0.0.9-10.0.0.1"), None);
/// ```
pub fn pool_size(ranges: &str) -> Option<u64> {
    let mut total = 0u64;
    for range in ranges.split(',').map(str::trim).filter(|r| !r.is_empty()) {
        let count = if let Some((a, b)) = range.split_once('-') {
            let a = u32::from(a.trim().parse::<std::net::Ipv4Addr>().ok()?);
            let b = u32::from(b.trim().parse::<std::net::Ipv4Addr>().ok()?);
            u64::from(b.checked_sub(a)?) + 1
        } else if let Some((_, len)) = range.split_once('/') {
            let len: u32 = len.parse().ok()?;
            if len > 32 {
                return None;
            }
            1u64 << (32 - len)
        } else {
            range.parse::<std::net::Ipv4Addr>().ok()?;
            1
        };
        total = total.checked_add(count)?;
    }
    Some(total)
}

fn pools(rows: &[&Row]) -> Vec<Sample> {
    rows.iter()
        .filter_map(|row| {
            let size = pool_size(text(row, "ranges")?)?;
            Some(Sample::new(
                &POOL_TOTAL,
                vec![("pool", owned(row, "name"))],
                Value::Unsigned(size),
            ))
        })
        .collect()
}

fn pool_used(rows: &[&Row]) -> Vec<Sample> {
    let mut per_pool: BTreeMap<String, u64> = BTreeMap::new();
    for row in rows {
        *per_pool.entry(owned(row, "pool")).or_default() += 1;
    }
    per_pool
        .into_iter()
        .map(|(pool, count)| Sample::new(&POOL_USED, vec![("pool", pool)], Value::Unsigned(count)))
        .collect()
}

/// The mktxp family of a `/system/health` entry name.
fn health_family(name: &str) -> Option<&'static Family> {
    Some(match name {
        "voltage" => &HEALTH_VOLTAGE,
        "temperature" => &HEALTH_TEMPERATURE,
        "phy-temperature" => &HEALTH_PHY_TEMPERATURE,
        "cpu-temperature" => &HEALTH_CPU_TEMPERATURE,
        "switch-temperature" => &HEALTH_SWITCH_TEMPERATURE,
        "fan1-speed" => &HEALTH_FAN1,
        "fan2-speed" => &HEALTH_FAN2,
        "power-consumption" => &HEALTH_POWER,
        "board-temperature1" => &HEALTH_BOARD_TEMPERATURE1,
        "board-temperature2" => &HEALTH_BOARD_TEMPERATURE2,
        "psu1-state" => &HEALTH_PSU1_STATE,
        "psu2-state" => &HEALTH_PSU2_STATE,
        "poe-out-consumption" => &HEALTH_POE_OUT,
        _ => return None,
    })
}

fn health(rows: &[&Row]) -> Vec<Sample> {
    let mut out = Vec::new();
    for row in rows {
        // RouterOS 7: one row per sensor (`name`, `value`, `type`).
        let Some(family) = text(row, "name").and_then(health_family) else {
            continue;
        };
        let value = match text(row, "value") {
            Some("ok") => Some(1.0),
            Some("fail") => Some(0.0),
            _ => float(row, "value"),
        };
        push(&mut out, family, &Vec::new(), value.map(Value::Float));
    }
    out
}

/// Route protocol flags RouterOS sets on `/ip/route` rows, as mktxp counts
/// them.
const ROUTE_PROTOCOLS: &[&str] = &["connect", "dynamic", "static", "bgp", "ospf"];

fn routes(rows: &[&Row]) -> Vec<Sample> {
    let mut out = vec![Sample::new(
        &ROUTES_TOTAL,
        Vec::new(),
        Value::Unsigned(rows.len() as u64),
    )];
    for protocol in ROUTE_PROTOCOLS {
        let count = rows.iter().filter(|r| flag(r, protocol) == Some(1)).count();
        out.push(Sample::new(
            &ROUTES_PROTOCOL,
            vec![("protocol", (*protocol).to_string())],
            Value::Unsigned(count as u64),
        ));
    }
    out
}

fn firewall(family: &'static Family, rows: &[&Row]) -> Vec<Sample> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if flag(row, "dynamic") == Some(1) || flag(row, "disabled") == Some(1) {
            continue;
        }
        let part = |key| text(row, key).unwrap_or(" ");
        let mut name = format!(
            "| {} | {} | {}",
            part("chain"),
            part("action"),
            part("comment")
        );
        for key in ["out-interface", "protocol"] {
            if let Some(extra) = text(row, key) {
                name.push_str(" | ");
                name.push_str(extra);
            }
        }
        out.push(Sample::new(
            family,
            vec![
                ("name", name),
                ("log", text(row, "log").unwrap_or("false").to_string()),
            ],
            Value::Unsigned(number(row, "bytes").unwrap_or(0)),
        ));
    }
    out
}

fn packages(rows: &[&Row]) -> Vec<Sample> {
    rows.iter()
        .map(|row| {
            info(
                &PACKAGES,
                vec![
                    ("name", owned(row, "name")),
                    ("version", owned(row, "version")),
                    ("build_time", owned(row, "build-time")),
                    ("disabled", owned(row, "disabled")),
                ],
            )
        })
        .collect()
}

fn active_users(rows: &[&Row]) -> Vec<Sample> {
    rows.iter()
        .map(|row| {
            Sample::new(
                &ACTIVE_USERS,
                vec![
                    ("name", owned(row, "name")),
                    ("when", owned(row, "when")),
                    ("address", owned(row, "address")),
                    ("via", owned(row, "via")),
                    ("group", owned(row, "group")),
                ],
                Value::Unsigned(1),
            )
        })
        .collect()
}

fn wifi_clients(rows: &[&Row]) -> Vec<Sample> {
    let mut out = Vec::new();
    let mut per_interface: BTreeMap<String, u64> = BTreeMap::new();
    for row in rows {
        let mac = owned(row, "mac-address");
        *per_interface.entry(owned(row, "interface")).or_default() += 1;
        // mktxp names clients by their DHCP host name; the registration
        // table has none, so the label stays empty here.
        let labels: Labels = vec![("dhcp_name", String::new()), ("mac_address", mac.clone())];
        push(
            &mut out,
            &WLAN_SIGNAL,
            &labels,
            text(row, "signal")
                .and_then(|s| s.trim().parse::<i64>().ok())
                .map(Value::Signed),
        );
        // `bytes` is `tx,rx` as seen from the access point.
        if let Some((tx, rx)) = text(row, "bytes").and_then(|b| b.split_once(',')) {
            push(
                &mut out,
                &WLAN_TX_BYTES,
                &labels,
                tx.parse().ok().map(Value::Unsigned),
            );
            push(
                &mut out,
                &WLAN_RX_BYTES,
                &labels,
                rx.parse().ok().map(Value::Unsigned),
            );
        }
        let uptime = text(row, "uptime").and_then(duration_seconds);
        push(&mut out, &WLAN_UPTIME, &labels, uptime.map(Value::Unsigned));
        out.push(info(
            &WLAN_DEVICES,
            vec![
                ("dhcp_name", String::new()),
                ("dhcp_address", String::new()),
                ("ssid", owned(row, "ssid")),
                ("interface", owned(row, "interface")),
                ("mac_address", mac),
                ("band", owned(row, "band")),
            ],
        ));
    }
    for (interface, count) in per_interface {
        out.push(Sample::new(
            &WLAN_REGISTERED,
            vec![("channel", interface)],
            Value::Unsigned(count),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Json {
        let path = format!(
            "{}/fixtures/routeros/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn find<'a>(samples: &'a [Sample], family: &Family, label: Option<(&str, &str)>) -> &'a Sample {
        samples
            .iter()
            .find(|s| {
                s.family == family
                    && label
                        .is_none_or(|(k, v)| s.labels.iter().any(|(lk, lv)| *lk == k && lv == v))
            })
            .unwrap_or_else(|| panic!("no {} {label:?} in {samples:#?}", family.name))
    }

    #[test]
    fn resource_gives_system_gauges_with_mktxp_labels() {
        let s = Menu::Resource.map(&fixture("system_resource"));
        let uptime = find(&s, &SYS_UPTIME, None);
        assert_eq!(uptime.value, Value::Unsigned(3854));
        let keys: Vec<&str> = uptime.labels.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["version", "board_name", "cpu", "architecture_name"]);
        assert_eq!(
            find(&s, &SYS_TOTAL_MEMORY, None).value,
            Value::Unsigned(1073741824)
        );
        assert_eq!(find(&s, &SYS_CPU_LOAD, None).value, Value::Unsigned(11));
        assert_eq!(s.len(), 8);
    }

    #[test]
    fn interface_rows_give_counters_state_and_info() {
        let s = Menu::Interface.map(&fixture("interface"));
        let rx = find(&s, &IF_RX_BYTE, Some(("name", "ether1")));
        assert_eq!(rx.value, Value::Unsigned(1298280799));
        assert_eq!(rx.labels, vec![("name", "ether1".to_string())]);
        assert_eq!(
            find(&s, &LINK_DOWNS, Some(("name", "ether1"))).value,
            Value::Unsigned(2)
        );
        assert_eq!(
            find(&s, &IF_RUNNING, Some(("name", "ether1"))).value,
            Value::Unsigned(1)
        );
        assert_eq!(
            find(&s, &IF_DISABLED, Some(("name", "ether1"))).value,
            Value::Unsigned(0)
        );
        let kind = find(&s, &IF_TYPE, Some(("name", "ether1")));
        assert!(kind.labels.contains(&("type", "ether".to_string())));
    }

    #[test]
    fn bound_leases_are_counted_per_server() {
        let s = Menu::DhcpLease.map(&fixture("ip_dhcp-server_lease"));
        let count = find(&s, &DHCP_ACTIVE, Some(("server", "defconf")));
        assert_eq!(count.value, Value::Unsigned(3));
        let lease = find(&s, &DHCP_LEASE, Some(("host_name", "Pixel-8")));
        assert!(matches!(lease.value, Value::Unsigned(n) if n > 0));
        assert_eq!(lease.labels.len(), 8);
    }

    #[test]
    fn pools_give_size_and_use() {
        let total = Menu::Pool.map(&fixture("ip_pool"));
        assert_eq!(
            find(&total, &POOL_TOTAL, Some(("pool", "default-dhcp"))).value,
            Value::Unsigned(245)
        );
        let used = Menu::PoolUsed.map(&fixture("ip_pool_used"));
        assert_eq!(
            find(&used, &POOL_USED, Some(("pool", "default-dhcp"))).value,
            Value::Unsigned(3)
        );
    }

    #[test]
    fn health_rows_map_by_sensor_name() {
        let s = Menu::Health.map(&fixture("system_health"));
        assert_eq!(
            find(&s, &HEALTH_CPU_TEMPERATURE, None).value,
            Value::Float(45.0)
        );
    }

    #[test]
    fn routes_are_counted_per_protocol() {
        let s = Menu::Route.map(&fixture("ip_route"));
        assert_eq!(find(&s, &ROUTES_TOTAL, None).value, Value::Unsigned(3));
        assert_eq!(
            find(&s, &ROUTES_PROTOCOL, Some(("protocol", "connect"))).value,
            Value::Unsigned(2)
        );
    }

    #[test]
    fn firewall_rules_are_named_like_mktxp() {
        let s = Menu::FirewallFilter.map(&fixture("ip_firewall_filter"));
        let rule = find(
            &s,
            &FW_FILTER,
            Some((
                "name",
                "| input | accept | defconf: accept established,related,untracked",
            )),
        );
        assert_eq!(rule.value, Value::Unsigned(141822889));
        assert_eq!(
            Menu::FirewallFilter.map(&Json::Array(Vec::new())),
            Vec::new()
        );
    }

    #[test]
    fn wifi_registrations_give_signal_and_bytes() {
        let s = Menu::WifiClients.map(&fixture("interface_wifi_registration-table"));
        let signal = find(&s, &WLAN_SIGNAL, Some(("mac_address", "90:85:60:C8:EB:68")));
        assert_eq!(signal.value, Value::Signed(-45));
        let tx = find(
            &s,
            &WLAN_TX_BYTES,
            Some(("mac_address", "90:85:60:C8:EB:68")),
        );
        assert_eq!(tx.value, Value::Unsigned(30661429));
        assert!(
            matches!(find(&s, &WLAN_REGISTERED, Some(("channel", "wifi1"))).value, Value::Unsigned(n) if n >= 2)
        );
    }

    #[test]
    fn identity_packages_and_users_are_info() {
        assert_eq!(Menu::Identity.map(&fixture("system_identity")).len(), 1);
        assert!(!Menu::Package.map(&fixture("system_package")).is_empty());
        assert!(!Menu::ActiveUsers.map(&fixture("user_active")).is_empty());
    }

    #[test]
    fn malformed_replies_give_no_samples() {
        for menu in Menu::ALL {
            for reply in [
                serde_json::json!("text"),
                serde_json::json!([1, null, "x"]),
                serde_json::json!([{"name": 5, "rx-byte": "-1", "uptime": "zz", "ranges": "1-2"}]),
            ] {
                // No panic, and no invented counter values.
                for s in menu.map(&reply) {
                    assert!(
                        !matches!(s.value, Value::Unsigned(n) if n > 1 && s.family != &ROUTES_TOTAL),
                        "{menu:?} {s:?}"
                    );
                }
            }
        }
    }
}
