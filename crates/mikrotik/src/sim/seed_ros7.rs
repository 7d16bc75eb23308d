//! Seed rows of the menus in [`super::menus_ros7`]: IPv6 link-local
//! addresses and neighbours, the `main` VRF and one user VRF, an eBGP
//! session to the ISP, the built-in BGP template, the NTP server setting
//! and a file. Runs after the base seed ([`super::seed`]) and reads what
//! it made (MACs, the WAN address, ARP entries).
//!
//! The BGP session and the VRF are not defconf: they are the "little
//! life" that gives NAPALM's `get_bgp_neighbors` and
//! `get_network_instances` something to report.

use std::collections::BTreeMap;

use bytes::Bytes;

use super::menus;
use super::state::{Row, State};

/// The device's AS number and the ISP's (documentation ASNs, RFC 5398).
pub const LOCAL_AS: &str = "65530";
/// The AS of the seeded BGP peer.
pub const ISP_AS: &str = "64500";

/// Insert a row of `path` with the schema's defaults filled in.
fn put(st: &mut State, path: &'static str, since: f64, given: &[(&'static str, &[u8])]) {
    let Some(menu) = menus::menu(path) else {
        return;
    };
    let mut props = BTreeMap::new();
    for p in menu.props {
        if let Some((_, v)) = given.iter().find(|(n, _)| *n == p.name) {
            props.insert(p.name, Bytes::copy_from_slice(v));
        } else if let Some(d) = p.default {
            props.insert(p.name, Bytes::from_static(d.as_bytes()));
        }
    }
    let id = st.allocate_id(menu);
    st.insert(path, Row { id, props, since }, None);
}

/// A stored property of the row of `path` named `name`.
fn prop_of(st: &State, path: &str, name: &[u8], prop: &str) -> Option<Bytes> {
    let id = st.find_by_name(path, name)?;
    st.row(path, id)?.props.get(prop).cloned()
}

/// The EUI-64 link-local address of a MAC (`48:A9:8A:00:00:07` gives
/// `fe80::4aa9:8aff:fe00:7`).
pub fn link_local(mac: &str) -> Option<String> {
    let b: Vec<u8> = mac
        .split(':')
        .map(|h| u8::from_str_radix(h, 16).ok())
        .collect::<Option<_>>()?;
    let [b0, b1, b2, b3, b4, b5] = <[u8; 6]>::try_from(b).ok()?;
    let words = [
        u16::from_be_bytes([b0 ^ 0x02, b1]),
        u16::from_be_bytes([b2, 0xFF]),
        u16::from_be_bytes([0xFE, b3]),
        u16::from_be_bytes([b4, b5]),
    ];
    Some(format!(
        "fe80::{:x}:{:x}:{:x}:{:x}",
        words[0], words[1], words[2], words[3]
    ))
}

/// Add the rows. `wan_ip` is the DHCP address of ether1.
pub fn build(st: &mut State, wan_ip: &str, now: f64) {
    // IPv6 link-local addresses of the running L3 interfaces.
    for iface in ["bridge", "ether1"] {
        let Some(m) = prop_of(st, "/interface", iface.as_bytes(), "mac-address") else {
            continue;
        };
        let Some(ll) = link_local(&String::from_utf8_lossy(&m)) else {
            continue;
        };
        let addr = format!("{ll}/64");
        put(
            st,
            "/ipv6/address",
            0.0,
            &[
                ("address", addr.as_bytes()),
                ("interface", iface.as_bytes()),
                ("actual-interface", iface.as_bytes()),
                ("eui-64", b"false"),
                ("advertise", b"false"),
                ("link-local", b"true"),
                ("dynamic", b"true"),
            ],
        );
    }

    // IPv6 neighbours: the ISP's router (a router, on ether1) and the
    // first LAN client of the ARP table.
    let arp: Vec<(Bytes, Bytes)> = st
        .rows("/ip/arp")
        .iter()
        .filter_map(|r| {
            Some((
                r.props.get("interface")?.clone(),
                r.props.get("mac-address")?.clone(),
            ))
        })
        .collect();
    let isp = arp.iter().find(|(i, _)| i.as_ref() == b"ether1");
    let lan = arp.iter().find(|(i, _)| i.as_ref() == b"bridge");
    for (entry, router, status) in [(isp, true, "reachable"), (lan, false, "stale")] {
        let Some((iface, mac)) = entry else { continue };
        let Some(ll) = link_local(&String::from_utf8_lossy(mac)) else {
            continue;
        };
        put(
            st,
            "/ipv6/neighbor",
            0.0,
            &[
                ("address", ll.as_bytes()),
                ("interface", iface),
                ("mac-address", mac),
                ("status", status.as_bytes()),
                ("router", if router { b"true" } else { b"false" }),
            ],
        );
    }

    // VRFs: the built-in main table and a management VRF on ether5
    // (a port without link in the seed).
    put(
        st,
        "/ip/vrf",
        0.0,
        &[
            ("name", b"main"),
            ("interfaces", b"all"),
            ("builtin", b"true"),
        ],
    );
    put(
        st,
        "/ip/vrf",
        0.0,
        &[("name", b"mgmt"), ("interfaces", b"ether5")],
    );

    // BGP: one instance, the built-in template, an eBGP session to the ISP.
    let router_id = b"192.168.88.1";
    put(
        st,
        "/routing/bgp/instance",
        0.0,
        &[
            ("name", b"default"),
            ("as", LOCAL_AS.as_bytes()),
            ("router-id", router_id),
        ],
    );
    put(
        st,
        "/routing/bgp/template",
        0.0,
        &[("name", b"default"), ("builtin", b"true")],
    );
    put(
        st,
        "/routing/bgp/connection",
        0.0,
        &[
            ("name", b"isp"),
            ("instance", b"default"),
            ("as", LOCAL_AS.as_bytes()),
            ("local.role", b"ebgp"),
            ("remote.address", b"198.51.100.1"),
            ("remote.as", ISP_AS.as_bytes()),
            ("routing-table", b"main"),
            ("address-families", b"ip"),
            ("input.filter", b"isp-in"),
            ("output.filter-chain", b"isp-out"),
        ],
    );
    // The session came up 30 s after boot; `uptime` is live.
    put(
        st,
        "/routing/bgp/session",
        30.0_f64.min(now),
        &[
            ("name", b"isp-1"),
            ("instance", b"default"),
            ("remote.address", b"198.51.100.1"),
            ("remote.as", ISP_AS.as_bytes()),
            ("remote.id", b"198.51.100.1"),
            ("remote.afi", b"ip"),
            ("remote.capabilities", b"mp,rr,gr,as4"),
            ("remote.messages", b"1523"),
            ("remote.bytes", b"61722"),
            ("remote.eor", b"ip"),
            ("local.role", b"ebgp"),
            ("local.address", wan_ip.as_bytes()),
            ("local.as", LOCAL_AS.as_bytes()),
            ("local.id", router_id),
            ("local.afi", b"ip"),
            ("local.capabilities", b"mp,rr,gr,as4"),
            ("local.messages", b"1519"),
            ("local.bytes", b"28913"),
            ("local.eor", b"ip"),
            ("hold-time", b"3m"),
            ("keepalive-time", b"1m"),
            ("prefix-count", b"12"),
            ("established", b"true"),
        ],
    );

    put(st, "/system/ntp/server", 0.0, &[]);
    put(
        st,
        "/file",
        0.0,
        &[("name", b"skins"), ("type", b"directory")],
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_local_is_eui64() {
        assert_eq!(
            link_local("48:A9:8A:00:00:07").as_deref(),
            Some("fe80::4aa9:8aff:fe00:7")
        );
        assert_eq!(link_local("nonsense"), None);
        assert_eq!(link_local("01:02:03:04:05"), None);
    }
}
