//! Streams over the simulated API: listen, follow, monitor-traffic,
//! `/cancel` with and without a tag, interleaved tags.

mod sim_common;

use bytes::Bytes;
use routerctl_mikrotik::api::proto::{Reply, Response};
use routerctl_mikrotik::sim::SimConfig;
use sim_common::*;

fn tag_is(r: &Response, t: &str) -> bool {
    r.tag.as_deref() == Some(t.as_bytes())
}

fn is_interrupted(r: &Reply) -> bool {
    matches!(r, Reply::Trap(t) if t.category == Some(2) && t.message.as_ref() == b"interrupted")
}

/// Read replies until `pred` has matched `n` of them; return all read.
async fn read_until<S>(c: &mut Raw<S>, n: usize, pred: impl Fn(&Response) -> bool) -> Vec<Response>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let mut out = Vec::new();
    let mut hits = 0;
    while hits < n {
        let r = c.recv().await.expect("connection closed");
        if pred(&r) {
            hits += 1;
        }
        out.push(r);
    }
    out
}

/// The reference transcript `listen-cancel.txt`: a row, a dead row, then
/// `/cancel =tag=10 .tag=20` answers trap(10), done(20), done(10).
#[tokio::test]
async fn listen_sees_add_and_remove_then_cancel_in_reference_order() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    c.send(&[b"/ip/address/listen", b".tag=10"]).await;
    // Commands of another tag run while the listen is open.
    c.send(&[
        b"/ip/address/add",
        b"=address=1.1.1.1/32",
        b"=interface=bridge",
        b".tag=a",
    ])
    .await;
    let got = read_until(&mut c, 2, |r| tag_is(r, "a") || tag_is(r, "10")).await;
    let done_a = got.iter().find(|r| tag_is(r, "a")).unwrap();
    let Reply::Done { ret: Some(id), .. } = &done_a.reply else {
        panic!("{done_a:?}")
    };
    let row = got.iter().find(|r| tag_is(r, "10")).unwrap();
    let Reply::Re(a) = &row.reply else { panic!() };
    assert_eq!(a.get(".id"), Some(id.as_ref()));
    assert_eq!(a.get("address"), Some(&b"1.1.1.1/32"[..]));
    assert_eq!(a.get("network"), Some(&b"1.1.1.1"[..]));
    assert_eq!(a.get("interface"), Some(&b"bridge"[..]));
    assert_eq!(a.get("actual-interface"), Some(&b"bridge"[..]));

    let mut remove = b"=.id=".to_vec();
    remove.extend_from_slice(id);
    c.send(&[b"/ip/address/remove", &remove, b".tag=b"]).await;
    let got = read_until(&mut c, 2, |r| tag_is(r, "b") || tag_is(r, "10")).await;
    let dead = got.iter().find(|r| tag_is(r, "10")).unwrap();
    let Reply::Re(a) = &dead.reply else { panic!() };
    assert_eq!(a.get(".id"), Some(id.as_ref()));
    assert_eq!(a.get(".dead"), Some(&b"true"[..]));
    assert_eq!(a.len(), 2);

    c.send(&[b"/cancel", b"=tag=10", b".tag=20"]).await;
    let r1 = c.recv().await.unwrap();
    let r2 = c.recv().await.unwrap();
    let r3 = c.recv().await.unwrap();
    assert!(tag_is(&r1, "10") && is_interrupted(&r1.reply), "{r1:?}");
    assert!(tag_is(&r2, "20") && is_done(&r2.reply), "{r2:?}");
    assert!(tag_is(&r3, "10") && is_done(&r3.reply), "{r3:?}");
    // The connection still works.
    assert!(!rows(&c.call(&[b"/system/identity/print"]).await).is_empty());
}

/// `stream-cancel-7.24.txt` (2): a listen that produced nothing ends with
/// trap, `!empty`, `!done`; an untagged `/cancel` cancels every stream and
/// gets an untagged `!done`.
#[tokio::test]
async fn untagged_cancel_ends_all_streams_and_empty_streams_say_empty() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    c.send(&[b"/ip/firewall/address-list/listen", b".tag=p1"])
        .await;
    c.send(&[
        b"/log/print",
        b"=follow-only=",
        b"?message=__nope_zzz__",
        b".tag=p2",
    ])
    .await;
    // Make sure both streams are registered before cancelling.
    let _ = c.call(&[b"/system/identity/print"]).await;
    c.send(&[b"/cancel"]).await;
    let mut got = Vec::new();
    for _ in 0..7 {
        got.push(c.recv().await.unwrap());
    }
    for t in ["p1", "p2"] {
        let mine: Vec<&Reply> = got
            .iter()
            .filter(|r| tag_is(r, t))
            .map(|r| &r.reply)
            .collect();
        assert_eq!(mine.len(), 3, "{t}: {got:?}");
        assert!(is_interrupted(mine[0]));
        assert_eq!(*mine[1], Reply::Empty);
        assert!(is_done(mine[2]));
    }
    let cancel_done = got
        .iter()
        .position(|r| r.tag.is_none())
        .expect("untagged !done");
    assert!(is_done(&got[cancel_done].reply));
    // Each trap comes before the cancel's !done, each target !done after.
    for t in ["p1", "p2"] {
        let trap_at = got.iter().position(|r| tag_is(r, t)).unwrap();
        let done_at = got.iter().rposition(|r| tag_is(r, t)).unwrap();
        assert!(trap_at < cancel_done && cancel_done < done_at);
    }
}

/// A second `/login` (another user) on a logged-in connection ends the
/// first user's streams, as a cancel would, before the login's `!done`;
/// nothing of theirs arrives afterwards. A failed login changes nothing.
#[tokio::test]
async fn second_login_ends_the_previous_users_streams() {
    let config = SimConfig::new("admin", "pw").with_user("viewer", "v", "read");
    let (_dev, server) = start(config).await;
    let mut c = admin(server.local_addr()).await;
    c.send(&[b"/ip/address/listen", b".tag=l"]).await;
    c.send(&[
        b"/interface/monitor-traffic",
        b"=interface=ether1",
        b".tag=m",
    ])
    .await;
    // Both run: the monitor has sent a row.
    let _ = read_until(&mut c, 1, |r| tag_is(r, "m")).await;

    c.send(&[b"/login", b"=name=viewer", b"=password=wrong", b".tag=bad"])
        .await;
    let got = read_until(&mut c, 1, |r| tag_is(r, "bad") && is_done(&r.reply)).await;
    assert!(
        got.iter()
            .all(|r| !tag_is(r, "l") && !is_interrupted(&r.reply)),
        "{got:?}"
    );

    c.send(&[b"/login", b"=name=viewer", b"=password=v", b".tag=L"])
        .await;
    let got = c.until_done(Some("L")).await;
    let of = |t: &str| -> Vec<&Reply> {
        got.iter()
            .filter(|r| tag_is(r, t))
            .map(|r| &r.reply)
            .collect()
    };
    // The listen produced nothing: trap, !empty, !done.
    let l = of("l");
    assert!(
        matches!(l.as_slice(), [t, Reply::Empty, d] if is_interrupted(t) && is_done(d)),
        "{got:?}"
    );
    // The monitor: maybe late rows, then trap and !done.
    let m: Vec<&Reply> = of("m")
        .into_iter()
        .skip_while(|r| matches!(r, Reply::Re(_)))
        .collect();
    assert!(
        matches!(m.as_slice(), [t, d] if is_interrupted(t) && is_done(d)),
        "{got:?}"
    );
    assert!(matches!(
        of("L").as_slice(),
        [Reply::Done { ret: None, .. }]
    ));

    // Nothing is left to cancel, and nothing of the old streams follows.
    c.send(&[b"/cancel", b".tag=c"]).await;
    let got = c.until_done(Some("c")).await;
    assert_eq!(got.len(), 1, "{got:?}");
    // The connection now has the viewer's rights.
    let r = c
        .call(&[
            b"/ip/address/add",
            b"=address=10.9.9.9/24",
            b"=interface=ether3",
        ])
        .await;
    assert_eq!(
        traps(&r),
        [(None, "not enough permissions (9)".to_string())]
    );
}

/// `stream-cancel-7.24.txt` (1): monitor-traffic rows numbered by
/// `.section`, two interfaces share a section; after `/cancel` a late row
/// may still arrive (cancel_lag_rows), then trap, cancel !done, !done.
#[tokio::test]
async fn monitor_traffic_sections_and_late_rows_after_cancel() {
    let mut cfg = SimConfig::new("admin", "pw");
    cfg.api.cancel_lag_rows = 1;
    let (_dev, server) = start(cfg).await;
    let mut c = admin(server.local_addr()).await;
    c.send(&[
        b"/interface/monitor-traffic",
        b"=interface=ether1,ether2",
        b"=interval=100ms",
        b".tag=probe1",
    ])
    .await;
    let rows_seen = read_until(&mut c, 4, |r| tag_is(r, "probe1")).await;
    let sections: Vec<(String, String)> = rows_seen
        .iter()
        .map(|r| {
            let Reply::Re(a) = &r.reply else {
                panic!("{r:?}")
            };
            (
                a.get_str("name").unwrap().into_owned(),
                a.get_str(".section").unwrap().into_owned(),
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            ("ether1".to_string(), "0".to_string()),
            ("ether2".into(), "0".into()),
            ("ether1".into(), "1".into()),
            ("ether2".into(), "1".into())
        ]
    );
    c.send(&[b"/cancel", b"=tag=probe1", b".tag=cancelprobe"])
        .await;
    let mut after = Vec::new();
    loop {
        let r = c.recv().await.unwrap();
        let end = tag_is(&r, "probe1") && is_done(&r.reply);
        after.push(r);
        if end {
            break;
        }
    }
    let trap_at = after
        .iter()
        .position(|r| is_interrupted(&r.reply))
        .expect("trap");
    assert!(
        trap_at >= 1,
        "at least the one late row before the trap: {after:?}"
    );
    assert!(
        after[..trap_at]
            .iter()
            .all(|r| tag_is(r, "probe1") && matches!(r.reply, Reply::Re(_)))
    );
    assert!(tag_is(&after[trap_at + 1], "cancelprobe") && is_done(&after[trap_at + 1].reply));
    assert_eq!(after.len(), trap_at + 3, "no !empty after rows: {after:?}");
}

#[tokio::test]
async fn print_follow_gives_snapshot_then_changes_follow_only_just_changes() {
    let (dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    c.send(&[b"/system/identity/print", b"=follow=", b".tag=f"])
        .await;
    c.send(&[
        b"/interface/print",
        b"=follow-only=",
        b"?name=ether3",
        b"=.proplist=name,disabled",
        b".tag=o",
    ])
    .await;
    let first = c.recv().await.unwrap();
    assert!(tag_is(&first, "f"));
    let Reply::Re(a) = &first.reply else { panic!() };
    assert_eq!(a.get("name"), Some(&b"MikroTik"[..]));

    // Changes from another connection reach both streams.
    let mut other = admin(server.local_addr()).await;
    other
        .call(&[b"/system/identity/set", b"=name=core-1"])
        .await;
    other
        .call(&[b"/interface/set", b"=.id=ether3", b"=disabled=yes"])
        .await;
    other
        .call(&[b"/interface/set", b"=.id=ether4", b"=disabled=yes"])
        .await;
    let got = read_until(&mut c, 2, |r| tag_is(r, "f") || tag_is(r, "o")).await;
    let f = got.iter().find(|r| tag_is(r, "f")).unwrap();
    let Reply::Re(a) = &f.reply else { panic!() };
    assert_eq!(a.get("name"), Some(&b"core-1"[..]));
    let o = got.iter().find(|r| tag_is(r, "o")).unwrap();
    let Reply::Re(a) = &o.reply else { panic!() };
    assert_eq!(a.get("name"), Some(&b"ether3"[..]));
    assert_eq!(a.get("disabled"), Some(&b"true"[..]));
    assert_eq!(a.len(), 2);
    let _ = dev;
}

#[tokio::test]
async fn many_tagged_commands_interleave() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    c.send(&[b"/interface/listen", b".tag=2"]).await;
    c.send(&[
        b"/interface/set",
        b"=disabled=yes",
        b"=.id=ether1",
        b".tag=3",
    ])
    .await;
    c.send(&[
        b"/interface/set",
        b"=disabled=no",
        b"=.id=ether1",
        b".tag=4",
    ])
    .await;
    c.send(&[b"/interface/getall", b".tag=5"]).await;
    let got = read_until(&mut c, 3, |r| {
        is_done(&r.reply) && (tag_is(r, "3") || tag_is(r, "4") || tag_is(r, "5"))
    })
    .await;
    let getall_rows = got
        .iter()
        .filter(|r| tag_is(r, "5") && matches!(r.reply, Reply::Re(_)))
        .count();
    assert_eq!(getall_rows, 9);
    // The listener saw ether1 go down and up (maybe not yet both). Rows
    // of ether1 may repeat when its counters move (the feed polls them),
    // so repeats of the same state count once.
    let ether1_disabled = |r: &Response| match &r.reply {
        Reply::Re(a) if tag_is(r, "2") && a.get("name") == Some(&b"ether1"[..]) => {
            a.get("disabled").map(Bytes::copy_from_slice)
        }
        _ => None,
    };
    let mut listen_rows: Vec<Bytes> = got.iter().filter_map(ether1_disabled).collect();
    listen_rows.dedup();
    while listen_rows.len() < 2 {
        let r = c.recv().await.unwrap();
        listen_rows.extend(ether1_disabled(&r));
        listen_rows.dedup();
    }
    assert_eq!(
        listen_rows,
        [Bytes::from_static(b"true"), Bytes::from_static(b"false")]
    );
}

#[tokio::test]
async fn ping_stream_ends_by_itself_with_count() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    c.send(&[
        b"/ping",
        b"=address=8.8.8.8",
        b"=count=3",
        b"=interval=10ms",
        b".tag=p",
    ])
    .await;
    let got = c.until_done(Some("p")).await;
    assert_eq!(got.len(), 4);
    let Reply::Re(last) = &got[2].reply else {
        panic!()
    };
    assert_eq!(last.get("seq"), Some(&b"2"[..]));
    assert_eq!(last.get("received"), Some(&b"3"[..]));
    assert!(last.get("avg-rtt").is_some());
    // Cancelling a finished command only answers the cancel.
    let r = c.call(&[b"/cancel", b"=tag=p"]).await;
    assert!(matches!(r.as_slice(), [Reply::Done { .. }]));
}
