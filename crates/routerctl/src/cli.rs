//! The command line, declared with clap's derive API.
//!
//! Only parsing lives here; `app.rs` decides what each command does. Global
//! options are marked `global = true` so they may be given before or after
//! the subcommand name. After the target of `call`/`watch`, the known
//! routerctl options are picked out of the vendor words by
//! [`crate::trailing`] (a `--` ends that).

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

pub use crate::sim_args::SimCommand;

/// Manage routers of several vendors through one interface.
///
/// Routers are listed in a TOML inventory (`--inventory`, else
/// `$ROUTERCTL_INVENTORY`, else `./routers.toml`). Targets are router names,
/// group names (`@group`, or the plain name when no router has it),
/// `key=value` filters (`vendor=`, `protocol=`, `host=`, `group=` or any
/// label), or `all` (the default). Names and groups add up (union);
/// filters narrow that down: filters on different keys must all match
/// (AND), several values of one key are alternatives (OR). So
/// `facts @core vendor=mikrotik` is the MikroTik routers of group core, and
/// `facts site=hq site=berlin` the routers of either site.
///
/// Output: `table` on a terminal, `json` when stdout is piped; choose with
/// `-o`. Exit status: 0 all targets succeeded, 1 some failed, 2 usage error.
#[derive(Debug, Parser)]
#[command(name = "routerctl", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Inventory file (TOML).
    #[arg(
        short = 'i',
        long,
        global = true,
        env = "ROUTERCTL_INVENTORY",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub inventory: Option<PathBuf>,

    /// Output format [default: table on a terminal, json otherwise].
    #[arg(short = 'o', long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// Table and CSV: show only these columns, in this order (comma
    /// separated, e.g. `model,os_version`); `router` always comes first and
    /// CSV keeps its `error` column.
    #[arg(long, global = true, value_name = "A,B,C", value_delimiter = ',')]
    pub columns: Option<Vec<String>>,

    /// Colour in tables and messages: `auto` (on a terminal, unless
    /// NO_COLOR is set), `always` or `never`.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// How many routers to talk to at the same time [default: sized for
    /// the fleet: one per router, up to 256 and what the open-file limit
    /// allows].
    #[arg(long, global = true, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=4096))]
    pub concurrency: Option<u16>,

    #[command(flatten)]
    pub run: crate::run_args::RunArgs,

    /// Memory for router replies, shared by every router in flight; each
    /// gets a fair share, and a reply past it fails with "reply too large"
    /// (`256MiB`, `1GiB`, or bytes).
    #[arg(long, global = true, default_value = "256MiB", value_name = "SIZE",
          value_parser = crate::bytesize::parse)]
    pub max_memory: usize,

    /// Per-router time limit for connecting plus the operation, overriding
    /// the inventory (`10`, `2.5`, `10s`, `500ms`, `1m`).
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub timeout: Option<Duration>,

    /// Prompt for a password (once per user@host) for routers whose
    /// inventory entry names no password source.
    #[arg(long, global = true)]
    pub ask_password: bool,

    /// Do not verify TLS certificates for any router in this run (warns).
    #[arg(long, global = true)]
    pub insecure: bool,

    /// Log to stderr (-v info, -vv debug, -vvv trace); RUST_LOG wins when set.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
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
    /// Run a simulated device on loopback until SIGINT/SIGTERM.
    ///
    /// Prints one line per listener (`NAME ADDR`, plus `sha256=FINGERPRINT`
    /// for TLS ones) on stdout once all are up, and a ready-to-paste
    /// inventory entry on stderr.
    Sim(SimCommand),
    /// Start the simulated routers of every vendor's demo and show what
    /// routerctl does with them.
    Demo,
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
    CompleteTargets,
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
    },
    /// Report every problem (unknown keys, vendors or protocols, missing
    /// credentials, duplicate host:port, group cycles) with file:line;
    /// exit status 1 when there is any.
    Check,
}

/// Which routers a fleet command runs against.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Router names or globs (`branch-*`), `@group`s, `key=value` filters,
    /// exclusions (`!name`, `!@group`, `!key=value`) or `all` [default: all].
    #[arg(value_name = "TARGET")]
    pub targets: Vec<String>,
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

#[derive(Debug, Args)]
pub struct CallArgs {
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
    use crate::sim_args::SecretSource;
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
        assert_eq!(cli.global.concurrency, Some(3));
        assert_eq!(cli.global.verbose, 2);
        let Command::Facts(t) = cli.command else {
            panic!("not facts")
        };
        assert_eq!(t.targets, ["@core"]);
    }

    fn sim(args: &[&str]) -> SimCommand {
        match parse(args).command {
            Command::Sim(sim) => sim,
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
            "--version",
            "6.40",
            "--legacy-login",
        ]);
        assert_eq!(m.sim.name, "mikrotik");
        assert_eq!(m.options.get("version").map(String::as_str), Some("6.40"));
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
        let Command::Sim(ixon) = cli.command else {
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
        assert!(Cli::try_parse_from(["routerctl", "--concurrency", "0", "facts"]).is_err());
    }
}
