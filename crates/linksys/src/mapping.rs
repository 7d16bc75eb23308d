//! JNAP values onto the neutral vocabulary: bands, security modes, MAC
//! spelling, WAN kinds. Pure functions, tested here.

use routerctl_core::WanKind;

/// `2.4GHz` / `5GHz` / `6GHz` as JNAP spells them, which is already the
/// neutral spelling; anything else is dropped.
pub fn band(raw: &str) -> Option<String> {
    match raw.trim() {
        "2.4GHz" | "2.4" => Some("2.4GHz".into()),
        "5GHz" | "5" => Some("5GHz".into()),
        "6GHz" | "6" => Some("6GHz".into()),
        _ => None,
    }
}

/// JNAP security types onto the neutral security words.
pub fn security(raw: &str) -> String {
    match raw {
        "None" => "open",
        "WEP" => "wep",
        "WPA-Personal" => "wpa-personal",
        "WPA2-Personal" => "wpa2-personal",
        "WPA3-Personal" => "wpa3-personal",
        "WPA-Mixed-Personal" => "wpa/wpa2-personal",
        "WPA2/WPA3-Mixed-Personal" | "WPA2-WPA3-Mixed-Personal" => "wpa2/wpa3-personal",
        "WPA-Enterprise" => "wpa-enterprise",
        "WPA2-Enterprise" => "wpa2-enterprise",
        "WPA3-Enterprise" => "wpa3-enterprise",
        "WPA-Mixed-Enterprise" => "wpa/wpa2-enterprise",
        _ => "other",
    }
    .to_string()
}

/// Upper-case colon MAC (`aa-bb-…` and `aabb…` accepted); `None` when it is
/// not a MAC.
pub fn mac(raw: &str) -> Option<String> {
    let hex: String = raw
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.'))
        .collect();
    if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let upper = hex.to_ascii_uppercase();
    let pairs: Vec<&str> = (0..6).filter_map(|i| upper.get(i * 2..i * 2 + 2)).collect();
    Some(pairs.join(":"))
}

/// The carrier of a JNAP WAN type.
pub fn wan_kind(wan_type: &str) -> WanKind {
    match wan_type {
        "DHCP" | "Static" => WanKind::Ethernet,
        "PPPoE" => WanKind::Pppoe,
        _ => WanKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_map_onto_the_shared_words() {
        assert_eq!(band("2.4GHz").as_deref(), Some("2.4GHz"));
        assert_eq!(band("60GHz"), None);
        assert_eq!(security("None"), "open");
        assert_eq!(security("WPA-Mixed-Personal"), "wpa/wpa2-personal");
        assert_eq!(security("Something"), "other");
        assert_eq!(
            mac("c6:01:f7:79:3b:89").as_deref(),
            Some("C6:01:F7:79:3B:89")
        );
        assert_eq!(
            mac("c6-01-f7-79-3b-89").as_deref(),
            Some("C6:01:F7:79:3B:89")
        );
        assert_eq!(mac("c6:01"), None);
        assert_eq!(wan_kind("PPPoE"), WanKind::Pppoe);
        assert_eq!(wan_kind("DHCP"), WanKind::Ethernet);
        assert_eq!(wan_kind("Bridge"), WanKind::Other);
    }
}
