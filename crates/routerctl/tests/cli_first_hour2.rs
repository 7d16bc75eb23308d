//! Issue 10, "the first hour", the rows left after `cli_first_hour.rs`:
//! each checked on the built binary, against simulators started as child
//! processes where a router is needed.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{SimProcess, routerctl};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// One `routerctl sim ...` command of the README: its environment
/// assignments and the words after `sim`.
#[derive(Debug)]
struct ReadmeSim {
    env: Vec<(String, String)>,
    args: Vec<String>,
}

impl ReadmeSim {
    /// The listener names its flags open (`--api-tls` announces `api-ssl`,
    /// so they are read from the output, only counted here).
    fn listener_count(&self) -> usize {
        self.args
            .windows(2)
            .filter(|w| w[0].starts_with("--") && w[1].parse::<std::net::SocketAddr>().is_ok())
            .count()
    }

    fn ports(&self) -> Vec<u16> {
        self.args
            .iter()
            .filter_map(|a| a.parse::<std::net::SocketAddr>().ok())
            .map(|a| a.port())
            .collect()
    }
}

/// Every `routerctl sim` line of the README (continuation lines joined,
/// comments dropped).
fn readme_sims() -> Vec<ReadmeSim> {
    let text = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let mut joined = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.split(" #").next().unwrap_or(line).trim_end();
        if let Some(head) = line.strip_suffix('\\') {
            current.push_str(head);
            current.push(' ');
            continue;
        }
        current.push_str(line);
        joined.push(std::mem::take(&mut current));
    }
    joined
        .iter()
        // One simulator per line; `sim fleet` (many routers, its own
        // inventory) is shown in the README but is not one of them.
        // Prose that names `routerctl sim mikrotik` in backticks is not a
        // command line: only lines whose words start `[VAR=value ...]
        // routerctl sim` are.
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let at = words.iter().position(|w| !w.contains('='))?;
            if words.get(at) != Some(&"routerctl")
                || words.get(at + 1) != Some(&"sim")
                || words.get(at + 2) == Some(&"fleet")
            {
                return None;
            }
            let env = words[..at]
                .iter()
                .filter_map(|w| w.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let args = words[at + 2..].iter().map(|w| w.to_string()).collect();
            Some(ReadmeSim { env, args })
        })
        .collect()
}

#[test]
fn the_readme_simulators_run_side_by_side() {
    let sims = readme_sims();
    let names: Vec<&str> = sims.iter().map(|s| s.args[0].as_str()).collect();
    for name in ["mikrotik", "ixon", "openwrt"] {
        assert!(
            names.contains(&name),
            "no `sim {name}` line in the README: {sims:?}"
        );
    }
    // No port is used twice across the lines.
    let mut seen = BTreeMap::new();
    for sim in &sims {
        for port in sim.ports() {
            if let Some(other) = seen.insert(port, sim.args[0].clone()) {
                panic!(
                    "port {port} used by both `sim {other}` and `sim {}`",
                    sim.args[0]
                );
            }
        }
    }
    // All of them at once: each announces every listener it was given.
    let mut running = Vec::new();
    for sim in &sims {
        let args: Vec<&str> = sim.args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = sim
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let process = SimProcess::start_capturing(&args, &env);
        for _ in 0..sim.listener_count() {
            let line = process.next_line("a listener line");
            let addr = line.split(' ').nth(1).unwrap_or_default();
            assert!(
                sim.ports().iter().any(|p| addr.ends_with(&format!(":{p}"))),
                "`sim {}` printed {line:?}",
                sim.args[0]
            );
        }
        running.push(process);
    }
    for process in running {
        assert!(process.terminate().success());
    }
}

#[test]
fn sim_mikrotik_takes_a_validated_ros_version() {
    let sim = |extra: &[&str]| {
        let mut cmd = routerctl();
        cmd.args([
            "sim",
            "mikrotik",
            "--api",
            "127.0.0.1:0",
            "--password",
            "pw",
        ])
        .args(extra);
        cmd
    };
    // `--version` is not the RouterOS version (clap's own, or unknown).
    let out = sim(&["--version", "7.20.5"]).output().unwrap();
    assert_ne!(out.status.code(), Some(0), "--version 7.20.5 started a sim");
    // Garbage is a usage error naming the flag.
    let out = sim(&["--ros-version", "banana"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--ros-version") && stderr.contains("banana"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    // A real version, with or without its channel, starts the simulator.
    for version in ["7.16.2", "6.49.10 (long-term)"] {
        let process = SimProcess::start_listening(
            &[
                "mikrotik",
                "--api",
                "127.0.0.1:0",
                "--password",
                "pw",
                "--ros-version",
                version,
            ],
            &[],
            &["api"],
        );
        assert!(process.terminate().success());
    }
    let help = sim(&["--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--ros-version <VERSION>"), "{help}");
}

/// The vendors this build knows, as the inventory check lists them.
fn known_vendors() -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let inventory = common::save_inventory(
        dir.path(),
        "[routers.r1]\nvendor = \"no-such-vendor\"\nhost = \"127.0.0.1\"\n",
    );
    let out = routerctl()
        .arg("-i")
        .arg(&inventory)
        .arg("facts")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let list = stderr
        .split("this build knows: ")
        .nth(1)
        .unwrap_or_else(|| panic!("{stderr}"));
    list.lines()
        .next()
        .unwrap_or_default()
        .split(", ")
        .map(|v| v.trim().to_string())
        .collect()
}

#[test]
fn the_help_names_the_vendors_of_this_build() {
    let vendors = known_vendors();
    assert!(vendors.contains(&"mikrotik".to_string()), "{vendors:?}");
    for flag in ["-h", "--help"] {
        let out = routerctl().arg(flag).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let help = String::from_utf8_lossy(&out.stdout).to_lowercase();
        for vendor in &vendors {
            assert!(
                help.contains(vendor.as_str()),
                "{flag}: {vendor} missing:\n{help}"
            );
        }
        for other in ["peplink", "linksys"] {
            assert_eq!(
                help.contains(other),
                vendors.iter().any(|v| v == other),
                "{flag} and the build disagree on {other}:\n{help}"
            );
        }
    }
}

#[test]
fn watch_is_refused_at_once_where_nothing_streams() {
    // A port that accepts connections and never answers: anything sent
    // there would wait for the (long) timeout.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let inventory = common::save_inventory(
        dir.path(),
        &format!(
            "[defaults]\nusername = \"admin\"\npassword_env = \"NO_SUCH_PW\"\ntimeout = \"120s\"\n\n\
             [routers.rest]\nvendor = \"mikrotik\"\nprotocol = \"rest-http\"\nhost = \"127.0.0.1\"\nport = {port}\n\n\
             [routers.plant]\nvendor = \"ixon\"\nprotocol = \"http\"\nhost = \"127.0.0.1\"\nport = {port}\n"
        ),
    );
    for (router, expected) in [
        ("rest", "streaming needs api or api-ssl"),
        ("plant", "ixon routers have no streaming commands"),
    ] {
        let out = routerctl()
            .arg("-i")
            .arg(&inventory)
            .args([
                "watch",
                router,
                "/interface/monitor-traffic",
                "=interface=ether1",
            ])
            .env("NO_SUCH_PW", "pw")
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{router}: {stderr}");
        assert!(stderr.contains(expected), "{router}: {stderr}");
    }
}

/// `AB:CD:...` or `abcd...` alike.
fn bare_hex(fp: &str) -> String {
    fp.chars()
        .filter(|c| c.is_ascii_hexdigit())
        .collect::<String>()
        .to_ascii_uppercase()
}

#[test]
fn an_untrusted_certificate_is_shown_with_the_ways_to_trust_it() {
    const VAR: &str = "ROUTERCTL_FIRST_HOUR2_PW";
    let env = [(VAR, "pw2")];
    let mikrotik = SimProcess::start_listening(
        &[
            "mikrotik",
            "--api-tls",
            "127.0.0.1:0",
            "--rest-tls",
            "127.0.0.1:0",
            "--password-env",
            VAR,
        ],
        &env,
        &["api-ssl", "rest-tls"],
    );
    let ixon = SimProcess::start_listening(
        &["ixon", "--https", "127.0.0.1:0", "--password-env", VAR],
        &env,
        &["https"],
    );
    let mut text =
        format!("[defaults]\nusername = \"admin\"\npassword_env = \"{VAR}\"\ntimeout = \"20s\"\n");
    let mut expected = Vec::new();
    for (router, vendor, protocol, sim, listener) in [
        ("api-ssl", "mikrotik", "api-ssl", &mikrotik, "api-ssl"),
        ("rest", "mikrotik", "rest", &mikrotik, "rest-tls"),
        ("ubus", "ixon", "https", &ixon, "https"),
    ] {
        let (addr, fp) = sim.tls(listener);
        let (host, port) = common::host_port(addr);
        text.push_str(&format!(
            "\n[routers.{router}]\nvendor = \"{vendor}\"\nprotocol = \"{protocol}\"\nhost = \"{host}\"\nport = {port}\n"
        ));
        expected.push((router, bare_hex(fp)));
    }
    let dir = tempfile::tempdir().unwrap();
    let inventory = common::save_inventory(dir.path(), &text);
    let items = common::json(&inventory, &env, &["facts"], 1);
    let outcomes = common::outcomes(&items);
    for (router, fp) in expected {
        let (_, _, outcome) = outcomes
            .iter()
            .find(|(r, _, _)| r == router)
            .unwrap_or_else(|| panic!("no {router} in {items:?}"));
        let Err((_, message)) = outcome else {
            panic!("{router} trusted a self-signed certificate: {outcome:?}")
        };
        assert!(
            bare_hex(message).contains(&fp),
            "{router}: no fingerprint {fp} in {message}"
        );
        for way in ["tls_fingerprint = \"", "ca_file", "insecure = true"] {
            assert!(message.contains(way), "{router}: no {way} in {message}");
        }
    }
}

#[test]
fn a_wrong_password_on_an_ixon_router_fails_every_command() {
    const VAR: &str = "ROUTERCTL_FIRST_HOUR2_IXON_PW";
    let ixon = SimProcess::start_listening(
        &["ixon", "--http", "127.0.0.1:0", "--password-env", VAR],
        &[(VAR, "pw-Kq7right")],
        &["http"],
    );
    let (host, port) = common::host_port(ixon.plain("http"));
    let dir = tempfile::tempdir().unwrap();
    let entry = |password_var: &str| {
        format!(
            "[routers.plant]\nvendor = \"ixon\"\nprotocol = \"http\"\nhost = \"{host}\"\nport = {port}\n\
             username = \"admin\"\npassword_env = \"{password_var}\"\n"
        )
    };
    let inventory = common::save_inventory(dir.path(), &entry(VAR));
    let wrong = [(VAR, "pw-Zx9wrong")];
    for command in [
        "facts",
        "interfaces",
        "wan",
        "clients",
        "leases",
        "wifi",
        "config",
    ] {
        let items = common::json(&inventory, &wrong, &[command], 1);
        match common::outcomes(&items).as_slice() {
            [(_, _, Err((kind, message)))] => {
                assert_eq!(kind, "auth", "{command}: {message}");
                assert!(message.contains("password"), "{command}: {message}");
            }
            other => panic!("{command} with a wrong password: {other:?}"),
        }
    }
    // The right password still works.
    let items = common::json(&inventory, &[(VAR, "pw-Kq7right")], &["facts"], 0);
    assert!(matches!(
        common::outcomes(&items).as_slice(),
        [(_, _, Ok(_))]
    ));
}

/// The fleet options, as `--help` would list them.
const FLEET_OPTIONS: &[&str] = &[
    "--inventory",
    "--output",
    "--concurrency",
    "--insecure",
    "--columns",
    "--ask-password",
    "--timeout",
    "--max-memory",
    "--dry-run",
    "--retries",
];

#[test]
fn sim_demo_and_completions_list_only_their_own_options() {
    for command in [
        &["sim", "mikrotik", "--help"][..],
        &["sim", "ixon", "--help"],
        &["demo", "--help"],
        &["completions", "--help"],
    ] {
        let out = routerctl().args(command).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{command:?}");
        let help = String::from_utf8_lossy(&out.stdout);
        // `demo` shows its results: the format and colour apply to it.
        let own: &[&str] = if command[0] == "demo" {
            &["--output", "--color"]
        } else {
            &[]
        };
        for option in FLEET_OPTIONS.iter().chain(&["--color"]) {
            if !own.contains(option) {
                assert!(
                    !help.contains(option),
                    "{command:?} lists {option}:\n{help}"
                );
            }
        }
    }
    // The fleet commands do list them.
    let out = routerctl().args(["facts", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for option in FLEET_OPTIONS {
        assert!(help.contains(option), "facts lacks {option}:\n{help}");
    }
    // `demo` has no inventory: `-i` is refused, before or after its name,
    // instead of being ignored.
    for args in [
        &["demo", "-i", "/nonexistent"][..],
        &["-i", "/nonexistent", "demo"],
        &["sim", "mikrotik", "--password", "pw", "--concurrency", "3"],
        &["--insecure", "completions", "bash"],
    ] {
        let out = routerctl().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("unexpected argument"), "{args:?}: {stderr}");
    }
}

#[test]
fn fleet_options_stand_before_or_after_the_command_name() {
    let dir = tempfile::tempdir().unwrap();
    // No password source: each run fails for r1 without touching the
    // network, which is enough to see which format and columns it used.
    let inventory = common::save_inventory(
        dir.path(),
        "[routers.r1]\nvendor = \"mikrotik\"\nhost = \"127.0.0.1\"\nusername = \"admin\"\n",
    );
    let inventory = inventory.to_str().unwrap();
    for (args, csv) in [
        (&["-i", inventory, "-o", "json", "facts", "r1"][..], false),
        (&["facts", "-i", inventory, "-o", "json", "r1"], false),
        (
            &["--inventory", inventory, "facts", "--output=json", "r1"],
            false,
        ),
        (
            &[
                "-o",
                "csv",
                "facts",
                "-i",
                inventory,
                "--columns",
                "model",
                "r1",
            ],
            true,
        ),
        (
            &["-ocsv", "--columns=model", "facts", "r1", "-i", inventory],
            true,
        ),
    ] {
        let out = routerctl().args(args).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stdout} {stderr}");
        if csv {
            assert_eq!(
                stdout.lines().next(),
                Some("router,model,error"),
                "{args:?}"
            );
        } else {
            let items: serde_json::Value =
                serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {stdout}"));
            assert_eq!(items[0]["router"], "r1", "{args:?}: {stdout}");
        }
    }
}
