//! The simulated device: hardware, links, hosts, and the IXON configuration.
//!
//! One state serves both flavors; the objects in [`super::objects`] render
//! it as IXON's `ixon.ui.*` or as OpenWrt's `system`, `network.*`,
//! `luci-rpc`, `iwinfo` and `uci`. Values that change on a real router
//! (uptime, counters, lease timers) are computed from the simulated clock,
//! so two reads a minute apart differ the way they would on hardware.

use std::net::Ipv4Addr;
use std::time::Instant;

use serde_json::{Value, json};

use super::Flavor;

/// A kernel network device.
#[derive(Debug, Clone)]
pub struct Port {
    /// Kernel name (`eth0`, `br-lan`, `wwan0`, `phy0-ap0`).
    pub device: String,
    /// Logical name shown by IXON (`lan`, `wan`, `cellular`, `wlan`).
    pub name: String,
    /// `ethernet`, `bridge`, `wireless`, `cellular`, `loopback`.
    pub kind: String,
    /// Whether the link is up (`up` in the overview and `network.device status`).
    pub up: bool,
    /// Maximum transmission unit in bytes.
    pub mtu: u32,
    /// Mbit/s for wired links.
    pub speed: Option<u64>,
    /// MAC address (colon-separated hex).
    pub mac: String,
    /// Average bytes per second, used to grow the counters.
    pub rx_rate: u64,
    /// Average bytes per second sent, used to grow the counters.
    pub tx_rate: u64,
}

/// Counters of a port at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counters {
    /// Bytes received.
    pub rx_bytes: u64,
    /// Bytes sent.
    pub tx_bytes: u64,
    /// Packets received.
    pub rx_packets: u64,
    /// Packets sent.
    pub tx_packets: u64,
    /// Receive errors.
    pub rx_errors: u64,
    /// Transmit errors.
    pub tx_errors: u64,
    /// Received packets dropped.
    pub rx_dropped: u64,
    /// Packets dropped before sending.
    pub tx_dropped: u64,
}

impl Port {
    /// Counters after `uptime` seconds: rate × time, ~900-byte packets.
    pub fn counters(&self, uptime: u64, seed: u64) -> Counters {
        if !self.up {
            return Counters {
                rx_bytes: 0,
                tx_bytes: 0,
                rx_packets: 0,
                tx_packets: 0,
                rx_errors: 0,
                tx_errors: 0,
                rx_dropped: 0,
                tx_dropped: 0,
            };
        }
        let base = seed % 4096;
        let rx_bytes = self.rx_rate.saturating_mul(uptime) + base * 1500;
        let tx_bytes = self.tx_rate.saturating_mul(uptime) + base * 700;
        Counters {
            rx_bytes,
            tx_bytes,
            rx_packets: rx_bytes / 900,
            tx_packets: tx_bytes / 900,
            rx_errors: 0,
            tx_errors: 0,
            rx_dropped: rx_bytes / 9_000_000,
            tx_dropped: 0,
        }
    }
}

/// What carries an uplink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WanType {
    /// A wired uplink (`ethernet`).
    Ethernet,
    /// A mobile-network uplink (`cellular`).
    Cellular,
    /// A Wi-Fi client uplink (`wifi`).
    Wifi,
}

impl WanType {
    /// The overview's `type` word: `ethernet`, `cellular` or `wifi`.
    pub fn as_str(self) -> &'static str {
        match self {
            WanType::Ethernet => "ethernet",
            WanType::Cellular => "cellular",
            WanType::Wifi => "wifi",
        }
    }
}

/// One uplink's live state.
#[derive(Debug, Clone)]
pub struct Wan {
    /// Logical name (`wan`, `cellular`, `wlan`), unique among uplinks.
    pub name: String,
    /// What carries the link.
    pub kind: WanType,
    /// Kernel device of the link, a [`Port::device`].
    pub device: String,
    /// True when the link is up with an address.
    pub connected: bool,
    /// IPv4 address on the link.
    pub address: Ipv4Addr,
    /// Prefix length of that address (24 for `255.255.255.0`).
    pub prefix: u8,
    /// Next hop of the link's default route.
    pub gateway: Ipv4Addr,
    /// Resolvers learned on the link, dotted IPv4.
    pub dns: Vec<String>,
    /// Seconds after boot the link came up.
    pub up_since: u64,
    /// Signal in dBm (cellular RSSI, Wi-Fi client signal); `None` for wired links.
    pub signal: Option<i32>,
    /// Cellular only: the network operator's name.
    pub operator: Option<String>,
    /// Cellular only: radio technology (`LTE`, `UMTS`, ...).
    pub technology: Option<String>,
    /// Cellular only: SIM state (`ready`, `absent`, `pin-required`).
    pub sim_status: Option<String>,
}

/// A LAN host.
#[derive(Debug, Clone)]
pub struct Host {
    /// MAC address (colon-separated hex); also keys its lease.
    pub mac: String,
    /// Offset of its address inside the LAN subnet (`.100` etc.).
    pub host_part: u32,
    /// The name the host sends in DHCP, if any.
    pub hostname: Option<String>,
    /// The Wi-Fi device it is associated with, if wireless.
    pub wifi_device: Option<String>,
    /// Signal in dBm, for Wi-Fi hosts only.
    pub signal: Option<i32>,
    /// True for a reservation (a static lease) rather than a dynamic lease.
    pub static_lease: bool,
    /// DHCP client identifier (option 61) the host sent, if any.
    pub client_id: Option<String>,
    /// Seconds after boot the lease was (re)newed.
    pub leased_at: u64,
}

/// An OpenWrt Wi-Fi interface (IXON's single radio lives in the
/// configuration instead).
#[derive(Debug, Clone)]
pub struct Radio {
    /// Kernel Wi-Fi interface (`phy0-ap0`).
    pub device: String,
    /// The radio (`phy0`) the interface runs on.
    pub phy: String,
    /// Network name broadcast.
    pub ssid: String,
    /// Channel number (1 for 2412 MHz).
    pub channel: u32,
    /// Centre frequency in MHz (2412, 5180, ...).
    pub frequency: u32,
    /// OpenWrt `encryption` value (`psk2`, `sae`, `none`).
    pub encryption: String,
    /// True when the SSID is not broadcast.
    pub hidden: bool,
    /// The access point's MAC address.
    pub bssid: String,
}

/// Lease time handed out by the simulated DHCP server (seconds).
pub const LEASE_TIME: u64 = 43_200;

/// Everything the simulated router knows.
#[derive(Debug, Clone)]
pub struct DeviceState {
    /// Which router is simulated: decides the ubus objects served.
    pub flavor: Flavor,
    /// Product name (`IXrouter3 4G-EU`, `OpenWrt One`).
    pub model: String,
    /// Board name as `system board` reports it (`ixon,ixrouter3`).
    pub board_name: String,
    /// IXON order code of the hardware (`IX2400`).
    pub article_number: String,
    /// Device serial number.
    pub serial_number: String,
    /// Hardware revision letter.
    pub hardware_revision: String,
    /// Firmware release (`3.19.2`; the OpenWrt version for OpenWrt).
    pub firmware: String,
    /// Linux kernel version `system board` reports.
    pub kernel: String,
    /// System host name.
    pub hostname: String,
    /// Seed of the generated MACs, serials and counters, so devices differ.
    pub seed: u64,
    /// When the simulated router booted (simulated clock).
    pub booted: Instant,
    /// Kernel network devices, with their counters.
    pub ports: Vec<Port>,
    /// Uplinks; `multiwanPolicy` picks which connected one is active.
    pub wans: Vec<Wan>,
    /// Hosts on the LAN and Wi-Fi.
    pub hosts: Vec<Host>,
    /// Wi-Fi interfaces (OpenWrt flavor; empty for IXON).
    pub radios: Vec<Radio>,
    /// Host name of the IXON VPN server the tunnel reaches (empty for OpenWrt).
    pub vpn_server: String,
    /// The router's address inside the VPN tunnel (empty for OpenWrt).
    pub vpn_address: String,
    /// `ixon.ui.configuration` (IXON flavor; OpenWrt keeps one for `lan`).
    pub configuration: Value,
    /// OpenWrt's LAN (IXON takes it from the configuration).
    pub openwrt_lan: (Ipv4Addr, u8),
}

fn mac(seed: u64, n: u8) -> String {
    let b = seed.to_be_bytes();
    format!(
        "02:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        b[3],
        b[4],
        b[5],
        b[6],
        b[7].wrapping_add(n)
    )
    .to_uppercase()
}

fn port(
    device: &str,
    name: &str,
    kind: &str,
    mac: String,
    speed: Option<u64>,
    rates: (u64, u64),
) -> Port {
    Port {
        device: device.into(),
        name: name.into(),
        kind: kind.into(),
        up: true,
        mtu: 1500,
        speed,
        mac,
        rx_rate: rates.0,
        tx_rate: rates.1,
    }
}

impl DeviceState {
    /// A plausible device of the given flavor; `seed` varies MACs, serial
    /// and counters so two simulated routers differ.
    pub fn new(flavor: Flavor, hostname: &str, seed: u64, now: Instant) -> Self {
        let hosts = vec![
            Host {
                mac: mac(seed ^ 0x5a5a, 1),
                host_part: 100,
                hostname: Some("plc-line1".into()),
                wifi_device: None,
                signal: None,
                static_lease: true,
                client_id: None,
                leased_at: 0,
            },
            Host {
                mac: mac(seed ^ 0x5a5a, 2),
                host_part: 101,
                hostname: Some("hmi-panel".into()),
                wifi_device: None,
                signal: None,
                static_lease: false,
                client_id: Some(format!("01:{}", mac(seed ^ 0x5a5a, 2).to_lowercase())),
                leased_at: 60,
            },
            Host {
                mac: mac(seed ^ 0x5a5a, 3),
                host_part: 102,
                hostname: Some("service-laptop".into()),
                wifi_device: Some(match flavor {
                    Flavor::Ixon => "wlan0".into(),
                    Flavor::OpenWrt => "phy1-ap0".into(),
                }),
                signal: Some(-58),
                static_lease: false,
                client_id: None,
                leased_at: 600,
            },
            Host {
                mac: mac(seed ^ 0x5a5a, 4),
                host_part: 103,
                hostname: None,
                wifi_device: Some(match flavor {
                    Flavor::Ixon => "wlan0".into(),
                    Flavor::OpenWrt => "phy0-ap0".into(),
                }),
                signal: Some(-71),
                static_lease: false,
                client_id: None,
                leased_at: 1200,
            },
        ];
        match flavor {
            Flavor::Ixon => Self {
                flavor,
                model: "IXrouter3 4G-EU".into(),
                board_name: "ixon,ixrouter3".into(),
                article_number: "IX2400".into(),
                serial_number: format!("IXR3{:08}", seed % 100_000_000),
                hardware_revision: "B".into(),
                firmware: "3.19.2".into(),
                kernel: "5.15.167".into(),
                hostname: hostname.into(),
                seed,
                booted: now,
                ports: vec![
                    port(
                        "eth0",
                        "lan",
                        "ethernet",
                        mac(seed, 0),
                        Some(1000),
                        (42_000, 180_000),
                    ),
                    port(
                        "br-lan",
                        "lan-bridge",
                        "bridge",
                        mac(seed, 0),
                        None,
                        (40_000, 175_000),
                    ),
                    port(
                        "eth1",
                        "wan",
                        "ethernet",
                        mac(seed, 1),
                        Some(1000),
                        (190_000, 45_000),
                    ),
                    port(
                        "wwan0",
                        "cellular",
                        "cellular",
                        mac(seed, 2),
                        None,
                        (3_000, 1_200),
                    ),
                    port(
                        "wlan0",
                        "wlan",
                        "wireless",
                        mac(seed, 3),
                        None,
                        (8_000, 21_000),
                    ),
                ],
                wans: vec![
                    Wan {
                        name: "wan".into(),
                        kind: WanType::Ethernet,
                        device: "eth1".into(),
                        connected: true,
                        address: Ipv4Addr::new(10, 20, 30, 41),
                        prefix: 24,
                        gateway: Ipv4Addr::new(10, 20, 30, 1),
                        dns: vec!["10.20.30.1".into()],
                        up_since: 14,
                        signal: None,
                        operator: None,
                        technology: None,
                        sim_status: None,
                    },
                    Wan {
                        name: "cellular".into(),
                        kind: WanType::Cellular,
                        device: "wwan0".into(),
                        connected: true,
                        address: Ipv4Addr::new(100, 78, 12, 9),
                        prefix: 30,
                        gateway: Ipv4Addr::new(100, 78, 12, 10),
                        dns: vec!["100.78.0.1".into(), "100.78.0.2".into()],
                        up_since: 38,
                        signal: Some(-73),
                        operator: Some("KPN".into()),
                        technology: Some("LTE".into()),
                        sim_status: Some("ready".into()),
                    },
                    Wan {
                        name: "wlan".into(),
                        kind: WanType::Wifi,
                        device: "wlan0".into(),
                        connected: true,
                        address: Ipv4Addr::new(172, 16, 8, 23),
                        prefix: 24,
                        gateway: Ipv4Addr::new(172, 16, 8, 1),
                        dns: vec!["172.16.8.1".into()],
                        up_since: 21,
                        signal: Some(-64),
                        operator: None,
                        technology: None,
                        sim_status: None,
                    },
                ],
                hosts,
                radios: Vec::new(),
                vpn_server: "vpn-eu2.ixon.net".into(),
                vpn_address: "10.187.22.5".into(),
                configuration: default_configuration(),
                openwrt_lan: (Ipv4Addr::new(192, 168, 140, 1), 24),
            },
            Flavor::OpenWrt => Self {
                flavor,
                model: "OpenWrt One".into(),
                board_name: "openwrt,one".into(),
                article_number: String::new(),
                serial_number: String::new(),
                hardware_revision: String::new(),
                firmware: "24.10.2".into(),
                kernel: "6.6.93".into(),
                hostname: hostname.into(),
                seed,
                booted: now,
                ports: vec![
                    port(
                        "lo",
                        "loopback",
                        "loopback",
                        "00:00:00:00:00:00".into(),
                        None,
                        (800, 800),
                    ),
                    port(
                        "eth0",
                        "wan",
                        "ethernet",
                        mac(seed, 0),
                        Some(2500),
                        (260_000, 52_000),
                    ),
                    port(
                        "eth1",
                        "lan",
                        "ethernet",
                        mac(seed, 1),
                        Some(1000),
                        (50_000, 240_000),
                    ),
                    port(
                        "br-lan",
                        "lan",
                        "bridge",
                        mac(seed, 1),
                        None,
                        (48_000, 236_000),
                    ),
                    port(
                        "phy0-ap0",
                        "wlan0",
                        "wireless",
                        mac(seed, 2),
                        None,
                        (9_000, 30_000),
                    ),
                    port(
                        "phy1-ap0",
                        "wlan1",
                        "wireless",
                        mac(seed, 3),
                        None,
                        (22_000, 95_000),
                    ),
                ],
                wans: vec![Wan {
                    name: "wan".into(),
                    kind: WanType::Ethernet,
                    device: "eth0".into(),
                    connected: true,
                    address: Ipv4Addr::new(198, 51, 100, 23),
                    prefix: 24,
                    gateway: Ipv4Addr::new(198, 51, 100, 1),
                    dns: vec!["198.51.100.1".into(), "9.9.9.9".into()],
                    up_since: 11,
                    signal: None,
                    operator: None,
                    technology: None,
                    sim_status: None,
                }],
                hosts,
                radios: vec![
                    Radio {
                        device: "phy0-ap0".into(),
                        phy: "phy0".into(),
                        ssid: "OpenWrt".into(),
                        channel: 1,
                        frequency: 2412,
                        encryption: "psk2".into(),
                        hidden: false,
                        bssid: mac(seed, 2),
                    },
                    Radio {
                        device: "phy1-ap0".into(),
                        phy: "phy1".into(),
                        ssid: "OpenWrt-5G".into(),
                        channel: 36,
                        frequency: 5180,
                        encryption: "sae-mixed".into(),
                        hidden: false,
                        bssid: mac(seed, 3),
                    },
                ],
                vpn_server: String::new(),
                vpn_address: String::new(),
                configuration: default_configuration(),
                openwrt_lan: (Ipv4Addr::new(192, 168, 1, 1), 24),
            },
        }
    }

    /// Seconds since the simulated boot.
    pub fn uptime(&self, now: Instant) -> u64 {
        now.saturating_duration_since(self.booted).as_secs()
    }

    /// The LAN address and prefix length in force.
    pub fn lan(&self) -> (Ipv4Addr, u8) {
        match self.flavor {
            Flavor::OpenWrt => self.openwrt_lan,
            Flavor::Ixon => {
                let ip = self
                    .configuration
                    .pointer("/lan/ipAddress")
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(Ipv4Addr::new(192, 168, 140, 1));
                let prefix = self
                    .configuration
                    .pointer("/lan/netMask")
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse::<Ipv4Addr>().ok())
                    .map(|m| u32::from(m).leading_ones() as u8)
                    .unwrap_or(24);
                (ip, prefix)
            }
        }
    }

    /// A host's address inside the current LAN subnet.
    pub fn host_ip(&self, host: &Host) -> Ipv4Addr {
        let (ip, prefix) = self.lan();
        let mask = u32::MAX
            .checked_shl(32 - u32::from(prefix.min(32)))
            .unwrap_or(0);
        let network = u32::from(ip) & mask;
        Ipv4Addr::from(network | (host.host_part & !mask))
    }

    /// Whether the IXON Wi-Fi radio serves an access point.
    pub fn ixon_wlan_is_ap(&self) -> bool {
        let c = &self.configuration;
        c.pointer("/wlan/wlanEnable").and_then(Value::as_bool) == Some(true)
            && c.pointer("/wlan/wlanMode").and_then(Value::as_str) == Some("accessPoint")
    }

    /// Hosts that are currently present: wired ones always, wireless ones
    /// only while their access point is up.
    pub fn present_hosts(&self) -> impl Iterator<Item = &Host> {
        let ixon_ap = self.ixon_wlan_is_ap();
        self.hosts.iter().filter(move |h| match &h.wifi_device {
            None => true,
            Some(dev) => match self.flavor {
                Flavor::Ixon => ixon_ap,
                Flavor::OpenWrt => self.radios.iter().any(|r| &r.device == dev),
            },
        })
    }

    /// Seconds left on a dynamic lease at `uptime` (renewed every half
    /// lease time, like a DHCP client does).
    pub fn lease_left(&self, host: &Host, uptime: u64) -> u64 {
        let age = uptime.saturating_sub(host.leased_at) % (LEASE_TIME / 2);
        LEASE_TIME - age
    }
}

/// Dotted netmask of a prefix length.
pub fn netmask(prefix: u8) -> String {
    let mask = u32::MAX
        .checked_shl(32 - u32::from(prefix.min(32)))
        .unwrap_or(0);
    Ipv4Addr::from(mask).to_string()
}

/// The IXrouter's factory configuration (our shape, see
/// [`crate::configuration`]).
pub fn default_configuration() -> Value {
    json!({
        "lan": {
            "ipAddress": "192.168.140.1",
            "netMask": "255.255.255.0",
            "dhcpServerEnabled": true,
            "dhcpServerRangeFrom": "192.168.140.100",
            "dhcpServerRangeTo": "192.168.140.199",
            "gatewayLessRouting": false
        },
        "wan": {
            "multiwanPolicy": "eth_cell_wifi",
            "ipUseDhcp": true,
            "ipAddress": "",
            "ipNetMask": "",
            "ipGateway": "",
            "dnsServers": [],
            "dnsRebindProtectionEnabled": true,
            "wanTrackInterval": 60,
            "wanTrackIps": ["8.8.8.8", "1.1.1.1"]
        },
        "wlan": {
            "wlanEnable": true,
            "wlanMode": "accessPoint",
            "wlanSsid": "IXrouter",
            "wlanKey": "ixon-wlan-key",
            "wlanEncryption": "psk2",
            "wlanChannel": 6,
            "wlanHidden": false,
            "wlanTrackInterval": 60,
            "wlanTrackIps": ["8.8.8.8"]
        },
        "cellular": {
            "cellularEnable": true,
            "cellularApn": "internet",
            "cellularPincode": "",
            "cellularMtu": 1430,
            "cellularTrackInterval": 60,
            "cellularTrackIps": ["8.8.8.8"]
        },
        "firewall": {
            "forwardLanWan": "neither",
            "forwardLanWan2": "neither",
            "portForwards": []
        },
        "proxy": {
            "httpProxyAddress": "",
            "httpProxyPort": 0,
            "httpProxyAuthentication": "none",
            "httpProxyUsername": "",
            "httpProxyIsSocks5": false
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::configuration::{SHAPE, validate};

    #[test]
    fn factory_configuration_fits_the_shape_completely() {
        validate(&default_configuration(), &SHAPE, false).unwrap();
    }

    #[test]
    fn hosts_follow_the_lan_subnet() {
        let mut d = DeviceState::new(Flavor::Ixon, "ixrouter", 7, Instant::now());
        let h = d.hosts[0].clone();
        assert_eq!(d.host_ip(&h), Ipv4Addr::new(192, 168, 140, 100));
        d.configuration["lan"]["ipAddress"] = json!("10.1.0.1");
        d.configuration["lan"]["netMask"] = json!("255.255.0.0");
        assert_eq!(d.lan(), (Ipv4Addr::new(10, 1, 0, 1), 16));
        assert_eq!(d.host_ip(&h), Ipv4Addr::new(10, 1, 0, 100));
        assert_eq!(netmask(16), "255.255.0.0");
        assert_eq!(netmask(0), "0.0.0.0");
    }

    #[test]
    fn wireless_hosts_leave_when_the_access_point_goes() {
        let mut d = DeviceState::new(Flavor::Ixon, "ixrouter", 7, Instant::now());
        assert_eq!(d.present_hosts().count(), 4);
        d.configuration["wlan"]["wlanMode"] = json!("client");
        assert_eq!(d.present_hosts().count(), 2);
    }
}
