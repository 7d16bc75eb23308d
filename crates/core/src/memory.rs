//! One byte budget for replies, shared by every router a run talks to.
//!
//! Each client caps the replies it holds, but a fleet run has many clients
//! in flight: sixteen routers that each stream without end would each be
//! allowed the whole per-reply cap. A [`MemoryBudget`] is cloned into every
//! [`ConnectSpec`](crate::ConnectSpec) of a run; clients charge what they
//! hold to it and give it back when the caller has taken the reply, and
//! each router gets a per-reply cap of its fair share
//! ([`reply_cap`](MemoryBudget::reply_cap)), so a hostile router fails with
//! "reply too large" long before it can crowd out the healthy ones.
//!
//! The budget counts estimated heap bytes of decoded replies (clients
//! account the real in-memory size of what they keep, not wire bytes), so
//! the process's resident memory stays close to the budget plus a fixed
//! base.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The default budget of a run: 256 MiB.
pub const DEFAULT_MAX_MEMORY: usize = 256 * 1024 * 1024;

/// The smallest per-reply cap handed out, however many routers share the
/// budget (below this ordinary replies would fail).
pub const MIN_REPLY_CAP: usize = 1024 * 1024;

/// A byte budget shared by its clones.
///
/// ```
/// use routerctl_core::MemoryBudget;
/// let budget = MemoryBudget::new(64 * 1024 * 1024, 16);
/// assert_eq!(budget.reply_cap(), 4 * 1024 * 1024);
/// let other = budget.clone();
/// assert!(budget.try_charge(1000));
/// assert_eq!(other.used(), 1000);
/// other.release(1000);
/// assert_eq!(budget.used(), 0);
/// ```
#[derive(Debug, Clone)]
pub struct MemoryBudget {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    limit: usize,
    reply_cap: usize,
    used: AtomicUsize,
}

impl Default for MemoryBudget {
    /// [`DEFAULT_MAX_MEMORY`] for one router at a time.
    fn default() -> Self {
        Self::new(DEFAULT_MAX_MEMORY, 1)
    }
}

impl MemoryBudget {
    /// `limit` bytes for replies in flight, shared by up to `sharers`
    /// routers at once: each reply may hold `limit / sharers` (at least
    /// [`MIN_REPLY_CAP`], at most `limit`).
    pub fn new(limit: usize, sharers: usize) -> Self {
        let reply_cap = (limit / sharers.max(1)).max(MIN_REPLY_CAP).min(limit);
        Self {
            inner: Arc::new(Inner {
                limit,
                reply_cap,
                used: AtomicUsize::new(0),
            }),
        }
    }

    /// The whole budget in bytes.
    pub fn limit(&self) -> usize {
        self.inner.limit
    }

    /// The most one reply (or one connection's replies together) may hold.
    pub fn reply_cap(&self) -> usize {
        self.inner.reply_cap
    }

    /// Bytes charged right now, by every clone together.
    pub fn used(&self) -> usize {
        self.inner.used.load(Ordering::Relaxed)
    }

    /// Charge `bytes` if they fit under the limit; false (charging
    /// nothing) when they do not.
    pub fn try_charge(&self, bytes: usize) -> bool {
        let limit = self.inner.limit;
        self.inner
            .used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                used.checked_add(bytes).filter(|total| *total <= limit)
            })
            .is_ok()
    }

    /// Charge `bytes` even past the limit (saturating): for memory that is
    /// already held; check [`fits`](Self::fits) first to refuse instead.
    pub fn charge(&self, bytes: usize) {
        let _ = self
            .inner
            .used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                Some(used.saturating_add(bytes))
            });
    }

    /// Whether `bytes` more would stay within the limit right now.
    pub fn fits(&self, bytes: usize) -> bool {
        self.used().saturating_add(bytes) <= self.inner.limit
    }

    /// Give back `bytes` charged before (never below zero).
    pub fn release(&self, bytes: usize) {
        let _ = self
            .inner
            .used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                Some(used.saturating_sub(bytes))
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_past_the_limit_are_refused_whole() {
        let budget = MemoryBudget::new(100, 1);
        assert!(budget.try_charge(60));
        assert!(!budget.try_charge(41));
        assert_eq!(budget.used(), 60);
        assert!(budget.try_charge(40));
        assert!(!budget.try_charge(usize::MAX));
        budget.release(usize::MAX);
        assert_eq!(budget.used(), 0);
    }

    #[test]
    fn reply_caps_are_a_fair_share_within_bounds() {
        assert_eq!(MemoryBudget::new(256 << 20, 16).reply_cap(), 16 << 20);
        assert_eq!(MemoryBudget::new(256 << 20, 0).reply_cap(), 256 << 20);
        assert_eq!(MemoryBudget::new(8 << 20, 1000).reply_cap(), MIN_REPLY_CAP);
        assert_eq!(MemoryBudget::new(1000, 4).reply_cap(), 1000);
    }
}
