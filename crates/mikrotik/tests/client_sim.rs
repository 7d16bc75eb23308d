//! The real API client and driver against the in-process RouterOS
//! simulator on 127.0.0.1.

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::StreamExt;
use routerctl_core::{ConnectSpec, Credentials, Error, Fingerprint, SelfSigned, TlsPolicy};
use routerctl_mikrotik::api::proto::Command;
use routerctl_mikrotik::api::{ApiClient, ClientConfig, LoginMethod, Query, Timeouts};
use routerctl_mikrotik::sim::{ApiServer, Device, SimConfig};

const STEP: Duration = Duration::from_secs(10);

async fn start(config: SimConfig, tls: bool) -> ApiServer {
    let tls = tls.then(|| SelfSigned::generate(&[]).unwrap());
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    ApiServer::bind(Device::new(config), addr, tls)
        .await
        .unwrap()
}

fn client_config(server: &ApiServer, password: &str) -> ClientConfig {
    let mut c = ClientConfig::new("127.0.0.1", Credentials::new("admin", password));
    c.port = server.local_addr().port();
    c.label = "sim".into();
    c.timeouts = Timeouts::all(STEP);
    c
}

async fn connect(server: &ApiServer) -> ApiClient {
    ApiClient::connect(client_config(server, "pw"))
        .await
        .unwrap()
}

#[tokio::test]
async fn plain_and_auto_login() {
    let server = start(SimConfig::new("admin", "pw"), false).await;
    for method in [LoginMethod::Plain, LoginMethod::Auto] {
        let mut cfg = client_config(&server, "pw");
        cfg.login = method;
        let client = ApiClient::connect(cfg).await.unwrap();
        let rows = client
            .print("/system/identity", &Query::new())
            .await
            .unwrap();
        assert_eq!(rows.len(), 1, "{method:?}");
        client.close().await.unwrap();
    }
}

#[tokio::test]
async fn legacy_md5_login() {
    let mut config = SimConfig::new("admin", "pw");
    config.legacy_login = true;
    let server = start(config, false).await;
    for method in [LoginMethod::Legacy, LoginMethod::Auto] {
        let mut cfg = client_config(&server, "pw");
        cfg.login = method;
        let client = ApiClient::connect(cfg).await.unwrap();
        client
            .print("/system/identity", &Query::new())
            .await
            .unwrap();
    }
    let err = ApiClient::connect(client_config(&server, "wrong"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
}

#[tokio::test]
async fn wrong_password_is_an_auth_error() {
    let server = start(SimConfig::new("admin", "pw"), false).await;
    let err = ApiClient::connect(client_config(&server, "nope"))
        .await
        .unwrap_err();
    match err {
        Error::Auth {
            router, message, ..
        } => {
            assert_eq!(router, "sim");
            assert!(
                message.contains("invalid user name or password"),
                "{message}"
            );
        }
        other => panic!("expected Auth, got {other:?}"),
    }
}

#[tokio::test]
async fn hundred_concurrent_commands_on_one_connection() {
    let server = start(SimConfig::new("admin", "pw"), false).await;
    let client = connect(&server).await;
    let expected = client
        .print("/interface", &Query::new())
        .await
        .unwrap()
        .len();
    let calls = (0..100).map(|i| {
        let client = client.clone();
        async move {
            if i % 2 == 0 {
                let rows = client.print("/interface", &Query::new()).await.unwrap();
                assert_eq!(rows.len(), expected);
            } else {
                let rows = client
                    .print("/system/resource", &Query::new().proplist(["version"]))
                    .await
                    .unwrap();
                assert_eq!(rows.len(), 1);
                assert!(rows[0].get("version").is_some());
            }
        }
    });
    tokio::time::timeout(STEP, futures_util::future::join_all(calls))
        .await
        .unwrap();
}

#[tokio::test]
async fn listen_cancelled_mid_way() {
    let server = start(SimConfig::new("admin", "pw"), false).await;
    let client = connect(&server).await;
    let mut stream = client
        .stream(Command::new("/ip/address/listen"))
        .await
        .unwrap();
    let id = client
        .add(
            "/ip/address",
            [("address", "192.0.2.77/24"), ("interface", "ether1")],
        )
        .await
        .unwrap();
    let row = tokio::time::timeout(STEP, stream.next())
        .await
        .expect("listen saw the add")
        .unwrap()
        .unwrap();
    assert_eq!(row.get_str(".id").as_deref(), Some(id.as_str()));
    client.remove("/ip/address", &[id.as_str()]).await.unwrap();
    // The removal may or may not have been reported yet; cancel regardless.
    tokio::time::timeout(STEP, stream.cancel())
        .await
        .unwrap()
        .unwrap();
    // Late sentences for the cancelled tag do not disturb what follows.
    let rows = client
        .print("/ip/address", &Query::new().eq("address", "192.0.2.77/24"))
        .await
        .unwrap();
    assert!(rows.is_empty());
}

#[tokio::test]
async fn api_ssl_pinned_fingerprint() {
    let server = start(SimConfig::new("admin", "pw"), true).await;
    let right: Fingerprint = server.fingerprint().expect("TLS server has a fingerprint");
    let mut cfg = client_config(&server, "pw");
    cfg.tls = Some(TlsPolicy::Pinned(right));
    let client = ApiClient::connect(cfg).await.unwrap();
    client
        .print("/system/identity", &Query::new())
        .await
        .unwrap();

    let wrong: Fingerprint = "AB".repeat(32).parse().unwrap();
    let mut cfg = client_config(&server, "pw");
    cfg.tls = Some(TlsPolicy::Pinned(wrong));
    let err = ApiClient::connect(cfg).await.unwrap_err();
    assert!(matches!(err, Error::Tls { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains(&format!("certificate fingerprint mismatch: pinned {wrong}")),
        "{err}"
    );
}

#[tokio::test]
async fn quit_mid_command_fails_pending_calls() {
    let server = start(SimConfig::new("admin", "pw"), false).await;
    let client = connect(&server).await;
    let stream = client.stream(Command::new("/log/listen")).await.unwrap();
    let other = client.clone();
    let quit = tokio::spawn(async move { other.run(Command::new("/quit")).await });
    let quit = tokio::time::timeout(STEP, quit).await.unwrap().unwrap();
    let err = quit.unwrap_err();
    assert!(matches!(err, Error::Disconnected { .. }), "{err:?}");
    assert!(err.to_string().contains("!fatal"), "{err}");
    let items: Vec<_> = tokio::time::timeout(STEP, stream.collect::<Vec<_>>())
        .await
        .unwrap();
    assert!(
        matches!(items.last(), Some(Err(Error::Disconnected { .. }))),
        "{items:?}"
    );
    let err = client
        .print("/system/identity", &Query::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Disconnected { .. }), "{err:?}");
}

#[tokio::test]
async fn driver_getters() {
    let mut config = SimConfig::new("admin", "pw");
    config.identity = "sim-edge".into();
    let server = start(config, false).await;
    let mut spec = ConnectSpec::new(
        "sim-edge",
        "mikrotik",
        "127.0.0.1",
        Credentials::new("admin", "pw"),
    );
    spec.port = Some(server.local_addr().port());
    spec.timeout = STEP;
    let router = routerctl_mikrotik::connect(&spec).await.unwrap();

    let facts = router.facts().await.unwrap();
    assert_eq!(facts.vendor, "mikrotik");
    assert_eq!(facts.hostname.as_deref(), Some("sim-edge"));
    assert!(facts.model.is_some());
    assert!(facts.os_version.as_deref().unwrap().starts_with("7.20.5"));
    assert!(facts.uptime_seconds.is_some());

    let interfaces = router.interfaces().await.unwrap();
    assert!(!interfaces.is_empty());
    assert!(interfaces.iter().all(|i| !i.name.is_empty()));
    assert!(interfaces.iter().any(|i| i.rx_bytes.is_some()));

    router.wan_links().await.unwrap();
    let leases = router.dhcp_leases().await.unwrap();
    assert!(leases.iter().all(|l| l.mac_address.len() == 17));
    let clients = router.clients().await.unwrap();
    assert!(clients.iter().all(|c| c.is_wireless.is_some()));
    router.wifi_networks().await.unwrap();

    let raw = router
        .raw(&["/system/identity/print".to_string()])
        .await
        .unwrap();
    assert_eq!(raw[0]["name"], "sim-edge");
    router.close().await;
}
