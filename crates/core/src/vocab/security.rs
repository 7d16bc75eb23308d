//! Wi-Fi security (authentication) modes.

use super::word::{fold, vocabulary};

vocabulary! {
    /// How stations authenticate to a Wi-Fi network. The spellings follow
    /// the Wi-Fi Alliance's names (WPA2-Personal is a pre-shared key or
    /// passphrase, WPA3-Personal is SAE, Enterprise is 802.1X/EAP), in lower
    /// case; a transition mode that accepts two generations lists both,
    /// older first, separated by `/`:
    ///
    /// `open`, `wep`, `wpa-personal`, `wpa2-personal`, `wpa3-personal`,
    /// `wpa/wpa2-personal`, `wpa2/wpa3-personal`, `wpa-enterprise`,
    /// `wpa2-enterprise`, `wpa3-enterprise`, `wpa2/wpa3-enterprise`, `owe`,
    /// `other`.
    ///
    /// A network without authentication is `open` (never `none`).
    ///
    /// ```
    /// use routerctl_core::vocab::Security;
    /// assert_eq!(Security::Wpa2Wpa3Personal.as_str(), "wpa2/wpa3-personal");
    /// assert_eq!("open".parse::<Security>().unwrap(), Security::Open);
    /// assert_eq!(Security::wpa_personal(&[3, 2]), Security::Wpa2Wpa3Personal);
    /// ```
    Security, "Wi-Fi security mode" {
        /// No authentication, no encryption.
        Open => "open",
        /// Static WEP keys (any key length, open or shared-key auth).
        Wep => "wep",
        /// WPA (version 1) with a pre-shared key.
        WpaPersonal => "wpa-personal",
        /// WPA2 with a pre-shared key.
        Wpa2Personal => "wpa2-personal",
        /// WPA3 with SAE.
        Wpa3Personal => "wpa3-personal",
        /// WPA and WPA2 with a pre-shared key (mixed mode).
        WpaWpa2Personal => "wpa/wpa2-personal",
        /// WPA2 pre-shared key and WPA3 SAE (transition mode).
        Wpa2Wpa3Personal => "wpa2/wpa3-personal",
        /// WPA (version 1) with 802.1X/EAP.
        WpaEnterprise => "wpa-enterprise",
        /// WPA2 with 802.1X/EAP.
        Wpa2Enterprise => "wpa2-enterprise",
        /// WPA3 with 802.1X/EAP (including the 192-bit mode).
        Wpa3Enterprise => "wpa3-enterprise",
        /// WPA2 and WPA3 with 802.1X/EAP.
        Wpa2Wpa3Enterprise => "wpa2/wpa3-enterprise",
        /// Opportunistic Wireless Encryption ("Enhanced Open").
        Owe => "owe",
        /// A mode the vendor reports that has no neutral name (for example
        /// personal and enterprise at once).
        Other => "other",
    }
}

/// WPA generations as a bit set: bit 1 = WPA, 2 = WPA2, 3 = WPA3.
fn generations(versions: &[u8]) -> u8 {
    versions
        .iter()
        .filter(|v| (1..=3).contains(*v))
        .fold(0u8, |set, v| set | (1u8 << *v))
}

const WPA1: u8 = 1 << 1;
const WPA2: u8 = 1 << 2;
const WPA3: u8 = 1 << 3;

impl Security {
    /// The personal (pre-shared key / SAE) mode that accepts exactly the
    /// WPA generations in `versions` (1, 2, 3; order and repeats do not
    /// matter); [`Security::Other`] for a set with no neutral name.
    ///
    /// ```
    /// use routerctl_core::vocab::Security;
    /// assert_eq!(Security::wpa_personal(&[2]), Security::Wpa2Personal);
    /// assert_eq!(Security::wpa_personal(&[1, 2]), Security::WpaWpa2Personal);
    /// assert_eq!(Security::wpa_personal(&[1, 3]), Security::Other);
    /// ```
    pub fn wpa_personal(versions: &[u8]) -> Security {
        match generations(versions) {
            WPA1 => Security::WpaPersonal,
            WPA2 => Security::Wpa2Personal,
            WPA3 => Security::Wpa3Personal,
            g if g == WPA1 | WPA2 => Security::WpaWpa2Personal,
            g if g == WPA2 | WPA3 => Security::Wpa2Wpa3Personal,
            _ => Security::Other,
        }
    }

    /// The enterprise (802.1X/EAP) mode that accepts exactly the WPA
    /// generations in `versions`; [`Security::Other`] for a set with no
    /// neutral name.
    ///
    /// ```
    /// use routerctl_core::vocab::Security;
    /// assert_eq!(Security::wpa_enterprise(&[2, 3]), Security::Wpa2Wpa3Enterprise);
    /// ```
    pub fn wpa_enterprise(versions: &[u8]) -> Security {
        match generations(versions) {
            WPA1 => Security::WpaEnterprise,
            WPA2 => Security::Wpa2Enterprise,
            WPA3 => Security::Wpa3Enterprise,
            g if g == WPA2 | WPA3 => Security::Wpa2Wpa3Enterprise,
            _ => Security::Other,
        }
    }

    /// Reads a vendor's description of a security mode, leniently.
    ///
    /// Case does not matter, and blanks, `_`, `-`, `/`, `,` and `+` all
    /// separate words. Understood:
    /// - the neutral spellings;
    /// - `open`, `none`, `off`, `disabled` and the empty string: [`Security::Open`];
    /// - anything starting with `wep`: [`Security::Wep`]; `owe`,
    ///   `enhanced-open`: [`Security::Owe`];
    /// - lists of WPA generations (`wpa`, `wpa1`, `wpa2`, `wpa3`) and key
    ///   management words: `psk`, `personal` (a pre-shared key), `sae`
    ///   (which implies WPA3), `eap`, `802.1x`, `enterprise`, `radius`
    ///   (enterprise); `mixed` after `wpa` alone means WPA/WPA2. Examples:
    ///   MikroTik's `wpa2-psk,wpa3-psk`, Linksys' `WPA2-Personal` and
    ///   `WPA-Mixed-Personal`, `wpa3-sae`, `wpa2-eap`. A generation with no
    ///   key management word is read as personal.
    ///
    /// Anything else, or personal and enterprise words together, is
    /// [`Security::Other`]. OpenWrt's UCI names (`psk2`, `sae-mixed`, where
    /// a bare `wpa2` means enterprise) are vendor knowledge and are mapped
    /// by that driver, not here.
    ///
    /// ```
    /// use routerctl_core::vocab::Security;
    /// assert_eq!(Security::from_vendor("none"), Security::Open);
    /// assert_eq!(Security::from_vendor("WPA2-Personal"), Security::Wpa2Personal);
    /// assert_eq!(Security::from_vendor("wpa2-psk,wpa3-psk"), Security::Wpa2Wpa3Personal);
    /// assert_eq!(Security::from_vendor("wpa2-eap"), Security::Wpa2Enterprise);
    /// assert_eq!(Security::from_vendor("wpa2-psk,wpa2-eap"), Security::Other);
    /// ```
    pub fn from_vendor(raw: &str) -> Security {
        if let Ok(neutral) = raw.trim().parse::<Security>() {
            return neutral;
        }
        let folded = fold(raw);
        match folded.as_str() {
            "" | "open" | "none" | "off" | "disabled" | "no-security" => return Security::Open,
            "owe" | "enhanced-open" => return Security::Owe,
            w if w.starts_with("wep") => return Security::Wep,
            _ => {}
        }
        let mut versions = Vec::new();
        let (mut personal, mut enterprise, mut mixed) = (false, false, false);
        for word in folded.split(['-', '/', ',', '+']).filter(|w| !w.is_empty()) {
            match word {
                "wpa" | "wpa1" => versions.push(1),
                "wpa2" => versions.push(2),
                "wpa3" => versions.push(3),
                "psk" | "personal" => personal = true,
                "sae" => {
                    personal = true;
                    versions.push(3);
                }
                "eap" | "802.1x" | "8021x" | "enterprise" | "radius" => enterprise = true,
                "mixed" => mixed = true,
                // Cipher and roaming words say nothing about who may join.
                "ft" | "aes" | "ccmp" | "tkip" | "gcmp" | "192" | "transition" => {}
                _ => return Security::Other,
            }
        }
        if mixed && versions == [1] {
            versions.push(2);
        }
        match (personal, enterprise) {
            (true, true) => Security::Other,
            (_, true) => Security::wpa_enterprise(&versions),
            _ => Security::wpa_personal(&versions),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_spellings() {
        use Security::*;
        let cases = [
            ("", Open),
            ("None", Open),
            ("open", Open),
            ("WEP", Wep),
            ("wep-64", Wep),
            ("OWE", Owe),
            ("wpa-psk", WpaPersonal),
            ("wpa2-psk", Wpa2Personal),
            ("wpa3-psk", Wpa3Personal),
            ("wpa3-sae", Wpa3Personal),
            ("sae", Wpa3Personal),
            ("wpa-psk,wpa2-psk", WpaWpa2Personal),
            ("wpa2-psk,wpa3-psk", Wpa2Wpa3Personal),
            ("wpa2/wpa3-psk/sae", Wpa2Wpa3Personal),
            ("WPA2 Personal", Wpa2Personal),
            ("WPA-Mixed-Personal", WpaWpa2Personal),
            ("WPA2/WPA3-Mixed-Personal", Wpa2Wpa3Personal),
            ("WPA3-Personal", Wpa3Personal),
            ("wpa2", Wpa2Personal),
            ("wpa-eap", WpaEnterprise),
            ("WPA2-Enterprise", Wpa2Enterprise),
            ("wpa3-eap-192", Wpa3Enterprise),
            ("wpa2-eap,wpa3-eap", Wpa2Wpa3Enterprise),
            ("wpa2-psk,wpa2-eap", Other),
            ("wpa-psk,wpa3-psk", Other),
            ("psk", Other),
            ("kerberos", Other),
        ];
        for (raw, want) in cases {
            assert_eq!(Security::from_vendor(raw), want, "{raw:?}");
        }
        for s in Security::ALL {
            assert_eq!(Security::from_vendor(s.as_str()), *s);
        }
    }

    #[test]
    fn generation_sets() {
        assert_eq!(Security::wpa_personal(&[]), Security::Other);
        assert_eq!(Security::wpa_personal(&[2, 2, 9]), Security::Wpa2Personal);
        assert_eq!(Security::wpa_enterprise(&[1, 2]), Security::Other);
        assert_eq!(Security::wpa_enterprise(&[1, 2, 3]), Security::Other);
    }
}
