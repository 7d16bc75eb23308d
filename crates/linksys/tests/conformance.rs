//! Conformance: third-party JNAP clients from PyPI (`jnap` 0.2.0,
//! `linksys-smart-wifi-api` 0.1.0) drive the simulator unmodified, through
//! `conformance/linksys/scenario.py`.
//!
//! They need Python 3.12 or newer: `conformance/linksys/setup-venv.sh`
//! makes the venv and prints its python, which this test takes from
//! `ROUTERCTL_LINKSYS_PYTHON` (else `target/conformance-venv-linksys`).
//! Without it the test says so and passes, unless
//! `ROUTERCTL_REQUIRE_CONFORMANCE` is set (as in CI), when it fails.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{PASSWORD, sim};
use routerctl_linksys::sim::Generation;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ROUTERCTL_LINKSYS_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let venv = repo_root().join("target/conformance-venv-linksys/bin/python");
    venv.exists().then_some(venv)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn third_party_jnap_clients_work_against_the_simulator() {
    let Some(python) = python() else {
        assert!(
            std::env::var_os("ROUTERCTL_REQUIRE_CONFORMANCE").is_none(),
            "ROUTERCTL_REQUIRE_CONFORMANCE is set but no Python for the JNAP clients: \
             run conformance/linksys/setup-venv.sh and set ROUTERCTL_LINKSYS_PYTHON"
        );
        eprintln!("skipped: no Python 3.12 venv with jnap / linksys-smart-wifi-api");
        return;
    };
    let (_classic_sim, classic) = sim(Generation::Classic).await;
    let (_velop_sim, velop) = sim(Generation::Velop).await;
    let script = repo_root().join("conformance/linksys/scenario.py");
    let (c, v) = (classic.local_addr(), velop.local_addr());
    let out = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(script)
            .env("LINKSYS_CLASSIC", c.to_string())
            .env("LINKSYS_VELOP", v.to_string())
            .env("LINKSYS_PASSWORD", PASSWORD)
            .output()
    })
    .await
    .unwrap()
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
