//! The simulator's clock: the real UTC clock plus an offset tests can move,
//! and ISO 8601 spelling of its instants (JNAP's `2023-07-25T07:27:06Z`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

/// `2024-01-30T02:46:08Z` for `t` (whole seconds, UTC).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use routerctl_linksys::sim::clock::iso8601;
/// assert_eq!(iso8601(UNIX_EPOCH + Duration::from_secs(1_706_582_768)), "2024-01-30T02:46:08Z");
/// ```
pub fn iso8601(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (the well-known era/day-of-era arithmetic).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates_spell_right() {
        assert_eq!(iso8601(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(
            iso8601(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            iso8601(UNIX_EPOCH + Duration::from_secs(1_690_270_026)),
            "2023-07-25T07:27:06Z"
        );
    }

    #[test]
    fn the_clock_moves_forward_only() {
        let mut c = SimClock::default();
        let before = c.now();
        c.advance(Duration::from_secs(3600));
        assert!(seconds_between(before, c.now()) >= 3600);
        assert_eq!(seconds_between(c.now(), before), 0);
    }
}
