//! Stock OpenWrt objects, shaped like rpcd, netifd, luci-rpc, iwinfo,
//! hostapd and uci answer them: `system`, `network.device`,
//! `network.interface`, `luci`, `luci-rpc`, `iwinfo`, `hostapd.<ifname>`,
//! `uci`.

use std::time::Instant;

use serde_json::{Map, Value, json};

use super::{Caller, Reply, arg_str};
use crate::jsonrpc::UbusStatus;
use crate::sim::SimState;
use crate::sim::device::{DeviceState, Port, Radio, netmask};

pub fn invoke(
    state: &mut SimState,
    caller: Caller<'_>,
    object: &str,
    method: &str,
    args: &Map<String, Value>,
) -> Reply {
    let now = caller.now;
    let d = &state.device;
    match (object, method) {
        ("system", "board") => ok(board(d)),
        ("system", "info") => ok(info(d, now)),
        ("system", "reboot") => {
            state.reboot_pending = true;
            (UbusStatus::Ok, None)
        }
        ("network.device", "status") => device_status(d, now, arg_str(args, "name")),
        ("network.interface", "dump") => ok(json!({ "interface": interfaces(d, now) })),
        ("network.interface", "status") => {
            let Some(name) = arg_str(args, "interface") else {
                return (UbusStatus::InvalidArgument, None);
            };
            interfaces(d, now)
                .into_iter()
                .find(|i| i["interface"] == name)
                .map(ok)
                .unwrap_or((UbusStatus::NotFound, None))
        }
        ("luci", "getFeatures") => ok(json!({
            "firewall4": true, "dnsmasq": true, "odhcpd": true, "wifi": true,
            "hostapd": {"sae": true, "owe": true, "eap": true, "11r": true}
        })),
        ("luci-rpc", "getDHCPLeases") => ok(leases(d, now)),
        ("iwinfo", "devices") => ok(json!({
            "devices": d.radios.iter().map(|r| r.device.clone()).collect::<Vec<_>>()
        })),
        ("iwinfo", "info") => with_radio(d, args, |r| iwinfo_info(d, r)),
        ("iwinfo", "assoclist") => with_radio(d, args, |r| assoclist(d, r, now)),
        ("uci", "configs") => ok(json!({
            "configs": ["dhcp", "network", "system", "wireless"]
        })),
        ("uci", "get") => uci_get(d, args),
        (obj, "get_clients") if obj.starts_with("hostapd.") => {
            match d
                .radios
                .iter()
                .find(|r| obj.strip_prefix("hostapd.") == Some(&r.device))
            {
                Some(r) => ok(hostapd_clients(d, r, now)),
                None => (UbusStatus::NotFound, None),
            }
        }
        _ => (UbusStatus::MethodNotFound, None),
    }
}

fn ok(v: Value) -> Reply {
    (UbusStatus::Ok, Some(v))
}

fn with_radio(d: &DeviceState, args: &Map<String, Value>, f: impl Fn(&Radio) -> Value) -> Reply {
    let Some(device) = arg_str(args, "device") else {
        return (UbusStatus::InvalidArgument, None);
    };
    match d.radios.iter().find(|r| r.device == device) {
        Some(r) => ok(f(r)),
        None => (UbusStatus::NotFound, None),
    }
}

fn board(d: &DeviceState) -> Value {
    json!({
        "kernel": d.kernel,
        "hostname": d.hostname,
        "system": "ARMv8 Processor rev 4",
        "model": d.model,
        "board_name": d.board_name,
        "rootfs_type": "squashfs",
        "release": {
            "distribution": "OpenWrt",
            "version": d.firmware,
            "revision": "r28739-d9340319c6",
            "target": "mediatek/filogic",
            "description": format!("OpenWrt {} r28739-d9340319c6", d.firmware),
            "builddate": "1750711236"
        }
    })
}

fn info(d: &DeviceState, now: Instant) -> Value {
    let uptime = d.uptime(now);
    let epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|t| t.as_secs())
        .unwrap_or(0);
    json!({
        "localtime": epoch,
        "uptime": uptime,
        "load": [10_240 + (uptime % 512), 8_192, 6_144],
        "memory": {
            "total": 1_031_798_784u64, "free": 842_211_328u64, "shared": 6_426_624,
            "buffered": 0, "available": 861_515_776u64, "cached": 48_001_024
        },
        "root": {"total": 185_856, "free": 182_016, "used": 3_840, "avail": 178_944},
        "tmp": {"total": 503_808, "free": 497_088, "used": 6_720, "avail": 497_088},
        "swap": {"total": 0, "free": 0}
    })
}

fn port_json(d: &DeviceState, p: &Port, uptime: u64) -> Value {
    let c = p.counters(uptime, d.seed);
    let mut v = json!({
        "external": false,
        "present": true,
        "type": if p.kind == "bridge" { "bridge" } else { "Network device" },
        "up": p.up,
        "carrier": p.up,
        "devtype": match p.kind.as_str() { "wireless" => "wlan", k => k },
        "mtu": p.mtu,
        "mtu6": p.mtu,
        "macaddr": p.mac.to_lowercase(),
        "txqueuelen": 1000,
        "ipv6": true,
        "statistics": {
            "collisions": 0, "multicast": c.rx_packets / 50,
            "rx_bytes": c.rx_bytes, "tx_bytes": c.tx_bytes,
            "rx_packets": c.rx_packets, "tx_packets": c.tx_packets,
            "rx_errors": c.rx_errors, "tx_errors": c.tx_errors,
            "rx_dropped": c.rx_dropped, "tx_dropped": c.tx_dropped,
            "rx_crc_errors": 0, "rx_frame_errors": 0, "rx_fifo_errors": 0,
            "rx_length_errors": 0, "rx_missed_errors": 0, "rx_over_errors": 0,
            "tx_aborted_errors": 0, "tx_carrier_errors": 0, "tx_fifo_errors": 0,
            "tx_heartbeat_errors": 0, "tx_window_errors": 0
        }
    });
    if let Some(speed) = p.speed {
        v["speed"] = json!(format!("{speed}F"));
        v["autoneg"] = json!(true);
    }
    if p.kind == "bridge" {
        let members: Vec<&str> = d
            .ports
            .iter()
            .filter(|m| m.name == "lan" && m.kind != "bridge")
            .map(|m| m.device.as_str())
            .chain(d.radios.iter().map(|r| r.device.as_str()))
            .collect();
        v["bridge-members"] = json!(members);
    }
    v
}

/// `network.device status [{name}]`: all devices, or one (status 2 when
/// netifd does not know the name).
fn device_status(d: &DeviceState, now: Instant, name: Option<&str>) -> Reply {
    let uptime = d.uptime(now);
    match name {
        Some(name) => match d.ports.iter().find(|p| p.device == name) {
            Some(p) => ok(port_json(d, p, uptime)),
            None => (UbusStatus::InvalidArgument, None),
        },
        None => ok(Value::Object(
            d.ports
                .iter()
                .map(|p| (p.device.clone(), port_json(d, p, uptime)))
                .collect(),
        )),
    }
}

fn interfaces(d: &DeviceState, now: Instant) -> Vec<Value> {
    let uptime = d.uptime(now);
    let (lan_ip, lan_prefix) = d.lan();
    let mut list = vec![
        json!({
            "interface": "lan", "up": true, "pending": false, "available": true,
            "autostart": true, "dynamic": false, "uptime": uptime.saturating_sub(9),
            "l3_device": "br-lan", "proto": "static", "device": "br-lan",
            "metric": 0, "dns_metric": 0, "delegation": true,
            "ipv4-address": [{"address": lan_ip.to_string(), "mask": lan_prefix}],
            "ipv6-address": [], "ipv6-prefix": [], "route": [],
            "dns-server": [], "dns-search": [], "neighbors": [], "data": {}
        }),
        json!({
            "interface": "loopback", "up": true, "pending": false, "available": true,
            "autostart": true, "dynamic": false, "uptime": uptime.saturating_sub(9),
            "l3_device": "lo", "proto": "static", "device": "lo",
            "ipv4-address": [{"address": "127.0.0.1", "mask": 8}],
            "ipv6-address": [], "route": [], "dns-server": [], "data": {}
        }),
    ];
    for w in &d.wans {
        list.push(json!({
            "interface": w.name, "up": w.connected, "pending": false, "available": true,
            "autostart": true, "dynamic": false,
            "uptime": uptime.saturating_sub(w.up_since),
            "l3_device": w.device, "proto": "dhcp", "device": w.device,
            "metric": 0, "dns_metric": 0, "delegation": true,
            "ipv4-address": [{"address": w.address.to_string(), "mask": w.prefix}],
            "ipv6-address": [], "ipv6-prefix": [],
            "route": [{"target": "0.0.0.0", "mask": 0, "nexthop": w.gateway.to_string(),
                       "source": format!("{}/32", w.address)}],
            "dns-server": w.dns, "dns-search": [], "neighbors": [],
            "data": {"leasetime": 86_400}
        }));
    }
    list.sort_by(|a, b| a["interface"].as_str().cmp(&b["interface"].as_str()));
    list
}

/// luci-rpc's lease list; static (infinite) leases have `expires: false`.
fn leases(d: &DeviceState, now: Instant) -> Value {
    let uptime = d.uptime(now);
    let list: Vec<Value> = d
        .present_hosts()
        .map(|h| {
            let mut v = json!({
                "macaddr": h.mac.to_lowercase(),
                "ipaddr": d.host_ip(h).to_string(),
                "expires": if h.static_lease { json!(false) } else { json!(d.lease_left(h, uptime)) },
            });
            if let Some(name) = &h.hostname {
                v["hostname"] = json!(name);
            }
            v
        })
        .collect();
    json!({ "dhcp_leases": list, "dhcp6_leases": [] })
}

fn encryption(kind: &str) -> Value {
    match kind {
        "none" => json!({"enabled": false}),
        "psk2" => {
            json!({"enabled": true, "wpa": [2], "authentication": ["psk"], "ciphers": ["ccmp"]})
        }
        "psk-mixed" => {
            json!({"enabled": true, "wpa": [1, 2], "authentication": ["psk"], "ciphers": ["tkip", "ccmp"]})
        }
        "sae" => {
            json!({"enabled": true, "wpa": [3], "authentication": ["sae"], "ciphers": ["ccmp"]})
        }
        _ => {
            json!({"enabled": true, "wpa": [2, 3], "authentication": ["psk", "sae"], "ciphers": ["ccmp"]})
        }
    }
}

fn iwinfo_info(d: &DeviceState, r: &Radio) -> Value {
    let five = r.frequency >= 5000;
    json!({
        "phy": r.phy,
        "ssid": r.ssid,
        "bssid": r.bssid,
        "country": "DE",
        "mode": "Master",
        "channel": r.channel,
        "center_chan1": r.channel,
        "frequency": r.frequency,
        "frequency_offset": 0,
        "txpower": if five { 23 } else { 20 },
        "txpower_offset": 0,
        "quality": 0,
        "quality_max": 70,
        "noise": -92,
        "bitrate": 0,
        "encryption": encryption(&r.encryption),
        "hwmodes": if five { json!(["a", "n", "ac", "ax"]) } else { json!(["b", "g", "n", "ax"]) },
        "hwmode": "ax",
        "htmode": if five { "HE80" } else { "HE20" },
        "hardware": {"id": [5315, 31153, 5315, 31153], "name": format!("MediaTek {}", d.board_name)}
    })
}

fn assoclist(d: &DeviceState, r: &Radio, now: Instant) -> Value {
    let uptime = d.uptime(now);
    let results: Vec<Value> = d
        .hosts
        .iter()
        .filter(|h| h.wifi_device.as_deref() == Some(r.device.as_str()))
        .map(|h| {
            let signal = h.signal.unwrap_or(-70);
            json!({
                "mac": h.mac,
                "signal": signal, "signal_avg": signal, "noise": -92,
                "inactive": 40, "connected_time": uptime.saturating_sub(h.leased_at),
                "thr": 180_000, "authorized": true, "authenticated": true,
                "preamble": "long", "wme": true, "mfp": r.encryption.starts_with("sae"),
                "tdls": false,
                "rx": {"rate": 286_800, "mcs": 11, "40mhz": false, "short_gi": false, "he": true, "packets": 1_000 + uptime},
                "tx": {"rate": 286_800, "mcs": 11, "40mhz": false, "short_gi": false, "he": true, "packets": 2_000 + uptime}
            })
        })
        .collect();
    json!({ "results": results })
}

fn hostapd_clients(d: &DeviceState, r: &Radio, now: Instant) -> Value {
    let uptime = d.uptime(now);
    let clients: Map<String, Value> = d
        .hosts
        .iter()
        .filter(|h| h.wifi_device.as_deref() == Some(r.device.as_str()))
        .map(|h| {
            (
                h.mac.to_lowercase(),
                json!({
                    "auth": true, "assoc": true, "authorized": true, "preauth": false,
                    "wds": false, "wmm": true, "ht": true, "vht": r.frequency >= 5000,
                    "he": true, "wps": false, "mfp": r.encryption.starts_with("sae"),
                    "aid": 1, "signal": h.signal.unwrap_or(-70),
                    "bytes": {"rx": 40_000 * uptime, "tx": 120_000 * uptime},
                    "packets": {"rx": 50 * uptime, "tx": 130 * uptime},
                    "rate": {"rx": 286_800, "tx": 286_800}
                }),
            )
        })
        .collect();
    json!({ "freq": r.frequency, "clients": clients })
}

/// `uci get {config, section?, option?}` over the sections rendered from
/// the device state.
fn uci_get(d: &DeviceState, args: &Map<String, Value>) -> Reply {
    let Some(config) = arg_str(args, "config") else {
        return (UbusStatus::InvalidArgument, None);
    };
    let Some(sections) = uci_config(d, config) else {
        return (UbusStatus::NotFound, None);
    };
    let Some(section) = arg_str(args, "section") else {
        return ok(json!({ "values": sections }));
    };
    let Some(values) = sections.get(section) else {
        return (UbusStatus::NotFound, None);
    };
    match arg_str(args, "option") {
        None => ok(json!({ "values": values })),
        Some(option) => match values.get(option) {
            Some(v) => ok(json!({ "value": v })),
            None => (UbusStatus::NotFound, None),
        },
    }
}

fn section(
    name: &str,
    kind: &str,
    index: usize,
    anonymous: bool,
    mut options: Value,
) -> (String, Value) {
    if let Some(map) = options.as_object_mut() {
        map.insert(".anonymous".into(), json!(anonymous));
        map.insert(".type".into(), json!(kind));
        map.insert(".name".into(), json!(name));
        map.insert(".index".into(), json!(index));
    }
    (name.to_string(), options)
}

fn uci_config(d: &DeviceState, config: &str) -> Option<Map<String, Value>> {
    let (lan_ip, lan_prefix) = d.lan();
    let sections: Vec<(String, Value)> = match config {
        "system" => vec![section(
            "cfg01e48a",
            "system",
            0,
            true,
            json!({"hostname": d.hostname, "timezone": "UTC", "zonename": "UTC", "ttylogin": "0", "log_size": "128"}),
        )],
        "network" => {
            let mut s = vec![
                section("loopback", "interface", 0, false, json!({"device": "lo", "proto": "static", "ipaddr": "127.0.0.1", "netmask": "255.0.0.0"})),
                section("globals", "globals", 1, false, json!({"ula_prefix": "fd4c:1b2a:97e1::/48", "packet_steering": "1"})),
                section("cfg030f15", "device", 2, true, json!({"name": "br-lan", "type": "bridge", "ports": ["eth1"]})),
                section("lan", "interface", 3, false, json!({"device": "br-lan", "proto": "static", "ipaddr": lan_ip.to_string(), "netmask": netmask(lan_prefix), "ip6assign": "60"})),
            ];
            for (i, w) in d.wans.iter().enumerate() {
                s.push(section(&w.name, "interface", 4 + i, false, json!({"device": w.device, "proto": "dhcp"})));
            }
            s
        }
        "wireless" => d
            .radios
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                let radio = format!("radio{}", r.phy.trim_start_matches("phy"));
                let band = if r.frequency >= 5000 { "5g" } else { "2g" };
                [
                    section(&radio, "wifi-device", 2 * i, false, json!({"type": "mac80211", "band": band, "channel": r.channel.to_string(), "htmode": if band == "5g" { "HE80" } else { "HE20" }, "country": "DE", "cell_density": "0"})),
                    section(&format!("default_{radio}"), "wifi-iface", 2 * i + 1, false, json!({"device": radio, "network": "lan", "mode": "ap", "ssid": r.ssid, "encryption": r.encryption, "hidden": if r.hidden { "1" } else { "0" }})),
                ]
            })
            .collect(),
        "dhcp" => {
            let mut s = vec![
                section("cfg01411c", "dnsmasq", 0, true, json!({"domainneeded": "1", "localise_queries": "1", "local": "/lan/", "domain": "lan", "authoritative": "1"})),
                section("lan", "dhcp", 1, false, json!({"interface": "lan", "start": "100", "limit": "150", "leasetime": "12h", "dhcpv4": "server"})),
                section("wan", "dhcp", 2, false, json!({"interface": "wan", "ignore": "1"})),
            ];
            for (i, h) in d.hosts.iter().filter(|h| h.static_lease).enumerate() {
                s.push(section(&format!("cfg{:06x}", 0x0a_0000 + i), "host", 3 + i, true, json!({"mac": h.mac, "ip": d.host_ip(h).to_string(), "name": h.hostname.clone().unwrap_or_default()})));
            }
            s
        }
        _ => return None,
    };
    Some(sections.into_iter().collect())
}
