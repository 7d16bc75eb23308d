//! The simulator's clock: the real UTC clock plus an offset tests can move,
//! and ISO 8601 spelling of its instants (JNAP's `2023-07-25T07:27:06Z`).

use std::time::{Duration, SystemTime};

pub use crate::timefmt::iso8601;

/// Real time plus an adjustable offset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SimClock {
    offset: Duration,
}

impl SimClock {
    /// Now, as the simulated router sees it.
    pub fn now(&self) -> SystemTime {
        SystemTime::now() + self.offset
    }

    /// Move simulated time forward.
    pub fn advance(&mut self, by: Duration) {
        self.offset = self.offset.saturating_add(by);
    }
}

/// Seconds from `earlier` to `later`, 0 when `later` is not later.
pub fn seconds_between(earlier: SystemTime, later: SystemTime) -> u64 {
    later
        .duration_since(earlier)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_moves_forward_only() {
        let mut c = SimClock::default();
        let before = c.now();
        c.advance(Duration::from_secs(3600));
        assert!(seconds_between(before, c.now()) >= 3600);
        assert_eq!(seconds_between(c.now(), before), 0);
    }
}
