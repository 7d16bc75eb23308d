//! One [`HttpClient`] holds at most `max_in_flight` connections to a
//! router however many requests its callers fire at once: reqwest alone
//! opens a new connection for every concurrent request to the same host,
//! and routers have few web sessions.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use futures_util::future::join_all;
use routerctl_kit::http::{DEFAULT_MAX_IN_FLIGHT, HttpClient, HttpConfig, Method};
use tokio::net::{TcpListener, TcpStream};

/// A TCP listener that counts the connections it accepted.
struct Counting {
    inner: TcpListener,
    accepted: Arc<AtomicUsize>,
}

impl axum::serve::Listener for Counting {
    type Io = TcpStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let pair = axum::serve::Listener::accept(&mut self.inner).await;
        self.accepted.fetch_add(1, Ordering::SeqCst);
        pair
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// Counters the test server keeps.
#[derive(Default)]
struct Seen {
    accepted: Arc<AtomicUsize>,
    busy: AtomicUsize,
    most_busy: AtomicUsize,
}

/// Serve `/slow` (a short pause, so requests overlap, then a small body)
/// on 127.0.0.1:0; its URL and counters.
async fn server(pause: Duration) -> (String, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let listener = Counting {
        inner: TcpListener::bind("127.0.0.1:0").await.expect("bind"),
        accepted: seen.accepted.clone(),
    };
    let addr = axum::serve::Listener::local_addr(&listener).expect("addr");
    let state = seen.clone();
    let app = Router::new().route(
        "/slow",
        get(move || {
            let seen = state.clone();
            async move {
                let now = seen.busy.fetch_add(1, Ordering::SeqCst) + 1;
                seen.most_busy.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(pause).await;
                seen.busy.fetch_sub(1, Ordering::SeqCst);
                "x".repeat(4096)
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/slow"), seen)
}

/// Fire `n` requests at once through `http`; how many succeeded.
async fn fire(http: &HttpClient, url: &str, n: usize) -> usize {
    let requests = (0..n).map(|i| {
        let http = http.clone();
        async move {
            let ctx = http.ctx(format!("GET /slow #{i}"));
            let reply = http.send(&ctx, http.request(Method::GET, url)).await?;
            routerctl_core::Result::Ok(reply.status.is_success() && reply.body.len() == 4096)
        }
    });
    join_all(requests)
        .await
        .into_iter()
        .filter(|r: &routerctl_core::Result<bool>| matches!(r, Ok(true)))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_requests_use_at_most_the_cap_in_connections() {
    let (url, seen) = server(Duration::from_millis(20)).await;
    let config = HttpConfig::new("r1", "test", None, Duration::from_secs(30));
    assert_eq!(config.max_in_flight, DEFAULT_MAX_IN_FLIGHT);
    let http = HttpClient::new(config).expect("client");
    assert_eq!(fire(&http, &url, 20).await, 20, "every request succeeded");
    // A second burst reuses the pooled connections.
    assert_eq!(fire(&http, &url, 20).await, 20, "every request succeeded");
    let accepted = seen.accepted.load(Ordering::SeqCst);
    assert!(
        accepted <= DEFAULT_MAX_IN_FLIGHT,
        "{accepted} connections for a cap of {DEFAULT_MAX_IN_FLIGHT}"
    );
    assert!(seen.most_busy.load(Ordering::SeqCst) <= DEFAULT_MAX_IN_FLIGHT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cap_of_one_serializes_on_one_connection() {
    let (url, seen) = server(Duration::from_millis(5)).await;
    let config = HttpConfig {
        max_in_flight: 1,
        ..HttpConfig::new("r1", "test", None, Duration::from_secs(30))
    };
    let http = HttpClient::new(config).expect("client");
    assert_eq!(fire(&http, &url, 10).await, 10);
    assert_eq!(seen.accepted.load(Ordering::SeqCst), 1);
    assert_eq!(seen.most_busy.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_cap_concurrent_requests_open_many_connections() {
    // The control: what the cap prevents, so the tests above can fail.
    let (url, seen) = server(Duration::from_millis(200)).await;
    let config = HttpConfig {
        max_in_flight: 20,
        ..HttpConfig::new("r1", "test", None, Duration::from_secs(30))
    };
    let http = HttpClient::new(config).expect("client");
    assert_eq!(fire(&http, &url, 20).await, 20);
    assert!(seen.accepted.load(Ordering::SeqCst) > DEFAULT_MAX_IN_FLIGHT);
}

#[tokio::test(start_paused = true)]
async fn waiting_for_a_turn_counts_against_the_request_timeout() {
    // A router that accepts and never answers, one request in flight at a
    // time, a 5 s timeout: the second request waits for the first, and its
    // wait spends its own 5 s, so both fail at 5 s (virtual time) instead
    // of the second getting a fresh 5 s after the first gave up.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hang", listener.local_addr().expect("addr"));
    let server = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let config = HttpConfig {
        max_in_flight: 1,
        ..HttpConfig::new("r1", "test", None, Duration::from_secs(5))
    };
    let http = HttpClient::new(config).expect("client");
    let ctx = http.ctx("GET /hang");
    let start = tokio::time::Instant::now();
    let (a, b) = tokio::join!(
        http.send(&ctx, http.request(Method::GET, &url)),
        http.send(&ctx, http.request(Method::GET, &url)),
    );
    let waited = start.elapsed();
    server.abort();
    for r in [a, b] {
        let err = r.expect_err("nothing answers");
        assert!(
            matches!(err, routerctl_core::Error::Timeout { .. }),
            "{err:?}"
        );
    }
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");
}
