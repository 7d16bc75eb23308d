//! MAC address spelling.

/// A MAC address in the neutral spelling: upper-case hex pairs separated by
/// colons (`AA:BB:CC:DD:EE:FF`), the join key across ARP, DHCP and Wi-Fi
/// tables. Accepts the spellings vendors print:
///
/// - six groups of one or two hex digits separated by `:` or `-`
///   (`aa:bb:cc:dd:ee:ff`, `AA-BB-CC-DD-EE-FF`, `0:1a:2b:3c:4d:5e`);
/// - three groups of four separated by `.` or `-` (`aabb.ccdd.eeff`);
/// - twelve hex digits (`aabbccddeeff`).
///
/// Surrounding blanks are ignored; anything else (mixed separators, wrong
/// group sizes, non-hex digits) is `None`.
///
/// ```
/// use routerctl_core::vocab::mac_address;
/// assert_eq!(mac_address("aa-bb-cc-dd-ee-0f").as_deref(), Some("AA:BB:CC:DD:EE:0F"));
/// assert_eq!(mac_address("aabbccddeeff").as_deref(), Some("AA:BB:CC:DD:EE:FF"));
/// assert_eq!(mac_address("not a mac"), None);
/// ```
pub fn mac_address(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let separators: Vec<char> = raw.chars().filter(|c| !c.is_ascii_hexdigit()).collect();
    let digits = match separators.first() {
        None => (raw.len() == 12).then(|| raw.to_string())?,
        Some(&sep) => {
            if !matches!(sep, ':' | '-' | '.') || separators.iter().any(|&c| c != sep) {
                return None;
            }
            let groups: Vec<&str> = raw.split(sep).collect();
            match (groups.len(), sep) {
                (6, ':' | '-') if groups.iter().all(|g| (1..=2).contains(&g.len())) => groups
                    .iter()
                    .map(|g| format!("{g:0>2}"))
                    .collect::<String>(),
                (3, '.' | '-') if groups.iter().all(|g| g.len() == 4) => groups.concat(),
                _ => return None,
            }
        }
    };
    // `digits` is now exactly twelve hex digits.
    let value = u64::from_str_radix(&digits, 16).ok()?;
    let octets: Vec<String> = (0..6)
        .rev()
        .map(|i| format!("{:02X}", (value >> (8 * i)) & 0xff))
        .collect();
    Some(octets.join(":"))
}

/// True when `mac` is already in the neutral spelling
/// (`AA:BB:CC:DD:EE:FF`: upper case, colons, two digits per group).
///
/// ```
/// use routerctl_core::vocab::is_canonical_mac;
/// assert!(is_canonical_mac("00:1A:2B:3C:4D:5E"));
/// assert!(!is_canonical_mac("00:1a:2b:3c:4d:5e"));
/// assert!(!is_canonical_mac("001A.2B3C.4D5E"));
/// ```
pub fn is_canonical_mac(mac: &str) -> bool {
    mac_address(mac).as_deref() == Some(mac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_that_normalise() {
        for raw in [
            "aa:bb:cc:dd:ee:ff",
            "AA:BB:CC:DD:EE:FF",
            "AA-BB-CC-DD-EE-FF",
            "aabb.ccdd.eeff",
            "aabb-ccdd-eeff",
            "aabbccddeeff",
            " aa:bb:cc:dd:ee:ff\n",
        ] {
            assert_eq!(
                mac_address(raw).as_deref(),
                Some("AA:BB:CC:DD:EE:FF"),
                "{raw:?}"
            );
        }
        assert_eq!(
            mac_address("0:1a:2:3c:4d:5e").as_deref(),
            Some("00:1A:02:3C:4D:5E")
        );
    }

    #[test]
    fn junk_is_refused() {
        for raw in [
            "",
            "aa:bb:cc:dd:ee",
            "aa:bb:cc:dd:ee:ff:00",
            "aa:bb-cc:dd:ee:ff",
            "aabb.ccdd.eef",
            "aab.bccd.deeff",
            "aa.bb.cc.dd.ee.ff",
            "aabbccddeef",
            "aabbccddeeffa",
            "gg:bb:cc:dd:ee:ff",
            "aa::cc:dd:ee:ff",
            "+a:bb:cc:dd:ee:ff",
            "ａａ:bb:cc:dd:ee:ff",
        ] {
            assert_eq!(mac_address(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn canonical_check() {
        assert!(is_canonical_mac("AA:BB:CC:DD:EE:FF"));
        assert!(!is_canonical_mac("A:BB:CC:DD:EE:FF"));
        assert!(!is_canonical_mac("AABBCCDDEEFF"));
        assert!(!is_canonical_mac(" AA:BB:CC:DD:EE:FF"));
    }
}
