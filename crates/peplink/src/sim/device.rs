//! The simulated device: its configuration (committed and pending), and
//! the live state that the status endpoints and commands read and change.
//!
//! Configuration sections are kept as JSON objects shaped like the
//! `config.*` replies, so a `config.*` POST is a checked merge of the
//! request into a copy (see [`merge_checked`]) and nothing changes when a
//! field is wrong.

use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

/// The configuration sections that `cmd.config.apply` commits and
/// `cmd.config.discard` drops.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `config.wan.connection`: WAN id -> settings, in order.
    pub wan: Vec<(u64, Value)>,
    /// `config.ssid.profile`: profile id -> settings, in order.
    pub ssid: Vec<(u64, Value)>,
    /// `config.port`: port id -> settings, in order.
    pub ports: Vec<(u64, Value)>,
    /// `config.gpio`: GPIO id -> settings, in order.
    pub gpio: Vec<(u64, Value)>,
    /// `config.mesh`.
    pub mesh: Value,
    /// `config.speedfusionConnectProtect`.
    pub sfcp: Value,
}

/// An SMS in the inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Sms {
    /// Unique per device.
    pub id: u64,
    /// Sender number.
    pub sender: String,
    /// Seconds since the epoch.
    pub timestamp: u64,
    /// The text.
    pub message: String,
}

/// An SMS sent with `cmd.sms.sendMessage`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentSms {
    /// WAN it went out on.
    pub conn_id: u64,
    /// Recipient.
    pub address: String,
    /// The text.
    pub content: String,
}

/// A LAN host with its DHCP lease.
#[derive(Debug, Clone, PartialEq)]
pub struct Host {
    /// Upper-case colon MAC.
    pub mac: String,
    /// Leased address.
    pub ip: String,
    /// DHCP host name.
    pub name: String,
    /// `ethernet` or `wireless`.
    pub connection_type: &'static str,
    /// LAN VLAN (0 = untagged).
    pub vlan_id: u64,
    /// SSID, for wireless hosts.
    pub essid: Option<String>,
    /// AP BSSID, for wireless hosts.
    pub bssid: Option<String>,
    /// Signal in dBm, for wireless hosts.
    pub rssi: Option<i64>,
    /// Seen recently.
    pub active: bool,
    /// Lease length; `None` for a host with a static address (no lease).
    pub lease_seconds: Option<u64>,
    /// Lease start, on the simulator's clock.
    pub leased_at: Instant,
}

/// A physical port.
#[derive(Debug, Clone, PartialEq)]
pub struct Port {
    /// Port id.
    pub id: u64,
    /// `lan` or `wan`.
    pub kind: &'static str,
    /// Link detected.
    pub link_up: bool,
    /// Negotiated speed in Mbit/s.
    pub speed_mbps: u64,
    /// Whether the port can supply PoE.
    pub poe_support: bool,
    /// PoE switched on (`cmd.port.poe.enable`).
    pub poe_enable: bool,
    /// MAC address of the port.
    pub mac: String,
}

/// A mesh peer found by `cmd.mesh.discover`.
#[derive(Debug, Clone, PartialEq)]
pub struct MeshPeer {
    /// Peer MAC.
    pub mac: String,
    /// Peer name.
    pub name: String,
    /// Peer model.
    pub model: String,
    /// Joined with `cmd.mesh.request`.
    pub joined: bool,
}

/// Everything about the device except authentication.
#[derive(Debug, Clone)]
pub struct DeviceState {
    /// Last (re)boot, on the simulator's clock.
    pub booted: Instant,
    /// Firmware images: (version, bootable, in use).
    pub firmware: Vec<(String, bool, bool)>,
    /// Device name.
    pub name: String,
    /// Model name.
    pub model: String,
    /// Serial number.
    pub serial: String,
    /// The device's own cellular number (SMS sent here arrive in the inbox).
    pub own_number: String,
    /// Committed configuration.
    pub active: Config,
    /// Changes not yet applied.
    pub pending: Option<Config>,
    /// `status.lan.profile`.
    pub lan: Vec<(u64, Value)>,
    /// DHCP clients.
    pub hosts: Vec<Host>,
    /// SMS inbox of the cellular WAN.
    pub inbox: Vec<Sms>,
    /// Next SMS id.
    pub next_sms_id: u64,
    /// SMS sent.
    pub outbox: Vec<SentSms>,
    /// Physical ports.
    pub ports: Vec<Port>,
    /// Access point switched on (`cmd.ap`).
    pub ap_enable: bool,
    /// AP follows WAN state (`cmd.ap`).
    pub ap_wan_dependent: bool,
    /// Networks `cmd.wifi.scan` sees: (ssid, bssid, signal, channel, security).
    pub wifi_networks: Vec<(String, String, i64, u64, String)>,
    /// Wi-Fi WAN: networks remembered by `cmd.wifi.connect`.
    pub wifi_saved: Vec<String>,
    /// Wi-Fi WAN: the network it is connected to.
    pub wifi_connected: Option<String>,
    /// Result of the last `cmd.wifi.connect`/`disconnect`.
    pub wifi_result: Value,
    /// Cellular: when the last carrier scan started.
    pub carrier_scan_started: Option<Instant>,
    /// Cellular: carrier chosen by `cmd.carrier.select` (`None` = automatic).
    pub carrier_selected: Option<(String, String, String)>,
    /// Cellular: PCI lock from `cmd.channelPci.lock` (channel, pci).
    pub pci_lock: Option<(u64, u64)>,
    /// Cellular: active SIM slot (`cmd.wan.cellular`).
    pub active_sim: u64,
    /// Cellular: the modem came up at (reset by `cmd.cellularModule.reset`).
    pub cellular_up_since: Instant,
    /// Bandwidth used this cycle per WAN, in MB.
    pub usage_mb: Vec<(u64, u64)>,
    /// Mesh: when discovery started.
    pub mesh_discover_started: Option<Instant>,
    /// Mesh peers nearby.
    pub mesh_peers: Vec<MeshPeer>,
    /// Varies the wave of signal values.
    pub seed: u64,
}

/// WAN id of the cellular WAN.
pub const CELLULAR_WAN: u64 = 3;
/// WAN id of the Wi-Fi WAN.
pub const WIFI_WAN: u64 = 4;
/// How long carrier scans and mesh discovery take.
pub const SCAN_DURATION: Duration = Duration::from_secs(2);

fn mac(seed: u64, n: u64) -> String {
    let b = (seed.wrapping_mul(37).wrapping_add(n)) % 256;
    format!("10:56:CA:{:02X}:{:02X}:{:02X}", (seed % 256), b, n % 256)
}

impl DeviceState {
    /// A freshly booted device with a realistic configuration.
    pub fn new(name: &str, seed: u64, now: Instant) -> Self {
        let wan = vec![
            (
                1,
                json!({"name": "WAN 1", "enable": true, "type": "ethernet", "method": "staticIp",
                    "ip": "203.0.113.10", "mask": 24, "gateway": "203.0.113.1",
                    "dns": ["203.0.113.53", "1.1.1.1"], "mtu": 1500, "priority": 1,
                    "routingMode": "NAT",
                    "bandwidthAllowanceMonitor": {"enable": false, "monthlyAllowance": 0, "startDay": 1}}),
            ),
            (
                2,
                json!({"name": "WAN 2", "enable": true, "type": "ethernet", "method": "dhcp",
                    "dns": [], "mtu": 1500, "priority": 2, "routingMode": "NAT",
                    "bandwidthAllowanceMonitor": {"enable": false, "monthlyAllowance": 0, "startDay": 1}}),
            ),
            (
                CELLULAR_WAN,
                json!({"name": "Cellular", "enable": true, "type": "cellular", "method": "dhcp",
                    "dns": [], "mtu": 1428, "priority": 2, "routingMode": "NAT",
                    "bandwidthAllowanceMonitor": {"enable": true, "monthlyAllowance": 20480, "startDay": 1}}),
            ),
            (
                WIFI_WAN,
                json!({"name": "Wi-Fi WAN", "enable": false, "type": "wireless", "method": "dhcp",
                    "dns": [], "mtu": 1500, "priority": 3, "routingMode": "NAT",
                    "bandwidthAllowanceMonitor": {"enable": false, "monthlyAllowance": 0, "startDay": 1}}),
            ),
        ];
        let ssid = vec![
            (
                1,
                json!({"name": "Office", "enable": true, "captivePortal": false,
                    "incontrolManaged": false, "broadcast": true,
                    "security": {"policy": "WPA2 Personal",
                        "wpa2Personal": {"fastTransition": true, "key": "office-passphrase"}}}),
            ),
            (
                2,
                json!({"name": "Guest", "enable": true, "captivePortal": true,
                    "incontrolManaged": false, "broadcast": true, "vlanId": 60,
                    "security": {"policy": "Open"}}),
            ),
            (
                3,
                json!({"name": "Cameras", "enable": false, "captivePortal": false,
                    "incontrolManaged": false, "broadcast": false, "vlanId": 70,
                    "security": {"policy": "WPA2/WPA3 Personal",
                        "wpa2Personal": {"fastTransition": false, "key": "camera-passphrase"}}}),
            ),
        ];
        let port_names = [
            (1, "WAN 1", "wan"),
            (2, "WAN 2", "wan"),
            (11, "LAN 1", "lan"),
            (12, "LAN 2", "lan"),
            (13, "LAN 3", "lan"),
            (14, "LAN 4", "lan"),
        ];
        let ports_config = port_names
            .iter()
            .map(|(id, name, _)| {
                (
                    *id,
                    json!({"name": name, "enable": true, "speed": "auto", "advertiseSpeed": true}),
                )
            })
            .collect();
        let ports = port_names
            .iter()
            .map(|(id, _, kind)| Port {
                id: *id,
                kind,
                link_up: matches!(id, 1 | 2 | 11 | 12),
                speed_mbps: if matches!(id, 1 | 11) { 1000 } else { 100 },
                poe_support: *kind == "lan",
                poe_enable: *id == 12,
                mac: mac(seed, *id),
            })
            .collect();
        let gpio = vec![
            (
                1,
                json!({"name": "Input 1", "type": "digitalInput", "state": 0}),
            ),
            (
                2,
                json!({"name": "Output 1", "type": "digitalOutput", "state": 0}),
            ),
        ];
        let host =
            |m: u64, ip: &str, name: &str, wireless: Option<(&str, i64)>, lease: Option<u64>| {
                Host {
                    mac: format!("AA:BB:CC:00:{:02X}:{:02X}", seed % 256, m),
                    ip: ip.to_string(),
                    name: name.to_string(),
                    connection_type: if wireless.is_some() {
                        "wireless"
                    } else {
                        "ethernet"
                    },
                    vlan_id: if ip.starts_with("192.168.60.") { 60 } else { 0 },
                    essid: wireless.map(|(s, _)| s.to_string()),
                    bssid: wireless.map(|_| mac(seed, 0x51)),
                    rssi: wireless.map(|(_, r)| r),
                    active: m != 4,
                    lease_seconds: lease,
                    leased_at: now,
                }
            };
        Self {
            booted: now,
            firmware: vec![
                ("8.4.1 build 5150".to_string(), true, false),
                ("8.5.2 build 5400".to_string(), true, true),
            ],
            name: name.to_string(),
            model: "MAX BR1 Pro 5G".to_string(),
            serial: format!(
                "2930-{:04X}-{:04X}",
                seed % 0x10000,
                seed.wrapping_mul(7919) % 0x10000
            ),
            own_number: "+15550100200".to_string(),
            active: Config {
                wan,
                ssid,
                ports: ports_config,
                gpio,
                mesh: json!({"enable": false, "meshId": "", "role": "controller"}),
                sfcp: json!({"enable": false, "profile": "default"}),
            },
            pending: None,
            lan: vec![
                (0, json!({"ip": "192.168.50.1", "mask": 24})),
                (
                    1,
                    json!({"name": "Guest", "ip": "192.168.60.1", "vlanId": 60, "mask": 24}),
                ),
            ],
            hosts: vec![
                host(1, "192.168.50.10", "office-pc", None, Some(86400)),
                host(
                    2,
                    "192.168.50.21",
                    "laptop-anna",
                    Some(("Office", -52)),
                    Some(86400),
                ),
                host(
                    3,
                    "192.168.60.14",
                    "guest-phone",
                    Some(("Guest", -71)),
                    Some(3600),
                ),
                host(4, "192.168.50.5", "printer", None, None),
            ],
            inbox: vec![
                Sms {
                    id: 1,
                    sender: "988".to_string(),
                    timestamp: 1_764_000_000,
                    message: "Welcome to the network.".to_string(),
                },
                Sms {
                    id: 2,
                    sender: "+15550123456".to_string(),
                    timestamp: 1_764_100_000,
                    message: "Site visit tomorrow at 9.".to_string(),
                },
            ],
            next_sms_id: 3,
            outbox: Vec::new(),
            ports,
            ap_enable: true,
            ap_wan_dependent: false,
            wifi_networks: vec![
                (
                    "Marina WiFi".to_string(),
                    mac(seed, 0x61),
                    -61,
                    6,
                    "wpa2-psk".to_string(),
                ),
                (
                    "Cafe Free".to_string(),
                    mac(seed, 0x62),
                    -74,
                    11,
                    "open".to_string(),
                ),
                (
                    "Neighbour 5G".to_string(),
                    mac(seed, 0x63),
                    -80,
                    36,
                    "wpa3-sae".to_string(),
                ),
            ],
            wifi_saved: Vec::new(),
            wifi_connected: None,
            wifi_result: json!({"status": "idle"}),
            carrier_scan_started: None,
            carrier_selected: None,
            pci_lock: None,
            active_sim: 1,
            cellular_up_since: now,
            usage_mb: vec![(1, 5120), (2, 830), (CELLULAR_WAN, 3712), (WIFI_WAN, 0)],
            mesh_discover_started: None,
            mesh_peers: vec![
                MeshPeer {
                    mac: mac(seed, 0x71),
                    name: "ap-deck".to_string(),
                    model: "AP One AX Lite".to_string(),
                    joined: false,
                },
                MeshPeer {
                    mac: mac(seed, 0x72),
                    name: "ap-hangar".to_string(),
                    model: "AP One Rugged".to_string(),
                    joined: false,
                },
            ],
            seed,
        }
    }

    /// The configuration the `config.*` GETs show: pending when there is
    /// one, else committed.
    pub fn config(&self) -> &Config {
        self.pending.as_ref().unwrap_or(&self.active)
    }

    /// The pending configuration, started from the committed one.
    pub fn pending_mut(&mut self) -> &mut Config {
        self.pending.get_or_insert_with(|| self.active.clone())
    }

    /// The firmware version in use.
    pub fn firmware_in_use(&self) -> Option<&str> {
        self.firmware
            .iter()
            .find(|(_, _, in_use)| *in_use)
            .map(|(v, _, _)| v.as_str())
    }

    /// Cellular signal right now: (rssi, rsrp, rsrq, sinr) in dBm/dB. A
    /// slow deterministic wave, so successive reads differ.
    pub fn cellular_signal(&self, now: Instant) -> (i64, i64, i64, f64) {
        let t = now
            .saturating_duration_since(self.booted)
            .as_secs()
            .wrapping_add(self.seed);
        let step = ((t / 5) % 9) as i64 - 4;
        let rssi = -67 + step;
        let rsrp = -95 + step * 2;
        let rsrq = -9 - (step.abs() % 3);
        let sinr = 14.0 + step as f64 * 0.5;
        (rssi, rsrp, rsrq, sinr)
    }

    /// Seconds since boot.
    pub fn uptime(&self, now: Instant) -> u64 {
        now.saturating_duration_since(self.booted).as_secs()
    }
}

/// Merge `patch` into `target`, checking each field against the type it
/// already has: booleans take `true`/`false` (or their form spellings),
/// numbers take numbers or numeric strings, strings take strings, objects
/// merge recursively, arrays are replaced. A field `target` lacks is
/// refused unless listed in `optional` (by dotted path). Errors name the
/// dotted path of the field.
pub fn merge_checked(
    target: &mut Map<String, Value>,
    patch: &Map<String, Value>,
    path: &str,
    optional: &[(&str, Value)],
) -> Result<(), String> {
    for (key, new) in patch {
        let field = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let template = match target.get(key) {
            Some(existing) => existing.clone(),
            None => match optional.iter().find(|(p, _)| *p == field) {
                Some((_, t)) => t.clone(),
                None => return Err(format!("Unknown parameter: {field}")),
            },
        };
        let merged =
            match (&template, new) {
                (Value::Object(_), Value::Object(inner)) => {
                    let mut obj = template.as_object().cloned().unwrap_or_default();
                    merge_checked(&mut obj, inner, &field, optional)?;
                    Value::Object(obj)
                }
                (Value::Object(_), _) => {
                    return Err(format!("Invalid parameter: {field} (expected an object)"));
                }
                (Value::Bool(_), v) => Value::Bool(super::params::as_bool(v).ok_or_else(|| {
                    format!("Invalid parameter: {field} (expected true or false)")
                })?),
                (Value::Number(_), Value::Number(n)) => Value::Number(n.clone()),
                (Value::Number(_), Value::String(s)) => s
                    .trim()
                    .parse::<i64>()
                    .map(Value::from)
                    .map_err(|_| format!("Invalid parameter: {field} (expected a number)"))?,
                (Value::Number(_), _) => {
                    return Err(format!("Invalid parameter: {field} (expected a number)"));
                }
                (Value::String(_), Value::String(s)) => Value::String(s.clone()),
                (Value::String(_), _) => {
                    return Err(format!("Invalid parameter: {field} (expected a string)"));
                }
                (Value::Array(_), Value::Array(a)) => Value::Array(a.clone()),
                (Value::Array(_), Value::String(s)) => Value::Array(
                    s.split(',')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(|p| Value::String(p.to_string()))
                        .collect(),
                ),
                (Value::Array(_), _) => {
                    return Err(format!("Invalid parameter: {field} (expected a list)"));
                }
                (Value::Null, v) => v.clone(),
            };
        target.insert(key.clone(), merged);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn merge_checks_types_and_names_fields() {
        let mut t = obj(json!({"enable": true, "name": "a", "mtu": 1500,
            "security": {"policy": "Open"}}));
        merge_checked(
            &mut t,
            &obj(
                json!({"enable": "false", "mtu": "1400", "security": {"policy": "WPA2 Personal"}}),
            ),
            "",
            &[],
        )
        .unwrap();
        assert_eq!(t["enable"], json!(false));
        assert_eq!(t["mtu"], json!(1400));
        assert_eq!(t["security"]["policy"], json!("WPA2 Personal"));
        for (patch, field) in [
            (json!({"enable": "maybe"}), "enable"),
            (json!({"mtu": true}), "mtu"),
            (json!({"name": 5}), "name"),
            (json!({"security": {"policy": []}}), "security.policy"),
            (json!({"security": 1}), "security"),
            (json!({"nonsense": 1}), "nonsense"),
        ] {
            let e = merge_checked(&mut t.clone(), &obj(patch), "", &[]).unwrap_err();
            assert!(e.contains(field), "{e}");
        }
        let optional = [(
            "security.wpa2Personal",
            json!({"key": "", "fastTransition": false}),
        )];
        merge_checked(
            &mut t,
            &obj(json!({"security": {"wpa2Personal": {"key": "k"}}})),
            "",
            &optional,
        )
        .unwrap();
        assert_eq!(t["security"]["wpa2Personal"]["key"], json!("k"));
        assert_eq!(
            t["security"]["wpa2Personal"]["fastTransition"],
            json!(false)
        );
    }

    #[test]
    fn cellular_signal_varies_over_time() {
        let now = Instant::now();
        let d = DeviceState::new("x", 1, now);
        let seen: std::collections::BTreeSet<i64> = (0..60)
            .map(|s| d.cellular_signal(now + Duration::from_secs(s)).0)
            .collect();
        assert!(seen.len() > 3, "{seen:?}");
        assert!(seen.iter().all(|r| (-71..=-63).contains(r)));
    }
}
