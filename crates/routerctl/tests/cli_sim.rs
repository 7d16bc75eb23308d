//! `routerctl sim mikrotik` as a process: what it prints, how it stops.

mod common;

use common::SimProcess;
use predicates::prelude::*;

#[test]
fn prints_one_parsable_line_per_listener_and_stops_on_sigterm() {
    let sim = SimProcess::start(
        &[
            "mikrotik",
            "--api",
            "127.0.0.1:0",
            "--api-tls",
            "127.0.0.1:0",
            "--password-env",
            "ROUTERCTL_SIM_PW",
            "--identity",
            "lab-1",
        ],
        &[("ROUTERCTL_SIM_PW", "pw")],
    );
    let api = sim.next_line("api line");
    let ssl = sim.next_line("api-ssl line");

    let addr = api.strip_prefix("api ").expect("`api ADDR`");
    let addr: std::net::SocketAddr = addr.parse().expect("a socket address");
    assert_eq!(addr.ip().to_string(), "127.0.0.1");
    assert_ne!(addr.port(), 0, "the real port, not the requested 0");
    std::net::TcpStream::connect(addr).expect("listening once printed");

    let mut parts = ssl.split(' ');
    assert_eq!(parts.next(), Some("api-ssl"));
    let ssl_addr: std::net::SocketAddr = parts.next().unwrap().parse().unwrap();
    let fp = parts
        .next()
        .and_then(|f| f.strip_prefix("sha256="))
        .expect("sha256=...");
    assert!(parts.next().is_none(), "{ssl}");
    let fp: routerctl_core::Fingerprint = fp.parse().expect("a SHA-256 fingerprint");
    assert_eq!(fp.to_string().len(), 95, "uppercase hex pairs with colons");
    std::net::TcpStream::connect(ssl_addr).expect("listening once printed");

    let status = sim.terminate();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn the_inventory_entry_on_stderr_reaches_the_simulator() {
    let env = [("ROUTERCTL_SIM_PW", "pw")];
    let sim = SimProcess::start_capturing(
        &[
            "mikrotik",
            "--api-tls",
            "127.0.0.1:0",
            "--password-env",
            "ROUTERCTL_SIM_PW",
            "--identity",
            "paste-lab",
        ],
        &env,
    );
    let line = sim.next_line("api-ssl line");
    let mut entry = Vec::new();
    loop {
        let line = sim.next_error_line("the inventory entry, then the running line");
        if line.contains("is running") {
            assert!(line.contains("\"paste-lab\""), "{line}");
            break;
        }
        if line.starts_with('[') || !entry.is_empty() {
            entry.push(line);
        }
    }
    let entry = entry.join("\n");
    assert!(entry.starts_with("[routers.paste-lab]"), "{entry}");
    let fp = line
        .split_once(" sha256=")
        .map(|(_, fp)| fp)
        .expect("pinned");
    assert!(
        entry.contains(&format!("tls_fingerprint = \"{fp}\"")),
        "{entry}"
    );

    // Pasted as is, plus a password source, it works.
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{entry}\npassword_env = \"ROUTERCTL_SIM_PW\"\n");
    let inventory = common::save_inventory(dir.path(), &text);
    let items = common::json(&inventory, &env, &["facts"], 0);
    assert_eq!(items[0]["router"], "paste-lab", "{items:?}");
    assert_eq!(items[0]["result"]["hostname"], "paste-lab", "{items:?}");
    assert_eq!(sim.terminate().code(), Some(0));
}

#[test]
fn unreadable_password_source_is_a_usage_error() {
    common::routerctl()
        .args(["sim", "mikrotik", "--api", "127.0.0.1:0"])
        .args(["--password-env", "ROUTERCTL_SURELY_UNSET_SIM_PW"])
        .env_remove("ROUTERCTL_SURELY_UNSET_SIM_PW")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ROUTERCTL_SURELY_UNSET_SIM_PW is not set",
        ));
}

#[test]
fn busy_address_fails_with_the_address_named() {
    common::assert_busy_address_is_refused("mikrotik", "--api", "the API");
}
