//! The built binary without any router: argument handling, inventory
//! errors, target errors, help and completions.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::save_inventory as inventory;
use predicates::prelude::*;

fn routerctl(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("routerctl").unwrap();
    cmd.current_dir(dir)
        .env_remove("ROUTERCTL_INVENTORY")
        .env_remove("RUST_LOG");
    cmd
}

const TWO_ROUTERS: &str = r#"
[defaults]
vendor = "mikrotik"
username = "admin"
password_env = "ROUTERCTL_TEST_PW"

[routers.edge-1]
host = "127.0.0.1"
groups = ["edge"]

[routers.edge-2]
host = "127.0.0.1"
groups = ["edge"]
"#;

#[test]
fn bad_inventory_exits_2_naming_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = inventory(
        dir.path(),
        "[defaults]\nvendor = \"mikrotik\"\n\n[routers.edge-1]\nhost = \"h\"\npasword = \"x\"\n",
    );
    routerctl(dir.path())
        .args(["-o", "json", "--inventory"])
        .arg(&path)
        .arg("facts")
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::starts_with(format!(
            "error: inventory {}:6:1: field `routers.edge-1.pasword`: unknown field `pasword`",
            path.display()
        )));
}

#[test]
fn inventory_comes_from_the_environment_then_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = inventory(dir.path(), "[routers.r1]\nport = \"x\"\n");
    routerctl(dir.path())
        .env("ROUTERCTL_INVENTORY", &path)
        .arg("facts")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(":2:8: field `routers.r1.port`"));
    // Without flag or variable: ./routers.toml.
    routerctl(dir.path())
        .arg("facts")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("routers.toml:2:8"));
}

#[test]
fn missing_default_inventory_is_a_usage_error_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    routerctl(dir.path()).arg("facts").assert().code(2).stderr(
        predicate::str::contains("no inventory").and(predicate::str::contains("routerctl demo")),
    );
}

#[test]
fn unknown_target_exits_2_and_lists_known_names() {
    let dir = tempfile::tempdir().unwrap();
    inventory(dir.path(), TWO_ROUTERS);
    routerctl(dir.path())
        .args(["interfaces", "edge-1", "edge-9"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("unknown router or group \"edge-9\"")
                .and(predicate::str::contains("routers: edge-1, edge-2"))
                .and(predicate::str::contains("groups:  @edge")),
        );
    routerctl(dir.path())
        .args(["call", "@nope", "/system/resource/print"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown group \"@nope\""));
}

#[test]
fn watch_needs_exactly_one_router() {
    let dir = tempfile::tempdir().unwrap();
    inventory(dir.path(), TWO_ROUTERS);
    routerctl(dir.path())
        .args(["watch", "@edge", "/interface/listen"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("watch needs exactly one router"));
}

#[test]
fn clap_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    routerctl(dir.path()).arg("frobnicate").assert().code(2);
    routerctl(dir.path()).args(["call", "r1"]).assert().code(2);
    routerctl(dir.path())
        .args(["--concurrency", "0", "facts"])
        .assert()
        .code(2);
    routerctl(dir.path())
        .args(["--timeout", "forever", "facts"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid duration"));
}

#[test]
fn help_lists_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let assert = routerctl(dir.path()).arg("--help").assert().success();
    let help = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for word in [
        "facts",
        "interfaces",
        "wan",
        "clients",
        "leases",
        "wifi",
        "config",
        "call",
        "watch",
        "exporter",
        "sim",
        "demo",
        "completions",
        "--inventory",
        "--output",
        "--concurrency",
        "--ask-password",
        "--insecure",
        "ROUTERCTL_INVENTORY",
    ] {
        assert!(
            help.contains(word),
            "--help does not mention {word}:\n{help}"
        );
    }
    assert!(!help.contains("--password "), "no --password outside `sim`");
    routerctl(dir.path())
        .args(["sim", "mikrotik", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("--password-env").and(predicate::str::contains("--api-tls")),
        );
}

#[test]
fn completions_bash_is_a_script_for_routerctl() {
    let dir = tempfile::tempdir().unwrap();
    routerctl(dir.path())
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("_routerctl()")
                .and(predicate::str::contains("complete -F"))
                // The simulators' subcommands and flags, from the registry.
                .and(predicate::str::contains("sim,mikrotik)"))
                .and(predicate::str::contains("sim,openwrt)"))
                .and(predicate::str::contains("--api-tls"))
                .and(predicate::str::contains("--readonly-user")),
        );
    routerctl(dir.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn plaintext_password_and_insecure_warn_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    // Port 1 on loopback: nothing listens, so the run fails quickly; the
    // warnings come before any connection.
    inventory(
        dir.path(),
        "[routers.lab]\nvendor = \"mikrotik\"\nprotocol = \"api-ssl\"\nhost = \"127.0.0.1\"\nport = 1\n\
         username = \"admin\"\npassword = \"hunter2\"\ninsecure = true\ntimeout = \"2s\"\n",
    );
    let assert = routerctl(dir.path())
        .args(["-o", "json", "facts"])
        .assert()
        .code(1);
    let out = assert.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("plaintext `password` for lab"), "{stderr}");
    assert!(stderr.contains("NOT verified for lab"), "{stderr}");
    assert!(
        !stderr.contains("hunter2") && !String::from_utf8_lossy(&out.stdout).contains("hunter2")
    );
}

#[test]
fn a_failing_router_gives_the_json_error_contract_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    inventory(
        dir.path(),
        "[defaults]\nvendor = \"mikrotik\"\nusername = \"admin\"\ntimeout = \"2s\"\n\
         [routers.no-password]\nhost = \"127.0.0.1\"\nport = 1\n\
         [routers.unset-env]\nhost = \"127.0.0.1\"\nport = 1\npassword_env = \"ROUTERCTL_TEST_SURELY_UNSET\"\n",
    );
    let assert = routerctl(dir.path()).arg("facts").assert().code(1);
    let out: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(
        out,
        serde_json::json!([
            {"router": "no-password", "vendor": "mikrotik", "error": {"kind": "config",
             "message": "no-password: configuration: no password configured: set password_env or \
                         password_file in the inventory, or pass --ask-password"}},
            {"router": "unset-env", "vendor": "mikrotik", "error": {"kind": "config",
             "message": "unset-env: configuration: environment variable ROUTERCTL_TEST_SURELY_UNSET is not set"}}
        ])
    );
}
