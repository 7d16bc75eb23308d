//! The default configuration of a hAP ax^2 on RouterOS 7.20.5 after
//! defconf, plus a little life: DHCP clients, wifi stations, log lines.
//!
//! The seed varies MAC addresses, the serial number, the WAN address, the
//! uptime and the traffic rates, so two simulated routers differ.

use std::collections::BTreeMap;

use bytes::Bytes;

use super::clock::{Clock, mix};
use super::config::SimConfig;
use super::menus;
use super::schema::{IfaceRole, flag};
use super::seed_ipv6;
use super::state::{Row, State};
use super::value::{bool_str, format_datetime};

/// Uptime of the device when the simulator starts: 1-4 hours.
pub fn initial_uptime(seed: u64) -> f64 {
    3600.0 + (mix(seed, 77) % (3 * 3600)) as f64
}

type Props<'a> = &'a [(&'static str, &'a [u8])];

/// Fill a row's defaults from the schema; `master` selects which side of
/// a typed interface menu gets filled.
fn with_defaults(path: &str, given: Props<'_>, master: bool) -> BTreeMap<&'static str, Bytes> {
    let mut props = BTreeMap::new();
    let Some(menu) = menus::menu(path) else {
        return props;
    };
    for p in menu.props {
        if p.has(flag::MASTER) != master && menu.iface != IfaceRole::Master {
            continue;
        }
        if let Some((_, v)) = given.iter().find(|(n, _)| *n == p.name) {
            props.insert(p.name, Bytes::copy_from_slice(v));
        } else if let Some(d) = p.default {
            props.insert(p.name, Bytes::from_static(d.as_bytes()));
        }
    }
    props
}

/// Insert a row with defaults; returns its id.
fn put(st: &mut State, path: &'static str, since: f64, given: Props<'_>) -> u32 {
    let Some(menu) = menus::menu(path) else {
        return 0;
    };
    let id = st.allocate_id(menu);
    let props = with_defaults(path, given, false);
    st.insert(path, Row { id, props, since }, None);
    id
}

/// Insert a typed interface: the `/interface` row and the typed row.
fn put_iface(
    st: &mut State,
    path: &'static str,
    since: f64,
    master: Props<'_>,
    typed: Props<'_>,
) -> u32 {
    let Some(menu) = menus::menu(path) else {
        return 0;
    };
    let id = st.allocate_id(menu);
    let mut all: Vec<(&'static str, &[u8])> = typed.to_vec();
    all.extend_from_slice(master);
    let mut mrow = with_defaults("/interface", master, true);
    // Shared properties given for the typed menu land in the master row.
    for (k, v) in with_defaults(path, &all, true) {
        mrow.entry(k).or_insert(v);
    }
    st.insert(
        "/interface",
        Row {
            id,
            props: mrow,
            since,
        },
        None,
    );
    st.insert(
        path,
        Row {
            id,
            props: with_defaults(path, typed, false),
            since,
        },
        None,
    );
    id
}

fn mac(base: u64, n: u64) -> String {
    let v = (base + n) & 0xFF_FFFF;
    format!(
        "48:A9:8A:{:02X}:{:02X}:{:02X}",
        v >> 16,
        (v >> 8) & 0xFF,
        v & 0xFF
    )
}

/// A client MAC (locally random, stable per seed).
fn client_mac(seed: u64, n: u64) -> String {
    let v = mix(seed, 500 + n);
    let b = v.to_be_bytes();
    format!(
        "{:02X}:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}",
        b[0] & 0xFE,
        b[1],
        b[2],
        b[3],
        b[4],
        b[5]
    )
}

/// RouterOS default group policies (7.x). This one is the `read` group's:
/// everything but `ftp`, `write` and `policy`.
pub const GROUP_READ: &str = "local,telnet,ssh,reboot,read,test,winbox,password,web,sniff,sensitive,api,romon,rest-api,!ftp,!write,!policy";
/// Policy list of the default `write` group: `full` without `ftp` and `policy`.
pub const GROUP_WRITE: &str = "local,telnet,ssh,reboot,read,write,test,winbox,password,web,sniff,sensitive,api,romon,rest-api,!ftp,!policy";
/// Policy list of the default `full` group: every policy.
pub const GROUP_FULL: &str = "local,telnet,ssh,ftp,reboot,read,write,policy,test,winbox,password,web,sniff,sensitive,api,romon,rest-api";

/// Build the seeded state.
pub fn build(config: &SimConfig, clock: &Clock) -> State {
    let seed = config.seed;
    let mut st = State::new(seed);
    let now = clock.now;
    let base = mix(seed, 1) & 0xFF_FF00;
    let b = |s: &str| -> Vec<u8> { s.as_bytes().to_vec() };

    // Interfaces: ether1..5, wifi1, wifi2, bridge, lo.
    for n in 1..=5u64 {
        let name = format!("ether{n}");
        let m = mac(base, n - 1);
        let up = n <= 2;
        let running = bool_str(up);
        let slave = bool_str(n >= 2);
        let link_downs = if n == 1 { "2" } else { "0" };
        let master: Vec<(&'static str, Vec<u8>)> = vec![
            ("name", b(&name)),
            ("default-name", b(&name)),
            ("type", b("ether")),
            ("mtu", b("1500")),
            ("actual-mtu", b("1500")),
            ("l2mtu", b("1514")),
            ("max-l2mtu", b("9214")),
            ("mac-address", b(&m)),
            ("link-downs", b(link_downs)),
            ("running", b(running)),
            ("slave", b(slave)),
        ];
        let mut typed: Vec<(&'static str, Vec<u8>)> = vec![("orig-mac-address", b(&m))];
        if n == 1 {
            typed.push(("poe-out", b("auto-on")));
            typed.push(("poe-priority", b("10")));
        }
        let mp: Vec<(&'static str, &[u8])> = master.iter().map(|(k, v)| (*k, &v[..])).collect();
        let tp: Vec<(&'static str, &[u8])> = typed.iter().map(|(k, v)| (*k, &v[..])).collect();
        let id = put_iface(&mut st, "/interface/ethernet", 0.0, &mp, &tp);
        if !up {
            st.link_down.push(id);
        }
    }
    let ssid = format!("MikroTik-{:06X}", (base + 5) & 0xFF_FFFF);
    let passphrase = format!("{:010X}", mix(seed, 9) & 0xFF_FFFF_FFFF);
    for (name, band, width, n) in [
        ("wifi1", "5ghz-ax", "20/40/80mhz", 5u64),
        ("wifi2", "2ghz-ax", "20/40mhz", 6),
    ] {
        let m = mac(base, n);
        let master: Vec<(&'static str, &[u8])> = vec![
            ("name", name.as_bytes()),
            ("default-name", name.as_bytes()),
            ("type", b"wifi"),
            ("mtu", b"1500"),
            ("actual-mtu", b"1500"),
            ("l2mtu", b"1560"),
            ("max-l2mtu", b"2290"),
            ("mac-address", m.as_bytes()),
            ("link-downs", b"0"),
            ("running", b"true"),
            ("slave", b"true"),
        ];
        let typed: Vec<(&'static str, &[u8])> = vec![
            ("radio-mac", m.as_bytes()),
            ("configuration.mode", b"ap"),
            ("configuration.ssid", ssid.as_bytes()),
            ("channel.band", band.as_bytes()),
            ("channel.width", width.as_bytes()),
            ("channel.skip-dfs-channels", b"10min-cac"),
            ("security.authentication-types", b"wpa2-psk,wpa3-psk"),
            ("security.passphrase", passphrase.as_bytes()),
            ("security.ft", b"true"),
            ("security.ft-over-ds", b"true"),
            ("master", b"true"),
        ];
        put_iface(&mut st, "/interface/wifi", 0.0, &master, &typed);
    }
    let bridge_mac = mac(base, 1);
    put_iface(
        &mut st,
        "/interface/bridge",
        0.0,
        &[
            ("name", b"bridge"),
            ("type", b"bridge"),
            ("mtu", b"auto"),
            ("actual-mtu", b"1500"),
            ("l2mtu", b"1514"),
            ("mac-address", bridge_mac.as_bytes()),
            ("link-downs", b"0"),
            ("running", b"true"),
            ("comment", b"defconf"),
        ],
        &[("admin-mac", bridge_mac.as_bytes()), ("auto-mac", b"false")],
    );
    // The loopback has no typed menu.
    let lo_id = match menus::menu("/interface") {
        Some(m) => st.allocate_id(m),
        None => 0,
    };
    let lo = with_defaults(
        "/interface",
        &[
            ("name", b"lo"),
            ("type", b"loopback"),
            ("mtu", b"65536"),
            ("actual-mtu", b"65536"),
            ("mac-address", b"00:00:00:00:00:00"),
            ("link-downs", b"0"),
            ("running", b"true"),
        ],
        true,
    );
    st.insert(
        "/interface",
        Row {
            id: lo_id,
            props: lo,
            since: 0.0,
        },
        None,
    );

    // Interface lists.
    for name in ["all", "none", "dynamic", "static"] {
        put(
            &mut st,
            "/interface/list",
            0.0,
            &[("name", name.as_bytes()), ("builtin", b"true")],
        );
    }
    for name in ["WAN", "LAN"] {
        put(
            &mut st,
            "/interface/list",
            0.0,
            &[("name", name.as_bytes()), ("comment", b"defconf")],
        );
    }

    // Bridge ports: ether2-5, wifi1, wifi2 (ids from *0, as captured).
    let mut port_names: Vec<String> = (2..=5).map(|n| format!("ether{n}")).collect();
    port_names.extend(["wifi1".to_string(), "wifi2".to_string()]);
    for name in &port_names {
        let running = st
            .find_by_name("/interface", name.as_bytes())
            .and_then(|id| st.row("/interface", id))
            .is_some_and(|r| r.is_true("running"));
        let (status, inactive): (&[u8], &[u8]) = if running {
            (b"in-bridge", b"false")
        } else {
            (b"inactive", b"true")
        };
        put(
            &mut st,
            "/interface/bridge/port",
            0.0,
            &[
                ("interface", name.as_bytes()),
                ("bridge", b"bridge"),
                ("comment", b"defconf"),
                ("status", status),
                ("inactive", inactive),
            ],
        );
    }
    for (list, iface) in [("LAN", "bridge"), ("WAN", "ether1")] {
        put(
            &mut st,
            "/interface/list/member",
            0.0,
            &[
                ("list", list.as_bytes()),
                ("interface", iface.as_bytes()),
                ("comment", b"defconf"),
            ],
        );
    }

    // Addressing.
    let wan_host = 10 + mix(seed, 3) % 200;
    let wan_ip = format!("198.51.100.{wan_host}");
    let wan_cidr = format!("{wan_ip}/24");
    put(
        &mut st,
        "/ip/pool",
        0.0,
        &[
            ("name", b"default-dhcp"),
            ("ranges", b"192.168.88.10-192.168.88.254"),
        ],
    );
    put(
        &mut st,
        "/ip/dhcp-server",
        0.0,
        &[
            ("name", b"defconf"),
            ("interface", b"bridge"),
            ("address-pool", b"default-dhcp"),
        ],
    );
    put(
        &mut st,
        "/ip/dhcp-server/network",
        0.0,
        &[
            ("address", b"192.168.88.0/24"),
            ("gateway", b"192.168.88.1"),
            ("dns-server", b"192.168.88.1"),
            ("comment", b"defconf"),
        ],
    );
    put(
        &mut st,
        "/ip/address",
        0.0,
        &[
            ("address", b"192.168.88.1/24"),
            ("network", b"192.168.88.0"),
            ("interface", b"bridge"),
            ("actual-interface", b"bridge"),
            ("comment", b"defconf"),
        ],
    );
    put(
        &mut st,
        "/ip/address",
        5.0,
        &[
            ("address", wan_cidr.as_bytes()),
            ("network", b"198.51.100.0"),
            ("interface", b"ether1"),
            ("actual-interface", b"ether1"),
            ("dynamic", b"true"),
        ],
    );
    put(
        &mut st,
        "/ip/dhcp-client",
        5.0,
        &[
            ("interface", b"ether1"),
            ("comment", b"defconf"),
            ("status", b"bound"),
            ("address", wan_cidr.as_bytes()),
            ("gateway", b"198.51.100.1"),
            ("dhcp-server", b"198.51.100.1"),
            ("primary-dns", b"198.51.100.53"),
            ("secondary-dns", b"198.51.100.54"),
        ],
    );
    seed_routes(&mut st, &wan_ip);
    if let Some(t) = st.table_mut("/ip/dns") {
        t.rows.clear();
    }
    put(
        &mut st,
        "/ip/dns",
        0.0,
        &[
            ("allow-remote-requests", b"true"),
            ("dynamic-servers", b"198.51.100.53,198.51.100.54"),
            ("cache-used", b"41"),
        ],
    );

    // DHCP leases: dynamic bound ones, one with a cp1252 host name, and a
    // static lease that never bound.
    type Client<'a> = (&'a [u8], &'a str, &'a str, u32, Option<&'a str>);
    let clients: [Client; 4] = [
        (
            b"Pixel-8",
            "192.168.88.254",
            "wifi1",
            0,
            Some("android-dhcp-14"),
        ),
        (
            b"caf\xE9-pc",
            "192.168.88.253",
            "ether2",
            1,
            Some("MSFT 5.0"),
        ),
        (b"iPad", "192.168.88.252", "wifi1", 2, None),
        (b"tv-livingroom", "192.168.88.251", "wifi2", 3, None),
    ];
    let mut learned: Vec<(String, &str, &str, Vec<u8>, f64)> = Vec::new();
    for (host, ip, via, n, class) in clients {
        let m = client_mac(seed, u64::from(n));
        let cid = format!("1:{}", m.to_ascii_lowercase());
        let since = now - 60.0 - (mix(seed, 40 + u64::from(n)) % 3000) as f64;
        let mut props: Vec<(&'static str, &[u8])> = vec![
            ("address", ip.as_bytes()),
            ("mac-address", m.as_bytes()),
            ("client-id", cid.as_bytes()),
            ("server", b"defconf"),
            ("status", b"bound"),
            ("active-address", ip.as_bytes()),
            ("active-mac-address", m.as_bytes()),
            ("active-client-id", cid.as_bytes()),
            ("active-server", b"defconf"),
            ("host-name", host),
            ("dynamic", b"true"),
        ];
        if let Some(c) = class {
            props.push(("class-id", c.as_bytes()));
        }
        put(&mut st, "/ip/dhcp-server/lease", since, &props);
        learned.push((m.clone(), ip, via, host.to_vec(), since));
        put(
            &mut st,
            "/ip/arp",
            since,
            &[
                ("address", ip.as_bytes()),
                ("mac-address", m.as_bytes()),
                ("interface", b"bridge"),
                ("DHCP", b"true"),
                ("dynamic", b"true"),
            ],
        );
        if via.starts_with("wifi") {
            let (band, rate, signal): (&[u8], &[u8], String) = if via == "wifi1" {
                (
                    b"5ghz-ax",
                    b"1.2Gbps-80MHz/2S/MCS11",
                    format!("-{}", 45 + n * 7),
                )
            } else {
                (
                    b"2ghz-ax",
                    b"206.4Mbps-20MHz/2S/MCS11",
                    format!("-{}", 58 + n),
                )
            };
            put(
                &mut st,
                "/interface/wifi/registration-table",
                since,
                &[
                    ("interface", via.as_bytes()),
                    ("ssid", ssid.as_bytes()),
                    ("mac-address", m.as_bytes()),
                    ("signal", signal.as_bytes()),
                    ("auth-type", b"wpa3-psk"),
                    ("band", band),
                    ("tx-rate", rate),
                    ("rx-rate", rate),
                    ("authorized", b"true"),
                ],
            );
        }
    }
    let printer = client_mac(seed, 9);
    put(
        &mut st,
        "/ip/dhcp-server/lease",
        0.0,
        &[
            ("address", b"192.168.88.20"),
            ("mac-address", printer.as_bytes()),
            ("server", b"defconf"),
            ("status", b"waiting"),
            ("last-seen", b"never"),
            ("active-agent-circuit-id", b""),
            ("active-agent-remote-id", b""),
            ("dynamic", b"false"),
            ("comment", b"printer"),
        ],
    );
    put(
        &mut st,
        "/ip/arp",
        5.0,
        &[
            ("address", b"198.51.100.1"),
            ("mac-address", client_mac(seed, 20).as_bytes()),
            ("interface", b"ether1"),
            ("dynamic", b"true"),
        ],
    );
    put(
        &mut st,
        "/ip/neighbor",
        0.0,
        &[
            ("interface", b"ether1"),
            ("address", b"198.51.100.1"),
            ("address4", b"198.51.100.1"),
            ("mac-address", client_mac(seed, 20).as_bytes()),
            ("identity", b"isp-cpe"),
            ("platform", b"MikroTik"),
            ("version", b"7.15 (stable) 2024-05-29 12:44:08"),
            ("board", b"RB750Gr3"),
            ("software-id", b"H970-N4I4"),
            ("interface-name", b"bridge_lan/ether2"),
            (
                "system-description",
                b"MikroTik RouterOS 7.15 (stable) 2024-05-29 12:44:08 RB750Gr3",
            ),
            ("system-caps", b"bridge,router"),
            ("system-caps-enabled", b"bridge,router"),
            ("discovered-by", b"cdp,lldp,mndp"),
            ("unpack", b"none"),
            ("uptime", b"1d4h"),
        ],
    );

    seed_firewall(&mut st);
    for (address, comment) in seed_ipv6::BAD_IPV6 {
        let row: Props<'_> = &[
            ("list", b"bad_ipv6"),
            ("address", address.as_bytes()),
            ("comment", comment.as_bytes()),
        ];
        put(&mut st, "/ipv6/firewall/address-list", 0.0, row);
    }
    for rule in seed_ipv6::FILTER {
        put(&mut st, "/ipv6/firewall/filter", 0.0, rule);
    }
    seed_breadth(&mut st, clock, seed, &wan_ip, &learned);
    seed_services(&mut st);
    seed_system(&mut st, config, clock, seed);
    seed_log(&mut st, clock, &wan_ip);
    super::seed_ros7::build(&mut st, &wan_ip, now);
    st
}

fn seed_routes(st: &mut State, wan_ip: &str) {
    let _ = wan_ip;
    let route =
        |dst: &[u8], gw: &[u8], igw: &[u8], dist: &[u8], scope: &[u8], kind: &'static str| {
            let mut v: Vec<(&'static str, Vec<u8>)> = vec![
                ("dst-address", dst.to_vec()),
                ("gateway", gw.to_vec()),
                ("immediate-gw", igw.to_vec()),
                ("distance", dist.to_vec()),
                ("scope", scope.to_vec()),
                ("dynamic", b"true".to_vec()),
                ("active", b"true".to_vec()),
                (kind, b"true".to_vec()),
            ];
            v.push(("suppress-hw-offload", b"false".to_vec()));
            v
        };
    let rows = [
        (
            0x2018_0000u32,
            route(
                b"192.168.88.0/24",
                b"bridge",
                b"bridge",
                b"0",
                b"10",
                "connect",
            ),
        ),
        (
            0x2018_0001,
            route(
                b"198.51.100.0/24",
                b"ether1",
                b"ether1",
                b"0",
                b"10",
                "connect",
            ),
        ),
        (
            0x8000_0000,
            route(
                b"0.0.0.0/0",
                b"198.51.100.1",
                b"198.51.100.1%ether1",
                b"1",
                b"30",
                "dhcp",
            ),
        ),
    ];
    for (id, props) in rows {
        let given: Vec<(&'static str, &[u8])> = props.iter().map(|(k, v)| (*k, &v[..])).collect();
        let props = with_defaults("/ip/route", &given, false);
        st.insert(
            "/ip/route",
            Row {
                id,
                props,
                since: 5.0,
            },
            None,
        );
    }
}

fn seed_firewall(st: &mut State) {
    type Rule<'a> = &'a [(&'static str, &'a [u8])];
    let filter: [Rule; 11] = [
        &[
            ("chain", b"input"),
            ("action", b"accept"),
            ("connection-state", b"established,related,untracked"),
            ("comment", b"defconf: accept established,related,untracked"),
        ],
        &[
            ("chain", b"input"),
            ("action", b"drop"),
            ("connection-state", b"invalid"),
            ("comment", b"defconf: drop invalid"),
        ],
        &[
            ("chain", b"input"),
            ("action", b"accept"),
            ("protocol", b"icmp"),
            ("comment", b"defconf: accept ICMP"),
        ],
        &[
            ("chain", b"input"),
            ("action", b"accept"),
            ("dst-address", b"127.0.0.1"),
            (
                "comment",
                b"defconf: accept to local loopback (for CAPsMAN)",
            ),
        ],
        &[
            ("chain", b"input"),
            ("action", b"drop"),
            ("in-interface-list", b"!LAN"),
            ("comment", b"defconf: drop all not coming from LAN"),
        ],
        &[
            ("chain", b"forward"),
            ("action", b"accept"),
            ("ipsec-policy", b"in,ipsec"),
            ("comment", b"defconf: accept in ipsec policy"),
        ],
        &[
            ("chain", b"forward"),
            ("action", b"accept"),
            ("ipsec-policy", b"out,ipsec"),
            ("comment", b"defconf: accept out ipsec policy"),
        ],
        &[
            ("chain", b"forward"),
            ("action", b"fasttrack-connection"),
            ("connection-state", b"established,related"),
            ("hw-offload", b"true"),
            ("comment", b"defconf: fasttrack"),
        ],
        &[
            ("chain", b"forward"),
            ("action", b"accept"),
            ("connection-state", b"established,related,untracked"),
            ("comment", b"defconf: accept established,related, untracked"),
        ],
        &[
            ("chain", b"forward"),
            ("action", b"drop"),
            ("connection-state", b"invalid"),
            ("comment", b"defconf: drop invalid"),
        ],
        &[
            ("chain", b"forward"),
            ("action", b"drop"),
            ("connection-state", b"new"),
            ("connection-nat-state", b"!dstnat"),
            ("in-interface-list", b"WAN"),
            ("comment", b"defconf: drop all from WAN not DSTNATed"),
        ],
    ];
    for rule in filter {
        put(st, "/ip/firewall/filter", 0.0, rule);
    }
    put(
        st,
        "/ip/firewall/nat",
        0.0,
        &[
            ("chain", b"srcnat"),
            ("action", b"masquerade"),
            ("out-interface-list", b"WAN"),
            ("ipsec-policy", b"out,none"),
            ("comment", b"defconf: masquerade"),
        ],
    );
}

fn seed_services(st: &mut State) {
    let services: [(&str, &str, bool, bool); 8] = [
        ("telnet", "23", false, false),
        ("ftp", "21", false, false),
        ("www", "80", false, false),
        ("ssh", "22", false, false),
        ("www-ssl", "443", true, true),
        ("api", "8728", false, false),
        ("winbox", "8291", false, false),
        ("api-ssl", "8729", false, true),
    ];
    for (name, port, disabled, tls) in services {
        let mut props: Vec<(&'static str, &[u8])> = vec![
            ("name", name.as_bytes()),
            ("port", port.as_bytes()),
            ("disabled", if disabled { b"true" } else { b"false" }),
        ];
        if tls {
            props.push(("certificate", b"none"));
            props.push(("tls-version", b"any"));
        }
        put(st, "/ip/service", 0.0, &props);
    }
}

fn seed_system(st: &mut State, config: &SimConfig, clock: &Clock, seed: u64) {
    put(
        st,
        "/system/identity",
        0.0,
        &[("name", config.identity.as_bytes())],
    );
    put(st, "/system/clock", 0.0, &[("time-zone-name", b"Etc/UTC")]);
    put(st, "/system/ntp/client", 0.0, &[]);
    let version = if config.version.contains('(') {
        config.version.clone()
    } else {
        format!("{} (stable)", config.version)
    };
    let bare = config
        .version
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_string();
    put(
        st,
        "/system/resource",
        0.0,
        &[
            ("version", version.as_bytes()),
            ("build-time", b"2025-11-27 08:17:04"),
            ("factory-software", b"7.5"),
            ("total-memory", b"1073741824"),
            ("cpu", b"ARM64"),
            ("cpu-count", b"4"),
            ("cpu-frequency", b"864"),
            ("free-hdd-space", b"92979200"),
            ("total-hdd-space", b"134217728"),
            ("write-sect-total", b"91274"),
            ("bad-blocks", b"0"),
            ("architecture-name", b"arm64"),
            ("board-name", b"hAP ax^2"),
            ("platform", b"MikroTik"),
        ],
    );
    let serial = format!("HG{:09X}", mix(seed, 11) & 0xF_FFFF_FFFF);
    put(
        st,
        "/system/routerboard",
        0.0,
        &[
            ("routerboard", b"true"),
            ("board-name", b"hAP ax^2"),
            ("model", b"C52iG-5HaxD2HaxD"),
            ("serial-number", serial.as_bytes()),
            ("firmware-type", b"ipq6000"),
            ("factory-firmware", b"7.5"),
            ("current-firmware", bare.as_bytes()),
            ("upgrade-firmware", bare.as_bytes()),
        ],
    );
    for name in ["routeros", "wifi-qcom"] {
        put(
            st,
            "/system/package",
            0.0,
            &[
                ("name", name.as_bytes()),
                ("version", bare.as_bytes()),
                ("build-time", b"2025-11-27 08:17:04"),
                ("scheduled", b""),
            ],
        );
    }
    put(
        st,
        "/system/package/update",
        0.0,
        &[
            ("installed-version", bare.as_bytes()),
            ("latest-version", bare.as_bytes()),
            ("status", b"System is already up to date"),
        ],
    );
    for (name, policy) in [
        ("read", GROUP_READ),
        ("write", GROUP_WRITE),
        ("full", GROUP_FULL),
    ] {
        put(
            st,
            "/user/group",
            0.0,
            &[("name", name.as_bytes()), ("policy", policy.as_bytes())],
        );
    }
    for u in &config.users {
        if st.find_by_name("/user/group", u.group.as_bytes()).is_none() {
            // An unknown group in the config gets read rights, visibly.
            put(
                st,
                "/user/group",
                0.0,
                &[
                    ("name", u.group.as_bytes()),
                    ("policy", GROUP_READ.as_bytes()),
                ],
            );
        }
        put(
            st,
            "/user",
            0.0,
            &[
                ("name", u.name.as_bytes()),
                ("group", u.group.as_bytes()),
                ("password", u.password.as_bytes()),
            ],
        );
    }
    let _ = clock;
}

fn seed_log(st: &mut State, clock: &Clock, wan_ip: &str) {
    let lines: [(f64, &str, String); 9] = [
        (0.0, "system,info", "router rebooted".to_string()),
        (1.0, "interface,info", "lo link up".to_string()),
        (
            7.0,
            "poe-out,info",
            "ether1 detected poe-out status: wait_for_load".to_string(),
        ),
        (
            8.0,
            "interface,info",
            "ether1 link up (speed 1G, full duplex)".to_string(),
        ),
        (
            8.0,
            "interface,info",
            "ether2 link up (speed 1G, full duplex)".to_string(),
        ),
        (
            12.0,
            "wireless,info",
            "wifi1 channel 5180/ax/Ceee selected".to_string(),
        ),
        (
            14.0,
            "dhcp,info",
            format!("dhcp-client on ether1 got IP address {wan_ip}"),
        ),
        (
            60.0,
            "wireless,info",
            "wifi2 channel 2437/ax selected".to_string(),
        ),
        (90.0, "system,info", "ntp change time".to_string()),
    ];
    for (at, topics, message) in lines {
        let time = format_datetime(clock.unix_at(at));
        put(
            st,
            "/log",
            at,
            &[
                ("time", time.as_bytes()),
                ("topics", topics.as_bytes()),
                ("message", message.as_bytes()),
            ],
        );
    }
}

/// A learned client: MAC, address, bridge port, host name, lease start.
type Learned<'a> = (String, &'a str, &'a str, Vec<u8>, f64);

/// The menus monitoring tools read (issue 14): bridge hosts, pool usage,
/// PoE, cloud, SNMP, health, per-CPU load, connections, netwatch.
fn seed_breadth(st: &mut State, clock: &Clock, seed: u64, wan_ip: &str, learned: &[Learned<'_>]) {
    // Local entries for the running bridge ports, then the learned clients.
    // (Inferred: RouterOS lists a port's own MAC as `local` on that port.)
    for port in ["ether2", "wifi1", "wifi2"] {
        let Some(m) = st
            .find_by_name("/interface", port.as_bytes())
            .and_then(|id| st.row("/interface", id))
            .and_then(|r| r.props.get("mac-address").cloned())
        else {
            continue;
        };
        put(
            st,
            "/interface/bridge/host",
            0.0,
            &[
                ("mac-address", &m),
                ("on-interface", port.as_bytes()),
                ("interface", port.as_bytes()),
                ("bridge", b"bridge"),
                ("local", b"true"),
                ("dynamic", b"false"),
            ],
        );
    }
    for (m, ip, via, host, since) in learned {
        put(
            st,
            "/interface/bridge/host",
            *since,
            &[
                ("mac-address", m.as_bytes()),
                ("on-interface", via.as_bytes()),
                ("interface", via.as_bytes()),
                ("bridge", b"bridge"),
            ],
        );
        put(
            st,
            "/ip/pool/used",
            *since,
            &[
                ("pool", b"default-dhcp"),
                ("address", ip.as_bytes()),
                ("owner", m.as_bytes()),
                ("info", host),
            ],
        );
    }

    // VLANs 10 and 20 prepared on the bridge, tagged towards ether4
    // (vlan-filtering stays off, as in defconf). A bridge without VLAN
    // configuration prints an empty table: the 7.20.5 capture
    // `bridge_vlan_empty.json` shows no dynamic PVID row.
    put(
        st,
        "/interface/bridge/vlan",
        0.0,
        &[
            ("bridge", b"bridge"),
            ("vlan-ids", b"10,20"),
            ("tagged", b"bridge,ether4"),
            ("current-tagged", b"bridge,ether4"),
            ("current-untagged", b""),
            ("comment", b"guest,iot"),
        ],
    );

    // PoE-out on ether1: the row shares the ethernet interface's id.
    if let Some(id) = st.find_by_name("/interface", b"ether1") {
        let props = with_defaults(
            "/interface/ethernet/poe",
            &[("name", b"ether1"), ("poe-out", b"auto-on")],
            false,
        );
        st.insert(
            "/interface/ethernet/poe",
            Row {
                id,
                props,
                since: 0.0,
            },
            None,
        );
    }

    put(
        st,
        "/ip/cloud",
        0.0,
        &[("public-address", wan_ip.as_bytes())],
    );
    let engine = format!("80003a8c04{:016x}", mix(seed, 13));
    put(st, "/snmp", 0.0, &[("engine-id", engine.as_bytes())]);
    put(
        st,
        "/snmp/community",
        0.0,
        &[("name", b"public"), ("default", b"true")],
    );

    // hAP ax^2 reports one sensor; the value moves (see `live`).
    put(
        st,
        "/system/health",
        0.0,
        &[
            ("name", b"cpu-temperature"),
            ("value", b"47"),
            ("type", b"C"),
        ],
    );
    for n in 0..4u8 {
        let cpu = format!("cpu{n}");
        put(
            st,
            "/system/resource/cpu",
            0.0,
            &[
                ("cpu", cpu.as_bytes()),
                ("load", b"0"),
                ("irq", b"0"),
                ("disk", b"0"),
            ],
        );
    }

    // Tracked connections: clients talking out through the masquerade.
    let wan = |port: u64| format!("{wan_ip}:{port}");
    let flows: [(usize, &str, &str, u16); 5] = [
        (0, "tcp", "203.0.113.10", 443),
        (0, "udp", "203.0.113.53", 53),
        (1, "tcp", "203.0.113.20", 443),
        (2, "tcp", "203.0.113.30", 993),
        (3, "udp", "203.0.113.40", 443),
    ];
    for (k, (client, proto, dst, dport)) in flows.into_iter().enumerate() {
        let Some((_, ip, _, _, _)) = learned.get(client) else {
            continue;
        };
        let sport = 40_000 + mix(seed, 60 + k as u64) % 20_000;
        let src = format!("{ip}:{sport}");
        let dst_a = format!("{dst}:{dport}");
        let reply_dst = wan(sport);
        let since = clock.now - 5.0 - (mix(seed, 70 + k as u64) % 600) as f64;
        let mut props: Vec<(&'static str, &[u8])> = vec![
            ("protocol", proto.as_bytes()),
            ("src-address", src.as_bytes()),
            ("dst-address", dst_a.as_bytes()),
            ("reply-src-address", dst_a.as_bytes()),
            ("reply-dst-address", reply_dst.as_bytes()),
            ("assured", b"true"),
            ("seen-reply", b"true"),
            ("confirmed", b"true"),
            ("srcnat", b"true"),
        ];
        if proto == "tcp" {
            props.push(("tcp-state", b"established"));
            props.push(("fasttrack", b"true"));
        }
        put(st, "/ip/firewall/connection", since, &props);
    }

    let since = format_datetime(clock.unix_at(10.0));
    put(
        st,
        "/tool/netwatch",
        10.0,
        &[
            ("host", b"1.1.1.1"),
            ("type", b"icmp"),
            ("status", b"up"),
            ("since", since.as_bytes()),
            ("comment", b"internet"),
        ],
    );
}
