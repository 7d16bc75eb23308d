//! Issue 10, "the first hour": what a new user trips over, each checked on
//! the built binary against simulators started as child processes.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{SimProcess, closed_port, host_port};
use predicates::prelude::*;
use serde_json::Value;

const PASSWORD_VAR: &str = "ROUTERCTL_FIRST_HOUR_PW";
const PASSWORD: &str = "first-hour-secret";
const ENV: &[(&str, &str)] = &[(PASSWORD_VAR, PASSWORD)];

/// The fixed CSV header of `facts`.
const FACTS_HEADER: &str =
    "router,vendor,model,serial_number,os_version,hostname,uptime_seconds,error";

/// A MikroTik simulator (api + api-ssl) and an IXON one (HTTP), plus an
/// inventory:
/// - `plain` (api, group lab, site=a), `pinned` (api-ssl, group lab, site=b);
/// - `down` (api-ssl on a closed port), `wrong-protocol` (api on the
///   api-ssl port), `tls-on-plain` (api-ssl on the api port), `plant`
///   (IXON over HTTP), `plant-down` (closed port).
struct Lab {
    _mikrotik: SimProcess,
    _ixon: SimProcess,
    _dir: tempfile::TempDir,
    inventory: PathBuf,
    down_port: u16,
    plant_down_port: u16,
    plain_port: u16,
}

impl Lab {
    fn start() -> Self {
        let mikrotik = SimProcess::start_listening(
            &[
                "mikrotik",
                "--api",
                "127.0.0.1:0",
                "--api-tls",
                "127.0.0.1:0",
                "--password-env",
                PASSWORD_VAR,
                "--identity",
                "lab-core",
            ],
            ENV,
            &["api", "api-ssl"],
        );
        let ixon = SimProcess::start_listening(
            &[
                "ixon",
                "--http",
                "127.0.0.1:0",
                "--password-env",
                PASSWORD_VAR,
                "--hostname",
                "plant-7",
            ],
            ENV,
            &["http"],
        );
        let (h1, p1) = host_port(mikrotik.plain("api"));
        let (tls_addr, fp) = mikrotik.tls("api-ssl");
        let (h2, p2) = host_port(tls_addr);
        let (h3, p3) = host_port(ixon.plain("http"));
        let plain_port: u16 = p1.parse().unwrap();
        let down_port = closed_port();
        let plant_down_port = closed_port();
        let text = format!(
            "[defaults]\nusername = \"admin\"\npassword_env = \"{PASSWORD_VAR}\"\ntimeout = \"10s\"\n\n\
             [routers.plain]\nvendor = \"mikrotik\"\nhost = \"{h1}\"\nport = {p1}\n\
             groups = [\"lab\"]\nlabels = {{ site = \"a\" }}\n\n\
             [routers.pinned]\nvendor = \"mikrotik\"\nhost = \"{h2}\"\nport = {p2}\n\
             protocol = \"api-ssl\"\ntls_fingerprint = \"{fp}\"\n\
             groups = [\"lab\"]\nlabels = {{ site = \"b\" }}\n\n\
             [routers.down]\nvendor = \"mikrotik\"\nhost = \"127.0.0.1\"\nport = {down_port}\n\
             protocol = \"api-ssl\"\ngroups = [\"broken\"]\n\n\
             [routers.wrong-protocol]\nvendor = \"mikrotik\"\nhost = \"{h2}\"\nport = {p2}\n\
             groups = [\"broken\"]\n\n\
             [routers.tls-on-plain]\nvendor = \"mikrotik\"\nhost = \"{h1}\"\nport = {p1}\n\
             protocol = \"api-ssl\"\ntls_fingerprint = \"{fp}\"\ntimeout = \"2s\"\n\
             groups = [\"broken\"]\n\n\
             [routers.plant]\nvendor = \"ixon\"\nprotocol = \"http\"\nhost = \"{h3}\"\nport = {p3}\n\
             groups = [\"plants\"]\n\n\
             [routers.plant-down]\nvendor = \"ixon\"\nprotocol = \"http\"\nhost = \"127.0.0.1\"\n\
             port = {plant_down_port}\ngroups = [\"broken\"]\n"
        );
        let dir = tempfile::tempdir().unwrap();
        let inventory = common::save_inventory(dir.path(), &text);
        Lab {
            _mikrotik: mikrotik,
            _ixon: ixon,
            _dir: dir,
            inventory,
            down_port,
            plant_down_port,
            plain_port,
        }
    }

    fn cmd(&self) -> Command {
        common::routerctl_with(&self.inventory, ENV)
    }

    fn json(&self, args: &[&str], code: i32) -> Vec<Value> {
        common::json(&self.inventory, ENV, args, code)
    }

    /// Run `args`; return (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        run(self.cmd().args(args))
    }
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn routers(items: &[Value]) -> Vec<String> {
    common::outcomes(items)
        .into_iter()
        .map(|(router, _, _)| router)
        .collect()
}

#[test]
fn routerctl_options_after_the_target_are_not_sent_to_the_router() {
    let lab = Lab::start();
    // `--count 2 -o json` after the vendor words: two rows, exit 0.
    let (code, out, err) = lab.run(&[
        "watch",
        "plain",
        "/interface/monitor-traffic",
        "=interface=ether1",
        "--count",
        "2",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    // `-o csv` after the words of `call`.
    let (code, out, err) = lab.run(&["call", "plain", "/system/identity/print", "-o", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "router,name,error\nplain,lab-core,\n");
    // An unknown option is refused before anything is sent.
    let (code, out, err) = lab.run(&["call", "plain", "/system/identity/print", "--bogus"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("`--bogus` after the target is not a routerctl option, and nothing was sent")
            && err.contains("put `--` before"),
        "{err}"
    );
    // The rule is in the help.
    let (_, help, _) = run(common::routerctl().args(["call", "--help"]));
    assert!(help.contains("come after TARGET"), "{help}");
}

#[test]
fn watch_json_is_one_object_per_line_as_the_help_says() {
    let lab = Lab::start();
    let (_, help, _) = run(common::routerctl().args(["watch", "--help"]));
    assert!(help.contains("JSON Lines"), "{help}");
    let (code, out, err) = lab.run(&[
        "-o",
        "json",
        "watch",
        "plain",
        "/interface/monitor-traffic",
        "=interface=ether1",
        "--count",
        "3",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 3);
    for line in &lines {
        assert_eq!(line["router"], "plain");
        assert_eq!(line["result"]["name"], "ether1");
    }
}

#[test]
fn csv_has_one_fixed_header_per_command() {
    let lab = Lab::start();
    let header = |args: &[&str]| {
        let (_, out, err) = lab.run(args);
        out.lines()
            .next()
            .unwrap_or_else(|| panic!("no CSV for {args:?}: {err}"))
            .to_string()
    };
    // Some succeed (IXON has no serial number in facts? every field is
    // listed anyway), some fail, all fail: the same header.
    assert_eq!(
        header(&["facts", "-o", "csv", "plain", "plant"]),
        FACTS_HEADER
    );
    assert_eq!(
        header(&["facts", "-o", "csv", "plain", "down"]),
        FACTS_HEADER
    );
    assert_eq!(header(&["facts", "-o", "csv", "down"]), FACTS_HEADER);
    let wan = header(&["wan", "-o", "csv", "down"]);
    assert_eq!(
        wan,
        "router,name,kind,is_up,ip_address,prefix_length,gateway,dns_servers,uptime_seconds,\
         signal_dbm,error"
    );
}

#[test]
fn nested_vendor_replies_are_flattened_for_table_and_csv() {
    let lab = Lab::start();
    let (code, out, err) = lab.run(&["call", "plant", "ixon.ui.overview", "get", "-o", "csv"]);
    assert_eq!(code, 0, "{err}");
    let mut rows = csv_rows(&out);
    let header = rows.remove(0);
    assert!(header.iter().any(|h| h == "device.hostname"), "{header:?}");
    assert!(
        header.iter().any(|h| h.starts_with("interfaces.0.")),
        "{header:?}"
    );
    assert_eq!(header.last().map(String::as_str), Some("error"));
    let at = header.iter().position(|h| h == "device.hostname").unwrap();
    assert_eq!(rows[0][at], "plant-7");
    for cell in rows.iter().flatten() {
        assert!(!cell.starts_with('{'), "JSON left in a cell: {cell}");
    }
    let (code, out, _) = lab.run(&[
        "call",
        "plant",
        "ixon.ui.overview",
        "get",
        "-o",
        "table",
        "--columns",
        "device.hostname,device.model",
    ]);
    assert_eq!(code, 0);
    let mut lines = out.lines();
    assert_eq!(
        lines
            .next()
            .map(str::split_whitespace)
            .map(Iterator::collect::<Vec<_>>),
        Some(vec!["router", "device.hostname", "device.model"])
    );
    assert!(lines.next().is_some_and(|l| l.contains("plant-7")), "{out}");
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv_lines(text)
}

/// Minimal CSV reading for the tests (quotes, doubled quotes, commas).
fn csv_lines(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    rows
}

#[test]
fn filters_on_different_keys_intersect_and_on_one_key_unite() {
    let lab = Lab::start();
    assert_eq!(
        routers(&lab.json(&["facts", "group=lab", "site=a"], 0)),
        ["plain"]
    );
    assert_eq!(
        routers(&lab.json(&["facts", "vendor=mikrotik", "site=a", "site=b"], 0)),
        ["plain", "pinned"]
    );
    assert_eq!(
        routers(&lab.json(&["facts", "@lab", "protocol=api-ssl"], 0)),
        ["pinned"]
    );
    lab.cmd()
        .args(["facts", "group=plants", "vendor=mikrotik"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no router matches all of \"group=plants vendor=mikrotik\"",
        ));
    let (_, help, _) = run(common::routerctl().arg("--help"));
    assert!(help.contains("(AND)") && help.contains("(OR)"), "{help}");
}

#[test]
fn piped_logs_have_no_colour_and_no_timestamps() {
    let lab = Lab::start();
    let (code, _, err) = run(lab.cmd().env("RUST_LOG", "info").args(["facts", "down"]));
    assert_eq!(code, 1);
    assert!(err.contains("facts failed"), "{err}");
    assert!(!err.contains('\u{1b}'), "colour in piped logs: {err:?}");
    for line in err.lines().filter(|l| l.contains("facts failed")) {
        assert!(line.trim_start().starts_with("INFO"), "timestamp? {line:?}");
    }
    // Colour can still be asked for, and NO_COLOR is respected.
    let (_, _, err) = run(lab
        .cmd()
        .env("RUST_LOG", "info")
        .args(["--color", "always", "facts", "down"]));
    assert!(err.contains('\u{1b}'), "{err:?}");
    let (_, out, err) =
        run(lab
            .cmd()
            .env("NO_COLOR", "1")
            .args(["-o", "table", "interfaces", "plain", "down"]));
    assert!(
        !out.contains('\u{1b}') && !err.contains('\u{1b}'),
        "{out}{err}"
    );
}

#[test]
fn tables_colour_states_and_errors_when_asked() {
    let lab = Lab::start();
    let (_, out, err) = lab.run(&[
        "-o",
        "table",
        "--color",
        "always",
        "interfaces",
        "plain",
        "down",
    ]);
    assert!(out.contains("\u{1b}[32mtrue\u{1b}[0m"), "{out}");
    assert!(err.contains("\u{1b}[31merror:\u{1b}[0m"), "{err}");
    let (_, out, err) = lab.run(&[
        "-o",
        "table",
        "--color",
        "never",
        "interfaces",
        "plain",
        "down",
    ]);
    assert!(!out.contains('\u{1b}') && !err.contains('\u{1b}'));
    // A usage error's `error:` too.
    let (code, _, err) = lab.run(&["--color", "always", "facts", "nope"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("\u{1b}[31merror:\u{1b}[0m unknown router"),
        "{err}"
    );
}

#[test]
fn config_masks_secrets_unless_asked() {
    let lab = Lab::start();
    let (code, out, err) = lab.run(&["config", "plant", "-o", "table"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"wlanKey\": \"<hidden>\""), "{out}");
    assert!(!out.contains("ixon-wlan-key"), "{out}");
    let config = lab.json(&["config", "plant"], 0);
    assert!(!config[0].to_string().contains("ixon-wlan-key"));
    let (code, out, _) = lab.run(&["config", "plant", "-o", "table", "--show-secrets"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"wlanKey\": \"ixon-wlan-key\""), "{out}");
}

#[test]
fn connection_errors_name_the_address_and_hint_at_port_or_protocol() {
    let lab = Lab::start();
    let items = lab.json(&["facts", "@broken"], 1);
    let messages: Vec<(String, String)> = common::outcomes(&items)
        .into_iter()
        .map(|(router, _, outcome)| (router, outcome.expect_err("fails").1))
        .collect();
    let message = |name: &str| {
        messages
            .iter()
            .find(|(r, _)| r == name)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    };
    assert!(
        message("down").contains(&format!(
            "connection refused at 127.0.0.1:{0}: is the router up, and is {0} the port of protocol api-ssl?",
            lab.down_port
        )),
        "{messages:?}"
    );
    assert!(
        message("wrong-protocol").contains(
            "the router closed the connection during login: wrong protocol for this port"
        ),
        "{messages:?}"
    );
    // TLS spoken to the plain API port: the handshake ends in a hang-up
    // or a timeout, either way named with the address and the protocol.
    let tls_on_plain = message("tls-on-plain");
    assert!(
        tls_on_plain.contains(&format!("127.0.0.1:{}", lab.plain_port))
            && tls_on_plain.contains(&format!(
                "is {} the port of protocol api-ssl",
                lab.plain_port
            )),
        "{messages:?}"
    );
    assert!(
        message("plant-down").contains(&format!(
            "connection refused at 127.0.0.1:{}",
            lab.plant_down_port
        )),
        "{messages:?}"
    );
}

#[test]
fn unknown_router_names_get_a_did_you_mean() {
    let lab = Lab::start();
    lab.cmd()
        .args(["facts", "pinend"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown router or group \"pinend\" (did you mean \"pinned\"?)",
        ));
}

#[test]
fn columns_pick_and_order_table_and_csv_columns() {
    let lab = Lab::start();
    let (code, out, err) = lab.run(&[
        "facts",
        "plain",
        "down",
        "-o",
        "csv",
        "--columns",
        "hostname,os_version",
    ]);
    assert_eq!(code, 1, "{err}");
    let rows = csv_lines(&out);
    assert_eq!(rows[0], ["router", "hostname", "os_version", "error"]);
    assert_eq!(rows[1][..2], ["plain", "lab-core"]);
    let (_, out, _) = lab.run(&["facts", "plain", "-o", "table", "--columns", "hostname"]);
    assert_eq!(out.lines().next(), Some("router  hostname"));
    lab.cmd()
        .args(["facts", "--columns", "hostnme"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--columns: no column \"hostnme\""));
}

#[test]
fn completions_complete_router_and_group_names_from_the_inventory() {
    let lab = Lab::start();
    let (code, out, _) = lab.run(&["__complete-targets"]);
    assert_eq!(code, 0);
    let names: Vec<&str> = out.lines().collect();
    for want in ["plain", "pinned", "plant", "@lab", "@broken"] {
        assert!(names.contains(&want), "{want}: {names:?}");
    }
    for shell in ["bash", "zsh", "fish"] {
        let (code, script, _) = run(common::routerctl().args(["completions", shell]));
        assert_eq!(code, 0);
        assert!(
            script.contains("routerctl __complete-targets")
                || script.contains("__complete-targets 2>/dev/null"),
            "{shell}"
        );
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn test_all_sums_results_and_has_an_offline_switch() {
    let root = repo_root();
    let log = "running 3 tests\n\
               test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out\n\
               test result: FAILED. 10 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out\n";
    let out = Command::new(root.join("scripts/sum-test-results"))
        .write_stdin(log)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "13 passed, 2 failed, 1 ignored\n"
    );
    assert_eq!(out.status.code(), Some(1));
    let help = Command::new(root.join("scripts/test-all"))
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(help.status.code(), Some(0));
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("--offline") && help.contains("ROUTERCTL_OFFLINE"),
        "{help}"
    );
    let script = std::fs::read_to_string(root.join("scripts/test-all")).unwrap();
    assert!(
        script.contains("sum-test-results"),
        "the summary line is printed"
    );
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains("python3") && readme.contains("venv") && readme.contains("--offline"),
        "the README names the prerequisites and the offline switch"
    );
}
