//! How long to wait before reconnecting to a router that failed: doubled
//! per failure up to a cap, with jitter so that a fleet that went away
//! together (a site outage) does not come back in lockstep.

use std::time::Duration;

/// Exponential backoff with "equal jitter": the wait after the `n`th
/// failure in a row is half of `min(first * 2^(n-1), max)` plus a random
/// share of the other half.
///
/// ```
/// use std::time::Duration;
/// use routerctl_exporter::backoff::Backoff;
/// let b = Backoff { first: Duration::from_secs(1), max: Duration::from_secs(60) };
/// assert_eq!(b.delay(1, 1.0), Duration::from_secs(1));
/// assert_eq!(b.delay(3, 0.0), Duration::from_secs(2));
/// assert_eq!(b.delay(30, 1.0), Duration::from_secs(60));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The longest wait after the first failure.
    pub first: Duration,
    /// The longest wait ever.
    pub max: Duration,
}

impl Default for Backoff {
    /// 1 s after the first failure, at most 2 minutes.
    fn default() -> Self {
        Self {
            first: Duration::from_secs(1),
            max: Duration::from_secs(120),
        }
    }
}

impl Backoff {
    /// The wait after `failures` failures in a row (0 waits nothing);
    /// `jitter` in `0.0..=1.0` picks where in the upper half it falls
    /// (out-of-range values are clamped).
    pub fn delay(&self, failures: u32, jitter: f64) -> Duration {
        if failures == 0 {
            return Duration::ZERO;
        }
        let doublings = (failures - 1).min(31);
        let ceiling = self
            .first
            .checked_mul(1u32 << doublings)
            .unwrap_or(self.max)
            .min(self.max);
        let half = ceiling / 2;
        half + half.mul_f64(jitter.clamp(0.0, 1.0))
    }

    /// [`Backoff::delay`] with a random jitter.
    pub fn delay_jittered(&self, failures: u32) -> Duration {
        self.delay(failures, rand::random::<f64>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: Backoff = Backoff {
        first: Duration::from_millis(100),
        max: Duration::from_secs(10),
    };

    #[test]
    fn doubles_per_failure_until_the_cap() {
        let upper: Vec<u128> = (1..=9).map(|n| B.delay(n, 1.0).as_millis()).collect();
        assert_eq!(upper, [100, 200, 400, 800, 1600, 3200, 6400, 10000, 10000]);
    }

    #[test]
    fn jitter_stays_in_the_upper_half() {
        for n in 1..40 {
            let low = B.delay(n, 0.0);
            let high = B.delay(n, 1.0);
            assert_eq!(low * 2, high, "failure {n}");
            for _ in 0..20 {
                let d = B.delay_jittered(n);
                assert!(d >= low && d <= high, "{d:?} not in {low:?}..={high:?}");
            }
        }
        assert_eq!(B.delay(3, -5.0), B.delay(3, 0.0));
        assert_eq!(B.delay(3, 7.0), B.delay(3, 1.0));
    }

    #[test]
    fn no_failure_no_wait_and_huge_counts_do_not_overflow() {
        assert_eq!(B.delay(0, 1.0), Duration::ZERO);
        assert_eq!(B.delay(u32::MAX, 1.0), B.max);
    }
}
