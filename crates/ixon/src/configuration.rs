//! The object inside `ixon.ui.configuration get` / `set`, **as routerctl
//! defines it**, with the checks `set` applies.
//!
//! IXON has not published this shape. Field names follow IXON's cloud API
//! (`ipAddress`, `netMask`, `dhcpServerEnabled`, `wlanSsid`,
//! `multiwanPolicy`, `cellularApn`, ...) grouped in sections `lan`, `wan`,
//! `wlan`, `cellular`, `firewall` and `proxy`. One [`SHAPE`] serves both
//! sides: the simulator validates `set` against it, and tests check that
//! what `get` returns fits it.
//!
//! `set` semantics (ours): sections and fields may be left out and keep
//! their value; lists (`dnsServers`, `portForwards`, ...) are replaced
//! whole and their items must be complete. Any unknown key or wrong type
//! rejects the whole request, so nothing is half-applied.

use routerctl_core::vocab::Band;
use serde_json::{Map, Value};

/// What a value must look like.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// A JSON `true`/`false`.
    Bool,
    /// A string of `min..=max` characters.
    Str {
        /// Fewest characters allowed.
        min: usize,
        /// Most characters allowed.
        max: usize,
    },
    /// A dotted IPv4 address.
    Ipv4,
    /// A dotted IPv4 address or the empty string (unset).
    OptIpv4,
    /// An integer in `min..=max`.
    Int {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// One of the listed strings.
    OneOf(&'static [&'static str]),
    /// A list of at most `max` items of one shape.
    List {
        /// Shape every item must have.
        item: &'static Shape,
        /// Most items allowed.
        max: usize,
    },
    /// An object with exactly these fields.
    Object(&'static [Field]),
}

/// One named field of an object shape.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// JSON key, in IXON's camelCase (`ipAddress`).
    pub name: &'static str,
    /// What its value must look like.
    pub shape: Shape,
}

const fn f(name: &'static str, shape: Shape) -> Field {
    Field { name, shape }
}

/// `multiwanPolicy` values: the failover order of the three uplinks.
pub const MULTIWAN_POLICIES: &[&str] = &[
    "eth_cell_wifi",
    "cell_eth_wifi",
    "eth_wifi_cell",
    "wifi_eth_cell",
    "cell_wifi_eth",
    "wifi_cell_eth",
];
/// `forwardLanWan` values (which LAN traffic may reach the WAN).
pub const FORWARD_MODES: &[&str] = &["neither", "public", "private", "both"];
/// `wlanMode`: serve an access point on the LAN, or join a network as WAN.
pub const WLAN_MODES: &[&str] = &["accessPoint", "client"];
/// `wlanEncryption` values (OpenWrt's names).
pub const WLAN_ENCRYPTIONS: &[&str] = &["none", "psk2", "psk-mixed", "sae", "sae-mixed"];

const IPV4: Shape = Shape::Ipv4;
const IPV4_LIST: Shape = Shape::List {
    item: &IPV4,
    max: 8,
};
const SECONDS: Shape = Shape::Int {
    min: 0,
    max: 86_400,
};
const PORT: Shape = Shape::Int { min: 1, max: 65535 };

const LAN: &[Field] = &[
    f("ipAddress", Shape::Ipv4),
    f("netMask", Shape::Ipv4),
    f("dhcpServerEnabled", Shape::Bool),
    f("dhcpServerRangeFrom", Shape::Ipv4),
    f("dhcpServerRangeTo", Shape::Ipv4),
    f("gatewayLessRouting", Shape::Bool),
];

const WAN: &[Field] = &[
    f("multiwanPolicy", Shape::OneOf(MULTIWAN_POLICIES)),
    f("ipUseDhcp", Shape::Bool),
    f("ipAddress", Shape::OptIpv4),
    f("ipNetMask", Shape::OptIpv4),
    f("ipGateway", Shape::OptIpv4),
    f("dnsServers", IPV4_LIST),
    f("dnsRebindProtectionEnabled", Shape::Bool),
    f("wanTrackInterval", SECONDS),
    f("wanTrackIps", IPV4_LIST),
];

const WLAN: &[Field] = &[
    f("wlanEnable", Shape::Bool),
    f("wlanMode", Shape::OneOf(WLAN_MODES)),
    f("wlanSsid", Shape::Str { min: 1, max: 32 }),
    f("wlanKey", Shape::Str { min: 0, max: 63 }),
    f("wlanEncryption", Shape::OneOf(WLAN_ENCRYPTIONS)),
    // 0 = automatic; 1–13 are 2.4 GHz, 36–165 are 5 GHz.
    f("wlanChannel", Shape::Int { min: 0, max: 165 }),
    f("wlanHidden", Shape::Bool),
    f("wlanTrackInterval", SECONDS),
    f("wlanTrackIps", IPV4_LIST),
];

const CELLULAR: &[Field] = &[
    f("cellularEnable", Shape::Bool),
    f("cellularApn", Shape::Str { min: 0, max: 64 }),
    f("cellularPincode", Shape::Str { min: 0, max: 8 }),
    f(
        "cellularMtu",
        Shape::Int {
            min: 576,
            max: 1500,
        },
    ),
    f("cellularTrackInterval", SECONDS),
    f("cellularTrackIps", IPV4_LIST),
];

const PORT_FORWARD: Shape = Shape::Object(&[
    f("name", Shape::Str { min: 1, max: 64 }),
    f("protocol", Shape::OneOf(&["tcp", "udp", "tcpudp"])),
    f("externalPort", PORT),
    f("internalIp", Shape::Ipv4),
    f("internalPort", PORT),
]);

const FIREWALL: &[Field] = &[
    f("forwardLanWan", Shape::OneOf(FORWARD_MODES)),
    f("forwardLanWan2", Shape::OneOf(FORWARD_MODES)),
    f(
        "portForwards",
        Shape::List {
            item: &PORT_FORWARD,
            max: 64,
        },
    ),
];

const PROXY: &[Field] = &[
    f("httpProxyAddress", Shape::Str { min: 0, max: 253 }),
    f("httpProxyPort", Shape::Int { min: 0, max: 65535 }),
    f(
        "httpProxyAuthentication",
        Shape::OneOf(&["none", "basic", "ntlm"]),
    ),
    f("httpProxyUsername", Shape::Str { min: 0, max: 64 }),
    f("httpProxyIsSocks5", Shape::Bool),
];

/// The whole configuration object.
pub const SHAPE: Shape = Shape::Object(&[
    f("lan", Shape::Object(LAN)),
    f("wan", Shape::Object(WAN)),
    f("wlan", Shape::Object(WLAN)),
    f("cellular", Shape::Object(CELLULAR)),
    f("firewall", Shape::Object(FIREWALL)),
    f("proxy", Shape::Object(PROXY)),
]);

/// Check `value` against `shape`. With `partial`, object fields may be
/// missing (list items must still be complete). The error names the path.
///
/// ```
/// use routerctl_ixon::configuration::{validate, SHAPE};
/// let ok = serde_json::json!({"lan": {"dhcpServerEnabled": false}});
/// assert!(validate(&ok, &SHAPE, true).is_ok());
/// let bad = serde_json::json!({"lan": {"dhcpServerEnabled": "no"}});
/// assert_eq!(validate(&bad, &SHAPE, true).unwrap_err(), "lan.dhcpServerEnabled: expected a boolean");
/// ```
pub fn validate(value: &Value, shape: &Shape, partial: bool) -> Result<(), String> {
    check(value, shape, partial, "")
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn check(value: &Value, shape: &Shape, partial: bool, path: &str) -> Result<(), String> {
    let here = if path.is_empty() {
        "configuration"
    } else {
        path
    };
    match shape {
        Shape::Bool => value
            .is_boolean()
            .then_some(())
            .ok_or_else(|| format!("{here}: expected a boolean")),
        Shape::Str { min, max } => {
            let s = value
                .as_str()
                .ok_or_else(|| format!("{here}: expected a string"))?;
            let n = s.chars().count();
            if n < *min || n > *max {
                return Err(format!("{here}: length {n} is outside {min}..={max}"));
            }
            Ok(())
        }
        Shape::Ipv4 | Shape::OptIpv4 => {
            let s = value
                .as_str()
                .ok_or_else(|| format!("{here}: expected an IPv4 address string"))?;
            if s.is_empty() && matches!(shape, Shape::OptIpv4) {
                return Ok(());
            }
            s.parse::<std::net::Ipv4Addr>()
                .map(|_| ())
                .map_err(|_| format!("{here}: {s:?} is not an IPv4 address"))
        }
        Shape::Int { min, max } => {
            let n = value
                .as_i64()
                .ok_or_else(|| format!("{here}: expected an integer"))?;
            if n < *min || n > *max {
                return Err(format!("{here}: {n} is outside {min}..={max}"));
            }
            Ok(())
        }
        Shape::OneOf(choices) => {
            let s = value
                .as_str()
                .ok_or_else(|| format!("{here}: expected one of {}", choices.join(", ")))?;
            if choices.contains(&s) {
                Ok(())
            } else {
                Err(format!(
                    "{here}: {s:?} is not one of {}",
                    choices.join(", ")
                ))
            }
        }
        Shape::List { item, max } => {
            let items = value
                .as_array()
                .ok_or_else(|| format!("{here}: expected a list"))?;
            if items.len() > *max {
                return Err(format!("{here}: more than {max} items"));
            }
            for (i, v) in items.iter().enumerate() {
                check(v, item, false, &format!("{here}[{i}]"))?;
            }
            Ok(())
        }
        Shape::Object(fields) => {
            let map = value
                .as_object()
                .ok_or_else(|| format!("{here}: expected an object"))?;
            for (key, v) in map {
                let field = fields
                    .iter()
                    .find(|fd| fd.name == key)
                    .ok_or_else(|| format!("{}: unknown key", join(path, key)))?;
                check(v, &field.shape, partial, &join(path, key))?;
            }
            if !partial {
                if let Some(missing) = fields.iter().find(|fd| !map.contains_key(fd.name)) {
                    return Err(format!("{}: missing", join(path, missing.name)));
                }
            }
            Ok(())
        }
    }
}

/// Apply a validated partial object onto `target`: objects merge key by
/// key, everything else (lists included) is replaced.
pub fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => merge_maps(t, p),
        (t, p) => *t = p.clone(),
    }
}

fn merge_maps(target: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (key, value) in patch {
        match target.get_mut(key) {
            Some(existing) => merge(existing, value),
            None => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The Wi-Fi band of an IXrouter `wlanChannel`. The IXrouter radio serves
/// 2.4 and 5 GHz only, so a channel number alone decides it (on a 6 GHz
/// radio channel numbers repeat and this would not hold).
pub fn band_of_channel(channel: u32) -> Option<Band> {
    match channel {
        1..=14 => Some(Band::Ghz2_4),
        32..=177 => Some(Band::Ghz5),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_keys_and_wrong_types_name_their_path() {
        let cases = [
            (json!({"lan": {"bogus": 1}}), "lan.bogus: unknown key"),
            (json!({"nope": {}}), "nope: unknown key"),
            (json!({"lan": []}), "lan: expected an object"),
            (
                json!({"wan": {"dnsServers": ["1.1.1.1", "x"]}}),
                "wan.dnsServers[1]: \"x\" is not an IPv4 address",
            ),
            (
                json!({"wlan": {"wlanChannel": 200}}),
                "wlan.wlanChannel: 200 is outside 0..=165",
            ),
            (
                json!({"firewall": {"portForwards": [{"name": "x"}]}}),
                "firewall.portForwards[0].protocol: missing",
            ),
            (json!([]), "configuration: expected an object"),
        ];
        for (value, want) in cases {
            assert_eq!(validate(&value, &SHAPE, true).unwrap_err(), want);
        }
    }

    #[test]
    fn merge_keeps_untouched_fields_and_replaces_lists() {
        let mut target = json!({"lan": {"ipAddress": "192.168.140.1", "netMask": "255.255.255.0"},
                                "wan": {"dnsServers": ["1.1.1.1", "8.8.8.8"]}});
        merge(
            &mut target,
            &json!({"lan": {"ipAddress": "10.0.0.1"}, "wan": {"dnsServers": ["9.9.9.9"]}}),
        );
        assert_eq!(
            target,
            json!({"lan": {"ipAddress": "10.0.0.1", "netMask": "255.255.255.0"},
                   "wan": {"dnsServers": ["9.9.9.9"]}})
        );
    }

    #[test]
    fn bands() {
        assert_eq!(band_of_channel(6), Some(Band::Ghz2_4));
        assert_eq!(band_of_channel(36), Some(Band::Ghz5));
        assert_eq!(band_of_channel(0), None);
    }
}
