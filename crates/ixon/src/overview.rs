//! The payload of `ixon.ui.overview get`, **as routerctl defines it**.
//!
//! IXON has not published this shape (see the crate README). These types are
//! our definition of what an IXrouter plausibly reports: device facts, WAN
//! links (Ethernet, cellular, Wi-Fi), LAN state with clients and DHCP leases,
//! Wi-Fi and VPN state, and per-interface counters. Names are camelCase like
//! IXON's cloud API. The simulator produces exactly this; the driver reads it
//! leniently — every field may be absent, and absent fields stay absent in
//! the neutral model rather than being invented.

use serde::{Deserialize, Serialize};

/// The whole overview.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    /// `device`: model, serial, firmware; absent if the firmware does not report it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<DeviceInfo>,
    /// `wan`: uplinks and the active one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wan: Option<WanOverview>,
    /// `lan`: LAN address, clients and DHCP leases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lan: Option<LanOverview>,
    /// `wlan`: Wi-Fi radio state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wlan: Option<WlanOverview>,
    /// `vpn`: the IXON Cloud VPN tunnel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn: Option<VpnOverview>,
    /// `interfaces`: per-interface state and counters; empty when not reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<InterfaceStats>,
}

/// Identity of the router.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceInfo {
    /// `model`: product name, e.g. `IXrouter3 4G-EU`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// `articleNumber`: IXON's order code of the hardware variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article_number: Option<String>,
    /// `serialNumber`: the device serial, as printed on the label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// `firmwareVersion`: the IXrouter firmware release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firmware_version: Option<String>,
    /// `hostname`: the router's system host name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Seconds since boot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime: Option<u64>,
    /// `macAddress`: the device's base MAC address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_address: Option<String>,
}

/// Uplinks and which one carries traffic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WanOverview {
    /// Failover order, one of the configuration's `multiwanPolicy` values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiwan_policy: Option<String>,
    /// `name` of the WAN link in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_interface: Option<String>,
    /// `interfaces`: every configured uplink, connected or not.
    #[serde(default)]
    pub interfaces: Vec<WanInterface>,
}

/// One uplink.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WanInterface {
    /// `name`: the uplink's name (`wan`, `cellular`, `wlan`);
    /// [`WanOverview::active_interface`] refers to it.
    pub name: String,
    /// `ethernet`, `cellular` or `wifi`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// `connected`: true when the link is up with an address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected: Option<bool>,
    /// `ipAddress`: the address on this link; absent when not connected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Dotted netmask, as IXON's cloud API writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_mask: Option<String>,
    /// `gateway`: the next hop of this link's default route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
    /// `dnsServers`: resolvers learned on this link (DHCP, PPP, static).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dns_servers: Vec<String>,
    /// Seconds connected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime: Option<u64>,
    /// dBm (cellular RSSI, Wi-Fi client signal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal_strength: Option<i32>,
    /// Cellular only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// Cellular only: `LTE`, `UMTS`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technology: Option<String>,
    /// Cellular only: `ready`, `absent`, `pin-required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sim_status: Option<String>,
    /// Wi-Fi client only: the upstream network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssid: Option<String>,
}

/// The LAN side.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LanOverview {
    /// `ipAddress`: the router's own LAN address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// `netMask`: dotted LAN netmask (`255.255.255.0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_mask: Option<String>,
    /// `macAddress`: the LAN bridge's MAC address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_address: Option<String>,
    /// `clients`: hosts seen on the LAN and the Wi-Fi access point.
    #[serde(default)]
    pub clients: Vec<LanClient>,
    /// `dhcpLeases`: leases the router's DHCP server handed out.
    #[serde(default)]
    pub dhcp_leases: Vec<OverviewLease>,
}

/// A host seen on the LAN or the Wi-Fi access point.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LanClient {
    /// `macAddress`: the host's MAC address; the key clients are matched on.
    pub mac_address: String,
    /// `ipAddress`: the host's IPv4 address, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// `hostname`: the name the host gave (DHCP) or was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// `lan` or `wlan`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// `signalStrength`: dBm, for Wi-Fi clients only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal_strength: Option<i32>,
    /// `active`: true when the host is currently connected (seen recently).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// A DHCP lease handed out on the LAN.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverviewLease {
    /// `macAddress`: the client's MAC address.
    pub mac_address: String,
    /// `ipAddress`: the leased IPv4 address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// `hostname`: the host name the client sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// `clientId`: DHCP option 61 (client identifier), when the client sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Seconds left; absent for static leases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<u64>,
    /// `static`: true for a reservation configured on the router.
    #[serde(default, rename = "static", skip_serializing_if = "Option::is_none")]
    pub is_static: Option<bool>,
}

/// Live Wi-Fi state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WlanOverview {
    /// `enabled`: false when the radio is switched off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// `accessPoint` or `client`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// `ssid`: the network name broadcast (access point) or joined (client).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssid: Option<String>,
    /// `channel`: radio channel number, e.g. 6 or 36.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<u32>,
    /// `2.4GHz` or `5GHz`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
    /// `clientCount`: stations associated with the access point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_count: Option<u32>,
}

/// The IXON Cloud VPN tunnel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VpnOverview {
    /// `connected`, `connecting` or `disconnected`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `server`: the IXON VPN server the tunnel goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// `ipAddress`: the router's address inside the tunnel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Seconds connected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime: Option<u64>,
}

/// One network interface with counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InterfaceStats {
    /// `name`: the logical (UCI) interface name, e.g. `lan`, `wan`.
    pub name: String,
    /// Kernel device (`eth0`, `br-lan`, `wwan0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// `ethernet`, `bridge`, `wireless`, `cellular`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `enabled`: false when the interface is administratively off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// `up`: true when the link is up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up: Option<bool>,
    /// `macAddress`: the device's MAC address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_address: Option<String>,
    /// `mtu`: maximum transmission unit in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtu: Option<u32>,
    /// Link speed in Mbit/s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<u64>,
    /// `rxBytes`: bytes received, a counter since boot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rx_bytes: Option<u64>,
    /// `txBytes`: bytes sent, a counter since boot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_bytes: Option<u64>,
    /// `rxPackets`: packets received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rx_packets: Option<u64>,
    /// `txPackets`: packets sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_packets: Option<u64>,
    /// `rxErrors`: receive errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rx_errors: Option<u64>,
    /// `txErrors`: transmit errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_errors: Option<u64>,
    /// `rxDropped`: received packets dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rx_dropped: Option<u64>,
    /// `txDropped`: packets dropped before sending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_dropped: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn partial_overviews_parse_and_unknown_fields_are_ignored() {
        let o: Overview = serde_json::from_value(json!({
            "device": {"model": "IXrouter3", "futureField": 1},
            "wan": {"interfaces": [{"name": "wan", "type": "ethernet"}]}
        }))
        .unwrap();
        assert_eq!(o.device.unwrap().model.as_deref(), Some("IXrouter3"));
        assert_eq!(o.wan.unwrap().interfaces[0].kind, "ethernet");
        assert!(o.lan.is_none());
    }

    #[test]
    fn lease_static_flag_uses_the_json_keyword() {
        let l = OverviewLease {
            mac_address: "02:00:00:00:00:01".into(),
            is_static: Some(true),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&l).unwrap(),
            json!({"macAddress": "02:00:00:00:00:01", "static": true})
        );
    }
}
