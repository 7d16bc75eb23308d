//! Desired state end to end against `routerctl sim mikrotik`: plan, apply,
//! idempotence, rollback on failure, commit-confirm.

mod common;

use std::path::Path;
use std::process::Stdio;

use common::change_lab::{ENV, lab, lab_for, ops};
use serde_json::Value;

const DESIRED: &str = r#"
[[routeros]]
menu = "/ip/firewall/address-list"
key = ["address"]
scope = { list = "blocked" }
unlisted = "remove"
entries = [{ address = "192.0.2.1" }, { address = "192.0.2.2", comment = "two" }]

[[routeros]]
menu = "/system/ntp/client"
settings = { enabled = true, servers = "192.0.2.123" }
"#;

#[test]
fn plan_then_apply_then_nothing_left_to_do() {
    let lab = lab();
    lab.run(
        &[
            "call",
            "r1",
            "/ip/firewall/address-list/add",
            "=list=blocked",
            "=address=198.51.100.9",
        ],
        0,
    );
    let file = lab.file("desired.toml", DESIRED);
    let before = lab.config();
    let plan = lab.result("plan", &file, 0);
    assert_eq!(plan["status"], "changes");
    let lines = ops(&plan);
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(
        lines[0].starts_with("+ /ip/firewall/address-list add address=192.0.2.1 list=blocked"),
        "{lines:?}"
    );
    assert!(
        lines[2].starts_with("- /ip/firewall/address-list remove"),
        "{lines:?}"
    );
    assert!(lines[2].contains("198.51.100.9"), "{lines:?}");
    assert!(
        lines[3].starts_with("~ /system/ntp/client set enabled=true servers=192.0.2.123"),
        "{lines:?}"
    );
    assert_eq!(lab.config(), before, "plan writes nothing");

    let applied = lab.result("apply", &file, 0);
    assert_eq!(applied["status"], "applied", "{applied}");
    assert_eq!(applied["backup_version"], 1);
    let export = lab.config();
    assert!(
        export.contains("address=192.0.2.2") && !export.contains("198.51.100.9"),
        "{export}"
    );
    let again = lab.result("plan", &file, 0);
    assert_eq!(again["status"], "no changes", "{again}");
    assert!(ops(&again).is_empty());
}

#[test]
fn a_failure_mid_apply_rolls_back_to_the_snapshot_exactly() {
    let lab = lab();
    lab.run(
        &[
            "call",
            "r1",
            "/ip/firewall/address-list/add",
            "=list=blocked",
            "=address=198.51.100.9",
        ],
        0,
    );
    let before = lab.config();
    // The second stanza's value is refused by the router, after the first
    // stanza's operations ran.
    let file = lab.file(
        "broken.toml",
        &format!(
            "{DESIRED}\n[[routeros]]\nmenu = \"/system/ntp/client\"\nsettings = {{ mode = \"telepathy\" }}\n"
        ),
    );
    let result = lab.result("apply", &file, 1);
    assert_eq!(result["status"], "rolled back", "{result}");
    assert!(
        result["error"].as_str().unwrap().contains("mode=telepathy"),
        "{result}"
    );
    assert!(
        result["rollback"]
            .as_str()
            .unwrap()
            .starts_with("4 operation(s) undone"),
        "{result}"
    );
    assert_eq!(lab.config(), before);
}

#[test]
fn commit_confirm_reverts_unless_confirmed() {
    let lab = lab();
    let file = lab.file("desired.toml", DESIRED);
    let before = lab.config();

    // Not confirmed: reverted when the window ends.
    let text = lab.run(
        &["apply", file.to_str().unwrap(), "--confirm-within", "1s"],
        0,
    );
    let items: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(items[0]["result"]["status"], "reverted", "{text}");
    assert_eq!(lab.config(), before);
    lab.run(&["confirm"], 2);

    // Confirmed from another process: kept.
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("routerctl"))
        .envs(ENV.iter().copied())
        .env_remove("RUST_LOG")
        .arg("--inventory")
        .arg(&lab.inv)
        .args(["-o", "json", "apply"])
        .arg(&file)
        .args(["--confirm-within", "60s", "--state"])
        .arg(&lab.state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut confirmed = false;
    for _ in 0..300 {
        let out = common::routerctl()
            .args(["confirm", "--state"])
            .arg(&lab.state)
            .output()
            .unwrap();
        if out.status.success() {
            confirmed = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(confirmed, "the apply never awaited confirmation");
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items[0]["result"]["status"], "applied");
    assert_eq!(lab.result("plan", &file, 0)["status"], "no changes");
}

#[test]
fn a_killed_apply_is_rolled_back_from_the_journal_and_logged() {
    let lab = lab();
    let file = lab.file("desired.toml", DESIRED);
    let before = lab.config();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("routerctl"))
        .envs(ENV.iter().copied())
        .env_remove("RUST_LOG")
        .arg("--inventory")
        .arg(&lab.inv)
        .args(["-o", "json", "apply"])
        .arg(&file)
        .args(["--confirm-within", "10m", "--state"])
        .arg(&lab.state)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the changes are in and it waits for confirmation, then
    // kill it: nothing will revert them but the journal.
    let mut apply_id = None;
    for _ in 0..300 {
        let log: Vec<Value> = serde_json::from_str(&lab.run(&["log"], 0)).unwrap();
        if let Some(entry) = log.first().filter(|e| e["status"] == "awaiting-confirm") {
            apply_id = entry["apply"].as_i64();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let apply_id = apply_id.expect("the apply reached awaiting-confirm");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_ne!(lab.config(), before, "the changes stand after the kill");

    let text = lab.run(&["rollback", &apply_id.to_string()], 0);
    let items: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(items[0]["result"]["status"], "rolled back", "{text}");
    assert_eq!(lab.config(), before);
    let log: Vec<Value> = serde_json::from_str(&lab.run(&["log"], 0)).unwrap();
    assert_eq!(log[0]["status"], "rolled-back");
    assert!(log[0]["file"].as_str().unwrap().ends_with("desired.toml"));
    // A second rollback has nothing left to undo.
    let again: Vec<Value> =
        serde_json::from_str(&lab.run(&["rollback", &apply_id.to_string()], 0)).unwrap();
    assert!(again.is_empty());
    lab.run(&["rollback", "999"], 2);
}

#[test]
fn the_examples_parse_and_plan() {
    let lab = lab();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let inv = common::save_inventory(
        lab.dir.path(),
        &std::fs::read_to_string(&lab.inv).unwrap().replace(
            "timeout = \"10s\"\n",
            "timeout = \"10s\"\ngroups = [\"edge\"]\n",
        ),
    );
    for (name, first) in [
        (
            "address-list.toml",
            "+ /ip/firewall/address-list add address=192.0.2.10 list=blocked",
        ),
        (
            "ntp.toml",
            "~ /system/ntp/client set enabled=true servers=192.0.2.123,192.0.2.124",
        ),
        (
            "dhcp-lease.toml",
            "+ /ip/dhcp-server/lease add address=192.168.88.42",
        ),
    ] {
        let file = examples.join(name);
        let out = common::routerctl_with(&inv, ENV)
            .args(["-o", "json", "plan"])
            .arg(&file)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{name}: {text} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let items: Vec<Value> = serde_json::from_str(&text).unwrap();
        let lines = ops(&items[0]["result"]);
        assert!(lines[0].starts_with(first), "{name}: {lines:?}");
    }
}

#[test]
fn the_firewall_rule_lands_before_the_named_rule() {
    let lab = lab();
    let file = lab.file(
        "rule.toml",
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/firewall-rule.toml"),
        )
        .unwrap()
        .replace("targets = [\"@edge\"]", "targets = [\"r1\"]"),
    );
    let applied = lab.result("apply", &file, 0);
    assert_eq!(applied["status"], "applied", "{applied}");
    assert!(ops(&applied)[0].contains("place-before=*"), "{applied}");
    let rules: Vec<Value> =
        serde_json::from_str(&lab.run(&["call", "r1", "/ip/firewall/filter/print"], 0)).unwrap();
    let comments: Vec<&str> = rules[0]["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["comment"].as_str())
        .collect();
    let ssh = comments
        .iter()
        .position(|c| *c == "ssh from admin net")
        .unwrap();
    let drop = comments
        .iter()
        .position(|c| *c == "defconf: drop all not coming from LAN")
        .unwrap();
    assert_eq!(ssh + 1, drop, "{comments:?}");
    assert_eq!(lab.result("plan", &file, 0)["status"], "no changes");
}

#[test]
fn ixon_configuration_fields_plan_apply_and_revert() {
    let lab = lab_for("ixon", "plant", "http");
    let file = lab.file(
        "ixon.toml",
        "[[ixon]]\nconfiguration = { wlan = { wlanSsid = \"Plant-7\", wlanKey = \"new-wlan-key\" } }\n",
    );
    let plan = lab.result("plan", &file, 0);
    let lines = ops(&plan);
    assert_eq!(
        lines,
        [
            "~ ixon.ui.configuration wlan.wlanKey=<hidden> (was <hidden>), wlan.wlanSsid=\"Plant-7\" (was \"IXrouter\")"
        ]
    );

    // Not confirmed: reverted.
    let text = lab.run(
        &["apply", file.to_str().unwrap(), "--confirm-within", "1s"],
        0,
    );
    assert!(text.contains("\"reverted\""), "{text}");
    assert_eq!(lab.result("plan", &file, 0)["status"], "changes");

    let applied = lab.result("apply", &file, 0);
    assert_eq!(applied["status"], "applied", "{applied}");
    assert_eq!(lab.result("plan", &file, 0)["status"], "no changes");

    // A value the router refuses: reported, nothing half-applied.
    let bad = lab.file(
        "bad.toml",
        "[[ixon]]\nconfiguration = { wlan = { wlanChannel = \"not-a-channel\" } }\n",
    );
    let failed = lab.result("apply", &bad, 1);
    assert_eq!(failed["status"], "rolled back", "{failed}");
    assert_eq!(lab.result("plan", &file, 0)["status"], "no changes");

    // RouterOS stanzas on an IXON router are refused by name.
    let wrong = lab.file(
        "wrong.toml",
        "[[routeros]]\nmenu = \"/system/ntp/client\"\nsettings = { enabled = true }\n",
    );
    let text = lab.run(&["plan", wrong.to_str().unwrap()], 1);
    assert!(
        text.contains("[[routeros]] stanzas apply to mikrotik routers only"),
        "{text}"
    );
}

#[test]
fn peplink_changes_are_staged_then_committed_or_discarded() {
    let lab = lab_for("peplink", "van", "http");
    let stanza = "[[peplink]]\nendpoint = \"config.ssid.profile\"\nid = 1\nfields = { name = \"Van-Office\" }\n";
    let file = lab.file("van.toml", stanza);
    let plan = lab.result("plan", &file, 0);
    assert_eq!(
        ops(&plan),
        ["~ config.ssid.profile 1 name=\"Van-Office\" (was \"Office\")"]
    );

    // The second change is refused: the first, only staged, is discarded.
    let bad = lab.file(
        "bad.toml",
        &format!("{stanza}\n[[peplink]]\nendpoint = \"config.ssid.profile\"\nid = 2\nfields = {{ name = \"\" }}\n"),
    );
    let failed = lab.result("apply", &bad, 1);
    assert_eq!(failed["status"], "rolled back", "{failed}");
    assert_eq!(failed["rollback"], "pending changes discarded");
    assert_eq!(lab.result("plan", &file, 0)["status"], "changes");

    // Not confirmed: reverted (and committed back).
    let text = lab.run(
        &["apply", file.to_str().unwrap(), "--confirm-within", "1s"],
        0,
    );
    assert!(text.contains("\"reverted\""), "{text}");
    assert_eq!(lab.result("plan", &file, 0)["status"], "changes");

    let applied = lab.result("apply", &file, 0);
    assert_eq!(applied["status"], "applied", "{applied}");
    assert_eq!(lab.result("plan", &file, 0)["status"], "no changes");
    // Committed, not just pending: discarding the pending configuration
    // does not undo it.
    lab.run(&["call", "van", "POST", "cmd.config.discard"], 0);
    assert_eq!(lab.result("plan", &file, 0)["status"], "no changes");
}
