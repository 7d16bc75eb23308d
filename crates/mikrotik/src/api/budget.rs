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
//! Sizes are [`Attributes::memory_size`](super::proto::Attributes::memory_size)
//! and [`Trap::memory_size`](super::proto::Trap::memory_size): payload plus
//! per-row and per-attribute overhead, so empty rows cost what they cost.

use std::sync::atomic::{AtomicUsize, Ordering};

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
#[derive(Debug, Default)]
pub(crate) struct HeldBytes(AtomicUsize);

impl HeldBytes {
    pub(crate) fn charge(&self, bytes: usize) {
        // Saturating: the total is compared to a cap, never wrapped.
        let _ = self
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                Some(v.saturating_add(bytes))
            });
    }

    pub(crate) fn release(&self, bytes: usize) {
        let _ = self
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                Some(v.saturating_sub(bytes))
            });
    }

    pub(crate) fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
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
}
