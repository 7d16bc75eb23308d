//! `routerctl sim NAME ...`: one subcommand per simulator in the registry,
//! built at run time from its [`SimDescriptor`] — a `--FLAG ADDR` per
//! listener, the descriptor's own flags, and the flags every simulator
//! shares (`--user`, a password source, `--seed`, and a read-only user
//! where the simulator has one). No simulator is named here.
//!
//! [`SimCommand`] implements clap's `Args` and `FromArgMatches` by hand so
//! the derive-based [`crate::cli`] can embed it like any other arguments.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgGroup, ArgMatches, Command};
use routerctl_kit::sim::{ListenerSpec, SimDescriptor};

use crate::registry;

/// A parsed `sim NAME ...` command line. Passwords are still sources: they
/// are read when the simulator starts.
#[derive(Debug)]
pub struct SimCommand {
    /// Which simulator.
    pub sim: &'static SimDescriptor,
    /// Login name of the simulated administrator.
    pub user: String,
    /// Where its password comes from.
    pub password: SecretSource,
    /// Seed for generated data.
    pub seed: u64,
    /// Listeners to open, in the descriptor's order.
    pub listeners: Vec<(&'static ListenerSpec, SocketAddr)>,
    /// The simulator's own flags: given values, defaults, `"true"` for
    /// given switches.
    pub options: BTreeMap<String, String>,
    /// A read-only user and where its password comes from.
    pub readonly: Option<(String, SecretSource)>,
}

/// Where a simulated user's password comes from. A literal exists only
/// for the administrator of a simulator, a local lab device; `Debug`
/// hides it.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// `--password-env VAR`.
    Env(String),
    /// `--password-file FILE`.
    File(PathBuf),
    /// `--password PASSWORD` (lab use only).
    Literal(String),
}

impl std::fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretSource::Env(var) => f.debug_tuple("Env").field(var).finish(),
            SecretSource::File(path) => f.debug_tuple("File").field(path).finish(),
            SecretSource::Literal(_) => f.write_str("Literal(***)"),
        }
    }
}

const USER: &str = "user";
const SEED: &str = "seed";
const PASSWORD_ENV: &str = "password-env";
const PASSWORD_FILE: &str = "password-file";
const PASSWORD: &str = "password";
const READONLY_USER: &str = "readonly-user";
const READONLY_ENV: &str = "readonly-password-env";
const READONLY_FILE: &str = "readonly-password-file";

/// The `sim NAME` subcommand of `sim`.
fn subcommand(sim: &'static SimDescriptor) -> Command {
    let summary = sim.about.split("\n\n").next().unwrap_or(sim.about);
    let mut cmd = Command::new(sim.name)
        .about(summary)
        .long_about(sim.about)
        .next_help_heading("Listeners");
    for l in sim.listeners {
        cmd = cmd.arg(
            Arg::new(l.flag)
                .long(l.flag)
                .value_name("ADDR")
                .help(l.help)
                .value_parser(clap::value_parser!(SocketAddr)),
        );
    }
    if sim.listeners.iter().all(|l| l.default_addr.is_none()) {
        let flags = sim.listeners.iter().map(|l| l.flag);
        cmd = cmd.group(
            ArgGroup::new("listen")
                .args(flags)
                .required(true)
                .multiple(true),
        );
    }
    cmd = cmd
        .next_help_heading("Simulator")
        .arg(
            Arg::new(USER)
                .long(USER)
                .value_name("NAME")
                .default_value("admin")
                .help("Login name of the simulated administrator."),
        )
        .arg(
            Arg::new(PASSWORD_ENV)
                .long(PASSWORD_ENV)
                .value_name("VAR")
                .help("Read the password from this environment variable."),
        )
        .arg(
            Arg::new(PASSWORD_FILE)
                .long(PASSWORD_FILE)
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Read the password from this file (one trailing newline dropped)."),
        )
        .arg(
            Arg::new(PASSWORD)
                .long(PASSWORD)
                .value_name("PASSWORD")
                .help("The password itself (lab use only)."),
        )
        .group(
            ArgGroup::new("password_source")
                .args([PASSWORD_ENV, PASSWORD_FILE, PASSWORD])
                .required(true)
                .multiple(false),
        );
    for o in sim.options {
        let mut arg = Arg::new(o.name).long(o.name).help(o.help);
        arg = match o.value_name {
            None => arg.action(ArgAction::SetTrue),
            Some(value_name) => arg.value_name(value_name),
        };
        if let Some(default) = o.default {
            arg = arg.default_value(default);
        }
        if !o.values.is_empty() {
            arg = arg.value_parser(PossibleValuesParser::new(o.values));
        }
        cmd = cmd.arg(arg);
    }
    if sim.readonly_user {
        cmd = cmd
            .arg(
                Arg::new(READONLY_USER)
                    .long(READONLY_USER)
                    .value_name("NAME")
                    .requires("readonly_password")
                    .help("Add a second user that may only read (needs a password source)."),
            )
            .arg(
                Arg::new(READONLY_ENV)
                    .long(READONLY_ENV)
                    .value_name("VAR")
                    .help("Read the read-only user's password from this environment variable."),
            )
            .arg(
                Arg::new(READONLY_FILE)
                    .long(READONLY_FILE)
                    .value_name("FILE")
                    .value_parser(clap::value_parser!(PathBuf))
                    .help("Read the read-only user's password from this file."),
            )
            .group(
                ArgGroup::new("readonly_password")
                    .args([READONLY_ENV, READONLY_FILE])
                    .multiple(false)
                    .requires(READONLY_USER),
            );
    }
    cmd.arg(
        Arg::new(SEED)
            .long(SEED)
            .value_name("N")
            .default_value("1")
            .value_parser(clap::value_parser!(u64))
            .help("Seed for generated data (MACs, serial numbers, counters)."),
    )
}

fn string(m: &ArgMatches, id: &str) -> Option<String> {
    m.get_one::<String>(id).cloned()
}

/// The source given among `env`, `file` and (when `literal` names an
/// argument) a literal.
fn source(m: &ArgMatches, env: &str, file: &str, literal: Option<&str>) -> Option<SecretSource> {
    if let Some(var) = string(m, env) {
        return Some(SecretSource::Env(var));
    }
    if let Some(path) = m.get_one::<PathBuf>(file) {
        return Some(SecretSource::File(path.clone()));
    }
    literal
        .and_then(|id| string(m, id))
        .map(SecretSource::Literal)
}

impl SimCommand {
    fn from_sim(sim: &'static SimDescriptor, m: &ArgMatches) -> Result<Self, clap::Error> {
        let missing = |what: &str| clap::Error::raw(ErrorKind::MissingRequiredArgument, what);
        let password = source(m, PASSWORD_ENV, PASSWORD_FILE, Some(PASSWORD))
            .ok_or_else(|| missing("give --password-env, --password-file or --password\n"))?;
        let mut listeners: Vec<_> = sim
            .listeners
            .iter()
            .filter_map(|l| Some((l, *m.get_one::<SocketAddr>(l.flag)?)))
            .collect();
        if listeners.is_empty() {
            for l in sim.listeners {
                if let Some(default) = l.default_addr {
                    let addr = default.parse().map_err(|e| {
                        clap::Error::raw(
                            ErrorKind::InvalidValue,
                            format!("sim {}: default --{} {default}: {e}\n", sim.name, l.flag),
                        )
                    })?;
                    listeners.push((l, addr));
                }
            }
        }
        let mut options = BTreeMap::new();
        for o in sim.options {
            let value = match o.value_name {
                None => m.get_flag(o.name).then(|| "true".to_string()),
                Some(_) => string(m, o.name),
            };
            if let Some(value) = value {
                options.insert(o.name.to_string(), value);
            }
        }
        let readonly = match sim
            .readonly_user
            .then(|| string(m, READONLY_USER))
            .flatten()
        {
            None => None,
            Some(name) => {
                let source = source(m, READONLY_ENV, READONLY_FILE, None).ok_or_else(|| {
                    missing("--readonly-user needs --readonly-password-env or --readonly-password-file\n")
                })?;
                Some((name, source))
            }
        };
        Ok(SimCommand {
            sim,
            user: string(m, USER).unwrap_or_else(|| "admin".to_string()),
            password,
            seed: m.get_one::<u64>(SEED).copied().unwrap_or(1),
            listeners,
            options,
            readonly,
        })
    }
}

impl clap::FromArgMatches for SimCommand {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let Some((name, sub)) = matches.subcommand() else {
            return Err(clap::Error::raw(
                ErrorKind::MissingSubcommand,
                "name a simulator\n",
            ));
        };
        let sim = registry::find_sim(name).ok_or_else(|| {
            clap::Error::raw(
                ErrorKind::InvalidSubcommand,
                format!("no simulator {name:?} in this build\n"),
            )
        })?;
        Self::from_sim(sim, sub)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Args for SimCommand {
    fn augment_args(cmd: Command) -> Command {
        cmd.subcommand_required(true)
            .subcommand_value_name("SIMULATOR")
            .subcommands(registry::sims().map(subcommand))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}
