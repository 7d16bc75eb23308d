//! routerctl's own options after the vendor words of `call` and `watch`.
//!
//! clap hands every word after the target of `call`/`watch` to the router
//! (they are vendor words: `/ip/address/print`, `=interface=ether1`,
//! `?type=ether`, `.proplist=name`, `ixon.ui.overview`, `get`, JSON). People
//! still write `watch r1 /interface/monitor-traffic =interface=ether1
//! --count 2` or `call r1 /ip/address/print -o table`, and sending
//! `--count` to the router only earns a baffling vendor error.
//!
//! The rule: among the words after the target, a known routerctl option
//! (with its value) is routerctl's, wherever it stands; a word after `--` is
//! always the vendor's; any other word starting with `-` (but not a negative
//! number) is refused as a usage error before anything is sent, with a hint
//! to put it after `--` if it really is meant for the router.

use std::ffi::OsString;

use clap::error::ErrorKind;
use clap::{Args, CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command, FleetArgs};

/// Options that take a value (long and short spellings).
const WITH_VALUE: &[&str] = &[
    "-i",
    "--inventory",
    "-o",
    "--output",
    "--concurrency",
    "--max-memory",
    "--timeout",
    "--columns",
    "--color",
    "--count",
    "--limit",
    "--deadline",
    "--retries",
];

/// Options without a value.
const FLAGS: &[&str] = &[
    "--ask-password",
    "--insecure",
    "--verbose",
    "-h",
    "--help",
    "--dry-run",
    "--skip-other-vendors",
];

/// Parse the process's command line (exits on a usage error, as clap does).
pub fn parse() -> Cli {
    parse_from(std::env::args_os().collect()).unwrap_or_else(|e| e.exit())
}

/// Parse `args`, moving fleet options from before the command name to
/// after it and routerctl options out of `call`/`watch` words.
pub fn parse_from(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    let args = hoist_fleet_options(args);
    let cli = try_parse(&args)?;
    let (target, words) = match &cli.command {
        Command::Call(c) => (c.target.clone(), c.words.clone()),
        Command::Watch(w) => (w.target.clone(), w.words.clone()),
        _ => return Ok(cli),
    };
    // The words are the tail of argv; the target stands just before them
    // (possibly with a `--` clap swallowed in between: then every word is
    // the vendor's).
    let Some(start) = args.len().checked_sub(words.len()) else {
        return Ok(cli);
    };
    if start
        .checked_sub(1)
        .and_then(|i| args.get(i))
        .is_some_and(|a| a == "--")
    {
        return Ok(cli);
    }
    let split = split_words(&words)?;
    if split.ours.is_empty() && split.vendor == words {
        return Ok(cli);
    }
    let Some(target_at) = args
        .get(..start)
        .and_then(|head| head.iter().rposition(|a| *a == *target))
    else {
        return Ok(cli);
    };
    let mut again: Vec<OsString> = args.get(..target_at).unwrap_or_default().to_vec();
    again.extend(split.ours.iter().map(OsString::from));
    again.extend(
        args.get(target_at..start)
            .unwrap_or_default()
            .iter()
            .cloned(),
    );
    // A placeholder keeps `WORD...` satisfied; the real words are set below.
    again.push(OsString::from("placeholder"));
    let mut cli = try_parse(&again)?;
    match &mut cli.command {
        Command::Call(c) => c.words = split.vendor,
        Command::Watch(w) => w.words = split.vendor,
        _ => {}
    }
    if matches!(&cli.command, Command::Call(c) if c.words.is_empty())
        || matches!(&cli.command, Command::Watch(w) if w.words.is_empty())
    {
        return Err(Cli::command().error(
            ErrorKind::MissingRequiredArgument,
            "no vendor words to send after the target (only routerctl options)",
        ));
    }
    Ok(cli)
}

/// `routerctl -o json facts` → `routerctl facts -o json`: the fleet
/// options ([`FleetArgs`], read from its clap definition, so a new one
/// needs no change here) belong to the fleet commands, but the README and
/// habit put them before the command name too. Moved behind the name, they
/// are parsed by the command, and refused by those without them (`sim`,
/// `demo`, `completions`). Everything else stays where it was.
fn hoist_fleet_options(args: Vec<OsString>) -> Vec<OsString> {
    let fleet = FleetArgs::augment_args(clap::Command::new("fleet"));
    // (spelling, takes a value)
    let mut known: Vec<(String, bool)> = Vec::new();
    for arg in fleet.get_arguments() {
        let takes_value = arg.get_action().takes_values();
        if let Some(long) = arg.get_long() {
            known.push((format!("--{long}"), takes_value));
        }
        if let Some(short) = arg.get_short() {
            known.push((format!("-{short}"), takes_value));
        }
    }
    let mut kept: Vec<OsString> = Vec::new();
    let mut moved: Vec<OsString> = Vec::new();
    let mut words = args.into_iter();
    kept.extend(words.next());
    while let Some(word) = words.next() {
        let Some(text) = word.to_str() else {
            kept.push(word);
            break;
        };
        if text == "--" || !text.starts_with('-') {
            kept.push(word);
            break;
        }
        let name = text.split_once('=').map_or(text, |(n, _)| n);
        let attached_short = !text.starts_with("--") && text.len() > 2;
        let spec = known.iter().find(|(k, _)| {
            k == name || (attached_short && k.len() == 2 && text.starts_with(k.as_str()))
        });
        match spec {
            Some((spelling, true)) if spelling == text => {
                moved.push(word);
                moved.extend(words.next());
            }
            Some(_) => moved.push(word),
            None => kept.push(word),
        }
    }
    // `kept` ends with the command name (if any). A command with
    // subcommands of its own (`inventory list`) takes the options after
    // the subcommand's name.
    let command = Cli::command();
    let parent = kept
        .last()
        .and_then(|w| w.to_str())
        .and_then(|name| command.find_subcommand(name))
        .filter(|c| c.has_subcommands());
    let mut words = words.peekable();
    if let Some(parent) = parent {
        let names_one = words
            .peek()
            .and_then(|w| w.to_str())
            .is_some_and(|w| parent.find_subcommand(w).is_some());
        if names_one {
            kept.extend(words.next());
        }
    }
    // The moved options follow, then the rest of the line.
    kept.extend(moved);
    kept.extend(words);
    kept
}

fn try_parse(args: &[OsString]) -> Result<Cli, clap::Error> {
    let matches = Cli::command().try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// Words split into routerctl's options and the vendor's words.
#[derive(Debug, Default, PartialEq, Eq)]
struct Split {
    ours: Vec<String>,
    vendor: Vec<String>,
}

fn split_words(words: &[String]) -> Result<Split, clap::Error> {
    let mut split = Split::default();
    let mut rest = words.iter();
    while let Some(word) = rest.next() {
        if word == "--" {
            split.vendor.extend(rest.by_ref().cloned());
            break;
        }
        if !word.starts_with('-') || is_number(word) {
            split.vendor.push(word.clone());
            continue;
        }
        let name = word.split_once('=').map_or(word.as_str(), |(n, _)| n);
        if WITH_VALUE.contains(&name) {
            split.ours.push(word.clone());
            if name == word.as_str() {
                if let Some(value) = rest.next() {
                    split.ours.push(value.clone());
                }
            }
        } else if FLAGS.contains(&name) || is_verbose(word) || is_attached_short(word) {
            split.ours.push(word.clone());
        } else {
            return Err(Cli::command().error(
                ErrorKind::UnknownArgument,
                format!(
                    "`{word}` after the target is not a routerctl option, and nothing was sent.\n  \
                     routerctl options (-o, --count, --timeout, --columns, ...) may stand anywhere; \
                     vendor words start with /, =, ?, . or are names and JSON.\n  \
                     To send `{word}` to the router anyway, put `--` before the vendor words."
                ),
            ));
        }
    }
    Ok(split)
}

/// `-5`, `-1.5`: a value, not an option.
fn is_number(word: &str) -> bool {
    word.get(1..).is_some_and(|n| n.parse::<f64>().is_ok())
}

/// `-v`, `-vv`, `-vvv`.
fn is_verbose(word: &str) -> bool {
    word.len() >= 2 && word.get(1..).is_some_and(|v| v.chars().all(|c| c == 'v'))
}

/// `-ojson`, `-ifile.toml`: a short option with its value attached.
fn is_attached_short(word: &str) -> bool {
    (word.starts_with("-o") || word.starts_with("-i")) && word.len() > 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::OutputFormat;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        parse_from(args.iter().map(OsString::from).collect())
    }

    #[test]
    fn options_after_the_words_are_routerctls() {
        let cli = parse(&[
            "routerctl",
            "watch",
            "r1",
            "/interface/monitor-traffic",
            "=interface=ether1",
            "--count",
            "2",
            "-o",
            "table",
            "--timeout=5s",
        ])
        .unwrap();
        assert_eq!(
            cli.fleet().and_then(|f| f.output),
            Some(OutputFormat::Table)
        );
        assert!(cli.fleet().and_then(|f| f.timeout).is_some());
        let Command::Watch(w) = cli.command else {
            panic!("not watch")
        };
        assert_eq!(w.count, Some(2));
        assert_eq!(w.target, "r1");
        assert_eq!(w.words, ["/interface/monitor-traffic", "=interface=ether1"]);
    }

    #[test]
    fn double_dash_ends_options_and_unknown_options_are_refused() {
        let cli = parse(&[
            "routerctl",
            "call",
            "r1",
            "/x",
            "-ojson",
            "--",
            "--count",
            "-z",
        ])
        .unwrap();
        assert_eq!(cli.fleet().and_then(|f| f.output), Some(OutputFormat::Json));
        let Command::Call(c) = cli.command else {
            panic!("not call")
        };
        assert_eq!(c.words, ["/x", "--count", "-z"]);

        let err = parse(&["routerctl", "call", "r1", "/x", "--cont", "2"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownArgument);
        assert!(err.to_string().contains("put `--` before"), "{err}");

        let cli = parse(&["routerctl", "call", "r1", "x", "set", "-5"]).unwrap();
        let Command::Call(c) = cli.command else {
            panic!("not call")
        };
        assert_eq!(c.words, ["x", "set", "-5"]);
        assert!(parse(&["routerctl", "call", "r1", "-o", "json"]).is_err());
        let cli = parse(&["routerctl", "call", "r1", "--", "--count", "1"]).unwrap();
        let Command::Call(c) = cli.command else {
            panic!("not call")
        };
        assert_eq!(c.words, ["--count", "1"]);
    }

    #[test]
    fn fleet_options_before_the_command_name_are_the_commands() {
        let cli = parse(&[
            "routerctl",
            "-o",
            "json",
            "--concurrency=3",
            "-ifile.toml",
            "-v",
            "facts",
            "@core",
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let fleet = cli
            .fleet()
            .unwrap_or_else(|| panic!("facts has fleet options"));
        assert_eq!(fleet.output, Some(OutputFormat::Json));
        assert_eq!(fleet.concurrency, Some(3));
        assert_eq!(
            fleet.inventory.as_deref(),
            Some(std::path::Path::new("file.toml"))
        );
        assert_eq!(cli.verbose, 1);
        // Not for the commands without an inventory.
        for command in [
            &["routerctl", "-i", "x.toml", "demo"][..],
            &["routerctl", "demo", "-i", "x.toml"],
            &["routerctl", "--insecure", "completions", "bash"],
            &[
                "routerctl",
                "sim",
                "mikrotik",
                "--password",
                "p",
                "-o",
                "json",
            ],
        ] {
            let err = parse(command)
                .err()
                .unwrap_or_else(|| panic!("{command:?} parsed"));
            assert_eq!(err.kind(), ErrorKind::UnknownArgument, "{command:?}");
        }
        assert!(parse(&["routerctl", "demo", "-o", "json", "--color", "never"]).is_ok());
        let cli = parse(&["routerctl", "-i", "x.toml", "inventory", "show", "r1"])
            .unwrap_or_else(|e| panic!("{e}"));
        let fleet = cli
            .fleet()
            .unwrap_or_else(|| panic!("inventory show has fleet options"));
        assert_eq!(
            fleet.inventory.as_deref(),
            Some(std::path::Path::new("x.toml"))
        );
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
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cli.fleet().and_then(|f| f.output), Some(OutputFormat::Json));
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
    }
}
