//! The neutral driver against the simulator, over HTTP and over HTTPS with
//! a pinned self-signed certificate, with a login and with API-client
//! tokens; and the driver contract (`routerctl_core::testkit`).

mod common;

use std::time::Duration;

use common::{admin, lab_with, sim_config};
use routerctl_core::testkit::Contract;
use routerctl_core::{Capability, Config, ConnectSpec, Credentials, Router, TlsPolicy, WanKind};
use routerctl_kit::sim::HttpListener;
use serde_json::json;

fn spec(listener: &HttpListener, user: &str, password: &str) -> ConnectSpec {
    let mut spec = ConnectSpec::new(
        "pep-1",
        "peplink",
        "127.0.0.1",
        Credentials::new(user, password),
    );
    spec.port = Some(listener.local_addr().port());
    spec.timeout = Duration::from_secs(5);
    match listener.fingerprint() {
        Some(pin) => {
            spec.protocol = Some("https".into());
            spec.tls = TlsPolicy::Pinned(pin);
        }
        None => spec.protocol = Some("http".into()),
    }
    spec
}

async fn getters(r: &dyn Router, login: bool) {
    assert_eq!(r.vendor(), "peplink");
    assert!(r.capabilities().contains(&Capability::Reboot));
    let facts = r.facts().await.unwrap();
    assert_eq!(facts.vendor, "peplink");
    assert_eq!(facts.os_version.as_deref(), Some("8.5.2 build 5400"));
    if login {
        // From the Web Admin's status.system.info, which takes the cookie.
        assert_eq!(facts.model.as_deref(), Some("Peplink MAX BR1 Pro 5G"));
        assert_eq!(facts.hostname.as_deref(), Some("peplink-sim"));
        assert!(facts.serial_number.unwrap().starts_with("2930-"));
    } else {
        assert_eq!((facts.model, facts.serial_number), (None, None));
    }

    let interfaces = r.interfaces().await.unwrap();
    let lan1 = interfaces.iter().find(|i| i.name == "LAN 1").unwrap();
    assert_eq!((lan1.is_up, lan1.speed_mbps), (Some(true), Some(1000)));
    assert!(
        lan1.mac_address
            .as_deref()
            .unwrap()
            .starts_with("10:56:CA:")
    );
    let guest = interfaces.iter().find(|i| i.name == "Guest").unwrap();
    assert_eq!(
        (guest.kind.map(|k| k.as_str()), guest.description.as_deref()),
        (Some("vlan"), Some("192.168.60.1/24"))
    );

    let links = r.wan_links().await.unwrap();
    assert_eq!(links.len(), 4);
    let wan1 = &links[0];
    assert_eq!(
        (
            wan1.kind,
            wan1.ip_address.as_deref(),
            wan1.prefix_length,
            wan1.gateway.as_deref()
        ),
        (
            WanKind::Ethernet,
            Some("203.0.113.10"),
            Some(24),
            Some("203.0.113.1")
        )
    );
    assert_eq!(wan1.dns_servers, vec!["203.0.113.53", "1.1.1.1"]);
    let cell = links.iter().find(|l| l.kind == WanKind::Cellular).unwrap();
    assert_eq!(cell.is_up, Some(true));
    let signal = cell.signal_dbm.unwrap();
    assert!((-75..=-60).contains(&signal), "{signal}");
    let wifi = links.iter().find(|l| l.kind == WanKind::Wifi).unwrap();
    assert_eq!((wifi.is_up, wifi.signal_dbm), (Some(false), None));

    let clients = r.clients().await.unwrap();
    assert_eq!(clients.len(), 4);
    let laptop = clients
        .iter()
        .find(|c| c.hostname.as_deref() == Some("laptop-anna"))
        .unwrap();
    assert_eq!(
        (
            laptop.is_wireless,
            laptop.ssid.as_deref(),
            laptop.signal_dbm,
            laptop.interface.as_deref()
        ),
        (Some(true), Some("Office"), Some(-52), Some("LAN"))
    );
    let guest = clients
        .iter()
        .find(|c| c.hostname.as_deref() == Some("guest-phone"))
        .unwrap();
    assert_eq!(guest.interface.as_deref(), Some("Guest"));

    let leases = r.dhcp_leases().await.unwrap();
    assert_eq!(leases.len(), 3, "the printer has a static address");
    let pc = leases
        .iter()
        .find(|l| l.hostname.as_deref() == Some("office-pc"))
        .unwrap();
    assert!(pc.expires_in_seconds.unwrap() <= 86_400);
    assert_eq!(pc.status.as_deref(), Some("dhcp"));

    let wifi = r.wifi_networks().await.unwrap();
    assert_eq!(
        wifi.iter()
            .map(|w| (w.ssid.as_str(), w.security.map(|s| s.as_str()), w.is_hidden))
            .collect::<Vec<_>>(),
        vec![
            ("Office", Some("wpa2-personal"), Some(false)),
            ("Guest", Some("open"), Some(false)),
            ("Cameras", Some("wpa2/wpa3-personal"), Some(true)),
        ]
    );

    let Config::Json(config) = r.config_get().await.unwrap() else {
        panic!("config is JSON");
    };
    assert_eq!(config["config.ssid.profile"]["order"], json!([1, 2, 3]));
    assert_eq!(config["config.mesh"]["enable"], json!(false));

    let raw = r
        .raw(&["status.wan.connection".into(), "id=3".into()])
        .await
        .unwrap();
    assert_eq!(raw["stat"], json!("ok"));
    assert_eq!(raw["response"]["order"], json!([3]));
    let raw = r
        .raw(&[
            "POST".into(),
            "cmd.ap".into(),
            r#"{"enable": false}"#.into(),
        ])
        .await
        .unwrap();
    assert_eq!(raw["response"]["enable"], json!(false));
    let e = r.raw(&["status.nope".into()]).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("404"));
    assert!(e.to_string().starts_with("pep-1: "), "{e}");
}

#[tokio::test]
async fn getters_over_http_with_a_login() {
    let (_sim, listener) = lab_with(sim_config(), false).await;
    let r = routerctl_peplink::connect(&spec(&listener, "admin", "secret"))
        .await
        .unwrap();
    getters(r.as_ref(), true).await;
    r.close().await;
}

#[tokio::test]
async fn getters_over_pinned_https_with_a_login() {
    let (_sim, listener) = lab_with(sim_config(), true).await;
    let r = routerctl_peplink::connect(&spec(&listener, "admin", "secret"))
        .await
        .unwrap();
    getters(r.as_ref(), true).await;
}

#[tokio::test]
async fn getters_over_pinned_https_with_api_client_tokens() {
    let (sim, listener) = lab_with(sim_config(), true).await;
    let created = admin(&listener)
        .add_api_client("routerctl", "api")
        .await
        .unwrap();
    let user = format!("client:{}", created.client_id);
    let r = routerctl_peplink::connect(&spec(&listener, &user, created.client_secret.expose()))
        .await
        .unwrap();
    getters(r.as_ref(), false).await;
    assert_eq!(sim.stats().grants, 1);
    assert_eq!(sim.stats().logins, 1, "only the admin logged in");
}

#[tokio::test]
async fn a_wrong_pin_is_a_tls_error() {
    let (_sim, listener) = lab_with(sim_config(), true).await;
    let mut s = spec(&listener, "admin", "secret");
    s.tls = TlsPolicy::Pinned("00".repeat(32).parse().unwrap());
    let r = routerctl_peplink::connect(&s).await.unwrap();
    let e = r.facts().await.unwrap_err();
    assert_eq!(e.kind(), "tls", "{e}");
}

#[tokio::test]
async fn reboot_through_the_driver() {
    let (sim, listener) = lab_with(sim_config(), false).await;
    let r = routerctl_peplink::connect(&spec(&listener, "admin", "secret"))
        .await
        .unwrap();
    r.reboot().await.unwrap();
    assert!(sim.inspect(|s| s.restarting_until.is_some()));
}

fn contract(spec: ConnectSpec) -> Contract {
    Contract::new(|spec| Box::pin(routerctl_peplink::connect(spec)), spec)
        .raw_call(&["info.firmware"])
        .expect_records(Capability::Facts)
        .expect_records(Capability::Interfaces)
        .expect_records(Capability::WanLinks)
        .expect_records(Capability::Clients)
        .expect_records(Capability::DhcpLeases)
        .expect_records(Capability::WifiNetworks)
        .expect_records(Capability::ConfigGet)
}

#[tokio::test]
async fn contract_http() {
    let (_sim, listener) = lab_with(sim_config(), false).await;
    contract(spec(&listener, "admin", "secret")).run().await;
}

#[tokio::test]
async fn contract_https_pinned() {
    let (_sim, listener) = lab_with(sim_config(), true).await;
    contract(spec(&listener, "admin", "secret")).run().await;
}
