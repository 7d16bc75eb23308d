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
    /// `/interface/vlan`.
    Vlan,
    /// `/queue/simple`.
    QueueSimple,
    /// `/queue/tree`.
    QueueTree,
    /// `/tool/netwatch`.
    Netwatch,
    /// `/ip/neighbor`.
    Neighbor,
    /// `/ip/cloud`: the public address.
    Cloud,
    /// `/ip/firewall/connection print count-only`.
    ConnectionsV4,
    /// `/ipv6/firewall/connection print count-only`.
    ConnectionsV6,
    /// `/interface/ethernet/poe`; its monitor follows (see [`poe`]).
    Poe,
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
        Menu::Vlan,
        Menu::QueueSimple,
        Menu::QueueTree,
        Menu::Netwatch,
        Menu::Neighbor,
        Menu::Cloud,
        Menu::ConnectionsV4,
        Menu::ConnectionsV6,
        Menu::Poe,
    ];

    /// The command words sent for this menu.
    pub fn words(self) -> &'static [&'static str] {
        match self {
            Menu::Resource => &["/system/resource/print"],
            Menu::Identity => &["/system/identity/print"],
            Menu::Interface => &["/interface/print"],
            Menu::DhcpLease => &["/ip/dhcp-server/lease/print"],
            Menu::Pool => &["/ip/pool/print"],
            Menu::PoolUsed => &["/ip/pool/used/print"],
            Menu::Health => &["/system/health/print"],
            Menu::Route => &["/ip/route/print"],
            Menu::FirewallFilter => &["/ip/firewall/filter/print"],
            Menu::FirewallNat => &["/ip/firewall/nat/print"],
            Menu::FirewallMangle => &["/ip/firewall/mangle/print"],
            Menu::FirewallRaw => &["/ip/firewall/raw/print"],
            Menu::Package => &["/system/package/print"],
            Menu::ActiveUsers => &["/user/active/print"],
            Menu::WifiClients => &["/interface/wifi/registration-table/print"],
            Menu::Vlan => &["/interface/vlan/print"],
            Menu::QueueSimple => &["/queue/simple/print"],
            Menu::QueueTree => &["/queue/tree/print"],
            Menu::Netwatch => &["/tool/netwatch/print"],
            Menu::Neighbor => &["/ip/neighbor/print"],
            Menu::Cloud => &["/ip/cloud/print"],
            Menu::ConnectionsV4 => &["/ip/firewall/connection/print", "=count-only="],
            Menu::ConnectionsV6 => &["/ipv6/firewall/connection/print", "=count-only="],
            Menu::Poe => &["/interface/ethernet/poe/print"],
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
            Menu::Vlan => vlans(&rows),
            Menu::QueueSimple => simple_queues(&rows),
            Menu::QueueTree => queue_tree(&rows),
            Menu::Netwatch => netwatch(&rows),
            Menu::Neighbor => neighbors(&rows),
            Menu::Cloud => cloud(&rows),
            Menu::ConnectionsV4 => connections(&CONNECTIONS_V4, &rows),
            Menu::ConnectionsV6 => connections(&CONNECTIONS_V6, &rows),
            Menu::Poe => poe(reply, None),
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
        if let Some(default) = text(row, "default-name") {
            out.push(info(
                &IF_DEFAULT_NAME,
                with("default_name", default.to_string()),
            ));
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

/// RouterOS date-times (`2026-11-29 15:45:13` on 7.x, `nov/29/2026
/// 15:45:13` on 6.x), read as UTC, in Unix seconds.
///
/// ```
/// use routerctl_exporter::routeros::unix_time;
/// assert_eq!(unix_time("1970-01-02 00:00:01"), Some(86401));
/// assert_eq!(unix_time("2026-11-29 15:45:13"), Some(1795967113));
/// assert_eq!(unix_time("nov/29/2026 15:45:13"), Some(1795967113));
/// assert_eq!(unix_time("2026-13-01 00:00:00"), None);
/// assert_eq!(unix_time("yesterday"), None);
/// ```
pub fn unix_time(text: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let (date, time) = text.trim().split_once(' ')?;
    let (year, month, day): (i64, i64, i64) = if let Some((m, rest)) = date.split_once('/') {
        let (d, y) = rest.split_once('/')?;
        let month = MONTHS.iter().position(|n| n.eq_ignore_ascii_case(m))? as i64 + 1;
        (y.parse().ok()?, month, d.parse().ok()?)
    } else {
        let mut parts = date.split('-');
        let y = parts.next()?.parse().ok()?;
        let m = parts.next()?.parse().ok()?;
        let d = parts.next()?.parse().ok()?;
        (y, m, d)
    };
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi, s) = (hms.next()??, hms.next()??, hms.next()??);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    // Days from 1970-01-01 to the civil date (proleptic Gregorian).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + h * 3600 + mi * 60 + s).ok()
}

fn active_users(rows: &[&Row]) -> Vec<Sample> {
    rows.iter()
        .map(|row| {
            // mktxp's value is the login time; one series per session.
            let when = text(row, "when").and_then(unix_time).unwrap_or(0);
            Sample::new(
                &ACTIVE_USERS,
                vec![
                    ("name", owned(row, "name")),
                    ("address", owned(row, "address")),
                    ("via", owned(row, "via")),
                    ("group", owned(row, "group")),
                ],
                Value::Unsigned(when),
            )
        })
        .collect()
}

fn vlans(rows: &[&Row]) -> Vec<Sample> {
    rows.iter()
        .filter_map(|row| {
            Some(info(
                &IF_VLAN,
                vec![
                    ("name", text(row, "name")?.to_string()),
                    ("vlan_id", owned(row, "vlan-id")),
                    ("interface", owned(row, "interface")),
                ],
            ))
        })
        .collect()
}

/// The two halves of a RouterOS `upload/download` pair as numbers.
fn pair(row: &Row, key: &str) -> (Option<u64>, Option<u64>) {
    match text(row, key).and_then(|t| t.split_once('/')) {
        Some((up, down)) => (up.trim().parse().ok(), down.trim().parse().ok()),
        None => (None, None),
    }
}

fn simple_queues(rows: &[&Row]) -> Vec<Sample> {
    let mut out = Vec::new();
    for row in rows {
        let Some(name) = text(row, "name") else {
            continue;
        };
        let labels: Labels = vec![("name", name.to_string())];
        for (key, up, down) in [
            ("rate", &QS_RATES_UP, &QS_RATES_DOWN),
            ("bytes", &QS_BYTES_UP, &QS_BYTES_DOWN),
            ("queued-bytes", &QS_QUEUED_UP, &QS_QUEUED_DOWN),
            ("dropped", &QS_DROPPED_UP, &QS_DROPPED_DOWN),
        ] {
            let (u, d) = pair(row, key);
            push(&mut out, up, &labels, u.map(Value::Unsigned));
            push(&mut out, down, &labels, d.map(Value::Unsigned));
        }
    }
    out
}

fn queue_tree(rows: &[&Row]) -> Vec<Sample> {
    let mut out = Vec::new();
    for row in rows {
        let Some(name) = text(row, "name") else {
            continue;
        };
        let labels: Labels = vec![("name", name.to_string())];
        for (family, key) in [
            (&QT_RATES, "rate"),
            (&QT_BYTES, "bytes"),
            (&QT_QUEUED, "queued-bytes"),
            (&QT_DROPPED, "dropped"),
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

/// RouterOS short durations (`24ms320us`, `1s`, `3ms`) in milliseconds.
///
/// ```
/// use routerctl_exporter::routeros::duration_ms;
/// assert_eq!(duration_ms("24ms320us"), Some(24.32));
/// assert_eq!(duration_ms("1s5ms"), Some(1005.0));
/// assert_eq!(duration_ms("0ms"), Some(0.0));
/// assert_eq!(duration_ms("x"), None);
/// ```
pub fn duration_ms(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut total = 0.0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest.get(..digits)?.parse().ok()?;
        rest = rest.get(digits..)?;
        let (factor, unit_len) = if rest.starts_with("ms") {
            (1.0, 2)
        } else if rest.starts_with("us") {
            (0.001, 2)
        } else if rest.starts_with("ns") {
            (0.000_001, 2)
        } else if rest.starts_with('s') {
            (1000.0, 1)
        } else if rest.starts_with('m') {
            (60_000.0, 1)
        } else if rest.starts_with('h') {
            (3_600_000.0, 1)
        } else {
            return None;
        };
        total += number * factor;
        rest = rest.get(unit_len..)?;
    }
    Some((total * 1000.0).round() / 1000.0)
}

fn netwatch(rows: &[&Row]) -> Vec<Sample> {
    let mut out = Vec::new();
    for row in rows {
        if flag(row, "disabled") == Some(1) {
            continue;
        }
        let Some(name) = text(row, "name").or_else(|| text(row, "host")) else {
            continue;
        };
        let kind = text(row, "type").unwrap_or("simple");
        out.push(info(
            &NETWATCH,
            vec![
                ("host", owned(row, "host")),
                ("timeout", owned(row, "timeout")),
                ("interval", owned(row, "interval")),
                ("since", owned(row, "since")),
                ("status", owned(row, "status")),
                ("comment", owned(row, "comment")),
                ("name", name.to_string()),
            ],
        ));
        let labels: Labels = vec![("name", name.to_string()), ("type", kind.to_string())];
        let up = u64::from(text(row, "status") == Some("up"));
        out.push(Sample::new(
            &NETWATCH_STATUS,
            labels.clone(),
            Value::Unsigned(up),
        ));
        push(
            &mut out,
            &NETWATCH_DONE,
            &labels,
            number(row, "done-tests").map(Value::Unsigned),
        );
        push(
            &mut out,
            &NETWATCH_FAILED,
            &labels,
            number(row, "failed-tests").map(Value::Unsigned),
        );
        let ms = |key| text(row, key).and_then(duration_ms).map(Value::Float);
        match kind {
            "icmp" => {
                push(
                    &mut out,
                    &NETWATCH_LOSS_COUNT,
                    &labels,
                    number(row, "loss-count").map(Value::Unsigned),
                );
                push(
                    &mut out,
                    &NETWATCH_LOSS_PERCENT,
                    &labels,
                    float(row, "loss-percent").map(Value::Float),
                );
                for (family, key) in [
                    (&NETWATCH_RTT_AVG, "rtt-avg"),
                    (&NETWATCH_RTT_MIN, "rtt-min"),
                    (&NETWATCH_RTT_MAX, "rtt-max"),
                    (&NETWATCH_RTT_JITTER, "rtt-jitter"),
                    (&NETWATCH_RTT_STDEV, "rtt-stdev"),
                ] {
                    push(&mut out, family, &labels, ms(key));
                }
            }
            "tcp-conn" => push(
                &mut out,
                &NETWATCH_TCP_CONNECT,
                &labels,
                ms("tcp-connect-time"),
            ),
            "http-get" | "https-get" => {
                push(
                    &mut out,
                    &NETWATCH_HTTP_STATUS,
                    &labels,
                    number(row, "http-status-code").map(Value::Unsigned),
                );
                push(&mut out, &NETWATCH_HTTP_RESP, &labels, ms("http-resp-time"));
                push(
                    &mut out,
                    &NETWATCH_TCP_CONNECT,
                    &labels,
                    ms("tcp-connect-time"),
                );
            }
            _ => {}
        }
    }
    out
}

fn neighbors(rows: &[&Row]) -> Vec<Sample> {
    rows.iter()
        .filter_map(|row| {
            let address = text(row, "address4").or_else(|| text(row, "address"))?;
            // IPv4 neighbors only, as mktxp's default collector.
            address.parse::<std::net::Ipv4Addr>().ok()?;
            Some(info(
                &NEIGHBOR,
                vec![
                    ("address", address.to_string()),
                    ("identity", owned(row, "identity")),
                    ("interface", owned(row, "interface")),
                    ("mac_address", owned(row, "mac-address")),
                ],
            ))
        })
        .collect()
}

fn cloud(rows: &[&Row]) -> Vec<Sample> {
    rows.iter()
        .take(1)
        .map(|row| {
            info(
                &PUBLIC_IP,
                vec![
                    ("dns_name", owned(row, "dns-name")),
                    ("public_address", owned(row, "public-address")),
                    ("public_address_ipv6", owned(row, "public-address-ipv6")),
                ],
            )
        })
        .collect()
}

fn connections(family: &'static Family, rows: &[&Row]) -> Vec<Sample> {
    rows.iter()
        .take(1)
        .filter_map(|row| number(row, "ret"))
        .map(|count| Sample::new(family, Vec::new(), Value::Unsigned(count)))
        .collect()
}

/// `mktxp_ip_connections_total`: the IPv4 and IPv6 counts of `samples`
/// added up, when there is either.
pub fn connections_total(samples: &[Sample]) -> Option<Sample> {
    let counts: Vec<u64> = samples
        .iter()
        .filter(|s| s.family == &CONNECTIONS_V4 || s.family == &CONNECTIONS_V6)
        .filter_map(|s| match s.value {
            Value::Unsigned(n) => Some(n),
            _ => None,
        })
        .collect();
    (!counts.is_empty()).then(|| {
        Sample::new(
            &CONNECTIONS,
            Vec::new(),
            Value::Unsigned(counts.iter().fold(0u64, |a, b| a.saturating_add(*b))),
        )
    })
}

/// The `/interface/ethernet/monitor` command for the running ethernet
/// ports of an `/interface/print` reply, as mktxp's monitor collector
/// reads them; `None` when there are none.
pub fn monitor_words(interfaces: &Json) -> Option<Vec<String>> {
    let names: Vec<&str> = rows(interfaces)
        .into_iter()
        .filter(|r| text(r, "type") == Some("ether") && flag(r, "running") == Some(1))
        .filter_map(|r| text(r, "name"))
        .filter(|n| !n.contains(','))
        .collect();
    if names.is_empty() {
        return None;
    }
    Some(vec![
        "/interface/ethernet/monitor".to_string(),
        format!("=numbers={}", names.join(",")),
        "=once=".to_string(),
    ])
}

/// The `/interface/ethernet/poe/monitor` command for the ports of a
/// `/interface/ethernet/poe/print` reply; `None` when there are none.
pub fn poe_monitor_words(poe_ports: &Json) -> Option<Vec<String>> {
    let names: Vec<&str> = rows(poe_ports)
        .into_iter()
        .filter_map(|r| text(r, "name"))
        .filter(|n| !n.contains(','))
        .collect();
    if names.is_empty() {
        return None;
    }
    Some(vec![
        "/interface/ethernet/poe/monitor".to_string(),
        format!("=numbers={}", names.join(",")),
        "=once=".to_string(),
    ])
}

/// PoE ports from the settings (`print`) and, when read, the `monitor`
/// reply (status, voltage, current, power), joined by port name.
pub fn poe(ports: &Json, monitor: Option<&Json>) -> Vec<Sample> {
    let monitored: Vec<&Row> = monitor.map(rows).unwrap_or_default();
    let mut out = Vec::new();
    for row in rows(ports) {
        let Some(name) = text(row, "name") else {
            continue;
        };
        let live = monitored.iter().find(|m| text(m, "name") == Some(name));
        out.push(info(
            &POE,
            vec![
                ("name", name.to_string()),
                ("poe_out", owned(row, "poe-out")),
                (
                    "poe_out_status",
                    live.map(|m| owned(m, "poe-out-status")).unwrap_or_default(),
                ),
                ("poe_priority", owned(row, "poe-priority")),
                ("poe_voltage", owned(row, "poe-voltage")),
            ],
        ));
        let Some(live) = live else {
            continue;
        };
        let labels: Labels = vec![("name", name.to_string())];
        for (family, key) in [
            (&POE_VOLTAGE, "poe-out-voltage"),
            (&POE_CURRENT, "poe-out-current"),
            (&POE_POWER, "poe-out-power"),
        ] {
            push(
                &mut out,
                family,
                &labels,
                float(live, key).map(Value::Float),
            );
        }
    }
    out
}

/// A link rate in Mbit/s (`1Gbps` -> 1000, `100Mbps` -> 100).
fn rate_mbps(text: &str) -> Option<u64> {
    rate_bps(text).map(|bps| bps / 1_000_000)
}

/// Link status, rate and duplex from an `/interface/ethernet/monitor`
/// reply.
pub fn monitor(reply: &Json) -> Vec<Sample> {
    let mut out = Vec::new();
    for row in rows(reply) {
        let Some(name) = text(row, "name") else {
            continue;
        };
        let labels: Labels = vec![("name", name.to_string())];
        if let Some(status) = text(row, "status") {
            let up = u64::from(status == "link-ok");
            out.push(Sample::new(&IF_STATUS, labels.clone(), Value::Unsigned(up)));
        }
        let rate = text(row, "rate").and_then(rate_mbps);
        push(&mut out, &IF_RATE, &labels, rate.map(Value::Unsigned));
        push(
            &mut out,
            &IF_FULL_DUPLEX,
            &labels,
            flag(row, "full-duplex").map(Value::Unsigned),
        );
    }
    out
}

/// A registration's rate text (`1.2Gbps-80MHz/2S/MCS11`, `54Mbps`,
/// `866.7Mbps-80MHz/2S/SGI`) in bit/s.
///
/// ```
/// use routerctl_exporter::routeros::rate_bps;
/// assert_eq!(rate_bps("1.2Gbps-80MHz/2S/MCS11"), Some(1_200_000_000));
/// assert_eq!(rate_bps("54Mbps"), Some(54_000_000));
/// assert_eq!(rate_bps("6.5kbps"), Some(6_500));
/// assert_eq!(rate_bps("fast"), None);
/// ```
pub fn rate_bps(text: &str) -> Option<u64> {
    let head = text.split(['-', '/']).next()?.trim();
    let digits = head
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(head.len());
    let number: f64 = head.get(..digits)?.parse().ok()?;
    let factor = match head.get(digits..)?.to_ascii_lowercase().as_str() {
        "gbps" => 1e9,
        "mbps" => 1e6,
        "kbps" => 1e3,
        "bps" => 1.0,
        _ => return None,
    };
    let bps = (number * factor).round();
    (bps.is_finite() && bps >= 0.0).then_some(bps as u64)
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
        for (family, key) in [(&WLAN_TX_RATE, "tx-rate"), (&WLAN_RX_RATE, "rx-rate")] {
            let rate = text(row, key).and_then(rate_bps);
            push(&mut out, family, &labels, rate.map(Value::Unsigned));
        }
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
        let rate = find(
            &s,
            &WLAN_TX_RATE,
            Some(("mac_address", "90:85:60:C8:EB:68")),
        );
        assert_eq!(rate.value, Value::Unsigned(1_200_000_000));
    }

    #[test]
    fn identity_packages_and_users_are_info() {
        assert_eq!(Menu::Identity.map(&fixture("system_identity")).len(), 1);
        assert!(!Menu::Package.map(&fixture("system_package")).is_empty());
        let users = Menu::ActiveUsers.map(&fixture("user_active"));
        let user = find(&users, &ACTIVE_USERS, Some(("name", "admin")));
        let keys: Vec<&str> = user.labels.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["name", "address", "via", "group"]);
        assert!(matches!(user.value, Value::Unsigned(t) if t > 1_700_000_000));
    }

    #[test]
    fn interfaces_carry_default_names_and_vlans_their_ids() {
        let s = Menu::Interface.map(&fixture("interface"));
        let d = find(&s, &IF_DEFAULT_NAME, Some(("name", "ether1")));
        assert!(d.labels.contains(&("default_name", "ether1".to_string())));
        let reply = serde_json::json!([{"name": "vlan10", "vlan-id": "10", "interface": "bridge"}]);
        let v = Menu::Vlan.map(&reply);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].family.exposed_name(), "mktxp_interface_vlan_info_info");
        assert!(v[0].labels.contains(&("vlan_id", "10".to_string())));
    }

    #[test]
    fn queues_split_upload_and_download() {
        let s = Menu::QueueSimple.map(&fixture("queue_simple"));
        let up = find(&s, &QS_BYTES_UP, Some(("name", "q1")));
        assert_eq!(up.value, Value::Unsigned(140903));
        let down = find(&s, &QS_BYTES_DOWN, Some(("name", "q1")));
        assert_eq!(down.value, Value::Unsigned(31871));
        assert_eq!(
            QS_QUEUED_DOWN.exposed_name(),
            "mktxp_queue_simple_queued_bytes_downloadd_total"
        );
        let t =
            Menu::QueueTree.map(&serde_json::json!([{"name": "t1", "bytes": "77", "rate": "8"}]));
        assert_eq!(
            find(&t, &QT_BYTES, Some(("name", "t1"))).value,
            Value::Unsigned(77)
        );
    }

    #[test]
    fn netwatch_probes_give_status_and_round_trips() {
        let s = Menu::Netwatch.map(&fixture("tool_netwatch"));
        let up = find(&s, &NETWATCH_STATUS, Some(("name", "1.1.1.1")));
        assert_eq!(up.value, Value::Unsigned(1));
        assert!(up.labels.contains(&("type", "icmp".to_string())));
        assert_eq!(
            find(&s, &NETWATCH_RTT_AVG, Some(("name", "1.1.1.1"))).value,
            Value::Float(24.32)
        );
        let unknown = find(&s, &NETWATCH_STATUS, Some(("name", "192.0.2.1")));
        assert_eq!(unknown.value, Value::Unsigned(0));
        let info = find(&s, &NETWATCH, Some(("name", "1.1.1.1")));
        assert_eq!(info.labels.len(), 7);
    }

    #[test]
    fn neighbors_cloud_and_connections() {
        let n = Menu::Neighbor.map(&fixture("ip_neighbor"));
        assert!(
            find(&n, &NEIGHBOR, Some(("identity", "isp-cpe")))
                .labels
                .contains(&("interface", "ether1".to_string()))
        );
        let c = Menu::Cloud.map(&fixture("ip_cloud"));
        assert!(
            find(&c, &PUBLIC_IP, None)
                .labels
                .contains(&("public_address", "198.51.100.52".to_string()))
        );
        let mut counts = Menu::ConnectionsV4.map(&serde_json::json!({"ret": "42"}));
        counts.extend(Menu::ConnectionsV6.map(&serde_json::json!({"ret": "8"})));
        assert_eq!(
            connections_total(&counts).unwrap().value,
            Value::Unsigned(50)
        );
        assert_eq!(connections_total(&[]), None);
    }

    #[test]
    fn running_ethernet_ports_are_monitored_at_once() {
        let words = monitor_words(&fixture("interface")).unwrap();
        assert_eq!(words[0], "/interface/ethernet/monitor");
        assert!(words[1].starts_with("=numbers=ether1,"), "{words:?}");
        assert_eq!(monitor_words(&serde_json::json!([])), None);
        let reply = serde_json::json!([
            {"name": "ether1", "status": "link-ok", "rate": "1Gbps", "full-duplex": "true"},
            {"name": "ether2", "status": "no-link"}
        ]);
        let s = monitor(&reply);
        assert_eq!(
            find(&s, &IF_RATE, Some(("name", "ether1"))).value,
            Value::Unsigned(1000)
        );
        assert_eq!(
            find(&s, &IF_STATUS, Some(("name", "ether2"))).value,
            Value::Unsigned(0)
        );
        assert_eq!(
            find(&s, &IF_FULL_DUPLEX, Some(("name", "ether1"))).value,
            Value::Unsigned(1)
        );
    }

    #[test]
    fn poe_ports_join_their_monitor() {
        let ports = fixture("interface_ethernet_poe");
        let words = poe_monitor_words(&ports).unwrap();
        assert_eq!(words[1], "=numbers=ether1");
        let monitor = serde_json::json!([{"name": "ether1", "poe-out-status": "powered-on",
            "poe-out-voltage": "23.9", "poe-out-current": "120", "poe-out-power": "2.8"}]);
        let s = poe(&ports, Some(&monitor));
        let i = find(&s, &POE, Some(("name", "ether1")));
        assert!(
            i.labels
                .contains(&("poe_out_status", "powered-on".to_string()))
        );
        assert_eq!(
            find(&s, &POE_POWER, Some(("name", "ether1"))).value,
            Value::Float(2.8)
        );
        assert_eq!(
            poe(&ports, None).len(),
            1,
            "settings alone give the info only"
        );
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
