//! Fair admission under floods, bounded in count and time, on loopback:
//! connections that never authenticate cycle through a small pre-auth
//! quota (the oldest is evicted) while a client that authenticates at once
//! is always served; the pre-auth deadline; the per-source cap. The
//! process budget has its own test binary (`process_budget.rs`), since the
//! budget is shared by everything in a process.
//!
//! Outcomes are asserted, never timings.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::Extension;
use axum::routing::get;
use routerctl_kit::sim::{AuthHandle, HttpListener, Limits, TcpServer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const PATIENCE: Duration = Duration::from_secs(5);

/// Hostile connections per flood: enough to overrun every quota below
/// many times, few enough for any CI machine's file-descriptor limit.
const FLOOD: usize = 300;

fn limits() -> Limits {
    Limits {
        header_timeout: Duration::from_secs(30),
        body_timeout: Duration::from_secs(30),
        handshake_timeout: Duration::from_secs(30),
        write_timeout: Duration::from_secs(30),
        preauth_timeout: Duration::from_secs(30),
        max_connections: 64,
        max_preauth: 8,
        max_per_source: 1024,
        ..Limits::default()
    }
}

/// `GET /login` marks the connection authenticated (a request with
/// accepted credentials); `GET /anonymous` does not.
fn app() -> Router {
    Router::new()
        .route(
            "/login",
            get(|Extension(auth): Extension<AuthHandle>| async move {
                auth.mark_authenticated();
                "welcome"
            }),
        )
        .route("/anonymous", get(|| async { "hello" }))
}

async fn serve(limits: Limits) -> HttpListener {
    HttpListener::bind("127.0.0.1:0".parse().unwrap(), app(), None, limits)
        .await
        .unwrap()
}

const LOGIN: &[u8] = b"GET /login HTTP/1.1\r\nHost: x\r\n\r\n";

/// Whether one keep-alive request on `stream` gets a 200.
async fn ok_on<S: AsyncRead + AsyncWriteExt + Unpin>(stream: &mut S, request: &[u8]) -> bool {
    if stream.write_all(request).await.is_err() {
        return false;
    }
    let mut reply = vec![0u8; 1024];
    match tokio::time::timeout(PATIENCE, stream.read(&mut reply)).await {
        Ok(Ok(n)) => reply
            .get(..n)
            .is_some_and(|r| r.starts_with(b"HTTP/1.1 200")),
        _ => false,
    }
}

/// A healthy client: connect, authenticate, get an answer.
async fn healthy_attempt(addr: SocketAddr) -> Option<TcpStream> {
    let mut stream = tokio::time::timeout(PATIENCE, TcpStream::connect(addr))
        .await
        .ok()?
        .ok()?;
    ok_on(&mut stream, LOGIN).await.then_some(stream)
}

/// Whether the server closed `stream` (EOF or reset) within a short wait.
async fn is_closed(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    matches!(
        tokio::time::timeout(Duration::from_millis(500), stream.read(&mut byte)).await,
        Ok(Ok(0)) | Ok(Err(_))
    )
}

/// Open `n` connections that never send a byte, and keep them.
async fn flood(addr: SocketAddr, n: usize) -> Vec<TcpStream> {
    let mut held = Vec::with_capacity(n);
    for _ in 0..n {
        if let Ok(Ok(s)) = tokio::time::timeout(PATIENCE, TcpStream::connect(addr)).await {
            held.push(s);
        }
    }
    held
}

/// 300 idle connections that never authenticate, far over the pre-auth
/// quota of 8 and the cap of 64: a client that authenticates at once is
/// served on every attempt, between waves of more hostile connections,
/// and what the flood holds stays within the quota.
#[tokio::test]
async fn idle_flood_cycles_through_the_preauth_quota() {
    let server = serve(limits()).await;
    let addr = server.local_addr();
    let mut hostile = flood(addr, FLOOD).await;
    let mut healthy = Vec::new();
    let attempts = 20;
    let mut served = 0;
    for _ in 0..attempts {
        if let Some(s) = healthy_attempt(addr).await {
            served += 1;
            healthy.push(s);
        }
        hostile.extend(flood(addr, 10).await);
    }
    assert_eq!(served, attempts, "healthy attempts refused under the flood");
    // Authenticated connections are never evicted by the flood.
    for s in &mut healthy {
        assert!(
            ok_on(s, LOGIN).await,
            "an authenticated connection was evicted"
        );
    }
    // The flood holds no more than its quota: the rest were evicted.
    let mut open = 0;
    for s in &mut hostile {
        if !is_closed(s).await {
            open += 1;
        }
    }
    assert!(open <= 8, "{open} hostile connections still open");
}

/// The same for a raw TCP protocol (the RouterOS API's shape): a handler
/// that marks the connection after its "login" line.
#[tokio::test]
async fn never_login_flood_on_a_raw_listener() {
    let server = TcpServer::bind(
        "127.0.0.1:0".parse().unwrap(),
        None,
        limits(),
        |mut conn, accepted| async move {
            let mut line = [0u8; 6];
            if conn.read_exact(&mut line).await.is_ok() && &line == b"login\n" {
                accepted.auth.mark_authenticated();
                let _ = conn.write_all(b"ok\n").await;
                let mut rest = Vec::new();
                let _ = conn.read_to_end(&mut rest).await;
            }
        },
    )
    .await
    .unwrap();
    let addr = server.local_addr();
    let _hostile = flood(addr, FLOOD).await;
    let mut served = 0;
    let mut kept = Vec::new();
    for _ in 0..20 {
        let Ok(mut s) = TcpStream::connect(addr).await else {
            continue;
        };
        let _ = s.write_all(b"login\n").await;
        let mut reply = [0u8; 3];
        if let Ok(Ok(_)) = tokio::time::timeout(PATIENCE, s.read_exact(&mut reply)).await {
            if &reply == b"ok\n" {
                served += 1;
                kept.push(s);
            }
        }
        let _more = flood(addr, 10).await;
    }
    assert_eq!(served, 20);
}

/// A connection that never authenticates is closed after the pre-auth
/// deadline, although the header deadline is far away and it is busy.
#[tokio::test]
async fn the_preauth_deadline_closes_unauthenticated_connections() {
    let server = serve(Limits {
        preauth_timeout: Duration::from_millis(300),
        ..limits()
    })
    .await;
    let addr = server.local_addr();
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let mut byte = [0u8; 1];
    let got = tokio::time::timeout(PATIENCE, silent.read(&mut byte)).await;
    assert!(
        matches!(got, Ok(Ok(0)) | Ok(Err(_))),
        "silent connection kept"
    );
    // An authenticated one outlives the deadline.
    let mut good = healthy_attempt(addr).await.expect("served");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(
        ok_on(&mut good, LOGIN).await,
        "authenticated connection closed"
    );
}

/// One source at its cap: its oldest pre-auth connection makes room for a
/// new one; when all of its connections are authenticated, a new one is
/// closed unanswered.
#[tokio::test]
async fn the_per_source_cap_evicts_that_sources_preauth_then_refuses() {
    let server = serve(Limits {
        max_per_source: 3,
        ..limits()
    })
    .await;
    let addr = server.local_addr();
    let mut a = healthy_attempt(addr).await.expect("first");
    let mut b = healthy_attempt(addr).await.expect("second");
    let mut idle = TcpStream::connect(addr).await.unwrap();
    // Make sure the idle connection is admitted before the next one.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut c = healthy_attempt(addr).await.expect("the idle one made room");
    assert!(is_closed(&mut idle).await, "the idle connection was kept");
    let mut refused = TcpStream::connect(addr).await.unwrap();
    assert!(!ok_on(&mut refused, LOGIN).await, "served over the cap");
    for s in [&mut a, &mut b, &mut c] {
        assert!(ok_on(s, LOGIN).await);
    }
}
