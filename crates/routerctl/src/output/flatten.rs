//! Records to rows: the shared core of the table and CSV renderers.

use serde_json::{Map, Value};

use super::payload::Payload;
use crate::runner::Outcome;

// Model field order, as in DESIGN.md "The neutral model". A field missing
// here still shows up (after these, alphabetically); the test
// `field_lists_cover_the_model` catches drift.
pub(super) const FACTS: &[&str] = &[
    "vendor",
    "model",
    "serial_number",
    "os_version",
    "hostname",
    "uptime_seconds",
];
pub(super) const INTERFACE: &[&str] = &[
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
pub(super) const WAN_LINK: &[&str] = &[
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
pub(super) const CLIENT: &[&str] = &[
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
pub(super) const DHCP_LEASE: &[&str] = &[
    "mac_address",
    "ip_address",
    "hostname",
    "client_id",
    "server",
    "is_static",
    "status",
    "expires_in_seconds",
];
pub(super) const WIFI_NETWORK: &[&str] = &[
    "radio",
    "ssid",
    "band",
    "channel",
    "is_enabled",
    "is_hidden",
    "security",
];
pub(super) const CONFIG: &[&str] = &["format", "content"];

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
    pub fn of(outcomes: &[Outcome<Payload>]) -> Self {
        let mut order: &[&str] = &[];
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
        let mut columns: Vec<String> = order
            .iter()
            .filter(|f| {
                per_router
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
        extras.sort();
        extras.dedup();
        columns.extend(extras.into_iter().cloned());

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

/// A value as one record: an object as it is, any other value as
/// `{"value": ...}` so nothing is dropped (also used by `watch`).
pub fn record(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        other => {
            let mut m = Map::new();
            m.insert("value".into(), other);
            m
        }
    }
}

/// One JSON value as a cell: strings bare, lists comma-separated, objects
/// as compact JSON, null empty.
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
