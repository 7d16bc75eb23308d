//! Dispatch: parse the command line, set up logging and the runtime, run
//! the command, map the result to an exit status.
//!
//! Exit status: 0 every target succeeded; 1 some target (or the command)
//! failed; 2 usage error (bad arguments, bad inventory, unknown target).

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{Cli, Command, GlobalArgs, InventoryCommand, OutputFormat};
use crate::commands::{call, completions, demo, getters, inventory_tools, sim, watch};
use crate::fleet::{Fleet, FleetOptions};
use crate::inventory::{Inventory, InventoryError};
use crate::usage::UsageError;

/// Inventory used when neither `--inventory` nor `$ROUTERCTL_INVENTORY` is set.
const DEFAULT_INVENTORY: &str = "routers.toml";

pub fn main() -> ExitCode {
    let cli = crate::trailing::parse();
    let err_color = crate::color::stderr(cli.global.color);
    crate::logging::init(cli.global.verbose, err_color);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(run(cli));
    // Do not wait for tasks still blocked on the network; each has a
    // timeout, but the answer is already printed.
    runtime.shutdown_background();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(0),
        Err(e) => {
            // Errors can quote router replies: escape control characters.
            let text = format!("{e:#}");
            eprintln!(
                "{} {}",
                crate::color::paint("error:", crate::color::RED, err_color),
                crate::output::untrusted::terminal_text(&text)
            );
            let usage = e.downcast_ref::<UsageError>().is_some()
                || e.downcast_ref::<InventoryError>().is_some();
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<u8> {
    let global = cli.global;
    match cli.command {
        Command::Facts(t) => {
            getters::run(&fleet(&global)?, getters::Getter::Facts, &t.targets).await
        }
        Command::Interfaces(t) => {
            getters::run(&fleet(&global)?, getters::Getter::Interfaces, &t.targets).await
        }
        Command::Wan(t) => {
            getters::run(&fleet(&global)?, getters::Getter::WanLinks, &t.targets).await
        }
        Command::Clients(t) => {
            getters::run(&fleet(&global)?, getters::Getter::Clients, &t.targets).await
        }
        Command::Leases(t) => {
            getters::run(&fleet(&global)?, getters::Getter::DhcpLeases, &t.targets).await
        }
        Command::Wifi(t) => {
            getters::run(&fleet(&global)?, getters::Getter::WifiNetworks, &t.targets).await
        }
        Command::Config(c) => {
            let mut fleet = fleet(&global)?;
            fleet.options.show_secrets = c.show_secrets;
            getters::run(&fleet, getters::Getter::Config, &c.targets.targets).await
        }
        Command::Call(args) => call::run(&fleet(&global)?, args).await,
        Command::Watch(args) => watch::run(&fleet(&global)?, args).await,
        Command::Sim(args) => sim::run(args).await,
        Command::Demo => demo::run(options(&global)).await,
        Command::Completions { shell } => completions::run(shell),
        Command::Man => man(),
        Command::Inventory(InventoryCommand::Check) => inventory_tools::check(
            &inventory_path(&global),
            &mut io::stdout().lock(),
            &mut io::stderr().lock(),
        ),
        Command::Inventory(InventoryCommand::List(t)) => {
            let fleet = fleet(&global)?;
            let format = fleet.options.format;
            let limit = global.run.limit.map(|n| n as usize);
            let out = &mut io::stdout().lock();
            inventory_tools::list(&fleet.inventory, &t.targets, limit, format, out)
        }
        Command::Inventory(InventoryCommand::Show { name }) => {
            let fleet = fleet(&global)?;
            let format = fleet.options.format;
            inventory_tools::show(&fleet.inventory, &name, format, &mut io::stdout().lock())
        }
        Command::CompleteTargets => completions::targets(inventory_path(&global)),
    }
}

/// Run-wide options from the global flags.
pub fn options(global: &GlobalArgs) -> FleetOptions {
    let format = global.output.unwrap_or(if io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Json
    });
    FleetOptions {
        concurrency: global.concurrency.map(usize::from),
        max_memory: global.max_memory,
        run: global.run.clone(),
        ask_password: global.ask_password,
        insecure: global.insecure,
        timeout: global.timeout,
        format,
        columns: global.columns.clone(),
        color: crate::color::stdout(global.color),
        err_color: crate::color::stderr(global.color),
        show_secrets: false,
    }
}

/// The inventory `--inventory` / `$ROUTERCTL_INVENTORY` names, else the
/// default one.
fn inventory_path(global: &GlobalArgs) -> PathBuf {
    global
        .inventory
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INVENTORY))
}

fn fleet(global: &GlobalArgs) -> anyhow::Result<Fleet> {
    let path = match &global.inventory {
        Some(p) => p.clone(),
        None => {
            let p = PathBuf::from(DEFAULT_INVENTORY);
            if !p.exists() {
                return Err(UsageError(format!(
                    "no inventory: ./{DEFAULT_INVENTORY} does not exist; pass --inventory FILE or set \
                     ROUTERCTL_INVENTORY (`routerctl demo` shows an example)"
                ))
                .into());
            }
            p
        }
    };
    let inventory = Inventory::load(&path)?;
    Ok(Fleet::new(inventory, options(global)))
}

/// `routerctl man`: the man page from the clap definition.
fn man() -> anyhow::Result<u8> {
    let command = <Cli as clap::CommandFactory>::command();
    clap_mangen::Man::new(command).render(&mut io::stdout().lock())?;
    Ok(0)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<io::Error>())
        .any(|io| io.kind() == io::ErrorKind::BrokenPipe)
}
