//! The RouterOS driver over the API client, against a scripted router that
//! serves fixed menu tables. The router collects a whole batch of commands
//! before answering any, which only works if the driver really issues its
//! independent reads concurrently over the one connection.

use std::collections::HashMap;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use routerctl_core::{Band, ConnectSpec, Credentials, Error, Router, WanKind};
use routerctl_mikrotik::api::proto::{Attributes, Decoder, Limits, Reply, Request, Response, Trap};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

const STEP: Duration = Duration::from_secs(10);

type Table = HashMap<&'static str, Vec<Vec<(&'static str, &'static str)>>>;

/// A hAP-like device without the old wireless package and no PPPoE.
fn device() -> Table {
    let mut t: Table = HashMap::new();
    t.insert(
        "/system/resource",
        vec![vec![
            ("board-name", "hAP ax^2"),
            ("version", "7.20.5 (stable)"),
            ("uptime", "1d7h44m20s"),
        ]],
    );
    t.insert("/system/identity", vec![vec![("name", "edge-1")]]);
    t.insert(
        "/interface",
        vec![
            vec![
                ("name", "ether1"),
                ("type", "ether"),
                ("running", "true"),
                ("disabled", "false"),
                ("mtu", "1500"),
                ("rx-byte", "1000"),
                ("tx-byte", "2000"),
            ],
            vec![
                ("name", "bridge"),
                ("type", "bridge"),
                ("running", "true"),
                ("disabled", "false"),
            ],
        ],
    );
    t.insert(
        "/ip/dhcp-client",
        vec![vec![
            ("interface", "ether1"),
            ("status", "bound"),
            ("address", "203.0.113.5/24"),
            ("gateway", "203.0.113.1"),
        ]],
    );
    t.insert("/interface/pppoe-client", vec![]);
    t.insert(
        "/ip/address",
        vec![vec![
            ("address", "192.168.88.1/24"),
            ("interface", "bridge"),
        ]],
    );
    t.insert(
        "/ip/route",
        vec![vec![
            ("dst-address", "0.0.0.0/0"),
            ("gateway", "203.0.113.1"),
            ("immediate-gw", "203.0.113.1%ether1"),
            ("active", "true"),
        ]],
    );
    t.insert(
        "/ip/dns",
        vec![vec![("servers", ""), ("dynamic-servers", "203.0.113.53")]],
    );
    t.insert(
        "/ip/arp",
        vec![vec![
            ("address", "192.168.88.10"),
            ("mac-address", "AA:BB:CC:00:00:01"),
            ("interface", "bridge"),
            ("status", "reachable"),
        ]],
    );
    t.insert(
        "/ip/dhcp-server/lease",
        vec![vec![
            ("address", "192.168.88.10"),
            ("mac-address", "AA:BB:CC:00:00:01"),
            ("host-name", "laptop"),
            ("status", "bound"),
            ("dynamic", "true"),
            ("expires-after", "9m"),
        ]],
    );
    t.insert(
        "/interface/wifi/registration-table",
        vec![vec![
            ("mac-address", "AA:BB:CC:00:00:02"),
            ("interface", "wifi1"),
            ("ssid", "home"),
            ("band", "5ghz-ax"),
            ("signal", "-58"),
        ]],
    );
    t.insert(
        "/interface/wifi",
        vec![vec![
            ("name", "wifi1"),
            ("configuration.ssid", "home"),
            ("channel.band", "5ghz-ax"),
            ("disabled", "false"),
        ]],
    );
    t.insert("/interface/wifi/configuration", vec![]);
    t.insert("/interface/wifi/security", vec![]);
    t.insert("/interface/wifi/channel", vec![]);
    t
}

async fn send(io: &mut TcpStream, tag: Option<&Bytes>, reply: Reply) {
    let mut out = BytesMut::new();
    Response {
        tag: tag.cloned(),
        reply,
    }
    .encode(&mut out);
    io.write_all(&out).await.unwrap();
}

fn done() -> Reply {
    Reply::Done {
        ret: None,
        attributes: Attributes::new(),
    }
}

/// Answer one command from the table.
async fn answer(io: &mut TcpStream, table: &Table, r: &Request) {
    let command = String::from_utf8_lossy(&r.command).into_owned();
    let tag = r.tag.as_ref();
    if let Some(menu) = command.strip_suffix("/print") {
        if let Some(rows) = table.get(menu) {
            for row in rows {
                let attrs: Attributes = row.iter().map(|(n, v)| (*n, *v)).collect();
                send(io, tag, Reply::Re(attrs)).await;
            }
            if rows.is_empty() {
                send(io, tag, Reply::Empty).await;
            }
            send(io, tag, done()).await;
            return;
        }
    }
    if command == "/export" {
        send(io, tag, done()).await;
        return;
    }
    if command == "/execute" {
        assert_eq!(r.attributes.get("script"), Some(&b"/export"[..]));
        let ret = Bytes::from_static(b"# by RouterOS 7.20.5\n/system identity\nset name=edge-1\n");
        send(
            io,
            tag,
            Reply::Done {
                ret: Some(ret),
                attributes: Attributes::new(),
            },
        )
        .await;
        return;
    }
    // What RouterOS says about a menu it does not have.
    let first = command
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    for message in [
        format!("no such command or directory ({first})"),
        "no such command prefix".to_string(),
    ] {
        send(
            io,
            tag,
            Reply::Trap(Trap {
                category: None,
                message: message.into(),
                attributes: Attributes::new(),
            }),
        )
        .await;
    }
    send(io, tag, done()).await;
}

/// Log in, then serve batches of `batch` commands: read them all, then
/// answer them in reverse order.
async fn serve(batches: Vec<usize>) -> (u16, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = tokio::spawn(async move {
        let (mut io, _) = listener.accept().await.unwrap();
        let mut dec = Decoder::new(Limits::server());
        let mut buf = BytesMut::new();
        let table = device();
        let mut read = async |io: &mut TcpStream| -> Option<Request> {
            loop {
                if let Some(s) = dec.decode(&mut buf).unwrap() {
                    return Some(Request::parse(&s).unwrap());
                }
                let n = tokio::time::timeout(STEP, io.read_buf(&mut buf))
                    .await
                    .expect("driver went silent")
                    .ok()?;
                if n == 0 {
                    return None;
                }
            }
        };
        let login = read(&mut io).await.unwrap();
        assert_eq!(login.command.as_ref(), b"/login");
        send(&mut io, None, done()).await;
        for n in batches {
            let mut batch = Vec::new();
            for _ in 0..n {
                batch.push(read(&mut io).await.expect("client closed mid-batch"));
            }
            for r in batch.iter().rev() {
                answer(&mut io, &table, r).await;
            }
        }
    });
    (port, handle)
}

async fn driver(port: u16) -> Box<dyn Router> {
    let mut spec = ConnectSpec::new(
        "edge-1",
        "mikrotik",
        "127.0.0.1",
        Credentials::new("admin", "pw"),
    );
    spec.port = Some(port);
    spec.timeout = STEP;
    routerctl_mikrotik::connect(&spec).await.unwrap()
}

async fn finish(server: JoinHandle<()>) {
    tokio::time::timeout(STEP, server).await.unwrap().unwrap();
}

#[tokio::test]
async fn facts_read_three_menus_at_once_and_chr_has_no_serial() {
    let (port, server) = serve(vec![3]).await;
    let r = driver(port).await;
    let f = r.facts().await.unwrap();
    assert_eq!(f.model.as_deref(), Some("hAP ax^2"));
    assert_eq!(f.hostname.as_deref(), Some("edge-1"));
    assert_eq!(f.os_version.as_deref(), Some("7.20.5 (stable)"));
    assert_eq!(f.uptime_seconds, Some(114_260));
    assert_eq!(f.serial_number, None, "no /system/routerboard here");
    finish(server).await;
}

#[tokio::test]
async fn getters_over_one_connection() {
    // interfaces: print, then the ethernet monitor (absent here → no speed);
    // wan_links: 6 reads; clients: 5; dhcp_leases: 1; wifi: 6.
    let (port, server) = serve(vec![1, 1, 6, 5, 1, 6]).await;
    let r = driver(port).await;

    let ifaces = r.interfaces().await.unwrap();
    assert_eq!(ifaces.len(), 2);
    assert_eq!(ifaces[0].rx_bytes, Some(1000));
    assert_eq!(ifaces[0].speed_mbps, None);

    let wans = r.wan_links().await.unwrap();
    assert_eq!(wans.len(), 1, "{wans:?}");
    assert_eq!(wans[0].kind, WanKind::Ethernet);
    assert_eq!(wans[0].ip_address.as_deref(), Some("203.0.113.5"));
    assert_eq!(wans[0].dns_servers, ["203.0.113.53"]);

    let clients = r.clients().await.unwrap();
    assert_eq!(clients.len(), 2);
    assert_eq!(clients[0].hostname.as_deref(), Some("laptop"));
    assert_eq!(clients[1].is_wireless, Some(true));
    assert_eq!(clients[1].band, Some(Band::Ghz5));

    let leases = r.dhcp_leases().await.unwrap();
    assert_eq!(leases[0].expires_in_seconds, Some(540));

    let wifi = r.wifi_networks().await.unwrap();
    assert_eq!(wifi.len(), 1);
    assert_eq!(wifi[0].ssid, "home");
    finish(server).await;
}

#[tokio::test]
async fn config_export_falls_back_to_execute_as_string() {
    let (port, server) = serve(vec![1, 1]).await;
    let r = driver(port).await;
    match r.config_get().await.unwrap() {
        routerctl_core::Config::Text(t) => assert!(t.contains("set name=edge-1"), "{t}"),
        other => panic!("expected text, got {other:?}"),
    }
    finish(server).await;
}

#[tokio::test]
async fn raw_calls_return_rest_shaped_json() {
    let (port, server) = serve(vec![1, 1, 1]).await;
    let r = driver(port).await;
    let rows = r
        .raw(&["/ip/arp/print".into(), "?interface=bridge".into()])
        .await
        .unwrap();
    assert_eq!(rows[0]["mac-address"], "AA:BB:CC:00:00:01");
    // An empty menu prints as [].
    let empty = r
        .raw(&["/interface/pppoe-client/print".into()])
        .await
        .unwrap();
    assert_eq!(empty, serde_json::json!([]));
    // Unknown menus keep RouterOS's messages.
    let err = r
        .raw(&["/caps-man/interface/print".into()])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Vendor { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("no such command or directory (caps-man)"),
        "{err}"
    );
    finish(server).await;
}

#[tokio::test]
async fn raw_stream_yields_json_rows() {
    // The table server answers a print as a finite "stream".
    let (port, server) = serve(vec![1]).await;
    let r = driver(port).await;
    let rows: Vec<_> = r
        .stream(&["/ip/dhcp-server/lease/print".into()])
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].as_ref().unwrap()["host-name"], "laptop");
    finish(server).await;
}
