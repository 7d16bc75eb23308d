//! `routerctl sim mikrotik` as a process: what it prints, how it stops.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use predicates::prelude::*;

const PATIENCE: Duration = Duration::from_secs(60);

#[test]
fn prints_one_parsable_line_per_listener_and_stops_on_sigterm() {
    let mut child = Command::new(cargo_bin("routerctl"))
        .args([
            "sim",
            "mikrotik",
            "--api",
            "127.0.0.1:0",
            "--api-tls",
            "127.0.0.1:0",
        ])
        .args(["--password-env", "ROUTERCTL_SIM_PW", "--identity", "lab-1"])
        .env("ROUTERCTL_SIM_PW", "pw")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let api = rx.recv_timeout(PATIENCE).expect("api line");
    let ssl = rx.recv_timeout(PATIENCE).expect("api-ssl line");

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

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let status = rx
        .recv_timeout(PATIENCE)
        .expect("stopped after SIGTERM")
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn unreadable_password_source_is_a_usage_error() {
    assert_cmd::Command::cargo_bin("routerctl")
        .unwrap()
        .args(["sim", "mikrotik", "--api", "127.0.0.1:0"])
        .args(["--password-env", "ROUTERCTL_SURELY_UNSET_SIM_PW"])
        .env_remove("ROUTERCTL_SURELY_UNSET_SIM_PW")
        .timeout(PATIENCE)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ROUTERCTL_SURELY_UNSET_SIM_PW is not set",
        ));
}

#[test]
fn busy_address_fails_with_the_address_named() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    assert_cmd::Command::cargo_bin("routerctl")
        .unwrap()
        .args(["sim", "mikrotik", "--api", &addr, "--password", "pw"])
        .timeout(PATIENCE)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!(
            "cannot serve the API on {addr}"
        )));
}
