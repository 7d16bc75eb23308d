//! Every endpoint of the firmware 8.5.2 list, reached with the client's
//! raw call, and malformed requests sent byte for byte.

mod common;

use std::time::Duration;

use common::{admin, lab, raw_http};
use routerctl_kit::http::Method;
use routerctl_peplink::client::Args;
use routerctl_peplink::sim::dispatch::ENDPOINTS;
use serde_json::{Value, json};

/// The 8.5.2 list (method, endpoint), as the reference transcribes it.
const LIST_852: &[(&str, &str)] = &[
    ("POST", "login"),
    ("POST", "logout"),
    ("GET", "auth.client"),
    ("POST", "auth.client"),
    ("GET", "auth.client.token"),
    ("POST", "auth.token.grant"),
    ("POST", "auth.token.revoke"),
    ("POST", "cmd.billing.newCycle"),
    ("GET", "cmd.carrier.scan"),
    ("POST", "cmd.carrier.scan"),
    ("POST", "cmd.carrier.select"),
    ("POST", "cmd.channelPci.lock"),
    ("POST", "cmd.channelPci.scan"),
    ("POST", "cmd.config.apply"),
    ("POST", "cmd.config.discard"),
    ("POST", "cmd.mesh.discover"),
    ("GET", "cmd.mesh.discover.result"),
    ("POST", "cmd.mesh.request"),
    ("POST", "cmd.port.poe.disable"),
    ("POST", "cmd.port.poe.enable"),
    ("POST", "cmd.sim.ussd.send"),
    ("POST", "cmd.sms.delete"),
    ("GET", "cmd.sms.get"),
    ("POST", "cmd.sms.sendMessage"),
    ("POST", "cmd.starlink"),
    ("GET", "cmd.ap"),
    ("POST", "cmd.ap"),
    ("POST", "cmd.cellularModule.rescanNetwork"),
    ("POST", "cmd.cellularModule.reset"),
    ("POST", "cmd.system.reboot"),
    ("POST", "cmd.wan.cellular"),
    ("POST", "cmd.wifi.connect"),
    ("POST", "cmd.wifi.disconnect"),
    ("POST", "cmd.wifi.forget"),
    ("GET", "cmd.wifi.result"),
    ("GET", "cmd.wifi.scan"),
    ("POST", "config.gpio"),
    ("GET", "config.mesh"),
    ("POST", "config.mesh"),
    ("GET", "config.port"),
    ("POST", "config.port"),
    ("GET", "config.speedfusionConnectProtect"),
    ("POST", "config.speedfusionConnectProtect"),
    ("GET", "config.ssid.profile"),
    ("POST", "config.ssid.profile"),
    ("GET", "config.wan.connection"),
    ("POST", "config.wan.connection"),
    ("POST", "config.wan.connection.priority"),
    ("GET", "info.firmware"),
    ("GET", "info.location"),
    ("POST", "status.cellularModule.temperature"),
    ("GET", "status.client"),
    ("GET", "status.extap.mesh"),
    ("GET", "status.extap.mesh.link"),
    ("GET", "status.lan.profile"),
    ("GET", "status.port"),
    ("GET", "status.pepvpn"),
    ("GET", "status.wan.connection"),
    ("GET", "status.wan.connection.allowance"),
];

#[test]
fn the_simulator_serves_exactly_the_852_list() {
    assert_eq!(LIST_852.len(), 59);
    let served: Vec<(&str, &str)> = ENDPOINTS
        .iter()
        .map(|e| {
            let m = match e.method {
                routerctl_peplink::sim::call::ApiMethod::Get => "GET",
                routerctl_peplink::sim::call::ApiMethod::Post => "POST",
            };
            (m, e.name)
        })
        .collect();
    assert_eq!(served, LIST_852);
}

#[tokio::test]
async fn every_endpoint_is_reachable_with_a_raw_call() {
    let (sim, listener) = lab().await;
    let c = admin(&listener);
    let own = sim.inspect(|s| s.device.own_number.clone());
    let created = c
        .post(
            "auth.client",
            json!({"action": "add", "name": "probe", "scope": "api"}),
        )
        .await
        .unwrap();
    let id = created["clientId"].as_str().unwrap().to_string();
    let secret = created["clientSecret"].as_str().unwrap().to_string();
    let grant = c
        .post(
            "auth.token.grant",
            json!({"clientId": id, "clientSecret": secret}),
        )
        .await
        .unwrap();
    let token = grant["accessToken"].as_str().unwrap().to_string();
    let peer = sim.inspect(|s| s.device.mesh_peers[0].mac.clone());

    // (method, endpoint, args, expected failure code or None for success)
    let calls: Vec<(&str, &str, Value, Option<&str>)> = vec![
        (
            "POST",
            "login",
            json!({"username": "admin", "password": "secret"}),
            None,
        ),
        ("GET", "auth.client", json!({}), None),
        ("GET", "auth.client.token", json!({"clientId": id}), None),
        (
            "POST",
            "auth.token.revoke",
            json!({"accessToken": token}),
            None,
        ),
        ("POST", "cmd.billing.newCycle", json!({"connId": 3}), None),
        ("POST", "cmd.carrier.scan", json!({"connId": 3}), None),
        ("GET", "cmd.carrier.scan", json!({"connId": 3}), None),
        (
            "POST",
            "cmd.carrier.select",
            json!({"connId": 3, "mcc": "262", "mnc": "02"}),
            None,
        ),
        ("POST", "cmd.channelPci.scan", json!({"connId": 3}), None),
        (
            "POST",
            "cmd.channelPci.lock",
            json!({"connId": 3, "channel": 1300, "pci": 214}),
            None,
        ),
        ("POST", "cmd.mesh.discover", json!({}), None),
        ("GET", "cmd.mesh.discover.result", json!({}), None),
        ("POST", "cmd.port.poe.disable", json!({"id": [12]}), None),
        ("POST", "cmd.port.poe.enable", json!({"id": [11, 12]}), None),
        (
            "POST",
            "cmd.sim.ussd.send",
            json!({"connId": 3, "code": "*100#"}),
            None,
        ),
        (
            "POST",
            "cmd.sms.sendMessage",
            json!({"connId": 3, "address": own, "content": "hi"}),
            None,
        ),
        ("GET", "cmd.sms.get", json!({"connId": 3}), None),
        (
            "POST",
            "cmd.sms.delete",
            json!({"connId": 3, "id": [1]}),
            None,
        ),
        (
            "POST",
            "cmd.starlink",
            json!({"action": "stow"}),
            Some("503"),
        ),
        ("GET", "cmd.ap", json!({}), None),
        ("POST", "cmd.ap", json!({"enable": true}), None),
        (
            "POST",
            "cmd.cellularModule.rescanNetwork",
            json!({"connId": 3}),
            None,
        ),
        (
            "POST",
            "cmd.cellularModule.reset",
            json!({"connId": 3}),
            None,
        ),
        (
            "POST",
            "cmd.wan.cellular",
            json!({"connId": 3, "simId": 2}),
            None,
        ),
        ("GET", "cmd.wifi.scan", json!({}), None),
        (
            "POST",
            "cmd.wifi.connect",
            json!({"ssid": "Marina WiFi", "key": "harbour-key"}),
            None,
        ),
        ("GET", "cmd.wifi.result", json!({}), None),
        ("POST", "cmd.wifi.disconnect", json!({}), None),
        (
            "POST",
            "cmd.wifi.forget",
            json!({"ssid": "Marina WiFi"}),
            None,
        ),
        ("POST", "config.gpio", json!({"id": 2, "state": 1}), None),
        ("GET", "config.mesh", json!({}), None),
        (
            "POST",
            "config.mesh",
            json!({"enable": true, "meshId": "yard"}),
            None,
        ),
        ("GET", "config.port", json!({"id": [11, 12]}), None),
        (
            "POST",
            "config.port",
            json!({"id": 13, "enable": false}),
            None,
        ),
        ("GET", "config.speedfusionConnectProtect", json!({}), None),
        (
            "POST",
            "config.speedfusionConnectProtect",
            json!({"enable": true}),
            None,
        ),
        ("GET", "config.ssid.profile", json!({"id": 1}), None),
        (
            "POST",
            "config.ssid.profile",
            json!({"action": "add", "name": "IoT",
            "security": {"policy": "WPA2 Personal", "wpa2Personal": {"key": "iot-passphrase"}}}),
            None,
        ),
        ("GET", "config.wan.connection", json!({}), None),
        (
            "POST",
            "config.wan.connection",
            json!({"id": 2, "mtu": 1492}),
            None,
        ),
        (
            "POST",
            "config.wan.connection.priority",
            json!({"list": [{"connId": 2, "priority": 1}]}),
            None,
        ),
        ("POST", "cmd.config.discard", json!({}), None),
        ("POST", "config.mesh", json!({"enable": true}), None),
        ("POST", "cmd.config.apply", json!({}), None),
        ("GET", "info.firmware", json!({}), None),
        ("GET", "info.location", json!({}), None),
        (
            "POST",
            "status.cellularModule.temperature",
            json!({"connId": 3}),
            None,
        ),
        (
            "GET",
            "status.client",
            json!({"activeOnly": "yes", "connectionType": ["wireless"]}),
            None,
        ),
        ("GET", "status.extap.mesh", json!({}), None),
        ("GET", "status.extap.mesh.link", json!({}), None),
        ("GET", "status.lan.profile", json!({}), None),
        ("GET", "status.port", json!({}), None),
        ("GET", "status.pepvpn", json!({}), None),
        (
            "GET",
            "status.wan.connection",
            json!({"id": "1,3", "lite": "yes"}),
            None,
        ),
        ("GET", "status.wan.connection.allowance", json!({}), None),
        (
            "POST",
            "auth.client",
            json!({"action": "remove", "clientId": id}),
            None,
        ),
        ("POST", "logout", json!({}), None),
        ("POST", "cmd.system.reboot", json!({}), None),
    ];
    let mut reached = std::collections::BTreeSet::new();
    for (method, endpoint, args, expected) in &calls {
        if *endpoint == "cmd.mesh.request" {
            continue;
        }
        if *endpoint == "cmd.mesh.discover.result" {
            // Discovery takes a moment on the device.
            sim.advance_clock(Duration::from_secs(3));
        }
        let m = if *method == "GET" {
            Method::GET
        } else {
            Method::POST
        };
        let result = c.call(m, endpoint, Args::Json(args.clone())).await;
        match (expected, result) {
            (None, Ok(_)) => {}
            (Some(code), Err(e)) => assert_eq!(e.vendor_code(), Some(*code), "{endpoint}: {e}"),
            (None, Err(e)) => panic!("{method} {endpoint}: {e}"),
            (Some(_), Ok(r)) => panic!("{method} {endpoint} should fail: {r:?}"),
        }
        reached.insert((*method, *endpoint));
        if *endpoint == "cmd.mesh.discover.result" {
            let r = c
                .call(
                    Method::POST,
                    "cmd.mesh.request",
                    Args::Json(json!({"mac": peer})),
                )
                .await
                .unwrap();
            assert_eq!(r.notice, Some(json!({"status": "beta"})));
            reached.insert(("POST", "cmd.mesh.request"));
        }
        if *endpoint == "auth.token.revoke" {
            reached.insert(("POST", "auth.token.grant"));
        }
    }
    let missing: Vec<_> = LIST_852.iter().filter(|e| !reached.contains(*e)).collect();
    assert!(missing.is_empty(), "not reached: {missing:?}");
    // The changes took: mesh joined, PoE on, the SSID added and applied.
    sim.advance_clock(Duration::from_secs(10));
    let (joined, poe, ssids, mesh) = sim.inspect(|s| {
        (
            s.device.mesh_peers[0].joined,
            s.device.ports.iter().filter(|p| p.poe_enable).count(),
            s.device.active.ssid.len(),
            s.device.active.mesh["enable"].clone(),
        )
    });
    assert_eq!(
        (joined, poe, ssids, mesh),
        (true, 2, 3, json!(true)),
        "discarded before apply: IoT SSID"
    );
}

#[tokio::test]
async fn unknown_endpoints_and_wrong_methods() {
    let (_sim, listener) = lab().await;
    let c = admin(&listener);
    let e = c.get("status.nonsense", &[]).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("404"));
    assert!(e.to_string().contains("unknown function"), "{e}");
    let e = c.get("cmd.config.apply", &[]).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("405"));
    // Anonymous callers learn nothing about unknown endpoints.
    let (status, _, body) = raw_http(&listener, "GET", "/api/status.nonsense", &[], b"").await;
    assert!(status.contains("200"), "{status}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"stat": "fail", "code": 401, "message": "Unauthorized"})
    );
    let (status, _, _) = raw_http(&listener, "GET", "/cgi-bin/x", &[], b"").await;
    assert!(status.contains("404"), "{status}");
}

async fn login_cookie(listener: &routerctl_kit::sim::HttpListener) -> String {
    let (_, headers, body) = raw_http(
        listener,
        "POST",
        "/api/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"username=admin&password=secret",
    )
    .await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["stat"],
        json!("ok"),
        "form-encoded login works"
    );
    let cookie = headers
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .unwrap();
    cookie.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn malformed_requests_fail_naming_the_field_and_change_nothing() {
    let (sim, listener) = lab().await;
    let cookie = login_cookie(&listener).await;
    let before = sim.inspect(|s| (s.device.active.clone(), s.device.pending.clone()));
    let cases: Vec<(&str, &str, &[u8], &str)> = vec![
        (
            "config.ssid.profile",
            "application/json",
            b"{\"id\": 1, \"enable\": ",
            "Invalid JSON body",
        ),
        (
            "config.ssid.profile",
            "application/json",
            b"[1, 2]",
            "expected a JSON object",
        ),
        (
            "config.ssid.profile",
            "application/json",
            br#"{"id": 1, "enable": "sometimes"}"#,
            "enable",
        ),
        (
            "config.ssid.profile",
            "application/json",
            br#"{"id": 1, "security": {"policy": 7}}"#,
            "security.policy",
        ),
        (
            "config.ssid.profile",
            "application/json",
            br#"{"id": 1, "security": {"policy": "WEP"}}"#,
            "security.policy",
        ),
        (
            "config.ssid.profile",
            "application/json",
            br#"{"id": 99, "enable": true}"#,
            "id",
        ),
        (
            "config.ssid.profile",
            "application/json",
            br#"{"enable": true}"#,
            "Missing parameter: id",
        ),
        (
            "config.wan.connection",
            "application/json",
            br#"{"id": 1, "mtu": 100000}"#,
            "mtu",
        ),
        (
            "config.wan.connection",
            "application/json",
            br#"{"id": 1, "ip": "300.1.1.1"}"#,
            "ip",
        ),
        (
            "config.wan.connection",
            "application/json",
            br#"{"id": "one"}"#,
            "id",
        ),
        (
            "config.wan.connection.priority",
            "application/json",
            br#"{"list": [{"connId": 1, "priority": 9}]}"#,
            "list[0].priority",
        ),
        (
            "config.wan.connection.priority",
            "application/json",
            br#"{"list": 5}"#,
            "list",
        ),
        (
            "cmd.sms.sendMessage",
            "application/json",
            br#"{"connId": 3, "address": "call me", "content": "x"}"#,
            "address",
        ),
        (
            "cmd.port.poe.enable",
            "application/json",
            br#"{"id": [1]}"#,
            "PoE",
        ),
        (
            "auth.client",
            "application/json",
            br#"{"action": "add", "name": "x", "scope": "root"}"#,
            "scope",
        ),
        (
            "config.port",
            "application/x-www-form-urlencoded",
            b"id=11&enable=perhaps",
            "enable",
        ),
    ];
    for (endpoint, ctype, body, needle) in cases {
        let path = format!("/api/{endpoint}");
        let (status, _, reply) = raw_http(
            &listener,
            "POST",
            &path,
            &[("Content-Type", ctype), ("Cookie", &cookie)],
            body,
        )
        .await;
        assert!(status.contains("200"), "{endpoint}: {status}");
        let reply: Value = serde_json::from_str(&reply).unwrap();
        assert_eq!(reply["stat"], json!("fail"), "{endpoint} {reply}");
        assert_eq!(reply["code"], json!(400), "{endpoint} {reply}");
        let message = reply["message"].as_str().unwrap();
        assert!(
            message.contains(needle),
            "{endpoint}: {message:?} lacks {needle:?}"
        );
    }
    let after = sim.inspect(|s| (s.device.active.clone(), s.device.pending.clone()));
    assert_eq!(before, after, "nothing changed");
    assert_eq!(sim.inspect(|s| s.auth.clients.len()), 0);

    // Form bodies and query lists are read like JSON.
    let (_, _, reply) = raw_http(
        &listener,
        "GET",
        "/api/status.wan.connection?id=1&id=3&lite=yes",
        &[("Cookie", &cookie)],
        b"",
    )
    .await;
    let reply: Value = serde_json::from_str(&reply).unwrap();
    assert_eq!(reply["response"]["order"], json!([1, 3]));
    assert!(reply["response"]["1"].get("gateway").is_none(), "lite");

    // A body over the limit is refused before it is read.
    let big = vec![b' '; 2 * 1024 * 1024];
    let (status, headers, reply) = raw_http(
        &listener,
        "POST",
        "/api/cmd.ap",
        &[("Content-Type", "application/json"), ("Cookie", &cookie)],
        &big,
    )
    .await;
    assert!(status.contains("200"), "{status}");
    assert!(
        headers.to_ascii_lowercase().contains("connection: close"),
        "{headers}"
    );
    assert!(reply.contains("exceeds the limit"), "{reply}");
}

#[tokio::test]
async fn sessions_expire_when_idle() {
    let (sim, listener) = lab().await;
    let cookie = login_cookie(&listener).await;
    let headers = [("Cookie", cookie.as_str())];
    let get = || raw_http(&listener, "GET", "/api/status.lan.profile", &headers, b"");
    assert_eq!(
        serde_json::from_str::<Value>(&get().await.2).unwrap()["stat"],
        json!("ok")
    );
    sim.advance_clock(Duration::from_secs(29 * 60));
    assert_eq!(
        serde_json::from_str::<Value>(&get().await.2).unwrap()["stat"],
        json!("ok")
    );
    sim.advance_clock(Duration::from_secs(31 * 60));
    let reply: Value = serde_json::from_str(&get().await.2).unwrap();
    assert_eq!(reply["code"], json!(401));
}

#[tokio::test]
async fn the_web_admin_device_info_takes_the_login_cookie_only() {
    let (_sim, listener) = lab().await;
    let path = "/cgi-bin/MANGA/api.cgi?func=status.system.info&infoType=device";
    let (_, _, reply) = raw_http(&listener, "GET", path, &[], b"").await;
    assert_eq!(
        serde_json::from_str::<Value>(&reply).unwrap()["code"],
        json!(401)
    );
    let cookie = login_cookie(&listener).await;
    let (_, _, reply) = raw_http(&listener, "GET", path, &[("Cookie", &cookie)], b"").await;
    let reply: Value = serde_json::from_str(&reply).unwrap();
    assert_eq!(
        reply["response"]["device"]["model"],
        json!("Peplink MAX BR1 Pro 5G")
    );
    assert_eq!(
        reply["response"]["device"]["firmwareVersion"],
        json!("8.5.2 build 5400")
    );
    let other = "/cgi-bin/MANGA/api.cgi?func=status.system.info&infoType=wan";
    let (_, _, reply) = raw_http(&listener, "GET", other, &[("Cookie", &cookie)], b"").await;
    assert_eq!(
        serde_json::from_str::<Value>(&reply).unwrap()["message"],
        json!("unknown function")
    );
}
