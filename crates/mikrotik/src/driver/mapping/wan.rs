//! Uplinks from DHCP clients, PPPoE clients and default routes.

use std::collections::HashMap;
use std::net::Ipv4Addr;

use routerctl_core::vocab::InterfaceKind;
use routerctl_core::{WanKind, WanLink};

use super::common::enabled;
use crate::api::proto::Attributes;
use crate::values::{TypedAttributes, parse_u64};

/// What carries a link, from the `/interface` `type` (read as an
/// [`InterfaceKind`]: a VLAN rides on Ethernet).
pub fn wan_kind(interface_type: Option<&str>) -> WanKind {
    match interface_type.map(InterfaceKind::from_vendor) {
        Some(InterfaceKind::Ethernet | InterfaceKind::Vlan) => WanKind::Ethernet,
        Some(InterfaceKind::Cellular) => WanKind::Cellular,
        Some(InterfaceKind::Wifi) => WanKind::Wifi,
        Some(InterfaceKind::Pppoe) => WanKind::Pppoe,
        _ => WanKind::Other,
    }
}

/// `a.b.c.d/len` → address and prefix length.
fn split_cidr(s: &str) -> Option<(Ipv4Addr, u8)> {
    let (ip, len) = s.split_once('/')?;
    let len = parse_u64(len).and_then(|l| u8::try_from(l).ok())?;
    let ip = ip.parse().ok()?;
    (len <= 32).then_some((ip, len))
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
    /// `/ip/dhcp-client` rows: DHCP-assigned WAN addresses and gateways.
    pub dhcp_clients: &'a [Attributes],
    /// `/interface/pppoe-client` rows: PPPoE WAN links.
    pub pppoe_clients: &'a [Attributes],
    /// `/interface` rows: each link's `type` and `running` state, by `name`.
    pub interfaces: &'a [Attributes],
    /// `/ip/address` rows: addresses per interface, and which subnet holds a gateway.
    pub addresses: &'a [Attributes],
    /// `/ip/route` rows: default routes (`0.0.0.0/0`) give gateways and static uplinks.
    pub routes: &'a [Attributes],
    /// The `/ip/dns` singleton (`servers`, `dynamic-servers`); `None` when not read.
    pub dns: Option<&'a Attributes>,
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
                Some((ip.to_string(), len, a.non_empty_text("network")))
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
            Some((ip, len)) => (Some(ip.to_string()), Some(len)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::mapping::common::row;

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
    fn subnets() {
        let net = Ipv4Addr::new(192, 0, 2, 10);
        assert!(in_subnet(Ipv4Addr::new(192, 0, 2, 9), net, 29));
        assert!(!in_subnet(Ipv4Addr::new(192, 0, 2, 17), net, 29));
        assert!(in_subnet(Ipv4Addr::new(8, 8, 8, 8), net, 0));
        assert_eq!(split_cidr("10.0.0.1/33"), None);
    }
}
