//! Records to rows: the shared core of the table and CSV renderers.

use serde_json::{Map, Value};

use super::layout::Layout;
use super::payload::Payload;
use crate::runner::Outcome;

// Model field order, as in DESIGN.md "The neutral model". A field missing
// here still shows up (after these, alphabetically); the test
// `field_lists_cover_the_model` catches drift.
pub const FACTS: &[&str] = &[
    "vendor",
    "model",
    "serial_number",
    "os_version",
    "hostname",
    "uptime_seconds",
];
pub const INTERFACE: &[&str] = &[
    "name",
    "kind",
    "description",
    "is_enabled",
    "is_up",
    "mac_address",
    "mtu",
    "speed_mbps",
    "rx_bytes",
    "tx_bytes",
    "rx_packets",
    "tx_packets",
    "rx_errors",
    "tx_errors",
    "rx_drops",
    "tx_drops",
];
pub const WAN_LINK: &[&str] = &[
    "name",
    "kind",
    "is_up",
    "ip_address",
    "prefix_length",
    "gateway",
    "dns_servers",
    "uptime_seconds",
    "signal_dbm",
];
pub const CLIENT: &[&str] = &[
    "mac_address",
    "ip_address",
    "hostname",
    "interface",
    "is_wireless",
    "ssid",
    "band",
    "signal_dbm",
    "is_active",
];
pub const DHCP_LEASE: &[&str] = &[
    "mac_address",
    "ip_address",
    "hostname",
    "client_id",
    "server",
    "is_static",
    "status",
    "expires_in_seconds",
];
pub const WIFI_NETWORK: &[&str] = &[
    "radio",
    "ssid",
    "band",
    "channel",
    "is_enabled",
    "is_hidden",
    "security",
];
pub const CONFIG: &[&str] = &["format", "content"];

/// Records laid out as rows under one header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// Record columns (the router column is not included).
    pub columns: Vec<String>,
    /// `(router, cells)`; cells line up with `columns`.
    pub rows: Vec<(String, Vec<String>)>,
}

impl Sheet {
    /// Rows of every successful outcome, in order.
    ///
    /// Columns: `layout.columns` when given (`--columns`); else, for the
    /// neutral model's records, their field list — all of it when `fixed`
    /// (CSV: one header per command, whatever the data), only the fields
    /// some record has otherwise (tables); for vendor replies, every key
    /// of every record (nested ones flattened), in natural order.
    pub fn of(outcomes: &[Outcome<Payload>], layout: &Layout, fixed: bool) -> Self {
        let mut order: &[&str] = layout.fields;
        let mut per_router: Vec<(&str, Vec<Map<String, Value>>)> = Vec::new();
        for o in outcomes {
            if let Ok(payload) = &o.result {
                let (records, fields) = records(payload);
                if order.is_empty() {
                    order = fields;
                }
                per_router.push((&o.router, records));
            }
        }
        let columns: Vec<String> = if let Some(chosen) = &layout.columns {
            chosen.clone()
        } else {
            let mut columns: Vec<String> = order
                .iter()
                .filter(|f| {
                    fixed
                        || per_router
                            .iter()
                            .any(|(_, rs)| rs.iter().any(|r| r.contains_key(**f)))
                })
                .map(|f| f.to_string())
                .collect();
            let mut extras: Vec<&String> = per_router
                .iter()
                .flat_map(|(_, rs)| rs.iter().flat_map(|r| r.keys()))
                .filter(|k| !order.contains(&k.as_str()))
                .collect();
            extras.sort_by(|a, b| natural_cmp(a, b));
            extras.dedup();
            columns.extend(extras.into_iter().cloned());
            columns
        };

        let rows = per_router
            .into_iter()
            .flat_map(|(router, records)| {
                let columns = &columns;
                records.into_iter().map(move |r| {
                    let cells = columns
                        .iter()
                        .map(|c| r.get(c).map(cell).unwrap_or_default())
                        .collect();
                    (router.to_string(), cells)
                })
            })
            .collect();
        Self { columns, rows }
    }
}

/// Compare dotted keys piece by piece, numbers as numbers, so `wan.2.ip`
/// comes before `wan.10.ip`.
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    _ => x.cmp(y),
                };
                if order != std::cmp::Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// A payload as JSON objects, with the model's field order.
fn records(payload: &Payload) -> (Vec<Map<String, Value>>, &'static [&'static str]) {
    let fields = match payload {
        Payload::Facts(_) => FACTS,
        Payload::Interfaces(_) => INTERFACE,
        Payload::WanLinks(_) => WAN_LINK,
        Payload::Clients(_) => CLIENT,
        Payload::DhcpLeases(_) => DHCP_LEASE,
        Payload::WifiNetworks(_) => WIFI_NETWORK,
        Payload::Config(_) => CONFIG,
        Payload::Raw(_) => &[],
    };
    let value = serde_json::to_value(payload).unwrap_or(Value::Null);
    (objects(value), fields)
}

/// Objects of a JSON value: an array's items (nested arrays flattened),
/// anything else as one record (see [`record`]); null is no record.
fn objects(value: Value) -> Vec<Map<String, Value>> {
    match value {
        Value::Array(items) => items
            .into_iter()
            .flat_map(|v| match v {
                Value::Array(_) => objects(v),
                other => vec![record(other)],
            })
            .collect(),
        Value::Null => Vec::new(),
        other => vec![record(other)],
    }
}

/// A value as one record: an object flattened (see [`flatten_into`]), any
/// other value as `{"value": ...}` so nothing is dropped (also used by
/// `watch`).
pub fn record(value: Value) -> Map<String, Value> {
    let mut out = Map::new();
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                flatten_into(&mut out, k, v);
            }
        }
        other => {
            out.insert("value".into(), other);
        }
    }
    out
}

/// Nested objects become dotted keys (`device.model`), lists that hold
/// objects or lists are indexed (`wan.0.ip`); a list of plain values stays
/// one value (one comma-separated cell). Depth is bounded by the JSON
/// parser's own recursion limit.
fn flatten_into(out: &mut Map<String, Value>, key: String, value: Value) {
    match value {
        Value::Object(m) if !m.is_empty() => {
            for (k, v) in m {
                flatten_into(out, format!("{key}.{k}"), v);
            }
        }
        Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
            for (i, v) in items.into_iter().enumerate() {
                flatten_into(out, format!("{key}.{i}"), v);
            }
        }
        other => {
            out.insert(key, other);
        }
    }
}

/// One JSON value as a cell: strings bare, lists comma-separated, objects
/// (only left when empty after flattening) as compact JSON, null empty.
pub fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(","),
        Value::Object(_) => value.to_string(),
    }
}
