//! The subcommands: `plan`, `apply` (with `--confirm-within` and
//! `--resume`), `confirm` and `rollback`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use routerctl_core::{Error, ErrorContext, Router};

use super::journal::{Ran, Shared, Step, discard, run_steps, undo, with};
use super::report::{RouterReport, print_reports, summary};
use super::targets::{Selection, now, plan_router, targets};
use super::verify::took_effect;
use crate::cli::{ApplyArgs, ConfirmArgs, PlanArgs, RollbackArgs};
use crate::desired::{DesiredFile, Op};
use crate::fleet::Fleet;
use crate::inventory::RouterEntry;
use crate::runner::{Failure, Outcome};
use crate::state::{self, JournalOp, NewApply, NewSnapshot, SqliteStore, Store};
use crate::usage::UsageError;

/// How often a waiting apply looks for `routerctl confirm`.
const CONFIRM_POLL: Duration = Duration::from_millis(200);

type Reports = Vec<(RouterEntry, Result<RouterReport, Failure>)>;

fn open_store(path: Option<&Path>) -> anyhow::Result<Shared> {
    let path = state::location(path)?;
    let store: Box<dyn Store> = Box::new(SqliteStore::open(&path)?);
    Ok(Arc::new(Mutex::new(store)))
}

fn load(file: &Path) -> anyhow::Result<Arc<DesiredFile>> {
    Ok(Arc::new(
        DesiredFile::load(file).map_err(|e| UsageError(format!("{e:#}")))?,
    ))
}

/// The runner's outcomes (in `routers` order) as reports.
fn reports<T>(
    routers: &[RouterEntry],
    outcomes: Vec<Outcome<T>>,
    mut report: impl FnMut(T) -> RouterReport,
) -> Reports {
    routers
        .iter()
        .zip(outcomes)
        .map(|(entry, o)| (entry.clone(), o.result.map(&mut report)))
        .collect()
}

pub async fn plan(fleet: &Fleet, args: PlanArgs) -> anyhow::Result<u8> {
    let file = load(&args.file)?;
    let targets = targets(fleet, &file)?;
    let routers: Vec<RouterEntry> = targets.iter().map(|(e, _)| e.clone()).collect();
    let by_name: Arc<HashMap<String, (RouterEntry, Selection)>> = Arc::new(
        targets
            .into_iter()
            .map(|(e, s)| (e.name.clone(), (e, s)))
            .collect(),
    );
    let runner = fleet.runner_for(routers.len())?;
    let outcomes = runner
        .run(
            &routers,
            "plan",
            move |router: Arc<dyn Router>| {
                let (file, by_name) = (file.clone(), by_name.clone());
                Box::pin(async move {
                    let (entry, selection) = lookup(&by_name, router.name())?;
                    plan_router(&*router, entry, &file, selection).await
                })
            },
            |_| {},
        )
        .await;
    let reports = reports(&routers, outcomes, |ops| {
        let status = if ops.is_empty() {
            "no changes"
        } else {
            "changes"
        };
        RouterReport::new(status, ops.iter().map(Op::describe).collect())
    });
    print_reports(fleet.options.format, &reports)
}

fn lookup<'a>(
    by_name: &'a HashMap<String, (RouterEntry, Selection)>,
    name: &str,
) -> Result<&'a (RouterEntry, Selection), Error> {
    by_name
        .get(name)
        .ok_or_else(|| ErrorContext::new(name, "apply").config("not a target of this file"))
}

/// A router whose changes stand (for commit-confirm).
struct Applied {
    index: usize,
    done: Vec<Step>,
}

/// The plan column: router -> operation lines, written as each router's
/// plan is known.
#[derive(Clone)]
struct PlanLog {
    apply: i64,
    lines: Arc<Mutex<BTreeMap<String, Vec<String>>>>,
}

impl PlanLog {
    fn record(&self, store: &Shared, router: &str, ops: &[Op]) {
        let text = match self.lines.lock() {
            Ok(mut lines) => {
                lines.insert(router.to_string(), ops.iter().map(Op::describe).collect());
                serde_json::to_string(&*lines).unwrap_or_default()
            }
            Err(_) => return,
        };
        if let Err(e) = with(store, |s| s.set_apply_plan(self.apply, &text)) {
            tracing::warn!("cannot record the plan of {router}: {e:#}");
        }
    }
}

pub async fn apply(fleet: &Fleet, args: ApplyArgs) -> anyhow::Result<u8> {
    let store = open_store(args.state.path.as_deref())?;
    if let Some(id) = args.resume {
        return resume(fleet, &store, (id > 0).then_some(id)).await;
    }
    let Some(path) = &args.file else {
        return Err(UsageError("apply needs a desired-state FILE (or --resume)".into()).into());
    };
    let file = load(path)?;
    let targets = targets(fleet, &file)?;
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    let deadline = args
        .confirm_within
        .map(|d| now().saturating_add(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)));
    let apply_id = with(&store, |s| {
        s.begin_apply(&NewApply {
            started_at: now(),
            user: &user,
            file: &path.display().to_string(),
            plan: "{}",
            deadline,
        })
    })?;
    let plan_log = PlanLog {
        apply: apply_id,
        lines: Arc::default(),
    };
    let routers: Vec<RouterEntry> = targets.iter().map(|(e, _)| e.clone()).collect();
    let by_name: Arc<HashMap<String, (RouterEntry, Selection)>> = Arc::new(
        targets
            .into_iter()
            .map(|(e, s)| (e.name.clone(), (e, s)))
            .collect(),
    );
    // Writes: no retries, and a router is never cut off halfway by its
    // timeout (each command has it); Ctrl-C kills, the journal resumes.
    let runner = fleet.runner_for(routers.len())?.long_operations();
    let task_store = store.clone();
    let outcomes = runner
        .run(
            &routers,
            "apply",
            move |router: Arc<dyn Router>| {
                let (file, by_name) = (file.clone(), by_name.clone());
                let (store, plan_log) = (task_store.clone(), plan_log.clone());
                Box::pin(async move {
                    let (entry, selection) = lookup(&by_name, router.name())?;
                    let ops = plan_router(&*router, entry, &file, selection).await?;
                    plan_log.record(&store, &entry.name, &ops);
                    apply_ops(&store, apply_id, &*router, entry, ops).await
                })
            },
            |_| {},
        )
        .await;
    let mut applied = Vec::new();
    let mut reports: Reports = routers
        .iter()
        .zip(outcomes)
        .enumerate()
        .map(|(index, (entry, o))| {
            let result = o.result.map(|(report, done)| {
                if report.error.is_none() && !done.is_empty() {
                    applied.push(Applied { index, done });
                }
                report
            });
            (entry.clone(), result)
        })
        .collect();
    let any_failed = reports
        .iter()
        .any(|(_, r)| !matches!(r, Ok(r) if r.error.is_none()));
    let status = if any_failed { "failed" } else { "applied" };
    with(&store, |s| s.set_apply_status(apply_id, status, None))?;

    if let (Some(window), false) = (args.confirm_within, applied.is_empty()) {
        confirm_window(fleet, &store, apply_id, window, &applied, &mut reports).await?;
    }
    let status = with(&store, |s| s.apply_status(apply_id))?.unwrap_or_default();
    let text = summary(&reports);
    with(&store, |s| {
        s.set_apply_status(apply_id, &status, Some(&text))
    })?;
    print_reports(fleet.options.format, &reports)
}

/// Commit-confirm: probe the changed routers, wait for `routerctl
/// confirm`, revert everything of this apply if it does not come.
async fn confirm_window(
    fleet: &Fleet,
    store: &Shared,
    apply_id: i64,
    window: Duration,
    applied: &[Applied],
    reports: &mut Reports,
) -> anyhow::Result<()> {
    with(store, |s| {
        s.set_apply_status(apply_id, "awaiting-confirm", None)
    })?;
    eprintln!(
        "apply {apply_id}: run `routerctl confirm {apply_id}` within {}s or the changes are reverted",
        window.as_secs()
    );
    for a in applied {
        let Some((entry, _)) = reports.get(a.index) else {
            continue;
        };
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
        if with(store, |s| s.apply_status(apply_id))?.as_deref() == Some("confirmed") {
            break true;
        }
        if tokio::time::Instant::now() >= end {
            break false;
        }
        tokio::time::sleep(CONFIRM_POLL).await;
    };
    if confirmed {
        eprintln!("apply {apply_id}: confirmed");
        return Ok(());
    }
    with(store, |s| s.set_apply_status(apply_id, "reverting", None))?;
    let mut all_ok = true;
    for a in applied {
        let Some((entry, report)) = reports.get_mut(a.index) else {
            continue;
        };
        let outcome = revert_when_reachable(store, fleet, entry, &a.done, window).await;
        if let Ok(report) = report {
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
    with(store, |s| s.set_apply_status(apply_id, status, None))?;
    eprintln!("apply {apply_id}: not confirmed in time; {status}");
    Ok(())
}

/// Undo a router's changes, retrying the connection until `patience` has
/// passed (the change may have cut it off for a while).
async fn revert_when_reachable(
    store: &Shared,
    fleet: &Fleet,
    entry: &RouterEntry,
    done: &[Step],
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

/// Snapshot, journal the plan, run it with rollback on failure.
async fn apply_ops(
    store: &Shared,
    apply_id: i64,
    router: &dyn Router,
    entry: &RouterEntry,
    ops: Vec<Op>,
) -> Result<(RouterReport, Vec<Step>), Error> {
    let ctx = ErrorContext::new(entry.name.clone(), "apply");
    let mut report = RouterReport::new("no changes", ops.iter().map(Op::describe).collect());
    if ops.is_empty() {
        return Ok((report, Vec::new()));
    }
    // The snapshot comes first: no change without a backup.
    let config = match tokio::time::timeout(entry.timeout, router.config_get()).await {
        Ok(c) => c?,
        Err(_) => return Err(ctx.timeout(entry.timeout)),
    };
    let (format, content) = state::normalize(&config);
    let recorded = with(store, |s| {
        s.record(&NewSnapshot {
            router: &entry.name,
            vendor: entry.vendor,
            format,
            content: &content,
            taken_at: now(),
        })
    })
    .map_err(|e| ctx.config(format!("cannot store the backup: {e:#}")))?;
    report.backup_version = Some(recorded.version);
    // The whole plan goes into the journal before anything runs.
    let texts: Vec<String> = ops
        .iter()
        .map(|op| serde_json::to_string(op).unwrap_or_default())
        .collect();
    let ids = with(store, |s| s.journal_ops(apply_id, &entry.name, &texts))
        .map_err(|e| ctx.config(format!("cannot write the journal: {e:#}")))?;
    let steps: Vec<(i64, Op)> = ids.into_iter().zip(ops).collect();
    Ok(finish(
        report,
        run_steps(store, router, entry, &steps, Vec::new()).await,
    ))
}

fn finish(mut report: RouterReport, ran: Ran) -> (RouterReport, Vec<Step>) {
    match ran {
        Ran::Applied(done) => {
            report.status = "applied";
            (report, done)
        }
        Ran::RolledBack { error, ok, summary } => {
            report.status = if ok { "rolled back" } else { "rollback failed" };
            report.error = Some(error);
            report.rollback = Some(summary);
            (report, Vec::new())
        }
    }
}

/// A router's journaled operations, decoded.
struct Journaled {
    id: i64,
    state: String,
    op: Op,
    inverse: Option<Op>,
}

/// The journal of `apply`, per router (in the order the routers first
/// appear), with the routers' inventory entries.
fn journal_by_router(
    fleet: &Fleet,
    store: &Shared,
    apply: i64,
) -> anyhow::Result<Vec<(RouterEntry, Vec<Journaled>)>> {
    let ops: Vec<JournalOp> = with(store, |s| s.ops(apply))?;
    let mut by_router: Vec<(String, Vec<Journaled>)> = Vec::new();
    for o in ops {
        let op: Op = serde_json::from_str(&o.op)
            .map_err(|e| anyhow::anyhow!("journal entry {} is unreadable: {e}", o.id))?;
        let inverse = o
            .inverse
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok());
        let item = Journaled {
            id: o.id,
            state: o.state,
            op,
            inverse,
        };
        match by_router.iter_mut().find(|(r, _)| *r == o.router) {
            Some((_, list)) => list.push(item),
            None => by_router.push((o.router, vec![item])),
        }
    }
    let names: Vec<String> = by_router.iter().map(|(r, _)| r.clone()).collect();
    let entries = if names.is_empty() {
        Vec::new()
    } else {
        fleet.select(&names)?
    };
    Ok(entries
        .into_iter()
        .filter_map(|e| {
            let ops = by_router
                .iter_mut()
                .find(|(r, _)| *r == e.name)
                .map(|(_, list)| std::mem::take(list))?;
            Some((e, ops))
        })
        .collect())
}

/// `apply --resume [ID]`: finish an interrupted apply from its journal.
/// Per router: operations journaled `done` stand; one that was `running`
/// when the process died is looked up on the router (done, or run now);
/// `pending` ones run. A router whose apply had already ended (failed and
/// rolled back) is left alone.
async fn resume(fleet: &Fleet, store: &Shared, apply: Option<i64>) -> anyhow::Result<u8> {
    let apply = match apply {
        Some(id) => id,
        None => with(store, |s| s.latest_interrupted())?
            .ok_or_else(|| UsageError("no interrupted apply to resume".into()))?,
    };
    match with(store, |s| s.apply_status(apply))?.as_deref() {
        None => return Err(UsageError(format!("no apply {apply} in the state database")).into()),
        Some("running") => {}
        Some(other) => {
            return Err(UsageError(format!(
                "apply {apply} is not interrupted (status {other}); nothing to resume"
            ))
            .into());
        }
    }
    eprintln!("apply {apply}: resuming");
    let mut reports: Reports = Vec::new();
    for (entry, journal) in journal_by_router(fleet, store, apply)? {
        let lines: Vec<String> = journal.iter().map(|j| j.op.describe()).collect();
        let mut report = RouterReport::new("applied", lines);
        if journal
            .iter()
            .any(|j| matches!(j.state.as_str(), "failed" | "undone" | "undo-failed"))
        {
            report.status = "already ended";
            reports.push((entry, Ok(report)));
            continue;
        }
        let result = match fleet.connect(&entry).await {
            Ok(router) => {
                let ran = resume_router(store, &*router, &entry, journal).await;
                router.close().await;
                ran.map(|ran| finish(report, ran).0)
            }
            Err(e) => Err(e),
        };
        reports.push((entry, result.map_err(Failure::from)));
    }
    let failed = reports
        .iter()
        .any(|(_, r)| !matches!(r, Ok(r) if r.error.is_none()));
    let text = summary(&reports);
    let status = if failed { "failed" } else { "applied" };
    with(store, |s| s.set_apply_status(apply, status, Some(&text)))?;
    print_reports(fleet.options.format, &reports)
}

async fn resume_router(
    store: &Shared,
    router: &dyn Router,
    entry: &RouterEntry,
    journal: Vec<Journaled>,
) -> Result<Ran, Error> {
    let mut done = Vec::new();
    let mut rest = Vec::new();
    for j in journal {
        match j.state.as_str() {
            "done" => done.push(Step {
                id: j.id,
                op: j.op,
                inverse: j.inverse,
            }),
            "running" => match took_effect(router, entry, &j.op).await? {
                Some(reply) if entry.vendor != "peplink" => {
                    let inverse = j.op.inverse(&reply);
                    let text = inverse.as_ref().and_then(|i| serde_json::to_string(i).ok());
                    let _ = with(store, |s| s.set_op_state(j.id, "done", text.as_deref()));
                    done.push(Step {
                        id: j.id,
                        op: j.op,
                        inverse,
                    });
                }
                _ => rest.push((j.id, j.op)),
            },
            _ => rest.push((j.id, j.op)),
        }
    }
    if entry.vendor == "peplink" {
        // Staged changes die with the session: stage everything again.
        let mut all: Vec<(i64, Op)> = done.into_iter().map(|s| (s.id, s.op)).collect();
        all.extend(rest);
        all.sort_by_key(|(id, _)| *id);
        return Ok(run_steps(store, router, entry, &all, Vec::new()).await);
    }
    Ok(run_steps(store, router, entry, &rest, done).await)
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

/// `rollback APPLY_ID`: undo what the journal says ran (an operation
/// whose outcome it does not know is looked up on the router first).
pub async fn rollback(fleet: &Fleet, args: RollbackArgs) -> anyhow::Result<u8> {
    let store = open_store(args.state.path.as_deref())?;
    if with(&store, |s| s.apply_status(args.apply))?.is_none() {
        return Err(UsageError(format!("no apply {} in the state database", args.apply)).into());
    }
    let mut reports: Reports = Vec::new();
    let mut all_ok = true;
    for (entry, journal) in journal_by_router(fleet, &store, args.apply)? {
        let open: Vec<Journaled> = journal
            .into_iter()
            .filter(|j| matches!(j.state.as_str(), "done" | "running"))
            .collect();
        if open.is_empty() {
            continue;
        }
        let result = match fleet.connect(&entry).await {
            Ok(router) => {
                let outcome = rollback_router(&store, &*router, &entry, open).await;
                router.close().await;
                outcome.map(|(ok, summary)| {
                    all_ok &= ok;
                    let mut report = RouterReport::new(
                        if ok { "rolled back" } else { "rollback failed" },
                        vec![],
                    );
                    report.error = (!ok).then(|| summary.clone());
                    report.rollback = Some(summary);
                    report
                })
            }
            Err(e) => Err(e),
        };
        if result.is_err() {
            all_ok = false;
        }
        reports.push((entry, result.map_err(Failure::from)));
    }
    let status = if all_ok {
        "rolled-back"
    } else {
        "rollback-failed"
    };
    with(&store, |s| s.set_apply_status(args.apply, status, None))?;
    if reports.is_empty() {
        eprintln!("apply {}: nothing to undo", args.apply);
    }
    print_reports(fleet.options.format, &reports)
}

async fn rollback_router(
    store: &Shared,
    router: &dyn Router,
    entry: &RouterEntry,
    open: Vec<Journaled>,
) -> Result<(bool, String), Error> {
    let mut done = Vec::new();
    for j in open {
        let inverse = if j.state == "running" {
            match took_effect(router, entry, &j.op).await? {
                Some(reply) => j.op.inverse(&reply),
                None => {
                    let _ = with(store, |s| s.set_op_state(j.id, "failed", None));
                    continue;
                }
            }
        } else {
            j.inverse
        };
        done.push(Step {
            id: j.id,
            op: j.op,
            inverse,
        });
    }
    if entry.vendor == "peplink" {
        // Whatever is still staged goes first.
        let _ = discard(store, router, entry, &[]).await;
    }
    Ok(undo(store, router, entry, &done).await)
}
