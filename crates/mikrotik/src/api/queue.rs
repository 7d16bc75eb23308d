//! The queue between the connection task and one stream's consumer.
//!
//! The connection task must never wait for a slow consumer (that would
//! stall every other command on the connection), so rows go into a small
//! shared queue the task only pushes to. The queue has a cap: a consumer
//! that falls more than [`STREAM_BUFFER_ROWS`] rows behind gets an error
//! and the command is cancelled, instead of the client growing without
//! bound.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use super::budget::HeldBytes;
use super::failure::Failure;
use crate::record::Attributes;

/// Most rows a stream buffers for its consumer before it is cancelled.
pub const STREAM_BUFFER_ROWS: usize = 65_536;

/// Most bytes a stream buffers for its consumer, counted as
/// [`Attributes::memory_size`].
pub const STREAM_BUFFER_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Default)]
struct QueueState {
    rows: VecDeque<Attributes>,
    /// Memory held in `rows`.
    bytes: usize,
    /// How the command ended, once it has.
    end: Option<std::result::Result<(), Failure>>,
    /// The command ended: the rows left belong to the consumer, no longer
    /// to the connection, and are not counted in its budget any more.
    detached: bool,
    waker: Option<Waker>,
}

/// The queue between the connection task (producer) and a
/// [`ReplyStream`](super::stream::ReplyStream).
/// What it buffers is charged to its connection's [`HeldBytes`] until the
/// consumer takes it (or the queue is dropped).
#[derive(Debug)]
pub(crate) struct RowQueue {
    state: Mutex<QueueState>,
    held: Arc<HeldBytes>,
}

/// Returned by [`RowQueue::push`] when the consumer fell too far behind.
pub(crate) struct Overflow;

impl RowQueue {
    pub(crate) fn new(held: Arc<HeldBytes>) -> Self {
        Self {
            state: Mutex::default(),
            held,
        }
    }

    fn lock(&self) -> MutexGuard<'_, QueueState> {
        // A panic while holding this lock cannot leave the queue half
        // updated (every mutation is one call), so poisoning is ignored.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Append one row and wake the consumer.
    pub(crate) fn push(&self, row: Attributes) -> std::result::Result<(), Overflow> {
        let mut st = self.lock();
        if st.end.is_some() {
            return Ok(());
        }
        let size = row.memory_size();
        if st.rows.len() >= STREAM_BUFFER_ROWS || st.bytes + size > STREAM_BUFFER_BYTES {
            return Err(Overflow);
        }
        st.bytes += size;
        self.held.charge(size);
        st.rows.push_back(row);
        if let Some(w) = st.waker.take() {
            w.wake();
        }
        Ok(())
    }

    /// Record how the command ended (the first ending wins).
    ///
    /// From then on the rows not yet taken are the consumer's, like the
    /// rows of a finished `run`: they leave the connection's budget, which
    /// can only cancel running commands and would otherwise fail innocent
    /// commands for memory nobody on the connection can free. They stay
    /// bounded by [`STREAM_BUFFER_BYTES`] per stream.
    pub(crate) fn finish(&self, end: std::result::Result<(), Failure>) {
        let mut st = self.lock();
        if st.end.is_none() {
            st.end = Some(end);
        }
        if !st.detached {
            st.detached = true;
            self.held.release(st.bytes);
        }
        if let Some(w) = st.waker.take() {
            w.wake();
        }
    }

    /// End the stream with `failure` now, dropping the rows the consumer
    /// has not taken yet (to give their memory back at once).
    pub(crate) fn abandon(&self, failure: Failure) {
        {
            let mut st = self.lock();
            st.rows.clear();
            let released = std::mem::take(&mut st.bytes);
            if !st.detached {
                self.held.release(released);
            }
        }
        self.finish(Err(failure));
    }

    /// Memory held by rows not yet taken.
    pub(crate) fn bytes(&self) -> usize {
        self.lock().bytes
    }

    /// Take the next buffered row, giving its memory back.
    fn pop(st: &mut QueueState, held: &HeldBytes) -> Option<Attributes> {
        let row = st.rows.pop_front()?;
        let size = row.memory_size();
        st.bytes = st.bytes.saturating_sub(size);
        if !st.detached {
            held.release(size);
        }
        Some(row)
    }

    pub(super) fn has_ended(&self) -> bool {
        self.lock().end.is_some()
    }

    /// Rows received and not yet taken.
    pub(super) fn len(&self) -> usize {
        self.lock().rows.len()
    }

    /// The consumer's side: the next buffered row (its memory given back);
    /// else how the command ended, handed out once (`None` for a clean
    /// end); else `Pending`, with `cx`'s waker kept for the next push or
    /// ending.
    pub(super) fn poll_next(
        &self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<std::result::Result<Attributes, Failure>>> {
        let mut st = self.lock();
        if let Some(row) = Self::pop(&mut st, &self.held) {
            return Poll::Ready(Some(Ok(row)));
        }
        match st.end.take() {
            Some(Ok(())) => Poll::Ready(None),
            Some(Err(f)) => Poll::Ready(Some(Err(f))),
            None => {
                st.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl Drop for RowQueue {
    fn drop(&mut self) {
        let st = self.state.get_mut().unwrap_or_else(|p| p.into_inner());
        if !st.detached {
            self.held.release(st.bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn wide_row(attributes: usize) -> Attributes {
        (0..attributes)
            .map(|_| (Bytes::new(), Bytes::new()))
            .collect()
    }

    /// Rows of empty `=` words carry no payload but do take memory; the
    /// queue and the connection's count must see it.
    #[test]
    fn buffered_rows_are_counted_by_their_memory() {
        let held = Arc::new(HeldBytes::default());
        let queue = RowQueue::new(Arc::clone(&held));
        let row = wide_row(1000);
        let size = row.memory_size();
        assert!(size >= 1000 * 2 * std::mem::size_of::<Bytes>());
        assert!(queue.push(row.clone()).is_ok());
        assert!(queue.push(Attributes::new()).is_ok());
        let total = size + Attributes::new().memory_size();
        assert_eq!((queue.bytes(), held.get()), (total, total));
        let popped = RowQueue::pop(&mut queue.lock(), &held).unwrap();
        assert_eq!(popped, row);
        assert_eq!(held.get(), Attributes::new().memory_size());
        drop(queue);
        assert_eq!(held.get(), 0, "dropping the queue gives its rows back");
    }

    /// Rows of a stream that ended belong to its consumer: the connection
    /// cannot cancel a finished command to free them, so it must not
    /// count them against commands that are still running.
    #[test]
    fn a_finished_streams_rows_leave_the_connection_budget() {
        let held = Arc::new(HeldBytes::default());
        let queue = RowQueue::new(Arc::clone(&held));
        assert!(queue.push(wide_row(10)).is_ok());
        assert!(queue.push(wide_row(10)).is_ok());
        assert!(held.get() > 0);
        queue.finish(Ok(()));
        assert_eq!(held.get(), 0);
        assert_eq!(queue.len(), 2, "the consumer still gets its rows");
        held.charge(7); // another command's rows
        assert!(RowQueue::pop(&mut queue.lock(), &held).is_some());
        drop(queue);
        assert_eq!(held.get(), 7, "nothing given back twice");
    }

    #[test]
    fn the_byte_cap_counts_memory_not_payload() {
        let queue = RowQueue::new(Arc::default());
        let row = wide_row(10_000);
        let fits = STREAM_BUFFER_BYTES / row.memory_size();
        for _ in 0..fits {
            assert!(queue.push(row.clone()).is_ok());
        }
        assert!(queue.push(row).is_err(), "past the byte cap");
    }

    #[test]
    fn abandon_drops_buffered_rows_and_ends_the_stream() {
        let held = Arc::new(HeldBytes::default());
        let queue = RowQueue::new(Arc::clone(&held));
        assert!(queue.push(wide_row(3)).is_ok());
        queue.abandon(Failure::Protocol("budget".into()));
        assert_eq!((queue.bytes(), held.get()), (0, 0));
        assert!(queue.has_ended());
    }
}
