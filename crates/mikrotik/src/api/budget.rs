//! How much reply data one connection may hold in memory at once.
//!
//! Replies stay in memory until their caller takes them: a `run` collects
//! rows until its `!done`, a stream buffers rows until its consumer reads
//! them, traps wait for the `!done`. Each command has its own cap, but a
//! connection runs many commands at once, so per-command caps alone would
//! let N commands hold N times as much. [`HeldBytes`] counts what every
//! command of one connection holds together; the connection task fails
//! and cancels the biggest holder when a reply would push the total past
//! [`ReplyLimits::connection_bytes`].
//!
//! A run that talks to many routers also shares one
//! [`MemoryBudget`] among them (`--max-memory`): every connection charges
//! what it holds to it as well, its caps are sized from the budget's
//! per-reply share ([`ReplyLimits::for_budget`]), and a reply that would
//! push the shared total past the limit fails with "reply too large".
//!
//! Sizes are [`Attributes::memory_size`](super::proto::Attributes::memory_size)
//! and [`Trap::memory_size`](super::proto::Trap::memory_size): payload plus
//! per-row and per-attribute overhead, so empty rows cost what they cost.

use std::sync::atomic::{AtomicUsize, Ordering};

use routerctl_core::MemoryBudget;

/// Most bytes of rows one `run` collects before it is failed and
/// cancelled: a router that never stops sending must not exhaust memory.
/// Bigger replies belong in a stream.
pub const MAX_RUN_REPLY_BYTES: usize = 256 * 1024 * 1024;

/// Most bytes of replies one connection holds for all its commands
/// together (two maximal `run`s, or eight full stream buffers).
pub const MAX_CONNECTION_REPLY_BYTES: usize = 512 * 1024 * 1024;

/// Most `!trap`s one command may get. Real commands trap once or twice;
/// past this the command is failed and cancelled.
pub const MAX_TRAPS: usize = 256;

/// The caps one connection enforces on replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReplyLimits {
    /// Bytes of rows (and kept traps) one `run` may collect.
    pub(crate) run_bytes: usize,
    /// Bytes all commands of the connection may hold together.
    pub(crate) connection_bytes: usize,
    /// `!trap`s one command may get.
    pub(crate) traps: usize,
}

impl ReplyLimits {
    /// The default caps, lowered to the budget's per-reply share.
    pub(crate) fn for_budget(budget: Option<&MemoryBudget>) -> Self {
        let mut limits = Self::default();
        if let Some(b) = budget {
            limits.run_bytes = limits.run_bytes.min(b.reply_cap());
            limits.connection_bytes = limits.connection_bytes.min(b.reply_cap());
        }
        limits
    }
}

impl Default for ReplyLimits {
    fn default() -> Self {
        Self {
            run_bytes: MAX_RUN_REPLY_BYTES,
            connection_bytes: MAX_CONNECTION_REPLY_BYTES,
            traps: MAX_TRAPS,
        }
    }
}

/// Bytes of replies a connection holds for callers that have not taken
/// them yet. The connection task charges rows and traps it keeps; stream
/// queues charge what they buffer and release it as the consumer reads.
/// Everything charged here is charged to the run's shared budget too.
#[derive(Debug, Default)]
pub(crate) struct HeldBytes {
    local: AtomicUsize,
    shared: Option<MemoryBudget>,
}

impl HeldBytes {
    /// A count that also charges `shared` (the run's budget), if any.
    pub(crate) fn new(shared: Option<MemoryBudget>) -> Self {
        Self {
            local: AtomicUsize::new(0),
            shared,
        }
    }

    pub(crate) fn charge(&self, bytes: usize) {
        // Saturating: the total is compared to a cap, never wrapped.
        let _ = self
            .local
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                Some(v.saturating_add(bytes))
            });
        if let Some(shared) = &self.shared {
            shared.charge(bytes);
        }
    }

    pub(crate) fn release(&self, bytes: usize) {
        let mut released = 0;
        let _ = self
            .local
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                released = v.min(bytes);
                Some(v - released)
            });
        if let Some(shared) = &self.shared {
            shared.release(released);
        }
    }

    pub(crate) fn get(&self) -> usize {
        self.local.load(Ordering::Relaxed)
    }

    /// The run's budget, when there is one and `bytes` more would pass
    /// its limit.
    pub(crate) fn shared_overflow(&self, bytes: usize) -> Option<&MemoryBudget> {
        self.shared.as_ref().filter(|b| !b.fits(bytes))
    }
}

impl Drop for HeldBytes {
    /// Whatever is still counted leaves the run's budget with the
    /// connection.
    fn drop(&mut self) {
        if let Some(shared) = &self.shared {
            shared.release(*self.local.get_mut());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_bytes_never_wrap() {
        let held = HeldBytes::default();
        held.charge(10);
        held.release(25);
        assert_eq!(held.get(), 0);
        held.charge(usize::MAX);
        held.charge(1);
        assert_eq!(held.get(), usize::MAX);
    }

    #[test]
    fn the_shared_budget_sees_every_connection() {
        let budget = MemoryBudget::new(1000, 2);
        let a = HeldBytes::new(Some(budget.clone()));
        let b = HeldBytes::new(Some(budget.clone()));
        a.charge(400);
        b.charge(500);
        assert_eq!(budget.used(), 900);
        assert!(a.shared_overflow(100).is_none());
        assert!(a.shared_overflow(101).is_some());
        a.release(1000); // more than it holds: only its own 400 go back
        assert_eq!(budget.used(), 500);
        drop(b);
        assert_eq!(budget.used(), 0, "a dropped connection gives back the rest");
    }
}
