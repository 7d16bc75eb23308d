//! The per-process connection budget, shared by every listener: a flood
//! of unauthenticated connections on one listener cannot take the slots
//! (and file descriptors) another listener's healthy clients need. Alone
//! in its test binary, since the budget counts everything in the process.

use std::time::Duration;

use axum::Router;
use axum::extract::Extension;
use axum::routing::get;
use routerctl_kit::sim::{AuthHandle, HttpListener, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const PATIENCE: Duration = Duration::from_secs(5);

fn app() -> Router {
    Router::new().route(
        "/login",
        get(|Extension(auth): Extension<AuthHandle>| async move {
            auth.mark_authenticated();
            "welcome"
        }),
    )
}

fn limits(process_budget: usize) -> Limits {
    Limits {
        preauth_timeout: Duration::from_secs(30),
        header_timeout: Duration::from_secs(30),
        max_preauth: 100,
        max_connections: 200,
        max_per_source: 1024,
        process_budget,
        ..Limits::default()
    }
}

#[tokio::test]
async fn a_flood_on_one_listener_does_not_starve_another() {
    let flooded = HttpListener::bind("127.0.0.1:0".parse().unwrap(), app(), None, limits(1000))
        .await
        .unwrap();
    let other = HttpListener::bind("127.0.0.1:0".parse().unwrap(), app(), None, limits(40))
        .await
        .unwrap();
    let mut hostile = Vec::new();
    for _ in 0..60 {
        hostile.push(TcpStream::connect(flooded.local_addr()).await.unwrap());
    }
    // Let the flooded listener admit them all.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut served = Vec::new();
    for _ in 0..10 {
        let mut s = TcpStream::connect(other.local_addr()).await.unwrap();
        s.write_all(b"GET /login HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut reply = vec![0u8; 512];
        let n = tokio::time::timeout(PATIENCE, s.read(&mut reply))
            .await
            .unwrap()
            .unwrap_or(0);
        assert!(
            reply[..n].starts_with(b"HTTP/1.1 200"),
            "refused over the process budget"
        );
        served.push(s);
    }
    // The budget was made by evicting the flood's oldest connections.
    let mut byte = [0u8; 1];
    let first = tokio::time::timeout(PATIENCE, hostile[0].read(&mut byte)).await;
    assert!(
        matches!(first, Ok(Ok(0)) | Ok(Err(_))),
        "oldest flood connection kept"
    );
}
