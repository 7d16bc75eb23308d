//! End to end for the ubus vendors: the built binary against `routerctl sim
//! ixon` and `routerctl sim openwrt` started as child processes, through
//! inventory -> runner -> driver registry -> ubus client -> simulator ->
//! output.

mod common;

use std::path::{Path, PathBuf};

use common::{SimProcess, host_port};
use predicates::prelude::*;
use serde_json::{Value, json};

const PASSWORD_VAR: &str = "ROUTERCTL_UBUS_PW";
const PASSWORD: &str = "ubus-e2e-secret";
const VIEWER_VAR: &str = "ROUTERCTL_UBUS_VIEWER_PW";
const VIEWER_PASSWORD: &str = "viewer-e2e-secret";
const WRONG_VAR: &str = "ROUTERCTL_UBUS_WRONG_PW";
const WRONG_PASSWORD: &str = "not-the-ubus-password";
/// The passwords every run puts into the environment (and must not leak).
const ENV: &[(&str, &str)] = &[
    (PASSWORD_VAR, PASSWORD),
    (VIEWER_VAR, VIEWER_PASSWORD),
    (WRONG_VAR, WRONG_PASSWORD),
];

/// A running `routerctl sim ixon|openwrt` child; killed on drop.
struct UbusSim(SimProcess);

impl UbusSim {
    /// `routerctl sim <args>` with the admin and read-only passwords in the
    /// environment; waits for the `listeners` (`http`, `https`) it prints.
    fn start(args: &[&str], listeners: &[&str]) -> Self {
        let mut args = args.to_vec();
        args.extend(["--user", "admin", "--password-env", PASSWORD_VAR]);
        args.extend(["--readonly-user", "viewer"]);
        args.extend(["--readonly-password-env", VIEWER_VAR]);
        UbusSim(SimProcess::start_listening(
            &args,
            &[(PASSWORD_VAR, PASSWORD), (VIEWER_VAR, VIEWER_PASSWORD)],
            listeners,
        ))
    }

    fn http(&self) -> &str {
        self.0.plain("http")
    }

    /// Address and certificate fingerprint of the HTTPS listener.
    fn https(&self) -> (&str, &str) {
        self.0.tls("https")
    }

    /// Send SIGTERM and wait (bounded) for the process to exit.
    fn terminate(self) -> std::process::ExitStatus {
        self.0.terminate()
    }
}

/// The two simulators every test below uses: an IXrouter on HTTP and HTTPS
/// and an OpenWrt router on HTTP.
fn start_both() -> (UbusSim, UbusSim) {
    let ixon = UbusSim::start(
        &[
            "ixon",
            "--http",
            "127.0.0.1:0",
            "--https",
            "127.0.0.1:0",
            "--hostname",
            "plant-7",
        ],
        &["http", "https"],
    );
    let openwrt = UbusSim::start(
        &["openwrt", "--http", "127.0.0.1:0", "--seed", "5"],
        &["http"],
    );
    (ixon, openwrt)
}

/// Inventory: `plant` (IXON over HTTPS, the default protocol, pinned),
/// `edge` (OpenWrt over HTTP), the same two as the read-only `viewer`
/// (`plant-ro`, `edge-ro`), plus `extra`.
fn write_inventory(dir: &Path, ixon: &UbusSim, openwrt: &UbusSim, extra: &str) -> PathBuf {
    let (https, fp) = ixon.https();
    let (ih, ip) = host_port(https);
    let (oh, op) = host_port(openwrt.http());
    let text = format!(
        "[defaults]\nusername = \"admin\"\npassword_env = \"{PASSWORD_VAR}\"\ntimeout = \"10s\"\n\n\
         [routers.plant]\nvendor = \"ixon\"\nhost = \"{ih}\"\nport = {ip}\n\
         tls_fingerprint = \"{fp}\"\ngroups = [\"admin\"]\n\n\
         [routers.edge]\nvendor = \"openwrt\"\nhost = \"{oh}\"\nport = {op}\nprotocol = \"http\"\n\
         groups = [\"admin\"]\n\n\
         [routers.plant-ro]\nvendor = \"ixon\"\nhost = \"{ih}\"\nport = {ip}\n\
         tls_fingerprint = \"{fp}\"\nusername = \"viewer\"\npassword_env = \"{VIEWER_VAR}\"\n\
         groups = [\"viewer\"]\n\n\
         [routers.edge-ro]\nvendor = \"openwrt\"\nhost = \"{oh}\"\nport = {op}\nprotocol = \"http\"\n\
         username = \"viewer\"\npassword_env = \"{VIEWER_VAR}\"\ngroups = [\"viewer\"]\n{extra}"
    );
    common::save_inventory(dir, &text)
}

/// Run with `-o json`, check the exit code, return the parsed array.
fn json(inventory: &Path, args: &[&str], code: i32) -> Vec<Value> {
    common::json(inventory, ENV, args, code)
}

/// One router's outcome: (router, vendor, result or (error kind, message)).
type Outcome = common::Outcome;

/// Every item follows the contract; returns the outcomes in output order.
fn contract(items: &[Value]) -> Vec<Outcome> {
    for item in items {
        assert_eq!(
            item.as_object().map(|obj| obj.len()),
            Some(3),
            "router, vendor and one outcome: {item}"
        );
    }
    common::outcomes(items)
}

/// The result of the single router `args` selects, which must succeed.
fn one_result(inventory: &Path, args: &[&str]) -> Value {
    let mut outcomes = contract(&json(inventory, args, 0));
    assert_eq!(outcomes.len(), 1, "{args:?} selects one router");
    let (router, _, outcome) = outcomes.remove(0);
    outcome.unwrap_or_else(|e| panic!("{args:?} on {router}: {e:?}"))
}

/// The error kind and message of the single router `args` selects, which
/// must fail (exit 1).
fn one_error(inventory: &Path, args: &[&str]) -> (String, String) {
    let mut outcomes = contract(&json(inventory, args, 1));
    assert_eq!(outcomes.len(), 1, "{args:?} selects one router");
    let (router, _, outcome) = outcomes.remove(0);
    outcome
        .err()
        .unwrap_or_else(|| panic!("{args:?} on {router} should fail"))
}

#[test]
fn sim_prints_parsable_lines_and_stops_on_sigterm() {
    for flavor in ["ixon", "openwrt"] {
        let sim = UbusSim::start(
            &[flavor, "--http", "127.0.0.1:0", "--https", "127.0.0.1:0"],
            &["http", "https"],
        );
        let http: std::net::SocketAddr = sim.http().parse().expect("http ADDR");
        let (https, fp) = sim.https();
        let https: std::net::SocketAddr = https.parse().expect("https ADDR");
        for addr in [http, https] {
            assert_eq!(addr.ip().to_string(), "127.0.0.1");
            assert_ne!(addr.port(), 0, "the real port, not the requested 0");
            std::net::TcpStream::connect(addr).expect("listening once printed");
        }
        let fp: routerctl_core::Fingerprint = fp.parse().expect("a SHA-256 fingerprint");
        assert_eq!(fp.to_string().len(), 95, "uppercase hex pairs with colons");

        assert_eq!(sim.terminate().code(), Some(0), "sim {flavor}");
    }
}

#[test]
fn getters_follow_the_json_contract_for_both_flavors() {
    let (ixon, openwrt) = start_both();
    let dir = tempfile::tempdir().unwrap();
    let inv = write_inventory(dir.path(), &ixon, &openwrt, "");

    let facts = contract(&json(&inv, &["facts", "@admin"], 0));
    let seen: Vec<(&str, &str)> = facts
        .iter()
        .map(|(r, v, _)| (r.as_str(), v.as_str()))
        .collect();
    assert_eq!(seen, [("plant", "ixon"), ("edge", "openwrt")]);
    let plant = facts[0].2.as_ref().unwrap();
    assert_eq!(plant["vendor"], "ixon");
    assert_eq!(plant["hostname"], "plant-7");
    assert_eq!(plant["model"], "IXrouter3 4G-EU");
    assert!(plant["serial_number"].is_string(), "{plant}");
    let edge = facts[1].2.as_ref().unwrap();
    assert_eq!(edge["vendor"], "openwrt");
    assert!(
        edge["os_version"]
            .as_str()
            .is_some_and(|v| v.starts_with("OpenWrt")),
        "{edge}"
    );
    assert!(edge.get("serial_number").is_none(), "OpenWrt reports none");

    for (command, key) in [
        ("interfaces", "name"),
        ("wan", "name"),
        ("clients", "mac_address"),
        ("leases", "mac_address"),
        ("wifi", "ssid"),
    ] {
        for (router, vendor, outcome) in contract(&json(&inv, &[command, "@admin"], 0)) {
            let rows = outcome.unwrap_or_else(|e| panic!("{command} on {router}: {e:?}"));
            let rows = rows.as_array().unwrap_or_else(|| panic!("{rows}"));
            assert!(
                !rows.is_empty() && rows.iter().all(|r| r[key].is_string()),
                "{command} on {router} ({vendor}): {rows:?}"
            );
        }
    }
    let wan = one_result(&inv, &["wan", "plant"]);
    let cellular = wan
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "cellular")
        .expect("the IXrouter has a cellular uplink");
    assert!(cellular["signal_dbm"].is_i64(), "{cellular}");

    let config = one_result(&inv, &["config", "plant"]);
    assert_eq!(config["format"], "json");
    assert_eq!(
        config["content"]["wlan"]["wlanSsid"], "IXrouter",
        "{config}"
    );
    let config = one_result(&inv, &["config", "edge"]);
    assert_eq!(config["format"], "json");
    assert!(
        config["content"]["network"].is_object(),
        "uci network: {config}"
    );
}

#[test]
fn call_passes_ubus_words_through() {
    let (ixon, openwrt) = start_both();
    let dir = tempfile::tempdir().unwrap();
    let inv = write_inventory(dir.path(), &ixon, &openwrt, "");

    // With credentials configured the IXON driver logs in at connect, so
    // the call runs in the administrator's session.
    let access = one_result(&inv, &["call", "plant", "session", "access"]);
    assert!(access["access-group"]["admin"].is_array(), "{access}");
    assert!(
        access["ubus"]["ixon.ui.overview"]
            .as_array()
            .is_some_and(|m| m.contains(&json!("get"))),
        "{access}"
    );
    let overview = one_result(&inv, &["call", "plant", "ixon.ui.overview", "get"]);
    assert_eq!(overview["device"]["hostname"], "plant-7");
    let board = one_result(&inv, &["call", "edge", "system", "board", "{}"]);
    assert_eq!(board["hostname"], "OpenWrt");
    let listed = one_result(&inv, &["call", "plant", "list", "ixon.ui.*"]);
    assert!(
        listed["ixon.ui.configuration"]["set"].is_object(),
        "{listed}"
    );

    // A write through call shows up in the neutral getters.
    let set = json!({"configuration": {"wlan": {"wlanSsid": "line-7"}}}).to_string();
    one_result(
        &inv,
        &["call", "plant", "ixon.ui.configuration", "set", &set],
    );
    let wifi = one_result(&inv, &["wifi", "plant"]);
    assert_eq!(wifi[0]["ssid"], "line-7", "{wifi}");

    let (kind, message) = one_error(&inv, &["call", "plant", "no.such.object", "get"]);
    assert_eq!(kind, "vendor", "{message}");
    assert!(message.contains("-32000"), "{message}");
    let (kind, message) = one_error(&inv, &["call", "edge", "system", "board", "[1]"]);
    assert_eq!(kind, "config", "{message}");
    let (kind, message) = one_error(&inv, &["call", "edge", "system"]);
    assert_eq!(kind, "config", "{message}");
    assert!(message.contains("OBJECT METHOD"), "{message}");
}

#[test]
fn wrong_password_is_an_auth_error_on_every_command() {
    let (ixon, openwrt) = start_both();
    let dir = tempfile::tempdir().unwrap();
    let extra = format!(
        "\n[routers.plant-wrong]\nvendor = \"ixon\"\nhost = \"{}\"\nport = {}\nprotocol = \"http\"\n\
         password_env = \"{WRONG_VAR}\"\ngroups = [\"wrong\"]\n\n\
         [routers.edge-wrong]\nvendor = \"openwrt\"\nhost = \"{}\"\nport = {}\nprotocol = \"http\"\n\
         password_env = \"{WRONG_VAR}\"\ngroups = [\"wrong\"]\n",
        host_port(ixon.http()).0,
        host_port(ixon.http()).1,
        host_port(openwrt.http()).0,
        host_port(openwrt.http()).1,
    );
    let inv = write_inventory(dir.path(), &ixon, &openwrt, &extra);

    // IXON's overview is open to the null session, but a configured
    // password is checked at connect: facts fail as Wi-Fi does.
    for command in ["facts", "wifi"] {
        let (kind, message) = one_error(&inv, &[command, "plant-wrong"]);
        assert_eq!(kind, "auth", "{command}: {message}");
        assert!(
            message.contains("plant-wrong"),
            "names the router: {message}"
        );
    }

    let outcomes = contract(&json(&inv, &["facts", "@wrong", "@admin"], 1));
    let summary: Vec<(&str, Result<(), &str>)> = outcomes
        .iter()
        .map(|(r, _, o)| {
            (
                r.as_str(),
                o.as_ref().map(|_| ()).map_err(|(k, _)| k.as_str()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("plant", Ok(())),
            ("edge", Ok(())),
            ("plant-wrong", Err("auth")),
            ("edge-wrong", Err("auth")),
        ]
    );
}

#[test]
fn readonly_user_reads_but_cannot_write() {
    let (ixon, openwrt) = start_both();
    let dir = tempfile::tempdir().unwrap();
    let inv = write_inventory(dir.path(), &ixon, &openwrt, "");

    let config = one_result(&inv, &["config", "plant-ro"]);
    assert!(config["content"]["lan"].is_object(), "{config}");
    let set = json!({"configuration": {"wlan": {"wlanSsid": "hijacked"}}}).to_string();
    let (kind, message) = one_error(
        &inv,
        &["call", "plant-ro", "ixon.ui.configuration", "set", &set],
    );
    assert_eq!(kind, "auth", "{message}");
    assert!(message.contains("ixon.ui.configuration.set"), "{message}");
    let wifi = one_result(&inv, &["wifi", "plant"]);
    assert_eq!(wifi[0]["ssid"], "IXrouter", "unchanged: {wifi}");

    // OpenWrt's read-only ACL has no iwinfo: Wi-Fi fails, clients fall
    // back to the DHCP leases.
    let (kind, message) = one_error(&inv, &["wifi", "edge-ro"]);
    assert_eq!(kind, "auth", "{message}");
    let clients = one_result(&inv, &["clients", "edge-ro"]);
    assert!(
        clients.as_array().is_some_and(|c| !c.is_empty()),
        "{clients}"
    );
}

#[test]
fn wrong_pin_is_a_tls_error() {
    let (ixon, openwrt) = start_both();
    let dir = tempfile::tempdir().unwrap();
    let (https, _) = ixon.https();
    let extra = format!(
        "\n[routers.wrong-pin]\nvendor = \"ixon\"\nhost = \"{}\"\nport = {}\ntls_fingerprint = \"{}\"\n",
        host_port(https).0,
        host_port(https).1,
        "00".repeat(32)
    );
    let inv = write_inventory(dir.path(), &ixon, &openwrt, &extra);
    let (kind, message) = one_error(&inv, &["facts", "wrong-pin"]);
    assert_eq!(kind, "tls", "{message}");
}

#[test]
fn sim_usage_errors_exit_2() {
    // No listener.
    common::routerctl()
        .args(["sim", "ixon", "--password", "pw"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--http"));
    // The read-only user's password variable is unset.
    common::routerctl()
        .args([
            "sim",
            "openwrt",
            "--http",
            "127.0.0.1:0",
            "--password",
            "pw",
        ])
        .args(["--readonly-user", "viewer"])
        .args([
            "--readonly-password-env",
            "ROUTERCTL_SURELY_UNSET_VIEWER_PW",
        ])
        .env_remove("ROUTERCTL_SURELY_UNSET_VIEWER_PW")
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "ROUTERCTL_SURELY_UNSET_VIEWER_PW is not set",
        ));
}

#[test]
fn busy_address_fails_with_the_address_named() {
    common::assert_busy_address_is_refused("ixon", "--https", "HTTPS");
}
