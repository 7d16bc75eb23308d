//! The lab the desired-state tests share: one simulated router of any
//! family, an inventory for it, a state database, and `routerctl -o json`
//! run against them.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{SimProcess, host_port};

/// The variable the simulators and the CLI read the password from.
pub const PASSWORD_VAR: &str = "ROUTERCTL_CHANGE_PW";
/// The simulators' admin password.
pub const PASSWORD: &str = "change-e2e-secret";
/// The environment every lab command runs with.
pub const ENV: &[(&str, &str)] = &[(PASSWORD_VAR, PASSWORD)];

/// One simulated router, its inventory and a state database in a temp dir.
pub struct Lab {
    /// Kept for its lifetime: the simulator is killed on drop.
    pub sim: SimProcess,
    pub dir: tempfile::TempDir,
    pub inv: PathBuf,
    pub state: PathBuf,
    pub router: &'static str,
}

/// `routerctl sim VENDOR --LISTENER 127.0.0.1:0` as inventory router `router`.
pub fn lab_for(vendor: &'static str, router: &'static str, listener: &str) -> Lab {
    let flag = format!("--{listener}");
    let args = [
        vendor,
        flag.as_str(),
        "127.0.0.1:0",
        "--password-env",
        PASSWORD_VAR,
    ];
    let sim = SimProcess::start_listening(&args, ENV, &[listener]);
    let dir = tempfile::tempdir().unwrap();
    let (h, p) = host_port(sim.plain(listener));
    let protocol = match (vendor, listener) {
        (_, "rest") => "protocol = \"rest-http\"\n",
        ("ixon" | "peplink", _) => "protocol = \"http\"\n",
        _ => "",
    };
    let inv = super::save_inventory(
        dir.path(),
        &format!(
            "[routers.{router}]\nvendor = \"{vendor}\"\nhost = \"{h}\"\nport = {p}\nusername = \"admin\"\n\
             password_env = \"{PASSWORD_VAR}\"\ntimeout = \"10s\"\n{protocol}"
        ),
    );
    let state = dir.path().join("state.db");
    Lab {
        sim,
        dir,
        inv,
        state,
        router,
    }
}

/// A RouterOS simulator over the API, as router `r1`.
pub fn lab() -> Lab {
    lab_for("mikrotik", "r1", "api")
}

impl Lab {
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    pub fn command(&self, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
        let mut cmd = super::routerctl_with(&self.inv, ENV);
        cmd.envs(env.iter().copied())
            .args(["-o", "json"])
            .args(args);
        if matches!(
            args.first(),
            Some(&"apply" | &"confirm" | &"rollback" | &"log")
        ) {
            cmd.arg("--state").arg(&self.state);
        }
        cmd.output().unwrap()
    }

    pub fn run(&self, args: &[&str], code: i32) -> String {
        let out = self.command(args, &[]);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}\nstdout: {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    }

    pub fn result(&self, command: &str, file: &Path, code: i32) -> Value {
        let text = self.run(&[command, file.to_str().unwrap()], code);
        let items: Vec<Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(items.len(), 1, "{text}");
        items[0]["result"].clone()
    }

    /// The configuration (RouterOS: the export without its timestamp line).
    pub fn config(&self) -> String {
        let text = self.run(&["config", self.router, "--show-secrets"], 0);
        let items: Vec<Value> = serde_json::from_str(&text).unwrap();
        let content = &items[0]["result"]["content"];
        match content.as_str() {
            Some(export) => export.lines().skip(1).collect::<Vec<_>>().join("\n"),
            None => items[0]["result"].to_string(),
        }
    }

    pub fn call(&self, words: &[&str]) -> Value {
        let mut args = vec!["call", self.router];
        args.extend(words);
        let items: Vec<Value> = serde_json::from_str(&self.run(&args, 0)).unwrap();
        items[0]["result"].clone()
    }

    pub fn log(&self) -> Vec<Value> {
        serde_json::from_str(&self.run(&["log"], 0)).unwrap()
    }
}

/// The operations of a plan/apply result, as text.
pub fn ops(result: &Value) -> Vec<String> {
    result["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap().to_string())
        .collect()
}
