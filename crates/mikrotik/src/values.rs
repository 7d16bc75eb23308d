//! Typed readings of RouterOS values (opt-in).
//!
//! Both APIs hand out every value as a string (`"true"`, `"1d7h44m20s"`,
//! `"1073741824"`). The client keeps them that way so nothing is lost; these
//! functions turn one into a number, a boolean or a [`Duration`] when a
//! caller (the driver, a script) wants that, and are shared by the binary
//! API and the REST client.
//!
//! Every parser is strict: it accepts exactly one documented spelling and
//! returns `None` for anything else. A PIN-like `"0000"`, `"+5"`, `" 5"` or
//! `"5 "` is not a number; `"never"` is not a duration. Guessing would turn a
//! surprising router reply into a silently wrong figure.
//!
//! ```
//! use std::time::Duration;
//! use routerctl_mikrotik::values::{parse_bool, parse_duration, parse_u64};
//! assert_eq!(parse_duration("1d7h44m20s"), Some(Duration::from_secs(114_260)));
//! assert_eq!(parse_bool("yes"), Some(true));
//! assert_eq!(parse_u64("0000"), None);
//! ```

use std::time::Duration;

use crate::api::view::ReplyView;
use crate::record::Attributes;

/// `true`/`yes` → `true`, `false`/`no` → `false` (modern replies say
/// `true`/`false`; the old manual and 6.x configs say `yes`/`no`).
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "yes" => Some(true),
        "false" | "no" => Some(false),
        _ => None,
    }
}

/// Decimal digits with no sign, no spaces and no leading zero (except `0`
/// itself). Returns `None` for an empty string.
fn canonical_digits(s: &str) -> Option<&str> {
    let ok =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    ok.then_some(s)
}

/// An unsigned decimal integer in canonical form (`"0"`, `"1500"`).
pub fn parse_u64(s: &str) -> Option<u64> {
    canonical_digits(s)?.parse().ok()
}

/// A signed decimal integer in canonical form (`"-67"`, `"0"`, `"12"`);
/// `"-0"` and `"+1"` are refused.
pub fn parse_i64(s: &str) -> Option<i64> {
    match s.strip_prefix('-') {
        Some(rest) if rest != "0" => canonical_digits(rest)?
            .parse::<u64>()
            .ok()
            .and_then(|v| 0i64.checked_sub_unsigned(v)),
        Some(_) => None,
        None => canonical_digits(s)?.parse().ok(),
    }
}

/// A byte count.
///
/// The API sends plain decimal bytes (`"1073741824"`). The console (and
/// some older replies) add units: decimal `k`/`K`, `M`, `G`, `T` (×1000,
/// as in queue limits like `25M`) and binary `KiB`, `MiB`, `GiB`, `TiB`
/// (×1024, as in `free-memory: 988.3MiB`). A binary size may carry a
/// fraction; console figures are rounded, so the result is the nearest
/// whole byte.
///
/// ```
/// use routerctl_mikrotik::values::parse_bytes;
/// assert_eq!(parse_bytes("1073741824"), Some(1_073_741_824));
/// assert_eq!(parse_bytes("25M"), Some(25_000_000));
/// assert_eq!(parse_bytes("1.5KiB"), Some(1536));
/// assert_eq!(parse_bytes("12 MiB"), None);
/// ```
pub fn parse_bytes(s: &str) -> Option<u64> {
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let factor: u64 = match unit {
        "" => 1,
        "k" | "K" => 1000,
        "M" => 1000u64.pow(2),
        "G" => 1000u64.pow(3),
        "T" => 1000u64.pow(4),
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        "TiB" => 1 << 40,
        _ => return None,
    };
    match number.split_once('.') {
        None => parse_u64(number)?.checked_mul(factor),
        Some((int, frac)) => {
            if !unit.ends_with("iB") {
                return None;
            }
            scaled_fraction(int, frac, factor)
        }
    }
}

/// `int.frac × factor`, rounded to the nearest integer, without floats.
fn scaled_fraction(int: &str, frac: &str, factor: u64) -> Option<u64> {
    let whole = parse_u64(int)?.checked_mul(factor)?;
    if frac.is_empty() || frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let denom = 10u128.pow(frac.len() as u32);
    let numer: u128 = frac.parse::<u128>().ok()? * u128::from(factor);
    let part = (numer + denom / 2) / denom;
    whole.checked_add(u64::try_from(part).ok()?)
}

/// A bit rate such as an ethernet `rate` (`"1Gbps"`, `"100Mbps"`,
/// `"2.5Gbps"`), in bits per second. Units: `bps`, `kbps`, `Mbps`, `Gbps`,
/// `Tbps` (decimal).
///
/// ```
/// use routerctl_mikrotik::values::parse_bit_rate;
/// assert_eq!(parse_bit_rate("2.5Gbps"), Some(2_500_000_000));
/// assert_eq!(parse_bit_rate("fast"), None);
/// ```
pub fn parse_bit_rate(s: &str) -> Option<u64> {
    let number = s.strip_suffix("bps")?;
    let (number, factor) = match number.as_bytes().last()? {
        b'k' => (&number[..number.len() - 1], 1000u64),
        b'M' => (&number[..number.len() - 1], 1000u64.pow(2)),
        b'G' => (&number[..number.len() - 1], 1000u64.pow(3)),
        b'T' => (&number[..number.len() - 1], 1000u64.pow(4)),
        _ => (number, 1),
    };
    match number.split_once('.') {
        None => parse_u64(number)?.checked_mul(factor),
        Some((int, frac)) => {
            let v = scaled_fraction(int, frac, factor)?;
            // "1.5bps" is not a whole number of bits.
            (factor > 1).then_some(v)
        }
    }
}

/// Nanoseconds per unit, in the only order RouterOS prints them.
const UNITS: [(&str, u128); 8] = [
    ("w", 7 * 86_400 * 1_000_000_000),
    ("d", 86_400 * 1_000_000_000),
    ("h", 3_600 * 1_000_000_000),
    ("m", 60 * 1_000_000_000),
    ("s", 1_000_000_000),
    ("ms", 1_000_000),
    ("us", 1_000),
    ("ns", 1),
];

/// A RouterOS time interval.
///
/// Two spellings are accepted:
/// - units, largest first, each at most once: `1w2d3h4m5s`, `59m34s`,
///   `453us`, `10ms`, `1s500ms`, `0s` (what the API and REST send);
/// - the console's clock form with optional week/day prefix and fraction:
///   `00:05:00`, `2d11:00:12`, `02:24:01.200` (older consoles print times
///   this way; hours 00–23, minutes and seconds 00–59).
///
/// Anything else (`never`, `5`, `1h1h`, `3m2h`, `1.5s`) is `None`.
pub fn parse_duration(s: &str) -> Option<Duration> {
    // Every valid spelling is ASCII; this also keeps byte slicing below on
    // character boundaries.
    if !s.is_ascii() {
        return None;
    }
    if s.contains(':') {
        return parse_clock_duration(s);
    }
    let nanos = parse_unit_components(s, 0)?;
    if nanos.1 == 0 {
        return None; // no component at all
    }
    nanos_to_duration(nanos.0)
}

/// Parse `<digits><unit>` components in descending unit order starting at
/// `UNITS[first..]`. Returns the total and the number of components.
fn parse_unit_components(mut s: &str, first: usize) -> Option<(u128, usize)> {
    let mut total: u128 = 0;
    let mut count = 0;
    let mut next_unit = first;
    while !s.is_empty() {
        let digits_end = s.find(|c: char| !c.is_ascii_digit())?;
        let (digits, rest) = s.split_at(digits_end);
        let value: u128 = canonical_digits(digits)?.parse().ok()?;
        // The longest unit name that matches at this point ("ms" before "m").
        let (idx, unit) = UNITS
            .iter()
            .enumerate()
            .skip(next_unit)
            .filter(|(_, (name, _))| rest.starts_with(name))
            .max_by_key(|(_, (name, _))| name.len())?;
        let after = &rest[unit.0.len()..];
        total = total.checked_add(value.checked_mul(unit.1)?)?;
        count += 1;
        next_unit = idx + 1;
        s = after;
    }
    Some((total, count))
}

fn parse_clock_duration(s: &str) -> Option<Duration> {
    let colon = s.find(':')?;
    // The prefix ends with the hour digits: everything before the last run
    // of digits in front of the first colon.
    let hour_start = s[..colon]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let (prefix, clock) = s.split_at(hour_start);
    let prefix_nanos = if prefix.is_empty() {
        0
    } else {
        // Only weeks and days may precede the clock.
        let (n, count) = parse_unit_components(prefix, 0)?;
        if count == 0 || prefix.ends_with(['h', 'm', 's']) {
            return None;
        }
        n
    };
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    let mut parts = hms.split(':');
    let (h, m, sec) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let two = |p: &str, max: u128| -> Option<u128> {
        (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u128>().ok())
            .flatten()
            .filter(|v| *v <= max)
    };
    let secs = two(h, 23)? * 3600 + two(m, 59)? * 60 + two(sec, 59)?;
    let frac_nanos = match fraction {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            f.parse::<u128>().ok()? * 10u128.pow(9 - f.len() as u32)
        }
        Some(_) => return None,
    };
    nanos_to_duration(prefix_nanos.checked_add(secs * 1_000_000_000 + frac_nanos)?)
}

fn nanos_to_duration(n: u128) -> Option<Duration> {
    let secs = u64::try_from(n / 1_000_000_000).ok()?;
    Some(Duration::new(secs, (n % 1_000_000_000) as u32))
}

/// A RouterOS time interval in whole seconds (sub-second parts dropped).
pub fn parse_duration_secs(s: &str) -> Option<u64> {
    parse_duration(s).map(|d| d.as_secs())
}

/// Spell a duration the way RouterOS does: `1w2d3h4m5s`, `453us`, `0s`.
/// [`parse_duration`] reads it back exactly.
pub fn format_duration(d: Duration) -> String {
    let mut rest = d.as_nanos();
    if rest == 0 {
        return "0s".to_string();
    }
    let mut out = String::new();
    for (name, size) in UNITS {
        let n = rest / size;
        if n > 0 {
            out.push_str(&n.to_string());
            out.push_str(name);
            rest -= n * size;
        }
    }
    out
}

/// Typed getters on reply attributes. Every getter returns `None` when the
/// attribute is absent or not exactly in the expected format.
///
/// ```
/// use routerctl_mikrotik::record::Attributes;
/// use routerctl_mikrotik::values::TypedAttributes;
/// let a: Attributes = [("running", "true"), ("mtu", "1500"), ("uptime", "1h12m40s")].into_iter().collect();
/// assert_eq!(a.bool("running"), Some(true));
/// assert_eq!(a.u64("mtu"), Some(1500));
/// assert_eq!(a.duration_secs("uptime"), Some(4360));
/// assert_eq!(a.text("missing"), None);
/// ```
pub trait TypedAttributes {
    /// The raw value as UTF-8 text, if it is valid UTF-8.
    fn utf8(&self, name: &str) -> Option<&str>;
    /// The value as text, invalid UTF-8 replaced (for display fields such
    /// as comments and host names, which routers store in any code page).
    fn text(&self, name: &str) -> Option<String>;
    /// Like [`text`](Self::text) but an empty value counts as absent.
    fn non_empty_text(&self, name: &str) -> Option<String> {
        self.text(name).filter(|s| !s.is_empty())
    }
    /// The value as a boolean ([`parse_bool`]: `true`/`yes`, `false`/`no`).
    fn bool(&self, name: &str) -> Option<bool> {
        self.utf8(name).and_then(parse_bool)
    }
    /// The value as an unsigned decimal integer ([`parse_u64`]).
    fn u64(&self, name: &str) -> Option<u64> {
        self.utf8(name).and_then(parse_u64)
    }
    /// The value as a signed decimal integer ([`parse_i64`]), e.g. a signal in dBm.
    fn i64(&self, name: &str) -> Option<i64> {
        self.utf8(name).and_then(parse_i64)
    }
    /// The value as a byte count, accepting unit suffixes like `25M`, `1.5KiB` ([`parse_bytes`]).
    fn bytes_size(&self, name: &str) -> Option<u64> {
        self.utf8(name).and_then(parse_bytes)
    }
    /// The value as a RouterOS time interval (`1d2h`, `00:05:00`; [`parse_duration`]).
    fn duration(&self, name: &str) -> Option<Duration> {
        self.utf8(name).and_then(parse_duration)
    }
    /// The value as a time interval in whole seconds ([`parse_duration_secs`]).
    fn duration_secs(&self, name: &str) -> Option<u64> {
        self.utf8(name).and_then(parse_duration_secs)
    }
}

impl TypedAttributes for Attributes {
    fn utf8(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|v| std::str::from_utf8(v).ok())
    }
    fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(decode_display_text)
    }
}

/// A borrowed reply row reads the same way as an owned one, so a mapping
/// written against [`TypedAttributes`] (the driver's) turns rows straight
/// from the read buffer into typed values, building no [`Attributes`].
///
/// ```
/// use routerctl_mikrotik::api::proto::{encode_sentence, Limits};
/// use routerctl_mikrotik::api::view::FrameDecoder;
/// use routerctl_mikrotik::values::TypedAttributes;
/// let mut buf = bytes::BytesMut::new();
/// encode_sentence(["!re", "=mtu=1500", "=running=true"], &mut buf);
/// let mut frames = FrameDecoder::new(Limits::default());
/// let row = frames.decode(&buf).unwrap().unwrap().reply().unwrap();
/// assert_eq!((row.u64("mtu"), row.bool("running")), (Some(1500), Some(true)));
/// ```
impl TypedAttributes for ReplyView<'_> {
    fn utf8(&self, name: &str) -> Option<&str> {
        self.get_str(name)
    }
    fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(decode_display_text)
    }
}

/// Bytes of a display field as text. RouterOS stores whatever the writer
/// sent: tools send UTF-8, Winbox sends the Windows code page. Valid UTF-8
/// is taken as is; anything else is read as ISO-8859-1, which turns the
/// common Western case (`caf\xE9`) into `café` instead of a replacement
/// character. C1 control bytes (0x80-0x9F) have no printable Latin-1 form
/// and become U+FFFD. The untouched bytes stay available through raw calls.
///
/// ```
/// use routerctl_mikrotik::values::decode_display_text;
/// assert_eq!(decode_display_text(b"caf\xE9-pc"), "café-pc");
/// assert_eq!(decode_display_text("日本".as_bytes()), "日本");
/// ```
pub fn decode_display_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => char::REPLACEMENT_CHARACTER,
                _ => char::from(b),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn booleans() {
        assert_eq!(parse_bool("true"), Some(true));
        assert_eq!(parse_bool("no"), Some(false));
        for bad in ["True", "1", "", "yes ", "on"] {
            assert_eq!(parse_bool(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn integers_are_strict() {
        assert_eq!(parse_u64("0"), Some(0));
        assert_eq!(parse_u64("18446744073709551615"), Some(u64::MAX));
        for bad in [
            "",
            "0000",
            "01",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1e3",
            "18446744073709551616",
        ] {
            assert_eq!(parse_u64(bad), None, "{bad:?}");
        }
        assert_eq!(parse_i64("-67"), Some(-67));
        assert_eq!(parse_i64("-9223372036854775808"), Some(i64::MIN));
        for bad in ["-0", "--1", "-", "-07", "+3", "9223372036854775808"] {
            assert_eq!(parse_i64(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn byte_sizes() {
        assert_eq!(parse_bytes("687116288"), Some(687_116_288));
        assert_eq!(parse_bytes("25M"), Some(25_000_000));
        assert_eq!(parse_bytes("10k"), Some(10_000));
        assert_eq!(parse_bytes("1GiB"), Some(1 << 30));
        assert_eq!(parse_bytes("988.3MiB"), Some(1_036_307_661));
        for bad in [
            "", "MiB", "1.5M", "1.MiB", "1 MiB", "0001", "1XB", "1.2.3KiB",
        ] {
            assert_eq!(parse_bytes(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn bit_rates() {
        assert_eq!(parse_bit_rate("1Gbps"), Some(1_000_000_000));
        assert_eq!(parse_bit_rate("100Mbps"), Some(100_000_000));
        assert_eq!(parse_bit_rate("10Mbps"), Some(10_000_000));
        assert_eq!(parse_bit_rate("0bps"), Some(0));
        for bad in ["1G", "Gbps", "1.5bps", "1 Gbps", "1gbps"] {
            assert_eq!(parse_bit_rate(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn unit_durations_from_captures() {
        let s = Duration::from_secs;
        assert_eq!(
            parse_duration("1d7h44m20s"),
            Some(s(86_400 + 7 * 3600 + 44 * 60 + 20))
        );
        assert_eq!(parse_duration("59m34s"), Some(s(3574)));
        assert_eq!(parse_duration("1h12m40s"), Some(s(4360)));
        assert_eq!(parse_duration("3h28m52s"), Some(s(12_532)));
        assert_eq!(
            parse_duration("1w2d3h4m5s"),
            Some(s(9 * 86_400 + 3 * 3600 + 245))
        );
        assert_eq!(parse_duration("453us"), Some(Duration::from_micros(453)));
        assert_eq!(parse_duration("10ms"), Some(Duration::from_millis(10)));
        assert_eq!(parse_duration("1s500ms"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("0s"), Some(Duration::ZERO));
        assert_eq!(parse_duration("4w2d"), Some(s(30 * 86_400)));
    }

    #[test]
    fn clock_durations() {
        let s = Duration::from_secs;
        assert_eq!(parse_duration("00:05:00"), Some(s(300)));
        assert_eq!(
            parse_duration("2d11:00:12"),
            Some(s(2 * 86_400 + 11 * 3600 + 12))
        );
        assert_eq!(parse_duration("1w00:00:01"), Some(s(7 * 86_400 + 1)));
        assert_eq!(
            parse_duration("02:24:01.200"),
            Some(Duration::from_millis((2 * 3600 + 24 * 60 + 1) * 1000 + 200))
        );
        for bad in [
            "5:00",
            "24:00:00",
            "00:60:00",
            "1h00:00:00",
            "00:00:00.",
            "0:00:00",
            "00:00:00:00",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn malformed_durations() {
        for bad in [
            "",
            "never",
            "5",
            "1h1h",
            "3m2h",
            "1.5s",
            "01s",
            "1x",
            "s",
            "1 s",
            "-1s",
            "1ms5s",
            "1msx",
            "99999999999999999999999999999999999999w",
            "\u{9bc}:",
            "1d\u{e9}00:00:00",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn format_examples() {
        assert_eq!(format_duration(Duration::ZERO), "0s");
        assert_eq!(format_duration(Duration::from_secs(114_260)), "1d7h44m20s");
        assert_eq!(format_duration(Duration::from_micros(453)), "453us");
        assert_eq!(format_duration(Duration::from_secs(8 * 86_400)), "1w1d");
    }

    proptest! {
        #[test]
        fn duration_round_trips(secs in any::<u64>(), nanos in 0u32..1_000_000_000) {
            let d = Duration::new(secs, nanos);
            prop_assert_eq!(parse_duration(&format_duration(d)), Some(d));
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,24}") {
            let _ = parse_duration(&s);
            let _ = parse_bytes(&s);
            let _ = parse_bit_rate(&s);
            let _ = parse_i64(&s);
        }

        #[test]
        fn canonical_integers_round_trip(v in any::<u64>(), i in any::<i64>()) {
            prop_assert_eq!(parse_u64(&v.to_string()), Some(v));
            prop_assert_eq!(parse_i64(&i.to_string()), Some(i));
        }
    }
}
