//! Tests of address-list entries that expire, through the whole device
//! (kept apart from `expiry.rs`, which `device.rs` calls).
use std::time::Duration;

use bytes::Bytes;

use crate::record::Attributes;
use crate::sim::replies::rows;
use crate::sim::test_support::attrs;
use crate::sim::{Device, SimConfig};

#[test]
fn a_timed_entry_is_dynamic_counts_down_and_disappears() {
    let d = Device::new(SimConfig::new("admin", "pw"));
    let s = d.authenticate(b"admin", b"pw").unwrap();
    let add = |address: &str, timeout: Option<&str>| {
        let mut a = vec![("list", "tmp"), ("address", address)];
        if let Some(t) = timeout {
            a.push(("timeout", t));
        }
        d.execute(&s, b"/ip/firewall/address-list/add", &attrs(&a), &[])
    };
    add("192.0.2.1", Some("1m"));
    add("192.0.2.2", None);
    let print = || {
        let r = d.execute(
            &s,
            b"/ip/firewall/address-list/print",
            &Attributes::new(),
            &[Bytes::from_static(b"list=tmp")],
        );
        rows(&r).into_iter().cloned().collect::<Vec<_>>()
    };
    let now = print();
    assert_eq!(now.len(), 2);
    let timed = &now[0];
    assert_eq!(timed.get_str("dynamic").unwrap(), "true");
    assert_ne!(now[1].get_str("dynamic").as_deref(), Some("true"));
    d.advance(Duration::from_secs(20));
    let left = print();
    let t = left[0].get_str("timeout").unwrap().into_owned();
    assert!(t.starts_with("39s") || t.starts_with("40s"), "{t}");
    // A new timeout starts the countdown again.
    let id = left[0].get_str(".id").unwrap().into_owned();
    d.execute(
        &s,
        b"/ip/firewall/address-list/set",
        &attrs(&[(".id", &id), ("timeout", "1m")]),
        &[],
    );
    d.advance(Duration::from_secs(41));
    assert_eq!(print().len(), 2);
    d.advance(Duration::from_secs(20));
    let after = print();
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].get_str("address").unwrap(), "192.0.2.2");
}
