//! The client against the simulator: both authentication methods, token
//! expiry, renewal and revocation, permissions, pending configuration,
//! SMS, reboot.

mod common;

use std::time::Duration;

use common::{admin, client, lab, lab_with, sim_config, viewer};
use routerctl_core::{Credentials, Secret};
use routerctl_kit::http::Method;
use routerctl_peplink::client::Args;
use routerctl_peplink::credential::{Auth, Held};
use serde_json::json;

#[tokio::test]
async fn cookie_login_reads_and_logs_out() {
    let (sim, listener) = lab().await;
    let c = admin(&listener);
    let wans = c.wan_status().await.unwrap();
    assert_eq!(
        wans.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![1, 2, 3, 4],
        "keyed collections come back in order"
    );
    assert!(matches!(c.held(), Some(Held::Cookie { ref name, .. }) if name == "bauth"));
    assert_eq!(sim.inspect(|s| s.auth.session_count()), 1);
    c.logout().await.unwrap();
    assert_eq!(sim.inspect(|s| s.auth.session_count()), 0);
    assert_eq!(sim.stats().logins, 1);
}

#[tokio::test]
async fn wrong_password_is_an_auth_error_without_the_password() {
    let (_sim, listener) = lab().await;
    let c = client(
        &listener,
        Auth::Login(Credentials::new("admin", "not-the-password")),
    );
    let e = c.wan_status().await.unwrap_err();
    assert_eq!(e.kind(), "auth");
    let text = format!("{e} {e:?}");
    assert!(text.contains("Invalid username or password"), "{text}");
    assert!(!text.contains("not-the-password"), "{text}");
}

#[tokio::test]
async fn info_firmware_is_open_before_login() {
    let (_sim, listener) = lab().await;
    let anon = client(&listener, Auth::None);
    let images = anon.firmware().await.unwrap();
    assert_eq!(images.len(), 1, "only the image in use before login");
    assert_eq!(images[0].1.in_use, Some(true));
    assert_eq!(anon.wan_status().await.unwrap_err().kind(), "auth");
    let all = admin(&listener).firmware().await.unwrap();
    assert_eq!(all.len(), 2);
}

/// An API client created by the admin, and a token client for it.
async fn api_client(
    listener: &routerctl_kit::sim::HttpListener,
    scope: &str,
) -> (routerctl_peplink::PeplinkClient, String) {
    let a = admin(listener);
    let created = a.add_api_client("monitor", scope).await.unwrap();
    assert_eq!(created.scope, scope);
    let listed = a.api_clients().await.unwrap();
    assert!(listed.iter().any(|c| c.client_id == created.client_id));
    let c = client(
        listener,
        Auth::Client {
            client_id: created.client_id.clone(),
            client_secret: created.client_secret.clone(),
            scope: None,
        },
    );
    (c, created.client_id)
}

#[tokio::test]
async fn token_grant_and_use() {
    let (sim, listener) = lab().await;
    let (c, id) = api_client(&listener, "api").await;
    let wans = c.wan_status().await.unwrap();
    assert_eq!(wans.len(), 4);
    let Some(Held::Token { token, .. }) = c.held() else {
        panic!("no token held");
    };
    assert_eq!(token.expose().len(), 32);
    let tokens = admin(&listener).client_tokens(Some(&id)).await.unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].access_token, token);
    assert_eq!(sim.stats().grants, 1);

    // The grant reply as documented: expiresIn is the number 172800.
    let a = admin(&listener);
    let created = a.add_api_client("raw", "api.read-only").await.unwrap();
    let grant = a
        .call(
            Method::POST,
            "auth.token.grant",
            Args::Json(json!({"clientId": created.client_id,
                "clientSecret": created.client_secret.expose()})),
        )
        .await
        .unwrap();
    assert_eq!(grant.response["expiresIn"], json!(172_800));
    assert_eq!(grant.response["authorizationType"], json!(3));
    assert_eq!(grant.response["scope"], json!("api.read-only"));
}

#[tokio::test]
async fn expired_token_is_replaced_once_and_the_call_retried() {
    let (sim, listener) = lab().await;
    let (c, _) = api_client(&listener, "api").await;
    c.wan_status().await.unwrap();
    // The device's clock passes the token's 48 hours; the client's does not,
    // so only the device's 401 can tell the client.
    sim.advance_clock(Duration::from_secs(172_801));
    c.wan_status().await.unwrap();
    let stats = sim.stats();
    assert_eq!((stats.grants, stats.unauthorized), (2, 1));
}

#[tokio::test]
async fn tokens_are_renewed_before_they_expire() {
    let mut config = sim_config();
    config.token_lifetime = Duration::from_secs(1);
    let (sim, listener) = lab_with(config, false).await;
    let (c, _) = api_client(&listener, "api").await;
    c.wan_status().await.unwrap();
    let first = c.held().unwrap();
    // Past half of the 1 s lifetime the client renews before calling.
    tokio::time::sleep(Duration::from_millis(600)).await;
    c.wan_status().await.unwrap();
    assert_ne!(c.held().unwrap().secret(), first.secret());
    let stats = sim.stats();
    assert_eq!(stats.grants, 2);
    assert_eq!(
        stats.unauthorized, 0,
        "the device never saw an expired token"
    );
}

#[tokio::test]
async fn revoked_tokens_stop_working() {
    let (sim, listener) = lab().await;
    let (c, _) = api_client(&listener, "api").await;
    c.wan_status().await.unwrap();
    let Some(Held::Token { token, .. }) = c.held() else {
        panic!("no token");
    };
    admin(&listener).revoke_token(&token).await.unwrap();
    // A client with the id and secret gets a new token and goes on.
    c.wan_status().await.unwrap();
    assert_eq!(sim.stats().grants, 2);

    // A bare token cannot renew: revoked means refused.
    let Some(Held::Token { token, .. }) = c.held() else {
        panic!("no token");
    };
    let fixed = client(&listener, Auth::Token(token.clone()));
    fixed.wan_status().await.unwrap();
    // A token may revoke itself.
    fixed.revoke_token(&token).await.unwrap();
    let e = fixed.wan_status().await.unwrap_err();
    assert_eq!(e.kind(), "auth");
    assert!(!e.to_string().contains(token.expose()), "{e}");
    let e = admin(&listener)
        .revoke_token(&Secret::new("00000000000000000000000000000000"))
        .await
        .unwrap_err();
    assert_eq!(e.vendor_code(), Some("400"));
}

#[tokio::test]
async fn read_only_users_and_tokens_cannot_change_anything() {
    let (sim, listener) = lab().await;
    let v = viewer(&listener);
    let login = v
        .call(
            Method::POST,
            "login",
            Args::Json(json!({"username": "viewer", "password": "viewpass1"})),
        )
        .await
        .unwrap();
    assert_eq!(login.response, json!({"permission": {"GET": 1, "POST": 0}}));
    assert_eq!(v.wan_status().await.unwrap().len(), 4);
    let e = v.apply_config().await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("403"), "{e}");
    let e = v
        .update_ssid_profile(1, json!({"enable": false}))
        .await
        .unwrap_err();
    assert_eq!(e.vendor_code(), Some("403"));
    assert_eq!(
        admin(&listener)
            .call(
                Method::POST,
                "status.cellularModule.temperature",
                Args::None
            )
            .await
            .map(|_| ())
            .ok(),
        Some(())
    );
    let e = v.api_clients().await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("403"));

    let (ro, _) = api_client(&listener, "api.read-only").await;
    assert!(ro.ssid_profiles().await.is_ok());
    let e = ro
        .update_ssid_profile(1, json!({"enable": false}))
        .await
        .unwrap_err();
    assert_eq!(e.vendor_code(), Some("403"));
    let e = ro.reboot().await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("403"));
    // Even a read-write token cannot manage clients: admin login only.
    let (rw, _) = api_client(&listener, "api").await;
    let e = rw.add_api_client("x", "api").await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("403"));
    assert!(sim.inspect(|s| s.device.pending.is_none()));
}

#[tokio::test]
async fn pending_config_is_applied_or_discarded() {
    let (sim, listener) = lab().await;
    let c = admin(&listener);
    c.update_ssid_profile(
        1,
        json!({"enable": false, "security": {"wpa2Personal": {"key": "new-passphrase"}}}),
    )
    .await
    .unwrap();
    let shown = c.ssid_profiles().await.unwrap();
    assert_eq!(
        shown[0].1.enable,
        Some(false),
        "GET shows the pending change"
    );
    assert_eq!(
        sim.inspect(|s| s.device.active.ssid[0].1["enable"].clone()),
        json!(true),
        "not yet committed"
    );
    c.discard_config().await.unwrap();
    assert_eq!(c.ssid_profiles().await.unwrap()[0].1.enable, Some(true));

    c.change_and_apply(|| c.update_ssid_profile(1, json!({"enable": false})))
        .await
        .unwrap();
    assert_eq!(
        sim.inspect(|s| (
            s.device.active.ssid[0].1["enable"].clone(),
            s.device.pending.is_none()
        )),
        (json!(false), true)
    );

    // A failing change leaves nothing pending behind.
    let e = c
        .change_and_apply(|| c.update_ssid_profile(1, json!({"broadcast": "sometimes"})))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("broadcast"), "{e}");
    assert!(sim.inspect(|s| s.device.pending.is_none()));

    // Disabling a WAN shows in status only after apply.
    c.post("config.wan.connection", json!({"id": 2, "enable": false}))
        .await
        .unwrap();
    let wan2 = |c: Vec<(u64, routerctl_peplink::types::WanConnection)>| {
        c.into_iter().find(|(id, _)| *id == 2).unwrap().1
    };
    assert_eq!(
        wan2(c.wan_status().await.unwrap()).message.as_deref(),
        Some("Connected")
    );
    c.apply_config().await.unwrap();
    let w = wan2(c.wan_status().await.unwrap());
    assert_eq!(
        (w.message.as_deref(), w.ip, w.priority),
        (Some("Disabled"), None, None)
    );

    // Priorities: instantActive changes the running configuration at once.
    let r = c
        .post(
            "config.wan.connection.priority",
            json!({"instantActive": true, "list": [{"connId": 1, "priority": 2}, {"connId": 3, "priority": 1}]}),
        )
        .await
        .unwrap();
    assert_eq!(r["3"]["priority"], json!(1));
    assert_eq!(
        sim.inspect(|s| s.device.active.wan[0].1["priority"].clone()),
        json!(2)
    );
}

#[tokio::test]
async fn sms_round_trip() {
    let (sim, listener) = lab().await;
    let c = admin(&listener);
    let before = c.sms_inbox(3).await.unwrap();
    assert_eq!(before.len(), 2);
    let own = sim.inspect(|s| s.device.own_number.clone());
    c.send_sms(3, &own, "loop test ✓").await.unwrap();
    c.send_sms(3, "+15550199999", "to someone else")
        .await
        .unwrap();
    let after = c.sms_inbox(3).await.unwrap();
    assert_eq!(after.len(), 3);
    let mine = after.iter().find(|m| m.message == "loop test ✓").unwrap();
    assert_eq!(mine.sender, own);
    assert_eq!(sim.inspect(|s| s.device.outbox.len()), 2);
    c.delete_sms(3, &[mine.id]).await.unwrap();
    assert_eq!(c.sms_inbox(3).await.unwrap().len(), 2);
    let e = c.delete_sms(3, &[mine.id]).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("400"));
    let e = c.send_sms(1, &own, "x").await.unwrap_err();
    assert!(e.to_string().contains("invalid connId"), "{e}");
    let e = c
        .post("cmd.sms.sendMessage", json!({"connId": 3, "address": own}))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("Missing parameter: content"), "{e}");
}

#[tokio::test]
async fn cellular_signal_moves_and_shows_in_wan_status() {
    let (sim, listener) = lab().await;
    let c = admin(&listener);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..12 {
        let wans = c.wan_status().await.unwrap();
        let cell = wans.iter().find(|(id, _)| *id == 3).unwrap();
        assert_eq!(cell.1.kind.as_deref(), Some("cellular"));
        seen.insert(cell.1.signal_dbm().unwrap());
        sim.advance_clock(Duration::from_secs(5));
    }
    assert!(seen.len() > 2, "{seen:?}");
}

#[tokio::test]
async fn reboot_makes_the_device_go_away_briefly() {
    let (sim, listener) = lab().await;
    let c = admin(&listener);
    c.wan_status().await.unwrap();
    c.reboot().await.unwrap();
    let e = c.wan_status().await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("HTTP 503"), "{e}");
    sim.advance_clock(Duration::from_secs(10));
    // The session died with the reboot; the client logs in again.
    c.wan_status().await.unwrap();
    assert_eq!(sim.stats().logins, 2);
    let uptime = c.wan_status().await.unwrap()[0].1.uptime.unwrap();
    assert!(uptime < 10, "uptime restarted: {uptime}");
}

#[tokio::test]
async fn notices_are_surfaced() {
    let (_sim, listener) = lab().await;
    let c = admin(&listener);
    let r = c
        .call(Method::GET, "status.extap.mesh", Args::None)
        .await
        .unwrap();
    assert_eq!(r.notice, Some(json!({"status": "beta"})));
    assert_eq!(
        c.notices().get("status.extap.mesh"),
        Some(&json!({"status": "beta"}))
    );
    assert_eq!(r.to_envelope()["notice"], json!({"status": "beta"}));
}

#[tokio::test]
async fn concurrent_calls_share_one_login_and_one_relogin() {
    let (sim, listener) = lab().await;
    let c = std::sync::Arc::new(admin(&listener));
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.wan_status().await.map(|w| w.len()) })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), 4);
    }
    assert_eq!(sim.stats().logins, 1);
    // The session expires on the device; concurrent refusals cause one new login.
    sim.advance_clock(Duration::from_secs(3600));
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.lan_profiles().await.map(|l| l.len()) })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), 2);
    }
    assert_eq!(sim.stats().logins, 2);
}
