//! One entry of the simulated device list and how it is attached.

use crate::models::Device;

/// How a client is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// `None` for wired clients; the radio otherwise.
    pub radio_id: Option<String>,
    /// `2.4GHz` / `5GHz` for wireless clients.
    pub band: Option<String>,
    /// Associated to the guest SSID.
    pub is_guest: bool,
    /// Signal magnitude around which readings vary.
    pub base_signal: i32,
    /// Negotiated speed.
    pub mbps: u64,
}

/// One device in the device list, with what the router knows of its link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimDevice {
    /// What `GetDevices3` shows (connections reflect `online`).
    pub device: Device,
    /// Link details for `GetNetworkConnections`; `None` for the router.
    pub link: Option<Link>,
    /// Its main MAC.
    pub mac: String,
    /// Its IPv4 address while online.
    pub ip: String,
    /// Host name sent in DHCP.
    pub dhcp_host: Option<String>,
    /// Online now.
    pub online: bool,
    /// Joins and leaves with the simulated clock.
    pub roams: bool,
}
