//! The menus a default configuration leaves empty (WireGuard, tunnels,
//! LTE, certificates, IPsec peers, kid control) through the device.

use bytes::Bytes;

use super::replies::{rows, trap_messages};
use super::{Device, SimConfig};
use crate::record::Attributes;

fn attrs(pairs: &[(&str, &str)]) -> Attributes {
    pairs
        .iter()
        .map(|(k, v)| (Bytes::from(k.to_string()), Bytes::from(v.to_string())))
        .collect()
}

#[test]
fn empty_by_default_and_read_only_where_the_router_is() {
    let d = Device::new(SimConfig::new("admin", "pw"));
    let s = d.authenticate(b"admin", b"pw").expect("login");
    for path in [
        "/interface/wireguard",
        "/interface/wireguard/peers",
        "/interface/gre",
        "/interface/eoip",
        "/interface/ipip",
        "/interface/lte",
        "/certificate",
        "/ip/ipsec/active-peers",
        "/ip/kid-control/device",
        "/routing/bfd/session",
    ] {
        let r = d.execute(
            &s,
            format!("{path}/print").as_bytes(),
            &Attributes::new(),
            &[],
        );
        assert!(
            rows(&r).is_empty() && trap_messages(&r).is_empty(),
            "{path}: {r:?}"
        );
    }
    for path in [
        "/ip/ipsec/active-peers/add",
        "/interface/lte/add",
        "/routing/bfd/session/add",
    ] {
        let r = d.execute(&s, path.as_bytes(), &attrs(&[("name", "x")]), &[]);
        assert!(!trap_messages(&r).is_empty(), "{path}: {r:?}");
    }
}

#[test]
fn wireguard_and_gre_are_interfaces_and_peers_refer_to_them() {
    let d = Device::new(SimConfig::new("admin", "pw"));
    let s = d.authenticate(b"admin", b"pw").expect("login");
    let ok = |cmd: &str, a: &[(&str, &str)]| {
        let r = d.execute(&s, cmd.as_bytes(), &attrs(a), &[]);
        assert!(trap_messages(&r).is_empty(), "{cmd}: {r:?}");
    };
    ok(
        "/interface/wireguard/add",
        &[("name", "wg0"), ("listen-port", "13231")],
    );
    ok(
        "/interface/wireguard/peers/add",
        &[
            ("interface", "wg0"),
            ("public-key", "cGVlcg=="),
            ("allowed-address", "10.9.0.2/32"),
        ],
    );
    ok(
        "/interface/gre/add",
        &[("name", "gre-hq"), ("remote-address", "198.51.100.1")],
    );
    let r = d.execute(
        &s,
        b"/interface/wireguard/peers/add",
        &attrs(&[("interface", "nope"), ("public-key", "eA==")]),
        &[],
    );
    assert!(!trap_messages(&r).is_empty(), "{r:?}");

    let r = d.execute(&s, b"/interface/print", &Attributes::new(), &[]);
    let ty = |name: &str| {
        rows(&r)
            .iter()
            .find(|a| a.get_str("name").as_deref() == Some(name))
            .and_then(|a| a.get_str("type").map(|t| t.into_owned()))
    };
    assert_eq!(ty("wg0").as_deref(), Some("wg"));
    assert_eq!(ty("gre-hq").as_deref(), Some("gre-tunnel"));
    let r = d.execute(&s, b"/interface/wireguard/print", &Attributes::new(), &[]);
    assert_eq!(rows(&r)[0].get_str("mtu").as_deref(), Some("1420"), "{r:?}");
}
