//! RouterOS rows → neutral records. Pure functions over [`Attributes`], so
//! they are tested without a router and shared by every transport.
//!
//! Where RouterOS does not say something, the field stays `None`: nothing
//! is inferred from names or guessed from defaults.

use std::collections::HashMap;
use std::net::Ipv4Addr;

use routerctl_core::{Client, DhcpLease, Facts, Interface, WanKind, WanLink, WifiNetwork};

use crate::VENDOR;
use crate::api::proto::Attributes;
use crate::values::{TypedAttributes, parse_bit_rate, parse_i64, parse_u64};

/// `/system/resource`, `/system/identity` and (if the device has one)
/// `/system/routerboard`, one row each.
pub fn facts(
    resource: Option<&Attributes>,
    identity: Option<&Attributes>,
    routerboard: Option<&Attributes>,
) -> Facts {
    Facts {
        vendor: VENDOR.to_string(),
        model: resource.and_then(|r| r.non_empty_text("board-name")),
        serial_number: routerboard.and_then(|r| r.non_empty_text("serial-number")),
        os_version: resource.and_then(|r| r.non_empty_text("version")),
        hostname: identity.and_then(|r| r.non_empty_text("name")),
        uptime_seconds: resource.and_then(|r| r.duration_secs("uptime")),
    }
}

/// One `/interface` row. `speeds` maps interface names to the link rate
/// from `/interface/ethernet/monitor` (bit/s).
pub fn interface(row: &Attributes, speeds: &HashMap<String, u64>) -> Option<Interface> {
    let name = row.non_empty_text("name")?;
    Some(Interface {
        kind: row.non_empty_text("type"),
        description: row.non_empty_text("comment"),
        is_enabled: row.bool("disabled").map(|d| !d),
        is_up: row.bool("running"),
        mac_address: row.non_empty_text("mac-address"),
        mtu: row
            .u64("actual-mtu")
            .or_else(|| row.u64("mtu"))
            .and_then(|m| u32::try_from(m).ok()),
        speed_mbps: speeds.get(&name).map(|bps| bps / 1_000_000),
        rx_bytes: row.u64("rx-byte"),
        tx_bytes: row.u64("tx-byte"),
        rx_packets: row.u64("rx-packet"),
        tx_packets: row.u64("tx-packet"),
        rx_errors: row.u64("rx-error"),
        tx_errors: row.u64("tx-error"),
        rx_drops: row.u64("rx-drop"),
        tx_drops: row.u64("tx-drop"),
        name,
    })
}

/// Link rates from `/interface/ethernet/monitor =once=` rows (`rate` is
/// absent on ports without link).
pub fn ethernet_speeds(rows: &[Attributes]) -> HashMap<String, u64> {
    rows.iter()
        .filter_map(|r| {
            let rate = r.utf8("rate").and_then(parse_bit_rate)?;
            Some((r.non_empty_text("name")?, rate))
        })
        .collect()
}

/// What carries a link, from the `/interface` `type`.
pub fn wan_kind(interface_type: Option<&str>) -> WanKind {
    match interface_type {
        Some("ether" | "vlan") => WanKind::Ethernet,
        Some("lte") => WanKind::Cellular,
        Some("wlan" | "wifi" | "wifiwave2") => WanKind::Wifi,
        Some("pppoe-out") => WanKind::Pppoe,
        _ => WanKind::Other,
    }
}

/// `a.b.c.d/len` → address and prefix length.
fn split_cidr(s: &str) -> Option<(String, u8)> {
    let (ip, len) = s.split_once('/')?;
    let len = parse_u64(len).and_then(|l| u8::try_from(l).ok())?;
    (len <= 32 && ip.parse::<Ipv4Addr>().is_ok()).then(|| (ip.to_string(), len))
}

fn in_subnet(ip: Ipv4Addr, network: Ipv4Addr, len: u8) -> bool {
    let mask = if len == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(len))
    };
    u32::from(ip) & mask == u32::from(network) & mask
}

/// Everything the WAN mapping reads, each menu's rows.
#[derive(Debug, Default)]
pub struct WanSources<'a> {
    pub dhcp_clients: &'a [Attributes],
    pub pppoe_clients: &'a [Attributes],
    pub interfaces: &'a [Attributes],
    pub addresses: &'a [Attributes],
    pub routes: &'a [Attributes],
    pub dns: Option<&'a Attributes>,
}

fn enabled(row: &Attributes) -> bool {
    row.bool("disabled") != Some(true)
}

/// A default route's gateway address and outgoing interface, as far as the
/// row says (`immediate-gw` is `ip%iface` on 7.x; `gateway` may be an
/// address, `ip%iface`, or an interface name).
fn route_gateway(route: &Attributes) -> (Option<String>, Option<String>) {
    let gateway = route.non_empty_text("gateway");
    let immediate = route.non_empty_text("immediate-gw");
    let mut ip = None;
    let mut iface = None;
    for value in [immediate.as_deref(), gateway.as_deref()]
        .into_iter()
        .flatten()
    {
        match value.split_once('%') {
            Some((a, i)) => {
                if ip.is_none() && a.parse::<Ipv4Addr>().is_ok() {
                    ip = Some(a.to_string());
                }
                iface.get_or_insert_with(|| i.to_string());
            }
            None if value.parse::<Ipv4Addr>().is_ok() => {
                ip.get_or_insert_with(|| value.to_string());
            }
            None => {
                iface.get_or_insert_with(|| value.to_string());
            }
        }
    }
    (ip, iface)
}

/// Uplinks: every enabled DHCP client and PPPoE client, plus any other
/// interface an active IPv4 default route leaves through (a static WAN).
///
/// Absent by design: `uptime_seconds` (neither menu reports it; it needs a
/// per-link `monitor`) and `signal_dbm` (LTE is not read). DNS servers are
/// the DHCP client's own when it reports them; otherwise the router's
/// resolvers from `/ip/dns` (`servers` and `dynamic-servers`), which is
/// what the link's traffic uses.
pub fn wan_links(src: &WanSources<'_>) -> Vec<WanLink> {
    let types: HashMap<String, String> = src
        .interfaces
        .iter()
        .filter_map(|r| Some((r.non_empty_text("name")?, r.non_empty_text("type")?)))
        .collect();
    let running: HashMap<String, bool> = src
        .interfaces
        .iter()
        .filter_map(|r| Some((r.non_empty_text("name")?, r.bool("running")?)))
        .collect();
    let router_dns: Vec<String> = src
        .dns
        .map(|d| {
            ["servers", "dynamic-servers"]
                .iter()
                .filter_map(|k| d.non_empty_text(k))
                .flat_map(|v| {
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect::<Vec<_>>()
                })
                .fold(Vec::new(), |mut acc, s| {
                    if !acc.contains(&s) {
                        acc.push(s);
                    }
                    acc
                })
        })
        .unwrap_or_default();
    let default_routes: Vec<(Option<String>, Option<String>)> = src
        .routes
        .iter()
        .filter(|r| enabled(r))
        .filter(|r| r.utf8("dst-address") == Some("0.0.0.0/0"))
        .filter(|r| r.bool("active") != Some(false))
        .map(route_gateway)
        .collect();
    let address_of = |iface: &str| -> Option<(String, u8, Option<String>)> {
        src.addresses
            .iter()
            .filter(|a| enabled(a) && a.utf8("interface") == Some(iface))
            .find_map(|a| {
                let (ip, len) = split_cidr(a.utf8("address")?)?;
                Some((ip, len, a.non_empty_text("network")))
            })
    };
    let route_via = |iface: &str| -> Option<String> {
        default_routes
            .iter()
            .find(|(_, i)| i.as_deref() == Some(iface))
            .and_then(|(ip, _)| ip.clone())
    };
    let is_running = |iface: &str| running.get(iface).copied();

    let mut links: Vec<WanLink> = Vec::new();
    for row in src.dhcp_clients.iter().filter(|r| enabled(r)) {
        let Some(name) = row.non_empty_text("interface") else {
            continue;
        };
        let bound = row.utf8("status").map(|s| s == "bound");
        let (ip_address, prefix_length) = match row.utf8("address").and_then(split_cidr) {
            Some((ip, len)) => (Some(ip), Some(len)),
            None => match address_of(&name) {
                Some((ip, len, _)) => (Some(ip), Some(len)),
                None => (None, None),
            },
        };
        let own_dns: Vec<String> = ["primary-dns", "secondary-dns"]
            .iter()
            .filter_map(|k| row.non_empty_text(k))
            .collect();
        links.push(WanLink {
            kind: wan_kind(types.get(&name).map(String::as_str)),
            is_up: match (bound, is_running(&name)) {
                (Some(b), Some(r)) => Some(b && r),
                (b, r) => b.or(r),
            },
            ip_address,
            prefix_length,
            gateway: row.non_empty_text("gateway").or_else(|| route_via(&name)),
            dns_servers: if own_dns.is_empty() {
                router_dns.clone()
            } else {
                own_dns
            },
            uptime_seconds: None,
            signal_dbm: None,
            name,
        });
    }
    for row in src.pppoe_clients.iter().filter(|r| enabled(r)) {
        let Some(name) = row.non_empty_text("name") else {
            continue;
        };
        let address = address_of(&name);
        links.push(WanLink {
            kind: WanKind::Pppoe,
            is_up: row.bool("running").or_else(|| is_running(&name)),
            ip_address: address.as_ref().map(|a| a.0.clone()),
            prefix_length: address.as_ref().map(|a| a.1),
            // The PPP peer: the route's gateway, else the address's
            // `network` (RouterOS stores the remote end there for PPP).
            gateway: route_via(&name).or_else(|| address.and_then(|a| a.2)),
            dns_servers: router_dns.clone(),
            uptime_seconds: None,
            signal_dbm: None,
            name,
        });
    }
    // Static uplinks: default routes through an interface not covered yet.
    for (gw_ip, gw_iface) in &default_routes {
        let iface = gw_iface.clone().or_else(|| {
            // 6.x rows give only the gateway address: find the connected
            // subnet that contains it.
            let gw: Ipv4Addr = gw_ip.as_deref()?.parse().ok()?;
            src.addresses.iter().filter(|a| enabled(a)).find_map(|a| {
                let (ip, len) = split_cidr(a.utf8("address")?)?;
                let ip: Ipv4Addr = ip.parse().ok()?;
                in_subnet(gw, ip, len).then(|| a.non_empty_text("interface"))?
            })
        });
        let Some(iface) = iface else { continue };
        if links.iter().any(|l| l.name == iface) {
            continue;
        }
        let address = address_of(&iface);
        links.push(WanLink {
            kind: wan_kind(types.get(&iface).map(String::as_str)),
            is_up: is_running(&iface),
            ip_address: address.as_ref().map(|a| a.0.clone()),
            prefix_length: address.as_ref().map(|a| a.1),
            gateway: gw_ip.clone(),
            dns_servers: router_dns.clone(),
            uptime_seconds: None,
            signal_dbm: None,
            name: iface,
        });
    }
    links
}

/// `2ghz-ax` → `2.4GHz`, `5ghz-ac` → `5GHz`, `6ghz-ax` → `6GHz`; other
/// spellings are passed through.
pub fn band(raw: &str) -> String {
    if raw.starts_with("2ghz") {
        "2.4GHz".into()
    } else if raw.starts_with("5ghz") {
        "5GHz".into()
    } else if raw.starts_with("6ghz") {
        "6GHz".into()
    } else {
        raw.to_string()
    }
}

/// The IEEE channel number of a single centre frequency in MHz.
pub fn channel_of(frequency_mhz: u64) -> Option<u32> {
    let ch = match frequency_mhz {
        2484 => 14,
        2412..=2472 if (frequency_mhz - 2407) % 5 == 0 => (frequency_mhz - 2407) / 5,
        5160..=5885 if frequency_mhz % 5 == 0 => (frequency_mhz - 5000) / 5,
        5955..=7115 if (frequency_mhz - 5950) % 5 == 0 => (frequency_mhz - 5950) / 5,
        _ => return None,
    };
    u32::try_from(ch).ok()
}

/// A signal reading: `-67` (wifi), `-67dBm@6Mbps` or `-67@HT20-7`
/// (wireless): the leading signed integer.
pub fn signal_dbm(raw: &str) -> Option<i32> {
    let end = raw
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map_or(raw.len(), |(i, _)| i);
    let rest = &raw[end..];
    if !(rest.is_empty() || rest.starts_with("dBm") || rest.starts_with('@')) {
        return None;
    }
    parse_i64(&raw[..end]).and_then(|v| i32::try_from(v).ok())
}

/// Normalized MAC for joining tables (RouterOS prints upper case, but
/// leases written by hand may not be).
fn mac_key(mac: &str) -> String {
    mac.to_ascii_uppercase()
}

/// A wireless interface's SSID and band, for registration rows that do
/// not carry them (the old `wireless` package).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RadioInfo {
    pub ssid: Option<String>,
    pub band: Option<String>,
}

/// Clients by MAC in first-seen order.
#[derive(Default)]
struct ClientTable {
    order: Vec<String>,
    by_mac: HashMap<String, Client>,
}

impl ClientTable {
    fn contains(&self, mac: &str) -> bool {
        self.by_mac.contains_key(&mac_key(mac))
    }

    fn entry(&mut self, mac: &str) -> &mut Client {
        let key = mac_key(mac);
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
        let Some(mac) = row.non_empty_text("mac-address") else {
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
        let c = table.entry(&mac);
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
        else {
            continue;
        };
        let bound = row.utf8("status") == Some("bound");
        if !bound && !table.contains(&mac) {
            continue;
        }
        let c = table.entry(&mac);
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
        let Some(mac) = row.non_empty_text("mac-address") else {
            continue;
        };
        let iface = row.non_empty_text("interface");
        let radio = iface.as_ref().and_then(|i| radios.get(i));
        let c = table.entry(&mac);
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
            .filter(|b| !b.is_empty())
            .map(band)
            .or_else(|| radio.and_then(|r| r.band.clone()));
        c.signal_dbm = row
            .utf8("signal")
            .or_else(|| row.utf8("signal-strength"))
            .and_then(signal_dbm);
    }
    table.into_vec()
}

/// One `/ip/dhcp-server/lease` row; `None` when it names no MAC address.
pub fn dhcp_lease(row: &Attributes) -> Option<DhcpLease> {
    let mac = row
        .non_empty_text("mac-address")
        .or_else(|| row.non_empty_text("active-mac-address"))?;
    Some(DhcpLease {
        mac_address: mac_key(&mac),
        ip_address: row
            .non_empty_text("active-address")
            .or_else(|| row.non_empty_text("address")),
        hostname: row.non_empty_text("host-name"),
        client_id: row
            .non_empty_text("active-client-id")
            .or_else(|| row.non_empty_text("client-id")),
        server: row
            .non_empty_text("server")
            .or_else(|| row.non_empty_text("active-server")),
        is_static: row.bool("dynamic").map(|d| !d),
        status: row.non_empty_text("status"),
        expires_in_seconds: row.duration_secs("expires-after"),
    })
}

/// Profile rows by name (`/interface/wifi/configuration`, `.../security`,
/// `.../channel`, `/interface/wireless/security-profiles`).
pub fn by_name(rows: &[Attributes]) -> HashMap<String, &Attributes> {
    rows.iter()
        .filter_map(|r| Some((r.non_empty_text("name")?, r)))
        .collect()
}

/// Profiles a `/interface/wifi` row may refer to.
#[derive(Debug, Default)]
pub struct WifiProfiles<'a> {
    pub configurations: HashMap<String, &'a Attributes>,
    pub securities: HashMap<String, &'a Attributes>,
    pub channels: HashMap<String, &'a Attributes>,
}

/// A property set inline on a `/interface/wifi` row (`configuration.ssid`)
/// or, failing that, in the profile the row names (`configuration=cfg1` →
/// `ssid` of that configuration).
fn wifi_prop(
    row: &Attributes,
    section: &str,
    prop: &str,
    profiles: &HashMap<String, &Attributes>,
) -> Option<String> {
    row.non_empty_text(&format!("{section}.{prop}"))
        .or_else(|| {
            let profile = row.non_empty_text(section)?;
            profiles.get(&profile)?.non_empty_text(prop)
        })
}

/// One `/interface/wifi` row (RouterOS 7.13+ `wifi` package). A row whose
/// SSID cannot be found is left out (an unconfigured radio serves none).
pub fn wifi_network(row: &Attributes, profiles: &WifiProfiles<'_>) -> Option<WifiNetwork> {
    let ssid = wifi_prop(row, "configuration", "ssid", &profiles.configurations)?;
    let name = row.non_empty_text("name");
    let frequency = wifi_prop(row, "channel", "frequency", &profiles.channels);
    // The configuration may itself name a channel or security profile.
    let config = row
        .non_empty_text("configuration")
        .and_then(|c| profiles.configurations.get(&c).copied());
    let via_config = |key: &str, prop: &str, table: &HashMap<String, &Attributes>| {
        config
            .and_then(|c| c.non_empty_text(key))
            .and_then(|p| table.get(&p).and_then(|r| r.non_empty_text(prop)))
    };
    Some(WifiNetwork {
        radio: row.non_empty_text("master-interface").or(name),
        band: wifi_prop(row, "channel", "band", &profiles.channels)
            .or_else(|| via_config("channel", "band", &profiles.channels))
            .map(|b| band(&b)),
        channel: frequency
            .or_else(|| via_config("channel", "frequency", &profiles.channels))
            .and_then(|f| parse_u64(&f))
            .and_then(channel_of),
        is_enabled: row.bool("disabled").map(|d| !d),
        is_hidden: wifi_prop(row, "configuration", "hide-ssid", &profiles.configurations)
            .and_then(|v| crate::values::parse_bool(&v)),
        security: wifi_prop(
            row,
            "security",
            "authentication-types",
            &profiles.securities,
        )
        .or_else(|| via_config("security", "authentication-types", &profiles.securities)),
        ssid,
    })
}

/// One `/interface/wireless` row (the pre-wifi `wireless` package).
pub fn wireless_network(
    row: &Attributes,
    security_profiles: &HashMap<String, &Attributes>,
) -> Option<WifiNetwork> {
    let ssid = row.non_empty_text("ssid")?;
    let profile = row
        .non_empty_text("security-profile")
        .and_then(|p| security_profiles.get(&p).copied());
    let security = profile.and_then(|p| match p.utf8("mode") {
        Some("none") => Some("none".to_string()),
        _ => p.non_empty_text("authentication-types"),
    });
    Some(WifiNetwork {
        radio: row
            .non_empty_text("master-interface")
            .or_else(|| row.non_empty_text("name")),
        band: row.utf8("band").filter(|b| !b.is_empty()).map(band),
        channel: row.u64("frequency").and_then(channel_of),
        is_enabled: row.bool("disabled").map(|d| !d),
        is_hidden: row.bool("hide-ssid"),
        security,
        ssid,
    })
}

/// SSID and band per `/interface/wireless` row, for joining registrations.
pub fn wireless_radios(rows: &[Attributes]) -> HashMap<String, RadioInfo> {
    rows.iter()
        .filter_map(|r| {
            Some((
                r.non_empty_text("name")?,
                RadioInfo {
                    ssid: r.non_empty_text("ssid"),
                    band: r.utf8("band").filter(|b| !b.is_empty()).map(band),
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, &str)]) -> Attributes {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn facts_from_a_hap_ax2() {
        let resource = row(&[
            ("board-name", "hAP ax^2"),
            ("version", "7.20.5 (stable)"),
            ("uptime", "1h12m40s"),
            ("cpu-load", "7"),
        ]);
        let identity = row(&[("name", "edge-1")]);
        let rb = row(&[("routerboard", "true"), ("serial-number", "HE2080T9XYZ")]);
        let f = facts(Some(&resource), Some(&identity), Some(&rb));
        assert_eq!(f.vendor, "mikrotik");
        assert_eq!(f.model.as_deref(), Some("hAP ax^2"));
        assert_eq!(f.os_version.as_deref(), Some("7.20.5 (stable)"));
        assert_eq!(f.hostname.as_deref(), Some("edge-1"));
        assert_eq!(f.uptime_seconds, Some(4360));
        assert_eq!(f.serial_number.as_deref(), Some("HE2080T9XYZ"));
        // CHR: no routerboard menu at all.
        assert_eq!(facts(Some(&resource), None, None).serial_number, None);
    }

    #[test]
    fn interface_with_counters_and_speed() {
        let r = row(&[
            ("name", "ether1"),
            ("type", "ether"),
            ("comment", "uplink"),
            ("disabled", "false"),
            ("running", "true"),
            ("mac-address", "48:A9:8A:00:00:01"),
            ("mtu", "1500"),
            ("actual-mtu", "1500"),
            ("rx-byte", "123456"),
            ("tx-byte", "654321"),
            ("rx-packet", "1000"),
            ("tx-packet", "900"),
            ("rx-error", "0"),
            ("tx-error", "0"),
            ("rx-drop", "3"),
            ("tx-drop", "0"),
        ]);
        let speeds = ethernet_speeds(&[
            row(&[("name", "ether1"), ("rate", "1Gbps"), ("status", "link-ok")]),
            row(&[("name", "ether2"), ("status", "no-link")]),
        ]);
        let i = interface(&r, &speeds).unwrap();
        assert_eq!(i.name, "ether1");
        assert_eq!(i.kind.as_deref(), Some("ether"));
        assert_eq!(i.description.as_deref(), Some("uplink"));
        assert_eq!((i.is_enabled, i.is_up), (Some(true), Some(true)));
        assert_eq!(i.mtu, Some(1500));
        assert_eq!(i.speed_mbps, Some(1000));
        assert_eq!((i.rx_bytes, i.tx_bytes), (Some(123_456), Some(654_321)));
        assert_eq!(i.rx_drops, Some(3));
        // A bridge with mtu=auto and no counters: absent, not zero.
        let b = interface(&row(&[("name", "bridge"), ("mtu", "auto")]), &speeds).unwrap();
        assert_eq!((b.mtu, b.rx_bytes, b.speed_mbps), (None, None, None));
        assert!(interface(&row(&[("type", "ether")]), &speeds).is_none());
    }

    #[test]
    fn dhcp_client_wan() {
        let dhcp = [row(&[
            ("interface", "ether1"),
            ("status", "bound"),
            ("address", "203.0.113.5/24"),
            ("gateway", "203.0.113.1"),
            ("primary-dns", "203.0.113.53"),
            ("disabled", "false"),
        ])];
        let ifaces = [row(&[
            ("name", "ether1"),
            ("type", "ether"),
            ("running", "true"),
        ])];
        let routes = [row(&[
            ("dst-address", "0.0.0.0/0"),
            ("gateway", "203.0.113.1"),
            ("immediate-gw", "203.0.113.1%ether1"),
            ("active", "true"),
        ])];
        let links = wan_links(&WanSources {
            dhcp_clients: &dhcp,
            interfaces: &ifaces,
            routes: &routes,
            ..WanSources::default()
        });
        assert_eq!(links.len(), 1, "the default route is the DHCP link's own");
        let l = &links[0];
        assert_eq!(l.name, "ether1");
        assert_eq!(l.kind, WanKind::Ethernet);
        assert_eq!(l.is_up, Some(true));
        assert_eq!(l.ip_address.as_deref(), Some("203.0.113.5"));
        assert_eq!(l.prefix_length, Some(24));
        assert_eq!(l.gateway.as_deref(), Some("203.0.113.1"));
        assert_eq!(l.dns_servers, ["203.0.113.53"]);
        assert_eq!(l.uptime_seconds, None);
    }

    #[test]
    fn pppoe_and_static_wans() {
        let pppoe = [row(&[
            ("name", "pppoe-out1"),
            ("running", "true"),
            ("disabled", "false"),
        ])];
        let ifaces = [
            row(&[
                ("name", "pppoe-out1"),
                ("type", "pppoe-out"),
                ("running", "true"),
            ]),
            row(&[("name", "ether2"), ("type", "ether"), ("running", "true")]),
        ];
        let addresses = [
            row(&[
                ("address", "198.51.100.7/32"),
                ("network", "198.51.100.1"),
                ("interface", "pppoe-out1"),
            ]),
            row(&[
                ("address", "192.0.2.10/29"),
                ("network", "192.0.2.8"),
                ("interface", "ether2"),
            ]),
        ];
        let routes = [
            row(&[
                ("dst-address", "0.0.0.0/0"),
                ("gateway", "pppoe-out1"),
                ("active", "true"),
            ]),
            // A 6.x-style route with only a gateway address.
            row(&[
                ("dst-address", "0.0.0.0/0"),
                ("gateway", "192.0.2.9"),
                ("distance", "2"),
            ]),
            row(&[("dst-address", "10.0.0.0/8"), ("gateway", "192.0.2.9")]),
        ];
        let dns = row(&[
            ("servers", "9.9.9.9"),
            ("dynamic-servers", "198.51.100.53,9.9.9.9"),
        ]);
        let links = wan_links(&WanSources {
            pppoe_clients: &pppoe,
            interfaces: &ifaces,
            addresses: &addresses,
            routes: &routes,
            dns: Some(&dns),
            ..WanSources::default()
        });
        assert_eq!(links.len(), 2, "{links:?}");
        let p = &links[0];
        assert_eq!((p.name.as_str(), p.kind), ("pppoe-out1", WanKind::Pppoe));
        assert_eq!(p.ip_address.as_deref(), Some("198.51.100.7"));
        assert_eq!(p.gateway.as_deref(), Some("198.51.100.1"));
        assert_eq!(p.dns_servers, ["9.9.9.9", "198.51.100.53"]);
        let s = &links[1];
        assert_eq!((s.name.as_str(), s.kind), ("ether2", WanKind::Ethernet));
        assert_eq!(s.gateway.as_deref(), Some("192.0.2.9"));
        assert_eq!(s.prefix_length, Some(29));
    }

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
                band: Some("2.4GHz".into()),
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
        assert_eq!(c[2].band.as_deref(), Some("5GHz"));
        assert_eq!(c[2].signal_dbm, Some(-61));
        assert_eq!(c[2].interface.as_deref(), Some("wifi1"));
        assert_eq!(c[3].ssid.as_deref(), Some("old"));
        assert_eq!(c[3].signal_dbm, Some(-70));
        assert_eq!(c[3].ip_address, None);
    }

    #[test]
    fn leases_like_the_6x_capture() {
        let dynamic = row(&[
            (".id", "*48"),
            ("address", "192.168.64.113"),
            ("mac-address", "00:1A:96:49:84:DE"),
            ("server", "rt.dhcp"),
            ("status", "bound"),
            ("expires-after", "59m34s"),
            ("last-seen", "26s"),
            ("active-address", "192.168.64.113"),
            ("host-name", "android-570d7aade7c461a6"),
            ("dynamic", "true"),
            ("disabled", "false"),
        ]);
        let l = dhcp_lease(&dynamic).unwrap();
        assert_eq!(l.mac_address, "00:1A:96:49:84:DE");
        assert_eq!(l.ip_address.as_deref(), Some("192.168.64.113"));
        assert_eq!(l.is_static, Some(false));
        assert_eq!(l.expires_in_seconds, Some(3574));
        assert_eq!(l.server.as_deref(), Some("rt.dhcp"));
        let fixed = row(&[
            ("address", "10.70.0.2"),
            ("mac-address", "E0:D9:E3:C2:ED:C0"),
            ("active-client-id", "1:e0:d9:e3:c2:ed:c0"),
            ("status", "waiting"),
            ("last-seen", "never"),
            ("dynamic", "false"),
        ]);
        let l = dhcp_lease(&fixed).unwrap();
        assert_eq!(l.is_static, Some(true));
        assert_eq!(l.client_id.as_deref(), Some("1:e0:d9:e3:c2:ed:c0"));
        assert_eq!(l.expires_in_seconds, None);
        assert!(dhcp_lease(&row(&[("address", "10.0.0.1")])).is_none());
    }

    #[test]
    fn wifi_inline_and_profile_properties() {
        let inline = row(&[
            ("name", "wifi1"),
            ("configuration.ssid", "home"),
            ("configuration.hide-ssid", "no"),
            ("channel.band", "5ghz-ax"),
            ("channel.frequency", "5180"),
            ("security.authentication-types", "wpa2-psk,wpa3-psk"),
            ("disabled", "false"),
        ]);
        let n = wifi_network(&inline, &WifiProfiles::default()).unwrap();
        assert_eq!(n.radio.as_deref(), Some("wifi1"));
        assert_eq!(n.ssid, "home");
        assert_eq!(n.band.as_deref(), Some("5GHz"));
        assert_eq!(n.channel, Some(36));
        assert_eq!((n.is_enabled, n.is_hidden), (Some(true), Some(false)));
        assert_eq!(n.security.as_deref(), Some("wpa2-psk,wpa3-psk"));

        let cfg = [row(&[
            ("name", "cfg1"),
            ("ssid", "guest"),
            ("security", "sec1"),
            ("channel", "ch1"),
        ])];
        let sec = [row(&[
            ("name", "sec1"),
            ("authentication-types", "wpa3-psk"),
        ])];
        let ch = [row(&[
            ("name", "ch1"),
            ("band", "2ghz-ax"),
            ("frequency", "2437"),
        ])];
        let profiles = WifiProfiles {
            configurations: by_name(&cfg),
            securities: by_name(&sec),
            channels: by_name(&ch),
        };
        let virt = row(&[
            ("name", "wifi3"),
            ("master-interface", "wifi2"),
            ("configuration", "cfg1"),
            ("disabled", "true"),
        ]);
        let n = wifi_network(&virt, &profiles).unwrap();
        assert_eq!(n.radio.as_deref(), Some("wifi2"));
        assert_eq!(n.ssid, "guest");
        assert_eq!(n.band.as_deref(), Some("2.4GHz"));
        assert_eq!(n.channel, Some(6));
        assert_eq!(n.security.as_deref(), Some("wpa3-psk"));
        assert_eq!(n.is_enabled, Some(false));
        assert!(wifi_network(&row(&[("name", "wifi9")]), &profiles).is_none());
    }

    #[test]
    fn legacy_wireless() {
        let profiles = [
            row(&[("name", "default"), ("mode", "none")]),
            row(&[
                ("name", "psk"),
                ("mode", "dynamic-keys"),
                ("authentication-types", "wpa2-psk"),
            ]),
        ];
        let p = by_name(&profiles);
        let r = row(&[
            ("name", "wlan1"),
            ("ssid", "britney"),
            ("band", "2ghz-b/g/n"),
            ("frequency", "auto"),
            ("hide-ssid", "no"),
            ("security-profile", "psk"),
            ("disabled", "false"),
        ]);
        let n = wireless_network(&r, &p).unwrap();
        assert_eq!(n.band.as_deref(), Some("2.4GHz"));
        assert_eq!(n.channel, None, "frequency=auto has no channel");
        assert_eq!(n.security.as_deref(), Some("wpa2-psk"));
        let open = row(&[
            ("name", "wlan2"),
            ("ssid", "cafe"),
            ("frequency", "2412"),
            ("security-profile", "default"),
        ]);
        let n = wireless_network(&open, &p).unwrap();
        assert_eq!((n.channel, n.security.as_deref()), (Some(1), Some("none")));
    }

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
        assert_eq!(band("802.11"), "802.11");
        assert!(in_subnet(
            Ipv4Addr::new(192, 0, 2, 9),
            Ipv4Addr::new(192, 0, 2, 10),
            29
        ));
        assert!(!in_subnet(
            Ipv4Addr::new(192, 0, 2, 17),
            Ipv4Addr::new(192, 0, 2, 10),
            29
        ));
        assert_eq!(split_cidr("10.0.0.1/33"), None);
    }
}
