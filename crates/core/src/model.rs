//! The vendor-neutral records.
//!
//! Field names are snake_case in Rust and JSON; units are fixed or part of the
//! name (seconds, bytes, dBm, Mbit/s for link speed). A field a vendor cannot
//! fill is `None` and is left out of JSON, never invented. Values that vendors
//! spell their own way (band, security, interface kind, MAC address) use the
//! one spelling of [`crate::vocab`].

use serde::{Deserialize, Serialize};

use crate::vocab::{Band, InterfaceKind, Security};

/// Identity of a device: what NAPALM calls `get_facts`.
///
/// ```
/// use routerctl_core::Facts;
/// let f = Facts { vendor: "mikrotik".into(), model: Some("hAP ax^2".into()), ..Facts::default() };
/// assert_eq!(serde_json::to_value(&f).unwrap()["model"], "hAP ax^2");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// Vendor family (`mikrotik`, `ixon`, `openwrt`, ...), always present.
    pub vendor: String,
    /// Hardware model as the device names it (RouterOS `board-name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Serial number; absent on virtual routers (CHR, x86) and stock OpenWrt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// Operating system or firmware version string, as reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    /// The device's own name (RouterOS identity, OpenWrt hostname).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Seconds since boot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime_seconds: Option<u64>,
}

/// One network interface with its counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interface {
    /// Interface name as the device addresses it (`ether1`, `br-lan`).
    pub name: String,
    /// What the interface is (`ethernet`, `bridge`, `vlan`, `wifi`, ...; see
    /// [`InterfaceKind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<InterfaceKind>,
    /// Operator comment or label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Administratively enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_enabled: Option<bool>,
    /// Operationally up (link and running).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_up: Option<bool>,
    /// MAC address in the neutral spelling (`AA:BB:CC:DD:EE:FF`, see
    /// [`crate::vocab::mac_address`]) when the vendor gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_address: Option<String>,
    /// MTU in bytes (the actual MTU where the vendor distinguishes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtu: Option<u32>,
    /// Negotiated link speed in Mbit/s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed_mbps: Option<u64>,
    /// Bytes received since the counters were last reset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rx_bytes: Option<u64>,
    /// Bytes transmitted since the counters were last reset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_bytes: Option<u64>,
    /// Packets received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rx_packets: Option<u64>,
    /// Packets transmitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_packets: Option<u64>,
    /// Receive errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rx_errors: Option<u64>,
    /// Transmit errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_errors: Option<u64>,
    /// Received packets dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rx_drops: Option<u64>,
    /// Packets dropped before transmission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_drops: Option<u64>,
}

/// What carries a WAN link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WanKind {
    /// Wired uplink (DHCP or static on an Ethernet port).
    Ethernet,
    /// LTE/5G modem.
    Cellular,
    /// Wi-Fi client uplink (WISP).
    Wifi,
    /// PPPoE session.
    Pppoe,
    /// Anything else, or unknown.
    #[default]
    Other,
}

/// An uplink to the internet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WanLink {
    /// The uplink's name on the device (interface or WAN profile).
    pub name: String,
    /// What carries the link.
    pub kind: WanKind,
    /// Whether the link is connected and has an address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_up: Option<bool>,
    /// The uplink's IPv4 address, without prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Prefix length of `ip_address` (24 for a /24).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_length: Option<u8>,
    /// Default gateway reached through this link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
    /// DNS servers learned or configured for this link, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dns_servers: Vec<String>,
    /// Seconds since the link last came up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime_seconds: Option<u64>,
    /// Radio signal strength in dBm (cellular and Wi-Fi uplinks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal_dbm: Option<i32>,
}

/// A host the router knows about (ARP, DHCP, wireless registration joined).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    /// The host's MAC address (the join key across ARP, DHCP and Wi-Fi), in
    /// the neutral spelling `AA:BB:CC:DD:EE:FF`.
    pub mac_address: String,
    /// The host's IPv4 address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Host name from DHCP, or the name the router shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Interface the host was seen on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// True when the host is associated to one of the router's radios.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_wireless: Option<bool>,
    /// SSID of the association, for wireless hosts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssid: Option<String>,
    /// Radio band of the association (`2.4GHz`, `5GHz`, ...; see [`Band`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<Band>,
    /// Signal strength of the association in dBm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal_dbm: Option<i32>,
    /// Seen recently (complete ARP entry, bound lease or live association).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
}

/// A DHCP server lease.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DhcpLease {
    /// Client MAC address, in the neutral spelling `AA:BB:CC:DD:EE:FF`.
    pub mac_address: String,
    /// Leased (or reserved) IPv4 address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Host name the client sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// DHCP client identifier (option 61) as the vendor prints it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// DHCP server or pool that owns the lease.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// True for a reservation configured on the router.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_static: Option<bool>,
    /// Vendor lease state (`bound`, `waiting`, `offered`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Seconds until the lease expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<u64>,
}

/// A Wi-Fi network (SSID) served by one radio.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WifiNetwork {
    /// Radio or interface serving the SSID (`wifi1`, `radio0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radio: Option<String>,
    /// The network name.
    pub ssid: String,
    /// Band (`2.4GHz`, `5GHz`, ...; see [`Band`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<Band>,
    /// IEEE channel number, when a single channel is set or in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<u32>,
    /// Whether the SSID is being broadcast/served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_enabled: Option<bool>,
    /// True when the SSID is not broadcast in beacons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_hidden: Option<bool>,
    /// Authentication (`open`, `wpa2-personal`, `wpa2/wpa3-personal`, ...;
    /// see [`Security`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Security>,
}

/// A device's configuration as the vendor serves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "format", content = "content", rename_all = "snake_case")]
pub enum Config {
    /// A text export (RouterOS `/export`).
    Text(String),
    /// A structured configuration object (JSON-speaking vendors).
    Json(serde_json::Value),
}

/// How much of its CPU, memory and storage a device uses, and how warm it
/// runs: what monitoring graphs. Counts are the device's own; percentages
/// are 0-100.
///
/// ```
/// use routerctl_core::{Resources, Temperature};
/// let r = Resources {
///     cpu_load_percent: Some(11),
///     memory_total_bytes: Some(1 << 30),
///     temperatures: vec![Temperature { sensor: "cpu".into(), celsius: 46.0 }],
///     ..Resources::default()
/// };
/// let json = serde_json::to_value(&r).unwrap();
/// assert_eq!(json["temperatures"][0]["sensor"], "cpu");
/// assert!(json.get("disk_free_bytes").is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Resources {
    /// CPU load over the device's own averaging window, 0-100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_load_percent: Option<u8>,
    /// Number of CPU cores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_count: Option<u32>,
    /// Current CPU clock in MHz.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_frequency_mhz: Option<u32>,
    /// Installed RAM in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_total_bytes: Option<u64>,
    /// Unused RAM in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_free_bytes: Option<u64>,
    /// Size of the system storage (flash, NAND, disk) in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_total_bytes: Option<u64>,
    /// Free space on the system storage in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_free_bytes: Option<u64>,
    /// Temperature sensors the device reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub temperatures: Vec<Temperature>,
}

/// One temperature sensor reading.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Temperature {
    /// The sensor as the device names it, shortened to what it measures
    /// (`cpu`, `board`, `switch`, `phy`, ...).
    pub sensor: String,
    /// Degrees Celsius.
    pub celsius: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_fields_are_left_out_of_json() {
        let lease = DhcpLease {
            mac_address: "AA:BB:CC:DD:EE:FF".into(),
            ..DhcpLease::default()
        };
        let json = serde_json::to_string(&lease).unwrap();
        assert_eq!(json, r#"{"mac_address":"AA:BB:CC:DD:EE:FF"}"#);
    }

    #[test]
    fn vocabulary_fields_use_the_neutral_spelling() {
        let n = WifiNetwork {
            ssid: "home".into(),
            band: Some(Band::Ghz2_4),
            security: Some(Security::Open),
            ..WifiNetwork::default()
        };
        let json = serde_json::to_value(&n).unwrap();
        assert_eq!(json["band"], "2.4GHz");
        assert_eq!(json["security"], "open");
        let i: Interface = serde_json::from_str(r#"{"name":"lan","kind":"bridge"}"#).unwrap();
        assert_eq!(i.kind, Some(InterfaceKind::Bridge));
        assert!(serde_json::from_str::<Interface>(r#"{"name":"x","kind":"ether"}"#).is_err());
    }

    #[test]
    fn wan_kind_is_snake_case() {
        let json = serde_json::to_string(&WanKind::Cellular).unwrap();
        assert_eq!(json, r#""cellular""#);
    }
}
