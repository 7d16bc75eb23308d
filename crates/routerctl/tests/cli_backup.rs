//! Backups end to end: the built binary against simulators started as
//! child processes, with the state in a temporary SQLite file.

mod common;

use std::path::{Path, PathBuf};

use common::{SimProcess, closed_port, host_port};
use serde_json::Value;

const PASSWORD_VAR: &str = "ROUTERCTL_BACKUP_PW";
const PASSWORD: &str = "backup-e2e-secret";
const ENV: &[(&str, &str)] = &[(PASSWORD_VAR, PASSWORD)];

fn mikrotik(identity: &str) -> SimProcess {
    SimProcess::start_listening(
        &[
            "mikrotik",
            "--api",
            "127.0.0.1:0",
            "--password-env",
            PASSWORD_VAR,
            "--identity",
            identity,
        ],
        ENV,
        &["api"],
    )
}

fn ixon() -> SimProcess {
    SimProcess::start_listening(
        &[
            "ixon",
            "--http",
            "127.0.0.1:0",
            "--password-env",
            PASSWORD_VAR,
        ],
        ENV,
        &["http"],
    )
}

/// `r1` and `r2` on two RouterOS simulators, `down` on a closed port.
fn mikrotik_inventory(dir: &Path, a: &SimProcess, b: &SimProcess) -> PathBuf {
    let (h1, p1) = host_port(a.plain("api"));
    let (h2, p2) = host_port(b.plain("api"));
    let text = format!(
        "[defaults]\nvendor = \"mikrotik\"\nusername = \"admin\"\npassword_env = \"{PASSWORD_VAR}\"\n\
         timeout = \"10s\"\n\n\
         [routers.r1]\nhost = \"{h1}\"\nport = {p1}\n\n\
         [routers.r2]\nhost = \"{h2}\"\nport = {p2}\n\n\
         [routers.down]\nhost = \"127.0.0.1\"\nport = {}\ntimeout = \"3s\"\n",
        closed_port()
    );
    common::save_inventory(dir, &text)
}

/// `routerctl ARGS` with `--state STATE`, `-o json`; checks the exit code
/// and returns stdout.
fn run(inv: &Path, state: &Path, args: &[&str], code: i32) -> String {
    let mut cmd = common::routerctl_with(inv, ENV);
    cmd.args(["-o", "json", "--color", "never"]).args(args);
    if args.first() != Some(&"call") {
        cmd.arg("--state").arg(state);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(!stdout.contains(PASSWORD) && !stderr.contains(PASSWORD));
    stdout
}

fn backup(inv: &Path, state: &Path, targets: &[&str], code: i32) -> Vec<common::Outcome> {
    let mut args = vec!["backup"];
    args.extend_from_slice(targets);
    let text = run(inv, state, &args, code);
    let items: Vec<Value> = serde_json::from_str(&text).unwrap();
    common::outcomes(&items)
}

fn result_of<'a>(outcomes: &'a [common::Outcome], router: &str) -> &'a Value {
    let (_, _, result) = outcomes.iter().find(|(r, _, _)| r == router).unwrap();
    result
        .as_ref()
        .unwrap_or_else(|e| panic!("{router}: {e:?}"))
}

fn history(inv: &Path, state: &Path, router: &str) -> Vec<Value> {
    serde_json::from_str(&run(inv, state, &["history", router], 0)).unwrap()
}

#[test]
fn routeros_backups_dedupe_and_diff_and_a_failing_router_does_not_stop_the_others() {
    let (a, b) = (mikrotik("one"), mikrotik("two"));
    let dir = tempfile::tempdir().unwrap();
    let inv = mikrotik_inventory(dir.path(), &a, &b);
    let state = dir.path().join("state/backups.db");

    // The dead router is reported; the others are backed up all the same.
    let first = backup(&inv, &state, &[], 1);
    assert_eq!(first.len(), 3);
    let (_, _, down) = first.iter().find(|(r, _, _)| r == "down").unwrap();
    assert!(down.is_err(), "{down:?}");
    for router in ["r1", "r2"] {
        let r = result_of(&first, router);
        assert_eq!(
            (r["version"].as_u64(), r["new"].as_bool()),
            (Some(1), Some(true))
        );
        assert_eq!(r["format"], "text");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&state).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the backup database is private");
    }

    // Nothing changed (the export's timestamp line does not count).
    let again = backup(&inv, &state, &["r1", "r2"], 0);
    let r1 = result_of(&again, "r1");
    assert_eq!(
        (r1["version"].as_u64(), r1["new"].as_bool()),
        (Some(1), Some(false))
    );
    assert_eq!(history(&inv, &state, "r1").len(), 1);

    // A change through `call` makes a new version.
    run(
        &inv,
        &state,
        &["call", "r1", "/system/identity/set", "=name=renamed"],
        0,
    );
    let third = backup(&inv, &state, &["r1"], 0);
    let r1 = result_of(&third, "r1");
    assert_eq!(
        (r1["version"].as_u64(), r1["new"].as_bool()),
        (Some(2), Some(true))
    );
    let versions = history(&inv, &state, "r1");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["changes"], "first");
    assert_eq!(versions[1]["changes"], "+1 -1 lines");
    assert_eq!(history(&inv, &state, "r2").len(), 1, "r2 untouched");

    // Table output: a unified diff of the last two, with the identity line.
    let out = common::routerctl()
        .args(["-o", "table", "--color", "never", "diff", "r1", "--state"])
        .arg(&state)
        .output()
        .unwrap();
    assert!(out.status.success());
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("--- r1 version 1\n+++ r1 version 2\n"),
        "{diff}"
    );
    assert!(diff.contains("\n-set name=one\n"), "{diff}");
    assert!(diff.contains("\n+set name=renamed\n"), "{diff}");
    // Colour on request.
    let out = common::routerctl()
        .args([
            "-o", "table", "--color", "always", "diff", "r1", "1", "2", "--state",
        ])
        .arg(&state)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\u{1b}[32m+set name=renamed\u{1b}[0m"));

    // `show` prints a version; unknown ones are usage errors.
    let shown: Value = serde_json::from_str(&run(&inv, &state, &["show", "r1", "1"], 0)).unwrap();
    let text = shown["config"]["content"].as_str().unwrap();
    assert!(text.contains("set name=one"), "{text}");
    run(&inv, &state, &["show", "r1", "9"], 2);
    run(&inv, &state, &["history", "nobody"], 2);
    let missing = dir.path().join("nowhere.db");
    run(&inv, &missing, &["history", "r1"], 2);
    assert!(!missing.exists(), "reading does not create a database");
}

#[test]
fn ixon_backups_are_json_and_diff_structurally_with_secrets_masked() {
    let sim = ixon();
    let dir = tempfile::tempdir().unwrap();
    let (h, p) = host_port(sim.plain("http"));
    let inv = common::save_inventory(
        dir.path(),
        &format!(
            "[routers.plant]\nvendor = \"ixon\"\nprotocol = \"http\"\nhost = \"{h}\"\nport = {p}\n\
             username = \"admin\"\npassword_env = \"{PASSWORD_VAR}\"\ntimeout = \"10s\"\n"
        ),
    );
    let state = dir.path().join("state.db");
    let first = backup(&inv, &state, &["plant"], 0);
    assert_eq!(result_of(&first, "plant")["format"], "json");
    let again = backup(&inv, &state, &["plant"], 0);
    assert_eq!(result_of(&again, "plant")["new"], false);

    run(
        &inv,
        &state,
        &[
            "call",
            "plant",
            "ixon.ui.configuration",
            "set",
            r#"{"configuration":{"wlan":{"wlanSsid":"Plant-7","wlanKey":"new-wlan-key"}}}"#,
        ],
        0,
    );
    let third = backup(&inv, &state, &["plant"], 0);
    assert_eq!(result_of(&third, "plant")["version"], 2);
    let versions = history(&inv, &state, "plant");
    assert_eq!(versions[1]["changes"], "+0 -0 ~2 keys");

    let diff: Value = serde_json::from_str(&run(&inv, &state, &["diff", "plant"], 0)).unwrap();
    let changes = diff["changes"].as_array().unwrap();
    let ssid = changes
        .iter()
        .find(|c| c["path"] == "wlan.wlanSsid")
        .unwrap();
    assert_eq!(
        (
            ssid["kind"].as_str(),
            ssid["old"].as_str(),
            ssid["new"].as_str()
        ),
        (Some("changed"), Some("IXrouter"), Some("Plant-7"))
    );
    let key = changes
        .iter()
        .find(|c| c["path"] == "wlan.wlanKey")
        .unwrap();
    assert_eq!(key["new"], "<hidden>", "secrets are masked: {key}");
    let revealed: Value =
        serde_json::from_str(&run(&inv, &state, &["diff", "plant", "--show-secrets"], 0)).unwrap();
    assert!(revealed.to_string().contains("new-wlan-key"));
    let shown = run(&inv, &state, &["show", "plant"], 0);
    assert!(
        shown.contains("Plant-7") && !shown.contains("new-wlan-key"),
        "{shown}"
    );
}

#[test]
fn peplink_and_linksys_backups_are_json_and_a_linksys_setting_shows_as_a_changed_path() {
    let peplink = SimProcess::start_listening(
        &[
            "peplink",
            "--http",
            "127.0.0.1:0",
            "--password-env",
            PASSWORD_VAR,
        ],
        ENV,
        &["http"],
    );
    let linksys = SimProcess::start_listening(
        &[
            "linksys",
            "--http",
            "127.0.0.1:0",
            "--password-env",
            PASSWORD_VAR,
        ],
        ENV,
        &["http"],
    );
    let dir = tempfile::tempdir().unwrap();
    let (ph, pp) = host_port(peplink.plain("http"));
    let (lh, lp) = host_port(linksys.plain("http"));
    let inv = common::save_inventory(
        dir.path(),
        &format!(
            "[defaults]\nusername = \"admin\"\npassword_env = \"{PASSWORD_VAR}\"\ntimeout = \"10s\"\n\n\
             [routers.van]\nvendor = \"peplink\"\nprotocol = \"http\"\nhost = \"{ph}\"\nport = {pp}\n\n\
             [routers.home]\nvendor = \"linksys\"\nhost = \"{lh}\"\nport = {lp}\n"
        ),
    );
    let state = dir.path().join("state.db");
    let first = backup(&inv, &state, &[], 0);
    for router in ["van", "home"] {
        let r = result_of(&first, router);
        assert_eq!(
            (r["format"].as_str(), r["version"].as_u64()),
            (Some("json"), Some(1))
        );
    }
    let again = backup(&inv, &state, &[], 0);
    assert!(
        again
            .iter()
            .all(|(_, _, r)| r.as_ref().unwrap()["new"] == false)
    );

    // Peplink's stored snapshot holds its config.* sections.
    let shown: Value = serde_json::from_str(&run(&inv, &state, &["show", "van"], 0)).unwrap();
    assert!(
        shown["config"]["content"]["config.ssid.profile"].is_object(),
        "{shown}"
    );

    run(
        &inv,
        &state,
        &[
            "call",
            "home",
            "parentalcontrol/SetParentalControlSettings",
            r#"{"isParentalControlEnabled":true,"rules":[]}"#,
        ],
        0,
    );
    let third = backup(&inv, &state, &["home"], 0);
    assert_eq!(result_of(&third, "home")["version"], 2);
    let diff: Value = serde_json::from_str(&run(&inv, &state, &["diff", "home"], 0)).unwrap();
    let changes = diff["changes"].as_array().unwrap();
    assert!(
        changes.iter().any(|c| c["path"]
            == "parentalcontrol/GetParentalControlSettings.isParentalControlEnabled"
            && c["new"] == true),
        "{diff}"
    );
    // Table view: one line per changed path.
    let out = common::routerctl()
        .args(["-o", "table", "--color", "never", "diff", "home", "--state"])
        .arg(&state)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "~ parentalcontrol/GetParentalControlSettings.isParentalControlEnabled: false -> true"
        ),
        "{text}"
    );
}
