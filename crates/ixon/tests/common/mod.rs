//! Shared helpers: a simulator on 127.0.0.1:0 and clients for it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use routerctl_core::Credentials;
use routerctl_ixon::client::{ClientConfig, UbusClient};
use routerctl_ixon::sim::{Access, Flavor, HttpServer, IxonSim, IxonSimConfig};

pub const LOOPBACK: &str = "127.0.0.1:0";

pub fn loopback() -> SocketAddr {
    LOOPBACK.parse().unwrap()
}

/// An IXON sim with `admin`/`secret` and a read-only `viewer`/`viewpass1`.
pub async fn ixon_sim() -> (IxonSim, HttpServer) {
    sim(Flavor::Ixon, "admin").await
}

/// An OpenWrt sim with `root`/`secret` and a read-only `viewer`/`viewpass1`.
pub async fn openwrt_sim() -> (IxonSim, HttpServer) {
    sim(Flavor::OpenWrt, "root").await
}

async fn sim(flavor: Flavor, admin: &str) -> (IxonSim, HttpServer) {
    let sim = IxonSim::new(IxonSimConfig::new(flavor, admin, "secret").with_user(
        "viewer",
        "viewpass1",
        Access::ReadOnly,
    ));
    let server = HttpServer::bind(sim.clone(), loopback(), None)
        .await
        .unwrap();
    (sim, server)
}

pub fn client_for(
    server: &HttpServer,
    vendor: &'static str,
    creds: Option<(&str, &str)>,
) -> UbusClient {
    let mut config = ClientConfig::new(&server.url());
    config.vendor = vendor;
    config.label = "lab".into();
    config.timeout = Duration::from_secs(5);
    config.credentials = creds.map(|(u, p)| Credentials::new(u, p));
    UbusClient::new(config).unwrap()
}
