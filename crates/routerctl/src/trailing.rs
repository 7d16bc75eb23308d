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
use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command};

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

/// Parse `args`, moving routerctl options out of `call`/`watch` words.
pub fn parse_from(args: Vec<OsString>) -> Result<Cli, clap::Error> {
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
        assert_eq!(cli.global.output, Some(OutputFormat::Table));
        assert!(cli.global.timeout.is_some());
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
        assert_eq!(cli.global.output, Some(OutputFormat::Json));
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
}
