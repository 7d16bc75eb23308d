//! The driver contract (`routerctl_core::testkit`) for `linksys`, over
//! plain HTTP and over HTTPS with a pinned self-signed certificate, against
//! both simulated firmware generations.

use std::net::SocketAddr;
use std::time::Duration;

use routerctl_core::testkit::Contract;
use routerctl_core::{Capability, ConnectSpec, Credentials, SelfSigned, TlsPolicy};
use routerctl_linksys::sim::{Generation, JnapServer, LinksysSim, SimConfig};

async fn lab(generation: Generation, tls: bool) -> (JnapServer, ConnectSpec) {
    let sim = LinksysSim::new(SimConfig::new(generation, "secret"));
    let identity = tls.then(|| SelfSigned::generate(&[]).unwrap());
    let any = SocketAddr::from(([127, 0, 0, 1], 0));
    let server = JnapServer::bind(sim, any, identity).await.unwrap();
    let mut spec = ConnectSpec::new(
        "contract-lab",
        "linksys",
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

fn contract(spec: ConnectSpec) -> Contract {
    Contract::new(|spec| Box::pin(routerctl_linksys::connect(spec)), spec)
        .raw_call(&["core/GetDeviceInfo"])
        .expect_records(Capability::Facts)
        .expect_records(Capability::WanLinks)
        .expect_records(Capability::Clients)
        .expect_records(Capability::DhcpLeases)
        .expect_records(Capability::WifiNetworks)
        .expect_records(Capability::ConfigGet)
}

#[tokio::test]
async fn classic_http() {
    let (_server, spec) = lab(Generation::Classic, false).await;
    contract(spec).run().await;
}

#[tokio::test]
async fn classic_https_pinned() {
    let (_server, spec) = lab(Generation::Classic, true).await;
    contract(spec).run().await;
}

#[tokio::test]
async fn velop_http() {
    let (_server, spec) = lab(Generation::Velop, false).await;
    contract(spec).run().await;
}

#[tokio::test]
async fn velop_https_pinned() {
    let (_server, spec) = lab(Generation::Velop, true).await;
    contract(spec).run().await;
}
