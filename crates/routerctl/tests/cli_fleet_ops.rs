//! Fleet operations end to end: group settings reaching a real simulator,
//! fan-out `call` refusing other vendors, the summary line, `--dry-run`,
//! `--limit`, `inventory check` and `man`.

mod common;

use std::path::{Path, PathBuf};

use common::{SimProcess, closed_port, host_port};

const PASSWORD_VAR: &str = "ROUTERCTL_FLEET_OPS_PW";
const PASSWORD: &str = "fleet-ops-secret";
const ENV: &[(&str, &str)] = &[(PASSWORD_VAR, PASSWORD)];

fn sim() -> SimProcess {
    SimProcess::start_listening(
        &[
            "mikrotik",
            "--api",
            "127.0.0.1:0",
            "--password-env",
            PASSWORD_VAR,
            "--identity",
            "fleet-ops",
        ],
        ENV,
        &["api"],
    )
}

/// `b1`, `b2` reach the simulator with credentials from their groups only;
/// `down` is a closed port; `ux` an IXON router.
fn inventory(dir: &Path, sim: &SimProcess) -> PathBuf {
    let (host, port) = host_port(sim.plain("api"));
    let closed = closed_port();
    let text = format!(
        "[defaults]\nvendor = \"mikrotik\"\ntimeout = \"5s\"\n\n\
         [groups.creds]\nusername = \"admin\"\npassword_env = \"{PASSWORD_VAR}\"\n\n\
         [groups.branch]\ngroups = [\"creds\"]\nport = {port}\n\n\
         [routers.b1]\nhost = \"{host}\"\ngroups = [\"branch\"]\n\n\
         [routers.b2]\nhost = \"localhost\"\ngroups = [\"branch\"]\n\n\
         [routers.down]\nhost = \"127.0.0.1\"\nport = {closed}\ngroups = [\"creds\"]\n\n\
         [routers.ux]\nvendor = \"ixon\"\nhost = \"127.0.0.1\"\nport = {closed}\n\
         protocol = \"http\"\ngroups = [\"creds\"]\n"
    );
    common::save_inventory(dir, &text)
}

fn run(inv: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = common::routerctl_with(inv, ENV)
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stdout.contains(PASSWORD) && !stderr.contains(PASSWORD));
    (out.status.code(), stdout, stderr)
}

#[test]
fn fan_out_call_refuses_other_vendors_unless_told_and_summarises() {
    let sim = sim();
    let dir = tempfile::tempdir().unwrap();
    let inv = inventory(dir.path(), &sim);

    let (code, stdout, stderr) = run(
        &inv,
        &["call", "all", "/system/identity/print", "-o", "json"],
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("ux (ixon)"), "{stderr}");
    assert!(stderr.contains("--skip-other-vendors"), "{stderr}");

    let (code, stdout, stderr) = run(
        &inv,
        &[
            "call",
            "all",
            "/system/identity/print",
            "--skip-other-vendors",
            "-o",
            "json",
        ],
    );
    assert_eq!(code, Some(1), "down fails: {stderr}");
    let items: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let outcomes = common::outcomes(&items);
    let names: Vec<&str> = outcomes.iter().map(|o| o.0.as_str()).collect();
    assert_eq!(names, ["b1", "b2", "down"]);
    assert!(outcomes[0].2.is_ok() && outcomes[1].2.is_ok(), "{stdout}");
    assert_eq!(outcomes[2].2.as_ref().unwrap_err().0, "io");
    assert!(
        stderr.contains("skipping routers of another vendor family"),
        "{stderr}"
    );
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("summary: "))
        .unwrap_or_else(|| panic!("no summary in {stderr}"));
    assert!(
        summary.starts_with("summary: 2 succeeded, 1 failed, 0 skipped in "),
        "{summary}"
    );
    assert!(
        stderr.lines().any(|l| l.starts_with("  down  io  ")),
        "{stderr}"
    );

    // Comma-separated targets with a glob and an exclusion; one router:
    // no summary.
    let (code, _, stderr) = run(
        &inv,
        &["call", "b*,!b2", "/system/identity/print", "-o", "json"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("summary:"), "{stderr}");
}

#[test]
fn dry_run_and_limit_touch_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[defaults]\nvendor = \"mikrotik\"\nusername = \"u\"\n\n\
                [routers.a]\nhost = \"192.0.2.1\"\n\n[routers.b]\nhost = \"192.0.2.2\"\n\n\
                [routers.c]\nhost = \"192.0.2.3\"\n";
    let inv = common::save_inventory(dir.path(), text);
    // No password source anywhere: a real run would fail, a dry run lists.
    let (code, stdout, stderr) = run(&inv, &["facts", "--dry-run", "--limit", "2", "!a"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stdout,
        "b\tmikrotik\tapi\t192.0.2.2\t\nc\tmikrotik\tapi\t192.0.2.3\t\n\
         # dry run: 2 router(s); nothing sent\n"
    );
    let (code, stdout, _) = run(
        &inv,
        &["call", "all", "/system/reboot", "--dry-run", "--limit", "1"],
    );
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with("a\t"), "{stdout}");
}

#[test]
fn inventory_check_and_show_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[defaults]\nvendor = \"mikrotik\"\nusername = \"u\"\n\n\
                [groups.x]\ngroups = [\"y\"]\n\n[groups.y]\ngroups = [\"x\"]\n\n\
                [routers.a]\nhost = \"h\"\n";
    let inv = common::save_inventory(dir.path(), text);
    let (code, _, stderr) = run(&inv, &["inventory", "check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("routers.toml:9:11"), "{stderr}");
    assert!(stderr.contains("group cycle: x -> y -> x"), "{stderr}");
    assert!(stderr.contains("routers.toml:11:1: field `routers.a`: no password source"));
    assert!(stderr.ends_with("2 problem(s)\n"), "{stderr}");

    let good = "[defaults]\nvendor = \"mikrotik\"\nusername = \"u\"\npassword_env = \"P\"\n\n\
                [groups.g]\ntimeout = \"2s\"\n\n[routers.a]\nhost = \"h\"\ngroups = [\"g\"]\n";
    let inv = common::save_inventory(dir.path(), good);
    let (code, stdout, _) = run(&inv, &["inventory", "check"]);
    assert_eq!(code, Some(0));
    assert!(stdout.ends_with(": ok (1 routers, 1 groups)\n"), "{stdout}");
    let (code, stdout, _) = run(&inv, &["inventory", "show", "a", "-o", "csv"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.lines().any(|l| l == "timeout,2s,group g"),
        "{stdout}"
    );
}

#[test]
fn man_page_is_generated_from_the_cli() {
    let out = common::routerctl().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH routerctl"),
        "{page}"
    );
    assert!(page.contains("inventory"), "subcommands listed");
}

/// Routers behind a listener that accepts (through the kernel backlog)
/// but never answers, each with a long per-router timeout.
fn stalled_inventory(dir: &Path, listener: &std::net::TcpListener) -> PathBuf {
    let port = listener.local_addr().unwrap().port();
    let mut text = format!(
        "[defaults]\nvendor = \"mikrotik\"\nusername = \"admin\"\n\
         password_env = \"{PASSWORD_VAR}\"\ntimeout = \"120s\"\nhost = \"127.0.0.1\"\n\
         port = {port}\n\n"
    );
    for name in ["s1", "s2", "s3"] {
        text.push_str(&format!("[routers.{name}]\n\n"));
    }
    common::save_inventory(dir, &text)
}

fn kinds(stdout: &str) -> Vec<(String, String)> {
    let items: Vec<serde_json::Value> =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    common::outcomes(&items)
        .into_iter()
        .map(|(router, _, outcome)| (router, outcome.err().map(|e| e.0).unwrap_or_default()))
        .collect()
}

#[test]
fn the_overall_deadline_ends_the_run_with_cancelled_and_skipped_routers() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let inv = stalled_inventory(dir.path(), &listener);
    let (code, stdout, stderr) = run(
        &inv,
        &[
            "facts",
            "-o",
            "json",
            "--concurrency",
            "1",
            "--deadline",
            "500ms",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    // Output stays in inventory order; which router got the one slot
    // first is the scheduler's choice, so only the counts are fixed.
    let got = kinds(&stdout);
    let names: Vec<&str> = got.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(names, ["s1", "s2", "s3"]);
    let count = |kind: &str| got.iter().filter(|(_, k)| k == kind).count();
    assert_eq!((count("cancelled"), count("skipped")), (1, 2), "{got:?}");
    assert!(
        stderr.contains("summary: 0 succeeded, 1 failed, 2 skipped in "),
        "{stderr}"
    );
}

#[test]
fn ctrl_c_cancels_running_routers_and_still_prints_the_results() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command as StdCommand, Stdio};

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let inv = stalled_inventory(dir.path(), &listener);
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("routerctl"))
        .args(["--inventory"])
        .arg(&inv)
        .args(["facts", "-o", "json", "--concurrency", "2", "-vv"])
        .envs(ENV.iter().copied())
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    // The runner listens for Ctrl-C before any router starts.
    let started = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|l| l.contains("connecting"));
    assert!(started, "the run never started");
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap());
    let drain = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>());
    let status = common::signal_and_wait(child, "-INT", "routerctl did not stop on SIGINT");
    assert_eq!(status.code(), Some(1));
    let stdout = reader.join().unwrap();
    let got = kinds(&stdout);
    assert_eq!(got.len(), 3, "{stdout}");
    assert!(
        got.iter()
            .all(|(_, kind)| kind == "cancelled" || kind == "skipped"),
        "{got:?}"
    );
    let err = drain.join().unwrap().join("\n");
    assert!(err.contains("summary: 0 succeeded, "), "{err}");
    assert!(err.contains("interrupted (Ctrl-C or SIGTERM)"), "{err}");
}
