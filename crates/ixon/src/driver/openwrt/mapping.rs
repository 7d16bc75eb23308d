//! rpcd / netifd / luci-rpc / iwinfo replies → neutral records. Pure
//! functions over the replies as JSON, tolerant of junk: a field of the
//! wrong type is absent, never a panic.

use std::collections::BTreeMap;

use routerctl_core::vocab::{Band, InterfaceKind, Security, mac_address};
use routerctl_core::{
    Client, DhcpLease, Facts, Interface, Resources, WanKind, WanLink, WifiNetwork,
};
use serde_json::Value;

use crate::VENDOR_OPENWRT;
use crate::jsonrpc::string_list;

/// One iwinfo device with its `info` and (optionally) `assoclist`.
pub struct Radio {
    /// The iwinfo device name (`phy0-ap0`, `wlan0`).
    pub device: String,
    /// `iwinfo info`'s reply.
    pub info: Value,
    /// `iwinfo assoclist`'s reply, or `null` when not read.
    pub assoc: Value,
}

fn s(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn u(v: &Value, key: &str) -> Option<u64> {
    v.get(key).and_then(Value::as_u64)
}

/// `system board` and `system info`.
pub fn facts(board: &Value, info: &Value) -> Facts {
    let release = board.get("release").cloned().unwrap_or(Value::Null);
    Facts {
        vendor: VENDOR_OPENWRT.to_string(),
        model: s(board, "model"),
        serial_number: None,
        os_version: s(&release, "description").or_else(|| s(&release, "version")),
        hostname: s(board, "hostname"),
        uptime_seconds: u(info, "uptime"),
    }
}

/// `system info`: memory in bytes, the root file system in KiB (rpcd's
/// units). rpcd reports load averages, not a CPU percentage, and no CPU
/// count, so the CPU fields stay absent.
pub fn resources(info: &Value) -> Resources {
    let memory = info.get("memory").cloned().unwrap_or(Value::Null);
    let root = info.get("root").cloned().unwrap_or(Value::Null);
    let kib = |key| u(&root, key).and_then(|k| k.checked_mul(1024));
    Resources {
        memory_total_bytes: u(&memory, "total"),
        memory_free_bytes: u(&memory, "free"),
        disk_total_bytes: kib("total"),
        disk_free_bytes: kib("free"),
        ..Resources::default()
    }
}

/// `network.device status`: one object per device name.
pub fn interfaces(devices: &Value) -> Vec<Interface> {
    let Some(map) = devices.as_object() else {
        return Vec::new();
    };
    map.iter()
        .map(|(name, d)| {
            let stats = d.get("statistics").cloned().unwrap_or(Value::Null);
            Interface {
                name: name.clone(),
                kind: s(d, "devtype")
                    .or_else(|| s(d, "type"))
                    .map(|k| InterfaceKind::from_vendor(&k)),
                description: None,
                is_enabled: d.get("present").and_then(Value::as_bool),
                is_up: d
                    .get("carrier")
                    .and_then(Value::as_bool)
                    .or_else(|| d.get("up").and_then(Value::as_bool)),
                mac_address: s(d, "macaddr").and_then(|m| mac_address(&m)),
                mtu: u(d, "mtu").and_then(|m| u32::try_from(m).ok()),
                // netifd writes "1000F" / "100H"; negative means unknown.
                speed_mbps: s(d, "speed")
                    .and_then(|sp| sp.trim_end_matches(['F', 'H']).parse::<u64>().ok()),
                rx_bytes: u(&stats, "rx_bytes"),
                tx_bytes: u(&stats, "tx_bytes"),
                rx_packets: u(&stats, "rx_packets"),
                tx_packets: u(&stats, "tx_packets"),
                rx_errors: u(&stats, "rx_errors"),
                tx_errors: u(&stats, "tx_errors"),
                rx_drops: u(&stats, "rx_dropped"),
                tx_drops: u(&stats, "tx_dropped"),
            }
        })
        .collect()
}

fn is_default_route(r: &Value) -> bool {
    r.get("target").and_then(Value::as_str) == Some("0.0.0.0") && u(r, "mask") == Some(0)
}

/// Interfaces that carry a default route, or are named `wan*`.
pub fn wan_links(dump: &Value) -> Vec<WanLink> {
    let Some(list) = dump.get("interface").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter(|i| {
            let routes = i.get("route").and_then(Value::as_array);
            routes.is_some_and(|r| r.iter().any(is_default_route))
                || s(i, "interface").is_some_and(|n| n.starts_with("wan"))
        })
        .map(|i| {
            let proto = s(i, "proto").unwrap_or_default();
            let device = s(i, "l3_device")
                .or_else(|| s(i, "device"))
                .unwrap_or_default();
            let kind = match proto.as_str() {
                "pppoe" | "pppoa" => WanKind::Pppoe,
                "qmi" | "ncm" | "mbim" | "3g" | "modemmanager" | "wwan" => WanKind::Cellular,
                _ if device.starts_with("wlan")
                    || (device.starts_with("phy") && device.contains("-sta")) =>
                {
                    WanKind::Wifi
                }
                "dhcp" | "static" | "dhcpv6" => WanKind::Ethernet,
                _ => WanKind::Other,
            };
            let addr = i
                .get("ipv4-address")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .cloned()
                .unwrap_or(Value::Null);
            let gateway = i
                .get("route")
                .and_then(Value::as_array)
                .and_then(|r| r.iter().find(|r| is_default_route(r)))
                .and_then(|r| s(r, "nexthop"));
            let up = i.get("up").and_then(Value::as_bool);
            WanLink {
                name: s(i, "interface").unwrap_or_default(),
                kind,
                is_up: up,
                ip_address: s(&addr, "address"),
                prefix_length: u(&addr, "mask").and_then(|m| u8::try_from(m).ok()),
                gateway,
                dns_servers: string_list(i, "dns-server"),
                uptime_seconds: if up == Some(true) {
                    u(i, "uptime")
                } else {
                    None
                },
                signal_dbm: None,
            }
        })
        .collect()
}

fn lease_list(leases: &Value) -> impl Iterator<Item = &Value> {
    leases
        .get("dhcp_leases")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// `luci-rpc getDHCPLeases`; a lease whose MAC address does not parse is
/// left out.
pub fn dhcp_leases(leases: &Value) -> Vec<DhcpLease> {
    lease_list(leases)
        .filter_map(|l| {
            Some(DhcpLease {
                mac_address: mac_address(l.get("macaddr")?.as_str()?)?,
                ip_address: s(l, "ipaddr"),
                hostname: s(l, "hostname"),
                client_id: s(l, "duid"),
                server: None,
                is_static: None,
                status: None,
                // `false` marks an infinite lease: no expiry to report.
                expires_in_seconds: u(l, "expires"),
            })
        })
        .collect()
}

/// The band of an iwinfo `frequency` (MHz).
fn band(info: &Value) -> Option<Band> {
    u(info, "frequency")
        .and_then(|f| u32::try_from(f).ok())
        .and_then(Band::from_frequency_mhz)
}

/// iwinfo's `encryption` object: `enabled`, the WPA generations in
/// `wpa` and the key management in `authentication` (`psk`, `sae`,
/// `802.1x`, `owe`); enabled without WPA generations is WEP.
fn security(encryption: &Value) -> Option<Security> {
    if !encryption.get("enabled").and_then(Value::as_bool)? {
        return Some(Security::Open);
    }
    let versions: Vec<u8> = encryption
        .get("wpa")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_u64)
                .filter_map(|v| u8::try_from(v).ok())
                .collect()
        })
        .unwrap_or_default();
    let auths: Vec<&str> = encryption
        .get("authentication")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if auths.contains(&"owe") {
        return Some(Security::Owe);
    }
    if versions.is_empty() {
        return Some(Security::Wep);
    }
    let enterprise = auths.iter().any(|a| a.starts_with("802.1x") || *a == "eap");
    let personal = auths.iter().any(|a| matches!(*a, "psk" | "sae"));
    Some(match (personal, enterprise) {
        (true, true) => Security::Other,
        (false, true) => Security::wpa_enterprise(&versions),
        _ => Security::wpa_personal(&versions),
    })
}

/// Access points only (iwinfo mode `Master`).
pub fn wifi_network(r: &Radio) -> Option<WifiNetwork> {
    if s(&r.info, "mode").as_deref() != Some("Master") {
        return None;
    }
    Some(WifiNetwork {
        radio: s(&r.info, "phy").or_else(|| Some(r.device.clone())),
        ssid: s(&r.info, "ssid").unwrap_or_default(),
        band: band(&r.info),
        channel: u(&r.info, "channel").and_then(|c| u32::try_from(c).ok()),
        is_enabled: Some(true),
        is_hidden: None,
        security: r.info.get("encryption").and_then(security),
    })
}

/// DHCP leases joined with wireless associations by MAC.
pub fn clients(leases: &Value, radios: &[Radio]) -> Vec<Client> {
    let mut by_mac: BTreeMap<String, Client> = BTreeMap::new();
    for l in lease_list(leases) {
        let Some(mac) = l.get("macaddr").and_then(Value::as_str) else {
            continue;
        };
        let Some(mac) = mac_address(mac) else {
            continue;
        };
        by_mac.insert(
            mac.clone(),
            Client {
                mac_address: mac,
                ip_address: s(l, "ipaddr"),
                hostname: s(l, "hostname"),
                ..Default::default()
            },
        );
    }
    for r in radios {
        let ssid = s(&r.info, "ssid");
        let band = band(&r.info);
        let stations = r.assoc.get("results").and_then(Value::as_array);
        for st in stations.into_iter().flatten() {
            let Some(mac) = st.get("mac").and_then(Value::as_str) else {
                continue;
            };
            let Some(mac) = mac_address(mac) else {
                continue;
            };
            let entry = by_mac.entry(mac.clone()).or_insert_with(|| Client {
                mac_address: mac,
                ..Default::default()
            });
            entry.interface = Some(r.device.clone());
            entry.is_wireless = Some(true);
            entry.ssid = ssid.clone();
            entry.band = band;
            entry.signal_dbm = st
                .get("signal")
                .and_then(Value::as_i64)
                .and_then(|v| i32::try_from(v).ok());
            entry.is_active = Some(true);
        }
    }
    by_mac.into_values().collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn resources_from_system_info() {
        let info = serde_json::json!({
            "memory": {"total": 1031798784u64, "free": 842211328u64},
            "root": {"total": 185856, "free": 182016},
            "load": [10240, 8192, 6144]
        });
        let r = resources(&info);
        assert_eq!(r.memory_total_bytes, Some(1031798784));
        assert_eq!(r.memory_free_bytes, Some(842211328));
        assert_eq!(r.disk_total_bytes, Some(185856 * 1024));
        assert_eq!(r.cpu_load_percent, None);
        assert_eq!(resources(&serde_json::json!("junk")), Resources::default());
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn mappings_tolerate_junk() {
        assert!(interfaces(&json!([1, 2])).is_empty());
        assert!(wan_links(&json!({"interface": [1, {"route": 5}]})).is_empty());
        assert!(dhcp_leases(&json!({"dhcp_leases": [{"macaddr": 5}]})).is_empty());
        let f = facts(&json!(null), &json!({"uptime": -1}));
        assert_eq!(f.uptime_seconds, None);
    }

    #[test]
    fn iwinfo_encryption() {
        let cases = [
            (json!({"enabled": false}), Security::Open),
            (json!({"enabled": true, "wep": ["open"]}), Security::Wep),
            (
                json!({"enabled": true, "wpa": [2], "authentication": ["psk"]}),
                Security::Wpa2Personal,
            ),
            (
                json!({"enabled": true, "wpa": [2, 3], "authentication": ["psk", "sae"]}),
                Security::Wpa2Wpa3Personal,
            ),
            (
                json!({"enabled": true, "wpa": [2], "authentication": ["802.1x"]}),
                Security::Wpa2Enterprise,
            ),
            (
                json!({"enabled": true, "wpa": [3], "authentication": ["owe"]}),
                Security::Owe,
            ),
        ];
        for (encryption, want) in cases {
            assert_eq!(security(&encryption), Some(want), "{encryption}");
        }
        assert_eq!(security(&json!({})), None);
    }
}
