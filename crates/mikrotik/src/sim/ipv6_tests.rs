//! The IPv6 firewall, route and pool menus through the device.

use std::time::Duration;

use bytes::Bytes;

use super::replies::{rows, trap_messages};
use super::{Device, SimConfig};
use crate::record::Attributes;
use crate::sim::test_support::attrs;

#[test]
fn defconf_ipv6_firewall_is_seeded_and_counts() {
    let d = Device::new(SimConfig::new("admin", "pw"));
    let s = d.authenticate(b"admin", b"pw").expect("login");
    d.advance(Duration::from_secs(600));
    let r = d.execute(
        &s,
        b"/ipv6/firewall/filter/print",
        &attrs(&[("stats", "")]),
        &[],
    );
    let rules = rows(&r);
    assert_eq!(rules.len(), 22, "{r:?}");
    assert_eq!(rules[0].get_str("chain").as_deref(), Some("input"));
    assert_eq!(
        rules[21].get_str("comment").as_deref(),
        Some("defconf: drop everything else not coming from LAN")
    );
    assert!(rules.iter().all(|a| a.get_str("bytes").is_some()));
    assert!(
        rules
            .iter()
            .any(|a| a.get_str("bytes").and_then(|b| b.parse::<u64>().ok()) > Some(0))
    );
    let r = d.execute(
        &s,
        b"/ipv6/firewall/address-list/print",
        &attrs(&[("count-only", "")]),
        &[Bytes::from_static(b"list=bad_ipv6")],
    );
    assert!(format!("{r:?}").contains("\"9\""), "{r:?}");
    let r = d.execute(
        &s,
        b"/ipv6/firewall/connection/print",
        &attrs(&[("count-only", "")]),
        &[],
    );
    assert!(format!("{r:?}").contains("\"0\""), "{r:?}");
    for empty in [
        "/ipv6/route/print",
        "/ipv6/pool/print",
        "/ipv6/firewall/nat/print",
        "/ipv6/firewall/connection/print",
    ] {
        let r = d.execute(&s, empty.as_bytes(), &Attributes::new(), &[]);
        assert!(
            rows(&r).is_empty() && trap_messages(&r).is_empty(),
            "{empty}: {r:?}"
        );
    }
}

#[test]
fn ipv6_raw_rules_add_and_export() {
    let d = Device::new(SimConfig::new("admin", "pw"));
    let s = d.authenticate(b"admin", b"pw").expect("login");
    let r = d.execute(
        &s,
        b"/ipv6/firewall/raw/add",
        &attrs(&[
            ("chain", "prerouting"),
            ("action", "notrack"),
            ("protocol", "udp"),
        ]),
        &[],
    );
    assert!(trap_messages(&r).is_empty(), "{r:?}");
    let r = d.execute(
        &s,
        b"/ipv6/firewall/raw/add",
        &attrs(&[("chain", "prerouting"), ("action", "masquerade")]),
        &[],
    );
    assert_eq!(trap_messages(&r).len(), 1, "{r:?}");
    let r = d.execute(&s, b"/export", &Attributes::new(), &[]);
    let text = format!("{r:?}");
    assert!(text.contains("/ipv6 firewall raw"), "{text}");
    assert!(text.contains("/ipv6 firewall address-list"), "{text}");
}
