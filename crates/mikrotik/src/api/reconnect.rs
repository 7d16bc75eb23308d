//! When and how often a client whose connection died connects again
//! (opt-in, [`ReconnectPolicy`]).
//!
//! Long-running users (`watch`, an exporter, fleet runs with retries) keep
//! one [`ApiClient`](super::ApiClient) for hours; a router reboot or a
//! dropped route would otherwise leave it failing every call for ever.
//! With a policy, the next call after the connection ended connects and
//! logs in again, waiting an exponentially growing, jittered delay between
//! failed attempts so a fleet of clients does not hammer a router that is
//! coming back up all in the same instant. Streams opened on the old
//! connection are not resumed: they end with a `disconnected` error (a
//! `listen` cannot be resumed without missing what happened meanwhile), and
//! the caller opens them again.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How a client connects again after its connection ended.
///
/// ```
/// use std::time::Duration;
/// use routerctl_mikrotik::api::ReconnectPolicy;
/// let policy = ReconnectPolicy {
///     max_attempts: 5,
///     ..ReconnectPolicy::default()
/// };
/// // Attempt 0 goes at once; later ones wait up to twice as long each time.
/// assert_eq!(policy.delay_before(0), Duration::ZERO);
/// assert!(policy.delay_before(3) <= Duration::from_secs(2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReconnectPolicy {
    /// Attempts per call that finds the connection dead (at least one is
    /// made); after the last failure the call fails with its error.
    pub max_attempts: u32,
    /// Delay before the second attempt; doubled for each further one.
    pub initial_backoff: Duration,
    /// The delay never grows past this.
    pub max_backoff: Duration,
    /// Fraction (0.0 to 1.0) of each delay that is random: a delay `d`
    /// becomes a value in `[d * (1 - jitter), d]`.
    pub jitter: f64,
}

impl Default for ReconnectPolicy {
    /// 4 attempts, 250 ms doubling up to 30 s, half of it jitter.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(30),
            jitter: 0.5,
        }
    }
}

impl ReconnectPolicy {
    /// How long to wait before attempt `attempt` (counted from 0).
    pub fn delay_before(&self, attempt: u32) -> Duration {
        if attempt == 0 {
            return Duration::ZERO;
        }
        let factor = 2u32.saturating_pow(attempt - 1);
        let full = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let jitter = if self.jitter.is_finite() {
            self.jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        full.mul_f64(1.0 - jitter * random_unit())
    }
}

/// A number in `[0, 1)`, different on every call: good enough to spread
/// retries (not for anything secret). Seeded by the process's random hash
/// keys, so there is no extra dependency.
fn random_unit() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap_and_jitter_only_shortens() {
        let policy = ReconnectPolicy {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            jitter: 0.5,
        };
        for _ in 0..50 {
            let d1 = policy.delay_before(1);
            assert!(d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100));
            let d3 = policy.delay_before(3);
            assert!(d3 >= Duration::from_millis(200) && d3 <= Duration::from_millis(400));
            let d9 = policy.delay_before(9);
            assert!(d9 >= Duration::from_millis(500) && d9 <= Duration::from_secs(1));
        }
        assert!(policy.delay_before(u32::MAX) <= Duration::from_secs(1));
    }

    #[test]
    fn jitter_spreads_the_delays() {
        let policy = ReconnectPolicy::default();
        let delays: std::collections::HashSet<_> =
            (0..20).map(|_| policy.delay_before(2)).collect();
        assert!(delays.len() > 1, "every client would retry in lockstep");
    }

    #[test]
    fn no_jitter_means_exact_delays() {
        let policy = ReconnectPolicy {
            jitter: f64::NAN,
            ..ReconnectPolicy::default()
        };
        assert_eq!(policy.delay_before(2), Duration::from_millis(500));
    }
}
