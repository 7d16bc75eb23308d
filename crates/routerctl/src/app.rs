//! Dispatch: parse the command line, set up logging and the runtime, run
//! the command, map the result to an exit status.
//!
//! Exit status: 0 every target succeeded; 1 some target (or the command)
//! failed; 2 usage error (bad arguments, bad inventory, unknown target).

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{Cli, ColorChoice, Command, FleetArgs, InventoryCommand, OutputFormat};
use crate::commands::{
    apply, backup, call, completions, demo, exporter, getters, history, inventory_tools, sim,
    sim_fleet, watch,
};
use crate::fleet::{Fleet, FleetOptions};
use crate::fleet_sim::args::SimArgs;
use crate::inventory::{Inventory, InventoryError};
use crate::usage::UsageError;

/// Inventory used when neither `--inventory` nor `$ROUTERCTL_INVENTORY` is set.
const DEFAULT_INVENTORY: &str = "routers.toml";

pub fn main() -> ExitCode {
    let cli = crate::trailing::parse();
    let err_color = crate::color::stderr(cli.color());
    crate::logging::init(cli.verbose, err_color);
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
    match cli.command {
        Command::Facts(t) => {
            getters::run(&fleet(&t.fleet)?, getters::Getter::Facts, &t.targets).await
        }
        Command::Interfaces(t) => {
            getters::run(&fleet(&t.fleet)?, getters::Getter::Interfaces, &t.targets).await
        }
        Command::Wan(t) => {
            getters::run(&fleet(&t.fleet)?, getters::Getter::WanLinks, &t.targets).await
        }
        Command::Clients(t) => {
            getters::run(&fleet(&t.fleet)?, getters::Getter::Clients, &t.targets).await
        }
        Command::Leases(t) => {
            getters::run(&fleet(&t.fleet)?, getters::Getter::DhcpLeases, &t.targets).await
        }
        Command::Wifi(t) => {
            getters::run(&fleet(&t.fleet)?, getters::Getter::WifiNetworks, &t.targets).await
        }
        Command::Config(c) => {
            let mut fleet = fleet(&c.targets.fleet)?;
            fleet.options.show_secrets = c.show_secrets;
            getters::run(&fleet, getters::Getter::Config, &c.targets.targets).await
        }
        Command::Call(args) => call::run(&fleet(&args.fleet)?, args).await,
        Command::Watch(args) => watch::run(&fleet(&args.fleet)?, args).await,
        Command::Exporter(args) => exporter::run(fleet(&args.fleet)?, args).await,
        Command::Backup(args) => backup::run(&fleet(&args.targets.fleet)?, args).await,
        Command::History(args) => history::history(&options(&args.fleet), args),
        Command::Diff(args) => history::diff(&options(&args.fleet), args),
        Command::Show(args) => history::show(&options(&args.fleet), args),
        Command::Plan(args) => apply::plan(&fleet(&args.fleet)?, args).await,
        Command::Apply(args) => apply::apply(&fleet(&args.fleet)?, args).await,
        Command::Confirm(args) => apply::confirm(args),
        Command::Rollback(args) => apply::rollback(&fleet(&args.fleet)?, args).await,
        Command::Log(args) => apply::log(&options(&args.fleet), args),
        Command::Sim(SimArgs::One(args)) => sim::run(args).await,
        Command::Sim(SimArgs::Fleet(args)) => sim_fleet::run(args).await,
        Command::Demo(d) => demo::run(demo_options(d.output, d.color)).await,
        Command::Completions { shell } => completions::run(shell),
        Command::Man => man(),
        Command::Inventory(InventoryCommand::Check { fleet }) => inventory_tools::check(
            &inventory_path(fleet.inventory),
            &mut io::stdout().lock(),
            &mut io::stderr().lock(),
        ),
        Command::Inventory(InventoryCommand::List(t)) => {
            let limit = t.fleet.run.limit.map(|n| n as usize);
            let fleet = fleet(&t.fleet)?;
            let format = fleet.options.format;
            let out = &mut io::stdout().lock();
            inventory_tools::list(&fleet.inventory, &t.targets, limit, format, out)
        }
        Command::Inventory(InventoryCommand::Show { name, fleet: args }) => {
            let fleet = fleet(&args)?;
            let format = fleet.options.format;
            inventory_tools::show(&fleet.inventory, &name, format, &mut io::stdout().lock())
        }
        Command::CompleteTargets { inventory } => completions::targets(inventory_path(inventory)),
    }
}

/// The format when `-o` is not given: a table for a person, JSON for a pipe.
fn format(output: Option<OutputFormat>) -> OutputFormat {
    output.unwrap_or(if io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Json
    })
}

/// Run-wide options from the fleet flags.
fn options(args: &FleetArgs) -> FleetOptions {
    FleetOptions {
        concurrency: args.concurrency.map(usize::from),
        max_memory: args.max_memory,
        run: args.run.clone(),
        ask_password: args.ask_password,
        insecure: args.insecure,
        timeout: args.timeout,
        format: format(args.output),
        columns: args.columns.clone(),
        color: crate::color::stdout(args.color),
        err_color: crate::color::stderr(args.color),
        show_secrets: false,
    }
}

/// `demo`'s options: its own inventory, the defaults but for the format
/// and colour.
fn demo_options(output: Option<OutputFormat>, color: ColorChoice) -> FleetOptions {
    FleetOptions {
        concurrency: None,
        max_memory: routerctl_core::memory::DEFAULT_MAX_MEMORY,
        run: crate::run_args::RunArgs::default(),
        ask_password: false,
        insecure: false,
        timeout: None,
        format: format(output),
        columns: None,
        color: crate::color::stdout(color),
        err_color: crate::color::stderr(color),
        show_secrets: false,
    }
}

/// The inventory `--inventory` / `$ROUTERCTL_INVENTORY` names, else the
/// default one.
fn inventory_path(inventory: Option<PathBuf>) -> PathBuf {
    inventory.unwrap_or_else(|| PathBuf::from(DEFAULT_INVENTORY))
}

fn fleet(args: &FleetArgs) -> anyhow::Result<Fleet> {
    let path = match &args.inventory {
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
    Ok(Fleet::new(inventory, options(args)))
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
