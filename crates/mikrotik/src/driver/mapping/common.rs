//! Helpers every mapping module shares: row predicates, channel and signal
//! readings, profile lookups. A leaf: the mapping modules import it, it
//! imports none of them.

use std::collections::HashMap;

use crate::api::proto::Attributes;
use crate::values::{TypedAttributes, parse_i64};

/// False only for rows RouterOS marks `disabled=true`.
pub(crate) fn enabled(row: &Attributes) -> bool {
    row.bool("disabled") != Some(true)
}

/// The IEEE channel number of a single centre frequency in MHz.
pub fn channel_of(frequency_mhz: u64) -> Option<u32> {
    let ch = match frequency_mhz {
        2484 => 14,
        2412..=2472 if (frequency_mhz - 2407) % 5 == 0 => (frequency_mhz - 2407) / 5,
        5160..=5885 if frequency_mhz % 5 == 0 => (frequency_mhz - 5000) / 5,
        5955..=7115 if (frequency_mhz - 5950) % 5 == 0 => (frequency_mhz - 5950) / 5,
        _ => return None,
    };
    u32::try_from(ch).ok()
}

/// A signal reading: `-67` (wifi), `-67dBm@6Mbps` or `-67@HT20-7`
/// (wireless): the leading signed integer.
pub fn signal_dbm(raw: &str) -> Option<i32> {
    let end = raw
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map_or(raw.len(), |(i, _)| i);
    let rest = &raw[end..];
    if !(rest.is_empty() || rest.starts_with("dBm") || rest.starts_with('@')) {
        return None;
    }
    parse_i64(&raw[..end]).and_then(|v| i32::try_from(v).ok())
}

/// Profile rows by name (`/interface/wifi/configuration`, `.../security`,
/// `.../channel`, `/interface/wireless/security-profiles`).
pub fn by_name(rows: &[Attributes]) -> HashMap<String, &Attributes> {
    rows.iter()
        .filter_map(|r| Some((r.non_empty_text("name")?, r)))
        .collect()
}

/// A row from `(name, value)` pairs, for the mapping tests.
#[cfg(test)]
pub(crate) fn row(pairs: &[(&str, &str)]) -> Attributes {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}
