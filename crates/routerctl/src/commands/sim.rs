//! `sim NAME ...`: one simulator from the registry on loopback, whichever
//! vendor it is.
//!
//! Once every listener is up it prints one machine-readable line per
//! listener on stdout, then a ready-to-paste inventory entry per listener
//! on stderr, and runs until SIGINT/SIGTERM:
//!
//! ```text
//! api 127.0.0.1:8728
//! api-ssl 127.0.0.1:8729 sha256=AB:CD:...
//! ```

use std::io::Write;

use anyhow::{Context, anyhow};
use routerctl_core::Secret;
use routerctl_kit::sim::{RunningSim, Shutdown, SimSetup, StartError};

use super::inventory_entry;
use crate::sim_args::{SecretSource, SimCommand};
use crate::usage::UsageError;

pub async fn run(cmd: SimCommand) -> anyhow::Result<u8> {
    let sim = cmd.sim;
    let setup = setup(cmd)?;
    let user = setup.user.clone();
    // Before any line is printed, so a signal sent right after reading the
    // addresses stops the simulator cleanly.
    let mut stop = Shutdown::install().context("cannot listen for SIGINT/SIGTERM")?;
    let running = (sim.start)(setup).await.map_err(|e| match e {
        StartError::Usage(message) => anyhow!(UsageError(message)),
        StartError::Failed(message) => anyhow!(message),
    })?;
    announce(&running)?;
    eprint!("{}", paste_block(&running, &user));
    eprintln!(
        "simulated {} is running; Ctrl-C stops it",
        running.description
    );
    stop.wait().await;
    drop(running);
    Ok(0)
}

/// Read the passwords and build what the simulator starts with.
fn setup(cmd: SimCommand) -> Result<SimSetup, UsageError> {
    let readonly = match cmd.readonly {
        None => None,
        Some((name, _)) if name == cmd.user => {
            return Err(UsageError(format!(
                "--readonly-user {name:?} is already the administrator (--user)"
            )));
        }
        Some((name, source)) => Some((name, secret(&source)?)),
    };
    Ok(SimSetup {
        password: secret(&cmd.password)?,
        user: cmd.user,
        seed: cmd.seed,
        listeners: cmd.listeners,
        options: cmd.options,
        readonly,
    })
}

fn secret(source: &SecretSource) -> Result<Secret, UsageError> {
    match source {
        SecretSource::Env(var) => Secret::from_env(var).map_err(UsageError),
        SecretSource::File(path) => Secret::from_file(path).map_err(UsageError),
        SecretSource::Literal(text) => Ok(Secret::new(text.clone())),
    }
}

/// Print every listener line on stdout together, then flush.
fn announce(running: &RunningSim) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for listener in &running.listeners {
        writeln!(out, "{}", listener.announcement())?;
    }
    out.flush()
}

/// Inventory entries for the listeners: named after the device, with the
/// listener's name appended when there are several.
fn paste_block(running: &RunningSim, user: &str) -> String {
    let mut text =
        String::from("\nTo reach it, add to your inventory (with the password you gave):\n\n");
    let several = running.listeners.len() > 1;
    for listener in &running.listeners {
        let name = match several {
            true => format!("{}-{}", running.device_name, listener.name),
            false => running.device_name.clone(),
        };
        let username = format!("username = {}", inventory_entry::quoted(user));
        text.push_str(&inventory_entry::render(
            &name,
            running.vendor,
            listener,
            &[username],
        ));
        text.push('\n');
    }
    text
}
