//! The device clock and the deterministic "randomness" the simulated
//! values are drawn from: leaf types that the state, the live values and
//! the seed share.

/// The device time at one instant.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    /// Seconds on the device's own time line (boot of the seed is 0).
    pub now: f64,
    /// Wall-clock Unix time in seconds.
    pub unix: i64,
}

impl Clock {
    /// Wall-clock Unix time of device time `t`.
    pub fn unix_at(&self, t: f64) -> i64 {
        self.unix - (self.now - t).max(0.0) as i64
    }
}

/// splitmix64: a cheap, well-mixed hash for deterministic "randomness".
pub fn mix(seed: u64, salt: u64) -> u64 {
    let mut z = seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A value in `0.0..1.0` from the seed and a salt.
pub fn unit(seed: u64, salt: u64) -> f64 {
    (mix(seed, salt) >> 11) as f64 / (1u64 << 53) as f64
}

/// Baseline of a traffic counter set (interface or firewall rule): the
/// counters at device time `since`, and whether they grow from there.
#[derive(Debug, Clone, Copy, Default)]
pub struct CounterState {
    /// Counter values at `since`, in the order of [`interface_counters`](super::live::interface_counters)
    /// (rx/tx bytes, packets, drops, errors).
    pub base: [u64; 8],
    /// Device time in seconds when the baseline was taken.
    pub since: f64,
    /// False while the interface is down or disabled: counters stay at `base`.
    pub active: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix_spreads() {
        assert_ne!(mix(1, 1), mix(1, 2));
        assert_ne!(mix(1, 1), mix(2, 1));
        let u = unit(5, 9);
        assert!((0.0..1.0).contains(&u));
    }
}
