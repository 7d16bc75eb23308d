//! Shared helpers: a simulator on 127.0.0.1:0 and clients for it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use routerctl_core::{Credentials, SelfSigned, TlsPolicy};
use routerctl_kit::sim::{HttpListener, Limits};
use routerctl_peplink::client::{ClientConfig, PeplinkClient};
use routerctl_peplink::credential::Auth;
use routerctl_peplink::sim::{PeplinkSim, PeplinkSimConfig, Permission, server};

pub fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// `admin`/`secret` (admin) and `viewer`/`viewpass1` (read-only).
pub fn sim_config() -> PeplinkSimConfig {
    PeplinkSimConfig::new("admin", "secret").with_user("viewer", "viewpass1", Permission::ReadOnly)
}

pub async fn lab_with(config: PeplinkSimConfig, tls: bool) -> (PeplinkSim, HttpListener) {
    let sim = PeplinkSim::new(config);
    let identity = tls.then(|| SelfSigned::generate(&[]).unwrap());
    let listener = server::serve(sim.clone(), loopback(), identity, Limits::default())
        .await
        .unwrap();
    (sim, listener)
}

pub async fn lab() -> (PeplinkSim, HttpListener) {
    lab_with(sim_config(), false).await
}

pub fn client(listener: &HttpListener, auth: Auth) -> PeplinkClient {
    let mut config = ClientConfig::new(&listener.base_url());
    config.label = "lab".into();
    config.timeout = Duration::from_secs(5);
    if let Some(pin) = listener.fingerprint() {
        config.tls = TlsPolicy::Pinned(pin);
    }
    config.auth = auth;
    PeplinkClient::new(config).unwrap()
}

pub fn admin(listener: &HttpListener) -> PeplinkClient {
    client(listener, Auth::Login(Credentials::new("admin", "secret")))
}

pub fn viewer(listener: &HttpListener) -> PeplinkClient {
    client(
        listener,
        Auth::Login(Credentials::new("viewer", "viewpass1")),
    )
}

/// A bare HTTP/1.1 request over TCP, so malformed requests can be sent
/// without the client under test. Returns (status line, headers, body).
pub async fn raw_http(
    listener: &HttpListener,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (String, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = listener.local_addr();
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(req.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let (status, headers) = head.split_once("\r\n").unwrap_or((head, ""));
    (status.to_string(), headers.to_string(), body.to_string())
}
