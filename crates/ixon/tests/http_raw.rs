//! uhttpd's HTTP behaviour, checked from a raw socket: what the client
//! never sends (bad JSON, oversized bodies, odd methods and paths, slow
//! clients) must be answered exactly and never take the server down.

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

#[tokio::test]
async fn a_slow_client_does_not_hold_the_server() {
    let (_sim, server) = ixon_sim().await;
    // Half a request line, then silence.
    let mut slow = TcpStream::connect(server.local_addr()).await.unwrap();
    slow.write_all(b"POST /ubus HTTP/1.1\r\nHost:")
        .await
        .unwrap();
    // Half a body, then silence.
    let mut slow_body = TcpStream::connect(server.local_addr()).await.unwrap();
    slow_body
        .write_all(b"POST /ubus HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"jsonrpc\"")
        .await
        .unwrap();
    let call = br#"{"jsonrpc":"2.0","id":1,"method":"call","params":["00000000000000000000000000000000","ixon.ui.overview","get",{}]}"#;
    let (status, reply) = exchange(server.local_addr(), &post(call)).await;
    assert_eq!(status, 200);
    assert_eq!(json_of(&reply)["result"][0], 0);
    drop((slow, slow_body));
}

#[tokio::test]
async fn garbage_instead_of_http_is_survived() {
    let (_sim, server) = ixon_sim().await;
    let mut junk = TcpStream::connect(server.local_addr()).await.unwrap();
    junk.write_all(&[0u8; 4096]).await.unwrap();
    let mut sink = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), junk.read_to_end(&mut sink)).await;
    let (status, _) = exchange(
        server.local_addr(),
        &post(br#"{"jsonrpc":"2.0","id":1,"method":"list"}"#),
    )
    .await;
    assert_eq!(status, 200);
}

/// A client that pipelines requests and never reads the replies leaves the
/// server with a write that cannot finish. With one connection slot, a
/// second client is only ever served if that write is given up on.
#[tokio::test]
async fn a_client_that_never_reads_replies_loses_its_connection() {
    use routerctl_ixon::sim::{Flavor, HttpServer, IxonSim, IxonSimConfig};
    let sim = IxonSim::new(IxonSimConfig::new(Flavor::Ixon, "admin", "secret"));
    let limits = routerctl_kit::sim::Limits {
        write_timeout: Duration::from_millis(200),
        max_connections: 1,
        ..routerctl_ixon::sim::server::limits()
    };
    let server = HttpServer::bind_with(sim, common::loopback(), None, limits)
        .await
        .unwrap();

    // Small receive buffer, so the stall comes after a few replies.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut hog = socket.connect(server.local_addr()).await.unwrap();
    let batch = b"GET /ubus/list HTTP/1.1\r\nHost: x\r\n\r\n".repeat(64);
    // Keeps sending until the server drops the connection. The header
    // timeout stays at 15 s, so only the write timeout can free the slot
    // within the loop below.
    let writer = tokio::spawn(async move { while hog.write_all(&batch).await.is_ok() {} });

    let list = b"GET /ubus/list HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let mut served = false;
    for _ in 0..50 {
        let mut stream = TcpStream::connect(server.local_addr()).await.unwrap();
        let mut buf = Vec::new();
        let _ = stream.write_all(list).await;
        let _ = tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut buf)).await;
        if buf.starts_with(b"HTTP/1.1 200") {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    writer.abort();
    assert!(
        served,
        "the non-reading client kept the only connection slot"
    );
}
