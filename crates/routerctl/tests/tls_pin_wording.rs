//! A pinned fingerprint that does not match reads the same over every
//! transport: the RouterOS API over TLS, RouterOS REST and ubus over HTTPS
//! all describe it through `routerctl_core::tls`, naming the pinned and the
//! presented fingerprint in one wording. A user who pinned the wrong
//! certificate learns the right one whichever protocol they chose.

use std::net::SocketAddr;
use std::time::Duration;

use routerctl_core::{Credentials, Error, Fingerprint, SelfSigned, TlsPolicy};
use routerctl_ixon::client::{ClientConfig as UbusConfig, UbusClient};
use routerctl_ixon::sim::{Flavor, HttpServer, IxonSim, IxonSimConfig};
use routerctl_mikrotik::api::{ApiClient, ClientConfig as ApiConfig, Timeouts};
use routerctl_mikrotik::rest::{RestClient, RestConfig};
use routerctl_mikrotik::sim::{ApiServer, Device, RestServer, SimConfig};

const STEP: Duration = Duration::from_secs(5);

fn tls_message(transport: &str, err: Error) -> String {
    match err {
        Error::Tls { message, .. } => message,
        other => panic!("{transport}: expected a TLS error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_pin_mismatch_reads_the_same_over_api_ssl_rest_and_ubus() {
    let identity = SelfSigned::generate(&[]).unwrap();
    let presented = identity.fingerprint;
    let pinned: Fingerprint = "AB".repeat(32).parse().unwrap();
    let any: SocketAddr = "127.0.0.1:0".parse().unwrap();

    let device = Device::new(SimConfig::new("admin", "pw"));
    let api = ApiServer::bind(device.clone(), any, Some(identity.clone()))
        .await
        .unwrap();
    let rest = RestServer::bind(device, any, Some(identity.clone()))
        .await
        .unwrap();
    let ixon = IxonSim::new(IxonSimConfig::new(Flavor::Ixon, "admin", "secret"));
    let ubus = HttpServer::bind(ixon, any, Some(identity)).await.unwrap();

    let mut config = ApiConfig::new("127.0.0.1", Credentials::new("admin", "pw"));
    config.port = api.local_addr().port();
    config.tls = Some(TlsPolicy::Pinned(pinned));
    config.timeouts = Timeouts::all(STEP);
    let over_api = ApiClient::connect(config).await.unwrap_err();

    let mut config = RestConfig::https(
        "127.0.0.1",
        Credentials::new("admin", "pw"),
        TlsPolicy::Pinned(pinned),
    )
    .with_port(rest.local_addr().port());
    config.timeouts.connect = STEP;
    config.timeouts.request = STEP;
    let over_rest = RestClient::new(config).unwrap().check().await.unwrap_err();

    let mut config = UbusConfig::new(&ubus.url());
    config.tls = TlsPolicy::Pinned(pinned);
    config.timeout = STEP;
    let over_ubus = UbusClient::new(config)
        .unwrap()
        .overview()
        .await
        .unwrap_err();

    let expected =
        format!("certificate fingerprint mismatch: pinned {pinned}, server presented {presented}");
    assert_eq!(tls_message("api-ssl", over_api), expected);
    assert_eq!(tls_message("rest", over_rest), expected);
    assert_eq!(tls_message("ubus", over_ubus), expected);
}
