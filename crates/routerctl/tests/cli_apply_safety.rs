//! Change safety end to end against the simulators: rule order (`move`),
//! the unset marker, a killed apply resumed or rolled back from its
//! journal, the audit log's plan, and Linksys desired state.

mod common;

use std::path::Path;

use common::change_lab::{ENV, Lab, PASSWORD_VAR, lab, lab_for, ops};
use common::{SimProcess, host_port};
use serde_json::Value;

const KILL_HOOK: &str = "ROUTERCTL_TEST_KILL_AFTER_OPS";

const DESIRED: &str = r#"
[[routeros]]
menu = "/ip/firewall/address-list"
key = ["address"]
scope = { list = "blocked" }
unlisted = "remove"
entries = [{ address = "192.0.2.1" }, { address = "192.0.2.2", comment = "two" }, { address = "192.0.2.3" }]

[[routeros]]
menu = "/system/ntp/client"
settings = { enabled = true, servers = "192.0.2.123" }
"#;

/// The comments of the firewall filter rules, in order.
fn rule_comments(lab: &Lab) -> Vec<String> {
    lab.call(&["/ip/firewall/filter/print"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["comment"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_rule_below_its_place_is_moved_and_rollback_restores_the_order() {
    rule_move_and_rollback(&lab());
}

/// The same over RouterOS REST (`POST /rest/ip/firewall/filter/move`).
#[test]
fn over_rest_a_rule_is_moved_and_rolled_back_too() {
    rule_move_and_rollback(&lab_for("mikrotik", "r1", "rest"));
}

fn rule_move_and_rollback(lab: &Lab) {
    let drop_rule = "defconf: drop all not coming from LAN";
    // The rule exists already, but at the end (after the drop rule).
    lab.call(&[
        "/ip/firewall/filter/add",
        "=chain=input",
        "=action=accept",
        "=protocol=tcp",
        "=dst-port=22",
        "=src-address=192.0.2.0/24",
        "=comment=ssh from admin net",
    ]);
    let before = lab.config();
    let order = rule_comments(lab);
    assert_eq!(order.last().map(String::as_str), Some("ssh from admin net"));
    let file = lab.file(
        "rule.toml",
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/firewall-rule.toml"),
        )
        .unwrap()
        .replace("targets = [\"@edge\"]", "targets = [\"r1\"]"),
    );
    let plan = lab.result("plan", &file, 0);
    let lines = ops(&plan);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("> /ip/firewall/filter move *") && lines[0].contains(" before *"),
        "{lines:?}"
    );
    let applied = lab.result("apply", &file, 0);
    assert_eq!(applied["status"], "applied", "{applied}");
    let now = rule_comments(lab);
    let ssh = now.iter().position(|c| c == "ssh from admin net").unwrap();
    assert_eq!(now[ssh + 1], drop_rule, "{now:?}");
    assert_eq!(lab.result("plan", &file, 0)["status"], "no changes");

    let log = lab.log();
    let id = log[0]["apply"].as_i64().unwrap().to_string();
    let text = lab.run(&["rollback", &id], 0);
    assert!(text.contains("\"rolled back\""), "{text}");
    assert_eq!(rule_comments(lab), order);
    assert_eq!(lab.config(), before);
}

#[test]
fn the_unset_marker_clears_a_field_and_rollback_sets_it_back() {
    let lab = lab();
    lab.call(&[
        "/ip/firewall/address-list/add",
        "=list=blocked",
        "=address=192.0.2.9",
        "=comment=temporary",
    ]);
    let before = lab.config();
    let file = lab.file(
        "unset.toml",
        "[[routeros]]\nmenu = \"/ip/firewall/address-list\"\nkey = [\"list\", \"address\"]\n\
         entries = [{ list = \"blocked\", address = \"192.0.2.9\", comment = { unset = true } }]\n",
    );
    let plan = lab.result("plan", &file, 0);
    let lines = ops(&plan);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("~ /ip/firewall/address-list unset *")
            && lines[0].ends_with(" comment (was comment=temporary)"),
        "{lines:?}"
    );
    assert_eq!(lab.result("apply", &file, 0)["status"], "applied");
    assert!(!lab.config().contains("temporary"));
    assert_eq!(lab.result("plan", &file, 0)["status"], "no changes");
    let id = lab.log()[0]["apply"].as_i64().unwrap().to_string();
    lab.run(&["rollback", &id], 0);
    assert_eq!(lab.config(), before);
}

/// Start an apply that the test hook kills after `n` operations were sent
/// (the last one not yet journaled as done); its apply id.
fn killed_apply(lab: &Lab, file: &Path, n: u32) -> String {
    let n = n.to_string();
    let out = lab.command(&["apply", file.to_str().unwrap()], &[(KILL_HOOK, &n)]);
    assert_eq!(
        out.status.code(),
        Some(86),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = lab.log();
    assert_eq!(log[0]["status"], "running", "{log:?}");
    // The plan was logged before anything ran.
    let planned = log[0]["plan"]["r1"].as_array().map(Vec::len);
    assert_eq!(planned, Some(5), "{log:?}");
    log[0]["apply"].as_i64().unwrap().to_string()
}

fn seed_stale_entry(lab: &Lab) {
    lab.call(&[
        "/ip/firewall/address-list/add",
        "=list=blocked",
        "=address=198.51.100.9",
    ]);
}

#[test]
fn a_killed_apply_is_resumed_to_the_end() {
    let lab = lab();
    seed_stale_entry(&lab);
    let file = lab.file("desired.toml", DESIRED);
    let before = lab.config();
    let id = killed_apply(&lab, &file, 2);
    assert_eq!(lab.result("plan", &file, 0)["status"], "changes");

    // `log --show` tells which operations ran.
    let shown: Value = serde_json::from_str(&lab.run(&["log", "--show", &id], 0)).unwrap();
    let states: Vec<&str> = shown["journal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["done", "running", "pending", "pending", "pending"]);

    let text = lab.run(&["apply", "--resume"], 0);
    let items: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(items[0]["result"]["status"], "applied", "{text}");
    assert_eq!(lab.result("plan", &file, 0)["status"], "no changes");
    // The operation in flight at the kill ran once: no duplicate entry.
    let entries = lab.call(&["/ip/firewall/address-list/print", "?list=blocked"]);
    assert_eq!(entries.as_array().map(Vec::len), Some(3), "{entries}");
    assert_eq!(lab.log()[0]["status"], "applied");
    lab.run(&["apply", "--resume", &id], 2);

    // And the whole apply, resumed part included, is undone exactly.
    let text = lab.run(&["rollback", &id], 0);
    assert!(text.contains("\"rolled back\""), "{text}");
    assert_eq!(lab.config(), before);
}

#[test]
fn a_killed_apply_is_rolled_back_exactly_without_resuming() {
    let lab = lab();
    seed_stale_entry(&lab);
    let file = lab.file("desired.toml", DESIRED);
    let before = lab.config();
    let id = killed_apply(&lab, &file, 4);
    assert_ne!(lab.config(), before);
    let text = lab.run(&["rollback", &id], 0);
    let items: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(items[0]["result"]["status"], "rolled back", "{text}");
    assert!(
        items[0]["result"]["rollback"]
            .as_str()
            .unwrap()
            .starts_with("4 operation(s) undone"),
        "{text}"
    );
    assert_eq!(lab.config(), before);
    // Nothing is left to resume.
    lab.run(&["apply", "--resume", &id], 2);
}

#[test]
fn the_audit_log_shows_the_plan() {
    let lab = lab();
    let file = lab.file("desired.toml", DESIRED);
    lab.result("apply", &file, 0);
    let log = lab.log();
    let plan = log[0]["plan"]["r1"].as_array().unwrap();
    assert_eq!(plan.len(), 4, "{log:?}");
    assert!(
        plan[0]
            .as_str()
            .unwrap()
            .starts_with("+ /ip/firewall/address-list add")
    );
    let mut cmd = common::routerctl_with(&lab.inv, ENV);
    let out = cmd
        .args(["-o", "table", "log", "--state"])
        .arg(&lab.state)
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.lines().next().unwrap().contains("OPS"), "{table}");
    let mut cmd = common::routerctl_with(&lab.inv, ENV);
    let id = log[0]["apply"].as_i64().unwrap().to_string();
    let out = cmd
        .args(["-o", "table", "log", "--show", &id, "--state"])
        .arg(&lab.state)
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("[done] + /ip/firewall/address-list add"),
        "{shown}"
    );
    assert!(shown.contains("result r1: applied"), "{shown}");
    lab.run(&["log", "--show", "999"], 2);
}

/// The Linksys example, as shipped.
fn linksys_example() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/linksys-home.toml"),
    )
    .unwrap()
}

#[test]
fn linksys_settings_plan_apply_rollback_and_revert() {
    let lab = lab_for("linksys", "den", "http");
    let before = lab.config();
    let file = lab.file("den.toml", &linksys_example());
    let plan = lab.result("plan", &file, 0);
    let lines = ops(&plan);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with("~ guestnetwork/SetGuestNetworkSettings"),
        "{lines:?}"
    );
    assert!(lines[0].contains("guestSSID=\"Visitors\""), "{lines:?}");
    assert!(
        lines[1].starts_with(
            "~ parentalcontrol/SetParentalControlSettings isParentalControlEnabled=true"
        ),
        "{lines:?}"
    );
    assert!(
        lines[2].contains("radios.0.settings.ssid=\"Home-5\""),
        "{lines:?}"
    );

    // Not confirmed: reverted.
    let text = lab.run(
        &["apply", file.to_str().unwrap(), "--confirm-within", "1s"],
        0,
    );
    assert!(text.contains("\"reverted\""), "{text}");
    assert_eq!(lab.config(), before);

    let applied = lab.result("apply", &file, 0);
    assert_eq!(applied["status"], "applied", "{applied}");
    assert_eq!(lab.result("plan", &file, 0)["status"], "no changes");
    let guest = lab.call(&["guestnetwork/GetGuestNetworkSettings"]);
    assert_eq!(guest["output"]["guestSSID"], "Visitors", "{guest}");

    // A refused change (a guest SSID equal to a main one) rolls the
    // others back.
    let id = lab.log()[0]["apply"].as_i64().unwrap().to_string();
    lab.run(&["rollback", &id], 0);
    assert_eq!(lab.config(), before);
    let bad = lab.file(
        "bad.toml",
        "[[linksys]]\nsection = \"radio\"\nradio = \"RADIO_5GHz\"\nsettings = { ssid = \"Home-5\" }\n\n\
         [[linksys]]\nsection = \"guest-network\"\nsettings = { guestSSID = \"Home-5\" }\n",
    );
    let failed = lab.result("apply", &bad, 1);
    assert_eq!(failed["status"], "rolled back", "{failed}");
    assert!(
        failed["error"]
            .as_str()
            .unwrap()
            .contains("ErrorGuestSSIDConflict"),
        "{failed}"
    );
    assert_eq!(lab.config(), before);
}

#[test]
fn routers_are_applied_side_by_side_each_with_its_own_journal() {
    let start = || {
        SimProcess::start_listening(
            &[
                "mikrotik",
                "--api",
                "127.0.0.1:0",
                "--password-env",
                PASSWORD_VAR,
            ],
            ENV,
            &["api"],
        )
    };
    let (a, b) = (start(), start());
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for (name, sim) in [("r1", &a), ("r2", &b)] {
        let (h, p) = host_port(sim.plain("api"));
        text.push_str(&format!(
            "[routers.{name}]\nvendor = \"mikrotik\"\nhost = \"{h}\"\nport = {p}\nusername = \"admin\"\n\
             password_env = \"{PASSWORD_VAR}\"\ntimeout = \"10s\"\n\n"
        ));
    }
    let inv = common::save_inventory(dir.path(), &text);
    let file = dir.path().join("desired.toml");
    std::fs::write(&file, DESIRED).unwrap();
    let state = dir.path().join("state.db");
    let run = |args: &[&str]| {
        let out = common::routerctl_with(&inv, ENV)
            .args(["-o", "json"])
            .args(args)
            .args(["--concurrency", "2", "--state"])
            .arg(&state)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let applied = run(&["apply", file.to_str().unwrap()]);
    let statuses: Vec<(&str, &str)> = applied
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["router"].as_str().unwrap(),
                i["result"]["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(statuses, [("r1", "applied"), ("r2", "applied")]);
    let log = run(&["log"]);
    let plan = &log[0]["plan"];
    assert_eq!(plan["r1"].as_array().map(Vec::len), Some(4), "{log}");
    assert_eq!(plan["r2"].as_array().map(Vec::len), Some(4), "{log}");
    let id = log[0]["apply"].as_i64().unwrap().to_string();
    let undone = run(&["rollback", &id]);
    assert_eq!(undone.as_array().map(Vec::len), Some(2), "{undone}");
}

/// A JSON-family apply killed after its first operation was sent: resume
/// finishes it (reading the router for the operation in flight), and
/// rollback undoes it.
fn killed_json_apply_resumes(lab: &Lab, stanzas: &str) {
    let file = lab.file("desired.toml", stanzas);
    let before = lab.config();
    assert_eq!(lab.result("plan", &file, 0)["status"], "changes");
    let out = lab.command(&["apply", file.to_str().unwrap()], &[(KILL_HOOK, "1")]);
    assert_eq!(
        out.status.code(),
        Some(86),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = lab.log();
    assert_eq!(log[0]["status"], "running", "{log:?}");
    let id = log[0]["apply"].as_i64().unwrap().to_string();
    let text = lab.run(&["apply", "--resume", &id], 0);
    assert!(text.contains("\"applied\""), "{text}");
    assert_eq!(lab.result("plan", &file, 0)["status"], "no changes");
    lab.run(&["rollback", &id], 0);
    assert_eq!(lab.result("plan", &file, 0)["status"], "changes");
    assert_eq!(lab.config(), before);
}

#[test]
fn a_killed_ixon_apply_is_resumed_and_rolled_back() {
    killed_json_apply_resumes(
        &lab_for("ixon", "plant", "http"),
        "[[ixon]]\nconfiguration = { wlan = { wlanSsid = \"Plant-7\" } }\n",
    );
}

#[test]
fn a_killed_peplink_apply_is_restaged_committed_and_rolled_back() {
    killed_json_apply_resumes(
        &lab_for("peplink", "van", "http"),
        "[[peplink]]\nendpoint = \"config.ssid.profile\"\nid = 1\nfields = { name = \"Van-Office\" }\n\n\
         [[peplink]]\nendpoint = \"config.ssid.profile\"\nid = 2\nfields = { name = \"Van-Guest\" }\n",
    );
}

#[test]
fn a_killed_linksys_apply_is_resumed_and_rolled_back() {
    killed_json_apply_resumes(&lab_for("linksys", "den", "http"), &linksys_example());
}
