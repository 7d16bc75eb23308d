//! The driver contract (`routerctl_core::testkit`) over every RouterOS
//! protocol, each against the simulator: `api`, `api-ssl` and `rest` with
//! a pinned self-signed certificate, and `rest-http`.

use std::net::SocketAddr;
use std::time::Duration;

use routerctl_core::testkit::Contract;
use routerctl_core::{Capability, ConnectSpec, Credentials, SelfSigned, TlsPolicy};
use routerctl_mikrotik::sim::{ApiServer, Device, RestServer, SimConfig};

fn any() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

fn device() -> Device {
    Device::new(SimConfig::new("admin", "pw"))
}

fn spec(protocol: &str, port: u16, tls: TlsPolicy) -> ConnectSpec {
    let mut spec = ConnectSpec::new(
        "contract-lab",
        "mikrotik",
        "127.0.0.1",
        Credentials::new("admin", "pw"),
    );
    spec.protocol = Some(protocol.to_string());
    spec.port = Some(port);
    spec.tls = tls;
    spec.timeout = Duration::from_secs(5);
    spec
}

/// What the simulated device serves on every protocol.
fn contract(spec: ConnectSpec) -> Contract {
    Contract::new(|spec| Box::pin(routerctl_mikrotik::connect(spec)), spec)
        .raw_call(&["/system/identity/print"])
        .expect_records(Capability::Facts)
        .expect_records(Capability::Interfaces)
        .expect_records(Capability::WanLinks)
        .expect_records(Capability::Clients)
        .expect_records(Capability::DhcpLeases)
        .expect_records(Capability::WifiNetworks)
        .expect_records(Capability::ConfigGet)
}

#[tokio::test]
async fn api() {
    let server = ApiServer::bind(device(), any(), None).await.unwrap();
    let port = server.local_addr().port();
    contract(spec("api", port, TlsPolicy::default()))
        .run()
        .await;
}

#[tokio::test]
async fn api_ssl_pinned() {
    let tls = SelfSigned::generate(&[]).unwrap();
    let server = ApiServer::bind(device(), any(), Some(tls)).await.unwrap();
    let pin = TlsPolicy::Pinned(server.fingerprint().unwrap());
    let port = server.local_addr().port();
    contract(spec("api-ssl", port, pin)).run().await;
}

#[tokio::test]
async fn rest_https_pinned() {
    let tls = SelfSigned::generate(&[]).unwrap();
    let server = RestServer::bind(device(), any(), Some(tls)).await.unwrap();
    let pin = TlsPolicy::Pinned(server.fingerprint().unwrap());
    let port = server.local_addr().port();
    contract(spec("rest", port, pin)).run().await;
}

#[tokio::test]
async fn rest_http() {
    let server = RestServer::bind(device(), any(), None).await.unwrap();
    let port = server.local_addr().port();
    contract(spec("rest-http", port, TlsPolicy::default()))
        .run()
        .await;
}
