//! The driver contract (`routerctl_core::testkit`) for `ixon` and
//! `openwrt`, each over plain HTTP and over HTTPS with a pinned
//! self-signed certificate, against the simulator of its flavour.

use std::net::SocketAddr;
use std::time::Duration;

use routerctl_core::testkit::Contract;
use routerctl_core::{Capability, ConnectSpec, Credentials, SelfSigned, TlsPolicy};
use routerctl_ixon::sim::{Flavor, HttpServer, IxonSim, IxonSimConfig};

/// A simulator of `flavor` (user `admin`, password `secret`), over HTTPS
/// when `tls`; the spec that reaches it.
async fn lab(flavor: Flavor, vendor: &str, tls: bool) -> (HttpServer, ConnectSpec) {
    let sim = IxonSim::new(IxonSimConfig::new(flavor, "admin", "secret"));
    let identity = tls.then(|| SelfSigned::generate(&[]).unwrap());
    let any = SocketAddr::from(([127, 0, 0, 1], 0));
    let server = HttpServer::bind(sim, any, identity).await.unwrap();
    let mut spec = ConnectSpec::new(
        "contract-lab",
        vendor,
        "127.0.0.1",
        Credentials::new("admin", "secret"),
    );
    spec.port = Some(server.local_addr().port());
    spec.timeout = Duration::from_secs(5);
    match server.fingerprint() {
        Some(pin) => {
            spec.protocol = Some("https".into());
            spec.tls = TlsPolicy::Pinned(pin);
        }
        None => spec.protocol = Some("http".into()),
    }
    (server, spec)
}

/// What both simulated flavours serve.
fn contract(spec: ConnectSpec, raw: &[&str]) -> Contract {
    Contract::new(|spec| Box::pin(routerctl_ixon::connect(spec)), spec)
        .raw_call(raw)
        .expect_records(Capability::Facts)
        .expect_records(Capability::Interfaces)
        .expect_records(Capability::WanLinks)
        .expect_records(Capability::Clients)
        .expect_records(Capability::DhcpLeases)
        .expect_records(Capability::WifiNetworks)
        .expect_records(Capability::ConfigGet)
}

const IXON_RAW: &[&str] = &["ixon.ui.hardware", "get"];
const OPENWRT_RAW: &[&str] = &["system", "board"];

#[tokio::test]
async fn ixon_http() {
    let (_server, spec) = lab(Flavor::Ixon, "ixon", false).await;
    contract(spec, IXON_RAW).run().await;
}

#[tokio::test]
async fn ixon_https_pinned() {
    let (_server, spec) = lab(Flavor::Ixon, "ixon", true).await;
    contract(spec, IXON_RAW).run().await;
}

#[tokio::test]
async fn openwrt_http() {
    let (_server, spec) = lab(Flavor::OpenWrt, "openwrt", false).await;
    contract(spec, OPENWRT_RAW).run().await;
}

#[tokio::test]
async fn openwrt_https_pinned() {
    let (_server, spec) = lab(Flavor::OpenWrt, "openwrt", true).await;
    contract(spec, OPENWRT_RAW).run().await;
}
