//! The neutral driver against the simulator, for `ixon` and `openwrt`.

mod common;

use std::time::Duration;

use common::{ixon_sim, openwrt_sim};
use routerctl_core::vocab::is_canonical_mac;
use routerctl_core::{
    Band, Capability, Config, ConnectSpec, Credentials, InterfaceKind, Router, Security, WanKind,
};
use routerctl_ixon::sim::HttpServer;
use serde_json::json;

async fn router(server: &HttpServer, vendor: &str, user: &str, password: &str) -> Box<dyn Router> {
    let addr = server.local_addr();
    let mut spec = ConnectSpec::new(
        "lab-1",
        vendor,
        "127.0.0.1",
        Credentials::new(user, password),
    );
    spec.protocol = Some("http".into());
    spec.port = Some(addr.port());
    spec.timeout = Duration::from_secs(5);
    routerctl_ixon::connect(&spec).await.unwrap()
}

#[tokio::test]
async fn ixon_getters() {
    let (_sim, server) = ixon_sim().await;
    let r = router(&server, "ixon", "admin", "secret").await;
    assert_eq!(r.vendor(), "ixon");
    assert!(!r.capabilities().contains(&Capability::Reboot));

    let facts = r.facts().await.unwrap();
    assert_eq!(facts.vendor, "ixon");
    assert_eq!(facts.model.as_deref(), Some("IXrouter3 4G-EU"));
    assert_eq!(facts.os_version.as_deref(), Some("3.19.2"));
    assert_eq!(facts.hostname.as_deref(), Some("ixrouter"));
    assert!(facts.serial_number.unwrap().starts_with("IXR3"));

    let interfaces = r.interfaces().await.unwrap();
    let wan = interfaces.iter().find(|i| i.name == "eth1").unwrap();
    assert_eq!(wan.description.as_deref(), Some("wan"));
    assert_eq!(wan.speed_mbps, Some(1000));
    assert_eq!(wan.kind, Some(InterfaceKind::Ethernet));
    assert!(wan.rx_bytes.is_some());
    assert!(
        interfaces
            .iter()
            .filter_map(|i| i.mac_address.as_deref())
            .all(is_canonical_mac)
    );

    let links = r.wan_links().await.unwrap();
    let eth = links.iter().find(|l| l.kind == WanKind::Ethernet).unwrap();
    assert_eq!(
        (eth.ip_address.as_deref(), eth.prefix_length),
        (Some("10.20.30.41"), Some(24))
    );
    let cell = links.iter().find(|l| l.kind == WanKind::Cellular).unwrap();
    assert_eq!(cell.signal_dbm, Some(-73));
    let wifi = links.iter().find(|l| l.kind == WanKind::Wifi).unwrap();
    assert_eq!(
        wifi.is_up,
        Some(false),
        "radio is an access point, not a WAN client"
    );
    assert_eq!(wifi.ip_address, None);

    let clients = r.clients().await.unwrap();
    assert_eq!(clients.len(), 4);
    let laptop = clients
        .iter()
        .find(|c| c.hostname.as_deref() == Some("service-laptop"))
        .unwrap();
    assert_eq!(
        (laptop.is_wireless, laptop.ssid.as_deref(), laptop.band),
        (Some(true), Some("IXrouter"), Some(Band::Ghz2_4))
    );

    let leases = r.dhcp_leases().await.unwrap();
    let plc = leases
        .iter()
        .find(|l| l.hostname.as_deref() == Some("plc-line1"))
        .unwrap();
    assert_eq!((plc.is_static, plc.expires_in_seconds), (Some(true), None));
    assert!(leases.iter().any(|l| l.expires_in_seconds.is_some()));

    let wifi = r.wifi_networks().await.unwrap();
    assert_eq!(wifi.len(), 1);
    assert_eq!(
        (wifi[0].ssid.as_str(), wifi[0].channel, wifi[0].security),
        ("IXrouter", Some(6), Some(Security::Wpa2Personal))
    );

    let Config::Json(cfg) = r.config_get().await.unwrap() else {
        panic!("json config expected")
    };
    assert_eq!(cfg["lan"]["ipAddress"], "192.168.140.1");

    let raw = r
        .raw(&["ixon.ui.hardware".into(), "get".into()])
        .await
        .unwrap();
    assert_eq!(raw["articleNumber"], "IX2400");
    let raw = r
        .raw(&[
            "session".into(),
            "access".into(),
            r#"{"object":"ixon.ui.configuration","function":"set"}"#.into(),
        ])
        .await
        .unwrap();
    assert_eq!(raw, json!({"access": true}));
    assert!(
        r.raw(&["list".into(), "ixon.*".into()]).await.unwrap()["ixon.ui.overview"].is_object()
    );
    assert_eq!(r.raw(&["x".into()]).await.unwrap_err().kind(), "config");
    assert_eq!(
        r.raw(&["a".into(), "b".into(), "[1]".into()])
            .await
            .unwrap_err()
            .kind(),
        "config"
    );

    let err = r.reboot().await.unwrap_err();
    assert_eq!(err.kind(), "unsupported");
}

#[tokio::test]
async fn ixon_a_wrong_password_fails_at_connect_and_no_user_reads_anonymously() {
    let (_sim, server) = ixon_sim().await;
    let addr = server.local_addr();
    let mut spec = ConnectSpec::new(
        "lab-1",
        "ixon",
        "127.0.0.1",
        Credentials::new("admin", "not-the-password"),
    );
    spec.protocol = Some("http".into());
    spec.port = Some(addr.port());
    spec.timeout = Duration::from_secs(5);
    // The overview is public, but a configured password is checked anyway.
    let err = routerctl_ixon::connect(&spec).await.err().unwrap();
    assert_eq!(err.kind(), "auth");
    assert!(err.to_string().starts_with("lab-1: "), "{err}");
    // Without a user name nothing is checked: facts are read anonymously,
    // and what needs a session is refused as auth.
    let r = router(&server, "ixon", "", "").await;
    assert!(r.facts().await.is_ok());
    let err = r.wifi_networks().await.unwrap_err();
    assert_eq!(err.kind(), "auth");
}

#[tokio::test]
async fn ixon_set_config_value_writes_the_whole_object_back() {
    let (sim, server) = ixon_sim().await;
    let addr = server.local_addr();
    let mut spec = ConnectSpec::new(
        "lab-1",
        "ixon",
        "127.0.0.1",
        Credentials::new("admin", "secret"),
    );
    spec.protocol = Some("http".into());
    spec.port = Some(addr.port());
    let cfg = routerctl_ixon::driver::client_config(&spec).unwrap();
    let client = std::sync::Arc::new(routerctl_ixon::UbusClient::new(cfg).unwrap());
    let r = routerctl_ixon::IxonRouter::new("lab-1", client);
    let before = sim.configuration();
    r.set_config_value("lan.dhcpServerEnabled", json!(false))
        .await
        .unwrap();
    let after = sim.configuration();
    let mut expected = before.clone();
    expected["lan"]["dhcpServerEnabled"] = json!(false);
    assert_eq!(after, expected);
    assert!(r.dhcp_leases().await.unwrap().is_empty());
    let err = r
        .set_config_value("lan.nosuch", json!(1))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("lan.nosuch"), "{err}");
    let err = r
        .set_config_value("lan.netMask", json!(24))
        .await
        .unwrap_err();
    assert_eq!(err.vendor_code(), Some("ubus 2 INVALID_ARGUMENT"));
    assert_eq!(sim.configuration(), expected);
}

#[tokio::test]
async fn openwrt_getters() {
    let (sim, server) = openwrt_sim().await;
    let r = router(&server, "openwrt", "root", "secret").await;
    assert_eq!(r.vendor(), "openwrt");
    let facts = r.facts().await.unwrap();
    assert_eq!(facts.vendor, "openwrt");
    assert_eq!(facts.model.as_deref(), Some("OpenWrt One"));
    assert_eq!(
        facts.os_version.as_deref(),
        Some("OpenWrt 24.10.2 r28739-d9340319c6")
    );
    assert_eq!(facts.serial_number, None, "OpenWrt does not report one");

    let interfaces = r.interfaces().await.unwrap();
    let eth0 = interfaces.iter().find(|i| i.name == "eth0").unwrap();
    assert_eq!(
        (eth0.speed_mbps, eth0.mtu, eth0.is_up),
        (Some(2500), Some(1500), Some(true))
    );
    assert!(eth0.mac_address.as_deref().unwrap().starts_with("02:"));
    assert_eq!(eth0.kind, Some(InterfaceKind::Ethernet));
    let lan = interfaces.iter().find(|i| i.name == "br-lan").unwrap();
    assert_eq!(lan.kind, Some(InterfaceKind::Bridge));

    let links = r.wan_links().await.unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].name, "wan");
    assert_eq!(links[0].gateway.as_deref(), Some("198.51.100.1"));
    assert_eq!(links[0].dns_servers, ["198.51.100.1", "9.9.9.9"]);

    let leases = r.dhcp_leases().await.unwrap();
    assert_eq!(leases.len(), 4);
    assert!(leases.iter().all(|l| is_canonical_mac(&l.mac_address)));

    let clients = r.clients().await.unwrap();
    let wireless: Vec<_> = clients
        .iter()
        .filter(|c| c.is_wireless == Some(true))
        .collect();
    assert_eq!(wireless.len(), 2);
    assert!(
        wireless
            .iter()
            .any(|c| c.band == Some(Band::Ghz5) && c.ssid.as_deref() == Some("OpenWrt-5G"))
    );

    let wifi = r.wifi_networks().await.unwrap();
    assert_eq!(wifi.len(), 2);
    assert_eq!(wifi[1].security, Some(Security::Wpa2Wpa3Personal));

    let Config::Json(cfg) = r.config_get().await.unwrap() else {
        panic!()
    };
    assert_eq!(cfg["network"]["lan"]["ipaddr"], "192.168.1.1");
    assert_eq!(cfg["wireless"]["default_radio1"]["ssid"], "OpenWrt-5G");

    r.reboot().await.unwrap();
    assert_eq!(sim.session_count(), 0);
    // The driver logs in again after the reboot.
    assert!(r.facts().await.unwrap().uptime_seconds.unwrap() < 5);
}

#[tokio::test]
async fn openwrt_read_only_user_gets_what_its_acl_allows() {
    let (_sim, server) = openwrt_sim().await;
    let r = router(&server, "openwrt", "viewer", "viewpass1").await;
    assert!(r.facts().await.is_ok());
    // No iwinfo in this ACL: clients fall back to leases alone...
    let clients = r.clients().await.unwrap();
    assert_eq!(clients.len(), 4);
    assert!(clients.iter().all(|c| c.is_wireless.is_none()));
    // ...and Wi-Fi is refused with the reason.
    let err = r.wifi_networks().await.unwrap_err();
    assert_eq!(err.kind(), "auth");
    assert!(err.to_string().contains("iwinfo.devices"), "{err}");
    assert_eq!(r.reboot().await.unwrap_err().kind(), "auth");
}

#[tokio::test]
async fn unknown_vendor_or_protocol_is_a_config_error() {
    let mut spec = ConnectSpec::new("x", "ixon", "127.0.0.1", Credentials::new("a", "b"));
    spec.protocol = Some("api".into());
    assert_eq!(
        routerctl_ixon::connect(&spec).await.err().unwrap().kind(),
        "config"
    );
}
