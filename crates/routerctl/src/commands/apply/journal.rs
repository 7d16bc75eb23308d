//! Running a router's operations with the journal: each is marked
//! `running` in the state database *before* it is sent and `done` (with
//! its inverse) after, so a crash or kill at any point leaves a journal
//! from which `apply --resume` finishes and `rollback` undoes. A failure
//! undoes what ran on that router, newest first (Peplink: discards the
//! pending configuration instead).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use routerctl_core::Router;
use serde_json::Value;

use super::targets::raw;
use crate::desired::Op;
use crate::inventory::RouterEntry;
use crate::state::Store;

/// The state database, shared by the tasks of a run (SQLite is local and
/// quick: each use is a short blocking section, never held across I/O).
pub(super) type Shared = Arc<Mutex<Box<dyn Store>>>;

/// Run `f` on the store.
pub(super) fn with<T>(
    store: &Shared,
    f: impl FnOnce(&mut dyn Store) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    match store.lock() {
        Ok(mut guard) => f(&mut **guard),
        Err(_) => Err(anyhow::anyhow!("the state store is unusable")),
    }
}

/// Best-effort journal update: the operation's outcome is reported either
/// way, and a journal that lags only makes a later resume read the router.
fn mark(store: &Shared, op: i64, state: &str, inverse: Option<&Op>) {
    let inverse = inverse.and_then(|i| serde_json::to_string(i).ok());
    if let Err(e) = with(store, |s| s.set_op_state(op, state, inverse.as_deref())) {
        tracing::warn!("journal: cannot mark operation {op} {state}: {e:#}");
    }
}

/// An operation that ran on a router: its journal id, itself and what
/// undoes it.
#[derive(Debug, Clone)]
pub(super) struct Step {
    pub id: i64,
    pub op: Op,
    pub inverse: Option<Op>,
}

/// How running a router's operations ended.
pub(super) enum Ran {
    /// Every operation ran (Peplink: and was committed).
    Applied(Vec<Step>),
    /// One failed; what had run was undone (`ok`: completely).
    RolledBack {
        error: String,
        ok: bool,
        summary: String,
    },
}

/// Test hook: the process exits right after this many operations were
/// sent (before the journal records them as done), as a kill at the worst
/// moment would. `ROUTERCTL_TEST_KILL_AFTER_OPS=N`.
const KILL_HOOK: &str = "ROUTERCTL_TEST_KILL_AFTER_OPS";
static SENT: AtomicU64 = AtomicU64::new(0);

fn kill_hook() {
    let Some(limit) = std::env::var(KILL_HOOK)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return;
    };
    if SENT.fetch_add(1, Ordering::SeqCst) + 1 >= limit {
        eprintln!("{KILL_HOOK}: exiting after {limit} operation(s)");
        std::process::exit(86);
    }
}

/// Send one operation's commands; the reply of the last.
pub(super) async fn send(
    router: &dyn Router,
    entry: &RouterEntry,
    op: &Op,
) -> Result<Value, routerctl_core::Error> {
    let mut reply = Value::Null;
    for words in op.words() {
        reply = raw(router, entry, &words).await?;
    }
    Ok(reply)
}

/// Run `steps` (journaled, in order) after `done` (already applied, e.g.
/// before an interruption); on a failure undo everything of this router.
pub(super) async fn run_steps(
    store: &Shared,
    router: &dyn Router,
    entry: &RouterEntry,
    steps: &[(i64, Op)],
    mut done: Vec<Step>,
) -> Ran {
    for (id, op) in steps {
        mark(store, *id, "running", None);
        let sent = send(router, entry, op).await;
        kill_hook();
        match sent {
            Ok(reply) => {
                let inverse = op.inverse(&reply);
                mark(store, *id, "done", inverse.as_ref());
                done.push(Step {
                    id: *id,
                    op: op.clone(),
                    inverse,
                });
            }
            Err(e) => {
                mark(store, *id, "failed", None);
                let (ok, summary) = if entry.vendor == "peplink" {
                    // Nothing was committed: drop the staged changes.
                    discard(store, router, entry, &done).await
                } else {
                    undo(store, router, entry, &done).await
                };
                return Ran::RolledBack {
                    error: format!("{}: {e}", op.describe()),
                    ok,
                    summary,
                };
            }
        }
    }
    if entry.vendor == "peplink" && !done.is_empty() {
        // Every change is staged: commit them together.
        if let Err(e) = raw(router, entry, &peplink_words("cmd.config.apply")).await {
            let (ok, summary) = discard(store, router, entry, &done).await;
            return Ran::RolledBack {
                error: format!("cmd.config.apply: {e}"),
                ok,
                summary,
            };
        }
    }
    Ran::Applied(done)
}

/// Undo `done` in reverse order; a summary of how it went. An undo that
/// adds a removed entry back gets a new id; the undos after it use it.
pub(super) async fn undo(
    store: &Shared,
    router: &dyn Router,
    entry: &RouterEntry,
    done: &[Step],
) -> (bool, String) {
    let mut failures = Vec::new();
    let mut undone = 0;
    let mut renamed: HashMap<String, String> = HashMap::new();
    for step in done.iter().rev() {
        let Some(inverse) = &step.inverse else {
            failures.push(format!("{}: no inverse", step.op.describe()));
            mark(store, step.id, "undo-failed", None);
            continue;
        };
        let inverse = inverse.with_ids(&renamed);
        match send(router, entry, &inverse).await {
            Ok(reply) => {
                if let (Op::Remove { id: old, .. }, Some(new)) =
                    (&step.op, reply.get("ret").and_then(Value::as_str))
                {
                    renamed.insert(old.clone(), new.to_string());
                }
                mark(store, step.id, "undone", None);
                undone += 1;
            }
            Err(e) => {
                failures.push(format!("{}: {e}", inverse.describe()));
                mark(store, step.id, "undo-failed", None);
            }
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
pub(super) fn peplink_words(endpoint: &str) -> [String; 2] {
    ["POST".to_string(), endpoint.to_string()]
}

/// Peplink: discard the pending configuration (the staged operations in
/// `done` never took effect).
pub(super) async fn discard(
    store: &Shared,
    router: &dyn Router,
    entry: &RouterEntry,
    done: &[Step],
) -> (bool, String) {
    match raw(router, entry, &peplink_words("cmd.config.discard")).await {
        Ok(_) => {
            for step in done {
                mark(store, step.id, "undone", None);
            }
            (true, "pending changes discarded".to_string())
        }
        Err(e) => (false, format!("cmd.config.discard failed: {e}")),
    }
}
