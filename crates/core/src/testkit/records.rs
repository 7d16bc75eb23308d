//! The model's invariants, checked on each record's JSON.
//!
//! The checks read the JSON a record serializes to, not its Rust fields:
//! the JSON is what `-o json` prints and what every consumer sees, and it
//! stays the same whether a field is a `String` or a typed value, so the
//! kit does not care how the model spells a field in Rust.
//!
//! Pure functions: records in, [`Violation`]s out.

use std::collections::HashMap;
use std::net::IpAddr;

use serde_json::{Map, Value};

use super::report::{Check, Violation};
use crate::vocab::{Band, InterfaceKind, Security, UnknownWord, is_canonical_mac};

/// Longest believable uptime, and longest believable WAN session: 100 years.
pub const MAX_UPTIME_SECONDS: u64 = 100 * 365 * 24 * 3600;
/// Fastest believable link: 1.6 Tbit/s.
pub const MAX_SPEED_MBPS: u64 = 1_600_000;
/// Smallest MTU IPv4 allows, and the largest any stack reports (Linux `lo`).
pub const MTU_RANGE: std::ops::RangeInclusive<u64> = 68..=65_536;
/// Received signal strength a radio can report, in dBm.
pub const SIGNAL_DBM_RANGE: std::ops::RangeInclusive<i64> = -150..=0;
/// A counter above this has wrapped a signed value or been invented.
pub const MAX_COUNTER: u64 = i64::MAX as u64;
/// DHCP lease times are 32-bit seconds, and `0xFFFFFFFF` means "infinite",
/// which the model spells as no expiry (`None`), not as a number.
pub const MAX_LEASE_SECONDS: u64 = u32::MAX as u64 - 1;
/// An SSID is at most 32 octets (IEEE 802.11).
pub const MAX_SSID_BYTES: usize = 32;

/// The neutral WAN kinds (see `WanKind`).
pub const WAN_KINDS: &[&str] = &["ethernet", "cellular", "wifi", "pppoe", "other"];

/// `Facts`: the vendor is the router's, optional texts are non-empty, the
/// uptime is believable.
pub fn facts(record: &Value, router_vendor: &str, out: &mut Vec<Violation>) {
    let Some(mut r) = Record::new("facts", record, out) else {
        return;
    };
    if let Some(vendor) = r.required_text("vendor")
        && vendor != router_vendor
    {
        r.push_as(
            Check::Identity,
            "vendor",
            format!(
                "facts say {} but router.vendor() is {router_vendor:?}",
                quoted(vendor)
            ),
        );
    }
    for field in ["model", "serial_number", "os_version", "hostname"] {
        r.text(field);
    }
    r.uint_in("uptime_seconds", 0..=MAX_UPTIME_SECONDS);
}

/// `Interface`s: names non-empty and unique, MAC canonical, MTU, speed and
/// counters believable, not up while disabled, no speed while down.
pub fn interfaces(records: &[Value], out: &mut Vec<Violation>) {
    let mut names = Names::default();
    for (i, record) in records.iter().enumerate() {
        let Some(mut r) = Record::new(format!("interfaces[{i}]"), record, out) else {
            continue;
        };
        if let Some(name) = r.required_text("name") {
            names.add(name, &r.subject);
        }
        r.word::<InterfaceKind>("kind");
        r.text("description");
        let enabled = r.boolean("is_enabled");
        let up = r.boolean("is_up");
        if enabled == Some(false) && up == Some(true) {
            r.push("is_up", "operationally up while administratively disabled");
        }
        r.mac("mac_address", false);
        r.uint_in("mtu", MTU_RANGE);
        if r.uint_in("speed_mbps", 1..=MAX_SPEED_MBPS).is_some() && up == Some(false) {
            r.push(
                "speed_mbps",
                "a link that is down has no negotiated speed (leave it absent)",
            );
        }
        let mut counters = HashMap::new();
        for field in [
            "rx_bytes",
            "tx_bytes",
            "rx_packets",
            "tx_packets",
            "rx_errors",
            "tx_errors",
            "rx_drops",
            "tx_drops",
        ] {
            if let Some(v) = r.uint_in(field, 0..=MAX_COUNTER) {
                counters.insert(field, v);
            }
        }
        for (packets, bytes) in [("rx_packets", "rx_bytes"), ("tx_packets", "tx_bytes")] {
            if let (Some(p), Some(b)) = (counters.get(packets), counters.get(bytes))
                && p > b
            {
                r.push(
                    packets,
                    format!("{p} packets but only {b} bytes: every packet has at least one byte"),
                );
            }
        }
    }
    names.report("interfaces", "name", out);
}

/// `WanLink`s: names non-empty and unique, kind one of the neutral kinds,
/// addresses parse, the prefix fits the address family, signal in range.
pub fn wan_links(records: &[Value], out: &mut Vec<Violation>) {
    let mut names = Names::default();
    for (i, record) in records.iter().enumerate() {
        let Some(mut r) = Record::new(format!("wan_links[{i}]"), record, out) else {
            continue;
        };
        if let Some(name) = r.required_text("name") {
            names.add(name, &r.subject);
        }
        if let Some(kind) = r.required_text("kind")
            && !WAN_KINDS.contains(&kind)
        {
            r.push(
                "kind",
                format!("{} is not one of {WAN_KINDS:?}", quoted(kind)),
            );
        }
        r.boolean("is_up");
        let address = r.ip("ip_address");
        if let Some(prefix) = r.uint_in("prefix_length", 0..=128) {
            match address {
                Some(IpAddr::V4(_)) if prefix > 32 => {
                    r.push("prefix_length", format!("/{prefix} on an IPv4 address"));
                }
                None if r.get("ip_address").is_none() => {
                    r.push("prefix_length", format!("/{prefix} without an ip_address"));
                }
                _ => {}
            }
        }
        r.ip("gateway");
        r.ip_list("dns_servers");
        r.uint_in("uptime_seconds", 0..=MAX_UPTIME_SECONDS);
        r.int_in("signal_dbm", SIGNAL_DBM_RANGE);
    }
    names.report("wan_links", "name", out);
}

/// `Client`s: MAC canonical and unique (it is the join key), addresses
/// parse, band spelled the neutral way, signal in range, wireless details
/// only on wireless clients.
pub fn clients(records: &[Value], out: &mut Vec<Violation>) {
    let mut macs = Names::default();
    for (i, record) in records.iter().enumerate() {
        let Some(mut r) = Record::new(format!("clients[{i}]"), record, out) else {
            continue;
        };
        if let Some(mac) = r.mac("mac_address", true) {
            macs.add(mac, &r.subject);
        }
        r.ip("ip_address");
        r.text("hostname");
        r.text("interface");
        let wireless = r.boolean("is_wireless");
        r.text("ssid");
        r.word::<Band>("band");
        r.int_in("signal_dbm", SIGNAL_DBM_RANGE);
        r.boolean("is_active");
        if wireless == Some(false) {
            for field in ["ssid", "band", "signal_dbm"] {
                if r.get(field).is_some() {
                    r.push(field, "set on a client that is_wireless=false");
                }
            }
        }
    }
    macs.report("clients", "mac_address", out);
}

/// `DhcpLease`s: MAC canonical, address parses, texts non-empty, expiry a
/// real DHCP lease time.
pub fn dhcp_leases(records: &[Value], out: &mut Vec<Violation>) {
    for (i, record) in records.iter().enumerate() {
        let Some(mut r) = Record::new(format!("dhcp_leases[{i}]"), record, out) else {
            continue;
        };
        r.mac("mac_address", true);
        r.ip("ip_address");
        for field in ["hostname", "client_id", "server", "status"] {
            r.text(field);
        }
        r.boolean("is_static");
        r.uint_in("expires_in_seconds", 0..=MAX_LEASE_SECONDS);
    }
}

/// Temperatures a working device can report, in degrees Celsius.
pub const CELSIUS_RANGE: std::ops::RangeInclusive<f64> = -60.0..=150.0;

/// `Resources`: load 0-100, at least one CPU, free never above total,
/// temperatures named and believable.
pub fn resources(record: &Value, out: &mut Vec<Violation>) {
    let Some(mut r) = Record::new("resources", record, out) else {
        return;
    };
    r.uint_in("cpu_load_percent", 0..=100);
    r.uint_in("cpu_count", 1..=4096);
    r.uint_in("cpu_frequency_mhz", 1..=100_000);
    for (total, free) in [
        ("memory_total_bytes", "memory_free_bytes"),
        ("disk_total_bytes", "disk_free_bytes"),
    ] {
        let t = r.uint_in(total, 1..=MAX_COUNTER);
        let f = r.uint_in(free, 0..=MAX_COUNTER);
        if let (Some(t), Some(f)) = (t, f)
            && f > t
        {
            r.push(free, format!("{f} is more than {total} {t}"));
        }
    }
    let Some(temps) = r.get("temperatures") else {
        return;
    };
    let Some(temps) = temps.as_array() else {
        r.push("temperatures", "not a list");
        return;
    };
    for (i, t) in temps.iter().enumerate() {
        let sensor = t.get("sensor").and_then(Value::as_str).unwrap_or("");
        if sensor.trim().is_empty() {
            r.push(&format!("temperatures[{i}].sensor"), "empty or missing");
        }
        match t.get("celsius").and_then(Value::as_f64) {
            Some(c) if CELSIUS_RANGE.contains(&c) => {}
            other => r.push(
                &format!("temperatures[{i}].celsius"),
                format!("{other:?} is not a believable temperature"),
            ),
        }
    }
}

/// `WifiNetwork`s: SSID non-empty and at most 32 octets, band spelled the
/// neutral way, channel valid (and valid for the band), security spelled.
pub fn wifi_networks(records: &[Value], out: &mut Vec<Violation>) {
    for (i, record) in records.iter().enumerate() {
        let Some(mut r) = Record::new(format!("wifi_networks[{i}]"), record, out) else {
            continue;
        };
        r.text("radio");
        if let Some(ssid) = r.required_text("ssid")
            && ssid.len() > MAX_SSID_BYTES
        {
            r.push(
                "ssid",
                format!("{} bytes, more than {MAX_SSID_BYTES}", ssid.len()),
            );
        }
        let band = r.word::<Band>("band");
        if let Some(channel) = r.uint_in("channel", 1..=233) {
            let range = match band {
                Some(Band::Ghz2_4) => 1..=14,
                Some(Band::Ghz5) => 32..=177,
                _ => 1..=233,
            };
            if let Some(band) = band
                && !range.contains(&channel)
            {
                r.push(
                    "channel",
                    format!("channel {channel} is not in the {band} band"),
                );
            }
        }
        r.boolean("is_enabled");
        r.boolean("is_hidden");
        r.word::<Security>("security");
    }
}

/// `Config`: `{"format":"text","content":"..."}` with some text, or
/// `{"format":"json","content":...}` with a value.
pub fn config(record: &Value, out: &mut Vec<Violation>) {
    let Some(mut r) = Record::new("config_get", record, out) else {
        return;
    };
    match r.required_text("format") {
        Some("text") => r.content("content"),
        Some("json") if r.get("content").is_none() => r.push("content", "missing or null"),
        Some("json") => {}
        Some(other) => r.push("format", format!("{other:?} is neither text nor json")),
        None => {}
    }
}

/// Longest value quoted in a violation; reports stay readable when a
/// driver puts a whole document where a name belongs.
const SHOWN_CHARS: usize = 60;

/// `text` quoted, cut after [`SHOWN_CHARS`] characters.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{:?}... ({} bytes)", &text[..end], text.len()),
        None => format!("{text:?}"),
    }
}

/// A JSON value as text, cut after [`SHOWN_CHARS`] characters.
fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => quoted(text),
        other => {
            let text = other.to_string();
            match text.char_indices().nth(SHOWN_CHARS) {
                Some((end, _)) => format!("{}... ({} bytes)", &text[..end], text.len()),
                None => text,
            }
        }
    }
}

/// Values seen under a key field, to report duplicates once per value.
#[derive(Default)]
struct Names {
    seen: Vec<(String, Vec<String>)>,
}

impl Names {
    fn add(&mut self, value: &str, subject: &str) {
        match self.seen.iter_mut().find(|(v, _)| v == value) {
            Some((_, subjects)) => subjects.push(subject.to_string()),
            None => self
                .seen
                .push((value.to_string(), vec![subject.to_string()])),
        }
    }

    fn report(&self, operation: &str, field: &str, out: &mut Vec<Violation>) {
        for (value, subjects) in &self.seen {
            if subjects.len() > 1 {
                out.push(Violation::new(
                    Check::Records,
                    format!("{operation}.{field}"),
                    format!("{value:?} is not unique: {}", subjects.join(", ")),
                ));
            }
        }
    }
}

/// One record's JSON object, and where to report what is wrong with it.
struct Record<'a> {
    subject: String,
    fields: &'a Map<String, Value>,
    out: &'a mut Vec<Violation>,
}

impl<'a> Record<'a> {
    /// `None` (after reporting) when the record is not a JSON object.
    fn new(
        subject: impl Into<String>,
        record: &'a Value,
        out: &'a mut Vec<Violation>,
    ) -> Option<Self> {
        let subject = subject.into();
        match record {
            Value::Object(fields) => Some(Self {
                subject,
                fields,
                out,
            }),
            other => {
                out.push(Violation::new(
                    Check::Records,
                    subject,
                    format!("serializes to {}, not a JSON object", shown(other)),
                ));
                None
            }
        }
    }

    fn push(&mut self, field: &str, detail: impl Into<String>) {
        self.push_as(Check::Records, field, detail);
    }

    fn push_as(&mut self, check: Check, field: &str, detail: impl Into<String>) {
        self.out.push(Violation::new(
            check,
            format!("{}.{field}", self.subject),
            detail,
        ));
    }

    /// The field's value; JSON `null` counts as absent.
    fn get(&self, field: &str) -> Option<&'a Value> {
        self.fields.get(field).filter(|v| !v.is_null())
    }

    /// An optional text: when present, a string with something in it and no
    /// padding (absent values are `None`, never `""`). `None` when absent or
    /// reported, so one bad value is reported once.
    fn text(&mut self, field: &str) -> Option<&'a str> {
        let value = self.get(field)?;
        let Some(text) = value.as_str() else {
            self.push(field, format!("{} is not a string", shown(value)));
            return None;
        };
        if text.trim().is_empty() {
            self.push(
                field,
                "present but empty (an absent value is left out, not \"\")",
            );
            return None;
        }
        if text.trim() != text {
            self.push(
                field,
                format!("{} has surrounding whitespace", quoted(text)),
            );
            return None;
        }
        Some(text)
    }

    /// A whole document: a string with something in it (a trailing newline
    /// is how text files end, so padding is fine here).
    fn content(&mut self, field: &str) {
        match self.get(field) {
            None => self.push(field, "missing"),
            Some(Value::String(text)) if text.trim().is_empty() => self.push(field, "empty"),
            Some(Value::String(_)) => {}
            Some(other) => self.push(field, format!("{} is not a string", shown(other))),
        }
    }

    fn required_text(&mut self, field: &str) -> Option<&'a str> {
        if self.get(field).is_none() {
            self.push(field, "missing");
            return None;
        }
        self.text(field)
    }

    fn boolean(&mut self, field: &str) -> Option<bool> {
        let value = self.get(field)?;
        let b = value.as_bool();
        if b.is_none() {
            self.push(field, format!("{} is not a boolean", shown(value)));
        }
        b
    }

    /// The number when it is an integer in `range`; reported otherwise.
    fn uint_in(&mut self, field: &str, range: std::ops::RangeInclusive<u64>) -> Option<u64> {
        let value = self.get(field)?;
        let Some(n) = value.as_u64() else {
            self.push(
                field,
                format!("{} is not a non-negative integer", shown(value)),
            );
            return None;
        };
        if !range.contains(&n) {
            self.push(
                field,
                format!("{n} is outside {}..={}", range.start(), range.end()),
            );
            return None;
        }
        Some(n)
    }

    fn int_in(&mut self, field: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
        let value = self.get(field)?;
        let Some(n) = value.as_i64() else {
            self.push(field, format!("{} is not an integer", shown(value)));
            return None;
        };
        if !range.contains(&n) {
            self.push(
                field,
                format!("{n} is outside {}..={}", range.start(), range.end()),
            );
            return None;
        }
        Some(n)
    }

    fn mac(&mut self, field: &str, required: bool) -> Option<&'a str> {
        let mac = if required {
            self.required_text(field)
        } else {
            self.text(field)
        }?;
        if !is_canonical_mac(mac) {
            self.push(
                field,
                format!(
                    "{} is not in the canonical AA:BB:CC:DD:EE:FF form",
                    quoted(mac)
                ),
            );
        }
        Some(mac)
    }

    /// A word of the neutral vocabulary ([`crate::vocab`]): its one
    /// spelling, which `FromStr` alone accepts.
    fn word<W: std::str::FromStr<Err = UnknownWord>>(&mut self, field: &str) -> Option<W> {
        let text = self.text(field)?;
        match text.parse::<W>() {
            Ok(word) => Some(word),
            Err(e) => {
                self.push(field, e.to_string());
                None
            }
        }
    }

    fn ip(&mut self, field: &str) -> Option<IpAddr> {
        let text = self.text(field)?;
        match text.parse::<IpAddr>() {
            Ok(ip) => Some(ip),
            Err(_) => {
                self.push(field, format!("{} is not an IP address", quoted(text)));
                None
            }
        }
    }

    fn ip_list(&mut self, field: &str) {
        let Some(value) = self.get(field) else {
            return;
        };
        let Some(items) = value.as_array() else {
            self.push(field, format!("{} is not a list", shown(value)));
            return;
        };
        for (i, item) in items.iter().enumerate() {
            if item
                .as_str()
                .and_then(|s| s.parse::<IpAddr>().ok())
                .is_none()
            {
                self.push(
                    &format!("{field}[{i}]"),
                    format!("{} is not an IP address", shown(item)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn subjects(out: &[Violation]) -> Vec<String> {
        out.iter().map(|v| v.subject.clone()).collect()
    }

    #[test]
    fn macs_must_be_canonical() {
        let mut out = Vec::new();
        let leases: Vec<Value> = ["AA:BB:CC:00:11:FF", "aa:bb:cc:00:11:ff", "AABB.CC00.11FF"]
            .iter()
            .map(|mac| json!({ "mac_address": mac }))
            .collect();
        dhcp_leases(&leases, &mut out);
        assert_eq!(
            subjects(&out),
            ["dhcp_leases[1].mac_address", "dhcp_leases[2].mac_address"]
        );
    }

    #[test]
    fn a_good_interface_passes() {
        let mut out = Vec::new();
        interfaces(
            &[json!({
                "name": "ether1", "kind": "ethernet", "is_enabled": true, "is_up": true,
                "mac_address": "AA:BB:CC:00:00:01", "mtu": 1500, "speed_mbps": 1000,
                "rx_bytes": 1000, "rx_packets": 10, "tx_bytes": 0, "tx_packets": 0
            })],
            &mut out,
        );
        assert_eq!(out, []);
    }

    #[test]
    fn a_down_link_has_no_speed() {
        let mut out = Vec::new();
        interfaces(
            &[
                json!({"name": "a", "is_up": false, "speed_mbps": 1000}),
                json!({"name": "b", "speed_mbps": 1000}),
            ],
            &mut out,
        );
        assert_eq!(subjects(&out), ["interfaces[0].speed_mbps"]);
    }

    #[test]
    fn prefix_must_fit_the_family_and_have_an_address() {
        let mut out = Vec::new();
        wan_links(
            &[
                json!({"name": "a", "kind": "ethernet", "ip_address": "2001:db8::1", "prefix_length": 64}),
                json!({"name": "b", "kind": "ethernet", "ip_address": "192.0.2.1", "prefix_length": 33}),
                json!({"name": "c", "kind": "ethernet", "prefix_length": 24}),
                json!({"name": "d", "kind": "ethernet", "ip_address": "192.0.2.1", "prefix_length": 129}),
            ],
            &mut out,
        );
        assert_eq!(
            subjects(&out),
            [
                "wan_links[1].prefix_length",
                "wan_links[2].prefix_length",
                "wan_links[3].prefix_length"
            ]
        );
    }

    #[test]
    fn channels_must_fit_the_band() {
        let mut out = Vec::new();
        wifi_networks(
            &[
                json!({"ssid": "a", "band": "2.4GHz", "channel": 6}),
                json!({"ssid": "b", "band": "2.4GHz", "channel": 36}),
                json!({"ssid": "c", "band": "6GHz", "channel": 233}),
                json!({"ssid": "d", "channel": 0}),
            ],
            &mut out,
        );
        assert_eq!(
            subjects(&out),
            ["wifi_networks[1].channel", "wifi_networks[3].channel"]
        );
    }

    #[test]
    fn vocabulary_spellings_are_checked() {
        let mut out = Vec::new();
        interfaces(&[json!({"name": "a", "kind": " ether"})], &mut out);
        clients(
            &[json!({"mac_address": "AA:BB:CC:00:00:01", "band": "5 GHz"})],
            &mut out,
        );
        wifi_networks(
            &[json!({"ssid": "x", "band": "5ghz", "security": ""})],
            &mut out,
        );
        wan_links(&[json!({"name": "w", "kind": "lte"})], &mut out);
        assert_eq!(
            subjects(&out),
            [
                "interfaces[0].kind",
                "clients[0].band",
                "wifi_networks[0].band",
                "wifi_networks[0].security",
                "wan_links[0].kind"
            ]
        );
    }

    #[test]
    fn long_values_are_cut_in_reports() {
        let mut out = Vec::new();
        let long = format!(" {}", "x".repeat(200));
        interfaces(&[json!({"name": long})], &mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].detail.len() < 120, "{}", out[0].detail);
        assert!(out[0].detail.contains("(201 bytes)"), "{}", out[0].detail);
    }

    #[test]
    fn a_text_config_may_end_in_a_newline_but_not_be_blank() {
        let mut out = Vec::new();
        config(&json!({"format": "text", "content": "/x\n"}), &mut out);
        assert_eq!(out, []);
        config(&json!({"format": "text", "content": " \n"}), &mut out);
        config(&json!({"format": "json", "content": null}), &mut out);
        config(&json!({"format": "xml", "content": "<x/>"}), &mut out);
        assert_eq!(
            subjects(&out),
            [
                "config_get.content",
                "config_get.content",
                "config_get.format"
            ]
        );
    }

    #[test]
    fn resources_must_add_up() {
        let mut out = Vec::new();
        resources(
            &json!({"cpu_load_percent": 12, "cpu_count": 4, "memory_total_bytes": 100, "memory_free_bytes": 40,
                    "temperatures": [{"sensor": "cpu", "celsius": 46.5}]}),
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
        resources(
            &json!({"cpu_load_percent": 140, "cpu_count": 0, "disk_total_bytes": 10, "disk_free_bytes": 11,
                    "temperatures": [{"sensor": "", "celsius": 900.0}]}),
            &mut out,
        );
        let subjects = subjects(&out);
        for field in [
            "cpu_load_percent",
            "cpu_count",
            "disk_free_bytes",
            "temperatures[0].sensor",
            "temperatures[0].celsius",
        ] {
            assert!(
                subjects.iter().any(|s| s.ends_with(field)),
                "{field}: {subjects:?}"
            );
        }
    }

    #[test]
    fn non_objects_are_reported() {
        let mut out = Vec::new();
        dhcp_leases(&[json!("x")], &mut out);
        config(&json!(null), &mut out);
        assert_eq!(subjects(&out), ["dhcp_leases[0]", "config_get"]);
    }
}
