//! Tests of the front-end-neutral execution API (no sockets).

use std::time::Duration;

use bytes::Bytes;

use super::replies::{ret, rows, trap_messages};
use super::{Device, Outcome, SimConfig};
use crate::api::proto::Reply;
use crate::record::Attributes;

fn dev() -> (Device, super::Session) {
    let d = Device::new(SimConfig::new("admin", "pw").with_user("viewer", "v", "read"));
    let s = d.authenticate(b"admin", b"pw").expect("login");
    (d, s)
}

fn attrs(pairs: &[(&str, &[u8])]) -> Attributes {
    pairs
        .iter()
        .map(|(k, v)| {
            (
                Bytes::copy_from_slice(k.as_bytes()),
                Bytes::copy_from_slice(v),
            )
        })
        .collect()
}

fn q(words: &[&str]) -> Vec<Bytes> {
    words.iter().map(|w| Bytes::from(w.to_string())).collect()
}

#[test]
fn seeded_interfaces_and_names() {
    let (d, s) = dev();
    let r = d.execute(&s, b"/interface/print", &Attributes::new(), &[]);
    let names: Vec<_> = rows(&r)
        .iter()
        .map(|a| a.get_str("name").unwrap().into_owned())
        .collect();
    for n in ["ether1", "ether5", "wifi1", "wifi2", "bridge", "lo"] {
        assert!(names.contains(&n.to_string()), "{n} in {names:?}");
    }
    // Name works as .id; `*0` exists in bridge ports.
    let r = d.execute(&s, b"/interface/print", &attrs(&[("from", b"ether1")]), &[]);
    assert_eq!(rows(&r).len(), 1);
    let r = d.execute(
        &s,
        b"/interface/bridge/port/print",
        &Attributes::new(),
        &q(&[".id=*0"]),
    );
    assert_eq!(rows(&r).len(), 1);
}

#[test]
fn add_set_remove_with_traps() {
    let (d, s) = dev();
    let r = d.execute(
        &s,
        b"/ip/address/add",
        &attrs(&[("address", b"192.168.88.1"), ("interface", b"asdf")]),
        &[],
    );
    assert_eq!(
        trap_messages(&r),
        ["input does not match any value of interface"]
    );
    let Reply::Trap(t) = &r[0] else { panic!() };
    assert_eq!(t.category, Some(1));

    let r = d.execute(
        &s,
        b"/ip/address/add",
        &attrs(&[("address", b"10.9.9.1/24"), ("interface", b"ether3")]),
        &[],
    );
    let id = ret(&r).expect("ret");
    let r = d.execute(
        &s,
        b"/ip/address/print",
        &Attributes::new(),
        &q(&[&format!(".id={}", String::from_utf8_lossy(&id))]),
    );
    assert_eq!(rows(&r)[0].get("network"), Some(&b"10.9.9.0"[..]));

    let r = d.execute(
        &s,
        b"/ip/address/add",
        &attrs(&[("interface", b"ether3")]),
        &[],
    );
    assert_eq!(trap_messages(&r), ["missing =address="]);
    let r = d.execute(
        &s,
        b"/ip/address/add",
        &attrs(&[
            ("address", b"1.1.1.1"),
            ("interface", b"ether3"),
            ("bogus", b"1"),
        ]),
        &[],
    );
    assert_eq!(trap_messages(&r), ["unknown parameter bogus"]);
    let r = d.execute(
        &s,
        b"/interface/bridge/port/set",
        &attrs(&[(".id", b"*0"), ("pvid", b"5000")]),
        &[],
    );
    assert_eq!(trap_messages(&r), ["value of pvid out of range (1..4094)"]);
    let r = d.execute(
        &s,
        b"/interface/bridge/add",
        &attrs(&[("name", b"ether1")]),
        &[],
    );
    assert_eq!(
        trap_messages(&r),
        ["failure: already have interface with such name"]
    );
    let r = d.execute(
        &s,
        b"/ip/firewall/address-list/add",
        &attrs(&[("list", b"x"), ("address", b"203.0.113.9")]),
        &[],
    );
    assert!(ret(&r).is_some());
    let r = d.execute(
        &s,
        b"/ip/firewall/address-list/add",
        &attrs(&[("list", b"x"), ("address", b"203.0.113.9")]),
        &[],
    );
    assert_eq!(trap_messages(&r), ["failure: already have such entry"]);

    // set with comment, then unset with =!comment=.
    let r = d.execute(
        &s,
        b"/ip/address/set",
        &attrs(&[(".id", &id), ("comment", b"lab")]),
        &[],
    );
    assert!(trap_messages(&r).is_empty());
    let r = d.execute(
        &s,
        b"/ip/address/set",
        &attrs(&[(".id", &id), ("!comment", b"")]),
        &[],
    );
    assert!(trap_messages(&r).is_empty());
    let r = d.execute(&s, b"/ip/address/print", &attrs(&[("from", &id)]), &[]);
    assert!(rows(&r)[0].get("comment").is_none());

    let r = d.execute(&s, b"/ip/address/remove", &attrs(&[(".id", b"*FFFF")]), &[]);
    assert_eq!(trap_messages(&r), ["no such item (4)"]);
    let r = d.execute(&s, b"/ip/address/remove", &attrs(&[(".id", &id)]), &[]);
    assert!(trap_messages(&r).is_empty());
    let r = d.execute(&s, b"/ip/address/remove", &attrs(&[(".id", &id)]), &[]);
    assert_eq!(trap_messages(&r), ["no such item (4)"]);
}

#[test]
fn unknown_menu_and_command() {
    let (d, s) = dev();
    let r = d.execute(&s, b"/ip/adress/print", &Attributes::new(), &[]);
    assert_eq!(
        trap_messages(&r),
        [
            "no such command or directory (adress)",
            "no such command prefix"
        ]
    );
    assert!(matches!(r.last(), Some(Reply::Done { .. })));
    let r = d.execute(&s, b"/ip/address/frobnicate", &Attributes::new(), &[]);
    assert_eq!(trap_messages(&r), ["no such command"]);
    let r = d.execute(&s, b"/interface/ethernet/add", &Attributes::new(), &[]);
    assert_eq!(trap_messages(&r), ["no such command"]);
}

#[test]
fn rename_follows_references() {
    let (d, s) = dev();
    let r = d.execute(
        &s,
        b"/interface/set",
        &attrs(&[(".id", b"ether2"), ("name", b"lan2")]),
        &[],
    );
    assert!(trap_messages(&r).is_empty(), "{r:?}");
    let r = d.execute(
        &s,
        b"/interface/bridge/port/print",
        &Attributes::new(),
        &q(&["interface=lan2"]),
    );
    assert_eq!(rows(&r).len(), 1);
    let r = d.execute(
        &s,
        b"/interface/ethernet/print",
        &Attributes::new(),
        &q(&["name=lan2"]),
    );
    assert_eq!(rows(&r).len(), 1);
}

#[test]
fn read_user_cannot_write_and_sees_no_secrets_difference() {
    let d = Device::new(SimConfig::new("admin", "pw").with_user("viewer", "v", "read"));
    assert!(d.authenticate(b"viewer", b"wrong").is_none());
    let s = d.authenticate(b"viewer", b"v").unwrap();
    let r = d.execute(&s, b"/system/identity/set", &attrs(&[("name", b"x")]), &[]);
    assert_eq!(trap_messages(&r), ["not enough permissions (9)"]);
    let r = d.execute(&s, b"/user/print", &Attributes::new(), &[]);
    assert!(rows(&r).iter().all(|a| a.get("password").is_none()));
}

#[test]
fn count_only_proplist_and_empty() {
    let (d, s) = dev();
    let r = d.execute(
        &s,
        b"/interface/print",
        &attrs(&[("count-only", b"")]),
        &q(&["type=ether"]),
    );
    assert_eq!(ret(&r).unwrap(), "5");
    let r = d.execute(
        &s,
        b"/ip/service/print",
        &attrs(&[(".proplist", b"comment")]),
        &[],
    );
    assert_eq!(rows(&r).len(), 8);
    assert!(rows(&r).iter().all(|a| a.is_empty()));
    let r = d.execute(
        &s,
        b"/ip/firewall/address-list/print",
        &Attributes::new(),
        &[],
    );
    assert!(matches!(r.as_slice(), [Reply::Empty, Reply::Done { .. }]));

    let mut cfg = SimConfig::new("admin", "pw");
    cfg.version = "7.17".into();
    let old = Device::new(cfg);
    let s = old.authenticate(b"admin", b"pw").unwrap();
    let r = old.execute(
        &s,
        b"/ip/firewall/address-list/print",
        &Attributes::new(),
        &[],
    );
    assert!(matches!(r.as_slice(), [Reply::Done { .. }]));
}

#[test]
fn counters_and_uptime_advance() {
    let (d, s) = dev();
    let read = |d: &Device| {
        let r = d.execute(
            &s,
            b"/interface/print",
            &attrs(&[(".proplist", b"rx-byte,tx-packet")]),
            &q(&["name=ether1"]),
        );
        let a = rows(&r)[0].clone();
        (
            a.get_str("rx-byte").unwrap().parse::<u64>().unwrap(),
            a.get_str("tx-packet").unwrap().parse::<u64>().unwrap(),
        )
    };
    let before = read(&d);
    d.advance(Duration::from_secs(60));
    let after = read(&d);
    assert!(
        after.0 > before.0 && after.1 > before.1,
        "{before:?} {after:?}"
    );
}

#[test]
fn non_utf8_host_name_is_untouched() {
    let (d, s) = dev();
    let r = d.execute(
        &s,
        b"/ip/dhcp-server/lease/print",
        &Attributes::new(),
        &q(&["host-name=caf\u{e9}-pc"]),
    );
    assert!(
        rows(&r).is_empty(),
        "UTF-8 é must not match the cp1252 byte"
    );
    let words = vec![Bytes::from_static(b"host-name=caf\xE9-pc")];
    let r = d.execute(
        &s,
        b"/ip/dhcp-server/lease/print",
        &Attributes::new(),
        &words,
    );
    assert_eq!(rows(&r).len(), 1);
    assert_eq!(rows(&r)[0].get("host-name"), Some(&b"caf\xE9-pc"[..]));
}

#[test]
fn ping_with_count_and_export() {
    let (d, s) = dev();
    let r = d.execute(
        &s,
        b"/ping",
        &attrs(&[("address", b"127.0.0.1"), ("count", b"3")]),
        &[],
    );
    assert_eq!(rows(&r).len(), 3);
    assert_eq!(rows(&r)[2].get("received"), Some(&b"3"[..]));
    let r = d.execute(
        &s,
        b"/ping",
        &attrs(&[("address", b"192.168.88.77"), ("count", b"2")]),
        &[],
    );
    assert_eq!(rows(&r)[1].get("packet-loss"), Some(&b"100"[..]));

    let r = d.execute(&s, b"/export", &Attributes::new(), &[]);
    let text = String::from_utf8(ret(&r).unwrap().to_vec()).unwrap();
    assert!(text.starts_with("# "), "{text}");
    assert!(text.contains("by RouterOS 7.20.5\n"));
    assert!(text.contains("/interface bridge\nadd admin-mac="));
    assert!(text.contains("/ip address\nadd address=192.168.88.1/24 comment=defconf interface=bridge network=192.168.88.0\n"));
    assert!(text.contains("/ip firewall nat\nadd action=masquerade chain=srcnat"));
    assert!(!text.contains("security.passphrase"));
    assert!(!text.contains(" name=wifi1"), "{text}");
    // The seeded BGP peer is configuration; the WAN lease and its
    // dynamic rows are not exported.
    assert!(
        text.lines()
            .filter(|l| l.contains("198.51.100."))
            .all(|l| l.contains("remote.address=198.51.100.1 ")),
        "dynamic rows are not exported: {text}"
    );
    // Stable apart from the first line.
    let r2 = d.execute(&s, b"/export", &Attributes::new(), &[]);
    let text2 = String::from_utf8(ret(&r2).unwrap().to_vec()).unwrap();
    assert_eq!(
        text.split_once('\n').unwrap().1,
        text2.split_once('\n').unwrap().1
    );
}

#[tokio::test]
async fn listen_sees_add_and_dead() {
    let (d, s) = dev();
    let Outcome::Stream(mut stream) = d.run(&s, b"/ip/address/listen", &Attributes::new(), &[])
    else {
        panic!("listen is a stream")
    };
    let r = d.execute(
        &s,
        b"/ip/address/add",
        &attrs(&[("address", b"10.1.1.1/24"), ("interface", b"ether3")]),
        &[],
    );
    let id = ret(&r).unwrap();
    let Some(Reply::Re(a)) = stream.next().await else {
        panic!()
    };
    assert_eq!(a.get(".id"), Some(id.as_ref()));
    assert_eq!(a.get("address"), Some(&b"10.1.1.1/24"[..]));
    d.execute(&s, b"/ip/address/remove", &attrs(&[(".id", &id)]), &[]);
    let Some(Reply::Re(a)) = stream.next().await else {
        panic!()
    };
    assert_eq!(a.get(".dead"), Some(&b"true"[..]));
    let tail = stream.interrupt();
    assert!(matches!(
        tail.as_slice(),
        [Reply::Trap(_), Reply::Done { .. }]
    ));
}

/// The three interface monitors share their setup: argument checks,
/// target resolution (names for monitor-traffic, items for the others),
/// `=once=`, `.proplist` and the `name` column.
#[test]
fn interface_monitors_once_and_their_argument_errors() {
    let (d, s) = dev();
    let once = |cmd: &[u8], pairs: &[(&str, &[u8])]| {
        let mut a = attrs(pairs);
        a.push(Bytes::from_static(b"once"), Bytes::new());
        d.execute(&s, cmd, &a, &[])
    };
    let r = once(
        b"/interface/monitor-traffic",
        &[("interface", b"ether1,ether2")],
    );
    let names: Vec<_> = rows(&r).iter().map(|a| a.get("name").unwrap()).collect();
    assert_eq!(names, [&b"ether1"[..], b"ether2"]);
    assert!(
        rows(&r)
            .iter()
            .all(|a| a.get("rx-bits-per-second").is_some() && a.get(".section").is_none())
    );

    let r = once(b"/interface/ethernet/monitor", &[("numbers", b"ether2")]);
    let row = rows(&r)[0];
    assert_eq!(row.get("name"), Some(&b"ether2"[..]));
    assert!(row.get("status").is_some() && row.get("advertising").is_some());

    let r = once(
        b"/interface/wifi/monitor",
        &[
            ("numbers", b"wifi1"),
            (".proplist", b"registered-peers,name"),
        ],
    );
    let row = rows(&r)[0];
    assert_eq!(row.len(), 2, "{row:?}");
    assert_eq!(row.get("name"), Some(&b"wifi1"[..]));
    assert!(matches!(r.last(), Some(Reply::Done { .. })));

    type Case<'a> = (&'a [u8], &'a [(&'a str, &'a [u8])], &'a str);
    let cases: [Case; 6] = [
        (
            b"/interface/monitor-traffic",
            &[("interface", b"nope")],
            "input does not match any value of interface",
        ),
        (b"/interface/monitor-traffic", &[], "missing =interface="),
        (
            b"/interface/ethernet/monitor",
            &[("numbers", b"nope")],
            "no such item (4)",
        ),
        (b"/interface/wifi/monitor", &[], "missing =numbers="),
        (
            b"/interface/wifi/monitor",
            &[("numbers", b"wifi1"), ("duration", b"1")],
            "unknown parameter duration",
        ),
        (
            b"/interface/ethernet/monitor",
            &[("numbers", b"ether1"), ("interval", b"10ms")],
            "value of interval out of range (100ms..1h)",
        ),
    ];
    for (cmd, pairs, want) in cases {
        assert_eq!(trap_messages(&once(cmd, pairs)), [want], "{pairs:?}");
    }
}

/// Removing an interface leaves the addresses, DHCP servers and firewall
/// rules that named it pointing at its old id (`*N`), flagged invalid; a
/// new interface of the same name does not revive them, pointing them at
/// an existing interface does.
#[test]
fn removed_interface_leaves_invalid_references() {
    let (d, s) = dev();
    let run = |cmd: &[u8], pairs: &[(&str, &[u8])]| {
        let r = d.execute(&s, cmd, &attrs(pairs), &[]);
        assert!(trap_messages(&r).is_empty(), "{r:?}");
        r
    };
    let bridge = ret(&run(b"/interface/bridge/add", &[("name", b"br2")])).unwrap();
    let addr = ret(&run(
        b"/ip/address/add",
        &[("address", b"10.7.7.1/24"), ("interface", b"br2")],
    ))
    .unwrap();
    let server = ret(&run(
        b"/ip/dhcp-server/add",
        &[("name", b"dhcp2"), ("interface", b"br2")],
    ))
    .unwrap();
    let rule = ret(&run(
        b"/ip/firewall/filter/add",
        &[
            ("chain", b"forward"),
            ("action", b"accept"),
            ("in-interface", b"!br2"),
        ],
    ))
    .unwrap();
    run(b"/interface/bridge/remove", &[(".id", b"br2")]);

    let get = |menu: &[u8], id: &Bytes| {
        let r = d.execute(&s, menu, &attrs(&[("from", id)]), &[]);
        rows(&r)[0].clone()
    };
    let unknown = bridge.as_ref();
    let a = get(b"/ip/address/print", &addr);
    assert_eq!(a.get("interface"), Some(unknown));
    assert_eq!(a.get("actual-interface"), Some(unknown));
    assert_eq!(a.get("invalid"), Some(&b"true"[..]));
    let srv = get(b"/ip/dhcp-server/print", &server);
    assert_eq!(srv.get("interface"), Some(unknown));
    assert_eq!(srv.get("invalid"), Some(&b"true"[..]));
    let f = get(b"/ip/firewall/filter/print", &rule);
    let negated = [b"!", unknown].concat();
    assert_eq!(f.get("in-interface"), Some(&negated[..]));
    assert_eq!(f.get("invalid"), Some(&b"true"[..]));

    // A new br2 is another interface: the references stay orphaned.
    run(b"/interface/bridge/add", &[("name", b"br2")]);
    let a = get(b"/ip/address/print", &addr);
    assert_eq!(a.get("interface"), Some(unknown));
    assert_eq!(a.get("invalid"), Some(&b"true"[..]));
    // Pointing the address at an existing interface makes it valid.
    run(
        b"/ip/address/set",
        &[(".id", &addr), ("interface", b"ether3")],
    );
    let a = get(b"/ip/address/print", &addr);
    assert_eq!(a.get("invalid"), Some(&b"false"[..]));
    assert_eq!(a.get("actual-interface"), Some(&b"ether3"[..]));
    // ... and its actual-interface follows a rename, like interface does.
    run(b"/interface/set", &[(".id", b"ether3"), ("name", b"lan3")]);
    let a = get(b"/ip/address/print", &addr);
    assert_eq!(a.get("interface"), Some(&b"lan3"[..]));
    assert_eq!(a.get("actual-interface"), Some(&b"lan3"[..]));
}

/// A 1 MB comment is refused on add and set (the 4 KiB text cap), with
/// the console's bad-value trap; a comment at the cap is stored.
#[test]
fn megabyte_comments_are_refused() {
    let (d, s) = dev();
    let big = vec![b'x'; 1024 * 1024];
    let r = d.execute(
        &s,
        b"/ip/address/add",
        &attrs(&[
            ("address", b"10.77.0.1/24"),
            ("interface", b"bridge"),
            ("comment", &big),
        ]),
        &[],
    );
    assert_eq!(
        trap_messages(&r),
        ["invalid value for argument comment".to_string()]
    );
    let r = d.execute(
        &s,
        b"/interface/set",
        &attrs(&[("numbers", b"ether1"), ("comment", &big)]),
        &[],
    );
    assert_eq!(
        trap_messages(&r),
        ["invalid value for argument comment".to_string()]
    );
    let fits = vec![b'y'; super::value::MAX_TEXT];
    let r = d.execute(
        &s,
        b"/interface/set",
        &attrs(&[("numbers", b"ether1"), ("comment", &fits)]),
        &[],
    );
    assert!(trap_messages(&r).is_empty(), "{r:?}");
}

/// `/interface/listen` sends a row again when its counters move (the feed
/// polls them every second); a listener of names only sees nothing, and a
/// down interface stays quiet.
#[tokio::test(start_paused = true)]
async fn interface_listen_follows_counters() {
    let (d, s) = dev();
    let listen = |proplist: &[u8]| match d.run(
        &s,
        b"/interface/listen",
        &attrs(&[(".proplist", proplist)]),
        &[],
    ) {
        Outcome::Stream(st) => st,
        Outcome::Done(r) => panic!("listen is a stream: {r:?}"),
    };
    let mut counters = listen(b"name,rx-byte,tx-byte");
    let mut names = listen(b"name,running");
    // The first read starts the poll against the counters as they are.
    for st in [&mut counters, &mut names] {
        assert!(
            tokio::time::timeout(Duration::from_millis(1), st.next())
                .await
                .is_err()
        );
    }
    d.advance(Duration::from_secs(30));
    let mut seen = Vec::new();
    while let Ok(Some(Reply::Re(a))) =
        tokio::time::timeout(Duration::from_millis(1500), counters.next()).await
    {
        seen.push(a.get_str("name").unwrap().into_owned());
        if seen.len() > 20 {
            break;
        }
    }
    assert!(seen.contains(&"ether1".to_string()), "{seen:?}");
    assert!(!seen.contains(&"ether3".to_string()), "down: {seen:?}");
    assert!(
        tokio::time::timeout(Duration::from_secs(5), names.next())
            .await
            .is_err(),
        "names and running did not change"
    );
    // A write still arrives at once, with the same feed.
    d.execute(
        &s,
        b"/interface/set",
        &attrs(&[(".id", b"ether3"), ("comment", b"x")]),
        &[],
    );
    let Some(Reply::Re(a)) = names.next().await else {
        panic!("the change")
    };
    assert_eq!(a.get("name"), Some(&b"ether3"[..]));
}

/// `/tool/traceroute =count=`: one section per round, one row per hop,
/// statistics that accumulate; the router itself is a single hop.
#[test]
fn traceroute_rounds_and_hops() {
    let (d, s) = dev();
    let r = d.execute(
        &s,
        b"/tool/traceroute",
        &attrs(&[("address", b"8.8.8.8"), ("count", b"2")]),
        &[],
    );
    let hops = rows(&r);
    assert_eq!(hops.len(), 4, "{hops:?}");
    assert!(matches!(r.last(), Some(Reply::Done { .. })));
    let section = |a: &Attributes| a.get_str(".section").unwrap().into_owned();
    assert_eq!(section(hops[0]), "0");
    assert_eq!(section(hops[3]), "1");
    // The WAN gateway first, then the target.
    let gw = d.execute(&s, b"/ip/dhcp-client/print", &Attributes::new(), &[]);
    assert_eq!(hops[2].get("address"), rows(&gw)[0].get("gateway"));
    assert_eq!(hops[3].get("address"), Some(&b"8.8.8.8"[..]));
    assert_eq!(hops[3].get("sent"), Some(&b"2"[..]));
    assert_eq!(hops[3].get("loss"), Some(&b"0"[..]));
    assert!(hops[3].get_str("last").unwrap().ends_with("ms"));
    let r = d.execute(
        &s,
        b"/tool/traceroute",
        &attrs(&[("address", b"192.168.88.1"), ("count", b"1")]),
        &[],
    );
    assert_eq!(rows(&r).len(), 1);
    let r = d.execute(
        &s,
        b"/tool/traceroute",
        &attrs(&[("address", b"192.168.88.77"), ("count", b"1")]),
        &[],
    );
    assert_eq!(rows(&r)[0].get("status"), Some(&b"timeout"[..]));
    assert_eq!(rows(&r)[0].get("loss"), Some(&b"100"[..]));
    let r = d.execute(&s, b"/tool/traceroute", &Attributes::new(), &[]);
    assert_eq!(trap_messages(&r), ["missing =address="]);
    // Read-only users may not (the test policy).
    let v = d.authenticate(b"viewer", b"v").unwrap();
    let r = d.execute(
        &v,
        b"/tool/traceroute",
        &attrs(&[("address", b"8.8.8.8"), ("count", b"1")]),
        &[],
    );
    assert_eq!(rows(&r).len(), 2, "read group has test: {r:?}");
}
