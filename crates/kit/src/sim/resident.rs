//! A process-wide budget of built device states, for simulators that
//! build their state lazily and may drop it while idle (`evict-idle`).
//!
//! Dropping an idle device's state after every connection keeps a fleet of
//! 10,000 small, but rebuilding it from the seed on the next connection
//! costs CPU — more than the client it serves, for a fleet queried again
//! and again. So an idle device drops its state only while more states are
//! built than the budget allows: a fleet whose reached routers fit in the
//! budget never rebuilds, a larger one stays bounded. The budget is 0 (drop
//! whenever idle) until [`set_budget`] says otherwise; `sim fleet` sets it.
//!
//! Each built state carries a [`Resident`] token; the count is of live
//! tokens, so a device dropped with its state counts down too.
//!
//! ```
//! use routerctl_kit::sim::resident::{self, Resident};
//! let token = Resident::new();
//! assert!(resident::over_budget(), "the default budget is 0");
//! drop(token);
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};

/// Built states now (live [`Resident`] tokens).
static BUILT: AtomicUsize = AtomicUsize::new(0);
/// States kept while idle before idle ones are dropped.
static BUDGET: AtomicUsize = AtomicUsize::new(0);

/// Marks one built device state; dropping it counts the state as gone.
#[derive(Debug)]
pub struct Resident(());

impl Resident {
    /// Count a state as built (keep the token beside it).
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        BUILT.fetch_add(1, Ordering::Relaxed);
        Resident(())
    }
}

impl Drop for Resident {
    fn drop(&mut self) {
        BUILT.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Keep up to `states` built states while idle (process-wide).
///
/// ```
/// use routerctl_kit::sim::resident::{self, Resident};
/// resident::set_budget(1);
/// let first = Resident::new();
/// assert!(!resident::over_budget(), "one state fits");
/// let second = Resident::new();
/// assert!(resident::over_budget(), "two do not: idle ones go");
/// drop(second);
/// assert!(!resident::over_budget());
/// # drop(first);
/// ```
pub fn set_budget(states: usize) {
    BUDGET.store(states, Ordering::Relaxed);
}

/// Whether more states are built than the budget allows: an idle device
/// set to evict should drop its state now.
pub fn over_budget() -> bool {
    BUILT.load(Ordering::Relaxed) > BUDGET.load(Ordering::Relaxed)
}

/// Built states now.
pub fn built() -> usize {
    BUILT.load(Ordering::Relaxed)
}
