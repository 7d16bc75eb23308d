//! Wi-Fi bands.

use super::word::vocabulary;

vocabulary! {
    /// A Wi-Fi radio band. JSON spellings: `2.4GHz`, `5GHz`, `6GHz`,
    /// `60GHz` (the way people and most vendor UIs write them).
    ///
    /// ```
    /// use routerctl_core::vocab::Band;
    /// assert_eq!(serde_json::to_value(Band::Ghz6).unwrap(), "6GHz");
    /// assert_eq!("2.4GHz".parse::<Band>().unwrap(), Band::Ghz2_4);
    /// assert_eq!(Band::from_frequency_mhz(5180), Some(Band::Ghz5));
    /// ```
    Band, "Wi-Fi band" {
        /// 2.4 GHz (802.11b/g/n/ax, channels 1-14).
        Ghz2_4 => "2.4GHz",
        /// 5 GHz (802.11a/n/ac/ax, channels 32-177).
        Ghz5 => "5GHz",
        /// 6 GHz (Wi-Fi 6E/7, 5925-7125 MHz).
        Ghz6 => "6GHz",
        /// 60 GHz (802.11ad/ay, WiGig).
        Ghz60 => "60GHz",
    }
}

impl Band {
    /// The band holding a centre frequency in MHz; `None` outside every
    /// Wi-Fi band.
    ///
    /// ```
    /// use routerctl_core::vocab::Band;
    /// assert_eq!(Band::from_frequency_mhz(2437), Some(Band::Ghz2_4));
    /// assert_eq!(Band::from_frequency_mhz(5955), Some(Band::Ghz6));
    /// assert_eq!(Band::from_frequency_mhz(900), None);
    /// ```
    pub fn from_frequency_mhz(mhz: u32) -> Option<Band> {
        match mhz {
            2400..=2500 => Some(Band::Ghz2_4),
            4900..=5925 => Some(Band::Ghz5),
            5926..=7125 => Some(Band::Ghz6),
            57_000..=71_000 => Some(Band::Ghz60),
            _ => None,
        }
    }

    /// Reads the band out of a vendor's spelling, leniently: a number of
    /// GHz (`2`, `2.4`, `24`, `5`, `5.8`, `6`, `60`) or of MHz (`2412`),
    /// optionally after `radio`/`radio_`, and followed by nothing, a unit
    /// (`g`, `ghz`, `mhz`), `e` (`6e`) or a separator and anything else
    /// (`2ghz-ax`, `5ghz-a/n/ac`, `5GHz_2`, `5GL`). Case and surrounding
    /// blanks do not matter. Anything else, `802.11` included, is `None`.
    ///
    /// ```
    /// use routerctl_core::vocab::Band;
    /// for raw in ["2ghz-b/g/n", "2.4", "2.4G", "24G", "RADIO_2.4GHz", "2g"] {
    ///     assert_eq!(Band::from_vendor(raw), Some(Band::Ghz2_4), "{raw}");
    /// }
    /// for raw in ["5g", "5ghz-ax", "5GHz", "RADIO_5GHz_2", "5GL", "5 GHz"] {
    ///     assert_eq!(Band::from_vendor(raw), Some(Band::Ghz5), "{raw}");
    /// }
    /// assert_eq!(Band::from_vendor("6ghz"), Some(Band::Ghz6));
    /// assert_eq!(Band::from_vendor("60GHz"), Some(Band::Ghz60));
    /// assert_eq!(Band::from_vendor("802.11"), None);
    /// ```
    pub fn from_vendor(raw: &str) -> Option<Band> {
        let lower = raw.trim().to_ascii_lowercase();
        let s = lower
            .strip_prefix("radio")
            .unwrap_or(&lower)
            .trim_start_matches(['_', '-', ' ']);
        let end = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(s.len());
        let (number, rest) = s.split_at(end);
        let unit_ok = rest.is_empty()
            || rest.starts_with(['g', 'e', '-', '_', ' ', '/'])
            || rest.starts_with("mhz");
        if !unit_ok || number.is_empty() {
            return None;
        }
        if number == "24" {
            return Some(Band::Ghz2_4);
        }
        let value: f64 = number.replace(',', ".").parse().ok()?;
        if value >= 2400.0 && !number.contains(['.', ',']) {
            return u32::try_from(number.parse::<u64>().ok()?)
                .ok()
                .and_then(Band::from_frequency_mhz);
        }
        if rest.starts_with("mhz") {
            return None;
        }
        match value {
            v if (2.0..=2.5).contains(&v) => Some(Band::Ghz2_4),
            v if (4.9..=5.925).contains(&v) => Some(Band::Ghz5),
            v if (5.925..=7.125).contains(&v) => Some(Band::Ghz6),
            v if (57.0..=71.0).contains(&v) => Some(Band::Ghz60),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_spellings() {
        let cases = [
            ("2ghz", Some(Band::Ghz2_4)),
            ("2ghz-ax", Some(Band::Ghz2_4)),
            ("2.4", Some(Band::Ghz2_4)),
            ("2,4 GHz", Some(Band::Ghz2_4)),
            ("2.4G", Some(Band::Ghz2_4)),
            ("24G", Some(Band::Ghz2_4)),
            ("2412", Some(Band::Ghz2_4)),
            ("2412MHz", Some(Band::Ghz2_4)),
            ("5g", Some(Band::Ghz5)),
            ("5ghz-ax", Some(Band::Ghz5)),
            ("5ghz-a/n/ac", Some(Band::Ghz5)),
            ("5.8GHz", Some(Band::Ghz5)),
            ("5GH", Some(Band::Ghz5)),
            ("6ghz", Some(Band::Ghz6)),
            ("6E", Some(Band::Ghz6)),
            ("6ghz-ax", Some(Band::Ghz6)),
            ("60", Some(Band::Ghz60)),
            ("802.11", None),
            ("", None),
            ("ghz", None),
            ("5x", None),
            ("5mhz", None),
            ("900", None),
            ("99999999999999999999999", None),
            ("auto", None),
        ];
        for (raw, want) in cases {
            assert_eq!(Band::from_vendor(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn frequencies_at_band_edges() {
        assert_eq!(Band::from_frequency_mhz(2484), Some(Band::Ghz2_4));
        assert_eq!(Band::from_frequency_mhz(5885), Some(Band::Ghz5));
        assert_eq!(Band::from_frequency_mhz(7115), Some(Band::Ghz6));
        assert_eq!(Band::from_frequency_mhz(58_320), Some(Band::Ghz60));
        assert_eq!(Band::from_frequency_mhz(0), None);
    }

    #[test]
    fn neutral_spelling_round_trips() {
        for b in Band::ALL {
            assert_eq!(b.as_str().parse::<Band>(), Ok(*b));
            let json = serde_json::to_string(b).unwrap();
            assert_eq!(serde_json::from_str::<Band>(&json).unwrap(), *b);
        }
        assert!("5ghz".parse::<Band>().is_err());
    }
}
