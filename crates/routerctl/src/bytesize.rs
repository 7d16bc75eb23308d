//! Byte sizes as people write them on the command line: plain bytes
//! (`1048576`) or a whole number with a binary unit (`512KiB`, `256MiB`,
//! `1GiB`; `K`, `M`, `G` and `KB`, `MB`, `GB` mean the same).

/// The smallest `--max-memory` accepted: below this even one ordinary
/// reply could not be held.
pub const MIN: usize = 1024 * 1024;

/// Parse a byte size of at least [`MIN`].
///
/// ```ignore
/// assert_eq!(parse("256MiB"), Ok(256 * 1024 * 1024));
/// ```
pub fn parse(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(invalid(text)),
    };
    let value: usize = number.parse().map_err(|_| invalid(text))?;
    let bytes = value
        .checked_mul(1usize << shift)
        .ok_or_else(|| format!("{text:?} is too large"))?;
    if bytes < MIN {
        return Err(format!("{text:?} is below the minimum of 1MiB"));
    }
    Ok(bytes)
}

fn invalid(text: &str) -> String {
    format!("invalid size {text:?}: use bytes or a number with KiB, MiB or GiB (e.g. 256MiB)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_binary_and_bad_input_is_refused() {
        assert_eq!(parse("256MiB"), Ok(256 << 20));
        assert_eq!(parse("1G"), Ok(1 << 30));
        assert_eq!(parse("2048kb"), Ok(2 << 20));
        assert_eq!(parse("1048576"), Ok(1 << 20));
        assert!(parse("1KiB").unwrap_err().contains("minimum"));
        assert!(parse("-5M").is_err());
        assert!(parse("1.5G").is_err());
        assert!(parse("12XB").is_err());
        assert!(parse("99999999999999999999G").is_err());
    }
}
