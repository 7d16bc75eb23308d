//! Shared helpers: a simulator on 127.0.0.1:0 and clients for it.
#![allow(dead_code)]

use std::time::Duration;

use routerctl_core::{ConnectSpec, Credentials};
use routerctl_linksys::client::{ClientConfig, JnapClient};
use routerctl_linksys::sim::{Generation, JnapServer, LinksysSim, SimConfig};

pub const PASSWORD: &str = "secret";

pub async fn sim(generation: Generation) -> (LinksysSim, JnapServer) {
    sim_with(SimConfig::new(generation, PASSWORD)).await
}

pub async fn sim_with(config: SimConfig) -> (LinksysSim, JnapServer) {
    let sim = LinksysSim::new(config);
    let server = JnapServer::bind(sim.clone(), "127.0.0.1:0".parse().unwrap(), None)
        .await
        .unwrap();
    (sim, server)
}

pub fn client(server: &JnapServer, password: Option<&str>) -> JnapClient {
    let mut config = ClientConfig::new(&server.base_url());
    config.label = "lab".into();
    config.timeout = Duration::from_secs(5);
    config.credentials = password.map(|p| Credentials::new("admin", p));
    JnapClient::new(config).unwrap()
}

pub fn spec(server: &JnapServer, password: &str) -> ConnectSpec {
    let addr = server.local_addr();
    let mut spec = ConnectSpec::new(
        "lab",
        "linksys",
        &addr.ip().to_string(),
        Credentials::new("admin", password),
    );
    spec.protocol = Some("http".into());
    spec.port = Some(addr.port());
    spec.timeout = Duration::from_secs(5);
    spec
}

/// A raw HTTP/1.1 exchange, for bodies and headers the client never sends.
pub async fn raw_http(server: &JnapServer, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(server.local_addr())
        .await
        .unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

pub fn post(action: &str, auth: Option<&str>, body: &str) -> String {
    let auth = auth
        .map(|a| format!("X-JNAP-Authorization: {a}\r\n"))
        .unwrap_or_default();
    format!(
        "POST /JNAP/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-JNAP-Action: {action}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// The JSON body of a raw HTTP reply.
pub fn body_json(reply: &str) -> serde_json::Value {
    let body = reply.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
}
