//! The built binary over RouterOS REST: `routerctl sim mikrotik --rest
//! --rest-tls` as a child process, every getter over `protocol = "rest"`
//! with a pinned fingerprint, and a wrong pin failing clearly.

mod common;

use std::path::{Path, PathBuf};

use common::{SimProcess, host_port};
use serde_json::Value;

const PASSWORD_VAR: &str = "ROUTERCTL_REST_PW";
const PASSWORD: &str = "rest-secret";
/// The passwords every run puts into the environment (and must not leak).
const ENV: &[(&str, &str)] = &[(PASSWORD_VAR, PASSWORD)];

/// A simulator child with API, REST and REST-over-HTTPS listeners on one
/// device; killed on drop.
struct Sim(SimProcess);

impl Sim {
    fn start(identity: &str) -> Self {
        Sim(SimProcess::start_listening(
            &[
                "mikrotik",
                "--api",
                "127.0.0.1:0",
                "--rest",
                "127.0.0.1:0",
                "--rest-tls",
                "127.0.0.1:0",
                "--password-env",
                PASSWORD_VAR,
                "--identity",
                identity,
            ],
            ENV,
            &["api", "rest", "rest-tls"],
        ))
    }

    fn api(&self) -> &str {
        self.0.plain("api")
    }

    fn rest(&self) -> &str {
        self.0.plain("rest")
    }

    fn rest_tls(&self) -> &str {
        self.0.tls("rest-tls").0
    }

    fn fingerprint(&self) -> &str {
        self.0.tls("rest-tls").1
    }
}

/// `api` over the binary API, `rest` over HTTPS with `pin`, `plain` over
/// REST on plain HTTP.
fn write_inventory(dir: &Path, sim: &Sim, pin: &str) -> PathBuf {
    let (ha, pa) = host_port(sim.api());
    let (hr, pr) = host_port(sim.rest_tls());
    let (hp, pp) = host_port(sim.rest());
    let text = format!(
        "[defaults]\nvendor = \"mikrotik\"\nusername = \"admin\"\npassword_env = \"{PASSWORD_VAR}\"\n\
         timeout = \"10s\"\n\n\
         [routers.api]\nhost = \"{ha}\"\nport = {pa}\n\n\
         [routers.rest]\nhost = \"{hr}\"\nport = {pr}\nprotocol = \"rest\"\ntls_fingerprint = \"{pin}\"\n\n\
         [routers.plain]\nhost = \"{hp}\"\nport = {pp}\nprotocol = \"rest-http\"\n"
    );
    common::save_inventory(dir, &text)
}

/// Run `routerctl -o json ARGS`, check the exit code, return the array.
fn json(inventory: &Path, args: &[&str], code: i32) -> Vec<Value> {
    common::json(inventory, ENV, args, code)
}

/// The `result` of router `name`, which must have succeeded.
fn result<'a>(items: &'a [Value], name: &str) -> &'a Value {
    let item = items
        .iter()
        .find(|i| i["router"] == name)
        .unwrap_or_else(|| panic!("no {name} in {items:?}"));
    item.get("result")
        .unwrap_or_else(|| panic!("{name} failed: {item}"))
}

#[test]
fn every_getter_runs_over_rest_with_a_pinned_fingerprint() {
    let sim = Sim::start("rest-lab");
    let dir = tempfile::tempdir().unwrap();
    let inv = write_inventory(dir.path(), &sim, sim.fingerprint());

    let facts = json(&inv, &["facts"], 0);
    for name in ["api", "rest", "plain"] {
        let f = result(&facts, name);
        assert_eq!(f["hostname"], "rest-lab", "{name}");
        assert_eq!(f["vendor"], "mikrotik");
        assert_eq!(f["os_version"], result(&facts, "api")["os_version"]);
    }

    for command in ["interfaces", "clients", "leases", "wifi", "wan"] {
        let items = json(&inv, &[command], 0);
        let over_api = result(&items, "api").as_array().unwrap();
        for name in ["rest", "plain"] {
            let rows = result(&items, name).as_array().unwrap();
            assert_eq!(rows.len(), over_api.len(), "{command} over {name}");
        }
    }
    // Interface names and MACs match the API exactly (counters move).
    let items = json(&inv, &["interfaces"], 0);
    let key = |v: &Value| -> Vec<(Value, Value)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| (r["name"].clone(), r["mac_address"].clone()))
            .collect()
    };
    assert!(!key(result(&items, "api")).is_empty());
    assert_eq!(key(result(&items, "api")), key(result(&items, "rest")));

    let config = json(&inv, &["config", "rest"], 0);
    let content = result(&config, "rest")["content"].as_str().unwrap();
    assert!(content.contains("/system identity"), "{content}");

    // Raw calls reach the console over REST too.
    let identity = json(&inv, &["call", "rest", "/system/identity/print"], 0);
    assert_eq!(result(&identity, "rest")[0]["name"], "rest-lab");
    let bad = json(&inv, &["call", "rest", "/no/such/menu/print"], 1);
    assert_eq!(bad[0]["error"]["kind"], "vendor", "{bad:?}");
}

#[test]
fn a_wrong_fingerprint_fails_clearly_with_exit_1() {
    let sim = Sim::start("rest-pin");
    let dir = tempfile::tempdir().unwrap();
    let inv = write_inventory(dir.path(), &sim, &"00".repeat(32));
    let items = json(&inv, &["facts", "rest"], 1);
    let error = &items[0]["error"];
    assert_eq!(error["kind"], "tls", "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("fingerprint mismatch") && message.contains(sim.fingerprint()),
        "names the pinned and the presented fingerprint: {message}"
    );
}
