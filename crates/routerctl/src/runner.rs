//! The fleet runner: one operation against many routers at once.
//!
//! Every target gets its own task; a semaphore bounds how many talk at the
//! same time. The per-target timeout (from the inventory) covers connecting
//! *and* the operation, so one hung router costs at most its timeout and
//! never holds up the others. A failure — even a panic in a driver — is
//! reported for that target only. Results come back in inventory order,
//! and a callback sees each one as it finishes (for `-o jsonl` and the
//! progress bar).

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use futures_util::future::BoxFuture;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use routerctl_core::{Error, ErrorContext, Router};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tracing::Instrument;

use crate::inventory::RouterEntry;

/// Opens a session to one inventory router.
#[async_trait]
pub trait Connector: Send + Sync + 'static {
    async fn connect(&self, router: &RouterEntry) -> Result<Box<dyn Router>, Error>;
}

/// How one target went.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<T> {
    pub router: String,
    pub vendor: String,
    pub result: Result<T, Failure>,
}

/// A target's error as the output shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `Error::kind()`, or `internal` for a crashed driver.
    pub kind: String,
    pub message: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self {
            kind: e.kind().to_string(),
            message: e.to_string(),
        }
    }
}

/// Longest wait for a polite close after the operation finished.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// First wait before a retry; doubled each time, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Why a whole run stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// `--deadline` passed.
    Deadline(Duration),
    /// Ctrl-C (SIGINT) or SIGTERM.
    Interrupted,
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Deadline(d) => write!(f, "the overall deadline of {d:?} passed"),
            Stop::Interrupted => f.write_str("interrupted (Ctrl-C or SIGTERM)"),
        }
    }
}

/// How a target's task ended, before it becomes an [`Outcome`].
enum Ended {
    Failed(Error),
    /// Never started: the run was stopped first.
    Skipped(Stop),
    /// Stopped while running.
    Cancelled(Stop),
}

/// Runs operations across a fleet.
pub struct Runner {
    connector: Arc<dyn Connector>,
    concurrency: usize,
    progress: bool,
    /// Overall time limit of a run.
    deadline: Option<Duration>,
    /// Whether Ctrl-C stops the run (the binary: yes; tests: no).
    catch_ctrl_c: bool,
    /// Whether the target's timeout bounds the whole operation (the
    /// default) or connecting only ([`Runner::long_operations`]).
    bounded: bool,
    stop: Arc<tokio::sync::watch::Sender<Option<Stop>>>,
}

impl Runner {
    /// `concurrency`: at most this many targets in flight (at least 1).
    /// The progress bar appears only when `progress` is set, stderr is a
    /// terminal and there is more than one target.
    pub fn new(connector: Arc<dyn Connector>, concurrency: usize, progress: bool) -> Self {
        Self {
            connector,
            concurrency: concurrency.max(1),
            progress,
            deadline: None,
            catch_ctrl_c: false,
            bounded: true,
            stop: Arc::new(tokio::sync::watch::Sender::new(None)),
        }
    }

    /// Stop every run after `deadline` (see [`Stop::Deadline`]).
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Let Ctrl-C stop runs (see [`Stop::Interrupted`]).
    pub fn catch_ctrl_c(mut self, yes: bool) -> Self {
        self.catch_ctrl_c = yes;
        self
    }

    /// Let the target's timeout bound connecting only, not the whole
    /// operation: for `apply`, whose operation is many commands that each
    /// carry the timeout, and which must not be cut off halfway (a cut
    /// would leave a router half changed without its rollback).
    pub fn long_operations(mut self) -> Self {
        self.bounded = false;
        self
    }

    /// Stops the current run, as Ctrl-C does (tests).
    #[cfg(test)]
    pub fn stop_now(&self, why: Stop) {
        self.stop.send_replace(Some(why));
    }

    /// [`Runner::run`] for reads: a target failing with a timeout, I/O or
    /// dropped-connection error is tried again, up to `retries` more times,
    /// waiting 200 ms, 400 ms, ... (at most 5 s) in between. Never use it
    /// for writes.
    pub async fn run_read<T, F>(
        &self,
        targets: &[RouterEntry],
        operation: &'static str,
        retries: u32,
        op: F,
        on_done: impl FnMut(&Outcome<T>),
    ) -> Vec<Outcome<T>>
    where
        T: Send + 'static,
        F: Fn(Arc<dyn Router>) -> BoxFuture<'static, Result<T, Error>> + Send + Sync + 'static,
    {
        self.run_inner(targets, operation, retries, op, on_done)
            .await
    }

    /// Run `op` on every target, once. `operation` names it in errors;
    /// `on_done` sees each outcome as it finishes. Returns outcomes in the
    /// order of `targets`.
    pub async fn run<T, F>(
        &self,
        targets: &[RouterEntry],
        operation: &'static str,
        op: F,
        on_done: impl FnMut(&Outcome<T>),
    ) -> Vec<Outcome<T>>
    where
        T: Send + 'static,
        F: Fn(Arc<dyn Router>) -> BoxFuture<'static, Result<T, Error>> + Send + Sync + 'static,
    {
        self.run_inner(targets, operation, 0, op, on_done).await
    }

    async fn run_inner<T, F>(
        &self,
        targets: &[RouterEntry],
        operation: &'static str,
        retries: u32,
        op: F,
        mut on_done: impl FnMut(&Outcome<T>),
    ) -> Vec<Outcome<T>>
    where
        T: Send + 'static,
        F: Fn(Arc<dyn Router>) -> BoxFuture<'static, Result<T, Error>> + Send + Sync + 'static,
    {
        self.stop.send_replace(None);
        let mut watchers = JoinSet::new();
        if let Some(d) = self.deadline {
            let stop = self.stop.clone();
            watchers.spawn(async move {
                tokio::time::sleep(d).await;
                stop.send_replace(Some(Stop::Deadline(d)));
            });
        }
        if self.catch_ctrl_c {
            // Installed before any target starts, so an early Ctrl-C
            // cannot kill the process and lose what finished.
            match routerctl_kit::sim::Shutdown::install() {
                Ok(mut shutdown) => {
                    let stop = self.stop.clone();
                    watchers.spawn(async move {
                        shutdown.wait().await;
                        stop.send_replace(Some(Stop::Interrupted));
                    });
                }
                Err(e) => tracing::warn!("cannot listen for Ctrl-C: {e}"),
            }
        }
        let op = Arc::new(op);
        let bounded = self.bounded;
        let limit = Arc::new(Semaphore::new(self.concurrency));
        let bar = self.progress_bar(targets.len(), operation);
        let shared_terminal = !bar.is_hidden() && std::io::stdout().is_terminal();
        let mut tasks = JoinSet::new();
        let mut index_of = HashMap::new();
        for (index, target) in targets.iter().enumerate() {
            let target = target.clone();
            let connector = self.connector.clone();
            let op = op.clone();
            let limit = limit.clone();
            let mut stop = self.stop.subscribe();
            let span = tracing::info_span!("router", name = %target.name);
            let handle = tasks.spawn(
                async move {
                    // The semaphore is never closed, so acquiring only waits.
                    let _permit = tokio::select! {
                        biased;
                        why = stopped(&mut stop) => return Err(Ended::Skipped(why)),
                        permit = limit.acquire_owned() => permit,
                    };
                    if let Some(why) = *stop.borrow() {
                        return Err(Ended::Skipped(why));
                    }
                    let work =
                        with_retries(&*connector, &target, operation, &*op, retries, bounded);
                    tokio::select! {
                        biased;
                        why = stopped(&mut stop) => Err(Ended::Cancelled(why)),
                        result = work => result.map_err(Ended::Failed),
                    }
                }
                .instrument(span),
            );
            index_of.insert(handle.id(), index);
        }

        let mut slots: Vec<Option<Outcome<T>>> = targets.iter().map(|_| None).collect();
        while let Some(joined) = tasks.join_next_with_id().await {
            let id = match &joined {
                Ok((id, _)) => *id,
                Err(e) => e.id(),
            };
            let Some(&index) = index_of.get(&id) else {
                continue;
            };
            let Some(target) = targets.get(index) else {
                continue;
            };
            let result = match joined {
                Ok((_, Ok(value))) => Ok(value),
                Ok((_, Err(Ended::Failed(e)))) => Err(hint(target, e)),
                Ok((_, Err(Ended::Skipped(why)))) => Err(Failure {
                    kind: "skipped".into(),
                    message: format!("{}: {operation}: not started: {why}", target.name),
                }),
                Ok((_, Err(Ended::Cancelled(why)))) => Err(Failure {
                    kind: "cancelled".into(),
                    message: format!("{}: {operation}: cancelled: {why}", target.name),
                }),
                Err(e) => Err(Failure {
                    kind: "internal".into(),
                    message: format!("{}: {operation}: the driver crashed ({e})", target.name),
                }),
            };
            let outcome = Outcome {
                router: target.name.clone(),
                vendor: target.vendor.to_string(),
                result,
            };
            // The bar is hidden around output only when both share the
            // terminal: redrawing it per router costs more than the
            // router at a few thousand routers.
            if shared_terminal {
                bar.suspend(|| on_done(&outcome));
            } else {
                on_done(&outcome);
            }
            bar.inc(1);
            if let Some(slot) = slots.get_mut(index) {
                *slot = Some(outcome);
            }
        }
        bar.finish_and_clear();
        watchers.abort_all();
        slots.into_iter().flatten().collect()
    }

    fn progress_bar(&self, total: usize, operation: &str) -> ProgressBar {
        if !(self.progress && total > 1 && std::io::stderr().is_terminal()) {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(operation.to_string());
        bar
    }
}

/// The failure as shown, with a hint where the error alone leaves a new
/// user guessing: a timeout while connecting (a filtered port, a host that
/// is down, or TLS spoken to a plain port all look like that) names the
/// address and the protocol.
fn hint(target: &RouterEntry, e: Error) -> Failure {
    let connecting = matches!(&e, Error::Timeout { operation, .. } if operation == "connect");
    let mut failure = Failure::from(e);
    if connecting {
        let at = match target.port {
            Some(port) => format!(
                "{}:{port}: is the router reachable, and is {port} the port of protocol {}?",
                target.host, target.protocol
            ),
            None => format!(
                "{} (the default port of protocol {}): is the router reachable?",
                target.host, target.protocol
            ),
        };
        failure.message = format!("{} (no answer from {at})", failure.message);
    }
    failure
}

/// Resolves once the run is stopped; never if it is not.
async fn stopped(stop: &mut tokio::sync::watch::Receiver<Option<Stop>>) -> Stop {
    let why = stop.wait_for(Option::is_some).await.map(|why| *why);
    match why {
        Ok(why) => why.unwrap_or(Stop::Interrupted),
        Err(_) => std::future::pending().await,
    }
}

/// Whether another try may succeed where this one failed: the network
/// was slow or the connection went away. Wrong passwords, vendor errors
/// and the like fail the same way every time.
fn worth_retrying(e: &Error) -> bool {
    matches!(e.kind(), "timeout" | "io" | "disconnected")
}

/// The wait before retry number `attempt` (0-based).
fn backoff(attempt: u32) -> Duration {
    FIRST_BACKOFF
        .saturating_mul(2u32.saturating_pow(attempt))
        .min(MAX_BACKOFF)
}

/// [`one_target`], tried again up to `retries` more times.
async fn with_retries<T, F>(
    connector: &dyn Connector,
    target: &RouterEntry,
    operation: &'static str,
    op: &F,
    retries: u32,
    bounded: bool,
) -> Result<T, Error>
where
    F: Fn(Arc<dyn Router>) -> BoxFuture<'static, Result<T, Error>>,
{
    let mut attempt = 0;
    loop {
        match one_target(connector, target, operation, op, bounded).await {
            Err(e) if attempt < retries && worth_retrying(&e) => {
                tracing::info!(attempt, kind = e.kind(), "retrying");
                tokio::time::sleep(backoff(attempt)).await;
                attempt += 1;
            }
            result => return result,
        }
    }
}

/// How long a [`Runner::long_operations`] operation may take at most.
const LONG_OPERATION: Duration = Duration::from_secs(7 * 24 * 3600);

/// Connect, run, close — all under the target's timeout (connecting only,
/// when not `bounded`).
async fn one_target<T, F>(
    connector: &dyn Connector,
    target: &RouterEntry,
    operation: &'static str,
    op: &F,
    bounded: bool,
) -> Result<T, Error>
where
    F: Fn(Arc<dyn Router>) -> BoxFuture<'static, Result<T, Error>>,
{
    let started = std::time::Instant::now();
    let connected = AtomicBool::new(false);
    let work = async {
        tracing::debug!(host = %target.host, protocol = target.protocol, "connecting");
        let router: Arc<dyn Router> = if bounded {
            connector.connect(target).await?.into()
        } else {
            match tokio::time::timeout(target.timeout, connector.connect(target)).await {
                Ok(r) => r?.into(),
                Err(_) => {
                    return Err(
                        ErrorContext::new(target.name.clone(), "connect").timeout(target.timeout)
                    );
                }
            }
        };
        connected.store(true, Ordering::Relaxed);
        let result = op(router.clone()).await;
        Ok::<_, Error>((router, result))
    };
    let limit = if bounded {
        target.timeout
    } else {
        LONG_OPERATION
    };
    let result = match tokio::time::timeout(limit, work).await {
        Err(_) => {
            // Still connecting when time ran out: say so (see `hint`).
            let stage = if connected.load(Ordering::Relaxed) {
                operation
            } else {
                "connect"
            };
            Err(ErrorContext::new(target.name.clone(), stage).timeout(target.timeout))
        }
        Ok(Err(e)) => Err(e.with_router(&target.name)),
        Ok(Ok((router, result))) => {
            if tokio::time::timeout(CLOSE_GRACE.min(target.timeout), router.close())
                .await
                .is_err()
            {
                tracing::debug!("close did not finish in time; dropping the session");
            }
            result.map_err(|e| e.with_router(&target.name))
        }
    };
    let elapsed_ms = started.elapsed().as_millis();
    match &result {
        Ok(_) => tracing::info!(elapsed_ms, "{operation} done"),
        Err(e) => tracing::info!(elapsed_ms, kind = e.kind(), "{operation} failed"),
    }
    result
}

#[cfg(test)]
mod tests;
