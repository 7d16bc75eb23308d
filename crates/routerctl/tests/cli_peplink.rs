//! End to end for Peplink: the built binary against `routerctl sim peplink`
//! started as a child process, over HTTPS with a pinned certificate (and
//! HTTP for the read-only user), with a Web Admin login and with API-client
//! tokens.

mod common;

use std::path::{Path, PathBuf};

use common::{SimProcess, host_port};
use serde_json::{Value, json};

const PASSWORD_VAR: &str = "ROUTERCTL_PEP_PW";
const PASSWORD: &str = "pep-e2e-secret";
const VIEWER_VAR: &str = "ROUTERCTL_PEP_VIEWER_PW";
const VIEWER_PASSWORD: &str = "viewer-e2e-secret";
const SECRET_VAR: &str = "ROUTERCTL_PEP_CLIENT_SECRET";

fn start() -> SimProcess {
    SimProcess::start_listening(
        &[
            "peplink",
            "--https",
            "127.0.0.1:0",
            "--http",
            "127.0.0.1:0",
            "--name",
            "van-7",
            "--user",
            "admin",
            "--password-env",
            PASSWORD_VAR,
            "--readonly-user",
            "viewer",
            "--readonly-password-env",
            VIEWER_VAR,
        ],
        &[(PASSWORD_VAR, PASSWORD), (VIEWER_VAR, VIEWER_PASSWORD)],
        &["http", "https"],
    )
}

/// `van` (HTTPS, pinned, admin), `van-ro` (HTTP, read-only user), `van-bad`
/// (wrong password), and `extra`.
fn inventory(dir: &Path, sim: &SimProcess, extra: &str) -> PathBuf {
    let (https, fp) = sim.tls("https");
    let (h, p) = host_port(https);
    let (hh, hp) = host_port(sim.plain("http"));
    let text = format!(
        "[defaults]\nvendor = \"peplink\"\nusername = \"admin\"\npassword_env = \"{PASSWORD_VAR}\"\n\
         timeout = \"10s\"\n\n\
         [routers.van]\nhost = \"{h}\"\nport = {p}\ntls_fingerprint = \"{fp}\"\n\n\
         [routers.van-ro]\nhost = \"{hh}\"\nport = {hp}\nprotocol = \"http\"\n\
         username = \"viewer\"\npassword_env = \"{VIEWER_VAR}\"\n\n\
         [routers.van-bad]\nhost = \"{h}\"\nport = {p}\ntls_fingerprint = \"{fp}\"\n\
         password_env = \"{VIEWER_VAR}\"\n{extra}"
    );
    common::save_inventory(dir, &text)
}

fn run(inv: &Path, env: &[(&str, &str)], args: &[&str], code: i32) -> Vec<common::Outcome> {
    let mut all = vec![(PASSWORD_VAR, PASSWORD), (VIEWER_VAR, VIEWER_PASSWORD)];
    all.extend_from_slice(env);
    common::outcomes(&common::json(inv, &all, args, code))
}

fn one(inv: &Path, env: &[(&str, &str)], args: &[&str]) -> Value {
    let mut outcomes = run(inv, env, args, 0);
    assert_eq!(outcomes.len(), 1, "{args:?}");
    let (router, vendor, outcome) = outcomes.remove(0);
    assert_eq!(vendor, "peplink");
    outcome.unwrap_or_else(|e| panic!("{args:?} on {router}: {e:?}"))
}

#[test]
fn getters_over_pinned_https() {
    let sim = start();
    let dir = tempfile::tempdir().unwrap();
    let inv = inventory(dir.path(), &sim, "");

    let facts = one(&inv, &[], &["facts", "van"]);
    assert_eq!(facts["os_version"], "8.5.2 build 5400");
    assert_eq!(facts["model"], "Peplink MAX BR1 Pro 5G");
    assert_eq!(facts["hostname"], "van-7");
    assert!(facts["serial_number"].is_string(), "{facts}");

    let interfaces = one(&inv, &[], &["interfaces", "van"]);
    assert!(
        interfaces
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["name"] == "LAN 1" && i["kind"] == "ethernet" && i["speed_mbps"] == 1000),
        "{interfaces}"
    );
    let wan = one(&inv, &[], &["wan", "van"]);
    let wan = wan.as_array().unwrap();
    assert_eq!(wan[0]["ip_address"], "203.0.113.10");
    let cellular = wan.iter().find(|w| w["kind"] == "cellular").unwrap();
    assert!(cellular["signal_dbm"].is_i64(), "{cellular}");

    let clients = one(&inv, &[], &["clients", "van"]);
    let laptop = clients
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["hostname"] == "laptop-anna")
        .cloned()
        .unwrap();
    assert_eq!(
        (laptop["ssid"].clone(), laptop["is_wireless"].clone()),
        (json!("Office"), json!(true))
    );
    let leases = one(&inv, &[], &["leases", "van"]);
    assert_eq!(leases.as_array().unwrap().len(), 3);
    let wifi = one(&inv, &[], &["wifi", "van"]);
    assert_eq!(
        wifi[0],
        json!({"ssid": "Office", "is_enabled": true, "is_hidden": false, "security": "wpa2-personal"})
    );
    let config = one(&inv, &[], &["config", "van"]);
    assert_eq!(config["format"], "json");
    assert_eq!(
        config["content"]["config.ssid.profile"]["order"],
        json!([1, 2, 3])
    );
    assert_eq!(
        config["content"]["config.ssid.profile"]["1"]["security"]["wpa2Personal"]["key"],
        "<hidden>",
        "Wi-Fi keys are masked"
    );

    // The read-only user over plain HTTP reads the same device.
    let facts = one(&inv, &[], &["facts", "van-ro"]);
    assert_eq!(facts["os_version"], "8.5.2 build 5400");

    // A wrong password is an auth error naming the router, without the password.
    let mut bad = run(&inv, &[], &["facts", "van-bad"], 1);
    let (router, _, outcome) = bad.remove(0);
    let (kind, message) = outcome.unwrap_err();
    assert_eq!((router.as_str(), kind.as_str()), ("van-bad", "auth"));
    assert!(!message.contains(VIEWER_PASSWORD), "{message}");
}

#[test]
fn call_passes_through_and_tokens_work_from_the_inventory() {
    let sim = start();
    let dir = tempfile::tempdir().unwrap();
    let inv = inventory(dir.path(), &sim, "");

    let reply = one(&inv, &[], &["call", "van", "status.wan.connection", "id=3"]);
    assert_eq!(reply["stat"], "ok");
    assert_eq!(reply["response"]["order"], json!([3]));
    let sent = one(
        &inv,
        &[],
        &[
            "call",
            "van",
            "cmd.sms.sendMessage",
            r#"{"connId":3,"address":"+15550100200","content":"hi"}"#,
        ],
    );
    assert_eq!(sent, json!({"stat": "ok"}));

    // The read-only user may not change anything.
    let mut refused = run(
        &inv,
        &[],
        &["call", "van-ro", "POST", "cmd.config.apply"],
        1,
    );
    let (_, _, outcome) = refused.remove(0);
    let (kind, message) = outcome.unwrap_err();
    assert_eq!(kind, "vendor");
    assert!(
        message.contains("403") && message.contains("read-only"),
        "{message}"
    );

    // An API client made with the admin login, then used by its tokens.
    let created = one(
        &inv,
        &[],
        &[
            "call",
            "van",
            "auth.client",
            r#"{"action":"add","name":"cli","scope":"api"}"#,
        ],
    );
    let id = created["response"]["clientId"]
        .as_str()
        .unwrap()
        .to_string();
    let secret = created["response"]["clientSecret"]
        .as_str()
        .unwrap()
        .to_string();
    let (https, fp) = sim.tls("https");
    let (h, p) = host_port(https);
    let extra = format!(
        "\n[routers.van-token]\nhost = \"{h}\"\nport = {p}\ntls_fingerprint = \"{fp}\"\n\
         username = \"client:{id}\"\npassword_env = \"{SECRET_VAR}\"\n"
    );
    let inv = inventory(dir.path(), &sim, &extra);
    let env = [(SECRET_VAR, secret.as_str())];
    let wifi = one(&inv, &env, &["wifi", "van-token"]);
    assert_eq!(wifi.as_array().unwrap().len(), 3);
    let tokens = one(
        &inv,
        &env,
        &[
            "call",
            "van",
            "auth.client.token",
            &format!("clientId={id}"),
        ],
    );
    assert_eq!(tokens["response"].as_array().unwrap().len(), 1, "{tokens}");
}
