//! The hardened simulator listener under abuse, once for every vendor:
//! slow headers and bodies, a client that never reads its replies, bodies
//! over the limit (announced and chunked), a flood of connections over the
//! cap, a TLS client that never finishes its handshake, and garbage instead
//! of HTTP. Each vendor's own tests keep only what its protocol answers when
//! a limit is hit (uhttpd's `-32700`, RouterOS's 413).
//!
//! Limits are shortened so each test exercises its limit without waiting
//! for the production value; outcomes are asserted, never timings.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Extension;
use axum::http::StatusCode;
use axum::routing::{get, post};
use routerctl_core::TlsPolicy;
use routerctl_kit::sim::{AuthHandle, BodyError, HttpListener, Limits, read_body, self_signed};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Longest any single step may take before the test gives up; far above
/// every shortened limit, so it only bounds a broken listener.
const PATIENCE: Duration = Duration::from_secs(5);

/// Limits long enough to never fire by accident; each test shortens the
/// one it exercises.
fn limits() -> Limits {
    Limits {
        header_timeout: Duration::from_secs(30),
        body_timeout: Duration::from_secs(30),
        handshake_timeout: Duration::from_secs(30),
        write_timeout: Duration::from_secs(30),
        max_connections: 16,
        max_body: 1024,
        ..Limits::default()
    }
}

/// `GET /ping` answers `pong`; `POST /echo` answers the body's length, or
/// the status a vendor would give for each [`BodyError`].
fn app() -> Router {
    Router::new()
        .route("/ping", get(ping))
        .route("/anonymous", get(|| async { "hello" }))
        .route("/echo", post(echo))
}

/// `GET /ping` stands for a request with accepted credentials: it marks
/// its connection authenticated, as a vendor app does after a login.
async fn ping(Extension(auth): Extension<AuthHandle>) -> &'static str {
    auth.mark_authenticated();
    "pong"
}

async fn echo(Extension(limits): Extension<Limits>, body: Body) -> (StatusCode, String) {
    match read_body(body, &limits).await {
        Ok(bytes) => (StatusCode::OK, bytes.len().to_string()),
        Err(BodyError::TooLarge { limit }) => (StatusCode::PAYLOAD_TOO_LARGE, limit.to_string()),
        Err(BodyError::TimedOut) => (StatusCode::REQUEST_TIMEOUT, String::new()),
        Err(BodyError::Broken(why)) => (StatusCode::BAD_REQUEST, why),
    }
}

async fn serve(limits: Limits) -> HttpListener {
    HttpListener::bind(loopback(), app(), None, limits)
        .await
        .unwrap()
}

fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

const PING: &[u8] = b"GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

/// Everything the peer sends until it closes; `None` when it keeps the
/// connection open past [`PATIENCE`]. A reset counts as a close.
async fn read_until_closed<S: AsyncRead + Unpin>(stream: &mut S) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let outcome = tokio::time::timeout(PATIENCE, async {
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    outcome.ok().map(|()| buf)
}

/// Send `request` on a new connection and return what came back before
/// the server closed.
async fn exchange(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // The server may answer and close before the whole request is written.
    let _ = stream.write_all(request).await;
    read_until_closed(&mut stream)
        .await
        .expect("the server kept the connection open")
}

fn status_of(reply: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(reply.get(..12)?).ok()?;
    text.strip_prefix("HTTP/1.1 ")?.parse().ok()
}

fn body_of(reply: &[u8]) -> String {
    let split = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(reply.len(), |p| p + 4);
    String::from_utf8_lossy(&reply[split..]).into_owned()
}

/// Whether a fresh `GET /ping` is served, retrying for a while: slots are
/// freed by deadlines, and a freed slot is seen on the next accept.
async fn eventually_served(addr: SocketAddr) -> bool {
    for _ in 0..50 {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let _ = stream.write_all(PING).await;
        let mut buf = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut buf)).await;
        if status_of(&buf) == Some(200) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

fn post_echo(body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

#[tokio::test]
async fn slow_headers_are_cut_off_and_do_not_block_others() {
    let server = serve(Limits {
        header_timeout: Duration::from_millis(300),
        ..limits()
    })
    .await;
    let addr = server.local_addr();
    // Half a request line, then silence.
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /ping HTTP/1.1\r\nHost:")
        .await
        .unwrap();
    // Others are served meanwhile.
    let reply = exchange(addr, PING).await;
    assert_eq!(status_of(&reply), Some(200));
    assert_eq!(body_of(&reply), "pong");
    // The slow one is hung up on, not left waiting.
    let got = read_until_closed(&mut slow).await;
    assert!(
        got.is_some(),
        "the connection with unfinished headers stayed open"
    );
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let server = serve(Limits {
        header_timeout: Duration::from_millis(300),
        ..limits()
    })
    .await;
    let mut stream = TcpStream::connect(server.local_addr()).await.unwrap();
    stream
        .write_all(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let got = read_until_closed(&mut stream)
        .await
        .expect("the idle keep-alive connection stayed open");
    assert_eq!(status_of(&got), Some(200));
}

#[tokio::test]
async fn a_slow_body_times_out() {
    let server = serve(Limits {
        body_timeout: Duration::from_millis(300),
        ..limits()
    })
    .await;
    let mut stream = TcpStream::connect(server.local_addr()).await.unwrap();
    // Half a body, then silence (the connection stays open).
    stream
        .write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"half\"")
        .await
        .unwrap();
    let mut reply = vec![0u8; 1024];
    let n = tokio::time::timeout(PATIENCE, stream.read(&mut reply))
        .await
        .expect("no reply to a body that stopped arriving")
        .unwrap();
    assert_eq!(status_of(&reply[..n]), Some(408));
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_announced_or_chunked() {
    let server = serve(limits()).await;
    let addr = server.local_addr();

    // Announced too large: refused from the header, the body never read.
    let mut request =
        b"POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 100000\r\n\r\n"
            .to_vec();
    request.extend(std::iter::repeat_n(b' ', 100));
    let reply = exchange(addr, &request).await;
    assert_eq!(status_of(&reply), Some(413));
    assert_eq!(body_of(&reply), "1024");

    // Chunked, nothing announced: cut off while reading.
    let mut request = b"POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..8 {
        request.extend_from_slice(b"100\r\n");
        request.extend(std::iter::repeat_n(b'x', 0x100));
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let reply = exchange(addr, &request).await;
    assert_eq!(status_of(&reply), Some(413));

    // Exactly the limit is still read.
    let reply = exchange(addr, &post_echo(&[b'x'; 1024])).await;
    assert_eq!(
        (status_of(&reply), body_of(&reply)),
        (Some(200), "1024".into())
    );
}

/// A client that pipelines requests and never reads the replies leaves the
/// server with a write that cannot finish. With one connection slot, a
/// second client is only ever served if that write is given up on.
#[tokio::test]
async fn a_client_that_never_reads_loses_its_connection() {
    let server = serve(Limits {
        write_timeout: Duration::from_millis(200),
        max_connections: 1,
        ..limits()
    })
    .await;
    let addr = server.local_addr();
    // Small receive buffer, so the stall comes after a few replies.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut hog = socket.connect(addr).await.unwrap();
    let batch = b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n".repeat(64);
    // Keeps sending until the server drops the connection. The header
    // timeout stays long, so only the write deadline can free the slot.
    let writer = tokio::spawn(async move { while hog.write_all(&batch).await.is_ok() {} });
    let served = eventually_served(addr).await;
    writer.abort();
    assert!(
        served,
        "the non-reading client kept the only connection slot"
    );
}

#[tokio::test]
async fn connections_over_the_cap_are_closed_until_a_slot_frees() {
    let server = serve(Limits {
        max_connections: 2,
        ..limits()
    })
    .await;
    let addr = server.local_addr();
    // Two keep-alive connections, each proven admitted by one reply.
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut reply = vec![0u8; 1024];
        let n = tokio::time::timeout(PATIENCE, stream.read(&mut reply))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(status_of(&reply[..n]), Some(200));
        held.push(stream);
    }
    // Every further connection is closed on accept, unanswered.
    for _ in 0..5 {
        let reply = exchange(addr, PING).await;
        assert!(reply.is_empty(), "served over the cap: {reply:?}");
    }
    // Hanging up frees a slot.
    held.pop();
    assert!(
        eventually_served(addr).await,
        "the freed slot was not reused"
    );
}

#[tokio::test]
async fn a_stalled_tls_handshake_gives_its_slot_back() {
    let identity = self_signed().unwrap();
    let fingerprint = identity.fingerprint;
    let server = HttpListener::bind(
        loopback(),
        app(),
        Some(identity),
        Limits {
            handshake_timeout: Duration::from_millis(300),
            max_connections: 1,
            ..limits()
        },
    )
    .await
    .unwrap();
    assert_eq!(server.fingerprint(), Some(fingerprint));
    assert!(server.base_url().starts_with("https://127.0.0.1:"));
    let addr = server.local_addr();

    // Connects and never says hello: dropped after the handshake deadline.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let got = read_until_closed(&mut silent).await;
    assert_eq!(got, Some(Vec::new()), "the silent TLS peer was not dropped");

    // The one slot is free again for a real client.
    let config = TlsPolicy::Pinned(fingerprint).client_config().unwrap();
    let connector = tokio_rustls::TlsConnector::from(Arc::clone(&config));
    let name = routerctl_core::tls::server_name("127.0.0.1").unwrap();
    let tcp = TcpStream::connect(addr).await.unwrap();
    let mut tls = tokio::time::timeout(PATIENCE, connector.connect(name, tcp))
        .await
        .unwrap()
        .unwrap();
    tls.write_all(PING).await.unwrap();
    let reply = read_until_closed(&mut tls).await.unwrap();
    assert_eq!(status_of(&reply), Some(200));
}

#[tokio::test]
async fn garbage_instead_of_http_is_survived() {
    let server = serve(limits()).await;
    let addr = server.local_addr();
    let mut junk = TcpStream::connect(addr).await.unwrap();
    let _ = junk.write_all(&[0u8; 4096]).await;
    assert!(read_until_closed(&mut junk).await.is_some());
    let reply = exchange(addr, PING).await;
    assert_eq!(status_of(&reply), Some(200));
}
