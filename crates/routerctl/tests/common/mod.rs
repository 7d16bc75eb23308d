//! Helpers the CLI integration tests share: starting `routerctl sim ...` as
//! a child process and reading the listener lines it prints, writing
//! inventories, and running the binary with `-o json`.
//!
//! Each test file compiles this module on its own (`mod common;`), so items
//! one file does not use would warn; that is what the module-wide
//! `dead_code` allowance below is for.
#![allow(dead_code)]

pub mod change_lab;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use predicates::prelude::*;
use serde_json::Value;

/// Bound on every wait in the tests, so a broken build fails instead of
/// hanging.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A running `routerctl sim ...` child whose stdout is read line by line on
/// a thread, with the listeners it announced; killed on drop unless
/// [`SimProcess::terminate`] reaped it.
pub struct SimProcess {
    /// `None` once [`SimProcess::terminate`] has reaped it.
    child: Option<Child>,
    lines: mpsc::Receiver<String>,
    /// Lines of stderr, when started with [`SimProcess::start_capturing`].
    errors: Option<mpsc::Receiver<String>>,
    listeners: Vec<Listener>,
}

/// Send each line `from` yields to a new channel, on a thread.
fn line_channel(from: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl SimProcess {
    /// Start `routerctl sim ARGS` with `env` set and stderr discarded.
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::spawn(args, env, false)
    }

    /// [`SimProcess::start`] with stderr kept for
    /// [`SimProcess::next_error_line`].
    pub fn start_capturing(args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::spawn(args, env, true)
    }

    fn spawn(args: &[&str], env: &[(&str, &str)], capture: bool) -> Self {
        let mut child = StdCommand::new(cargo_bin("routerctl"))
            .arg("sim")
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(if capture {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start routerctl sim");
        let stdout = child.stdout.take().expect("piped stdout");
        let errors = child.stderr.take().map(line_channel);
        SimProcess {
            child: Some(child),
            lines: line_channel(stdout),
            errors,
            listeners: Vec::new(),
        }
    }

    /// The next line the simulator prints on stderr, waiting at most
    /// [`PATIENCE`] (needs [`SimProcess::start_capturing`]).
    pub fn next_error_line(&self, what: &str) -> String {
        let errors = self.errors.as_ref().expect("started with start_capturing");
        errors.recv_timeout(PATIENCE).expect(what)
    }

    /// [`SimProcess::start`], then wait for the listener lines `names`
    /// (see [`SimProcess::read_listeners`]).
    pub fn start_listening(args: &[&str], env: &[(&str, &str)], names: &[&str]) -> Self {
        let mut sim = Self::start(args, env);
        sim.read_listeners(names);
        sim
    }

    /// The next line the simulator prints, waiting at most [`PATIENCE`].
    pub fn next_line(&self, what: &str) -> String {
        self.lines.recv_timeout(PATIENCE).expect(what)
    }

    /// Read one listener line per name in `names` (in any order): each must
    /// be `NAME ADDR` or `NAME ADDR sha256=FINGERPRINT` with a known name.
    pub fn read_listeners(&mut self, names: &[&str]) {
        for _ in names {
            let line = self.next_line("simulator printed its addresses");
            let parts: Vec<&str> = line.split(' ').collect();
            let listener = match parts.as_slice() {
                [name, addr] => Listener::new(name, addr, None),
                [name, addr, fp] => {
                    let fp = fp.strip_prefix("sha256=").expect("sha256=FINGERPRINT");
                    Listener::new(name, addr, Some(fp))
                }
                _ => panic!("unexpected simulator line {line:?}"),
            };
            if !names.contains(&listener.name.as_str()) {
                panic!("unexpected simulator line {line:?}");
            }
            self.listeners.push(listener);
        }
    }

    fn listener(&self, name: &str) -> &Listener {
        self.listeners
            .iter()
            .find(|l| l.name == name)
            .unwrap_or_else(|| panic!("no {name} listener printed"))
    }

    /// The address of the plain (no certificate) listener `name`.
    pub fn plain(&self, name: &str) -> &str {
        let listener = self.listener(name);
        assert!(
            listener.fingerprint.is_none(),
            "{name} line carries no fingerprint"
        );
        &listener.addr
    }

    /// The address and certificate fingerprint of the TLS listener `name`.
    pub fn tls(&self, name: &str) -> (&str, &str) {
        let listener = self.listener(name);
        let fp = listener
            .fingerprint
            .as_deref()
            .unwrap_or_else(|| panic!("{name} line carries sha256="));
        (&listener.addr, fp)
    }

    /// Send SIGTERM and wait (bounded) for the process to exit.
    pub fn terminate(mut self) -> ExitStatus {
        let child = self.child.take().expect("still running");
        signal_and_wait(child, "-TERM", "stopped after SIGTERM")
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One listener a simulator announced.
struct Listener {
    name: String,
    addr: String,
    fingerprint: Option<String>,
}

impl Listener {
    fn new(name: &str, addr: &str, fingerprint: Option<&str>) -> Self {
        Listener {
            name: name.to_string(),
            addr: addr.to_string(),
            fingerprint: fingerprint.map(str::to_string),
        }
    }
}

/// Send `signal` (a `kill` flag such as `-INT`) to `child` and wait at most
/// [`PATIENCE`] for it to exit.
pub fn signal_and_wait(mut child: Child, signal: &str, what: &str) -> ExitStatus {
    let killed = StdCommand::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    rx.recv_timeout(PATIENCE).expect(what).unwrap()
}

/// Split `HOST:PORT` at the last colon.
pub fn host_port(addr: &str) -> (&str, &str) {
    addr.rsplit_once(':').expect("host:port")
}

/// A loopback port with nothing listening on it.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Write `text` as `DIR/routers.toml` and return its path.
pub fn save_inventory(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("routers.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The binary, bounded by [`PATIENCE`].
pub fn routerctl() -> Command {
    let mut cmd = Command::cargo_bin("routerctl").unwrap();
    cmd.timeout(PATIENCE);
    cmd
}

/// The binary with `--inventory INVENTORY`, the passwords in `env` set and
/// `RUST_LOG` removed, so stderr holds only what the CLI itself says.
pub fn routerctl_with(inventory: &Path, env: &[(&str, &str)]) -> Command {
    let mut cmd = routerctl();
    cmd.envs(env.iter().copied())
        .env_remove("RUST_LOG")
        .arg("--inventory")
        .arg(inventory);
    cmd
}

/// Run `routerctl -o json ARGS` (see [`routerctl_with`]), check the exit
/// code and that no password from `env` shows up in the output, and return
/// the parsed array.
pub fn json(inventory: &Path, env: &[(&str, &str)], args: &[&str], code: i32) -> Vec<Value> {
    let out = routerctl_with(inventory, env)
        .args(["-o", "json"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}\nstdout: {stdout}\nstderr: {stderr}"
    );
    for (_, secret) in env {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "password leaked by {args:?}"
        );
    }
    match serde_json::from_str(&stdout) {
        Ok(Value::Array(items)) => items,
        other => panic!("{args:?}: not a JSON array: {other:?}\n{stdout}"),
    }
}

/// One router's outcome: (router, vendor, result or (error kind, message)).
pub type Outcome = (String, String, Result<Value, (String, String)>);

/// Every item of a JSON run holds a router, a vendor and exactly one of
/// `result` / `error`; returns the outcomes in output order.
pub fn outcomes(items: &[Value]) -> Vec<Outcome> {
    items
        .iter()
        .map(|item| {
            let obj = item.as_object().expect("object per router");
            let router = obj["router"].as_str().expect("router name").to_string();
            let vendor = obj["vendor"].as_str().expect("vendor").to_string();
            let outcome = match (obj.get("result"), obj.get("error")) {
                (Some(r), None) => Ok(r.clone()),
                (None, Some(e)) => Err((
                    e["kind"].as_str().expect("error.kind").to_string(),
                    e["message"].as_str().expect("error.message").to_string(),
                )),
                _ => panic!("exactly one of result/error: {item}"),
            };
            (router, vendor, outcome)
        })
        .collect()
}

/// `routerctl sim VENDOR FLAG ADDR` on an address another socket holds
/// exits 1 with nothing on stdout and `cannot serve WHAT on ADDR` on stderr.
pub fn assert_busy_address_is_refused(vendor: &str, flag: &str, what: &str) {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    routerctl()
        .args(["sim", vendor, flag, &addr, "--password", "pw"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!(
            "cannot serve {what} on {addr}"
        )));
}
