//! The real client against the real simulator on 127.0.0.1.

mod common;

use std::time::Duration;

use common::{PASSWORD, body_json, client, post, raw_http, sim, sim_with};
use routerctl_core::Secret;
use routerctl_linksys::client::Call;
use routerctl_linksys::models::{
    FirmwareUpdateSettings, GuestNetworkSettings, LogKind, ParentalControlRule, Property,
    UpdateWindow, WanSchedule,
};
use routerctl_linksys::sim::{Generation, SimConfig};
use routerctl_linksys::wire::SideEffect;
use serde_json::json;

fn basic(password: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("admin:{password}"))
    )
}

#[tokio::test]
async fn negotiation_picks_the_newest_version_each_generation_has() {
    for (generation, wan, check, radio, guest, devices) in [
        (
            Generation::Classic,
            "router/GetWANStatus2",
            "core/CheckAdminPassword2",
            "wirelessap/GetRadioInfo",
            "guestnetwork/GetGuestRadioSettings",
            "devicelist/GetDevices3",
        ),
        (
            Generation::Velop,
            "router/GetWANStatus3",
            "core/CheckAdminPassword3",
            "wirelessap/GetRadioInfo3",
            "guestnetwork/GetGuestRadioSettings2",
            "devicelist/GetDevices3",
        ),
    ] {
        let (_sim, server) = sim(generation).await;
        let c = client(&server, Some(PASSWORD));
        for (family, want) in [
            ("router/GetWANStatus", wan),
            ("core/CheckAdminPassword", check),
            ("wirelessap/GetRadioInfo", radio),
            ("guestnetwork/GetGuestRadioSettings", guest),
            ("devicelist/GetDevices", devices),
        ] {
            assert_eq!(
                c.negotiate(family).await.unwrap().short(),
                want,
                "{generation}"
            );
        }
        let status = c.wan_status().await.unwrap();
        assert_eq!(status.wan_status, "Connected");
        assert_eq!(
            status.supported_wan_combinations.is_empty(),
            generation == Generation::Classic,
            "combinations come with GetWANStatus3 only"
        );
        let radios = c.radio_info().await.unwrap();
        assert_eq!(
            radios.radios.iter().all(|r| r.physical_radio_id.is_some()),
            generation == Generation::Velop
        );
        c.check_admin_password().await.unwrap();
    }
}

#[tokio::test]
async fn the_services_list_is_read_once() {
    let (sim, server) = sim(Generation::Velop).await;
    let c = client(&server, Some(PASSWORD));
    c.wan_status().await.unwrap();
    c.radio_info().await.unwrap();
    c.devices(None).await.unwrap();
    c.check_admin_password().await.unwrap();
    assert_eq!(sim.request_count("core/GetDeviceInfo"), 1);
    assert_eq!(sim.request_count("router/GetWANStatus3"), 1);
    assert_eq!(sim.request_count("router/GetWANStatus"), 0);
    assert_eq!(sim.request_count("core/CheckAdminPassword3"), 1);
}

#[tokio::test]
async fn the_newest_version_is_unknown_to_older_firmware() {
    let (_sim, server) = sim(Generation::Classic).await;
    let c = client(&server, Some(PASSWORD));
    let e = c.call("router/GetWANStatus3", json!({})).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("_ErrorUnknownAction"));
    assert!(
        e.to_string()
            .contains("'http://linksys.com/jnap/router/GetWANStatus3'"),
        "{e}"
    );
    let e = c.admin_password_auth_status().await.unwrap_err();
    assert_eq!(e.kind(), "unsupported");
    let e = c.call("core/NoSuchAction", json!({})).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("_ErrorUnknownAction"));
    // The deprecated prefix still reaches the same action.
    let r = c
        .call("http://cisco.com/jnap/router/GetLANSettings", json!({}))
        .await
        .unwrap();
    assert_eq!(r.output["hostName"], "Linksys00042");
}

#[tokio::test]
async fn open_actions_need_no_password_and_the_rest_do() {
    let (_sim, server) = sim(Generation::Velop).await;
    let anonymous = client(&server, None);
    assert_eq!(anonymous.device_info().await.unwrap().model_number, "WHW03");
    assert!(!anonymous.devices(None).await.unwrap().devices.is_empty());
    assert!(anonymous.lan_settings().await.is_ok());
    assert!(anonymous.dhcp_client_leases().await.is_ok());
    assert!(anonymous.wan_status().await.is_ok());
    assert!(anonymous.network_connections().await.is_ok());
    assert!(!anonymous.is_admin_password_default().await.unwrap());
    assert_eq!(anonymous.admin_password_hint().await.unwrap(), "");
    assert_eq!(
        anonymous
            .admin_password_restrictions()
            .await
            .unwrap()
            .min_length,
        4
    );
    let e = anonymous.radio_info().await.unwrap_err();
    assert_eq!(e.kind(), "auth", "{e}");
    assert!(e.to_string().contains("_ErrorUnauthorized"));
    let wrong = client(&server, Some("wrong"));
    assert_eq!(wrong.radio_info().await.unwrap_err().kind(), "auth");
    assert_eq!(wrong.reboot().await.unwrap_err().kind(), "auth");
}

#[tokio::test]
async fn which_actions_are_open_is_a_setting() {
    let (_sim, server) = sim_with(SimConfig::new(Generation::Velop, PASSWORD).locked_down()).await;
    let anonymous = client(&server, None);
    assert_eq!(anonymous.lan_settings().await.unwrap_err().kind(), "auth");
    let admin = client(&server, Some(PASSWORD));
    assert_eq!(
        admin.lan_settings().await.unwrap().host_name,
        "Linksys39173"
    );
}

#[tokio::test]
async fn check_admin_password3_delays_then_locks_out() {
    let (sim, server) = sim(Generation::Velop).await;
    let wrong = client(&server, Some("wrong"));
    let right = client(&server, Some(PASSWORD));
    let mut messages = Vec::new();
    for _ in 0..3 {
        let e = wrong.check_admin_password().await.unwrap_err();
        assert_eq!(e.kind(), "auth");
        messages.push(e.to_string());
    }
    assert!(
        messages[0].contains("ErrorInvalidAdminPassword"),
        "{}",
        messages[0]
    );
    assert!(
        messages[0].contains("\"attemptsRemaining\":4"),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("\"delayTimeRemaining\":0"));
    // The third failure imposed a delay: even the right password waits.
    let e = right.check_admin_password().await.unwrap_err();
    assert!(e.to_string().contains("ErrorPasswordCheckDelayed"), "{e}");
    let status = right.admin_password_auth_status().await.unwrap();
    assert_eq!(status.attempts_remaining, 2);
    assert!(status.delay_time_remaining > 0 && status.delay_time_remaining <= 30);
    sim.advance_clock(Duration::from_secs(31));
    let e = wrong.check_admin_password().await.unwrap_err();
    assert!(e.to_string().contains("ErrorInvalidAdminPassword"), "{e}");
    sim.advance_clock(Duration::from_secs(61));
    let e = wrong.check_admin_password().await.unwrap_err();
    assert!(e.to_string().contains("ErrorAdminAccountLocked"), "{e}");
    let e = right.check_admin_password().await.unwrap_err();
    assert!(e.to_string().contains("ErrorAdminAccountLocked"), "{e}");
    sim.advance_clock(Duration::from_secs(301));
    right.check_admin_password().await.unwrap();
    assert_eq!(
        right
            .admin_password_auth_status()
            .await
            .unwrap()
            .attempts_remaining,
        5
    );
}

#[tokio::test]
async fn older_password_checks_answer_unauthorized_without_lockout() {
    let (_sim, server) = sim(Generation::Classic).await;
    let wrong = client(&server, Some("wrong"));
    for _ in 0..8 {
        let e = wrong.check_admin_password().await.unwrap_err();
        assert!(e.to_string().contains("_ErrorUnauthorized"), "{e}");
    }
    client(&server, Some(PASSWORD))
        .check_admin_password()
        .await
        .unwrap();
}

#[tokio::test]
async fn devices_join_and_leave_with_growing_revisions() {
    let (sim, server) = sim(Generation::Velop).await;
    let c = client(&server, Some(PASSWORD));
    let all = c.devices(None).await.unwrap();
    let offline = all
        .devices
        .iter()
        .find(|d| !d.is_online())
        .expect("an offline device");
    let mac = offline.mac_addresses()[0].to_string();
    assert!(sim.set_online(&mac, true));
    let changed = c.devices(Some(all.revision)).await.unwrap();
    assert_eq!(changed.revision, all.revision + 1);
    assert_eq!(changed.devices.len(), 1);
    assert!(changed.devices[0].is_online());
    assert!(
        c.devices(Some(changed.revision))
            .await
            .unwrap()
            .devices
            .is_empty()
    );
    // The roaming tablet leaves after a simulated minute.
    sim.advance_clock(Duration::from_secs(61));
    let later = c.devices(Some(changed.revision)).await.unwrap();
    assert_eq!(later.devices.len(), 1);
    assert!(!later.devices[0].is_online());
    assert_eq!(
        later.devices[0].friendly_name.as_deref(),
        Some("kids-tablet")
    );
    // Version 1 lists knownMACAddresses instead of knownInterfaces.
    let v1 = c.call("devicelist/GetDevices", json!({})).await.unwrap();
    assert!(v1.output["devices"][0]["knownMACAddresses"].is_array());
    assert!(v1.output["devices"][0].get("knownInterfaces").is_none());
    // A device that left can be deleted, and shows as deleted since then.
    let tablet = later.devices[0].device_id.clone();
    c.call("devicelist/DeleteDevice", json!({"deviceID": tablet}))
        .await
        .unwrap();
    let after = c.devices(Some(later.revision)).await.unwrap();
    assert_eq!(after.deleted_device_ids, vec![tablet]);
}

#[tokio::test]
async fn signals_vary_between_reads() {
    let (_sim, server) = sim(Generation::Velop).await;
    let c = client(&server, None);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..6 {
        let links = c.network_connections().await.unwrap();
        let phone = links
            .connections
            .iter()
            .find(|l| l.mac_address == "C6:01:F7:79:3B:89")
            .and_then(|l| l.wireless.clone())
            .unwrap();
        assert!(phone.signal_dbm() < 0);
        seen.insert(phone.signal_decibels);
    }
    assert!(seen.len() > 1, "signal never changed: {seen:?}");
    let wired = c.network_connections().await.unwrap();
    assert!(
        wired
            .connections
            .iter()
            .any(|l| l.mac_address == "80:1F:02:73:C5:D4" && l.wireless.is_none())
    );
}

#[tokio::test]
async fn radio_and_guest_settings_persist() {
    for generation in Generation::ALL {
        let (_sim, server) = sim(generation).await;
        let c = client(&server, Some(PASSWORD));
        let radios = c.radio_info().await.unwrap();
        let radio = &radios.radios[0];
        let mut settings = radio.settings.clone();
        settings.ssid = "new-name".into();
        settings.channel = 6;
        let r = c
            .set_radio_settings(&[(radio.radio_id.as_str(), settings.clone())])
            .await
            .unwrap();
        assert_eq!(r.side_effects, vec![SideEffect::WirelessInterruption]);
        assert_eq!(c.radio_info().await.unwrap().radios[0].settings, settings);
        // A channel the width does not allow is refused, naming the member.
        let mut bad = settings.clone();
        bad.channel = 99;
        let e = c
            .set_radio_settings(&[(radio.radio_id.as_str(), bad)])
            .await
            .unwrap_err();
        assert_eq!(e.vendor_code(), Some("_ErrorInvalidInput"));
        assert!(e.to_string().contains("radios[0].settings.channel"), "{e}");
        assert_eq!(c.radio_info().await.unwrap().radios[0].settings, settings);

        let mut guest = c.guest_radio_settings().await.unwrap();
        guest.is_guest_network_enabled = false;
        guest.radios[0].guest_ssid = "visitors".into();
        c.set_guest_radio_settings(&guest).await.unwrap();
        let read = c.guest_radio_settings().await.unwrap();
        assert!(!read.is_guest_network_enabled);
        assert_eq!(read.radios[0].guest_ssid, "visitors");
        guest.radios[0].guest_ssid = "new-name".into();
        let e = c.set_guest_radio_settings(&guest).await.unwrap_err();
        assert_eq!(e.vendor_code(), Some("ErrorGuestSSIDConflict"));

        let single = c.guest_network_settings().await.unwrap();
        assert_eq!(single.guest_ssid, "visitors");
        c.set_guest_network_settings(&GuestNetworkSettings {
            is_guest_network_enabled: true,
            guest_ssid: "lobby".into(),
            guest_password: "welcome123".into(),
            broadcast_guest_ssid: true,
            max_simultaneous_guests: 10,
        })
        .await
        .unwrap();
        let read = c.guest_radio_settings().await.unwrap();
        assert!(read.is_guest_network_enabled);
        assert!(read.radios.iter().all(|r| r.guest_ssid == "lobby"));
    }
}

fn rule(mac: &str, day: &str) -> ParentalControlRule {
    ParentalControlRule {
        is_enabled: true,
        description: "bedtime".into(),
        mac_addresses: vec![mac.into()],
        blocked_urls: vec!["example.com".into()],
        wan_schedule: WanSchedule::every_day(day),
    }
}

#[tokio::test]
async fn parental_control_rules_are_validated_and_kept() {
    let (_sim, server) = sim(Generation::Velop).await;
    let c = client(&server, Some(PASSWORD));
    let night = format!("{}{}", "1".repeat(14), "0".repeat(34));
    c.set_parental_control_settings(true, &[rule("B2:5B:97:2E:F3:B5", &night)])
        .await
        .unwrap();
    let read = c.parental_control_settings().await.unwrap();
    assert!(read.is_parental_control_enabled);
    assert_eq!(read.rules, vec![rule("B2:5B:97:2E:F3:B5", &night)]);
    // The client refuses a short schedule before sending it.
    let e = c
        .set_parental_control_settings(true, &[rule("B2:5B:97:2E:F3:B5", "0101")])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "config");
    assert!(e.to_string().contains("rules[0].wanSchedule.sunday"), "{e}");
    // The router refuses one sent raw, and overlapping rules.
    let mut raw = serde_json::to_value(rule("B2:5B:97:2E:F3:B5", &night)).unwrap();
    raw["wanSchedule"]["friday"] = json!("2".repeat(48));
    let e = c
        .call(
            "parentalcontrol/SetParentalControlSettings",
            json!({"isParentalControlEnabled": true, "rules": [raw]}),
        )
        .await
        .unwrap_err();
    assert_eq!(e.vendor_code(), Some("ErrorInvalidWANSchedule"));
    assert!(e.to_string().contains("rules[0].wanSchedule.friday"), "{e}");
    let e = c
        .set_parental_control_settings(
            true,
            &[
                rule("B2:5B:97:2E:F3:B5", &night),
                rule("b2:5b:97:2e:f3:b5", &night),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(e.vendor_code(), Some("ErrorRulesOverlap"));
    let e = c
        .set_parental_control_settings(true, &[rule("not-a-mac", &night)])
        .await
        .unwrap_err();
    assert_eq!(e.vendor_code(), Some("ErrorInvalidMACAddress"));
    assert_eq!(c.parental_control_settings().await.unwrap().rules.len(), 1);
}

#[tokio::test]
async fn time_firmware_logs_and_leds() {
    let (_sim, server) = sim_with(SimConfig {
        available_firmware: Some("2.1.21.300000".into()),
        ..SimConfig::new(Generation::Velop, PASSWORD)
    })
    .await;
    let c = client(&server, Some(PASSWORD));
    let time = c.time_settings().await.unwrap();
    assert!(time.current_time.ends_with('Z'));
    c.set_time_settings("PST8", false).await.unwrap();
    let time = c.time_settings().await.unwrap();
    assert_eq!(
        (time.time_zone_id.as_str(), time.auto_adjust_for_dst),
        ("PST8", false)
    );
    let e = c.set_time_settings("Mars/Olympus", true).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("_ErrorInvalidInput"));
    assert!(e.to_string().contains("timeZoneID"));

    let settings = FirmwareUpdateSettings {
        update_policy: "Manual".into(),
        auto_update_window: UpdateWindow {
            start_minute: 120,
            duration_minutes: 60,
        },
    };
    c.set_firmware_update_settings(&settings).await.unwrap();
    assert_eq!(c.firmware_update_settings().await.unwrap(), settings);
    assert!(
        c.firmware_update_status()
            .await
            .unwrap()
            .last_successful_check_time
            .is_none()
    );
    let check = c.update_firmware_now(true).await.unwrap();
    assert!(check.side_effects.is_empty());
    let status = c.firmware_update_status().await.unwrap();
    assert!(status.last_successful_check_time.is_some());
    assert_eq!(
        status
            .available_update
            .map(|u| u.firmware_version)
            .as_deref(),
        Some("2.1.21.300000")
    );
    let install = c.update_firmware_now(false).await.unwrap();
    assert!(install.restarts());
    assert_eq!(
        c.device_info().await.unwrap().firmware_version,
        "2.1.21.300000"
    );

    assert!(c.log_settings().await.unwrap().is_logging_enabled);
    let security = c.log_entries(LogKind::Security, 1, 10).await.unwrap();
    assert_eq!(security.entries.len(), 1, "the install rebooted once");
    let outgoing = c.log_entries(LogKind::Outgoing, 1, 100).await.unwrap();
    assert!(outgoing.entries.len() >= 3, "{outgoing:?}");
    let page = c.log_entries(LogKind::Outgoing, 2, 1).await.unwrap();
    assert_eq!(page.entries, outgoing.entries[1..2]);
    assert!(
        !c.log_entries(LogKind::Incoming, 1, 5)
            .await
            .unwrap()
            .entries
            .is_empty()
    );
    let e = c.log_entries(LogKind::Dhcp, 0, 10).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("ErrorInvalidFirstEntryIndex"));
    c.set_log_settings(false).await.unwrap();
    assert!(!c.log_settings().await.unwrap().is_logging_enabled);

    assert!(
        c.router_led_settings()
            .await
            .unwrap()
            .is_switchport_led_enabled
    );
    c.set_router_led_settings(false).await.unwrap();
    assert!(
        !c.router_led_settings()
            .await
            .unwrap()
            .is_switchport_led_enabled
    );
}

#[tokio::test]
async fn admin_password_and_device_properties_change() {
    let (_sim, server) = sim(Generation::Velop).await;
    let c = client(&server, Some(PASSWORD));
    c.set_admin_password(&Secret::new("n3w-pass"), "the usual")
        .await
        .unwrap();
    // The client now sends the new password; the old one is refused.
    c.check_admin_password().await.unwrap();
    assert_eq!(c.admin_password_hint().await.unwrap(), "the usual");
    let old = client(&server, Some(PASSWORD));
    assert_eq!(old.radio_info().await.unwrap_err().kind(), "auth");
    let e = c
        .set_admin_password(&Secret::new("ab"), "")
        .await
        .unwrap_err();
    assert_eq!(e.vendor_code(), Some("_ErrorInvalidInput"));

    let devices = c.devices(None).await.unwrap();
    let phone = devices
        .devices
        .iter()
        .find(|d| d.friendly_name.as_deref() == Some("Pixel-4"))
        .unwrap();
    c.set_device_properties(
        &phone.device_id,
        &[Property {
            name: "userDeviceName".into(),
            value: "Kim's phone".into(),
        }],
        &["userDeviceOS"],
    )
    .await
    .unwrap();
    let changed = c.devices(Some(devices.revision)).await.unwrap();
    assert_eq!(changed.devices.len(), 1);
    assert_eq!(changed.devices[0].display_name(), Some("Kim's phone"));
    assert_eq!(changed.devices[0].property("userDeviceOS"), None);
    let e = c
        .set_device_properties("no-such-device", &[], &[])
        .await
        .unwrap_err();
    assert_eq!(e.vendor_code(), Some("ErrorUnknownDevice"));
}

#[tokio::test]
async fn reboot_reports_device_restart() {
    let (sim, server) = sim(Generation::Classic).await;
    let c = client(&server, Some(PASSWORD));
    let r = c.reboot().await.unwrap();
    assert!(r.restarts());
    assert_eq!(sim.reboots(), 1);
}

#[tokio::test]
async fn transactions_answer_in_order_and_name_the_failing_entry() {
    let (sim, server) = sim(Generation::Velop).await;
    let c = client(&server, Some(PASSWORD));
    let calls = vec![
        Call::new("core/GetDeviceInfo", json!({})).unwrap(),
        Call::new("router/GetLANSettings", json!({})).unwrap(),
        Call::new("devicelist/GetDevices3", json!({"sinceRevision": 0})).unwrap(),
    ];
    let replies = c.transaction(&calls).await.unwrap();
    assert_eq!(replies.len(), 3);
    assert_eq!(replies[0].output["modelNumber"], "WHW03");
    assert_eq!(replies[1].output["hostName"], "Linksys39173");
    assert!(replies[2].output["revision"].as_u64().unwrap() > 0);

    let failing = vec![
        Call::new(
            "locale/SetTimeSettings",
            json!({"timeZoneID": "PST8", "autoAdjustForDST": false}),
        )
        .unwrap(),
        Call::new(
            "locale/SetTimeSettings",
            json!({"timeZoneID": "GMT0", "badKey": 1}),
        )
        .unwrap(),
        Call::new("core/Reboot", json!({})).unwrap(),
    ];
    let e = c.transaction(&failing).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("_ErrorInvalidInput"));
    let text = e.to_string();
    assert!(
        text.contains("core/Transaction[1] locale/SetTimeSettings"),
        "{text}"
    );
    assert!(
        text.contains("Encountered unexpected member \"badKey\""),
        "{text}"
    );
    // The entry before the failure ran, the one after did not.
    assert_eq!(c.time_settings().await.unwrap().time_zone_id, "PST8");
    assert_eq!(sim.reboots(), 0);

    let anonymous = client(&server, None);
    let e = anonymous
        .transaction(&[
            Call::new("core/GetDeviceInfo", json!({})).unwrap(),
            Call::new("wirelessap/GetRadioInfo3", json!({})).unwrap(),
        ])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "auth");
    assert!(e.to_string().contains("core/Transaction[1]"), "{e}");
}

#[tokio::test]
async fn malformed_requests_get_jnap_errors_naming_the_problem() {
    let (sim, server) = sim(Generation::Velop).await;
    let auth = basic(PASSWORD);
    let before = sim.inspect(|s| s.time_zone.clone());
    for (action, body, code, needle) in [
        (
            "locale/SetTimeSettings",
            "not json",
            "_ErrorInvalidInput",
            "not JSON",
        ),
        (
            "locale/SetTimeSettings",
            "[1,2]",
            "_ErrorInvalidInput",
            "must be an object",
        ),
        (
            "locale/SetTimeSettings",
            r#"{"timeZoneID":"PST8"}"#,
            "_ErrorInvalidInput",
            "\"autoAdjustForDST\"",
        ),
        (
            "locale/SetTimeSettings",
            r#"{"timeZoneID":7,"autoAdjustForDST":true}"#,
            "_ErrorInvalidInput",
            "\"timeZoneID\" must be a string",
        ),
        (
            "locale/SetTimeSettings",
            r#"{"timeZoneID":"PST8","autoAdjustForDST":true,"x":1}"#,
            "_ErrorInvalidInput",
            "unexpected member \"x\"",
        ),
        (
            "core/GetDeviceInfo",
            r#"{"extra":true}"#,
            "_ErrorInvalidInput",
            "\"extra\"",
        ),
        (
            "core/Transaction",
            r#"{"action":"x"}"#,
            "_ErrorInvalidInput",
            "array",
        ),
        (
            "core/Transaction",
            r#"[{"action":"core/GetDeviceInfo","oops":1}]"#,
            "_ErrorInvalidInput",
            "[0].oops",
        ),
        (
            "no-such-thing",
            "{}",
            "_ErrorUnknownAction",
            "no-such-thing",
        ),
    ] {
        let reply = raw_http(&server, &post(action, Some(&auth), body)).await;
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        let json = body_json(&reply);
        assert_eq!(json["result"], code, "{action} {body}: {json}");
        assert!(
            json["error"].as_str().unwrap_or("").contains(needle),
            "{action} {body}: {json}"
        );
    }
    assert_eq!(sim.inspect(|s| s.time_zone.clone()), before);
    let many = format!(
        "[{}]",
        vec![r#"{"action":"core/GetDeviceInfo"}"#; 65].join(",")
    );
    let reply = raw_http(&server, &post("core/Transaction", Some(&auth), &many)).await;
    let json = body_json(&reply);
    assert_eq!(json["result"], "_ErrorInvalidInput");
    assert!(
        json["error"].as_str().unwrap_or("").contains("at most 64"),
        "{json}"
    );
    let reply = raw_http(
        &server,
        "GET /JNAP/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(reply.starts_with("HTTP/1.1 405"), "{reply}");
    let reply = raw_http(
        &server,
        "POST /other HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
    )
    .await;
    assert!(reply.starts_with("HTTP/1.1 404"), "{reply}");
    let huge = format!(
        "POST /JNAP/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-JNAP-Action: core/GetDeviceInfo\r\nContent-Length: {}\r\n\r\n",
        2 * 1024 * 1024
    );
    let reply = raw_http(&server, &huge).await;
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    // A missing action header is an unknown action.
    let reply = raw_http(
        &server,
        "POST /JNAP/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
    )
    .await;
    assert_eq!(body_json(&reply)["result"], "_ErrorUnknownAction");
}

#[tokio::test]
async fn a_reply_that_is_not_jnap_is_a_protocol_error() {
    // An HTTP server that answers HTML: the client says what it got.
    let app = axum::Router::new().fallback(|| async { "<html>login</html>" });
    let listener = routerctl_kit::sim::HttpListener::bind(
        "127.0.0.1:0".parse().unwrap(),
        app,
        None,
        routerctl_kit::sim::Limits::default(),
    )
    .await
    .unwrap();
    let mut config = routerctl_linksys::ClientConfig::new(&listener.base_url());
    config.timeout = Duration::from_secs(5);
    let c = routerctl_linksys::JnapClient::new(config).unwrap();
    let e = c.device_info().await.unwrap_err();
    assert_eq!(e.kind(), "protocol");
    assert!(e.to_string().contains("<html>"), "{e}");
}
