//! RouterOS rows → neutral records. Pure functions over [`Attributes`], so
//! they are tested without a router and shared by every transport.
//!
//! Where RouterOS does not say something, the field stays `None`: nothing
//! is inferred from names or guessed from defaults. Bands, security modes,
//! interface kinds and MAC addresses are spelled as
//! [`routerctl_core::vocab`] says; a row whose MAC address does not parse is
//! left out of the tables keyed on it (leases, clients).
//!
//! - [`system`] maps facts, interfaces and DHCP leases
//! - [`wan`] maps uplinks
//! - [`clients`](mod@clients) maps known hosts
//! - [`wifi`] maps Wi-Fi networks

pub mod clients;
mod common;
pub mod system;
pub mod wan;
pub mod wifi;

pub use clients::{RadioInfo, clients, wireless_radios};
pub use system::{dhcp_lease, ethernet_speeds, facts, interface, resources};
pub use wan::{WanSources, wan_kind, wan_links};
pub use wifi::{WifiProfiles, wifi_network, wireless_network};

pub use common::{by_name, channel_of, signal_dbm};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_parsers() {
        assert_eq!(signal_dbm("-67"), Some(-67));
        assert_eq!(signal_dbm("-67dBm@6Mbps"), Some(-67));
        assert_eq!(signal_dbm("-71@HT20-7"), Some(-71));
        assert_eq!(signal_dbm("strong"), None);
        assert_eq!(signal_dbm("-67x"), None);
        assert_eq!(channel_of(2484), Some(14));
        assert_eq!(channel_of(5825), Some(165));
        assert_eq!(channel_of(5955), Some(1));
        assert_eq!(channel_of(2413), None);
    }
}
