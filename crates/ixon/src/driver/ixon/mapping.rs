//! IXON overview and configuration → neutral records. Pure functions, so
//! they are tested without a router.

use routerctl_core::vocab::{Band, InterfaceKind, mac_address};
use routerctl_core::{Client, DhcpLease, Facts, Interface, WanKind, WanLink, WifiNetwork};
use serde_json::Value;

use crate::VENDOR_IXON;
use crate::configuration::band_of_channel;
use crate::driver::ubus::security_of_uci;
use crate::overview::Overview;

/// The overview's `device` section.
pub fn facts(o: &Overview) -> Facts {
    let device = o.device.clone().unwrap_or_default();
    Facts {
        vendor: VENDOR_IXON.to_string(),
        model: device.model,
        serial_number: device.serial_number,
        os_version: device.firmware_version,
        hostname: device.hostname,
        uptime_seconds: device.uptime,
    }
}

/// The overview's `interfaces`: named by kernel device where it has one,
/// with the logical (UCI) name as the description.
pub fn interfaces(o: &Overview) -> Vec<Interface> {
    o.interfaces
        .iter()
        .map(|i| Interface {
            name: i.device.clone().unwrap_or_else(|| i.name.clone()),
            kind: i.kind.as_deref().map(InterfaceKind::from_vendor),
            description: i.device.as_ref().map(|_| i.name.clone()),
            is_enabled: i.enabled,
            is_up: i.up,
            mac_address: i.mac_address.as_deref().and_then(mac_address),
            mtu: i.mtu,
            speed_mbps: i.speed,
            rx_bytes: i.rx_bytes,
            tx_bytes: i.tx_bytes,
            rx_packets: i.rx_packets,
            tx_packets: i.tx_packets,
            rx_errors: i.rx_errors,
            tx_errors: i.tx_errors,
            rx_drops: i.rx_dropped,
            tx_drops: i.tx_dropped,
        })
        .collect()
}

/// A dotted netmask's prefix length; `None` unless the ones are contiguous.
fn prefix_of_netmask(mask: &str) -> Option<u8> {
    let m: std::net::Ipv4Addr = mask.parse().ok()?;
    let bits = u32::from(m);
    let ones = bits.leading_ones();
    // A netmask must be contiguous ones followed by zeros.
    (bits.checked_shl(ones).unwrap_or(0) == 0).then_some(ones as u8)
}

/// The overview's `wan.interfaces`.
pub fn wan_links(o: &Overview) -> Vec<WanLink> {
    let Some(wan) = &o.wan else {
        return Vec::new();
    };
    wan.interfaces
        .iter()
        .map(|w| WanLink {
            name: w.name.clone(),
            kind: match w.kind.as_str() {
                "ethernet" => WanKind::Ethernet,
                "cellular" => WanKind::Cellular,
                "wifi" => WanKind::Wifi,
                "pppoe" => WanKind::Pppoe,
                _ => WanKind::Other,
            },
            is_up: w.connected,
            ip_address: w.ip_address.clone().filter(|s| !s.is_empty()),
            prefix_length: w.net_mask.as_deref().and_then(prefix_of_netmask),
            gateway: w.gateway.clone().filter(|s| !s.is_empty()),
            dns_servers: w.dns_servers.clone(),
            uptime_seconds: w.uptime,
            signal_dbm: w.signal_strength,
        })
        .collect()
}

/// The overview's LAN clients; wireless ones get the access point's SSID
/// and band. A client whose MAC address does not parse is left out.
pub fn clients(o: &Overview) -> Vec<Client> {
    let Some(lan) = &o.lan else {
        return Vec::new();
    };
    let wlan = o.wlan.as_ref();
    lan.clients
        .iter()
        .filter_map(|c| {
            let wireless = c.interface.as_deref().map(|i| i == "wlan");
            let on_wifi = wireless == Some(true);
            Some(Client {
                mac_address: mac_address(&c.mac_address)?,
                ip_address: c.ip_address.clone(),
                hostname: c.hostname.clone(),
                interface: c.interface.clone(),
                is_wireless: wireless,
                ssid: wlan.and_then(|w| w.ssid.clone()).filter(|_| on_wifi),
                band: wlan
                    .and_then(|w| w.band.as_deref())
                    .and_then(Band::from_vendor)
                    .filter(|_| on_wifi),
                signal_dbm: c.signal_strength,
                is_active: c.active,
            })
        })
        .collect()
}

/// The overview's LAN leases (one DHCP server, `lan`). A lease whose MAC
/// address does not parse is left out.
pub fn dhcp_leases(o: &Overview) -> Vec<DhcpLease> {
    let Some(lan) = &o.lan else {
        return Vec::new();
    };
    lan.dhcp_leases
        .iter()
        .filter_map(|l| {
            Some(DhcpLease {
                mac_address: mac_address(&l.mac_address)?,
                ip_address: l.ip_address.clone(),
                hostname: l.hostname.clone(),
                client_id: l.client_id.clone(),
                server: Some("lan".to_string()),
                is_static: l.is_static,
                status: None,
                expires_in_seconds: l.expires,
            })
        })
        .collect()
}

/// The access point configured in `wlan`; none while the radio is a
/// WAN client (then it is a WAN link, not a network we serve).
pub fn wifi_networks(configuration: &Value) -> Vec<WifiNetwork> {
    let Some(wlan) = configuration.get("wlan") else {
        return Vec::new();
    };
    if wlan.get("wlanMode").and_then(Value::as_str) == Some("client") {
        return Vec::new();
    }
    let Some(ssid) = wlan.get("wlanSsid").and_then(Value::as_str) else {
        return Vec::new();
    };
    let channel = wlan
        .get("wlanChannel")
        .and_then(Value::as_u64)
        .and_then(|c| u32::try_from(c).ok())
        .filter(|c| *c != 0);
    vec![WifiNetwork {
        radio: None,
        ssid: ssid.to_string(),
        band: channel.and_then(band_of_channel),
        channel,
        is_enabled: wlan.get("wlanEnable").and_then(Value::as_bool),
        is_hidden: wlan.get("wlanHidden").and_then(Value::as_bool),
        security: wlan
            .get("wlanEncryption")
            .and_then(Value::as_str)
            .map(security_of_uci),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn netmasks() {
        assert_eq!(prefix_of_netmask("255.255.255.0"), Some(24));
        assert_eq!(prefix_of_netmask("255.0.255.0"), None);
        assert_eq!(prefix_of_netmask("0.0.0.0"), Some(0));
    }

    #[cfg(feature = "sim")]
    #[test]
    fn client_mode_serves_no_network() {
        let mut cfg = crate::sim::device::default_configuration();
        assert_eq!(wifi_networks(&cfg).len(), 1);
        cfg["wlan"]["wlanMode"] = serde_json::json!("client");
        assert!(wifi_networks(&cfg).is_empty());
    }
}
