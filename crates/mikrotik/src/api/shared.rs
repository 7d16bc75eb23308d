//! What the connection task and every client handle share: the
//! connection's state (label, tags, held memory, how it ended) and the way
//! into the task (its request and cancel queues).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use routerctl_core::{ErrorContext, Result};
use tokio::sync::{mpsc, oneshot};

use super::budget::HeldBytes;
use super::config::Timeouts;
use super::failure::Failure;
use super::request::Request;

/// State shared by the connection task and every client handle.
#[derive(Debug)]
pub(crate) struct ConnState {
    pub(crate) label: String,
    next_tag: AtomicU64,
    /// Reply memory held for this connection's commands (see `budget`).
    pub(crate) held: Arc<HeldBytes>,
    /// Set once when the connection ends; later calls fail with it.
    closed: Mutex<Option<Failure>>,
}

impl ConnState {
    /// A connection labelled `label` (for errors): tags from 1, nothing
    /// held, open.
    #[cfg(test)]
    pub(crate) fn new(label: String) -> Self {
        Self::with_budget(label, None)
    }

    /// A connection labelled `label`, charging held replies to `budget`
    /// (the run's shared one) too.
    pub(crate) fn with_budget(label: String, budget: Option<routerctl_core::MemoryBudget>) -> Self {
        Self {
            label,
            next_tag: AtomicU64::new(1),
            held: Arc::new(HeldBytes::new(budget)),
            closed: Mutex::new(None),
        }
    }
    pub(crate) fn next_tag(&self) -> u64 {
        self.next_tag.fetch_add(1, Ordering::Relaxed)
    }
    pub(crate) fn mark_closed(&self, failure: Failure) {
        let mut c = self.closed.lock().unwrap_or_else(|p| p.into_inner());
        c.get_or_insert(failure);
    }
    pub(crate) fn closed(&self) -> Option<Failure> {
        self.closed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
    fn closed_or_gone(&self) -> Failure {
        self.closed()
            .unwrap_or_else(|| Failure::Disconnected("the connection task stopped".into()))
    }
}

/// What client handles (and streams) hold: the way into the task. The task
/// itself does not hold this, so dropping every handle ends the task.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(super) state: Arc<ConnState>,
    pub(super) requests: mpsc::Sender<Request>,
    /// Cancels from `Drop` (which cannot wait for queue space). At most one
    /// per command ever started, so bounded by the commands themselves.
    pub(super) cancels: mpsc::UnboundedSender<u64>,
    pub(super) timeouts: Timeouts,
}

impl Shared {
    pub(super) fn ctx(&self, operation: impl Into<String>) -> ErrorContext {
        ErrorContext::new(self.state.label.clone(), operation)
    }

    pub(crate) fn cancel_in_background(&self, tag: u64) {
        let _ = self.cancels.send(tag);
    }

    /// Hand `request` to the connection task and wait for its `answer`,
    /// both under the command timeout. `None` means the time ran out; a
    /// `Failure` that the connection ended first (the task drops the
    /// answer's sender without a value then).
    pub(super) async fn submit<T>(
        &self,
        request: Request,
        answer: oneshot::Receiver<T>,
    ) -> Option<std::result::Result<T, Failure>> {
        let work = async {
            self.requests
                .send(request)
                .await
                .map_err(|_| self.state.closed_or_gone())?;
            answer.await.map_err(|_| self.state.closed_or_gone())
        };
        tokio::time::timeout(self.timeouts.command, work).await.ok()
    }

    /// Send `/cancel` for `tag` and wait for the router to acknowledge it.
    pub(crate) async fn cancel_and_wait(&self, tag: u64) -> Result<()> {
        let ctx = self.ctx("/cancel");
        let (tx, rx) = oneshot::channel();
        let request = Request::Cancel {
            target: tag,
            done: Some(tx),
        };
        match self.submit(request, rx).await {
            None => Err(ctx.timeout(self.timeouts.command)),
            Some(result) => result
                .and_then(|r| r)
                .map(drop)
                .map_err(|f| f.into_error(&ctx)),
        }
    }
}
