//! Hosts the router knows, joined from ARP, DHCP and wireless tables.

use std::collections::HashMap;

use routerctl_core::Client;
use routerctl_core::vocab::{Band, mac_address};

use super::common::{enabled, signal_dbm};
use crate::api::proto::Attributes;
use crate::values::TypedAttributes;

/// A wireless interface's SSID and band, for registration rows that do
/// not carry them (the old `wireless` package).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RadioInfo {
    /// The wireless interface's `ssid`; `None` when unset or empty.
    pub ssid: Option<String>,
    /// The interface's `band`; `None` when unset or not a band.
    pub band: Option<Band>,
}

/// Clients by (neutral-spelling) MAC in first-seen order.
#[derive(Default)]
struct ClientTable {
    order: Vec<String>,
    by_mac: HashMap<String, Client>,
}

impl ClientTable {
    fn contains(&self, key: &str) -> bool {
        self.by_mac.contains_key(key)
    }

    /// The client for `key`, a MAC already in the neutral spelling.
    fn entry(&mut self, key: String) -> &mut Client {
        if !self.by_mac.contains_key(&key) {
            self.order.push(key.clone());
        }
        self.by_mac.entry(key.clone()).or_insert_with(|| Client {
            mac_address: key,
            is_wireless: Some(false),
            is_active: Some(false),
            ..Client::default()
        })
    }

    fn into_vec(mut self) -> Vec<Client> {
        self.order
            .iter()
            .filter_map(|k| self.by_mac.remove(k))
            .collect()
    }
}

/// Hosts the router knows: ARP entries, bound DHCP leases and wireless
/// registrations, joined by MAC address (first seen order: ARP, leases,
/// registrations).
///
/// A client missing from the registration tables is reported as not
/// wireless *on this router* (it may sit behind another access point).
/// `radios` gives SSID and band for registration rows that lack them (the
/// old `wireless` package).
pub fn clients(
    arp: &[Attributes],
    leases: &[Attributes],
    registrations: &[Attributes],
    radios: &HashMap<String, RadioInfo>,
) -> Vec<Client> {
    let mut table = ClientTable::default();
    for row in arp.iter().filter(|r| enabled(r)) {
        let Some(mac) = row.utf8("mac-address").and_then(mac_address) else {
            continue; // incomplete entries have no MAC yet
        };
        let status = row.utf8("status");
        if matches!(status, Some("failed" | "incomplete")) {
            continue;
        }
        let active = match status {
            Some(s) => matches!(s, "reachable" | "delay" | "probe" | "permanent"),
            None => row.bool("complete") == Some(true),
        };
        let c = table.entry(mac);
        c.ip_address = c
            .ip_address
            .take()
            .or_else(|| row.non_empty_text("address"));
        c.interface = c
            .interface
            .take()
            .or_else(|| row.non_empty_text("interface"));
        c.is_active = Some(c.is_active == Some(true) || active);
    }
    // Leases enrich known hosts; on their own they count only when bound.
    for row in leases.iter().filter(|r| enabled(r)) {
        let Some(mac) = row
            .non_empty_text("active-mac-address")
            .or_else(|| row.non_empty_text("mac-address"))
            .and_then(|m| mac_address(&m))
        else {
            continue;
        };
        let bound = row.utf8("status") == Some("bound");
        if !bound && !table.contains(&mac) {
            continue;
        }
        let c = table.entry(mac);
        c.ip_address = c.ip_address.take().or_else(|| {
            row.non_empty_text("active-address")
                .or_else(|| row.non_empty_text("address"))
        });
        c.hostname = c
            .hostname
            .take()
            .or_else(|| row.non_empty_text("host-name"));
        c.is_active = Some(c.is_active == Some(true) || bound);
    }
    for row in registrations {
        let Some(mac) = row.utf8("mac-address").and_then(mac_address) else {
            continue;
        };
        let iface = row.non_empty_text("interface");
        let radio = iface.as_ref().and_then(|i| radios.get(i));
        let c = table.entry(mac);
        c.is_wireless = Some(true);
        c.is_active = Some(true);
        if iface.is_some() {
            c.interface = iface;
        }
        c.ssid = row
            .non_empty_text("ssid")
            .or_else(|| radio.and_then(|r| r.ssid.clone()));
        c.band = row
            .utf8("band")
            .and_then(Band::from_vendor)
            .or_else(|| radio.and_then(|r| r.band));
        c.signal_dbm = row
            .utf8("signal")
            .or_else(|| row.utf8("signal-strength"))
            .and_then(signal_dbm);
    }
    table.into_vec()
}

/// SSID and band per `/interface/wireless` row, for joining registrations.
pub fn wireless_radios(rows: &[Attributes]) -> HashMap<String, RadioInfo> {
    rows.iter()
        .filter_map(|r| {
            Some((
                r.non_empty_text("name")?,
                RadioInfo {
                    ssid: r.non_empty_text("ssid"),
                    band: r.utf8("band").and_then(Band::from_vendor),
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::mapping::common::row;

    #[test]
    fn clients_join_arp_leases_and_registrations() {
        let arp = [
            row(&[
                ("address", "192.168.88.10"),
                ("mac-address", "AA:BB:CC:00:00:01"),
                ("interface", "bridge"),
                ("status", "reachable"),
            ]),
            row(&[
                ("address", "192.168.88.11"),
                ("mac-address", "AA:BB:CC:00:00:02"),
                ("interface", "bridge"),
                ("status", "stale"),
            ]),
            row(&[
                ("address", "192.168.88.12"),
                ("interface", "bridge"),
                ("status", "failed"),
            ]),
        ];
        let leases = [
            row(&[
                ("address", "192.168.88.10"),
                ("mac-address", "aa:bb:cc:00:00:01"),
                ("host-name", "laptop"),
                ("status", "bound"),
            ]),
            row(&[
                ("address", "192.168.88.50"),
                ("mac-address", "AA:BB:CC:00:00:09"),
                ("status", "waiting"),
            ]),
            row(&[
                ("address", "192.168.88.20"),
                ("active-mac-address", "AA:BB:CC:00:00:03"),
                ("host-name", "phone"),
                ("status", "bound"),
            ]),
        ];
        let regs = [
            row(&[
                ("mac-address", "AA:BB:CC:00:00:03"),
                ("interface", "wifi1"),
                ("ssid", "home"),
                ("band", "5ghz-ax"),
                ("signal", "-61"),
            ]),
            row(&[
                ("mac-address", "AA:BB:CC:00:00:04"),
                ("interface", "wlan1"),
                ("signal-strength", "-70dBm@6Mbps"),
            ]),
        ];
        let mut radios = HashMap::new();
        radios.insert(
            "wlan1".to_string(),
            RadioInfo {
                ssid: Some("old".into()),
                band: Some(Band::Ghz2_4),
            },
        );
        let c = clients(&arp, &leases, &regs, &radios);
        let macs: Vec<&str> = c.iter().map(|c| c.mac_address.as_str()).collect();
        assert_eq!(
            macs,
            [
                "AA:BB:CC:00:00:01",
                "AA:BB:CC:00:00:02",
                "AA:BB:CC:00:00:03",
                "AA:BB:CC:00:00:04"
            ]
        );
        assert_eq!(c[0].hostname.as_deref(), Some("laptop"));
        assert_eq!(
            (c[0].is_active, c[0].is_wireless),
            (Some(true), Some(false))
        );
        assert_eq!(c[1].is_active, Some(false));
        assert_eq!(c[2].ip_address.as_deref(), Some("192.168.88.20"));
        assert_eq!(c[2].ssid.as_deref(), Some("home"));
        assert_eq!(c[2].band, Some(Band::Ghz5));
        assert_eq!(c[2].signal_dbm, Some(-61));
        assert_eq!(c[2].interface.as_deref(), Some("wifi1"));
        assert_eq!(c[3].ssid.as_deref(), Some("old"));
        assert_eq!(c[3].signal_dbm, Some(-70));
        assert_eq!(c[3].ip_address, None);
    }
}
