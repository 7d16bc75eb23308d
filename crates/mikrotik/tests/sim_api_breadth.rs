//! The menus monitoring tools read by default (issue 14, "Breadth"): each
//! is printed over the API the way napalm-ros or mktxp asks for it.

mod sim_common;

use std::time::Duration;

use routerctl_mikrotik::api::proto::Reply;
use routerctl_mikrotik::sim::SimConfig;
use sim_common::*;

fn get<'a>(row: &'a routerctl_mikrotik::record::Attributes, key: &str) -> &'a str {
    row.get(key)
        .and_then(|v| std::str::from_utf8(v).ok())
        .unwrap_or_else(|| panic!("no {key} in {row:?}"))
}

fn num(row: &routerctl_mikrotik::record::Attributes, key: &str) -> u64 {
    get(row, key)
        .parse()
        .unwrap_or_else(|_| panic!("{key} is not a number"))
}

/// napalm `get_mac_address_table`: every row has `interface`, `dynamic`
/// and `invalid`; clients are learned on their bridge ports.
#[tokio::test]
async fn bridge_host_lists_local_and_learned_macs() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/interface/bridge/host/print"]).await;
    let hosts = rows(&r);
    assert_eq!(hosts.len(), 7, "{hosts:?}");
    for h in &hosts {
        assert_eq!(get(h, "bridge"), "bridge");
        assert_eq!(get(h, "invalid"), "false");
        assert!(["ether2", "wifi1", "wifi2"].contains(&get(h, "interface")));
    }
    let learned: Vec<_> = hosts
        .iter()
        .filter(|h| get(h, "local") == "false")
        .collect();
    assert_eq!(learned.len(), 4);
    assert!(learned.iter().all(|h| get(h, "dynamic") == "true"));
    // Each learned MAC is a DHCP client.
    let r = c.call(&[b"/ip/dhcp-server/lease/print"]).await;
    let leases: Vec<&str> = rows(&r).iter().map(|l| get(l, "mac-address")).collect();
    assert!(
        learned
            .iter()
            .all(|h| leases.contains(&get(h, "mac-address")))
    );
    // Read-only: the bridge learns, nobody adds.
    let r = c
        .call(&[
            b"/interface/bridge/host/add",
            b"=mac-address=02:00:00:00:00:01",
        ])
        .await;
    assert_eq!(traps(&r).len(), 1, "{r:?}");
}

/// napalm `get_environment` and mktxp's health collector.
#[tokio::test]
async fn system_health_and_cpu_load() {
    let (dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/system/health/print"]).await;
    let sensors = rows(&r);
    assert_eq!(sensors.len(), 1);
    assert_eq!(get(sensors[0], "name"), "cpu-temperature");
    assert_eq!(get(sensors[0], "type"), "C");
    let t = num(sensors[0], "value");
    assert!((30..70).contains(&t), "{t}");
    let r = c.call(&[b"/system/resource/cpu/print"]).await;
    let cpus = rows(&r);
    let names: Vec<&str> = cpus.iter().map(|r| get(r, "cpu")).collect();
    assert_eq!(names, ["cpu0", "cpu1", "cpu2", "cpu3"]);
    assert!(cpus.iter().all(|r| num(r, "load") <= 100));
    dev.advance(Duration::from_secs(600));
    let r = c.call(&[b"/system/health/print"]).await;
    assert!((30..70).contains(&num(rows(&r)[0], "value")));
    let r = c
        .call(&[
            b"/system/health/set",
            b"=numbers=cpu-temperature",
            b"=value=1",
        ])
        .await;
    assert_eq!(traps(&r).len(), 1, "read-only: {r:?}");
}

/// napalm `get_snmp_information`.
#[tokio::test]
async fn snmp_settings_and_default_community() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/snmp/print"]).await;
    let snmp = rows(&r);
    assert_eq!(get(snmp[0], "enabled"), "false");
    assert_eq!(get(snmp[0], "contact"), "");
    assert!(get(snmp[0], "engine-id").starts_with("80003a8c04"));
    let r = c
        .call(&[
            b"/snmp/set",
            b"=enabled=yes",
            b"=contact=noc@example.net",
            b"=location=rack 4",
        ])
        .await;
    assert!(matches!(r.as_slice(), [Reply::Done { .. }]), "{r:?}");
    let r = c.call(&[b"/snmp/print"]).await;
    assert_eq!(get(rows(&r)[0], "location"), "rack 4");
    let r = c.call(&[b"/snmp/community/print"]).await;
    let comm = rows(&r);
    assert_eq!(comm.len(), 1);
    assert_eq!(get(comm[0], ".id"), "*0");
    assert_eq!(get(comm[0], "name"), "public");
    assert_eq!(get(comm[0], "default"), "true");
    assert_eq!(get(comm[0], "read-access"), "true");
    assert_eq!(get(comm[0], "write-access"), "false");
    assert_eq!(get(comm[0], "addresses"), "::/0");
}

/// napalm `get_vlans`: a VLAN is a typed interface on a parent.
#[tokio::test]
async fn vlan_add_appears_in_interfaces() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/interface/vlan/print"]).await;
    assert!(rows(&r).is_empty());
    let r = c
        .call(&[
            b"/interface/vlan/add",
            b"=name=guest",
            b"=vlan-id=20",
            b"=interface=bridge",
        ])
        .await;
    assert!(ret(&r).is_some(), "{r:?}");
    let r = c.call(&[b"/interface/vlan/print"]).await;
    let v = rows(&r);
    assert_eq!(get(v[0], "name"), "guest");
    assert_eq!(get(v[0], "vlan-id"), "20");
    assert_eq!(get(v[0], "interface"), "bridge");
    assert_eq!(get(v[0], "mtu"), "1500");
    let r = c.call(&[b"/interface/print", b"?type=vlan"]).await;
    assert_eq!(rows(&r).len(), 1);
    let r = c
        .call(&[
            b"/interface/vlan/add",
            b"=name=bad",
            b"=vlan-id=5000",
            b"=interface=bridge",
        ])
        .await;
    assert_eq!(traps(&r).len(), 1, "{r:?}");
}

/// mktxp's pool collectors: `/ip/pool` and `/ip/pool/used` (the scrape
/// stopped without the latter).
#[tokio::test]
async fn pool_used_matches_bound_leases() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/ip/pool/print"]).await;
    assert_eq!(get(rows(&r)[0], "name"), "default-dhcp");
    let r = c.call(&[b"/ip/pool/used/print"]).await;
    let used = rows(&r);
    assert_eq!(used.len(), 4);
    let r = c
        .call(&[b"/ip/dhcp-server/lease/print", b"?status=bound"])
        .await;
    let bound = rows(&r);
    for u in &used {
        assert_eq!(get(u, "pool"), "default-dhcp");
        assert!(
            bound.iter().any(|l| get(l, "address") == get(u, "address")
                && get(l, "mac-address") == get(u, "owner"))
        );
    }
}

/// mktxp's public-IP collector.
#[tokio::test]
async fn ip_cloud_shows_the_wan_address() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/ip/cloud/print"]).await;
    let cloud = rows(&r);
    assert_eq!(get(cloud[0], "ddns-enabled"), "no");
    assert!(get(cloud[0], "public-address").starts_with("198.51.100."));
    let r = c
        .call(&[b"/ip/cloud/set", b"=public-address=1.2.3.4"])
        .await;
    assert_eq!(traps(&r).len(), 1, "read-only: {r:?}");
}

/// mktxp's DHCP collector sends `print =active=`: only leases in use.
#[tokio::test]
async fn dhcp_lease_print_active() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/ip/dhcp-server/lease/print"]).await;
    assert_eq!(rows(&r).len(), 5);
    let r = c.call(&[b"/ip/dhcp-server/lease/print", b"=active="]).await;
    let active = rows(&r);
    assert_eq!(active.len(), 4);
    assert!(active.iter().all(|l| get(l, "status") == "bound"));
    assert!(active.iter().all(|l| !get(l, "active-address").is_empty()));
    let r = c.call(&[b"/ip/route/print", b"=active="]).await;
    assert_eq!(traps(&r).len(), 1, "{r:?}");
}

/// mktxp's connection collector: `print count-only`; byte counters grow.
#[tokio::test]
async fn connection_tracking_count_and_counters() {
    let (dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c
        .call(&[b"/ip/firewall/connection/print", b"=count-only="])
        .await;
    assert_eq!(ret(&r).unwrap(), "5");
    let r = c.call(&[b"/ip/firewall/connection/print"]).await;
    let before: Vec<u64> = rows(&r).iter().map(|r| num(r, "repl-bytes")).collect();
    assert!(rows(&r).iter().all(|r| get(r, "srcnat") == "true"));
    dev.advance(Duration::from_secs(30));
    let r = c.call(&[b"/ip/firewall/connection/print"]).await;
    let after: Vec<u64> = rows(&r).iter().map(|r| num(r, "repl-bytes")).collect();
    assert!(
        before.iter().zip(&after).all(|(b, a)| a > b),
        "{before:?} {after:?}"
    );
}

/// mktxp's firewall collectors print raw and mangle with `=stats=`.
#[tokio::test]
async fn firewall_raw_and_mangle_rules_count() {
    let (dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    for menu in ["/ip/firewall/raw", "/ip/firewall/mangle"] {
        let print = format!("{menu}/print");
        let r = c.call(&[print.as_bytes(), b"=stats="]).await;
        assert!(rows(&r).is_empty(), "{menu}: {r:?}");
    }
    let r = c
        .call(&[
            b"/ip/firewall/raw/add",
            b"=chain=prerouting",
            b"=action=notrack",
            b"=dst-address=192.168.88.1",
        ])
        .await;
    assert!(ret(&r).is_some(), "{r:?}");
    let r = c
        .call(&[
            b"/ip/firewall/mangle/add",
            b"=chain=forward",
            b"=action=change-mss",
            b"=new-mss=clamp-to-pmtu",
            b"=protocol=tcp",
        ])
        .await;
    assert!(ret(&r).is_some(), "{r:?}");
    dev.advance(Duration::from_secs(120));
    for menu in ["/ip/firewall/raw", "/ip/firewall/mangle"] {
        let print = format!("{menu}/print");
        let r = c.call(&[print.as_bytes(), b"=stats="]).await;
        let rule = rows(&r);
        assert!(num(rule[0], "bytes") > 0, "{menu}: {rule:?}");
        assert!(num(rule[0], "packets") <= num(rule[0], "bytes"));
    }
    let r = c
        .call(&[
            b"/ip/firewall/raw/add",
            b"=chain=prerouting",
            b"=action=mark-packet",
        ])
        .await;
    assert_eq!(traps(&r).len(), 1, "mark-packet is mangle only: {r:?}");
}

/// mktxp's PoE collector: print, then `monitor =once= =numbers=0`.
#[tokio::test]
async fn poe_print_and_monitor() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/interface/ethernet/poe/print"]).await;
    let poe = rows(&r);
    assert_eq!(poe.len(), 1);
    assert_eq!(get(poe[0], "name"), "ether1");
    assert_eq!(get(poe[0], "poe-out"), "auto-on");
    let r = c
        .call(&[b"/interface/ethernet/poe/monitor", b"=once=", b"=numbers=0"])
        .await;
    let m = rows(&r);
    assert_eq!(get(m[0], "name"), "ether1");
    assert_eq!(get(m[0], "poe-out-status"), "waiting-for-load");
    let r = c
        .call(&[
            b"/interface/ethernet/poe/set",
            b"=numbers=ether1",
            b"=poe-out=forced-on",
        ])
        .await;
    assert!(matches!(r.as_slice(), [Reply::Done { .. }]), "{r:?}");
    let r = c
        .call(&[
            b"/interface/ethernet/poe/monitor",
            b"=once=",
            b"=numbers=ether1",
        ])
        .await;
    assert_eq!(get(rows(&r)[0], "poe-out-status"), "powered-on");
    assert!(rows(&r)[0].get("poe-out-voltage").is_some());
}

/// mktxp's netwatch collector: status and test counts move with time.
#[tokio::test]
async fn netwatch_counts_tests() {
    let (dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/tool/netwatch/print"]).await;
    let n = rows(&r);
    assert_eq!(get(n[0], "host"), "1.1.1.1");
    assert_eq!(get(n[0], "status"), "up");
    let done = num(n[0], "done-tests");
    dev.advance(Duration::from_secs(100));
    let r = c.call(&[b"/tool/netwatch/print"]).await;
    // One probe per 10 s interval (the wall clock may add one more).
    let later = num(rows(&r)[0], "done-tests");
    assert!((done + 10..=done + 11).contains(&later), "{done} {later}");
}

/// mktxp's CAPsMAN and queue collectors: empty on a default hAP, but
/// present; queues print counters once added.
#[tokio::test]
async fn remote_cap_and_queues() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    for menu in [
        &b"/interface/wifi/capsman/remote-cap/print"[..],
        b"/queue/simple/print",
        b"/queue/tree/print",
    ] {
        let r = c.call(&[menu]).await;
        assert!(traps(&r).is_empty() && rows(&r).is_empty(), "{r:?}");
    }
    let r = c
        .call(&[
            b"/queue/simple/add",
            b"=name=guests",
            b"=target=192.168.88.0/24",
            b"=max-limit=10M/50M",
        ])
        .await;
    assert!(ret(&r).is_some(), "{r:?}");
    let r = c
        .call(&[
            b"/queue/tree/add",
            b"=name=down",
            b"=parent=global",
            b"=max-limit=100M",
        ])
        .await;
    assert!(ret(&r).is_some(), "{r:?}");
    let r = c.call(&[b"/queue/simple/print"]).await;
    let q = rows(&r);
    // The API prints plain numbers where the console shows 10M.
    assert_eq!(get(q[0], "max-limit"), "10000000/50000000");
    // Counters are `upload/download` pairs of whole numbers.
    let bytes = get(q[0], "bytes");
    let halves: Vec<_> = bytes.split('/').collect();
    assert!(
        halves.len() == 2 && halves.iter().all(|n| n.parse::<u64>().is_ok()),
        "{bytes}"
    );
    assert_eq!(get(q[0], "queue"), "default-small/default-small");
    let r = c.call(&[b"/queue/tree/print"]).await;
    assert!(get(rows(&r)[0], "bytes").parse::<u64>().is_ok(), "{r:?}");
    assert_eq!(get(rows(&r)[0], "priority"), "8");
    assert_eq!(get(rows(&r)[0], "max-limit"), "100000000");
    let r = c
        .call(&[
            b"/queue/simple/add",
            b"=name=x",
            b"=target=ether2",
            b"=max-limit=10M",
        ])
        .await;
    assert_eq!(traps(&r).len(), 1, "a pair is needed: {r:?}");
}

/// napalm `get_vlans` reads the bridge VLAN table; napalm `get_config`
/// and mktxp's package collector read the update status.
#[tokio::test]
async fn bridge_vlan_and_package_update() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let mut c = admin(server.local_addr()).await;
    let r = c.call(&[b"/interface/bridge/vlan/print"]).await;
    let v = rows(&r);
    assert_eq!(v.len(), 1);
    assert_eq!(get(v[0], "vlan-ids"), "10,20");
    assert_eq!(get(v[0], "dynamic"), "false");
    assert_eq!(get(v[0], "tagged"), "bridge,ether4");
    assert_eq!(get(v[0], "untagged"), "");
    assert!(get(v[0], "current-tagged").contains("ether4"));
    let r = c.call(&[b"/system/package/update/print"]).await;
    let u = rows(&r);
    assert_eq!(get(u[0], "channel"), "stable");
    assert_eq!(get(u[0], "installed-version"), "7.20.5");
    assert_eq!(get(u[0], "installed-version"), get(u[0], "latest-version"));
}
