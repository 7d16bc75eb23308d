//! RouterOS 7 depth (issue 14): the menus and commands napalm-ros,
//! librouteros' config helpers, terraform-routeros and Ansible's
//! `api_info` use, spoken over the API the way those clients speak it.

mod sim_common;

use routerctl_mikrotik::api::proto::Reply;
use routerctl_mikrotik::record::Attributes;
use routerctl_mikrotik::sim::SimConfig;
use sim_common::*;

fn get<'a>(row: &'a Attributes, key: &str) -> &'a str {
    row.get(key)
        .and_then(|v| std::str::from_utf8(v).ok())
        .unwrap_or_else(|| panic!("no {key} in {row:?}"))
}

fn ret_str(r: &[Reply]) -> Option<String> {
    ret(r).map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// napalm `get_ipv6_neighbors_table` and `get_interfaces_ip`.
#[tokio::test]
async fn ipv6_neighbors_and_link_local_addresses() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/ipv6/neighbor/print"]).await;
    let n = rows(&r);
    assert_eq!(n.len(), 2, "{n:?}");
    let isp = n.iter().find(|r| get(r, "interface") == "ether1").unwrap();
    assert!(get(isp, "address").starts_with("fe80::"));
    assert_eq!(get(isp, "router"), "true");
    assert_eq!(get(isp, "status"), "reachable");
    // The neighbour's MAC is the one ARP knows on ether1.
    let r = c.call(&[b"/ip/arp/print", b"?interface=ether1"]).await;
    assert_eq!(get(rows(&r)[0], "mac-address"), get(isp, "mac-address"));

    let r = c.call(&[b"/ipv6/address/print"]).await;
    let a = rows(&r);
    let bridge = a.iter().find(|r| get(r, "interface") == "bridge").unwrap();
    assert!(get(bridge, "address").ends_with("/64"));
    assert_eq!(get(bridge, "link-local"), "true");
    assert_eq!(get(bridge, "dynamic"), "true");
    // Learned, not configured.
    let r = c
        .call(&[
            b"/ipv6/neighbor/add",
            b"=address=fe80::1",
            b"=interface=ether1",
        ])
        .await;
    assert_eq!(traps(&r).len(), 1, "{r:?}");
}

/// napalm `get_network_instances` (RouterOS 7 `/ip/vrf`).
#[tokio::test]
async fn vrfs_main_is_builtin() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c
        .call(&[b"/ip/vrf/print", b"=.proplist=name,interfaces,builtin"])
        .await;
    let v = rows(&r);
    assert_eq!(v.len(), 2);
    assert_eq!(get(v[0], "name"), "main");
    assert_eq!(get(v[0], "builtin"), "true");
    assert_eq!(get(v[1], "name"), "mgmt");
    assert_eq!(get(v[1], "interfaces"), "ether5");
    assert_eq!(get(v[1], "builtin"), "false");
    let r = c
        .call(&[b"/ip/vrf/add", b"=name=lab", b"=interfaces=ether4"])
        .await;
    assert!(ret(&r).is_some(), "{r:?}");
    let r = c.call(&[b"/ip/vrf/print", b"?name=lab"]).await;
    assert_eq!(rows(&r).len(), 1);
}

/// napalm `get_bgp_neighbors` on RouterOS 7: the 6.x peer menu is gone,
/// connection + session + instance (7.20) carry the state.
#[tokio::test]
async fn bgp_connection_session_instance() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/routing/bgp/peer/print"]).await;
    assert_eq!(
        routerctl_mikrotik::sim::replies::trap_messages(&r),
        vec![
            "no such command or directory (peer)",
            "no such command prefix"
        ]
    );
    let r = c.call(&[b"/routing/bgp/instance/print"]).await;
    let i = rows(&r);
    assert_eq!(get(i[0], "name"), "default");
    assert_eq!(get(i[0], "as"), "65530");
    let r = c.call(&[b"/routing/bgp/connection/print"]).await;
    let conn = rows(&r);
    assert_eq!(get(conn[0], "remote.address"), "198.51.100.1");
    assert_eq!(get(conn[0], "remote.as"), "64500");
    assert_eq!(get(conn[0], "local.role"), "ebgp");
    assert_eq!(get(conn[0], "templates"), "default");
    let r = c.call(&[b"/routing/bgp/session/print"]).await;
    let s = rows(&r);
    assert_eq!(get(s[0], "remote.address"), "198.51.100.1");
    assert_eq!(get(s[0], "established"), "true");
    assert_eq!(get(s[0], "remote.afi"), "ip");
    assert!(get(s[0], "uptime").ends_with('s'), "{s:?}");
    let r = c.call(&[b"/routing/bgp/template/print"]).await;
    let t = rows(&r);
    assert_eq!(get(t[0], "name"), "default");
    assert_eq!(get(t[0], "builtin"), "true");
    assert_eq!(get(t[0], "hold-time"), "3m");
    // Built-in rows stay out of the export; configured ones are in it.
    let r = c.call(&[b"/export"]).await;
    let text = ret_str(&r).unwrap();
    assert!(
        text.contains("/ip vrf\nadd interfaces=ether5 name=mgmt\n"),
        "{text}"
    );
    assert!(!text.contains("name=main"), "{text}");
    assert!(text.contains("/routing bgp connection\nadd "), "{text}");
    assert!(!text.contains("/routing bgp template"), "{text}");
    // Sessions are state: not added by hand.
    let r = c.call(&[b"/routing/bgp/session/add", b"=name=x"]).await;
    assert_eq!(traps(&r).len(), 1);
    // A connection needs its role and remote address.
    let r = c
        .call(&[
            b"/routing/bgp/connection/add",
            b"=name=ix",
            b"=remote.address=203.0.113.9",
        ])
        .await;
    assert_eq!(
        routerctl_mikrotik::sim::replies::trap_messages(&r),
        vec!["missing =local.role="]
    );
    let r = c
        .call(&[
            b"/routing/bgp/connection/add",
            b"=name=ix",
            b"=remote.address=203.0.113.9",
            b"=local.role=ebgp-peer",
            b"=remote.as=64511",
        ])
        .await;
    assert!(ret(&r).is_some(), "{r:?}");
}

/// librouteros `Config.export` (napalm `get_config`): `/export =file=`
/// then `/file` print by name, `/file/read` in chunks, `/file/remove`.
#[tokio::test]
async fn export_to_file_and_read_back() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/export", b"=terse=yes"]).await;
    let inline = ret_str(&r).unwrap();
    assert!(inline.contains("\n/ip address add address=192.168.88.1/24"));
    assert!(inline.contains("\n/routing bgp connection add "));
    let r = c
        .call(&[
            b"/export",
            b"=file=librouteros-export",
            b"=terse=yes",
            b"=show-sensitive=yes",
        ])
        .await;
    assert!(
        matches!(r.as_slice(), [Reply::Done { ret: None, .. }]),
        "{r:?}"
    );
    let r = c
        .call(&[
            b"/file/print",
            b"=.proplist=size,contents,type",
            b"?name=librouteros-export.rsc",
        ])
        .await;
    let f = rows(&r);
    assert_eq!(f.len(), 1);
    assert_eq!(get(f[0], "type"), "script");
    let size: usize = get(f[0], "size").parse().unwrap();
    assert!(size > 4095, "the export is big enough to need /file/read");
    assert!(f[0].get("contents").is_none(), "too big to print inline");
    let mut text = Vec::new();
    let mut offset = 0;
    while offset < size {
        let o = format!("=offset={offset}");
        let r = c
            .call(&[
                b"/file/read",
                b"=file=librouteros-export.rsc",
                o.as_bytes(),
                b"=chunk-size=1000",
            ])
            .await;
        let data = rows(&r)[0].get("data").unwrap().to_vec();
        assert!(!data.is_empty() && data.len() <= 1000);
        text.extend_from_slice(&data);
        offset += data.len();
    }
    let text = String::from_utf8(text).unwrap();
    // The same export apart from the timestamp line (and secrets shown).
    assert_eq!(text.lines().skip(1).count(), inline.lines().skip(1).count());
    assert!(text.contains("security.passphrase="), "show-sensitive");
    // Bad reads.
    let r = c
        .call(&[b"/file/read", b"=file=nope.rsc", b"=chunk-size=10"])
        .await;
    assert_eq!(traps(&r).len(), 1);
    let r = c
        .call(&[
            b"/file/read",
            b"=file=librouteros-export.rsc",
            b"=chunk-size=40000",
        ])
        .await;
    assert_eq!(
        routerctl_mikrotik::sim::replies::trap_messages(&r),
        vec!["value of chunk-size out of range (1..32768)"]
    );
    // Small files print their contents; remove by name.
    let r = c
        .call(&[b"/file/add", b"=name=note.txt", b"=contents=hello"])
        .await;
    assert!(ret(&r).is_some(), "{r:?}");
    let r = c.call(&[b"/file/print", b"?name=note.txt"]).await;
    assert_eq!(get(rows(&r)[0], "contents"), "hello");
    assert_eq!(get(rows(&r)[0], "size"), "5");
    let r = c
        .call(&[b"/file/remove", b"=numbers=librouteros-export.rsc,note.txt"])
        .await;
    assert!(traps(&r).is_empty(), "{r:?}");
    let r = c.call(&[b"/file/print", b"=count-only="]).await;
    assert_eq!(
        ret_str(&r).as_deref(),
        Some("1"),
        "only the skins directory"
    );
}

/// `/execute` (napalm-ros `cli`): `as-string` answers the output in
/// `=ret=`, without it a job id; `=file=` writes NAME.txt.
#[tokio::test]
async fn execute_as_string_job_and_file() {
    let mut config = SimConfig::new("admin", "pw");
    config.identity = "lab-rtr".into();
    let (_dev, server) = start(config).await;
    let mut c = admin(server.local_addr()).await;
    let r = c
        .call(&[
            b"/execute",
            b"=script=:local who \"world\"; :put \"hello $who\"\n:put [/system/identity/get name]",
            b"=as-string=",
        ])
        .await;
    assert_eq!(ret_str(&r).as_deref(), Some("hello world\nlab-rtr"));
    // Console spelling of the path works too.
    let r = c
        .call(&[
            b"/execute",
            b"=script=:put [/system identity get name]",
            b"=as-string=",
        ])
        .await;
    assert_eq!(ret_str(&r).as_deref(), Some("lab-rtr"));
    // Live values too.
    let r = c
        .call(&[
            b"/execute",
            b"=script=:put [/system/resource/get uptime]",
            b"=as-string=",
        ])
        .await;
    assert!(ret_str(&r).unwrap().ends_with('s'), "{r:?}");
    // No output: a bare !done.
    let r = c
        .call(&[b"/execute", b"=script=:local x 1", b"=as-string="])
        .await;
    assert!(matches!(r.as_slice(), [Reply::Done { ret: None, .. }]));
    // Outside the subset: a syntax error as output, not a trap.
    let r = c
        .call(&[
            b"/execute",
            b"=script=:put a\n/ip/address/print",
            b"=as-string=",
        ])
        .await;
    assert_eq!(
        ret_str(&r).as_deref(),
        Some("a\nsyntax error (line 2 column 1)")
    );
    // A background job: the id, the job already gone; :log went to /log.
    let r = c
        .call(&[b"/execute", b"=script=:log info \"from a job\""])
        .await;
    assert!(ret_str(&r).unwrap().starts_with('*'), "{r:?}");
    let r = c.call(&[b"/system/script/job/print"]).await;
    assert!(rows(&r).is_empty());
    let r = c.call(&[b"/log/print", b"?message=from a job"]).await;
    assert_eq!(get(rows(&r)[0], "topics"), "script,info");
    // Output to a file.
    let r = c
        .call(&[b"/execute", b"=script=:put out", b"=file=cli-1"])
        .await;
    assert!(ret(&r).is_some());
    let r = c.call(&[b"/file/print", b"?name=cli-1.txt"]).await;
    assert_eq!(get(rows(&r)[0], "contents"), "out\n");
    let r = c.call(&[b"/execute"]).await;
    assert_eq!(
        routerctl_mikrotik::sim::replies::trap_messages(&r),
        vec!["missing =script="]
    );
}

/// `/system/script` add + `run`: run-count, last-started, the log; a
/// read-only user may not log from a script.
#[tokio::test]
async fn stored_scripts_run() {
    let (_dev, server) =
        start(SimConfig::new("admin", "pw").with_user("viewer", "v", "read")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c
        .call(&[
            b"/system/script/add",
            b"=name=hello",
            b"=source=:log warning \"script says hi\"",
        ])
        .await;
    assert!(ret(&r).is_some(), "{r:?}");
    let r = c.call(&[b"/system/script/print", b"?name=hello"]).await;
    let s = rows(&r);
    assert_eq!(get(s[0], "run-count"), "0");
    assert_eq!(get(s[0], "dont-require-permissions"), "false");
    assert_eq!(get(s[0], "owner"), "admin");
    assert!(get(s[0], "policy").contains("write"));
    let r = c.call(&[b"/system/script/run", b"=number=hello"]).await;
    assert!(traps(&r).is_empty(), "{r:?}");
    // A script running another one.
    let r = c
        .call(&[
            b"/execute",
            b"=script=/system/script/run hello",
            b"=as-string=",
        ])
        .await;
    assert!(traps(&r).is_empty(), "{r:?}");
    let r = c.call(&[b"/system/script/print", b"?name=hello"]).await;
    assert_eq!(get(rows(&r)[0], "run-count"), "2");
    assert!(rows(&r)[0].get("last-started").is_some());
    let r = c.call(&[b"/log/print", b"?message=script says hi"]).await;
    assert_eq!(rows(&r).len(), 2);
    assert_eq!(get(rows(&r)[0], "topics"), "script,warning");
    let r = c.call(&[b"/system/script/run", b"=number=nope"]).await;
    assert_eq!(traps(&r).len(), 1);

    let mut v = connect(server.local_addr()).await;
    v.login("viewer", "v").await;
    let r = v
        .call(&[b"/execute", b"=script=:log info x", b"=as-string="])
        .await;
    assert_eq!(ret_str(&r).as_deref(), Some("not enough permissions (9)"));
}

/// What terraform-routeros and Ansible `api_info` manage: each menu
/// adds with RouterOS 7 defaults, finds by query, sets and removes.
#[tokio::test]
async fn managed_resources_have_ros7_defaults() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    // (menu, add words, expected defaults)
    type Case<'a> = (&'a str, &'a [&'a [u8]], &'a [(&'a str, &'a str)]);
    let cases: &[Case<'_>] = &[
        (
            "/ip/dns/static",
            &[b"=name=nas.lan", b"=address=192.168.88.20"],
            &[("type", "A"), ("ttl", "1d"), ("match-subdomain", "false")],
        ),
        (
            "/system/ntp/client/servers",
            &[b"=address=pool.ntp.org"],
            &[("iburst", "true"), ("min-poll", "6"), ("max-poll", "10")],
        ),
        (
            "/system/scheduler",
            &[
                b"=name=nightly",
                b"=on-event=/system/script/run hello",
                b"=interval=1d",
            ],
            &[
                ("start-time", "startup"),
                ("run-count", "0"),
                ("interval", "1d"),
            ],
        ),
        (
            "/interface/bridge/port",
            &[b"=interface=ether1", b"=bridge=bridge"],
            &[
                ("pvid", "1"),
                ("frame-types", "admit-all"),
                ("hw", "true"),
                ("mvrp-applicant-state", "normal-participant"),
                ("mvrp-registrar-state", "normal"),
            ],
        ),
        (
            "/interface/bridge/vlan",
            &[b"=bridge=bridge", b"=vlan-ids=30", b"=tagged=ether3"],
            &[("untagged", ""), ("disabled", "false")],
        ),
        (
            "/ip/firewall/mangle",
            &[
                b"=chain=prerouting",
                b"=action=mark-connection",
                b"=new-connection-mark=x",
            ],
            // Firewall rules print `disabled` only once written (7.x REST capture).
            &[("dynamic", "false"), ("invalid", "false")],
        ),
        (
            "/user/group",
            &[b"=name=ops", b"=policy=read,test,api"],
            &[("skin", "default")],
        ),
    ];
    for (menu, words, defaults) in cases {
        let add = format!("{menu}/add");
        let mut sentence: Vec<&[u8]> = vec![add.as_bytes()];
        sentence.extend_from_slice(words);
        let r = c.call(&sentence).await;
        let id = ret_str(&r).unwrap_or_else(|| panic!("{menu}: {r:?}"));
        let print = format!("{menu}/print");
        let q = format!("?.id={id}");
        let r = c.call(&[print.as_bytes(), q.as_bytes()]).await;
        let row = rows(&r);
        assert_eq!(row.len(), 1, "{menu}");
        for (k, v) in *defaults {
            assert_eq!(get(row[0], k), *v, "{menu} {k}");
        }
        let set = format!("{menu}/set");
        let idw = format!("=.id={id}");
        let r = c
            .call(&[set.as_bytes(), idw.as_bytes(), b"=comment=tf"])
            .await;
        assert!(traps(&r).is_empty(), "{menu}: {r:?}");
        let r = c
            .call(&[print.as_bytes(), b"?comment=tf", b"=.proplist=.id"])
            .await;
        assert_eq!(rows(&r).len(), 1, "{menu}");
        let remove = format!("{menu}/remove");
        let r = c.call(&[remove.as_bytes(), idw.as_bytes()]).await;
        assert!(traps(&r).is_empty(), "{menu}: {r:?}");
    }
    // The singletons: DNS, NTP client and server.
    for (menu, word, key, value) in [
        (
            "/ip/dns",
            &b"=servers=1.1.1.1,9.9.9.9"[..],
            "servers",
            "1.1.1.1,9.9.9.9",
        ),
        ("/system/ntp/client", b"=enabled=yes", "enabled", "true"),
        ("/system/ntp/server", b"=enabled=yes", "enabled", "true"),
    ] {
        let set = format!("{menu}/set");
        let r = c.call(&[set.as_bytes(), word]).await;
        assert!(traps(&r).is_empty(), "{menu}: {r:?}");
        let print = format!("{menu}/print");
        let r = c.call(&[print.as_bytes()]).await;
        assert_eq!(get(rows(&r)[0], key), value, "{menu}");
    }
    let r = c.call(&[b"/system/ntp/server/print"]).await;
    assert_eq!(get(rows(&r)[0], "local-clock-stratum"), "5");
    // terraform-routeros' DNS resource reads the 7.x timeouts and limits.
    let r = c.call(&[b"/ip/dns/print"]).await;
    let dns = rows(&r);
    for (k, v) in [
        ("query-server-timeout", "2s"),
        ("query-total-timeout", "10s"),
        ("max-concurrent-queries", "100"),
        ("doh-timeout", "5s"),
        ("vrf", "main"),
    ] {
        assert_eq!(get(dns[0], k), v, "{k}");
    }
    let r = c
        .call(&[
            b"/ip/dns/set",
            b"=query-server-timeout=3s",
            b"=max-concurrent-queries=0",
        ])
        .await;
    assert_eq!(traps(&r).len(), 1, "0 is out of range: {r:?}");
}

/// `/user address` on the API: a login from outside the list fails with
/// the bad-password trap and leaves no `/user/active` row.
#[tokio::test]
async fn user_address_restricts_api_logins() {
    let config = SimConfig::new("admin", "pw").with_user("ops", "o", "full");
    let (_dev, server) = start(config).await;
    let mut c = admin(server.local_addr()).await;
    let r = c
        .call(&[b"/user/set", b"=numbers=ops", b"=address=10.0.0.0/8"])
        .await;
    assert!(traps(&r).is_empty(), "{r:?}");
    let mut o = connect(server.local_addr()).await;
    let r = o.call(&[b"/login", b"=name=ops", b"=password=o"]).await;
    assert_eq!(
        routerctl_mikrotik::sim::replies::trap_messages(&r),
        vec!["invalid user name or password (6)"]
    );
    let r = c.call(&[b"/user/active/print", b"?name=ops"]).await;
    assert!(rows(&r).is_empty());
    let r = c
        .call(&[
            b"/user/set",
            b"=numbers=ops",
            b"=address=10.0.0.0/8,127.0.0.1",
        ])
        .await;
    assert!(traps(&r).is_empty(), "{r:?}");
    o.login("ops", "o").await;
    let r = c.call(&[b"/user/active/print", b"?name=ops"]).await;
    assert_eq!(rows(&r).len(), 1);
}

/// `/interface/listen` over the API: with no write at all, ether1's row
/// comes again as its counters move; `/cancel` ends the feed as usual.
#[tokio::test]
async fn interface_listen_sends_counter_changes() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    c.send(&[b"/interface/listen", b"=.proplist=name,rx-byte", b".tag=l"])
        .await;
    let first = loop {
        let r = tokio::time::timeout(WAIT, c.recv())
            .await
            .expect("a row within the wait")
            .expect("open");
        if let Reply::Re(a) = &r.reply {
            if get(a, "name") == "ether1" {
                break get(a, "rx-byte").parse::<u64>().unwrap();
            }
        }
    };
    let second = loop {
        let r = tokio::time::timeout(WAIT, c.recv())
            .await
            .expect("another row within the wait")
            .expect("open");
        if let Reply::Re(a) = &r.reply {
            if get(a, "name") == "ether1" {
                break get(a, "rx-byte").parse::<u64>().unwrap();
            }
        }
    };
    assert!(second > first, "{first} then {second}");
    c.send(&[b"/cancel", b"=tag=l"]).await;
    let tail = c.until_done(Some("l")).await;
    assert!(
        tail.iter()
            .any(|r| matches!(&r.reply, Reply::Trap(t) if t.message.as_ref() == b"interrupted")),
        "{tail:?}"
    );
}

/// Firewall rules as terraform-routeros writes them: address-list actions,
/// TCP flags, marks and limits are accepted, printed as given, checked.
#[tokio::test]
async fn firewall_rules_take_the_managed_matchers() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c
        .call(&[
            b"/ip/firewall/filter/add",
            b"=chain=input",
            b"=action=add-src-to-address-list",
            b"=address-list=scanners",
            b"=address-list-timeout=1d",
            b"=protocol=tcp",
            b"=tcp-flags=syn,!ack",
            b"=connection-mark=no-mark",
            b"=limit=10,5:packet",
            b"=src-mac-address=02:00:00:00:00:0a",
        ])
        .await;
    let id = ret_str(&r).unwrap_or_else(|| panic!("{r:?}"));
    let q = format!("?.id={id}");
    let r = c.call(&[b"/ip/firewall/filter/print", q.as_bytes()]).await;
    let rule = rows(&r)[0];
    assert_eq!(get(rule, "address-list"), "scanners");
    assert_eq!(get(rule, "tcp-flags"), "syn,!ack");
    assert_eq!(get(rule, "src-mac-address"), "02:00:00:00:00:0A");
    assert!(rule.get("routing-mark").is_none(), "no defaults");
    let r = c
        .call(&[
            b"/ip/firewall/filter/add",
            b"=chain=input",
            b"=tcp-flags=syn,bogus",
        ])
        .await;
    assert_eq!(traps(&r).len(), 1, "{r:?}");
    let r = c
        .call(&[
            b"/ip/firewall/mangle/add",
            b"=chain=prerouting",
            b"=dscp=64",
        ])
        .await;
    assert_eq!(traps(&r).len(), 1, "dscp is 0..63: {r:?}");
    let r = c
        .call(&[
            b"/ip/firewall/nat/add",
            b"=chain=dstnat",
            b"=port=80,443",
            b"=protocol=tcp",
        ])
        .await;
    assert!(ret(&r).is_some(), "{r:?}");
    let r = c
        .call(&[
            b"/ip/firewall/raw/add",
            b"=chain=prerouting",
            b"=dst-address-type=local",
        ])
        .await;
    assert!(ret(&r).is_some(), "{r:?}");
}
