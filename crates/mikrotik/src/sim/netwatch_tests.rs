//! Live values of the monitoring menus through the device: netwatch
//! results appear after the first test, per probe type; queues count.

use std::time::Duration;

use super::replies::rows;
use super::{Device, SimConfig};
use crate::record::Attributes;
use crate::sim::test_support::attrs;

#[test]
fn added_probes_print_status_and_their_type_results() {
    let d = Device::new(SimConfig::new("admin", "pw"));
    let s = d.authenticate(b"admin", b"pw").expect("login");
    for (host, kind) in [("192.0.2.80", "http-get"), ("192.0.2.22", "tcp-conn")] {
        let r = d.execute(
            &s,
            b"/tool/netwatch/add",
            &attrs(&[("host", host), ("type", kind), ("interval", "5s")]),
            &[],
        );
        assert_eq!(rows(&r).len(), 0, "{r:?}");
    }
    let print = |d: &Device| {
        let r = d.execute(&s, b"/tool/netwatch/print", &Attributes::new(), &[]);
        rows(&r).into_iter().cloned().collect::<Vec<Attributes>>()
    };
    let before = print(&d);
    let http = before
        .iter()
        .find(|a| a.get_str("type").as_deref() == Some("http-get"))
        .expect("http-get row");
    assert_eq!(http.get_str("status").as_deref(), Some("unknown"));
    assert!(http.get_str("http-status-code").is_none());

    d.advance(Duration::from_secs(12));
    let after = print(&d);
    let get = |kind: &str, prop: &str| {
        after
            .iter()
            .find(|a| a.get_str("type").as_deref() == Some(kind))
            .and_then(|a| a.get_str(prop).map(|v| v.into_owned()))
    };
    assert_eq!(get("http-get", "status").as_deref(), Some("up"));
    assert_eq!(get("http-get", "done-tests").as_deref(), Some("2"));
    assert_eq!(get("http-get", "http-status-code").as_deref(), Some("200"));
    assert!(
        get("http-get", "http-resp-time").is_some_and(|v| v.ends_with("us") || v.ends_with("ms"))
    );
    assert!(get("tcp-conn", "tcp-connect-time").is_some());
    assert!(get("tcp-conn", "http-status-code").is_none());
    // The seeded ICMP probe of 1.1.1.1 has round-trip figures.
    assert!(get("icmp", "rtt-avg").is_some());
    assert_eq!(get("icmp", "loss-count").as_deref(), Some("0"));
}

#[test]
fn queues_count_traffic_in_their_own_shapes() {
    let d = Device::new(SimConfig::new("admin", "pw"));
    let s = d.authenticate(b"admin", b"pw").expect("login");
    for (cmd, a) in [
        (
            &b"/queue/simple/add"[..],
            attrs(&[("name", "guests"), ("target", "192.168.88.0/24")]),
        ),
        (
            &b"/queue/tree/add"[..],
            attrs(&[("name", "down"), ("parent", "bridge")]),
        ),
    ] {
        let r = d.execute(&s, cmd, &a, &[]);
        assert_eq!(rows(&r).len(), 0, "{r:?}");
    }
    d.advance(Duration::from_secs(60));
    let get = |menu: &[u8], prop: &str| {
        let r = d.execute(&s, menu, &Attributes::new(), &[]);
        rows(&r)[0].get_str(prop).map(|v| v.into_owned())
    };
    let pair = get(b"/queue/simple/print", "bytes").unwrap_or_default();
    let (up, down) = pair.split_once('/').unwrap_or(("0", "0"));
    assert!(up.parse::<u64>().unwrap_or(0) > 0, "{pair}");
    assert!(down.parse::<u64>().unwrap_or(0) > 0, "{pair}");
    assert_eq!(
        get(b"/queue/simple/print", "queued-bytes").as_deref(),
        Some("0/0")
    );
    let tree = get(b"/queue/tree/print", "bytes").unwrap_or_default();
    assert!(tree.parse::<u64>().unwrap_or(0) > 0, "{tree}");
    assert!(get(b"/queue/tree/print", "rate").is_some_and(|r| !r.contains('/')));
}
