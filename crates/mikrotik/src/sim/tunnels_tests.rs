//! The menus a default configuration leaves empty (WireGuard, tunnels,
//! LTE, certificates, IPsec peers, kid control) through the device.

use super::replies::{rows, trap_messages};
use super::{Device, SimConfig};
use crate::record::Attributes;
use crate::sim::test_support::attrs;

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

#[test]
fn switch_ports_count_like_their_interfaces() {
    let d = Device::new(SimConfig::new("admin", "pw"));
    let s = d.authenticate(b"admin", b"pw").expect("login");
    d.advance(std::time::Duration::from_secs(120));
    let r = d.execute(
        &s,
        b"/interface/ethernet/switch/port/print",
        &attrs(&[("stats", "detail")]),
        &[],
    );
    let ports = rows(&r);
    let names: Vec<_> = ports
        .iter()
        .filter_map(|a| a.get_str("name").map(|n| n.into_owned()))
        .collect();
    assert_eq!(
        names,
        [
            "ether1",
            "ether2",
            "ether3",
            "ether4",
            "ether5",
            "switch1-cpu"
        ]
    );
    let num = |i: usize, k: &str| {
        ports[i]
            .get_str(k)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // ether1 (WAN) and the CPU port carry traffic; ether3 has no link.
    assert!(num(0, "rx-bytes") > 0 && num(0, "driver-rx-byte") == num(0, "rx-bytes"));
    assert!(num(5, "tx-bytes") > 0);
    assert_eq!(num(2, "rx-bytes"), 0);
    assert_eq!(num(0, "rx-fcs-error"), 0);
    let r = d.execute(
        &s,
        b"/interface/ethernet/switch/print",
        &Attributes::new(),
        &[],
    );
    assert_eq!(rows(&r)[0].get_str("name").as_deref(), Some("switch1"));
}
