//! `plan FILE`, `apply FILE [--confirm-within D]`, `confirm [APPLY_ID]`,
//! `rollback APPLY_ID`, `log`: desired state (RouterOS menus, IXON
//! configuration fields, Peplink `config.*` entries) with a journal,
//! automatic rollback and commit-confirm. Peplink changes are staged in
//! the device's pending configuration and committed together with
//! `cmd.config.apply`; on failure the pending configuration is discarded.
//!
//! Per router (in inventory order): connect, read each declared menu,
//! compute the operations ([`crate::desired::plan`]). `apply` then takes a
//! backup snapshot into the state database, and runs the operations one by
//! one, writing each to the journal *before* it runs and its inverse once
//! it ran. If one fails, the operations already applied on that router are
//! undone in reverse order and both results are reported.
//!
//! Commit-confirm (`--confirm-within 5m`): RouterOS safe mode belongs to
//! an interactive session and is not offered over the API, so routerctl
//! keeps the window itself. After applying it probes each changed router
//! (reconnect and read facts), marks the apply `awaiting-confirm` in the
//! state database and waits; `routerctl confirm` (from another shell)
//! marks it confirmed. If the window ends first, every change of that
//! apply is undone from the journal's inverses (a router that cannot be
//! reached is retried until a second window has passed).

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use routerctl_core::{Error, ErrorContext, Router};
use serde::Serialize;
use serde_json::{Value, json};

use crate::cli::{ApplyArgs, ConfirmArgs, LogArgs, PlanArgs, RollbackArgs};
use crate::desired::{DesiredFile, IxonStanza, Op, PeplinkStanza, Stanza};
use crate::fleet::{Fleet, FleetOptions};
use crate::inventory::RouterEntry;
use crate::output::Format;
use crate::state::{self, NewApply, NewSnapshot, SqliteStore, Store};
use crate::usage::UsageError;

/// How often a waiting apply looks for `routerctl confirm`.
const CONFIRM_POLL: Duration = Duration::from_millis(200);

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The stanzas of a file that apply to one router.
#[derive(Default)]
struct Stanzas<'f> {
    routeros: Vec<&'f Stanza>,
    ixon: Vec<&'f IxonStanza>,
    peplink: Vec<&'f PeplinkStanza>,
}

/// The routers the file's stanzas name, in inventory order, each with the
/// stanzas that apply to it.
fn targets<'f>(
    fleet: &Fleet,
    file: &'f DesiredFile,
) -> anyhow::Result<Vec<(RouterEntry, Stanzas<'f>)>> {
    let select = |targets: &[String]| -> Result<BTreeSet<String>, UsageError> {
        let chosen = crate::targets::select(&fleet.inventory, targets)
            .map_err(|e| UsageError(e.to_string()))?;
        Ok(chosen.iter().map(|r| r.name.clone()).collect())
    };
    let mut names = BTreeSet::new();
    let mut routeros = Vec::new();
    for stanza in &file.routeros {
        let set = select(&stanza.targets)?;
        names.extend(set.iter().cloned());
        routeros.push((stanza, set));
    }
    let mut ixon = Vec::new();
    for stanza in &file.ixon {
        let set = select(&stanza.targets)?;
        names.extend(set.iter().cloned());
        ixon.push((stanza, set));
    }
    let mut peplink = Vec::new();
    for stanza in &file.peplink {
        let set = select(&stanza.targets)?;
        names.extend(set.iter().cloned());
        peplink.push((stanza, set));
    }
    let names: Vec<String> = names.into_iter().collect();
    let routers = if names.is_empty() {
        Vec::new()
    } else {
        fleet.select(&names)?
    };
    Ok(routers
        .into_iter()
        .map(|r| {
            let stanzas = Stanzas {
                routeros: routeros
                    .iter()
                    .filter(|(_, set)| set.contains(&r.name))
                    .map(|(s, _)| *s)
                    .collect(),
                ixon: ixon
                    .iter()
                    .filter(|(_, set)| set.contains(&r.name))
                    .map(|(s, _)| *s)
                    .collect(),
                peplink: peplink
                    .iter()
                    .filter(|(_, set)| set.contains(&r.name))
                    .map(|(s, _)| *s)
                    .collect(),
            };
            (r, stanzas)
        })
        .collect())
}

/// Run one vendor command, bounded by the router's timeout.
async fn raw(router: &dyn Router, entry: &RouterEntry, words: &[String]) -> Result<Value, Error> {
    match tokio::time::timeout(entry.timeout, router.raw(words)).await {
        Ok(result) => result,
        Err(_) => Err(ErrorContext::new(entry.name.clone(), "apply").timeout(entry.timeout)),
    }
}

/// The operations that make `stanzas` true on `router`.
async fn plan_router(
    router: &dyn Router,
    entry: &RouterEntry,
    stanzas: &Stanzas<'_>,
) -> Result<Vec<Op>, Error> {
    let unsupported = |family: &str, vendor: &str| {
        ErrorContext::new(entry.name.clone(), "plan").config(format!(
            "[[{family}]] stanzas apply to {vendor} routers only; {} is {} \
             (desired state covers RouterOS, IXON and Peplink so far)",
            entry.name, entry.vendor
        ))
    };
    if !stanzas.routeros.is_empty() && entry.vendor != "mikrotik" {
        return Err(unsupported("routeros", "mikrotik"));
    }
    if !stanzas.ixon.is_empty() && entry.vendor != "ixon" {
        return Err(unsupported("ixon", "ixon"));
    }
    if !stanzas.peplink.is_empty() && entry.vendor != "peplink" {
        return Err(unsupported("peplink", "peplink"));
    }
    let mut ops = Vec::new();
    for stanza in &stanzas.routeros {
        let reply = raw(router, entry, &[format!("{}/print", stanza.menu)]).await?;
        let current = crate::desired::records(&reply);
        ops.extend(crate::desired::plan(stanza, &current));
    }
    for stanza in &stanzas.ixon {
        let words = ["ixon.ui.configuration".to_string(), "get".to_string()];
        let reply = raw(router, entry, &words).await?;
        let current = reply.get("configuration").cloned().unwrap_or(Value::Null);
        ops.extend(crate::desired::plan_json(stanza, &current));
    }
    for stanza in &stanzas.peplink {
        let words = [
            "GET".to_string(),
            stanza.endpoint.clone(),
            format!("id={}", stanza.id),
        ];
        let reply = raw(router, entry, &words).await?;
        let current = reply
            .get("response")
            .and_then(|r| r.get(stanza.id.to_string()))
            .ok_or_else(|| {
                ErrorContext::new(entry.name.clone(), "plan")
                    .config(format!("{} has no entry {}", stanza.endpoint, stanza.id))
            })?;
        ops.extend(crate::desired::plan_peplink(stanza, current));
    }
    Ok(ops)
}

/// How one router went.
#[derive(Debug, Serialize)]
struct RouterReport {
    status: &'static str,
    operations: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    backup_version: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rollback: Option<String>,
}

fn print_reports(
    format: Format,
    reports: &[(RouterEntry, Result<RouterReport, Error>)],
) -> anyhow::Result<u8> {
    let mut out = io::stdout().lock();
    let failed = reports.iter().any(|(_, r)| match r {
        Ok(r) => r.error.is_some(),
        Err(_) => true,
    });
    if format == Format::Table {
        for (entry, report) in reports {
            match report {
                Ok(r) => {
                    writeln!(out, "{} ({}): {}", entry.name, entry.vendor, r.status)?;
                    for line in &r.operations {
                        writeln!(out, "  {line}")?;
                    }
                    if let Some(e) = &r.error {
                        writeln!(out, "  error: {e}")?;
                    }
                    if let Some(rb) = &r.rollback {
                        writeln!(out, "  rollback: {rb}")?;
                    }
                }
                Err(e) => writeln!(out, "{} ({}): error: {e}", entry.name, entry.vendor)?,
            }
        }
    } else {
        let items: Vec<Value> = reports
            .iter()
            .map(|(entry, r)| match r {
                Ok(r) => json!({"router": entry.name, "vendor": entry.vendor, "result": r}),
                Err(e) => json!({"router": entry.name, "vendor": entry.vendor,
                                 "error": {"kind": e.kind(), "message": e.to_string()}}),
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &items)?;
        writeln!(out)?;
    }
    Ok(u8::from(failed))
}

pub async fn plan(fleet: &Fleet, args: PlanArgs) -> anyhow::Result<u8> {
    let file = DesiredFile::load(&args.file).map_err(|e| UsageError(format!("{e:#}")))?;
    let mut reports = Vec::new();
    for (entry, stanzas) in targets(fleet, &file)? {
        let result = async {
            let router = fleet.connect(&entry).await?;
            let ops = plan_router(&*router, &entry, &stanzas).await;
            router.close().await;
            let ops = ops?;
            Ok(RouterReport {
                status: if ops.is_empty() {
                    "no changes"
                } else {
                    "changes"
                },
                operations: ops.iter().map(Op::describe).collect(),
                backup_version: None,
                error: None,
                rollback: None,
            })
        }
        .await;
        reports.push((entry, result));
    }
    print_reports(fleet.options.format, &reports)
}

/// Undo `done` (op id, inverse) in reverse order; a summary of how it went.
async fn undo(
    store: &mut dyn Store,
    router: &dyn Router,
    entry: &RouterEntry,
    done: &[(i64, Option<Op>)],
) -> (bool, String) {
    let mut failures = Vec::new();
    let mut undone = 0;
    for (id, inverse) in done.iter().rev() {
        let Some(inverse) = inverse else {
            failures.push(format!("operation {id} has no inverse"));
            continue;
        };
        let mut ok = true;
        for words in inverse.words() {
            if let Err(e) = raw(router, entry, &words).await {
                failures.push(format!("{}: {e}", inverse.describe()));
                ok = false;
                break;
            }
        }
        let _ = store.set_op_state(*id, if ok { "undone" } else { "undo-failed" }, None);
        if ok {
            undone += 1;
        }
    }
    // Peplink: the inverses were staged; commit them.
    if entry.vendor == "peplink" && undone > 0 {
        if let Err(e) = raw(router, entry, &peplink_words("cmd.config.apply")).await {
            failures.push(format!("committing the undo: {e}"));
        }
    }
    if failures.is_empty() {
        (true, format!("{undone} operation(s) undone"))
    } else {
        (
            false,
            format!(
                "{undone} undone, {} failed: {}",
                failures.len(),
                failures.join("; ")
            ),
        )
    }
}

/// `POST cmd.config.apply` / `cmd.config.discard`.
fn peplink_words(endpoint: &str) -> [String; 2] {
    ["POST".to_string(), endpoint.to_string()]
}

/// A router whose changes stand (for commit-confirm).
struct Applied {
    index: usize,
    done: Vec<(i64, Option<Op>)>,
}

pub async fn apply(fleet: &Fleet, args: ApplyArgs) -> anyhow::Result<u8> {
    let file = DesiredFile::load(&args.file).map_err(|e| UsageError(format!("{e:#}")))?;
    let path = state::location(args.state.path.as_deref())?;
    let mut store: Box<dyn Store> = Box::new(SqliteStore::open(&path)?);
    let targets = targets(fleet, &file)?;
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    let file_name = args.file.display().to_string();
    let deadline = args
        .confirm_within
        .map(|d| now().saturating_add(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)));
    let apply_id = store.begin_apply(&NewApply {
        started_at: now(),
        user: &user,
        file: &file_name,
        plan: "[]",
        deadline,
    })?;
    let mut reports = Vec::new();
    let mut applied = Vec::new();
    for (index, (entry, stanzas)) in targets.iter().enumerate() {
        let result = apply_router(&mut *store, apply_id, entry, stanzas, fleet).await;
        let report = result.map(|(report, done)| {
            if report.error.is_none() && !done.is_empty() {
                applied.push(Applied { index, done });
            }
            report
        });
        reports.push((entry.clone(), report));
    }
    let any_failed = reports
        .iter()
        .any(|(_, r)| !matches!(r, Ok(r) if r.error.is_none()));
    let status = if any_failed { "failed" } else { "applied" };
    store.set_apply_status(apply_id, status, None)?;

    if let (Some(window), false) = (args.confirm_within, applied.is_empty()) {
        store.set_apply_status(apply_id, "awaiting-confirm", None)?;
        eprintln!(
            "apply {apply_id}: run `routerctl confirm {apply_id}` within {}s or the changes are reverted",
            window.as_secs()
        );
        for a in &applied {
            let entry = &targets[a.index].0;
            let reachable = match fleet.connect(entry).await {
                Ok(r) => {
                    let ok = tokio::time::timeout(entry.timeout, r.facts()).await;
                    r.close().await;
                    matches!(ok, Ok(Ok(_)))
                }
                Err(_) => false,
            };
            if !reachable {
                eprintln!("warning: {} does not answer after the change", entry.name);
            }
        }
        let end = tokio::time::Instant::now() + window;
        let confirmed = loop {
            if store.apply_status(apply_id)?.as_deref() == Some("confirmed") {
                break true;
            }
            if tokio::time::Instant::now() >= end {
                break false;
            }
            tokio::time::sleep(CONFIRM_POLL).await;
        };
        if confirmed {
            eprintln!("apply {apply_id}: confirmed");
        } else {
            store.set_apply_status(apply_id, "reverting", None)?;
            let mut all_ok = true;
            for a in &applied {
                let entry = &targets[a.index].0;
                let outcome =
                    revert_when_reachable(&mut *store, fleet, entry, &a.done, window).await;
                if let Some((_, Ok(report))) = reports.get_mut(a.index) {
                    report.status = if outcome.0 {
                        "reverted"
                    } else {
                        "revert-failed"
                    };
                    report.rollback = Some(outcome.1);
                }
                all_ok &= outcome.0;
            }
            let status = if all_ok { "reverted" } else { "revert-failed" };
            store.set_apply_status(apply_id, status, None)?;
            eprintln!("apply {apply_id}: not confirmed in time; {status}");
        }
    }
    let summary = serde_json::to_string(
        &reports
            .iter()
            .map(|(e, r)| match r {
                Ok(r) => json!({"router": e.name, "result": r}),
                Err(err) => json!({"router": e.name, "error": err.to_string()}),
            })
            .collect::<Vec<_>>(),
    )?;
    let status = store.apply_status(apply_id)?.unwrap_or_default();
    store.set_apply_status(apply_id, &status, Some(&summary))?;
    print_reports(fleet.options.format, &reports)
}

/// Undo a router's changes, retrying the connection until `patience` has
/// passed (the change may have cut it off for a while).
async fn revert_when_reachable(
    store: &mut dyn Store,
    fleet: &Fleet,
    entry: &RouterEntry,
    done: &[(i64, Option<Op>)],
    patience: Duration,
) -> (bool, String) {
    let end = tokio::time::Instant::now() + patience;
    loop {
        match fleet.connect(entry).await {
            Ok(router) => {
                let result = undo(store, &*router, entry, done).await;
                router.close().await;
                return result;
            }
            Err(e) if tokio::time::Instant::now() >= end => {
                return (false, format!("unreachable, not reverted: {e}"));
            }
            Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
        }
    }
}

/// Snapshot, then run the router's plan with journal and rollback.
async fn apply_router(
    store: &mut dyn Store,
    apply_id: i64,
    entry: &RouterEntry,
    stanzas: &Stanzas<'_>,
    fleet: &Fleet,
) -> Result<(RouterReport, Vec<(i64, Option<Op>)>), Error> {
    let router = fleet.connect(entry).await?;
    let result = apply_connected(store, apply_id, &*router, entry, stanzas).await;
    router.close().await;
    result
}

async fn apply_connected(
    store: &mut dyn Store,
    apply_id: i64,
    router: &dyn Router,
    entry: &RouterEntry,
    stanzas: &Stanzas<'_>,
) -> Result<(RouterReport, Vec<(i64, Option<Op>)>), Error> {
    let ctx = ErrorContext::new(entry.name.clone(), "apply");
    let ops = plan_router(router, entry, stanzas).await?;
    let mut report = RouterReport {
        status: "no changes",
        operations: ops.iter().map(Op::describe).collect(),
        backup_version: None,
        error: None,
        rollback: None,
    };
    if ops.is_empty() {
        return Ok((report, Vec::new()));
    }
    // The snapshot comes first: no change without a backup.
    let config = match tokio::time::timeout(entry.timeout, router.config_get()).await {
        Ok(c) => c?,
        Err(_) => return Err(ctx.timeout(entry.timeout)),
    };
    let (format, content) = state::normalize(&config);
    let recorded = store
        .record(&NewSnapshot {
            router: &entry.name,
            vendor: entry.vendor,
            format,
            content: &content,
            taken_at: now(),
        })
        .map_err(|e| ctx.config(format!("cannot store the backup: {e:#}")))?;
    report.backup_version = Some(recorded.version);

    let mut done: Vec<(i64, Option<Op>)> = Vec::new();
    for (seq, op) in (1..).zip(&ops) {
        let op_json = serde_json::to_string(op).unwrap_or_default();
        let id = store
            .journal_op(apply_id, &entry.name, seq, &op_json)
            .map_err(|e| ctx.config(format!("cannot write the journal: {e:#}")))?;
        let mut reply = Value::Null;
        let mut failure = None;
        for words in op.words() {
            match raw(router, entry, &words).await {
                Ok(r) => reply = r,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        match failure {
            None => {
                let inverse = op.inverse(&reply);
                let inverse_json = inverse.as_ref().and_then(|i| serde_json::to_string(i).ok());
                let _ = store.set_op_state(id, "done", inverse_json.as_deref());
                done.push((id, inverse));
            }
            Some(e) => {
                let _ = store.set_op_state(id, "failed", None);
                let (ok, summary) = if entry.vendor == "peplink" {
                    // Nothing was committed: drop the staged changes.
                    discard(store, router, entry, &done).await
                } else {
                    undo(store, router, entry, &done).await
                };
                report.status = if ok { "rolled back" } else { "rollback failed" };
                report.error = Some(format!("{}: {e}", op.describe()));
                report.rollback = Some(summary);
                return Ok((report, Vec::new()));
            }
        }
    }
    if entry.vendor == "peplink" {
        // Every change is staged: commit them together.
        if let Err(e) = raw(router, entry, &peplink_words("cmd.config.apply")).await {
            let (ok, summary) = discard(store, router, entry, &done).await;
            report.status = if ok { "rolled back" } else { "rollback failed" };
            report.error = Some(format!("cmd.config.apply: {e}"));
            report.rollback = Some(summary);
            return Ok((report, Vec::new()));
        }
    }
    report.status = "applied";
    Ok((report, done))
}

/// Peplink: discard the pending configuration (the staged operations in
/// `done` never took effect).
async fn discard(
    store: &mut dyn Store,
    router: &dyn Router,
    entry: &RouterEntry,
    done: &[(i64, Option<Op>)],
) -> (bool, String) {
    match raw(router, entry, &peplink_words("cmd.config.discard")).await {
        Ok(_) => {
            for (id, _) in done {
                let _ = store.set_op_state(*id, "undone", None);
            }
            (true, "pending changes discarded".to_string())
        }
        Err(e) => (false, format!("cmd.config.discard failed: {e}")),
    }
}

pub fn confirm(args: ConfirmArgs) -> anyhow::Result<u8> {
    let path = state::location(args.state.path.as_deref())?;
    let mut store = SqliteStore::open(Path::new(&path))?;
    match store.confirm(args.apply)? {
        Some(id) => {
            println!("apply {id} confirmed");
            Ok(0)
        }
        None => Err(UsageError(match args.apply {
            Some(id) => format!("apply {id} is not awaiting confirmation"),
            None => "no apply is awaiting confirmation".into(),
        })
        .into()),
    }
}

pub async fn rollback(fleet: &Fleet, args: RollbackArgs) -> anyhow::Result<u8> {
    let path = state::location(args.state.path.as_deref())?;
    let mut store: Box<dyn Store> = Box::new(SqliteStore::open(&path)?);
    if store.apply_status(args.apply)?.is_none() {
        return Err(UsageError(format!("no apply {} in the state database", args.apply)).into());
    }
    let ops = store.done_ops(args.apply)?;
    let mut routers: Vec<String> = ops.iter().map(|o| o.router.clone()).collect();
    routers.dedup();
    let entries = if routers.is_empty() {
        Vec::new()
    } else {
        fleet.select(&routers)?
    };
    let mut reports = Vec::new();
    let mut all_ok = true;
    for entry in entries {
        let done: Vec<(i64, Option<Op>)> = ops
            .iter()
            .filter(|o| o.router == entry.name)
            .map(|o| {
                let inverse = o
                    .inverse
                    .as_deref()
                    .and_then(|j| serde_json::from_str(j).ok());
                (o.id, inverse)
            })
            .collect();
        let result = match fleet.connect(&entry).await {
            Ok(router) => {
                let (ok, summary) = undo(&mut *store, &*router, &entry, &done).await;
                router.close().await;
                all_ok &= ok;
                Ok(RouterReport {
                    status: if ok { "rolled back" } else { "rollback failed" },
                    operations: Vec::new(),
                    backup_version: None,
                    error: (!ok).then(|| summary.clone()),
                    rollback: Some(summary),
                })
            }
            Err(e) => {
                all_ok = false;
                Err(e)
            }
        };
        reports.push((entry, result));
    }
    let status = if all_ok {
        "rolled-back"
    } else {
        "rollback-failed"
    };
    store.set_apply_status(args.apply, status, None)?;
    if reports.is_empty() {
        eprintln!("apply {}: nothing to undo", args.apply);
    }
    print_reports(fleet.options.format, &reports)
}

pub fn log(options: &FleetOptions, args: LogArgs) -> anyhow::Result<u8> {
    let path = state::location(args.state.path.as_deref())?;
    let store = SqliteStore::open(&path)?;
    let applies = store.applies(args.last)?;
    let mut out = io::stdout().lock();
    if options.format == Format::Table {
        writeln!(
            out,
            "{:>5}  {:<20}  {:<12}  {:<16}  FILE",
            "APPLY", "TIME", "USER", "STATUS"
        )?;
        for a in &applies {
            writeln!(
                out,
                "{:>5}  {:<20}  {:<12}  {:<16}  {}",
                a.id,
                state::format_utc(a.started_at),
                a.user,
                a.status,
                a.file
            )?;
        }
    } else {
        let items: Vec<Value> = applies
            .iter()
            .map(|a| {
                let result = a
                    .result
                    .as_deref()
                    .and_then(|r| serde_json::from_str::<Value>(r).ok())
                    .unwrap_or(Value::Null);
                json!({"apply": a.id, "time": state::format_utc(a.started_at), "user": a.user,
                       "file": a.file, "status": a.status, "result": result})
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &items)?;
        writeln!(out)?;
    }
    Ok(0)
}
