//! Durations as people write them in inventories and on the command line:
//! plain seconds (`10`, `2.5`) or a number with a unit (`500ms`, `10s`,
//! `1m`, `1h`).

use std::fmt;
use std::time::Duration;

/// Longest accepted timeout; anything longer is almost certainly a typo and
/// would make a fleet run look hung.
pub const MAX: Duration = Duration::from_secs(24 * 60 * 60);

/// Parse a duration string.
///
/// ```ignore
/// assert_eq!(parse("500ms"), Ok(Duration::from_millis(500)));
/// ```
pub fn parse(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let scale = match unit.trim() {
        "" | "s" | "sec" | "secs" => 1.0,
        "ms" => 0.001,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        _ => return Err(invalid(text)),
    };
    let value: f64 = number.parse().map_err(|_| invalid(text))?;
    from_secs(value * scale).ok_or_else(|| invalid(text))
}

/// Seconds as a `Duration`, when positive, finite and at most [`MAX`].
pub fn from_secs(secs: f64) -> Option<Duration> {
    if !(secs.is_finite() && secs > 0.0) {
        return None;
    }
    Duration::try_from_secs_f64(secs)
        .ok()
        .filter(|d| *d <= MAX && !d.is_zero())
}

fn invalid(text: &str) -> String {
    format!(
        "invalid duration {text:?}: expected seconds (10, 2.5) or a number with a unit \
         (500ms, 10s, 1m, 1h), more than 0 and at most 24h"
    )
}

/// serde helper: a duration written as a number of seconds or a string.
pub fn deserialize<'de, D>(deserializer: D) -> Result<Duration, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = Duration;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("seconds (a number) or a duration string like \"10s\" or \"500ms\"")
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Duration, E> {
            self.visit_f64(v as f64)
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Duration, E> {
            self.visit_f64(v as f64)
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Duration, E> {
            from_secs(v).ok_or_else(|| E::custom(invalid(&v.to_string())))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Duration, E> {
            parse(v).map_err(E::custom)
        }
    }
    deserializer.deserialize_any(Visitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_common_spellings() {
        assert_eq!(parse("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse("1m"), Ok(Duration::from_secs(60)));
        assert_eq!(parse(" 2h "), Ok(Duration::from_secs(7200)));
    }

    #[test]
    fn rejects_nonsense_zero_and_huge() {
        for bad in [
            "", "s", "-1", "0", "0ms", "10x", "1e400", "25h", "NaN", "1.2.3s",
        ] {
            let err = parse(bad).unwrap_err();
            assert!(err.contains("invalid duration"), "{bad}: {err}");
        }
    }
}
