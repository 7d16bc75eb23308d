//! Transport failures never carry the request URL: vendors put session
//! tokens in query strings, and errors reach logs and terminals.

use std::time::Duration;

use routerctl_kit::http::{HttpClient, HttpConfig, Method};
use tokio::net::TcpListener;

const TOKEN: &str = "s3cr3t-t0ken";

fn client() -> HttpClient {
    HttpClient::new(HttpConfig::new("r1", "test", None, Duration::from_secs(5)))
        .expect("plain HTTP client")
}

#[tokio::test]
async fn a_peer_hanging_up_does_not_leak_the_query_string() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    // Accept and hang up without answering, repeatedly (reqwest may retry
    // once on a fresh connection).
    let server = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            drop(stream);
        }
    });
    let http = client();
    let url = format!("http://{addr}/api/status?accessToken={TOKEN}");
    let ctx = http.ctx("GET /api/status");
    let err = http
        .send(&ctx, http.request(Method::GET, &url))
        .await
        .expect_err("the peer hung up");
    server.abort();
    let text = format!("{err} {err:?}");
    assert!(!text.contains(TOKEN), "token leaked: {text}");
    assert!(!text.contains("accessToken"), "query leaked: {text}");
}

#[tokio::test]
async fn a_refused_connect_names_host_and_port_but_not_the_query() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let http = client();
    let url = format!("http://{addr}/api/status?accessToken={TOKEN}");
    let ctx = http.ctx("GET /api/status");
    let err = http
        .send(&ctx, http.request(Method::GET, &url))
        .await
        .expect_err("nothing listens");
    let text = format!("{err} {err:?}");
    assert!(text.contains(&addr.port().to_string()), "{text}");
    assert!(!text.contains(TOKEN), "token leaked: {text}");
}
