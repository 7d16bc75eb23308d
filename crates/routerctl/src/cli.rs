//! The command line, declared with clap's derive API.
//!
//! Only parsing lives here; `app.rs` decides what each command does. Global
//! options are marked `global = true` so they may be given before or after
//! the subcommand name. After the target of `call`/`watch`, the known
//! routerctl options are picked out of the vendor words by
//! [`crate::trailing`] (a `--` ends that).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, ArgGroup, Args, Parser, Subcommand, ValueEnum};

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

    /// `config`: print passwords, keys and other secrets in clear (they are
    /// masked by default).
    #[arg(long, global = true)]
    pub show_secrets: bool,

    /// How many routers to talk to at the same time.
    #[arg(long, global = true, default_value_t = 16, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub concurrency: u16,

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
    Config(TargetArgs),
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
    Sim(SimArgs),
    /// Start simulated MikroTik and IXON routers and show what routerctl does
    /// with them.
    Demo,
    /// Print a shell completion script; it completes router and group names
    /// from the inventory too.
    ///
    /// Example: routerctl completions bash > ~/.local/share/bash-completion/completions/routerctl
    Completions {
        /// Shell to generate for.
        shell: clap_complete::Shell,
    },
    /// Router names and groups of the inventory, one per line (used by the
    /// completion scripts).
    #[command(name = "__complete-targets", hide = true)]
    CompleteTargets,
}

/// Which routers a fleet command runs against.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Router names, `@group`s, `key=value` filters or `all` [default: all].
    #[arg(value_name = "TARGET")]
    pub targets: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CallArgs {
    /// A router name, `@group`, filter or `all`.
    #[arg(value_name = "TARGET")]
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

#[derive(Debug, Args)]
pub struct SimArgs {
    #[command(subcommand)]
    pub vendor: SimVendor,
}

// The ubus variants are boxed to keep `Command` small; the enum is parsed
// once per run, so the remaining size gap to `Mikrotik` does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum SimVendor {
    /// A simulated MikroTik RouterOS 7 device (binary API, api-ssl and REST).
    // Boxed: the listener options make it much larger than the other
    // commands' arguments.
    Mikrotik(Box<MikrotikSimArgs>),
    /// A simulated IXON IXrouter3 (ubus JSON-RPC at /ubus over HTTP/HTTPS).
    ///
    /// `--flavor openwrt` makes it a stock OpenWrt router instead, the same
    /// as `sim openwrt`.
    Ixon(Box<IxonSimArgs>),
    /// A simulated stock OpenWrt router (ubus JSON-RPC at /ubus); the same
    /// as `sim ixon --flavor openwrt`.
    Openwrt(Box<UbusSimArgs>),
}

#[derive(Debug, Args)]
pub struct MikrotikSimArgs {
    /// Serve the plain API here (port 0 picks a free one)
    /// [default: 127.0.0.1:8728 when no other listener is given].
    #[arg(long, value_name = "ADDR")]
    pub api: Option<SocketAddr>,
    /// Serve api-ssl here with a fresh self-signed certificate.
    #[arg(long = "api-tls", value_name = "ADDR")]
    pub api_tls: Option<SocketAddr>,
    /// Serve the REST API over plain HTTP here (same device state).
    #[arg(long, value_name = "ADDR")]
    pub rest: Option<SocketAddr>,
    /// Serve the REST API over HTTPS here with a fresh self-signed
    /// certificate (same device state).
    #[arg(long = "rest-tls", value_name = "ADDR")]
    pub rest_tls: Option<SocketAddr>,
    /// Login name of the simulated user (group `full`).
    #[arg(long, default_value = "admin", value_name = "NAME")]
    pub user: String,
    #[command(flatten)]
    pub password: SimPassword,
    /// RouterOS version to report and emulate.
    #[arg(long = "version", default_value = "7.20.5", value_name = "VERSION")]
    pub os_version: String,
    /// Emulate a pre-6.43 router (MD5 challenge login only).
    #[arg(long)]
    pub legacy_login: bool,
    /// `/system/identity` name.
    #[arg(long, default_value = "MikroTik", value_name = "NAME")]
    pub identity: String,
    /// Seed for generated data (MACs, counters, clients).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub seed: u64,
}

/// Where the simulated user's password comes from. `--password` exists only
/// here: the simulator is a local lab device, not a real router.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct SimPassword {
    /// Read the password from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// Read the password from this file (one trailing newline dropped).
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// The password itself (lab use only).
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,
}

/// `sim ixon`: the ubus simulator options plus which router to pretend to be.
#[derive(Debug, Args)]
pub struct IxonSimArgs {
    /// Which firmware to simulate.
    #[arg(long, value_enum, default_value_t = UbusFlavor::Ixon, value_name = "FLAVOR")]
    pub flavor: UbusFlavor,
    #[command(flatten)]
    pub ubus: UbusSimArgs,
}

/// The two firmwares the ubus simulator speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UbusFlavor {
    /// IXON IXrouter3, firmware 3.19 (`ixon.ui.*` objects, IXON's ACL).
    Ixon,
    /// Stock OpenWrt 24.10 (`system`, `network.*`, `luci-rpc`, `iwinfo`, `uci`).
    Openwrt,
}

/// Options of the ubus simulators (`sim ixon`, `sim openwrt`). At least one
/// of `--http` and `--https` is required: there is no unprivileged default
/// port for HTTP.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("listen").args(["http", "https"]).required(true).multiple(true)))]
#[command(group(
    ArgGroup::new("readonly_password")
        .args(["readonly_password_env", "readonly_password_file"])
        .multiple(false)
        .requires("readonly_user")
))]
pub struct UbusSimArgs {
    /// Serve `/ubus` over plain HTTP here (port 0 picks a free one).
    #[arg(long, value_name = "ADDR")]
    pub http: Option<SocketAddr>,
    /// Serve `/ubus` over HTTPS here with a fresh self-signed certificate.
    #[arg(long, value_name = "ADDR")]
    pub https: Option<SocketAddr>,
    /// Login name of the simulated administrator (IXON `admin` ACL,
    /// OpenWrt root ACL).
    #[arg(long, default_value = "admin", value_name = "NAME")]
    pub user: String,
    #[command(flatten)]
    pub password: SimPassword,
    /// Add a second user that may only read (needs a password source).
    #[arg(long, value_name = "NAME", requires = "readonly_password")]
    pub readonly_user: Option<String>,
    /// Read the read-only user's password from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub readonly_password_env: Option<String>,
    /// Read the read-only user's password from this file.
    #[arg(long, value_name = "FILE")]
    pub readonly_password_file: Option<PathBuf>,
    /// Host name the router reports [default: ixrouter / OpenWrt].
    #[arg(long, value_name = "NAME")]
    pub hostname: Option<String>,
    /// Seed for generated data (MACs, serial number, counters).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub seed: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Cli {
        crate::trailing::parse_from(args.iter().map(std::ffi::OsString::from).collect())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn call_passes_query_and_attribute_words_through() {
        let cli = parse(&[
            "routerctl",
            "-o",
            "json",
            "call",
            "r1",
            "/ip/address/print",
            "?interface=ether1",
            "=.proplist=address,interface",
            "--",
            "-not-an-option",
            "--neither",
        ]);
        let Command::Call(call) = cli.command else {
            panic!("not call")
        };
        assert_eq!(call.target, "r1");
        assert_eq!(
            call.words,
            [
                "/ip/address/print",
                "?interface=ether1",
                "=.proplist=address,interface",
                "-not-an-option",
                "--neither"
            ]
        );
        assert_eq!(cli.global.output, Some(OutputFormat::Json));
    }

    #[test]
    fn global_options_work_after_the_subcommand() {
        let cli = parse(&["routerctl", "facts", "--concurrency", "3", "@core", "-vv"]);
        assert_eq!(cli.global.concurrency, 3);
        assert_eq!(cli.global.verbose, 2);
        let Command::Facts(t) = cli.command else {
            panic!("not facts")
        };
        assert_eq!(t.targets, ["@core"]);
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
        let cli = parse(&[
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
        let Command::Sim(SimArgs {
            vendor: SimVendor::Mikrotik(m),
        }) = cli.command
        else {
            panic!("not sim")
        };
        assert_eq!(m.os_version, "6.40");
        assert!(m.legacy_login);
        assert_eq!(m.password.password_env.as_deref(), Some("PW"));
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
        let cli = with(&["--readonly-user", "viewer", "--readonly-password-env", "V"])
            .unwrap_or_else(|e| panic!("{e}"));
        let Command::Sim(SimArgs {
            vendor: SimVendor::Ixon(ixon),
        }) = cli.command
        else {
            panic!("not sim ixon")
        };
        assert_eq!(ixon.flavor, UbusFlavor::Ixon);
        assert_eq!(ixon.ubus.readonly_user.as_deref(), Some("viewer"));
        assert_eq!(ixon.ubus.user, "admin");

        let cli = parse(&[
            "routerctl",
            "sim",
            "openwrt",
            "--https",
            "127.0.0.1:0",
            "--password-env",
            "PW",
        ]);
        let Command::Sim(SimArgs {
            vendor: SimVendor::Openwrt(openwrt),
        }) = cli.command
        else {
            panic!("not sim openwrt")
        };
        assert!(openwrt.http.is_none() && openwrt.https.is_some());
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
