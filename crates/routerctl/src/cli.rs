//! The command line, declared with clap's derive API.
//!
//! Only parsing lives here; `app.rs` decides what each command does. The
//! fleet options ([`FleetArgs`]: inventory, output, concurrency, TLS, ...)
//! belong to the commands that talk to routers, so `sim`, `demo` and
//! `completions` neither list nor accept them; [`crate::trailing`] moves
//! them from before the command name to after it, so `routerctl -o json
//! facts` still works, and picks them out of the vendor words after the
//! target of `call`/`watch` (a `--` ends that). Only `-v` is global.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

pub use crate::fleet_sim::args::SimArgs;

/// The command line of `routerctl`. Its help names the vendor families of
/// this build, read from the registry when the help is shown ([`about`],
/// [`long_about`]), so it never promises a vendor that is not compiled in.
#[derive(Debug, Parser)]
#[command(
    name = "routerctl",
    version,
    about = about(),
    long_about = long_about(),
    max_term_width = 100
)]
pub struct Cli {
    /// Log to stderr (-v info, -vv debug, -vvv trace); RUST_LOG wins when set.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The fleet options, for the commands that have them.
    pub fn fleet(&self) -> Option<&FleetArgs> {
        match &self.command {
            Command::Facts(t)
            | Command::Interfaces(t)
            | Command::Wan(t)
            | Command::Clients(t)
            | Command::Leases(t)
            | Command::Wifi(t) => Some(&t.fleet),
            Command::Config(c) => Some(&c.targets.fleet),
            Command::Call(c) => Some(&c.fleet),
            Command::Watch(w) => Some(&w.fleet),
            Command::Exporter(e) => Some(&e.fleet),
            Command::Backup(b) => Some(&b.targets.fleet),
            Command::History(h) => Some(&h.fleet),
            Command::Diff(d) => Some(&d.fleet),
            Command::Show(s) => Some(&s.fleet),
            Command::Plan(p) => Some(&p.fleet),
            Command::Apply(a) => Some(&a.fleet),
            Command::Confirm(c) => Some(&c.fleet),
            Command::Rollback(r) => Some(&r.fleet),
            Command::Log(l) => Some(&l.fleet),
            Command::Inventory(InventoryCommand::List(t)) => Some(&t.fleet),
            Command::Inventory(
                InventoryCommand::Show { fleet, .. } | InventoryCommand::Check { fleet },
            ) => Some(fleet),
            Command::Sim(_) | Command::Demo(_) | Command::Completions { .. } | Command::Man => None,
            Command::CompleteTargets { .. } => None,
        }
    }

    /// When to colour messages on stderr: `--color` where the command has
    /// it, else `auto`.
    pub fn color(&self) -> ColorChoice {
        match &self.command {
            Command::Demo(d) => d.color,
            _ => self.fleet().map_or(ColorChoice::Auto, |f| f.color),
        }
    }
}

/// What `routerctl -h` says in one line: the vendors of this build.
pub fn about() -> String {
    format!(
        "Manage {} routers through one interface, with simulators.",
        crate::registry::vendor_names().join(", ")
    )
}

/// What `routerctl --help` says before the commands: the vendor families
/// of this build with their protocols, then how targets, output and exit
/// status work.
pub fn long_about() -> String {
    let mut text = String::from(
        "Manage routers of several vendors through one interface.\n\nVendors in this build (inventory `vendor`, its protocols; the first is the default):\n",
    );
    for d in crate::registry::drivers() {
        let protocols: Vec<&str> = d.protocols.iter().map(|p| p.name).collect();
        text.push_str(&format!(
            "  {:<10} {} [{}]\n",
            d.vendor,
            d.summary,
            protocols.join(", ")
        ));
    }
    text.push_str(LONG_ABOUT_REST);
    text
}

/// The fixed part of [`long_about`].
const LONG_ABOUT_REST: &str = "
Routers are listed in a TOML inventory (`--inventory`, else
`$ROUTERCTL_INVENTORY`, else `./routers.toml`). Targets are router names,
group names (`@group`, or the plain name when no router has it),
`key=value` filters (`vendor=`, `protocol=`, `host=`, `group=` or any
label), or `all` (the default). Names and groups add up (union);
filters narrow that down: filters on different keys must all match
(AND), several values of one key are alternatives (OR). So
`facts @core vendor=mikrotik` is the MikroTik routers of group core, and
`facts site=hq site=berlin` the routers of either site.

Fleet options, for the commands that read the inventory (`facts` ...
`watch`, `exporter`, `inventory`; see `routerctl facts --help`), before or after the
command name: `-i/--inventory FILE`, `-o/--output FORMAT`, `--columns
A,B,C`, `--color WHEN`, `--concurrency N`, `--timeout DURATION`,
`--max-memory SIZE`, `--ask-password`, `--insecure`, `--limit N`,
`--dry-run`, `--deadline DURATION`, `--retries N`. `sim`, `demo` and
`completions` have their own options only.

Output: `table` on a terminal, `json` when stdout is piped; choose with
`-o`. Exit status: 0 all targets succeeded, 1 some failed, 2 usage error.";

/// The options of the commands that talk to the routers of an inventory
/// (`facts` ... `watch`). They may stand before the command name too
/// ([`crate::trailing`] moves them), never on `sim`, `demo` or
/// `completions`, which have no inventory.
#[derive(Debug, Args)]
#[command(next_help_heading = "Fleet options")]
pub struct FleetArgs {
    /// Inventory file (TOML).
    #[arg(
        short = 'i',
        long,
        env = "ROUTERCTL_INVENTORY",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub inventory: Option<PathBuf>,

    /// Output format [default: table on a terminal, json otherwise].
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// Table and CSV: show only these columns, in this order (comma
    /// separated, e.g. `model,os_version`); `router` always comes first and
    /// CSV keeps its `error` column.
    #[arg(long, value_name = "A,B,C", value_delimiter = ',')]
    pub columns: Option<Vec<String>>,

    /// Colour in tables and messages: `auto` (on a terminal, unless
    /// NO_COLOR is set), `always` or `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// How many routers to talk to at the same time [default: sized for
    /// the fleet: one per router, up to 256 and what the open-file limit
    /// allows].
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=4096))]
    pub concurrency: Option<u16>,

    #[command(flatten)]
    pub run: crate::run_args::RunArgs,

    /// Memory for router replies, shared by every router in flight; each
    /// gets a fair share, and a reply past it fails with "reply too large"
    /// (`256MiB`, `1GiB`, or bytes).
    #[arg(long, default_value = "256MiB", value_name = "SIZE",
          value_parser = crate::bytesize::parse)]
    pub max_memory: usize,

    /// Per-router time limit for connecting plus the operation, overriding
    /// the inventory (`10`, `2.5`, `10s`, `500ms`, `1m`).
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub timeout: Option<Duration>,

    /// Prompt for a password (once per user@host) for routers whose
    /// inventory entry names no password source.
    #[arg(long)]
    pub ask_password: bool,

    /// Do not verify TLS certificates for any router in this run (warns).
    #[arg(long)]
    pub insecure: bool,
}

/// `demo`: it writes its own inventory, so only how to show the results.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// Colour in tables and messages: `auto` (on a terminal, unless
    /// NO_COLOR is set), `always` or `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always (even when piped).
    Always,
    /// Never.
    Never,
}

/// Output formats; see DESIGN.md "Output contract of the binary".
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns, one row per record, router first; errors on stderr.
    Table,
    /// One JSON array, one object per router, in inventory order (`watch`:
    /// one object per line, as with jsonl, since a stream has no end).
    Json,
    /// The same objects, one per line, as each router finishes.
    Jsonl,
    /// CSV with one fixed header per command (`router`, every field of the
    /// record, `error` last); one row per record; nested values flattened.
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Identity of each router: vendor, model, serial, OS version, hostname, uptime.
    Facts(TargetArgs),
    /// Network interfaces with state and counters.
    Interfaces(TargetArgs),
    /// Uplinks to the internet.
    Wan(TargetArgs),
    /// Hosts each router knows about (ARP, DHCP, wireless joined).
    Clients(TargetArgs),
    /// DHCP server leases.
    Leases(TargetArgs),
    /// Wi-Fi networks (SSIDs) per radio.
    Wifi(TargetArgs),
    /// The configuration as the router exports it (text for RouterOS).
    ///
    /// Secrets (passwords, keys, passphrases, PSKs, tokens, PINs) are shown
    /// as `<hidden>` unless --show-secrets.
    Config(ConfigArgs),
    /// Send one vendor command and print the router's own reply.
    ///
    /// routerctl's own options (`-o`, `--timeout`, `--columns`, ...) may also
    /// come after TARGET; every other word is sent to the router. Vendor words
    /// start with `/`, `=`, `?` or `.`, or are names and JSON; an unknown
    /// `-option` after TARGET is refused before anything is sent. Words
    /// after `--` are sent untouched, whatever they look like.
    ///
    /// Nested replies are flattened for table and CSV: `device.model`,
    /// `wan.0.ip`.
    ///
    /// Example: routerctl call r1 /ip/address/print '?interface=ether1' -o json
    Call(CallArgs),
    /// Run a streaming vendor command and print rows as they arrive, until
    /// Ctrl-C (or --count rows).
    ///
    /// routerctl's own options (`--count`, `-o`, `--timeout`, ...) may also
    /// come after ROUTER; every other word is sent to the router (`--` ends
    /// option parsing: words after it are sent untouched).
    ///
    /// With -o json (or jsonl) each row is one JSON object on its own line
    /// (JSON Lines, `{"router","vendor","result"}`), printed as it arrives:
    /// a stream has no end, so it is never one array.
    ///
    /// Example: routerctl watch r1 /interface/monitor-traffic =interface=ether1 --count 5
    Watch(WatchArgs),
    /// Serve Prometheus metrics of the targets (mktxp's metric names).
    ///
    /// `/metrics` collects every target on each scrape (at most
    /// --concurrency at once, each within its timeout), `/probe?target=NAME`
    /// one router, `/` lists the routers and how their last collection went.
    /// Sessions are kept open between scrapes; a router that fails shows
    /// `routerctl_up 0` and is reconnected with backoff. Serves on loopback
    /// unless told otherwise; a non-loopback --listen needs --tls-cert,
    /// --tls-key and --auth-user (or --insecure-listen).
    ///
    /// Example: routerctl exporter -i routers.toml --listen 127.0.0.1:9436
    Exporter(ExporterArgs),
    /// Snapshot the configuration of each target into the state database.
    ///
    /// A snapshot equal to the router's latest version is not stored
    /// again; contents are kept once per SHA-256. Secrets are stored in
    /// clear (it is a backup): the database file is created 0600.
    Backup(BackupArgs),
    /// The stored configuration versions of one router.
    History(HistoryArgs),
    /// What changed between two stored versions of a router [default: the
    /// last two]: a unified diff for text, changed paths for JSON.
    Diff(DiffArgs),
    /// Print one stored version [default: the latest].
    Show(ShowArgs),
    /// Print, per router, the operations a desired-state file needs
    /// (RouterOS menus, IXON and Peplink configuration fields, Linksys
    /// radio, guest-network and parental-control settings); nothing is
    /// written.
    Plan(PlanArgs),
    /// Make a desired-state file true: backup first, every operation
    /// journaled, automatic rollback on failure, optional commit-confirm;
    /// --resume finishes an interrupted apply.
    Apply(ApplyArgs),
    /// Confirm an apply made with --confirm-within [default: the latest].
    Confirm(ConfirmArgs),
    /// Undo what an apply changed, from its journal (e.g. after routerctl
    /// was killed mid-apply).
    Rollback(RollbackArgs),
    /// The audit log: who applied which file when, the plan, and how it
    /// went (--show ID: one apply in full).
    Log(LogArgs),
    /// Run a simulated device on loopback until SIGINT/SIGTERM.
    ///
    /// Prints one line per listener (`NAME ADDR`, plus `sha256=FINGERPRINT`
    /// for TLS ones) on stdout once all are up, and a ready-to-paste
    /// inventory entry on stderr. `sim fleet` runs many at once.
    Sim(SimArgs),
    /// Start the simulated routers of every vendor's demo and show what
    /// routerctl does with them.
    Demo(DemoArgs),
    /// Print a shell completion script; it completes router and group names
    /// from the inventory too.
    ///
    /// Example: routerctl completions bash > ~/.local/share/bash-completion/completions/routerctl
    Completions {
        /// Shell to generate for.
        shell: clap_complete::Shell,
    },
    /// Look at the inventory as routerctl resolves it (groups, defaults),
    /// without touching a router.
    #[command(subcommand)]
    Inventory(InventoryCommand),
    /// Print the man page (roff), generated from this command line.
    ///
    /// Example: routerctl man > ~/.local/share/man/man1/routerctl.1
    Man,
    /// Router names and groups of the inventory, one per line (used by the
    /// completion scripts).
    #[command(name = "__complete-targets", hide = true)]
    CompleteTargets {
        /// Inventory file (TOML).
        #[arg(
            short = 'i',
            long,
            env = "ROUTERCTL_INVENTORY",
            hide_env_values = true,
            value_name = "FILE"
        )]
        inventory: Option<PathBuf>,
    },
}

/// `routerctl exporter`.
#[derive(Debug, Args)]
pub struct ExporterArgs {
    /// Routers to watch: names, globs, `@group`s, `key=value` filters,
    /// exclusions or `all` [default: all].
    #[arg(value_name = "TARGET")]
    pub targets: Vec<String>,

    /// Address to serve on (port 0 picks a free one; the address is
    /// printed).
    #[arg(long, default_value = "127.0.0.1:9436", value_name = "ADDR")]
    pub listen: std::net::SocketAddr,

    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The private key of --tls-cert (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Require HTTP basic auth with this user name; the password comes
    /// from --auth-password-env or --auth-password-file.
    #[arg(long, value_name = "NAME")]
    pub auth_user: Option<String>,

    /// Environment variable holding the basic-auth password.
    #[arg(
        long,
        value_name = "VAR",
        requires = "auth_user",
        conflicts_with = "auth_password_file"
    )]
    pub auth_password_env: Option<String>,

    /// File holding the basic-auth password (one trailing newline dropped).
    #[arg(long, value_name = "FILE", requires = "auth_user")]
    pub auth_password_file: Option<PathBuf>,

    /// Serve on a non-loopback address without TLS and basic auth anyway
    /// (warns).
    #[arg(long)]
    pub insecure_listen: bool,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// `routerctl inventory ...`
#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    /// The resolved fleet: every selected router with its settings after
    /// groups and defaults (passwords: only where they come from).
    List(TargetArgs),
    /// Every setting of one router, with where it came from: the router,
    /// which group, [defaults] or routerctl's default.
    Show {
        /// The router.
        name: String,
        #[command(flatten)]
        fleet: FleetArgs,
    },
    /// Report every problem (unknown keys, vendors or protocols, missing
    /// credentials, duplicate host:port, group cycles) with file:line;
    /// exit status 1 when there is any.
    Check {
        #[command(flatten)]
        fleet: FleetArgs,
    },
}

/// Which routers a fleet command runs against.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Router names or globs (`branch-*`), `@group`s, `key=value` filters,
    /// exclusions (`!name`, `!@group`, `!key=value`) or `all` [default: all].
    #[arg(value_name = "TARGET")]
    pub targets: Vec<String>,
    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// `config`: targets, and whether to reveal secrets.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Print passwords, keys and other secrets in clear (masked by default,
    /// as Oxidized does).
    #[arg(long)]
    pub show_secrets: bool,
}

/// Where the state database is (backups, history).
#[derive(Debug, Args)]
pub struct StateArgs {
    /// State database file [default: $XDG_DATA_HOME/routerctl/state.db,
    /// else ~/.local/share/routerctl/state.db].
    #[arg(long = "state", env = "ROUTERCTL_STATE", value_name = "FILE")]
    pub path: Option<PathBuf>,
}

/// `backup`: targets and the state database.
#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub targets: TargetArgs,
    #[command(flatten)]
    pub state: StateArgs,
}

/// `history ROUTER`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The router's inventory name.
    pub router: String,
    #[command(flatten)]
    pub fleet: FleetArgs,
    #[command(flatten)]
    pub state: StateArgs,
}

/// `diff ROUTER [FROM] [TO]`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The router's inventory name.
    pub router: String,
    /// Older version number [default: the one before TO].
    pub from: Option<u32>,
    /// Newer version number [default: the latest].
    pub to: Option<u32>,
    /// Print secrets in clear (masked by default).
    #[arg(long)]
    pub show_secrets: bool,
    #[command(flatten)]
    pub fleet: FleetArgs,
    #[command(flatten)]
    pub state: StateArgs,
}

/// `show ROUTER [VERSION]`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The router's inventory name.
    pub router: String,
    /// Version number [default: the latest].
    pub version: Option<u32>,
    /// Print secrets in clear (masked by default).
    #[arg(long)]
    pub show_secrets: bool,
    #[command(flatten)]
    pub fleet: FleetArgs,
    #[command(flatten)]
    pub state: StateArgs,
}

/// `plan FILE`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Desired-state file (TOML; see examples/).
    pub file: PathBuf,
    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// `apply FILE` or `apply --resume [APPLY_ID]`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Desired-state file (TOML; see examples/).
    #[arg(required_unless_present = "resume")]
    pub file: Option<PathBuf>,
    /// Finish an interrupted apply (killed or crashed) from its journal
    /// [default: the latest interrupted one].
    #[arg(
        long,
        value_name = "APPLY_ID",
        num_args = 0..=1,
        default_missing_value = "0",
        conflicts_with_all = ["file", "confirm_within"]
    )]
    pub resume: Option<i64>,
    /// Revert every change of this apply unless `routerctl confirm` runs
    /// within this time (`60s`, `5m`); routerctl waits meanwhile.
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub confirm_within: Option<Duration>,
    #[command(flatten)]
    pub fleet: FleetArgs,
    #[command(flatten)]
    pub state: StateArgs,
}

/// `confirm [APPLY_ID]`.
#[derive(Debug, Args)]
pub struct ConfirmArgs {
    /// The apply to confirm [default: the latest awaiting confirmation].
    pub apply: Option<i64>,
    #[command(flatten)]
    pub fleet: FleetArgs,
    #[command(flatten)]
    pub state: StateArgs,
}

/// `rollback APPLY_ID`.
#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// The apply to undo (see `routerctl log`).
    pub apply: i64,
    #[command(flatten)]
    pub fleet: FleetArgs,
    #[command(flatten)]
    pub state: StateArgs,
}

/// `log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// How many applies to show, newest first.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub last: u32,
    /// Show one apply in full: its plan, each operation's journal state
    /// and each router's result.
    #[arg(long, value_name = "APPLY_ID")]
    pub show: Option<i64>,
    #[command(flatten)]
    pub fleet: FleetArgs,
    #[command(flatten)]
    pub state: StateArgs,
}

#[derive(Debug, Args)]
pub struct CallArgs {
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// Refuse nothing: leave out targets of another vendor family than
    /// the first selected router's (they are refused by default).
    #[arg(long)]
    pub skip_other_vendors: bool,
    /// Which routers: a name, glob, `@group`, filter, `!exclusion` or
    /// `all`; several separated by commas (`@branch,!branch-3`).
    #[arg(value_name = "TARGETS")]
    pub target: String,
    /// The vendor's words (RouterOS: a command path, then `=attr=value` and
    /// `?query` words; ubus: object, method, JSON), passed through as typed;
    /// routerctl options among them are routerctl's, except after `--`.
    #[arg(
        required = true,
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "WORD"
    )]
    pub words: Vec<String>,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// Stop after this many rows (default: run until Ctrl-C).
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// The router (must select exactly one).
    #[arg(value_name = "ROUTER")]
    pub target: String,
    /// The vendor's words of a streaming command, passed through as typed;
    /// routerctl options among them are routerctl's, except after `--`.
    #[arg(
        required = true,
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "WORD"
    )]
    pub words: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim_args::{SecretSource, SimCommand};
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Cli {
        <Cli as clap::Parser>::try_parse_from(args).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_work_after_the_subcommand() {
        let cli = parse(&["routerctl", "facts", "--concurrency", "3", "@core", "-vv"]);
        assert_eq!(cli.fleet().and_then(|f| f.concurrency), Some(3));
        assert_eq!(cli.verbose, 2);
        let Command::Facts(t) = cli.command else {
            panic!("not facts")
        };
        assert_eq!(t.targets, ["@core"]);
    }

    fn sim(args: &[&str]) -> SimCommand {
        match parse(args).command {
            Command::Sim(SimArgs::One(sim)) => sim,
            other => panic!("not sim: {other:?}"),
        }
    }

    #[test]
    fn sim_needs_exactly_one_password_source() {
        assert!(Cli::try_parse_from(["routerctl", "sim", "mikrotik"]).is_err());
        assert!(
            Cli::try_parse_from([
                "routerctl",
                "sim",
                "mikrotik",
                "--password",
                "a",
                "--password-env",
                "B"
            ])
            .is_err()
        );
        let m = sim(&[
            "routerctl",
            "sim",
            "mikrotik",
            "--api",
            "127.0.0.1:0",
            "--password-env",
            "PW",
            "--ros-version",
            "6.40",
            "--legacy-login",
        ]);
        assert_eq!(m.sim.name, "mikrotik");
        assert_eq!(
            m.options.get("ros-version").map(String::as_str),
            Some("6.40")
        );
        assert_eq!(
            m.options.get("legacy-login").map(String::as_str),
            Some("true")
        );
        assert_eq!(
            m.options.get("identity").map(String::as_str),
            Some("MikroTik")
        );
        assert_eq!(m.password, SecretSource::Env("PW".into()));
        assert_eq!((m.user.as_str(), m.seed), ("admin", 1));
        let listeners: Vec<_> = m
            .listeners
            .iter()
            .map(|(l, a)| (l.name, a.to_string()))
            .collect();
        assert_eq!(listeners, [("api", "127.0.0.1:0".to_string())]);
    }

    #[test]
    fn a_sim_without_listeners_uses_the_defaults_or_requires_one() {
        let m = sim(&[
            "routerctl",
            "sim",
            "mikrotik",
            "--password",
            "pw",
            "--seed",
            "7",
        ]);
        let listeners: Vec<_> = m
            .listeners
            .iter()
            .map(|(l, a)| (l.name, a.to_string()))
            .collect();
        assert_eq!(listeners, [("api", "127.0.0.1:8728".to_string())]);
        assert!(!m.options.contains_key("legacy-login"), "switch not given");
        assert_eq!(m.seed, 7);
        let m = sim(&[
            "routerctl",
            "sim",
            "mikrotik",
            "--password",
            "pw",
            "--rest-tls",
            "127.0.0.1:0",
        ]);
        let names: Vec<_> = m.listeners.iter().map(|(l, _)| l.name).collect();
        assert_eq!(
            names,
            ["rest-tls"],
            "no default api once a listener is given"
        );
    }

    #[test]
    fn ubus_sims_need_a_listener_and_a_complete_readonly_user() {
        let base = ["routerctl", "sim", "ixon", "--password", "pw"];
        assert!(Cli::try_parse_from(base).is_err(), "no --http/--https");
        let with = |extra: &[&str]| {
            Cli::try_parse_from(
                base.iter()
                    .chain(["--http", "127.0.0.1:0"].iter())
                    .chain(extra),
            )
        };
        assert!(with(&["--readonly-user", "viewer"]).is_err(), "no password");
        assert!(with(&["--readonly-password-env", "V"]).is_err(), "no user");
        assert!(with(&["--flavor", "cisco"]).is_err(), "unknown flavor");
        let cli = with(&["--readonly-user", "viewer", "--readonly-password-env", "V"])
            .unwrap_or_else(|e| panic!("{e}"));
        let Command::Sim(SimArgs::One(ixon)) = cli.command else {
            panic!("not sim ixon")
        };
        assert_eq!(ixon.sim.name, "ixon");
        assert_eq!(ixon.options.get("flavor").map(String::as_str), Some("ixon"));
        assert_eq!(
            ixon.readonly,
            Some(("viewer".to_string(), SecretSource::Env("V".into())))
        );
        assert_eq!(ixon.user, "admin");

        let openwrt = sim(&[
            "routerctl",
            "sim",
            "openwrt",
            "--https",
            "127.0.0.1:0",
            "--password-env",
            "PW",
        ]);
        let names: Vec<_> = openwrt.listeners.iter().map(|(l, _)| l.name).collect();
        assert_eq!(names, ["https"]);
        assert!(
            Cli::try_parse_from([
                "routerctl",
                "sim",
                "openwrt",
                "--http",
                "127.0.0.1:0",
                "--password",
                "pw",
                "--flavor",
                "ixon",
            ])
            .is_err(),
            "sim openwrt has no --flavor"
        );
    }

    #[test]
    fn concurrency_must_be_positive() {
        assert!(Cli::try_parse_from(["routerctl", "facts", "--concurrency", "0"]).is_err());
    }
}
