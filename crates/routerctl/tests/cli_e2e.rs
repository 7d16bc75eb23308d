//! End to end: the built binary against `routerctl sim mikrotik` started as
//! a child process, through inventory -> runner -> driver -> client ->
//! simulator -> output.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use common::{SimProcess, closed_port, host_port};
use serde_json::Value;

const PASSWORD_VAR: &str = "ROUTERCTL_E2E_PW";
const PASSWORD: &str = "e2e-secret";
/// The passwords every run puts into the environment (and must not leak).
const ENV: &[(&str, &str)] = &[(PASSWORD_VAR, PASSWORD)];

/// A running simulator child with API and API-SSL listeners; killed on drop.
struct Sim(SimProcess);

impl Sim {
    fn start(identity: &str) -> Self {
        Sim(SimProcess::start_listening(
            &[
                "mikrotik",
                "--api",
                "127.0.0.1:0",
                "--api-tls",
                "127.0.0.1:0",
                "--user",
                "admin",
                "--password-env",
                PASSWORD_VAR,
                "--identity",
                identity,
            ],
            ENV,
            &["api", "api-ssl"],
        ))
    }

    fn api(&self) -> &str {
        self.0.plain("api")
    }

    fn api_ssl(&self) -> &str {
        self.0.tls("api-ssl").0
    }

    fn fingerprint(&self) -> &str {
        self.0.tls("api-ssl").1
    }
}

/// Inventory: `plain` over api, `pinned` over api-ssl with the fingerprint.
fn write_inventory(dir: &Path, sim: &Sim, extra: &str) -> PathBuf {
    let (h1, p1) = host_port(sim.api());
    let (h2, p2) = host_port(sim.api_ssl());
    let text = format!(
        "[defaults]\nvendor = \"mikrotik\"\nusername = \"admin\"\npassword_env = \"{PASSWORD_VAR}\"\n\
         timeout = \"10s\"\n\n\
         [routers.plain]\nhost = \"{h1}\"\nport = {p1}\ngroups = [\"lab\"]\n\n\
         [routers.pinned]\nhost = \"{h2}\"\nport = {p2}\nprotocol = \"api-ssl\"\n\
         tls_fingerprint = \"{}\"\ngroups = [\"lab\"]\n{extra}",
        sim.fingerprint()
    );
    common::save_inventory(dir, &text)
}

fn routerctl(inventory: &Path) -> Command {
    common::routerctl_with(inventory, ENV)
}

/// Run with `-o json`, check the exit code, return the parsed array.
fn json(inventory: &Path, args: &[&str], code: i32) -> Vec<Value> {
    common::json(inventory, ENV, args, code)
}

/// One router's outcome: the result, or the error's (kind, message).
type Outcome = (String, Result<Value, (String, String)>);

/// Every item follows the contract and comes from a MikroTik; returns
/// (router, outcome) pairs.
fn contract(items: &[Value]) -> Vec<Outcome> {
    common::outcomes(items)
        .into_iter()
        .map(|(router, vendor, outcome)| {
            assert_eq!(vendor, "mikrotik", "{router}");
            (router, outcome)
        })
        .collect()
}

#[test]
fn getters_follow_the_json_contract() {
    let sim = Sim::start("e2e-lab");
    let dir = tempfile::tempdir().unwrap();
    let inv = write_inventory(dir.path(), &sim, "");

    let facts = contract(&json(&inv, &["facts"], 0));
    let names: Vec<&str> = facts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["plain", "pinned"], "inventory order");
    for (_, f) in &facts {
        let f = f.as_ref().expect("facts succeed");
        assert_eq!(f["vendor"], "mikrotik");
        assert_eq!(f["hostname"], "e2e-lab");
        assert!(
            f["os_version"]
                .as_str()
                .is_some_and(|v| v.starts_with("7.")),
            "{f}"
        );
    }

    for command in ["interfaces", "clients", "leases", "wifi", "wan"] {
        for (router, outcome) in contract(&json(&inv, &[command], 0)) {
            let rows = outcome.unwrap_or_else(|e| panic!("{command} on {router}: {e:?}"));
            assert!(rows.is_array(), "{command} on {router}: {rows}");
        }
    }
    let interfaces = contract(&json(&inv, &["interfaces", "plain"], 0));
    let rows = interfaces[0]
        .1
        .as_ref()
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    assert!(
        !rows.is_empty() && rows.iter().all(|r| r["name"].is_string()),
        "{rows:?}"
    );

    let config = contract(&json(&inv, &["config", "pinned"], 0));
    let config = config[0].1.as_ref().unwrap();
    assert_eq!(config["format"], "text");
    assert!(
        config["content"]
            .as_str()
            .is_some_and(|c| c.contains("/system identity")),
        "{config}"
    );
}

#[test]
fn call_passes_query_words_and_prints_the_vendor_reply() {
    let sim = Sim::start("e2e-call");
    let dir = tempfile::tempdir().unwrap();
    let inv = write_inventory(dir.path(), &sim, "");
    let identity = contract(&json(&inv, &["call", "plain", "/system/identity/print"], 0));
    assert_eq!(identity[0].1.as_ref().unwrap()[0]["name"], "e2e-call");

    let all = contract(&json(&inv, &["call", "plain", "/interface/print"], 0));
    let all = all[0].1.as_ref().unwrap().as_array().unwrap().clone();
    let first = all.first().expect("interfaces exist")["name"]
        .as_str()
        .unwrap()
        .to_string();
    let query = format!("?name={first}");
    let filtered = contract(&json(
        &inv,
        &[
            "call",
            "@lab",
            "/interface/print",
            &query,
            "=.proplist=name",
        ],
        0,
    ));
    for (router, outcome) in filtered {
        let rows = outcome.unwrap_or_else(|e| panic!("{router}: {e:?}"));
        assert_eq!(rows, serde_json::json!([{"name": first}]), "{router}");
    }

    let bad = contract(&json(&inv, &["call", "plain", "/no/such/menu/print"], 1));
    let (kind, message) = bad[0].1.as_ref().unwrap_err();
    assert_eq!(kind, "vendor", "{message}");
}

#[test]
fn failures_are_per_router_and_exit_1() {
    let sim = Sim::start("e2e-fail");
    let dir = tempfile::tempdir().unwrap();
    let extra = format!(
        "\n[routers.closed]\nhost = \"127.0.0.1\"\nport = {}\ntimeout = \"5s\"\n\n\
         [routers.wrong-password]\nhost = \"{}\"\nport = {}\npassword_env = \"ROUTERCTL_E2E_WRONG\"\n",
        closed_port(),
        host_port(sim.api()).0,
        host_port(sim.api()).1
    );
    let inv = write_inventory(dir.path(), &sim, &extra);
    let out = routerctl(&inv)
        .env("ROUTERCTL_E2E_WRONG", "not-the-password")
        .args(["-o", "json", "facts"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let outcomes = contract(&items);
    let summary: Vec<(&str, Result<(), &str>)> = outcomes
        .iter()
        .map(|(n, o)| {
            (
                n.as_str(),
                o.as_ref().map(|_| ()).map_err(|(k, _)| k.as_str()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("plain", Ok(())),
            ("pinned", Ok(())),
            ("closed", Err("io")),
            ("wrong-password", Err("auth")),
        ]
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("not-the-password"));

    // A wrong pin is a TLS error, not a silent success.
    let pin = format!(
        "\n[routers.wrong-pin]\nhost = \"{}\"\nport = {}\nprotocol = \"api-ssl\"\ntls_fingerprint = \"{}\"\n",
        host_port(sim.api_ssl()).0,
        host_port(sim.api_ssl()).1,
        "00".repeat(32)
    );
    let inv = write_inventory(dir.path(), &sim, &pin);
    let outcomes = contract(&json(&inv, &["facts", "wrong-pin"], 1));
    assert_eq!(outcomes[0].1.as_ref().unwrap_err().0, "tls");
}

#[test]
fn table_and_csv_name_the_router_first() {
    let sim = Sim::start("e2e-table");
    let dir = tempfile::tempdir().unwrap();
    let inv = write_inventory(dir.path(), &sim, "");
    let out = routerctl(&inv)
        .args(["-o", "table", "facts"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("router") && lines[0].contains("hostname"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("plain ") && lines[2].starts_with("pinned "),
        "{text}"
    );

    let out = routerctl(&inv)
        .args(["-o", "csv", "interfaces"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("router,name,"), "{text}");
    assert!(text.lines().next().unwrap().ends_with(",error"), "{text}");
}

#[test]
fn watch_prints_rows_until_count_or_interrupt() {
    let sim = Sim::start("e2e-watch");
    let dir = tempfile::tempdir().unwrap();
    let inv = write_inventory(dir.path(), &sim, "");
    let words = ["/interface/monitor-traffic", "=interface=ether1"];

    let out = routerctl(&inv)
        .args(["-o", "jsonl", "watch", "--count", "2", "plain"])
        .args(words)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for l in &lines {
        assert_eq!(l["router"], "plain");
        assert!(l["result"].is_object(), "{l}");
    }

    // Ctrl-C after the first row: clean exit 0.
    let mut child = StdCommand::new(cargo_bin("routerctl"))
        .env(PASSWORD_VAR, PASSWORD)
        .arg("--inventory")
        .arg(&inv)
        .args(["-o", "jsonl", "watch", "pinned"])
        .args(words)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(first.contains("\"router\":\"pinned\""), "{first}");
    let exit = common::signal_and_wait(child, "-INT", "watch stopped after SIGINT");
    assert_eq!(exit.code(), Some(0));
}
