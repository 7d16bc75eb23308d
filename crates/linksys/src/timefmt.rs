//! ISO 8601 UTC timestamps as JNAP spells them (`2023-07-25T07:27:06Z`),
//! written by the simulator and read by the driver (lease expiry).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `2024-01-30T02:46:08Z` for `t` (whole seconds, UTC).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use routerctl_linksys::timefmt::iso8601;
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

/// Read `2024-01-30T02:46:08Z` (a `Z` or `+00:00` suffix, optional
/// fractional seconds); `None` for anything else.
///
/// ```
/// use routerctl_linksys::timefmt::{iso8601, parse_iso8601};
/// let t = parse_iso8601("2024-01-30T02:46:08Z").unwrap();
/// assert_eq!(iso8601(t), "2024-01-30T02:46:08Z");
/// assert!(parse_iso8601("yesterday").is_none());
/// ```
pub fn parse_iso8601(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let text = text
        .strip_suffix('Z')
        .or_else(|| text.strip_suffix("+00:00"))?;
    let (date, time) = text.split_once('T')?;
    let mut d = date.splitn(3, '-');
    let y: i64 = d.next()?.parse().ok()?;
    let m: u32 = d.next()?.parse().ok()?;
    let day: u32 = d.next()?.parse().ok()?;
    let time = time.split('.').next()?;
    let mut t = time.splitn(3, ':');
    let hh: u64 = t.next()?.parse().ok()?;
    let mm: u64 = t.next()?.parse().ok()?;
    let ss: u64 = t.next()?.parse().ok()?;
    // Four-digit years only: the arithmetic below (and `SystemTime`)
    // overflows on the years a broken or hostile router may send.
    if !(0..=9999).contains(&y)
        || !(1..=12).contains(&m)
        || !(1..=31).contains(&day)
        || hh > 23
        || mm > 59
        || ss > 60
    {
        return None;
    }
    let days = days_from_civil(y, m, day);
    let secs = u64::try_from(days)
        .ok()?
        .checked_mul(86_400)?
        .checked_add(hh * 3600 + mm * 60 + ss)?;
    UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

/// (year, month, day) to days since 1970-01-01 (inverse of
/// `civil_from_days`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
    fn parsing_inverts_formatting() {
        for secs in [0u64, 951_782_400, 1_690_270_026, 4_102_444_799] {
            let t = UNIX_EPOCH + Duration::from_secs(secs);
            assert_eq!(parse_iso8601(&iso8601(t)), Some(t));
        }
        assert!(parse_iso8601("2024-13-01T00:00:00Z").is_none());
        assert!(parse_iso8601("2024-01-01 00:00:00").is_none());
    }

    #[test]
    fn absurd_years_are_refused_not_a_panic() {
        for text in [
            "9223372036854775807-03-01T00:00:00Z",
            "-9223372036854775808-01-01T00:00:00Z",
            "400000000000-01-01T00:00:00Z",
            "10000-01-01T00:00:00Z",
        ] {
            assert!(parse_iso8601(text).is_none(), "{text}");
        }
        assert!(parse_iso8601("9999-12-31T23:59:59Z").is_some());
    }
}
