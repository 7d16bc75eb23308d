//! Rows of a streaming command, handed from the connection task to the
//! caller.
//!
//! The connection task must never wait for a slow consumer (that would
//! stall every other command on the connection), so rows go into a small
//! shared queue the task only pushes to (module `queue`). The queue has a
//! cap: a consumer that falls more than [`STREAM_BUFFER_ROWS`] rows behind
//! gets an error and the command is cancelled, instead of the client
//! growing without bound.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use routerctl_core::{ErrorContext, Result};

use super::queue::RowQueue;
pub use super::queue::{STREAM_BUFFER_BYTES, STREAM_BUFFER_ROWS};
use super::shared::Shared;
use crate::record::Attributes;

/// Rows of a streaming command (`listen`, `print =follow=`,
/// `monitor-traffic`, `ping`, `/tool/fetch` ...), as a
/// `futures_core::Stream` of `Result<Attributes>`.
///
/// The stream yields each `!re` row; it ends after the command's `!done`
/// (with one `Err` item first if the router sent `!trap`s), or with one
/// `Err` item if the connection fails. Dropping it before the end, or
/// calling [`cancel`](Self::cancel), sends `/cancel =tag=<tag>`; the rows
/// and the `interrupted` trap the router still sends afterwards are
/// discarded by the connection task.
///
/// There is no per-row timeout: a `listen` on a quiet menu may
/// legitimately stay silent for hours. Wrap `next()` in a timeout when a
/// deadline is wanted. A router that disappears is still noticed: the
/// client's socket has TCP keepalive on (first probe after 60 s idle, then
/// every 10 s), so a router that vanished without closing the connection
/// (power loss, a dropped route) ends the stream with an error within a
/// few minutes (when the OS gives up on the probes) instead of never, and
/// a router that stops reading our commands is dropped after the command
/// timeout.
#[derive(Debug)]
pub struct ReplyStream {
    queue: Arc<RowQueue>,
    tag: u64,
    client: Arc<Shared>,
    ctx: ErrorContext,
    /// The consumer saw the end; nothing to cancel.
    finished: bool,
    /// A `/cancel` was already sent.
    cancelled: bool,
}

impl ReplyStream {
    pub(crate) fn new(
        queue: Arc<RowQueue>,
        tag: u64,
        client: Arc<Shared>,
        ctx: ErrorContext,
    ) -> Self {
        Self {
            queue,
            tag,
            client,
            ctx,
            finished: false,
            cancelled: false,
        }
    }

    /// The `.tag` this command runs under.
    pub fn tag(&self) -> u64 {
        self.tag
    }

    /// Cancel the command on the router and wait until the router
    /// acknowledged the `/cancel` (bounded by the command timeout). Rows
    /// still in flight are discarded.
    ///
    /// If this future is dropped, or the cancel cannot be queued in time,
    /// dropping the stream still sends the `/cancel` in the background
    /// (sending it twice is harmless: the connection task ignores a cancel
    /// for a command that is already draining).
    pub async fn cancel(mut self) -> Result<()> {
        if self.finished || self.queue.has_ended() {
            return Ok(());
        }
        let result = self.client.cancel_and_wait(self.tag).await;
        // Only now is the cancel known to be queued (it was answered).
        self.cancelled = result.is_ok();
        result
    }

    /// Rows already received and not yet taken (useful in tests and for
    /// consumers that batch).
    pub fn buffered(&self) -> usize {
        self.queue.len()
    }
}

impl futures_core::Stream for ReplyStream {
    type Item = Result<Attributes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.finished {
            return Poll::Ready(None);
        }
        match self.queue.poll_next(cx) {
            Poll::Ready(Some(Ok(row))) => Poll::Ready(Some(Ok(row))),
            Poll::Ready(Some(Err(f))) => {
                self.finished = true;
                Poll::Ready(Some(Err(f.into_error(&self.ctx))))
            }
            Poll::Ready(None) => {
                self.finished = true;
                Poll::Ready(None)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Drop for ReplyStream {
    fn drop(&mut self) {
        if !self.finished && !self.cancelled && !self.queue.has_ended() {
            self.client.cancel_in_background(self.tag);
        }
    }
}
