//! The neutral driver against the simulator, both firmware generations.

mod common;

use common::{PASSWORD, sim, spec};
use routerctl_core::vocab::{Band, Security};
use routerctl_core::{Capability, Config, WanKind};
use routerctl_linksys::sim::Generation;

#[tokio::test]
async fn getters_map_both_generations_onto_the_model() {
    for generation in Generation::ALL {
        let (sim, server) = sim(generation).await;
        let router = routerctl_linksys::connect(&spec(&server, PASSWORD))
            .await
            .unwrap();
        assert_eq!(router.vendor(), "linksys");
        assert!(!router.capabilities().contains(&Capability::Interfaces));

        let facts = router.facts().await.unwrap();
        assert_eq!(facts.vendor, "linksys");
        let (model, hostname) = match generation {
            Generation::Classic => ("EA7500", "Linksys00042"),
            Generation::Velop => ("WHW03", "Linksys39173"),
        };
        assert_eq!(facts.model.as_deref(), Some(model));
        assert_eq!(facts.hostname.as_deref(), Some(hostname));
        assert!(facts.serial_number.is_some() && facts.os_version.is_some());
        assert_eq!(facts.uptime_seconds, None);

        let wan = router.wan_links().await.unwrap();
        assert_eq!(wan.len(), 1);
        assert_eq!(wan[0].kind, WanKind::Ethernet);
        assert_eq!(wan[0].is_up, Some(true));
        assert_eq!(wan[0].ip_address.as_deref(), Some("192.168.2.101"));
        assert_eq!(wan[0].prefix_length, Some(24));
        assert_eq!(wan[0].gateway.as_deref(), Some("192.168.2.1"));
        assert_eq!(wan[0].dns_servers, vec!["192.168.2.1".to_string()]);

        let clients = router.clients().await.unwrap();
        let by_mac = |m: &str| clients.iter().find(|c| c.mac_address == m);
        let phone = by_mac("4A:46:15:96:FB:27").unwrap();
        assert_eq!(
            phone.hostname.as_deref(),
            Some("Jia's phone"),
            "userDeviceName first"
        );
        assert_eq!(phone.is_wireless, Some(true));
        assert_eq!(phone.band, Some(Band::Ghz2_4));
        assert!(phone.signal_dbm.is_some_and(|s| s < 0));
        assert_eq!(phone.is_active, Some(true));
        assert!(phone.ssid.is_some());
        let pixel = by_mac("C6:01:F7:79:3B:89").unwrap();
        assert_eq!(
            pixel.hostname.as_deref(),
            Some("Pixel-4"),
            "then friendlyName"
        );
        let desktop = by_mac("80:1F:02:73:C5:D4").unwrap();
        assert_eq!(desktop.is_wireless, Some(false));
        assert_eq!(desktop.signal_dbm, None);
        let guest = by_mac("D2:60:CB:A0:3D:17").unwrap();
        assert_eq!(guest.ssid.as_deref(), Some("fee_guest_qa_velop"));
        let offline = by_mac("0E:A9:5B:A3:C0:72").unwrap();
        assert_eq!(offline.is_active, Some(false));
        assert_eq!(offline.ip_address, None);
        assert_eq!(offline.band, Some(Band::Ghz5));
        assert!(
            by_mac("30:23:03:2E:AF:EE").is_none(),
            "the router is not a client"
        );
        assert!(
            by_mac("3A:23:03:2E:A4:EC").is_none(),
            "mesh nodes are not clients"
        );

        let leases = router.dhcp_leases().await.unwrap();
        assert!(leases.iter().any(|l| l.mac_address == "C6:01:F7:79:3B:89"
            && l.hostname.as_deref() == Some("Pixel-4")
            && l.client_id.as_deref() == Some("01:c6:01:f7:79:3b:89")
            && l.expires_in_seconds.is_some_and(|s| s > 80_000)));
        assert!(leases.iter().all(|l| l.is_static == Some(false)));

        let wifi = router.wifi_networks().await.unwrap();
        let radios = if generation == Generation::Velop {
            3
        } else {
            2
        };
        assert_eq!(wifi.len(), radios + 2, "radios plus two guest radios");
        assert!(
            wifi.iter()
                .all(|w| w.security == Some(Security::Wpa2Personal))
        );
        assert!(wifi.iter().any(|w| w.ssid == "fee_guest_qa_velop"));
        assert!(wifi.iter().all(|w| w.channel.is_none()), "auto channel");

        let Config::Json(config) = router.config_get().await.unwrap() else {
            panic!("JSON config expected");
        };
        assert_eq!(config["router/GetLANSettings"]["hostName"], hostname);
        assert!(config["wirelessap/GetRadioInfo"]["radios"].is_array());
        assert_eq!(config["locale/GetTimeSettings"]["timeZoneID"], "CET-1");

        let raw = router.raw(&["core/GetDeviceInfo".into()]).await.unwrap();
        assert_eq!(raw["result"], "OK");
        assert_eq!(raw["output"]["modelNumber"], model);
        let raw = router
            .raw(&[
                "devicelist/GetDevices3".into(),
                r#"{"sinceRevision": 0}"#.into(),
            ])
            .await
            .unwrap();
        assert!(raw["output"]["revision"].as_u64().is_some());
        let e = router.raw(&["core/Nope".into()]).await.unwrap_err();
        assert_eq!(e.vendor_code(), Some("_ErrorUnknownAction"));
        let e = router
            .raw(&["core/GetDeviceInfo".into(), "{bad".into()])
            .await
            .unwrap_err();
        assert_eq!(e.kind(), "config");

        router.reboot().await.unwrap();
        assert_eq!(sim.reboots(), 1);
    }
}

#[tokio::test]
async fn a_wrong_password_fails_the_first_operation_with_auth() {
    for generation in Generation::ALL {
        let (_sim, server) = sim(generation).await;
        let router = routerctl_linksys::connect(&spec(&server, "wrong"))
            .await
            .unwrap();
        let e = router.facts().await.unwrap_err();
        assert_eq!(e.kind(), "auth", "{generation}: {e}");
        assert!(
            e.to_string().starts_with("lab: core/CheckAdminPassword"),
            "{e}"
        );
    }
}

#[tokio::test]
async fn without_credentials_the_open_getters_still_work() {
    let (_sim, server) = sim(Generation::Velop).await;
    let mut s = spec(&server, "");
    s.credentials = routerctl_core::Credentials::new("", "");
    let router = routerctl_linksys::connect(&s).await.unwrap();
    assert_eq!(
        router.facts().await.unwrap().model.as_deref(),
        Some("WHW03")
    );
    let clients = router.clients().await.unwrap();
    assert!(clients.iter().all(|c| c.ssid.is_none()));
    assert!(clients.iter().any(|c| c.is_active == Some(true)));
    assert!(!router.dhcp_leases().await.unwrap().is_empty());
    assert_eq!(router.wifi_networks().await.unwrap_err().kind(), "auth");
}

#[tokio::test]
async fn protocols_are_http_and_https_only() {
    let (_sim, server) = sim(Generation::Velop).await;
    let mut s = spec(&server, PASSWORD);
    s.protocol = Some("telnet".into());
    let e = routerctl_linksys::connect(&s).await.err().unwrap();
    assert_eq!(e.kind(), "config");
    let mut s = spec(&server, PASSWORD);
    s.protocol = None;
    let config = routerctl_linksys::driver::client_config(&s).unwrap();
    assert!(config.url.starts_with("http://"));
    s.protocol = Some("https".into());
    s.port = None;
    let config = routerctl_linksys::driver::client_config(&s).unwrap();
    assert!(config.url.ends_with(":443"));
}

#[tokio::test]
async fn https_with_a_pinned_certificate_works() {
    let sim = routerctl_linksys::sim::LinksysSim::new(routerctl_linksys::sim::SimConfig::new(
        Generation::Velop,
        PASSWORD,
    ));
    let tls = routerctl_kit::sim::self_signed().unwrap();
    let server =
        routerctl_linksys::sim::JnapServer::bind(sim, "127.0.0.1:0".parse().unwrap(), Some(tls))
            .await
            .unwrap();
    let mut s = spec(&server, PASSWORD);
    s.protocol = Some("https".into());
    s.tls = routerctl_core::TlsPolicy::Pinned(server.fingerprint().unwrap());
    let router = routerctl_linksys::connect(&s).await.unwrap();
    assert_eq!(
        router.facts().await.unwrap().model.as_deref(),
        Some("WHW03")
    );
}
