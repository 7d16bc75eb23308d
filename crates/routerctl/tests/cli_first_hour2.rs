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
            .filter(|w| {
                w[0].starts_with("--")
                    && w[1].parse::<std::net::SocketAddr>().is_ok()
            })
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
        .filter(|l| l.contains("routerctl sim "))
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let at = words.iter().position(|w| *w == "routerctl").unwrap();
            let env = words[..at]
                .iter()
                .filter_map(|w| w.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let args = words[at + 2..].iter().map(|w| w.to_string()).collect();
            ReadmeSim { env, args }
        })
        .collect()
}

#[test]
fn the_readme_simulators_run_side_by_side() {
    let sims = readme_sims();
    let names: Vec<&str> = sims.iter().map(|s| s.args[0].as_str()).collect();
    assert_eq!(names, ["mikrotik", "ixon", "openwrt"], "{sims:?}");
    // No port is used twice across the lines.
    let mut seen = BTreeMap::new();
    for sim in &sims {
        for port in sim.ports() {
            if let Some(other) = seen.insert(port, sim.args[0].clone()) {
                panic!("port {port} used by both `sim {other}` and `sim {}`", sim.args[0]);
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
                sim.ports()
                    .iter()
                    .any(|p| addr.ends_with(&format!(":{p}"))),
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
