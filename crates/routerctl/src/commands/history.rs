//! `history ROUTER`, `diff ROUTER [FROM] [TO]`, `show ROUTER [VERSION]`:
//! reading the backups in the state database (no router is contacted).
//!
//! Stored snapshots hold secrets in clear; what is printed is masked as
//! `config` masks it unless `--show-secrets`.

use std::io::{self, Write};

use anyhow::Context;
use routerctl_core::Config;
use serde_json::{Value, json};

use crate::changes::{self, ChangeKind};
use crate::cli::{DiffArgs, HistoryArgs, ShowArgs, StateArgs};
use crate::fleet::FleetOptions;
use crate::output::Format;
use crate::state::{self, SnapshotFormat, SqliteStore, Store, Version};
use crate::usage::UsageError;

/// The state database; reading commands do not create one.
fn open(args: &StateArgs) -> anyhow::Result<Box<dyn Store>> {
    let path = state::location(args.path.as_deref())?;
    if !path.exists() {
        return Err(UsageError(format!(
            "no state database at {}; `routerctl backup` makes one (or pass --state FILE)",
            path.display()
        ))
        .into());
    }
    Ok(Box::new(SqliteStore::open(&path)?))
}

fn versions(store: &dyn Store, router: &str) -> anyhow::Result<Vec<Version>> {
    let versions = store.versions(router)?;
    if versions.is_empty() {
        return Err(UsageError(format!(
            "no backups of {router:?} in the state database; run `routerctl backup {router}` first"
        ))
        .into());
    }
    Ok(versions)
}

fn pick<'a>(versions: &'a [Version], router: &str, number: u32) -> anyhow::Result<&'a Version> {
    versions
        .iter()
        .find(|v| v.version == number)
        .ok_or_else(|| {
            let last = versions.last().map_or(0, |v| v.version);
            UsageError(format!(
                "{router} has no version {number} (versions are 1 to {last})"
            ))
            .into()
        })
}

fn content(store: &dyn Store, v: &Version) -> anyhow::Result<String> {
    store
        .content(&v.sha256)?
        .with_context(|| format!("the content of version {} is missing", v.version))
}

/// What changed from `old` to `new` in a few words.
fn summary(format: SnapshotFormat, old: &str, new: &str) -> String {
    match format {
        SnapshotFormat::Text => {
            let (added, removed) = changes::line_counts(old, new);
            format!("+{added} -{removed} lines")
        }
        SnapshotFormat::Json => match (parse(old), parse(new)) {
            (Ok(a), Ok(b)) => changes::json_summary(&changes::json_changes(&a, &b)),
            _ => {
                let (added, removed) = changes::line_counts(old, new);
                format!("+{added} -{removed} lines")
            }
        },
    }
}

fn parse(text: &str) -> serde_json::Result<Value> {
    serde_json::from_str(text)
}

pub fn history(options: &FleetOptions, args: HistoryArgs) -> anyhow::Result<u8> {
    let store = open(&args.state)?;
    let versions = versions(&*store, &args.router)?;
    let mut rows = Vec::new();
    let mut previous: Option<String> = None;
    for v in &versions {
        let text = content(&*store, v)?;
        let changed = match &previous {
            None => "first".to_string(),
            Some(old) => summary(v.format, old, &text),
        };
        rows.push((v, changed));
        previous = Some(text);
    }
    let mut out = io::stdout().lock();
    match options.format {
        Format::Table => {
            writeln!(
                out,
                "{:>7}  {:<20}  {:>8}  {:<6}  {:<12}  CHANGES",
                "VERSION", "TIME", "SIZE", "FORMAT", "SHA256"
            )?;
            for (v, changed) in &rows {
                writeln!(
                    out,
                    "{:>7}  {:<20}  {:>8}  {:<6}  {:<12}  {}",
                    v.version,
                    state::format_utc(v.taken_at),
                    v.size,
                    v.format.as_str(),
                    v.sha256.get(..12).unwrap_or(&v.sha256),
                    changed
                )?;
            }
        }
        Format::Json | Format::Jsonl | Format::Csv => {
            let items: Vec<Value> = rows
                .iter()
                .map(|(v, changed)| {
                    json!({
                        "router": args.router,
                        "version": v.version,
                        "time": state::format_utc(v.taken_at),
                        "taken_at": v.taken_at,
                        "vendor": v.vendor,
                        "format": v.format,
                        "size": v.size,
                        "sha256": v.sha256,
                        "changes": changed,
                    })
                })
                .collect();
            if options.format == Format::Json {
                serde_json::to_writer_pretty(&mut out, &items)?;
                writeln!(out)?;
            } else if options.format == Format::Jsonl {
                for item in &items {
                    serde_json::to_writer(&mut out, item)?;
                    writeln!(out)?;
                }
            } else {
                writeln!(out, "router,version,time,size,format,sha256,changes")?;
                for (v, changed) in &rows {
                    writeln!(
                        out,
                        "{},{},{},{},{},{},{}",
                        csv_field(&args.router),
                        v.version,
                        state::format_utc(v.taken_at),
                        v.size,
                        v.format.as_str(),
                        v.sha256,
                        csv_field(changed)
                    )?;
                }
            }
        }
    }
    Ok(0)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One text line as it may be shown.
fn mask_line(line: &str, reveal: bool) -> String {
    if reveal {
        return line.to_string();
    }
    match crate::mask::config(Config::Text(line.to_string())) {
        Config::Text(t) => t,
        Config::Json(v) => v.to_string(),
    }
}

fn mask_value(path: &str, value: &Value, reveal: bool) -> Value {
    if reveal {
        return value.clone();
    }
    let last = path.rsplit('.').next().unwrap_or(path);
    if crate::mask::is_secret_name(last) && !matches!(value, Value::Null) {
        return Value::String(crate::mask::HIDDEN.into());
    }
    match crate::mask::config(Config::Json(value.clone())) {
        Config::Json(v) => v,
        Config::Text(t) => Value::String(t),
    }
}

pub fn diff(options: &FleetOptions, args: DiffArgs) -> anyhow::Result<u8> {
    let store = open(&args.state)?;
    let versions = versions(&*store, &args.router)?;
    let latest = versions.last().map_or(0, |v| v.version);
    let (from, to) = match (args.from, args.to) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, latest),
        (None, _) => {
            if versions.len() < 2 {
                return Err(UsageError(format!(
                    "{} has only one version; nothing to compare yet",
                    args.router
                ))
                .into());
            }
            (latest - 1, latest)
        }
    };
    let (a, b) = (
        pick(&versions, &args.router, from)?,
        pick(&versions, &args.router, to)?,
    );
    let (old, new) = (content(&*store, a)?, content(&*store, b)?);
    let reveal = args.show_secrets;
    let mut out = io::stdout().lock();
    let json_pair = match (a.format, b.format) {
        (SnapshotFormat::Json, SnapshotFormat::Json) => parse(&old).ok().zip(parse(&new).ok()),
        _ => None,
    };
    let structured = options.format != Format::Table;
    match json_pair {
        Some((x, y)) => {
            let list = changes::json_changes(&x, &y);
            if structured {
                let items: Vec<Value> = list
                    .iter()
                    .map(|c| {
                        let mut item = json!({"path": c.path, "kind": c.kind});
                        if let Some(v) = &c.old {
                            item["old"] = mask_value(&c.path, v, reveal);
                        }
                        if let Some(v) = &c.new {
                            item["new"] = mask_value(&c.path, v, reveal);
                        }
                        item
                    })
                    .collect();
                serde_json::to_writer_pretty(
                    &mut out,
                    &json!({
                        "router": args.router, "from": from, "to": to, "changes": items
                    }),
                )?;
                writeln!(out)?;
            } else {
                writeln!(out, "{} version {from} -> {to}", args.router)?;
                for c in &list {
                    let show = |v: &Option<Value>| {
                        v.as_ref()
                            .map(|v| mask_value(&c.path, v, reveal).to_string())
                            .unwrap_or_default()
                    };
                    let (sign, code, text) = match c.kind {
                        ChangeKind::Added => ('+', crate::color::GREEN, show(&c.new)),
                        ChangeKind::Removed => ('-', crate::color::RED, show(&c.old)),
                        ChangeKind::Changed => {
                            ('~', "33", format!("{} -> {}", show(&c.old), show(&c.new)))
                        }
                    };
                    let line = format!("{sign} {}: {text}", c.path);
                    writeln!(out, "{}", crate::color::paint(&line, code, options.color))?;
                }
            }
        }
        None => {
            let labels = (
                format!("{} version {from}", args.router),
                format!("{} version {to}", args.router),
            );
            let text = changes::unified(
                &old,
                &new,
                (&labels.0, &labels.1),
                &|l| mask_line(l, reveal),
                options.color,
            );
            if structured {
                serde_json::to_writer_pretty(
                    &mut out,
                    &json!({
                        "router": args.router, "from": from, "to": to, "diff": text
                    }),
                )?;
                writeln!(out)?;
            } else {
                write!(out, "{text}")?;
            }
        }
    }
    Ok(0)
}

pub fn show(options: &FleetOptions, args: ShowArgs) -> anyhow::Result<u8> {
    let store = open(&args.state)?;
    let versions = versions(&*store, &args.router)?;
    let v = match args.version {
        Some(n) => pick(&versions, &args.router, n)?,
        None => versions.last().context("no versions")?,
    };
    let text = content(&*store, v)?;
    let config = match v.format {
        SnapshotFormat::Text => Config::Text(text),
        SnapshotFormat::Json => match parse(&text) {
            Ok(value) => Config::Json(value),
            Err(_) => Config::Text(text),
        },
    };
    let config = if args.show_secrets {
        config
    } else {
        crate::mask::config(config)
    };
    let mut out = io::stdout().lock();
    match (&config, options.format) {
        (Config::Text(t), Format::Table) => write!(out, "{t}")?,
        (Config::Json(value), Format::Table) => {
            serde_json::to_writer_pretty(&mut out, value)?;
            writeln!(out)?;
        }
        (_, _) => {
            serde_json::to_writer_pretty(
                &mut out,
                &json!({
                    "router": args.router,
                    "version": v.version,
                    "time": state::format_utc(v.taken_at),
                    "sha256": v.sha256,
                    "config": config,
                }),
            )?;
            writeln!(out)?;
        }
    }
    Ok(0)
}
