//! Checking and normalising property values, in RouterOS's own words.
//!
//! Values are bytes; only kinds with a syntax (numbers, addresses,
//! durations) are read as text. A failed check yields the trap text the
//! router prints, so both front ends report the same message.

use std::net::Ipv4Addr;

use bytes::Bytes;

use super::schema::Kind;

/// Why a value was refused: a trap message and its category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The trap `=message=` text, as the router words it.
    pub message: String,
    /// The trap `=category=` (1 for argument value failures); `None` for none.
    pub category: Option<u8>,
}

impl Refused {
    /// A refusal with this message and category.
    pub fn new(message: impl Into<String>, category: Option<u8>) -> Self {
        Self {
            message: message.into(),
            category,
        }
    }
    /// `input does not match any value of NAME` (category 1): an enum word
    /// or a reference that does not exist.
    pub fn no_match(name: &str) -> Self {
        Self::new(format!("input does not match any value of {name}"), Some(1))
    }
    /// `invalid value for argument NAME` (category 1): a malformed value.
    pub fn invalid(name: &str) -> Self {
        Self::new(format!("invalid value for argument {name}"), Some(1))
    }
}

/// Read `yes`/`no`/`true`/`false` (the client's [`crate::values::parse_bool`]
/// on bytes, so both sides agree on the spellings).
pub fn parse_bool(v: &[u8]) -> Option<bool> {
    std::str::from_utf8(v)
        .ok()
        .and_then(crate::values::parse_bool)
}

/// The stored form of a boolean.
pub fn bool_str(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// Parse a decimal integer (with optional sign) or `0x` hex.
pub fn parse_int(v: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(v).ok()?;
    if let Some(h) = s.strip_prefix("0x") {
        return i64::from_str_radix(h, 16).ok();
    }
    s.parse().ok()
}

/// Parse a plain IPv4 address (`a.b.c.d`, no length).
pub fn parse_ip(v: &[u8]) -> Option<Ipv4Addr> {
    std::str::from_utf8(v).ok()?.parse().ok()
}

/// Parse `a.b.c.d[/len]`; a missing length means `/32`.
pub fn parse_prefix(v: &[u8]) -> Option<(Ipv4Addr, u8)> {
    let s = std::str::from_utf8(v).ok()?;
    match s.split_once('/') {
        None => Some((s.parse().ok()?, 32)),
        Some((a, l)) => {
            let len: u8 = l.parse().ok()?;
            (len <= 32).then_some(())?;
            Some((a.parse().ok()?, len))
        }
    }
}

/// The network address of `ip/len`.
pub fn network_of(ip: Ipv4Addr, len: u8) -> Ipv4Addr {
    let mask = if len == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(len))
    };
    Ipv4Addr::from(u32::from(ip) & mask)
}

/// Parse a RouterOS duration: `1w2d3h4m5s`, `500ms`, or plain seconds.
/// Returns milliseconds.
pub fn parse_duration(v: &[u8]) -> Option<u64> {
    let s = std::str::from_utf8(v).ok()?;
    if s.is_empty() {
        return None;
    }
    if let Ok(secs) = s.parse::<u64>() {
        return secs.checked_mul(1000);
    }
    // hh:mm:ss
    if s.contains(':') {
        let parts: Vec<&str> = s.split(':').collect();
        let [h, m, sec] = parts.as_slice() else {
            return None;
        };
        let (h, m, sec): (u64, u64, u64) = (h.parse().ok()?, m.parse().ok()?, sec.parse().ok()?);
        // Checked: the parts come from the network (found by fuzzing).
        let secs = h
            .checked_mul(3600)?
            .checked_add(m.checked_mul(60)?)?
            .checked_add(sec)?;
        return secs.checked_mul(1000);
    }
    let mut total: u64 = 0;
    let mut num = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u64 = num.parse().ok()?;
        num.clear();
        let unit_ms: u64 = match c {
            'w' => 7 * 86_400_000,
            'd' => 86_400_000,
            'h' => 3_600_000,
            'm' if chars.peek() == Some(&'s') => {
                chars.next();
                1
            }
            'm' => 60_000,
            's' => 1000,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(unit_ms)?)?;
    }
    if !num.is_empty() {
        return None;
    }
    Some(total)
}

/// Format milliseconds the way RouterOS prints durations: `1w2d3h4m5s`,
/// `0s` for zero, `ms` only below a second.
pub fn format_duration_ms(ms: u64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let mut secs = ms / 1000;
    let mut out = String::new();
    for (unit, size) in [("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60)] {
        if secs >= size {
            out.push_str(&format!("{}{unit}", secs / size));
            secs %= size;
        }
    }
    if secs > 0 {
        out.push_str(&format!("{secs}s"));
    }
    out
}

/// Format a round trip in microseconds as RouterOS prints it (ping,
/// netwatch): `453us`, `12ms345us`, `3ms`.
pub fn format_rtt(us: u64) -> String {
    let (ms, rest) = (us / 1000, us % 1000);
    match (ms, rest) {
        (0, r) => format!("{r}us"),
        (m, 0) => format!("{m}ms"),
        (m, r) => format!("{m}ms{r}us"),
    }
}

/// Format whole seconds as RouterOS prints durations (`1d2h3m4s`, `0s`).
pub fn format_duration(secs: u64) -> String {
    format_duration_ms(secs.saturating_mul(1000))
}

/// Parse a MAC address (`aa:bb:...` or `aa-bb-...`), upper-cased.
pub fn parse_mac(v: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(v).ok()?;
    let parts: Vec<&str> = s.split([':', '-']).collect();
    if parts.len() != 6
        || parts
            .iter()
            .any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return None;
    }
    Some(parts.join(":").to_ascii_uppercase())
}

fn is_range_or_prefix(item: &str) -> bool {
    match item.split_once('-') {
        Some((a, b)) => a.parse::<Ipv4Addr>().is_ok() && b.parse::<Ipv4Addr>().is_ok(),
        None => parse_prefix(item.as_bytes()).is_some(),
    }
}

/// Longest free-text value (`comment`, `name`, ...) a write may store, in
/// bytes. RouterOS documents no limit, but its configuration store is not
/// meant for bulk data; 4 KiB keeps a hostile client from growing the
/// simulator by megabytes per row. Longer values are refused with the
/// console's `invalid value for argument NAME`.
pub const MAX_TEXT: usize = 4096;

/// Check `value` against `kind` and return the stored form. `exists` tells
/// whether a name is an item of the referenced menu.
pub fn normalise(
    name: &str,
    kind: Kind,
    value: &Bytes,
    exists: &dyn Fn(&str, &[u8]) -> bool,
) -> Result<Bytes, Refused> {
    let text = || std::str::from_utf8(value).map_err(|_| Refused::invalid(name));
    match kind {
        Kind::Text if value.len() > MAX_TEXT => Err(Refused::invalid(name)),
        Kind::Text => Ok(value.clone()),
        Kind::Bool => parse_bool(value)
            .map(|b| Bytes::from_static(bool_str(b).as_bytes()))
            .ok_or_else(|| Refused::no_match(name)),
        Kind::Int { min, max } => check_int(name, value, min, max),
        Kind::IntOr { min, max, words } => {
            if words.iter().any(|w| w.as_bytes() == value.as_ref()) {
                Ok(value.clone())
            } else {
                check_int(name, value, min, max)
            }
        }
        Kind::Enum(words) => {
            if words.iter().any(|w| w.as_bytes() == value.as_ref()) {
                Ok(value.clone())
            } else {
                Err(Refused::no_match(name))
            }
        }
        Kind::EnumList { words, negate } => {
            let t = text()?;
            if t.is_empty() {
                return Ok(value.clone());
            }
            for item in t.split(',') {
                let item = if negate {
                    item.strip_prefix('!').unwrap_or(item)
                } else {
                    item
                };
                if !words.contains(&item) {
                    return Err(Refused::no_match(name));
                }
            }
            Ok(value.clone())
        }
        Kind::Ref {
            menu,
            negate,
            list,
            extra,
        } => {
            let items: Vec<&[u8]> = if list {
                value.split(|&b| b == b',').collect()
            } else {
                vec![value.as_ref()]
            };
            for item in items {
                let item = match (negate, item.strip_prefix(b"!")) {
                    (true, Some(rest)) => rest,
                    _ => item,
                };
                if !extra.iter().any(|e| e.as_bytes() == item) && !exists(menu, item) {
                    return Err(Refused::no_match(name));
                }
            }
            Ok(value.clone())
        }
        Kind::Ip => parse_ip(value)
            .map(|ip| Bytes::from(ip.to_string()))
            .ok_or_else(|| Refused::invalid(name)),
        Kind::Prefix => parse_prefix(value)
            .map(|(ip, len)| Bytes::from(format!("{ip}/{len}")))
            .ok_or_else(|| Refused::invalid(name)),
        Kind::IpList => {
            let t = text()?;
            if t.is_empty() || t.split(',').all(|a| a.parse::<Ipv4Addr>().is_ok()) {
                Ok(value.clone())
            } else {
                Err(Refused::invalid(name))
            }
        }
        Kind::IpRanges => {
            let t = text()?;
            if !t.is_empty() && t.split(',').all(is_range_or_prefix) {
                Ok(value.clone())
            } else {
                Err(Refused::invalid(name))
            }
        }
        Kind::Mac => parse_mac(value)
            .map(Bytes::from)
            .ok_or_else(|| Refused::invalid(name)),
        Kind::Duration => parse_duration(value)
            .map(|ms| Bytes::from(format_duration_ms(ms)))
            .ok_or_else(|| Refused::invalid(name)),
        Kind::Rate { pair } => {
            let t = text()?;
            let parts: Vec<&str> = t.split('/').collect();
            if parts.len() != if pair { 2 } else { 1 } {
                return Err(Refused::invalid(name));
            }
            let rates: Option<Vec<String>> = parts
                .iter()
                .map(|r| parse_rate(r).map(|n| n.to_string()))
                .collect();
            rates
                .map(|r| Bytes::from(r.join("/")))
                .ok_or_else(|| Refused::invalid(name))
        }
    }
}

/// `10M` -> 10000000: a decimal rate with an optional k/M/G multiplier.
fn parse_rate(s: &str) -> Option<u64> {
    let (digits, mult) = match s.as_bytes().last()? {
        b'k' | b'K' => (&s[..s.len() - 1], 1_000),
        b'M' => (&s[..s.len() - 1], 1_000_000),
        b'G' => (&s[..s.len() - 1], 1_000_000_000),
        _ => (s, 1),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(mult)
}

fn check_int(name: &str, value: &[u8], min: i64, max: i64) -> Result<Bytes, Refused> {
    let n = parse_int(value).ok_or_else(|| Refused::invalid(name))?;
    if n < min || n > max {
        return Err(Refused::new(
            format!("value of {name} out of range ({min}..{max})"),
            Some(1),
        ));
    }
    Ok(Bytes::from(n.to_string()))
}

/// `*` + upper-case hex.
pub fn format_id(id: u32) -> String {
    format!("*{id:X}")
}

/// Read `*1A` (any case of hex digits).
pub fn parse_id(v: &[u8]) -> Option<u32> {
    let hex = v.strip_prefix(b"*")?;
    if hex.is_empty() || hex.len() > 8 {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `YYYY-MM-DD HH:MM:SS` for a Unix time in seconds (RouterOS 7.10+ style).
pub fn format_datetime(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    let s = unix.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rtt_format() {
        assert_eq!(format_rtt(453), "453us");
        assert_eq!(format_rtt(12_345), "12ms345us");
        assert_eq!(format_rtt(3000), "3ms");
    }

    #[test]
    fn rates_take_multipliers_and_refuse_junk() {
        assert_eq!(parse_rate("10M"), Some(10_000_000));
        assert_eq!(parse_rate("512k"), Some(512_000));
        assert_eq!(parse_rate("0"), Some(0));
        assert_eq!(parse_rate("1G"), Some(1_000_000_000));
        for bad in ["", "M", "1.5M", "-1", "10X", "99999999999999999999G"] {
            assert_eq!(parse_rate(bad), None, "{bad}");
        }
    }

    fn none(_: &str, _: &[u8]) -> bool {
        false
    }

    #[test]
    fn durations_round_trip() {
        assert_eq!(parse_duration(b"1d2h3m4s"), Some(93_784_000));
        assert_eq!(parse_duration(b"600"), Some(600_000));
        assert_eq!(parse_duration(b"500ms"), Some(500));
        assert_eq!(parse_duration(b"00:10:00"), Some(600_000));
        assert_eq!(parse_duration(b"1x"), None);
        assert_eq!(parse_duration(b"5"), Some(5000));
        assert_eq!(format_duration(93_784), "1d2h3m4s");
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(8 * 86_400), "1w1d");
        assert_eq!(format_duration_ms(453), "453ms");
    }

    #[test]
    fn ints_report_range_like_routeros() {
        let k = Kind::Int { min: 1, max: 254 };
        let err = normalise("priority", k, &Bytes::from_static(b"300"), &none).unwrap_err();
        assert_eq!(err.message, "value of priority out of range (1..254)");
        assert_eq!(
            normalise("priority", k, &Bytes::from_static(b"0x10"), &none).unwrap(),
            "16"
        );
    }

    #[test]
    fn refs_and_enums() {
        let k = Kind::Ref {
            menu: "/interface",
            negate: true,
            list: false,
            extra: &[],
        };
        let exists = |_: &str, v: &[u8]| v == b"LAN";
        assert!(
            normalise(
                "in-interface-list",
                k,
                &Bytes::from_static(b"!LAN"),
                &exists
            )
            .is_ok()
        );
        let err = normalise("interface", k, &Bytes::from_static(b"asdf"), &exists).unwrap_err();
        assert_eq!(err.message, "input does not match any value of interface");
        assert_eq!(err.category, Some(1));
        assert_eq!(
            normalise("disabled", Kind::Bool, &Bytes::from_static(b"yes"), &none).unwrap(),
            "true"
        );
    }

    #[test]
    fn addresses() {
        assert_eq!(
            normalise(
                "address",
                Kind::Prefix,
                &Bytes::from_static(b"10.0.0.1"),
                &none
            )
            .unwrap(),
            "10.0.0.1/32"
        );
        assert_eq!(
            network_of("192.168.88.77".parse().unwrap(), 24).to_string(),
            "192.168.88.0"
        );
        assert_eq!(
            parse_mac(b"aa-bb-cc-dd-ee-0f").unwrap(),
            "AA:BB:CC:DD:EE:0F"
        );
    }

    #[test]
    fn huge_clock_durations_are_refused_not_overflowed() {
        assert_eq!(parse_duration(b"01:02:03"), Some(3_723_000));
        assert_eq!(parse_duration(b"00000:000004:9308526000000000000"), None);
        assert_eq!(parse_duration(b"18446744073709551615:0:0"), None);
    }

    #[test]
    fn text_values_are_capped() {
        let fits = Bytes::from(vec![b'x'; MAX_TEXT]);
        assert_eq!(
            normalise("comment", Kind::Text, &fits, &none),
            Ok(fits.clone())
        );
        let big = Bytes::from(vec![b'x'; 1024 * 1024]);
        let err = normalise("comment", Kind::Text, &big, &none).unwrap_err();
        assert_eq!(err, Refused::invalid("comment"));
    }

    #[test]
    fn ids() {
        assert_eq!(format_id(0), "*0");
        assert_eq!(format_id(0x1A), "*1A");
        assert_eq!(parse_id(b"*1a"), Some(0x1A));
        assert_eq!(parse_id(b"*"), None);
        assert_eq!(parse_id(b"1"), None);
        assert_eq!(parse_id(b"*FFFFFFFFF"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(format_datetime(0), "1970-01-01 00:00:00");
        assert_eq!(format_datetime(1_765_280_426), "2025-12-09 11:40:26");
    }
}
