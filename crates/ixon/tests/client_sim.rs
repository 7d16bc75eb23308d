//! The real client against the real simulator over HTTP(S) on 127.0.0.1.

mod common;

use std::time::Duration;

use common::{client_for, ixon_sim, loopback};
use routerctl_core::{Credentials, Secret, SelfSigned, TlsPolicy};
use routerctl_ixon::client::{Call, ClientConfig, UbusClient};
use routerctl_ixon::jsonrpc::NULL_SESSION;
use routerctl_ixon::sim::{HttpServer, SimFault};
use serde_json::json;

#[tokio::test]
async fn login_returns_the_documented_session() {
    let (_sim, server) = ixon_sim().await;
    let client = client_for(&server, "ixon", Some(("admin", "secret")));
    let session = client.login().await.unwrap();
    assert_eq!(session.id.len(), 32);
    assert_eq!(session.timeout, Some(Duration::from_secs(300)));
    assert_eq!(session.username.as_deref(), Some("admin"));
    assert!(session.acl_allows("ixon.ui.configuration", "set"));
    assert_eq!(
        session.acls["access-group"],
        json!({"admin": ["read", "write"], "unauthenticated": ["read"]})
    );
}

#[tokio::test]
async fn overview_works_on_the_null_session_without_login() {
    let (sim, server) = ixon_sim().await;
    let client = client_for(&server, "ixon", Some(("admin", "secret")));
    let overview = client.overview().await.unwrap();
    let device = overview.device.unwrap();
    assert_eq!(device.model.as_deref(), Some("IXrouter3 4G-EU"));
    assert_eq!(device.firmware_version.as_deref(), Some("3.19.2"));
    assert!(client.session().is_none(), "no login was needed");
    assert_eq!(sim.session_count(), 0);

    // Without any credentials too.
    let anonymous = client_for(&server, "ixon", None);
    assert!(anonymous.overview().await.is_ok());
    let err = anonymous.configuration().await.unwrap_err();
    assert_eq!(err.kind(), "auth");
    assert!(err.to_string().contains("needs a login"), "{err}");
}

#[tokio::test]
async fn configuration_round_trip_keeps_every_other_field() {
    let (sim, server) = ixon_sim().await;
    let client = client_for(&server, "ixon", Some(("admin", "secret")));
    let before = client.configuration().await.unwrap();
    let written = client
        .update_configuration(|c| {
            c["wlan"]["wlanSsid"] = json!("Plant-7");
            c["firewall"]["portForwards"] = json!([{"name": "hmi", "protocol": "tcp",
                "externalPort": 8443, "internalIp": "192.168.140.101", "internalPort": 443}]);
            Ok(())
        })
        .await
        .unwrap();
    let after = client.configuration().await.unwrap();
    assert_eq!(after, written);
    assert_eq!(after, sim.configuration());
    assert_eq!(after["wlan"]["wlanSsid"], "Plant-7");
    let mut expected = before.clone();
    expected["wlan"]["wlanSsid"] = json!("Plant-7");
    expected["firewall"]["portForwards"] = after["firewall"]["portForwards"].clone();
    assert_eq!(after, expected, "nothing else changed");
    // The overview follows.
    let o = client.overview().await.unwrap();
    assert_eq!(o.wlan.unwrap().ssid.as_deref(), Some("Plant-7"));
}

#[tokio::test]
async fn invalid_configuration_is_status_2_and_changes_nothing() {
    let (sim, server) = ixon_sim().await;
    let client = client_for(&server, "ixon", Some(("admin", "secret")));
    let before = sim.configuration();
    let mut bad = before.clone();
    bad["lan"]["dhcpServerEnabled"] = json!("yes");
    let err = client.set_configuration(&bad).await.unwrap_err();
    assert_eq!(err.vendor_code(), Some("ubus 2 INVALID_ARGUMENT"));
    bad = before.clone();
    bad["lan"]["vlan"] = json!(5);
    assert!(client.set_configuration(&bad).await.is_err());
    assert_eq!(sim.configuration(), before);
}

#[tokio::test]
async fn an_expired_session_is_renewed_transparently() {
    let (sim, server) = ixon_sim().await;
    let client = client_for(&server, "ixon", Some(("admin", "secret")));
    client.configuration().await.unwrap();
    let first = client.session().unwrap().id;
    // The router's clock runs past the idle timeout; the client's does not,
    // so it sends the stale id, gets -32002, logs in again and retries.
    sim.advance_clock(Duration::from_secs(301));
    client.configuration().await.unwrap();
    let second = client.session().unwrap().id;
    assert_ne!(first, second);
    // A reboot loses sessions as well.
    sim.reboot();
    client.configuration().await.unwrap();
    assert_ne!(client.session().unwrap().id, second);
    assert_eq!(sim.session_count(), 1);
}

#[tokio::test]
async fn wrong_password_is_an_auth_error() {
    let (_sim, server) = ixon_sim().await;
    let client = client_for(&server, "ixon", Some(("admin", "wrong")));
    let err = client.configuration().await.unwrap_err();
    assert_eq!(err.kind(), "auth");
    assert!(
        err.to_string().contains("wrong user name or password"),
        "{err}"
    );
    assert!(
        !err.to_string().contains("wrong\""),
        "password must not leak: {err}"
    );
    let err = client.login_as("", &Secret::new("")).await.unwrap_err();
    assert_eq!(err.kind(), "auth");
}

#[tokio::test]
async fn acl_denial_after_relogin_is_an_auth_error_naming_the_acl() {
    let (sim, server) = ixon_sim().await;
    let viewer = client_for(&server, "ixon", Some(("viewer", "viewpass1")));
    let cfg = viewer.configuration().await.unwrap();
    let err = viewer.set_configuration(&cfg).await.unwrap_err();
    assert_eq!(err.kind(), "auth");
    let text = err.to_string();
    assert!(
        text.contains("ACL") && text.contains("ixon.ui.configuration.set"),
        "{text}"
    );
    let err = viewer
        .password_set(&Secret::new("longenough"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "auth");
    assert_eq!(sim.configuration(), cfg);
}

#[tokio::test]
async fn password_set_enforces_length_and_takes_effect() {
    let (_sim, server) = ixon_sim().await;
    let client = client_for(&server, "ixon", Some(("admin", "secret")));
    let err = client
        .password_set(&Secret::new("short"))
        .await
        .unwrap_err();
    assert_eq!(err.vendor_code(), Some("ubus 2 INVALID_ARGUMENT"));
    client
        .password_set(&Secret::new("t0ps3cr3t"))
        .await
        .unwrap();
    let old = client_for(&server, "ixon", Some(("admin", "secret")));
    assert_eq!(old.login().await.unwrap_err().kind(), "auth");
    let new = client_for(&server, "ixon", Some(("admin", "t0ps3cr3t")));
    new.login().await.unwrap();
}

#[tokio::test]
async fn jsonrpc_errors_reach_the_caller_with_code_and_name() {
    let (sim, server) = ixon_sim().await;
    let client = client_for(&server, "ixon", Some(("admin", "secret")));
    let err = client.call("no.such", "get", json!({})).await.unwrap_err();
    assert_eq!(err.vendor_code(), Some("-32000 Object not found"));
    assert!(err.to_string().contains("no.such.get"), "{err}");

    let err = client
        .call("session", "login", json!({"ubus_rpc_session": "x"}))
        .await
        .unwrap_err();
    assert_eq!(err.vendor_code(), Some("-32602 Invalid parameters"));

    sim.inject_fault("ixon.ui.overview", "get", SimFault::Timeout);
    let err = client.overview().await.unwrap_err();
    assert_eq!(err.vendor_code(), Some("-32003 ubus request timed out"));

    sim.inject_fault("ixon.ui.overview", "get", SimFault::InternalError);
    let err = client.overview().await.unwrap_err();
    assert_eq!(err.vendor_code(), Some("-32603 Internal error"));

    let err = client
        .call("ixon.ui.configuration", "frobnicate", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.vendor_code(), Some("ubus 3 METHOD_NOT_FOUND"));

    // With an explicit bad session nothing is retried: -32002 as sent.
    let err = client
        .call_with_session(
            "0123456789abcdef0123456789abcdef",
            "ixon.ui.configuration",
            "get",
            json!({}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.vendor_code(), Some("-32002 Access denied"));
    let data = client
        .call_with_session(
            NULL_SESSION,
            "session",
            "access",
            json!({"object": "ixon.ui.overview", "function": "get"}),
        )
        .await
        .unwrap();
    assert_eq!(data, json!({"access": true}));
}

#[tokio::test]
async fn batches_and_list() {
    let (_sim, server) = ixon_sim().await;
    let client = client_for(&server, "ixon", Some(("admin", "secret")));
    let results = client
        .batch(&[
            Call::new("ixon.ui.overview", "get", json!({})),
            Call::new("ixon.ui.configuration", "get", json!({})),
            Call::new("ixon.ui.nothing", "get", json!({})),
            Call::new("ixon.ui.hardware", "get", json!({})),
        ])
        .await
        .unwrap();
    assert_eq!(results.len(), 4);
    assert!(results[0].as_ref().unwrap()["device"].is_object());
    assert!(results[1].as_ref().unwrap()["configuration"]["lan"].is_object());
    assert_eq!(
        results[2].as_ref().unwrap_err().vendor_code(),
        Some("-32000 Object not found")
    );
    assert_eq!(results[3].as_ref().unwrap()["modem"]["model"], "EG25-G");

    let list = client.list(&["ixon.ui.*"]).await.unwrap();
    let names: Vec<&String> = list.as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        [
            "ixon.ui.account",
            "ixon.ui.configuration",
            "ixon.ui.hardware",
            "ixon.ui.overview"
        ]
    );
    assert_eq!(
        list["ixon.ui.account"]["password_set"]["password"],
        "string"
    );
}

#[tokio::test]
async fn https_with_a_pinned_certificate() {
    let (sim, _plain) = ixon_sim().await;
    let identity = SelfSigned::generate(&[]).unwrap();
    let server = HttpServer::bind(sim, loopback(), Some(identity))
        .await
        .unwrap();
    let fp = server.fingerprint().unwrap();
    assert!(server.url().starts_with("https://127.0.0.1:"));

    let mut config = ClientConfig::new(&server.url());
    config.tls = TlsPolicy::Pinned(fp);
    config.credentials = Some(Credentials::new("admin", "secret"));
    let client = UbusClient::new(config.clone()).unwrap();
    client.configuration().await.unwrap();

    config.tls = TlsPolicy::Pinned(routerctl_core::Fingerprint([7; 32]));
    let err = UbusClient::new(config.clone())
        .unwrap()
        .overview()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "tls", "{err}");
    config.tls = TlsPolicy::SystemRoots;
    let err = UbusClient::new(config)
        .unwrap()
        .overview()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "tls", "{err}");
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let listener = tokio::net::TcpListener::bind(loopback()).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s);
        }
    });
    let mut config = ClientConfig::new(&format!("http://{addr}/ubus"));
    config.timeout = Duration::from_millis(300);
    let err = UbusClient::new(config)
        .unwrap()
        .overview()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "timeout", "{err}");
    hold.abort();
}

#[tokio::test]
async fn refused_connections_and_wrong_paths_are_clear() {
    let (_sim, server) = ixon_sim().await;
    let addr = server.local_addr();
    let client = UbusClient::new(ClientConfig::new(&format!("http://{addr}/ubus/other"))).unwrap();
    let err = client.overview().await.unwrap_err();
    assert_eq!(err.kind(), "protocol");
    assert!(err.to_string().contains("HTTP 404"), "{err}");
    drop(server);
    let closed = tokio::net::TcpListener::bind(loopback()).await.unwrap();
    let dead = closed.local_addr().unwrap();
    drop(closed);
    let client = UbusClient::new(ClientConfig::new(&format!("http://{dead}/ubus"))).unwrap();
    assert_eq!(client.overview().await.unwrap_err().kind(), "io");
}

#[tokio::test]
async fn concurrent_first_calls_open_one_session() {
    let (sim, server) = ixon_sim().await;
    let client = std::sync::Arc::new(client_for(&server, "ixon", Some(("admin", "secret"))));
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let client = std::sync::Arc::clone(&client);
        calls.spawn(async move { client.configuration().await });
    }
    for result in calls.join_all().await {
        result.unwrap();
    }
    assert_eq!(
        sim.session_count(),
        1,
        "one rpcd session for ten first calls"
    );
}

#[tokio::test]
async fn after_password_set_the_client_logs_in_with_the_new_password() {
    let (_sim, server) = ixon_sim().await;
    let client = client_for(&server, "ixon", Some(("admin", "secret")));
    client
        .password_set(&Secret::new("t0ps3cr3t"))
        .await
        .unwrap();
    // The next call needs a fresh login (as after an expiry or a reboot).
    client.forget_session();
    client.configuration().await.unwrap();
}

#[tokio::test]
async fn concurrent_configuration_updates_are_not_lost() {
    let (sim, server) = ixon_sim().await;
    let client = std::sync::Arc::new(client_for(&server, "ixon", Some(("admin", "secret"))));
    client.login().await.unwrap();
    let mut updates = tokio::task::JoinSet::new();
    for i in 0..8 {
        let client = std::sync::Arc::clone(&client);
        updates.spawn(async move {
            client
                .update_configuration(move |c| {
                    let forwards = c["firewall"]["portForwards"]
                        .as_array_mut()
                        .ok_or("no portForwards list")?;
                    forwards.push(json!({"name": format!("fw{i}"), "protocol": "tcp",
                        "externalPort": 8000 + i, "internalIp": "192.168.140.101", "internalPort": 443}));
                    Ok(())
                })
                .await
        });
    }
    for result in updates.join_all().await {
        result.unwrap();
    }
    let forwards = sim.configuration()["firewall"]["portForwards"].clone();
    assert_eq!(
        forwards.as_array().map(Vec::len),
        Some(8),
        "every update survives: {forwards}"
    );
}

/// A one-request HTTP server that answers every POST with `body`.
async fn answer_with(body: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind(loopback()).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut tcp, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        // Headers, then as many body bytes as Content-Length says.
        loop {
            let n = tcp.read(&mut buf).await.unwrap();
            if n == 0 {
                return;
            }
            request.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if request.len() >= end + 4 + length {
                    break;
                }
            }
        }
        let reply = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = tcp.write_all(reply.as_bytes()).await;
    });
    format!("http://{addr}/ubus")
}

#[tokio::test]
async fn a_reply_for_another_request_id_is_a_protocol_error() {
    let url = answer_with(r#"{"jsonrpc":"2.0","id":999,"result":[0,{"model":"x"}]}"#).await;
    let mut config = ClientConfig::new(&url);
    config.label = "lab".into();
    config.timeout = Duration::from_secs(5);
    let client = UbusClient::new(config).unwrap();
    let err = client.overview_raw().await.unwrap_err();
    assert_eq!(err.kind(), "protocol", "{err}");
    let text = err.to_string();
    assert!(
        text.contains("reply id 999 does not match request id 1"),
        "{text}"
    );
}
