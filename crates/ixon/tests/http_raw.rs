//! uhttpd's HTTP behaviour, checked from a raw socket: what the client
//! never sends (bad JSON, oversized bodies, odd methods and paths) must be
//! answered exactly as uhttpd does. The listener's own robustness (slow and
//! non-reading clients, floods, garbage) is tested once, in
//! `routerctl-kit`'s `tests/listener.rs`.

mod common;

use std::time::Duration;

use common::ixon_sim;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Send raw bytes, read until the server closes or 5 s pass; return
/// (status code, body).
async fn exchange(addr: std::net::SocketAddr, request: &[u8]) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "server kept the connection open");
    parse_response(&buf)
}

fn parse_response(buf: &[u8]) -> (u16, Vec<u8>) {
    let text = String::from_utf8_lossy(buf);
    let status: u16 = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    (status, buf[split + 4..].to_vec())
}

fn post(body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "POST /ubus HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{e}: {:?}", String::from_utf8_lossy(body)))
}

const PARSE_ERROR: &str =
    r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}"#;

#[tokio::test]
async fn malformed_json_is_a_200_parse_error() {
    let (_sim, server) = ixon_sim().await;
    for body in [&b"{\"jsonrpc\":"[..], b"\xff\xfe", b"[1,", b"true"] {
        let (status, reply) = exchange(server.local_addr(), &post(body)).await;
        assert_eq!(status, 200);
        assert_eq!(json_of(&reply), json_of(PARSE_ERROR.as_bytes()));
    }
    // An envelope without "jsonrpc" echoes the id.
    let (_, reply) = exchange(
        server.local_addr(),
        &post(br#"{"id":9,"method":"call","params":[]}"#),
    )
    .await;
    assert_eq!(json_of(&reply)["id"], 9);
    assert_eq!(json_of(&reply)["error"]["code"], -32700);
    let (_, reply) = exchange(
        server.local_addr(),
        &post(br#"{"jsonrpc":"2.0","id":9,"method":"exec","params":[]}"#),
    )
    .await;
    assert_eq!(
        json_of(&reply)["error"],
        json!({"code": -32601, "message": "Method not found"})
    );
}

#[tokio::test]
async fn bodies_over_64_kib_are_refused_and_the_connection_closed() {
    let (_sim, server) = ixon_sim().await;
    // Declared too large: answered from the header, body never read.
    let head = "POST /ubus HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n";
    let mut req = head.as_bytes().to_vec();
    req.extend(std::iter::repeat_n(b' ', 1000));
    let (status, reply) = exchange(server.local_addr(), &req).await;
    assert_eq!(
        (status, json_of(&reply)),
        (200, json_of(PARSE_ERROR.as_bytes()))
    );

    // Chunked, no length: cut off while reading.
    let mut req = b"POST /ubus HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..20 {
        req.extend_from_slice(b"1000\r\n");
        req.extend(std::iter::repeat_n(b' ', 0x1000));
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let (status, reply) = exchange(server.local_addr(), &req).await;
    assert_eq!(
        (status, json_of(&reply)),
        (200, json_of(PARSE_ERROR.as_bytes()))
    );

    // Exactly 64 KiB of valid JSON (padded with spaces) is still served.
    let call = br#"{"jsonrpc":"2.0","id":1,"method":"call","params":["00000000000000000000000000000000","session","access",{}]}"#;
    let mut body = call.to_vec();
    body.resize(64 * 1024, b' ');
    let (status, reply) = exchange(server.local_addr(), &post(&body)).await;
    assert_eq!(status, 200);
    assert_eq!(json_of(&reply)["result"][0], 0);
}

#[tokio::test]
async fn http_methods_and_paths_follow_uhttpd() {
    let (_sim, server) = ixon_sim().await;
    let addr = server.local_addr();
    let req = |line: &str| {
        format!("{line} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
    };
    assert_eq!(exchange(addr, req("GET /ubus").as_bytes()).await.0, 404);
    let (status, body) = exchange(addr, req("OPTIONS /ubus").as_bytes()).await;
    assert_eq!((status, body.len()), (200, 0));
    assert_eq!(exchange(addr, req("PUT /ubus").as_bytes()).await.0, 400);
    assert_eq!(
        exchange(addr, req("POST /ubus/call/session").as_bytes())
            .await
            .0,
        404
    );
    assert_eq!(
        exchange(addr, req("GET /ubus/other").as_bytes()).await.0,
        404
    );
    let (status, body) = exchange(addr, req("GET /ubus/list").as_bytes()).await;
    assert_eq!(status, 200);
    assert!(json_of(&body)["ixon.ui.overview"]["get"].is_object());
    let (status, body) = exchange(addr, req("GET /ubus/list/session").as_bytes()).await;
    assert_eq!(status, 200);
    assert_eq!(json_of(&body)["session"]["login"]["timeout"], "number");
    let (status, body) = exchange(addr, req("GET /ubus/list/nothing.here").as_bytes()).await;
    assert_eq!(
        (status, body.as_slice()),
        (500, &b"Ubus Protocol Error"[..])
    );
}

#[tokio::test]
async fn batch_replies_keep_request_order_and_ids() {
    let (_sim, server) = ixon_sim().await;
    let body = json!([
        {"jsonrpc": "2.0", "id": "a", "method": "call",
         "params": ["00000000000000000000000000000000", "ixon.ui.configuration", "get", {}]},
        {"jsonrpc": "2.0", "method": "call",
         "params": ["00000000000000000000000000000000", "session", "access", {"object": "ixon.ui.overview", "function": "get"}]},
        [],
    ]);
    let (status, reply) = exchange(server.local_addr(), &post(body.to_string().as_bytes())).await;
    assert_eq!(status, 200);
    let reply = json_of(&reply);
    assert_eq!(
        reply[0],
        json!({"jsonrpc": "2.0", "id": "a", "error": {"code": -32002, "message": "Access denied"}})
    );
    assert_eq!(
        reply[1],
        json!({"jsonrpc": "2.0", "id": null, "result": [0, {"access": true}]})
    );
    assert_eq!(reply[2]["error"]["code"], -32700);
}

/// 300 connections sending their headers slowly, far over the pre-auth
/// quota of 8: every healthy login between waves of them succeeds, and a
/// keep-alive connection that logged in is not evicted by the flood (the
/// server tells the listener when a request authenticated).
#[tokio::test]
async fn slow_header_flood_does_not_lock_out_logins() {
    use routerctl_ixon::sim::{HttpServer, server::limits};
    let (sim, _unused) = ixon_sim().await;
    let server = HttpServer::bind_with(
        sim,
        "127.0.0.1:0".parse().unwrap(),
        None,
        routerctl_kit::sim::Limits {
            max_preauth: 8,
            max_connections: 64,
            ..limits()
        },
    )
    .await
    .unwrap();
    let addr = server.local_addr();
    let login = json!({"jsonrpc": "2.0", "id": 1, "method": "call", "params": [
        "00000000000000000000000000000000", "session", "login",
        {"username": "admin", "password": "secret"}]})
    .to_string();
    let slow = || async move {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let _ = s
            .write_all(b"POST /ubus HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await;
        s
    };
    // A keep-alive connection that logs in first.
    let mut kept = TcpStream::connect(addr).await.unwrap();
    let keep_alive = post(login.as_bytes())
        .split(|&b| b == b'\n')
        .filter(|line| !line.starts_with(b"Connection: close"))
        .collect::<Vec<_>>()
        .join(&b'\n');
    kept.write_all(&keep_alive).await.unwrap();
    let mut first = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), kept.read(&mut first))
        .await
        .unwrap()
        .unwrap();
    assert!(first[..n].starts_with(b"HTTP/1.1 200"));

    let mut hostile = Vec::new();
    for _ in 0..300 {
        hostile.push(slow().await);
    }
    for _ in 0..10 {
        let (status, reply) = exchange(addr, &post(login.as_bytes())).await;
        assert_eq!(status, 200);
        assert_eq!(json_of(&reply)["result"][0], 0);
        for _ in 0..10 {
            hostile.push(slow().await);
        }
    }
    let (status, _) = {
        kept.write_all(&post(login.as_bytes())).await.unwrap();
        let mut buf = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), kept.read_to_end(&mut buf)).await;
        assert!(read.is_ok(), "server kept the connection open");
        parse_response(&buf)
    };
    assert_eq!(
        status, 200,
        "the logged-in keep-alive connection was evicted"
    );
}
