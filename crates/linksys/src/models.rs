//! The `output` objects of the actions this crate knows, as JNAP spells
//! them (camelCase, `ID`/`IP`/`MAC`/`DST` in capitals). The client reads
//! them and the simulator writes them, so a shape is written once.
//!
//! Fields a firmware may leave out are `Option`s or default to empty, and
//! unknown members are ignored, so newer firmware does not break reading.
//! Shapes follow the real replies in the reference; where a member is our
//! own inference the doc comment says so.

use serde::{Deserialize, Serialize};

/// `core/GetDeviceInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceInfo {
    /// Always `Linksys`.
    #[serde(default)]
    pub manufacturer: String,
    /// `WHW03`, `EA7500`...
    #[serde(default)]
    pub model_number: String,
    /// Hardware revision.
    #[serde(default)]
    pub hardware_version: String,
    /// Product line (`Velop`, `Linksys EA7500`).
    #[serde(default)]
    pub description: String,
    /// Serial number.
    #[serde(default)]
    pub serial_number: String,
    /// Firmware version.
    #[serde(default)]
    pub firmware_version: String,
    /// Firmware build date (ISO 8601, UTC).
    #[serde(default)]
    pub firmware_date: String,
    /// Service URIs the firmware implements; decides action versions.
    #[serde(default)]
    pub services: Vec<String>,
}

/// `devicelist/GetDevices[3]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Devices {
    /// The device list's revision now; pass it as `sinceRevision` next time.
    pub revision: u64,
    /// Devices changed since the requested revision (all for 0).
    #[serde(default)]
    pub devices: Vec<Device>,
    /// Devices removed since the requested revision.
    #[serde(
        default,
        rename = "deletedDeviceIDs",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub deleted_device_ids: Vec<String>,
}

/// One device the router knows: a client, or a mesh node / the router.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    /// Stable GUID.
    #[serde(rename = "deviceID")]
    pub device_id: String,
    /// Revision at which this device last changed.
    #[serde(default)]
    pub last_change_revision: u64,
    /// Hardware description.
    #[serde(default)]
    pub model: DeviceModel,
    /// Unit description (serial, firmware, operating system).
    #[serde(default)]
    pub unit: DeviceUnit,
    /// True for the router answering.
    #[serde(default)]
    pub is_authority: bool,
    /// `Master` / `Slave` for mesh nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_type: Option<String>,
    /// The name the router gave the device (usually its DHCP host name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
    /// Interfaces seen (`GetDevices3`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub known_interfaces: Vec<KnownInterface>,
    /// MAC addresses seen (`GetDevices` version 1).
    #[serde(
        default,
        rename = "knownMACAddresses",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub known_mac_addresses: Vec<String>,
    /// Current connections; empty = offline.
    #[serde(default)]
    pub connections: Vec<DeviceConnection>,
    /// User-set properties (`userDeviceName`, `userDeviceOS`...).
    #[serde(default)]
    pub properties: Vec<Property>,
    /// How many properties the device may carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_allowed_properties: Option<u32>,
}

impl Device {
    /// Online when the router lists a connection for it.
    pub fn is_online(&self) -> bool {
        !self.connections.is_empty()
    }

    /// A property's value.
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }

    /// The name people see: `userDeviceName`, then `friendlyName`.
    pub fn display_name(&self) -> Option<&str> {
        self.property("userDeviceName")
            .filter(|s| !s.is_empty())
            .or(self.friendly_name.as_deref().filter(|s| !s.is_empty()))
    }

    /// Every MAC address of the device, from either list.
    pub fn mac_addresses(&self) -> Vec<&str> {
        let mut macs: Vec<&str> = self
            .known_interfaces
            .iter()
            .map(|i| i.mac_address.as_str())
            .collect();
        for mac in &self.known_mac_addresses {
            if !macs.contains(&mac.as_str()) {
                macs.push(mac);
            }
        }
        macs
    }
}

/// `model` of a device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceModel {
    /// `Infrastructure`, `Mobile`, `Phone`, `Computer`...
    #[serde(default)]
    pub device_type: String,
    /// Manufacturer, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<String>,
    /// Model number, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_number: Option<String>,
    /// Hardware version, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardware_version: Option<String>,
    /// Description, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `unit` of a device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceUnit {
    /// Serial number (Linksys nodes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// Firmware version (Linksys nodes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firmware_version: Option<String>,
    /// Firmware date (Linksys nodes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firmware_date: Option<String>,
    /// Operating system guessed by the router.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_system: Option<String>,
}

/// One interface in `knownInterfaces`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KnownInterface {
    /// Upper-case colon MAC.
    pub mac_address: String,
    /// `Wired`, `Wireless` or `Unknown`.
    #[serde(default)]
    pub interface_type: String,
    /// `2.4GHz`, `5GHz`... for wireless interfaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
}

/// One entry of a device's `connections`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceConnection {
    /// The MAC the connection uses.
    pub mac_address: String,
    /// IPv4 address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// IPv6 address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_address: Option<String>,
    /// The node the device hangs off (mesh).
    #[serde(
        default,
        rename = "parentDeviceID",
        skip_serializing_if = "Option::is_none"
    )]
    pub parent_device_id: Option<String>,
    /// Connected to the guest network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_guest: Option<bool>,
}

/// A `{name, value}` device property.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Property {
    /// Property name.
    pub name: String,
    /// Property value.
    pub value: String,
}

/// `networkconnections/GetNetworkConnections[2]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkConnections {
    /// One entry per connected MAC.
    #[serde(default)]
    pub connections: Vec<NetworkConnection>,
}

/// Link information for one connected MAC.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkConnection {
    /// The MAC address.
    pub mac_address: String,
    /// Negotiated link speed in Mbit/s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negotiated_mbps: Option<u64>,
    /// Present for wireless connections only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wireless: Option<WirelessLink>,
}

/// The wireless half of a [`NetworkConnection`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WirelessLink {
    /// BSSID the station is associated to.
    #[serde(default)]
    pub bssid: String,
    /// On the guest network.
    #[serde(default)]
    pub is_guest: bool,
    /// `RADIO_2.4GHz`, `RADIO_5GHz`...
    #[serde(default, rename = "radioID")]
    pub radio_id: String,
    /// `2.4GHz`, `5GHz`.
    #[serde(default)]
    pub band: String,
    /// Signal strength. Real routers report the magnitude (50 for -50 dBm)
    /// here and the signed value in the nodes variant; read with
    /// [`WirelessLink::signal_dbm`].
    #[serde(default)]
    pub signal_decibels: i32,
}

impl WirelessLink {
    /// Signal in dBm, always negative (or 0).
    pub fn signal_dbm(&self) -> i32 {
        -self.signal_decibels.saturating_abs()
    }
}

/// `router/GetWANStatus[2,3]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WanStatus {
    /// WAN types the router can use.
    #[serde(default, rename = "supportedWANTypes")]
    pub supported_wan_types: Vec<String>,
    /// IPv6 WAN types (version 2 and later).
    #[serde(
        default,
        rename = "supportedIPv6WANTypes",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub supported_ipv6_wan_types: Vec<String>,
    /// Allowed IPv4/IPv6 combinations (version 3).
    #[serde(
        default,
        rename = "supportedWANCombinations",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub supported_wan_combinations: Vec<WanCombination>,
    /// Whether WAN type detection is running.
    #[serde(default, rename = "isDetectingWANType")]
    pub is_detecting_wan_type: bool,
    /// What detection found.
    #[serde(
        default,
        rename = "detectedWANType",
        skip_serializing_if = "Option::is_none"
    )]
    pub detected_wan_type: Option<String>,
    /// `Connected`, `Connecting`, `Disconnected`.
    #[serde(default, rename = "wanStatus")]
    pub wan_status: String,
    /// The IPv4 connection, when there is one.
    #[serde(
        default,
        rename = "wanConnection",
        skip_serializing_if = "Option::is_none"
    )]
    pub wan_connection: Option<WanConnection>,
    /// IPv6 state.
    #[serde(
        default,
        rename = "wanIPv6Status",
        skip_serializing_if = "Option::is_none"
    )]
    pub wan_ipv6_status: Option<String>,
    /// Link-local IPv6 address of the WAN port.
    #[serde(
        default,
        rename = "linkLocalIPv6Address",
        skip_serializing_if = "Option::is_none"
    )]
    pub link_local_ipv6_address: Option<String>,
    /// WAN port MAC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_address: Option<String>,
}

/// One `{wanType, wanIPv6Type}` pair.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WanCombination {
    /// IPv4 WAN type.
    #[serde(rename = "wanType")]
    pub wan_type: String,
    /// IPv6 WAN type.
    #[serde(rename = "wanIPv6Type")]
    pub wan_ipv6_type: String,
}

/// The IPv4 WAN connection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WanConnection {
    /// `DHCP`, `Static`, `PPPoE`...
    #[serde(default, rename = "wanType")]
    pub wan_type: String,
    /// Address.
    #[serde(default)]
    pub ip_address: String,
    /// Prefix length.
    #[serde(default)]
    pub network_prefix_length: u8,
    /// Gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
    /// MTU (0 = automatic).
    #[serde(default)]
    pub mtu: u32,
    /// DHCP lease length.
    #[serde(
        default,
        rename = "dhcpLeaseMinutes",
        skip_serializing_if = "Option::is_none"
    )]
    pub dhcp_lease_minutes: Option<u64>,
    /// First DNS server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_server1: Option<String>,
    /// Second DNS server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_server2: Option<String>,
    /// Third DNS server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_server3: Option<String>,
}

/// `router/GetLANSettings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LanSettings {
    /// Router LAN address.
    pub ip_address: String,
    /// LAN prefix length.
    pub network_prefix_length: u8,
    /// Smallest prefix length allowed.
    #[serde(default)]
    pub min_network_prefix_length: u8,
    /// Largest prefix length allowed.
    #[serde(default)]
    pub max_network_prefix_length: u8,
    /// The router's host name.
    #[serde(default)]
    pub host_name: String,
    /// DHCP server on.
    #[serde(default, rename = "isDHCPEnabled")]
    pub is_dhcp_enabled: bool,
    /// DHCP server settings.
    #[serde(default, rename = "dhcpSettings")]
    pub dhcp_settings: DhcpSettings,
    /// Shortest lease allowed.
    #[serde(default, rename = "minAllowedDHCPLeaseMinutes")]
    pub min_allowed_dhcp_lease_minutes: u64,
    /// Longest lease allowed.
    #[serde(default, rename = "maxAllowedDHCPLeaseMinutes")]
    pub max_allowed_dhcp_lease_minutes: u64,
    /// Longest reservation description.
    #[serde(default, rename = "maxDHCPReservationDescriptionLength")]
    pub max_dhcp_reservation_description_length: u32,
}

/// `dhcpSettings` of [`LanSettings`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DhcpSettings {
    /// Pool start.
    #[serde(default, rename = "firstClientIPAddress")]
    pub first_client_ip_address: String,
    /// Pool end.
    #[serde(default, rename = "lastClientIPAddress")]
    pub last_client_ip_address: String,
    /// Lease length.
    #[serde(default)]
    pub lease_minutes: u64,
    /// Static reservations.
    #[serde(default)]
    pub reservations: Vec<DhcpReservation>,
}

/// One DHCP reservation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DhcpReservation {
    /// Client MAC.
    pub mac_address: String,
    /// Reserved address.
    pub ip_address: String,
    /// Label.
    #[serde(default)]
    pub description: String,
}

/// `router/GetDHCPClientLeases`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DhcpClientLeases {
    /// Current leases.
    #[serde(default)]
    pub leases: Vec<DhcpClientLease>,
}

/// One DHCP lease.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DhcpClientLease {
    /// Client MAC.
    pub mac_address: String,
    /// Leased address.
    pub ip_address: String,
    /// Expiry (ISO 8601, UTC).
    #[serde(default)]
    pub expiration: String,
    /// Host name the client sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_name: Option<String>,
    /// DHCP client id (`01:` + lower-case MAC).
    #[serde(default, rename = "clientID", skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

/// `wirelessap/GetRadioInfo[2,3]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RadioInfo {
    /// Band steering available.
    #[serde(default)]
    pub is_band_steering_supported: bool,
    /// The radios.
    #[serde(default)]
    pub radios: Vec<Radio>,
}

/// One radio.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Radio {
    /// `RADIO_2.4GHz`, `RADIO_5GHz`, `RADIO_5GHz_2`.
    #[serde(rename = "radioID")]
    pub radio_id: String,
    /// Driver name (`ath0`); version 3 (**inferred**).
    #[serde(
        default,
        rename = "physicalRadioID",
        skip_serializing_if = "Option::is_none"
    )]
    pub physical_radio_id: Option<String>,
    /// BSSID.
    #[serde(default)]
    pub bssid: String,
    /// `2.4GHz`, `5GHz`.
    #[serde(default)]
    pub band: String,
    /// Allowed `mode` values.
    #[serde(default)]
    pub supported_modes: Vec<String>,
    /// Channels allowed per channel width (0 = auto).
    #[serde(default)]
    pub supported_channels_for_channel_widths: Vec<ChannelsForWidth>,
    /// Allowed `security` values.
    #[serde(default)]
    pub supported_security_types: Vec<String>,
    /// RADIUS key limit; version 2 and later (**inferred**).
    #[serde(
        default,
        rename = "maxRADIUSSharedKeyLength",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_radius_shared_key_length: Option<u32>,
    /// Current settings.
    pub settings: RadioSettings,
}

/// Channels for one width.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelsForWidth {
    /// `Auto`, `Standard`, `Wide`.
    pub channel_width: String,
    /// Channel numbers (0 = auto).
    pub channels: Vec<u32>,
}

/// A radio's settings, read and written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RadioSettings {
    /// Radio on.
    pub is_enabled: bool,
    /// 802.11 mode.
    pub mode: String,
    /// Network name.
    pub ssid: String,
    /// SSID in beacons.
    #[serde(rename = "broadcastSSID")]
    pub broadcast_ssid: bool,
    /// Channel width.
    pub channel_width: String,
    /// Channel (0 = auto).
    pub channel: u32,
    /// `None`, `WPA2-Personal`, `WPA-Mixed-Personal`, `WPA3-Personal`...
    pub security: String,
    /// Passphrase for personal security modes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wpa_personal_settings: Option<WpaPersonalSettings>,
}

/// `wpaPersonalSettings`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WpaPersonalSettings {
    /// The passphrase.
    pub passphrase: String,
}

/// `guestnetwork/GetGuestRadioSettings[2]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuestRadioSettings {
    /// Captive portal mode; version 2.
    #[serde(
        default,
        rename = "isGuestNetworkACaptivePortal",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_guest_network_a_captive_portal: Option<bool>,
    /// Guest network on.
    pub is_guest_network_enabled: bool,
    /// Per-radio guest SSIDs.
    #[serde(default)]
    pub radios: Vec<GuestRadio>,
}

/// One radio's guest network.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuestRadio {
    /// Radio.
    #[serde(rename = "radioID")]
    pub radio_id: String,
    /// Guest SSID on this radio on.
    pub is_enabled: bool,
    /// SSID in beacons.
    #[serde(rename = "broadcastGuestSSID")]
    pub broadcast_guest_ssid: bool,
    /// Guest network name.
    #[serde(rename = "guestSSID")]
    pub guest_ssid: String,
    /// Guest passphrase.
    #[serde(rename = "guestWPAPassphrase")]
    pub guest_wpa_passphrase: String,
    /// Whether the radio can carry a guest SSID now.
    #[serde(default = "yes")]
    pub can_enable_radio: bool,
}

fn yes() -> bool {
    true
}

/// `guestnetwork/GetGuestNetworkSettings`: the older single-SSID view of
/// the guest network (**inferred** shape).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuestNetworkSettings {
    /// Guest network on.
    pub is_guest_network_enabled: bool,
    /// Guest SSID.
    #[serde(rename = "guestSSID")]
    pub guest_ssid: String,
    /// Guest passphrase.
    pub guest_password: String,
    /// SSID in beacons.
    #[serde(rename = "broadcastGuestSSID")]
    pub broadcast_guest_ssid: bool,
    /// Guest limit.
    #[serde(default)]
    pub max_simultaneous_guests: u32,
}

/// `parentalcontrol/GetParentalControlSettings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParentalControlSettings {
    /// Rules enforced.
    pub is_parental_control_enabled: bool,
    /// The rules.
    #[serde(default)]
    pub rules: Vec<ParentalControlRule>,
    /// Rule limit (**inferred**).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rules: Option<u32>,
    /// Description limit (**inferred**).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rule_description_length: Option<u32>,
    /// Blocked URLs per rule (**inferred**).
    #[serde(
        default,
        rename = "maxRuleBlockedURLs",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_rule_blocked_urls: Option<u32>,
}

/// One parental-control rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParentalControlRule {
    /// Rule on.
    pub is_enabled: bool,
    /// Label.
    pub description: String,
    /// Devices the rule applies to.
    pub mac_addresses: Vec<String>,
    /// Sites blocked at all times.
    #[serde(rename = "blockedURLs")]
    pub blocked_urls: Vec<String>,
    /// When internet access is blocked.
    pub wan_schedule: WanSchedule,
}

/// One 48-character `0`/`1` string per day, one character per half hour,
/// `1` = blocked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct WanSchedule {
    pub sunday: String,
    pub monday: String,
    pub tuesday: String,
    pub wednesday: String,
    pub thursday: String,
    pub friday: String,
    pub saturday: String,
}

/// Day names of a [`WanSchedule`], in order.
pub const WEEKDAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

/// Length of one day's schedule string.
pub const SCHEDULE_SLOTS: usize = 48;

/// Check one day's schedule: 48 characters, each `0` or `1`.
///
/// ```
/// use routerctl_linksys::models::check_schedule;
/// assert!(check_schedule(&"0".repeat(48)).is_ok());
/// assert!(check_schedule("01").is_err());
/// ```
pub fn check_schedule(day: &str) -> Result<(), String> {
    if day.chars().count() != SCHEDULE_SLOTS {
        return Err(format!(
            "is {} characters long, expected {SCHEDULE_SLOTS}",
            day.chars().count()
        ));
    }
    if let Some(c) = day.chars().find(|c| *c != '0' && *c != '1') {
        return Err(format!("contains {c:?}; only '0' and '1' are allowed"));
    }
    Ok(())
}

impl WanSchedule {
    /// Every day the same.
    pub fn every_day(day: &str) -> Self {
        Self {
            sunday: day.into(),
            monday: day.into(),
            tuesday: day.into(),
            wednesday: day.into(),
            thursday: day.into(),
            friday: day.into(),
            saturday: day.into(),
        }
    }

    /// The days in [`WEEKDAYS`] order.
    pub fn days(&self) -> [&str; 7] {
        [
            &self.sunday,
            &self.monday,
            &self.tuesday,
            &self.wednesday,
            &self.thursday,
            &self.friday,
            &self.saturday,
        ]
    }
}

/// `locale/GetTimeSettings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeSettings {
    /// Current zone.
    #[serde(rename = "timeZoneID")]
    pub time_zone_id: String,
    /// Follow daylight saving.
    #[serde(rename = "autoAdjustForDST")]
    pub auto_adjust_for_dst: bool,
    /// Zones to choose from.
    #[serde(default)]
    pub supported_time_zones: Vec<TimeZone>,
    /// Router clock (ISO 8601, UTC).
    #[serde(default)]
    pub current_time: String,
}

/// One time zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeZone {
    /// Zone id (`GMT0-NO-DST`).
    #[serde(rename = "timeZoneID")]
    pub time_zone_id: String,
    /// Offset from UTC.
    pub utc_offset_minutes: i32,
    /// Has daylight saving.
    #[serde(rename = "observesDST")]
    pub observes_dst: bool,
    /// Label.
    pub description: String,
}

/// `firmwareupdate/GetFirmwareUpdateSettings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FirmwareUpdateSettings {
    /// `AutomaticallyCheckAndInstall`, `AutomaticallyCheck` or `Manual`
    /// (the last two **inferred**).
    pub update_policy: String,
    /// When automatic installs may run.
    pub auto_update_window: UpdateWindow,
}

/// Allowed policies of [`FirmwareUpdateSettings`].
pub const UPDATE_POLICIES: [&str; 3] = [
    "AutomaticallyCheckAndInstall",
    "AutomaticallyCheck",
    "Manual",
];

/// Install window in minutes after midnight.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateWindow {
    /// Start, minutes after midnight (0..1439).
    pub start_minute: u32,
    /// Length in minutes (1..1440).
    pub duration_minutes: u32,
}

/// `firmwareupdate/GetFirmwareUpdateStatus`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FirmwareUpdateStatus {
    /// Last successful check (ISO 8601, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_successful_check_time: Option<String>,
    /// A newer firmware found by the last check (**inferred** shape).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_update: Option<AvailableUpdate>,
}

/// A firmware the router could install.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailableUpdate {
    /// Its version.
    pub firmware_version: String,
    /// Its build date.
    pub firmware_date: String,
}

/// `routerlog/GetLogSettings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogSettings {
    /// Logging on.
    pub is_logging_enabled: bool,
}

/// `routerlog/Get{Incoming,Outgoing,Security,DHCP}LogEntries`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntries {
    /// Entries from `firstEntryIndex` (1-based) on, at most `entryCount`.
    /// Members differ per log (**inferred**), so they stay JSON.
    #[serde(default)]
    pub entries: Vec<serde_json::Value>,
}

/// Which router log to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    /// Incoming traffic.
    Incoming,
    /// Outgoing traffic.
    Outgoing,
    /// Security events.
    Security,
    /// DHCP client events.
    Dhcp,
}

impl LogKind {
    /// The action reading this log.
    pub fn action(self) -> &'static str {
        match self {
            LogKind::Incoming => "routerlog/GetIncomingLogEntries",
            LogKind::Outgoing => "routerlog/GetOutgoingLogEntries",
            LogKind::Security => "routerlog/GetSecurityLogEntries",
            LogKind::Dhcp => "routerlog/GetDHCPLogEntries",
        }
    }
}

/// `routerleds/GetRouterLEDSettings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouterLedSettings {
    /// Port LEDs on.
    #[serde(rename = "isSwitchportLEDEnabled")]
    pub is_switchport_led_enabled: bool,
}

/// `core/GetAdminPasswordRestrictions` (**inferred** shape).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminPasswordRestrictions {
    /// Shortest password.
    pub min_length: u32,
    /// Longest password.
    pub max_length: u32,
    /// Characters a password may not contain.
    #[serde(default)]
    pub disallowed_characters: String,
}

/// `core/GetAdminPasswordAuthStatus` and the `error` JSON of
/// `CheckAdminPassword3` failures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminPasswordAuthStatus {
    /// Wrong passwords still allowed before lock-out.
    #[serde(default)]
    pub attempts_remaining: u32,
    /// Seconds before the next check is allowed.
    #[serde(default)]
    pub delay_time_remaining: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_payloads_parse() {
        let devices: Devices = serde_json::from_str(include_str!(
            "../tests/data/devicelist.GetDevices3.output.json"
        ))
        .unwrap();
        assert_eq!(devices.revision, 6077);
        assert_eq!(devices.devices[0].display_name(), Some("Hank Table Test"));
        assert!(!devices.devices[1].is_online());
        let wan: WanStatus = serde_json::from_str(include_str!(
            "../tests/data/router.GetWANStatus3.output.json"
        ))
        .unwrap();
        assert_eq!(wan.supported_wan_combinations.len(), 8);
        assert_eq!(
            wan.wan_connection.map(|c| c.gateway),
            Some(Some("192.168.2.1".into()))
        );
        let radios: RadioInfo = serde_json::from_str(include_str!(
            "../tests/data/wirelessap.GetRadioInfo3.output.json"
        ))
        .unwrap();
        assert_eq!(radios.radios.len(), 3);
        let conns: NetworkConnections = serde_json::from_str(include_str!(
            "../tests/data/networkconnections.GetNetworkConnections2.output.json"
        ))
        .unwrap();
        assert_eq!(
            conns.connections[0]
                .wireless
                .as_ref()
                .map(|w| w.signal_dbm()),
            Some(-50)
        );
        let lan: LanSettings = serde_json::from_str(include_str!(
            "../tests/data/router.GetLANSettings.output.json"
        ))
        .unwrap();
        assert_eq!(lan.host_name, "Linksys00005");
        let guest: GuestRadioSettings = serde_json::from_str(include_str!(
            "../tests/data/guestnetwork.GetGuestRadioSettings2.output.json"
        ))
        .unwrap();
        assert_eq!(guest.radios.len(), 2);
    }

    #[test]
    fn written_shapes_match_the_reference() {
        let text = include_str!("../tests/data/wirelessap.GetRadioInfo3.output.json");
        let parsed: RadioInfo = serde_json::from_str(text).unwrap();
        let original: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_value(&parsed).unwrap(), original);
        let text = include_str!("../tests/data/router.GetWANStatus3.output.json");
        let parsed: WanStatus = serde_json::from_str(text).unwrap();
        let original: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_value(&parsed).unwrap(), original);
    }

    #[test]
    fn schedules_are_checked() {
        assert!(check_schedule(&"1".repeat(48)).is_ok());
        assert!(check_schedule(&"1".repeat(47)).is_err());
        assert!(check_schedule(&format!("{}2", "0".repeat(47))).is_err());
    }
}

/// Debug output of the structs that carry a Wi-Fi passphrase masks it, so a
/// `{:?}` in a log line or an error never shows the key of anyone's network.
const MASKED: &str = "***";

impl std::fmt::Debug for WpaPersonalSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WpaPersonalSettings")
            .field("passphrase", &MASKED)
            .finish()
    }
}

impl std::fmt::Debug for GuestRadio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuestRadio")
            .field("radio_id", &self.radio_id)
            .field("is_enabled", &self.is_enabled)
            .field("broadcast_guest_ssid", &self.broadcast_guest_ssid)
            .field("guest_ssid", &self.guest_ssid)
            .field("guest_wpa_passphrase", &MASKED)
            .field("can_enable_radio", &self.can_enable_radio)
            .finish()
    }
}

impl std::fmt::Debug for GuestNetworkSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuestNetworkSettings")
            .field("is_guest_network_enabled", &self.is_guest_network_enabled)
            .field("guest_ssid", &self.guest_ssid)
            .field("guest_password", &MASKED)
            .field("broadcast_guest_ssid", &self.broadcast_guest_ssid)
            .field("max_simultaneous_guests", &self.max_simultaneous_guests)
            .finish()
    }
}

#[cfg(test)]
mod debug_masking_tests {
    use super::*;

    #[test]
    fn passphrases_never_show_in_debug_output() {
        let wpa = WpaPersonalSettings {
            passphrase: "hunter2-wifi".into(),
        };
        let guest = GuestRadio {
            guest_wpa_passphrase: "guest-key-9".into(),
            ..Default::default()
        };
        let old = GuestNetworkSettings {
            guest_password: "old-guest-7".into(),
            ..Default::default()
        };
        let shown = format!("{wpa:?} {guest:?} {old:?}");
        for secret in ["hunter2-wifi", "guest-key-9", "old-guest-7"] {
            assert!(!shown.contains(secret), "{secret} leaked in {shown}");
        }
        assert!(shown.contains("***"));
    }
}
