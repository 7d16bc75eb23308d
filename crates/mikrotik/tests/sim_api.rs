//! The simulated RouterOS API server over a raw socket: login, commands,
//! queries, traps, versions.

mod sim_common;

use std::time::Duration;

use routerctl_mikrotik::api::proto::Reply;
use routerctl_mikrotik::sim::SimConfig;
use sim_common::*;

#[tokio::test]
async fn plain_login_wrong_password_then_right_one() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = connect(server.local_addr()).await;
    let r = c
        .call(&[b"/login", b"=name=admin", b"=password=nope"])
        .await;
    assert_eq!(
        traps(&r),
        [(None, "invalid user name or password (6)".to_string())]
    );
    assert!(matches!(r.as_slice(), [Reply::Trap(_), Reply::Done { .. }]));
    // The socket stays usable.
    let r = c.call(&[b"/login", b"=name=ghost", b"=password=pw"]).await;
    assert_eq!(traps(&r).len(), 1);
    c.login("admin", "pw").await;
    let r = c.call(&[b"/system/identity/print"]).await;
    assert_eq!(rows(&r)[0].get("name"), Some(&b"MikroTik"[..]));
}

#[tokio::test]
async fn legacy_md5_login_with_the_manual_vector() {
    let mut cfg = SimConfig::new("admin", "");
    cfg.legacy_login = true;
    cfg.api.fixed_challenge = Some(
        hex::decode("93b438ec9b80057c06dd9fe67d56aa9a")
            .unwrap()
            .try_into()
            .unwrap(),
    );
    let (_dev, server) = start(cfg).await;

    // Auto-detecting clients send =password= first: a legacy router
    // answers with the challenge.
    let mut c = connect(server.local_addr()).await;
    let r = c.call(&[b"/login", b"=name=admin", b"=password="]).await;
    assert_eq!(ret(&r).unwrap(), "93b438ec9b80057c06dd9fe67d56aa9a");
    let r = c
        .call(&[
            b"/login",
            b"=name=admin",
            b"=response=00e134102a9d330dd7b1849fedfea3cb57",
        ])
        .await;
    assert!(
        matches!(r.as_slice(), [Reply::Done { ret: None, .. }]),
        "{r:?}"
    );
    let r = c.call(&[b"/system/identity/print"]).await;
    assert_eq!(rows(&r).len(), 1);

    // Bare /login, then a wrong response.
    let mut c = connect(server.local_addr()).await;
    let r = c.call(&[b"/login"]).await;
    assert_eq!(ret(&r).unwrap(), "93b438ec9b80057c06dd9fe67d56aa9a");
    let r = c
        .call(&[
            b"/login",
            b"=name=admin",
            b"=response=00000000000000000000000000000000ff",
        ])
        .await;
    assert_eq!(traps(&r), [(None, "cannot log in".to_string())]);
    assert!(is_done(r.last().unwrap()));
}

#[tokio::test]
async fn modern_router_refuses_md5_responses() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = connect(server.local_addr()).await;
    let r = c.call(&[b"/login"]).await;
    let challenge = ret(&r).expect("a challenge like 6.45+ routers");
    assert_eq!(challenge.len(), 32);
    let r = c
        .call(&[
            b"/login",
            b"=name=admin",
            b"=response=00e134102a9d330dd7b1849fedfea3cb57",
        ])
        .await;
    assert_eq!(
        traps(&r),
        [(None, "invalid user name or password (6)".to_string())]
    );
}

#[tokio::test]
async fn commands_before_login_are_refused_but_keep_the_socket() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = connect(server.local_addr()).await;
    c.send(&[b"/interface/print", b".tag=a"]).await;
    let r = c.until_done(Some("a")).await;
    assert_eq!(r.len(), 2);
    assert!(matches!(&r[0].reply, Reply::Trap(t) if t.message.as_ref() == b"not logged in"));
    // `/cancel` is no exception.
    for cancel in [
        &[&b"/cancel"[..], b".tag=c"][..],
        &[b"/cancel", b"=tag=a", b".tag=c"],
    ] {
        c.send(cancel).await;
        let r = c.until_done(Some("c")).await;
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(matches!(&r[0].reply, Reply::Trap(t) if t.message.as_ref() == b"not logged in"));
    }
    c.login("admin", "pw").await;
    assert!(!rows(&c.call(&[b"/interface/print"]).await).is_empty());
}

#[tokio::test]
async fn read_only_user_is_refused_on_write() {
    let (_dev, server) =
        start(SimConfig::new("admin", "pw").with_user("viewer", "view", "read")).await;
    let mut c = connect(server.local_addr()).await;
    c.login("viewer", "view").await;
    let r = c.call(&[b"/ip/address/print"]).await;
    assert!(!rows(&r).is_empty());
    let r = c
        .call(&[
            b"/ip/address/add",
            b"=address=10.0.0.1/24",
            b"=interface=ether3",
        ])
        .await;
    assert_eq!(
        traps(&r),
        [(None, "not enough permissions (9)".to_string())]
    );
    // The read group has the reboot policy; a reboot ends the session.
    let r = c.call(&[b"/system/reboot"]).await;
    assert!(matches!(r.as_slice(), [Reply::Done { .. }]), "{r:?}");
    assert!(c.closed().await);
}

#[tokio::test]
async fn print_with_every_query_operator() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let names = |r: &[Reply]| -> Vec<String> {
        rows(r)
            .iter()
            .map(|a| a.get_str("name").unwrap().into_owned())
            .collect()
    };
    let p: &[u8] = b"/interface/print";
    let r = c.call(&[p, b"?type=ether"]).await;
    assert_eq!(
        names(&r),
        ["ether1", "ether2", "ether3", "ether4", "ether5"]
    );
    let r = c.call(&[p, b"?=name=ether2"]).await;
    assert_eq!(names(&r), ["ether2"]);
    let r = c.call(&[p, b"?comment"]).await;
    assert_eq!(names(&r), ["bridge"]);
    let r = c.call(&[p, b"?-comment", b"?type=wifi"]).await;
    assert_eq!(names(&r), ["wifi1", "wifi2"]);
    let r = c.call(&[p, b"?>actual-mtu=1500"]).await;
    assert_eq!(names(&r), ["lo"]);
    let r = c.call(&[p, b"?<mtu=1501", b"?type=wifi"]).await;
    assert_eq!(names(&r), ["wifi1", "wifi2"]);
    let r = c
        .call(&[p, b"?type=bridge", b"?type=loopback", b"?#|"])
        .await;
    assert_eq!(names(&r), ["bridge", "lo"]);
    let r = c
        .call(&[p, b"?type=ether", b"?#!", b"?running=true", b"?#&"])
        .await;
    assert_eq!(names(&r), ["wifi1", "wifi2", "bridge", "lo"]);
    // Index: [type=ether, name=ether1] then "#1" keeps only type=ether.
    let r = c.call(&[p, b"?type=ether", b"?name=ether1", b"?#1"]).await;
    assert_eq!(names(&r).len(), 5);
    let r = c.call(&[p, b"?type=ether", b"?name=ether1", b"?#1."]).await;
    assert_eq!(names(&r), ["ether1"]);
    // `?>comment=`: items with a non-empty comment.
    let r = c
        .call(&[
            b"/ip/firewall/filter/print",
            b"?>comment=",
            b"?chain=forward",
            b"=count-only=",
        ])
        .await;
    assert_eq!(ret(&r).unwrap(), "6");
}

#[tokio::test]
async fn proplist_count_only_and_absent_properties() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c
        .call(&[b"/interface/print", b"=.proplist=.id,name", b"?name=ether1"])
        .await;
    let row = rows(&r)[0];
    assert_eq!(row.len(), 2);
    assert_eq!(row.get(".id"), Some(&b"*1"[..]));
    let r = c.call(&[b"/ip/service/print", b"=.proplist=comment"]).await;
    assert_eq!(rows(&r).len(), 8);
    assert!(rows(&r).iter().all(|a| a.is_empty()));
    let r = c
        .call(&[b"/interface/print", b"=count-only=", b"?type=wifi"])
        .await;
    assert!(matches!(r.as_slice(), [Reply::Done { .. }]));
    assert_eq!(ret(&r).unwrap(), "2");
    // Singletons have no .id.
    let r = c.call(&[b"/system/resource/print"]).await;
    let res = rows(&r)[0];
    assert!(res.get(".id").is_none());
    assert_eq!(res.get("board-name"), Some(&b"hAP ax^2"[..]));
    assert_eq!(res.get("version"), Some(&b"7.20.5 (stable)"[..]));
}

#[tokio::test]
async fn add_set_remove_unset_and_their_traps() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c
        .call(&[
            b"/ip/address/add",
            b"=address=192.168.88.1",
            b"=interface=asdf",
        ])
        .await;
    assert_eq!(
        traps(&r),
        [(
            Some(1),
            "input does not match any value of interface".to_string()
        )]
    );
    let r = c.call(&[b"/ip/address/add", b"=interface=ether3"]).await;
    assert_eq!(traps(&r), [(None, "missing =address=".to_string())]);
    let r = c
        .call(&[
            b"/ip/address/add",
            b"=address=10.5.5.1/24",
            b"=interface=ether3",
            b"=color=red",
        ])
        .await;
    assert_eq!(traps(&r), [(None, "unknown parameter color".to_string())]);
    let r = c
        .call(&[b"/interface/bridge/port/set", b"=.id=*0", b"=pvid=0"])
        .await;
    assert_eq!(
        traps(&r),
        [(Some(1), "value of pvid out of range (1..4094)".to_string())]
    );
    let r = c.call(&[b"/interface/bridge/add", b"=name=wifi2"]).await;
    assert_eq!(
        traps(&r),
        [(
            None,
            "failure: already have interface with such name".to_string()
        )]
    );
    let r = c
        .call(&[b"/interface/set", b"=.id=ether9", b"=mtu=1400"])
        .await;
    assert_eq!(traps(&r), [(None, "no such item (4)".to_string())]);

    let r = c
        .call(&[
            b"/ip/address/add",
            b"=address=10.5.5.1/24",
            b"=interface=ether3",
            b"=comment=lab",
        ])
        .await;
    let id = ret(&r).expect("=ret= with the new id");
    assert!(id.starts_with(b"*"));
    let id_word = [b"=.id=".as_ref(), &id].concat();
    let r = c
        .call(&[
            b"/ip/address/set",
            &id_word,
            b"=!comment=",
            b"=disabled=yes",
        ])
        .await;
    assert!(traps(&r).is_empty(), "{r:?}");
    let r = c
        .call(&[b"/ip/address/print", &[b"?.id=".as_ref(), &id].concat()])
        .await;
    let row = rows(&r)[0];
    assert!(row.get("comment").is_none());
    assert_eq!(row.get("disabled"), Some(&b"true"[..]));
    assert_eq!(row.get("network"), Some(&b"10.5.5.0"[..]));

    // A second one, then remove both with a comma list.
    let r = c
        .call(&[
            b"/ip/address/add",
            b"=address=10.6.6.1/24",
            b"=interface=ether4",
        ])
        .await;
    let id2 = ret(&r).unwrap();
    let both = [b"=.id=".as_ref(), &id, b",", &id2].concat();
    let r = c.call(&[b"/ip/address/remove", &both]).await;
    assert!(matches!(r.as_slice(), [Reply::Done { .. }]));
    let r = c.call(&[b"/ip/address/remove", &both]).await;
    assert_eq!(traps(&r), [(None, "no such item (4)".to_string())]);

    // Queries on remove are ignored (nothing removed, and no error).
    let before = rows(&c.call(&[b"/ip/address/print"]).await).len();
    let r = c.call(&[b"/ip/address/remove", b"?.id=*1"]).await;
    assert_eq!(traps(&r), [(None, "missing =numbers=".to_string())]);
    assert_eq!(rows(&c.call(&[b"/ip/address/print"]).await).len(), before);

    // Names work as ids; enable/disable.
    let r = c.call(&[b"/interface/disable", b"=.id=ether2"]).await;
    assert!(traps(&r).is_empty());
    let r = c
        .call(&[
            b"/interface/print",
            b"?name=ether2",
            b"=.proplist=disabled,running",
        ])
        .await;
    assert_eq!(rows(&r)[0].get("running"), Some(&b"false"[..]));
    c.call(&[b"/interface/enable", b"=numbers=ether2"]).await;
    let r = c
        .call(&[b"/interface/print", b"?name=ether2", b"=.proplist=running"])
        .await;
    assert_eq!(rows(&r)[0].get("running"), Some(&b"true"[..]));

    // Duplicate address-list entry.
    let add: &[&[u8]] = &[
        b"/ip/firewall/address-list/add",
        b"=list=blocked",
        b"=address=203.0.113.45",
        b"=timeout=1d",
    ];
    assert!(ret(&c.call(add).await).is_some());
    assert_eq!(
        traps(&c.call(add).await),
        [(None, "failure: already have such entry".to_string())]
    );
}

#[tokio::test]
async fn unknown_menu_gives_two_traps_unknown_command_one() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    c.send(&[b"/caps-man/interface/print", b".tag=x"]).await;
    let r = c.until_done(Some("x")).await;
    let msgs: Vec<_> = r
        .iter()
        .filter_map(|x| match &x.reply {
            Reply::Trap(t) => Some(t.message_lossy().into_owned()),
            _ => None,
        })
        .collect();
    assert_eq!(
        msgs,
        [
            "no such command or directory (caps-man)",
            "no such command prefix"
        ]
    );
    assert!(r.iter().all(|x| x.tag.as_deref() == Some(&b"x"[..])));
    let r = c.call(&[b"/interface/frobnicate"]).await;
    assert_eq!(traps(&r), [(None, "no such command".to_string())]);
}

#[tokio::test]
async fn empty_reply_follows_the_version_knob() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    c.send(&[
        b"/ip/firewall/filter/print",
        b"?comment=__no_such_rule_xyz__",
        b".tag=probe1",
    ])
    .await;
    let r = c.until_done(Some("probe1")).await;
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].reply, Reply::Empty);
    assert_eq!(r[0].tag.as_deref(), Some(&b"probe1"[..]));

    let mut cfg = SimConfig::new("admin", "pw");
    cfg.version = "7.17.2".into();
    let (_dev, server) = start(cfg).await;
    let mut c = admin(server.local_addr()).await;
    let r = c
        .call(&[b"/ip/firewall/filter/print", b"?comment=__none__"])
        .await;
    assert!(matches!(r.as_slice(), [Reply::Done { .. }]));
    let r = c.call(&[b"/system/resource/print"]).await;
    assert_eq!(rows(&r)[0].get("version"), Some(&b"7.17.2 (stable)"[..]));
}

#[tokio::test]
async fn quit_answers_fatal_with_a_bare_reason_and_closes() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    c.send(&[b"/quit", b".tag=9"]).await;
    let s = c.recv_sentence().await.unwrap();
    let words: Vec<&[u8]> = s.words().iter().map(|w| w.as_ref()).collect();
    assert_eq!(words, [&b"!fatal"[..], b"session terminated on request"]);
    assert!(c.closed().await);
}

#[tokio::test]
async fn counters_advance_and_non_utf8_bytes_survive() {
    let (dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let read = |r: Vec<Reply>| -> (u64, u64) {
        let a = rows(&r)[0].clone();
        (
            a.get_str("rx-byte").unwrap().parse().unwrap(),
            a.get_str("tx-packet").unwrap().parse().unwrap(),
        )
    };
    let q: &[&[u8]] = &[
        b"/interface/print",
        b"?name=ether1",
        b"=.proplist=rx-byte,tx-packet",
    ];
    let before = read(c.call(q).await);
    dev.advance(Duration::from_secs(90));
    let after = read(c.call(q).await);
    assert!(
        after.0 > before.0 && after.1 > before.1,
        "{before:?} -> {after:?}"
    );

    let r = c
        .call(&[b"/ip/dhcp-server/lease/print", b"?host-name=caf\xE9-pc"])
        .await;
    assert_eq!(rows(&r).len(), 1);
    assert_eq!(rows(&r)[0].get("host-name"), Some(&b"caf\xE9-pc"[..]));
    // Writes are 8-bit clean too.
    let r = c
        .call(&[
            b"/ip/address/add",
            b"=address=10.7.7.1/24",
            b"=interface=ether5",
            b"=comment=\xC0\xFF\x1B",
        ])
        .await;
    let id = ret(&r).unwrap();
    let r = c
        .call(&[b"/ip/address/print", &[b"?.id=".as_ref(), &id].concat()])
        .await;
    assert_eq!(rows(&r)[0].get("comment"), Some(&b"\xC0\xFF\x1B"[..]));
}

#[tokio::test]
async fn ping_monitor_once_and_export() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c
        .call(&[
            b"/ping",
            b"=address=192.168.88.1",
            b"=count=2",
            b"=interval=20ms",
        ])
        .await;
    assert_eq!(rows(&r).len(), 2);
    assert_eq!(rows(&r)[1].get("sent"), Some(&b"2"[..]));
    assert_eq!(rows(&r)[1].get("packet-loss"), Some(&b"0"[..]));
    let r = c
        .call(&[
            b"/interface/monitor-traffic",
            b"=interface=ether1,ether2",
            b"=once=",
        ])
        .await;
    assert_eq!(rows(&r).len(), 2);
    assert!(rows(&r)[0].get(".section").is_none());
    let bits: u64 = rows(&r)[0]
        .get_str("rx-bits-per-second")
        .unwrap()
        .parse()
        .unwrap();
    assert!(bits > 0);
    let r = c.call(&[b"/export"]).await;
    let text = String::from_utf8(ret(&r).unwrap().to_vec()).unwrap();
    assert!(text.contains("/ip firewall filter\nadd action=accept chain=input"));
}

/// A logged-in API connection of a user whose password is changed, who is
/// disabled or who is removed by an admin gets `!fatal` on its next
/// command and is closed; a comment change keeps it.
#[tokio::test]
async fn revoked_users_are_out_on_their_next_command() {
    for change in ["password", "disable", "remove"] {
        let config = SimConfig::new("admin", "pw").with_user("ops", "o", "full");
        let (_dev, server) = start(config).await;
        let mut ops = connect(server.local_addr()).await;
        ops.login("ops", "o").await;
        let mut admin = admin(server.local_addr()).await;
        let r = admin
            .call(&[b"/user/set", b"=numbers=ops", b"=comment=still fine"])
            .await;
        assert!(traps(&r).is_empty(), "{r:?}");
        let r = ops.call(&[b"/system/identity/print"]).await;
        assert_eq!(rows(&r).len(), 1, "a comment change keeps the session");

        let r = match change {
            "password" => {
                admin
                    .call(&[b"/user/set", b"=numbers=ops", b"=password=new"])
                    .await
            }
            "disable" => admin.call(&[b"/user/disable", b"=numbers=ops"]).await,
            _ => admin.call(&[b"/user/remove", b"=numbers=ops"]).await,
        };
        assert!(traps(&r).is_empty(), "{change}: {r:?}");
        ops.send(&[b"/system/identity/print"]).await;
        let reply = ops.recv().await.expect("a reply before the close");
        assert!(
            matches!(&reply.reply, Reply::Fatal { reason } if reason.as_ref() == b"not logged in"),
            "{change}: {reply:?}"
        );
        assert!(ops.closed().await, "{change}: connection closed");
        // The admin is untouched.
        let r = admin.call(&[b"/system/identity/print"]).await;
        assert_eq!(rows(&r).len(), 1);
    }
}
