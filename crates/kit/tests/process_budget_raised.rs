//! `raise_process_budget`: authenticated connections past a listener's
//! own process budget are admitted once the process allows more (what
//! `sim fleet` does for clients that keep one session per router), and
//! refused past the raised budget. Alone in its test binary, since the
//! budget counts everything in the process.

use std::time::Duration;

use axum::Router;
use axum::extract::Extension;
use axum::routing::get;
use routerctl_kit::sim::{AuthHandle, HttpListener, Limits, raise_process_budget};
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

/// Log in on a new connection; whether the listener answered.
async fn logged_in(addr: std::net::SocketAddr) -> (bool, TcpStream) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let _ = s.write_all(b"GET /login HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let mut reply = vec![0u8; 512];
    let n = tokio::time::timeout(PATIENCE, s.read(&mut reply))
        .await
        .unwrap()
        .unwrap_or(0);
    (reply[..n].starts_with(b"HTTP/1.1 200"), s)
}

#[tokio::test]
async fn kept_sessions_fit_a_raised_budget_and_no_more() {
    let limits = Limits {
        process_budget: 3,
        max_per_source: 1024,
        ..Limits::default()
    };
    raise_process_budget(6);
    let listener = HttpListener::bind("127.0.0.1:0".parse().unwrap(), app(), None, limits)
        .await
        .unwrap();
    let mut kept = Vec::new();
    for i in 0..6 {
        let (ok, s) = logged_in(listener.local_addr()).await;
        assert!(ok, "session {i} refused under the raised budget");
        kept.push(s);
    }
    let (ok, _) = logged_in(listener.local_addr()).await;
    assert!(!ok, "a seventh session fits a budget of 6");
}
