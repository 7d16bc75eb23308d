//! Wi-Fi networks from the `wifi` (7.13+) and old `wireless` packages.

use std::collections::HashMap;

use routerctl_core::WifiNetwork;
use routerctl_core::vocab::{Band, Security};

use super::common::channel_of;
use crate::api::proto::Attributes;
use crate::values::{TypedAttributes, parse_bool, parse_u64};

/// Profiles a `/interface/wifi` row may refer to.
#[derive(Debug, Default)]
pub struct WifiProfiles<'a> {
    /// `/interface/wifi/configuration` rows by `name`.
    pub configurations: HashMap<String, &'a Attributes>,
    /// `/interface/wifi/security` rows by `name`.
    pub securities: HashMap<String, &'a Attributes>,
    /// `/interface/wifi/channel` rows by `name`.
    pub channels: HashMap<String, &'a Attributes>,
}

/// A property set inline on a `/interface/wifi` row (`configuration.ssid`)
/// or, failing that, in the profile the row names (`configuration=cfg1` →
/// `ssid` of that configuration).
fn wifi_prop(
    row: &Attributes,
    section: &str,
    prop: &str,
    profiles: &HashMap<String, &Attributes>,
) -> Option<String> {
    row.non_empty_text(&format!("{section}.{prop}"))
        .or_else(|| {
            let profile = row.non_empty_text(section)?;
            profiles.get(&profile)?.non_empty_text(prop)
        })
}

/// One `/interface/wifi` row (RouterOS 7.13+ `wifi` package). A row whose
/// SSID cannot be found is left out (an unconfigured radio serves none).
pub fn wifi_network(row: &Attributes, profiles: &WifiProfiles<'_>) -> Option<WifiNetwork> {
    let ssid = wifi_prop(row, "configuration", "ssid", &profiles.configurations)?;
    let name = row.non_empty_text("name");
    let frequency = wifi_prop(row, "channel", "frequency", &profiles.channels);
    // The configuration may itself name a channel or security profile.
    let config = row
        .non_empty_text("configuration")
        .and_then(|c| profiles.configurations.get(&c).copied());
    let via_config = |key: &str, prop: &str, table: &HashMap<String, &Attributes>| {
        config
            .and_then(|c| c.non_empty_text(key))
            .and_then(|p| table.get(&p).and_then(|r| r.non_empty_text(prop)))
    };
    Some(WifiNetwork {
        radio: row.non_empty_text("master-interface").or(name),
        band: wifi_prop(row, "channel", "band", &profiles.channels)
            .or_else(|| via_config("channel", "band", &profiles.channels))
            .and_then(|b| Band::from_vendor(&b)),
        channel: frequency
            .or_else(|| via_config("channel", "frequency", &profiles.channels))
            .and_then(|f| parse_u64(&f))
            .and_then(channel_of),
        is_enabled: row.bool("disabled").map(|d| !d),
        is_hidden: wifi_prop(row, "configuration", "hide-ssid", &profiles.configurations)
            .and_then(|v| parse_bool(&v)),
        security: wifi_prop(
            row,
            "security",
            "authentication-types",
            &profiles.securities,
        )
        .or_else(|| via_config("security", "authentication-types", &profiles.securities))
        .map(|types| Security::from_vendor(&types)),
        ssid,
    })
}

/// One `/interface/wireless` row (the pre-wifi `wireless` package).
pub fn wireless_network(
    row: &Attributes,
    security_profiles: &HashMap<String, &Attributes>,
) -> Option<WifiNetwork> {
    let ssid = row.non_empty_text("ssid")?;
    let profile = row
        .non_empty_text("security-profile")
        .and_then(|p| security_profiles.get(&p).copied());
    // `mode` says whether keys are used at all; only dynamic keys (WPA)
    // have authentication types.
    let security = profile.and_then(|p| match p.utf8("mode") {
        Some("none") => Some(Security::Open),
        Some(m) if m.starts_with("static-keys") => Some(Security::Wep),
        _ => p
            .non_empty_text("authentication-types")
            .map(|types| Security::from_vendor(&types)),
    });
    Some(WifiNetwork {
        radio: row
            .non_empty_text("master-interface")
            .or_else(|| row.non_empty_text("name")),
        band: row.utf8("band").and_then(Band::from_vendor),
        channel: row.u64("frequency").and_then(channel_of),
        is_enabled: row.bool("disabled").map(|d| !d),
        is_hidden: row.bool("hide-ssid"),
        security,
        ssid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::mapping::common::{by_name, row};

    #[test]
    fn wifi_inline_and_profile_properties() {
        let inline = row(&[
            ("name", "wifi1"),
            ("configuration.ssid", "home"),
            ("configuration.hide-ssid", "no"),
            ("channel.band", "5ghz-ax"),
            ("channel.frequency", "5180"),
            ("security.authentication-types", "wpa2-psk,wpa3-psk"),
            ("disabled", "false"),
        ]);
        let n = wifi_network(&inline, &WifiProfiles::default()).unwrap();
        assert_eq!(n.radio.as_deref(), Some("wifi1"));
        assert_eq!(n.ssid, "home");
        assert_eq!(n.band, Some(Band::Ghz5));
        assert_eq!(n.channel, Some(36));
        assert_eq!((n.is_enabled, n.is_hidden), (Some(true), Some(false)));
        assert_eq!(n.security, Some(Security::Wpa2Wpa3Personal));

        let cfg = [row(&[
            ("name", "cfg1"),
            ("ssid", "guest"),
            ("security", "sec1"),
            ("channel", "ch1"),
        ])];
        let sec = [row(&[
            ("name", "sec1"),
            ("authentication-types", "wpa3-psk"),
        ])];
        let ch = [row(&[
            ("name", "ch1"),
            ("band", "2ghz-ax"),
            ("frequency", "2437"),
        ])];
        let profiles = WifiProfiles {
            configurations: by_name(&cfg),
            securities: by_name(&sec),
            channels: by_name(&ch),
        };
        let virt = row(&[
            ("name", "wifi3"),
            ("master-interface", "wifi2"),
            ("configuration", "cfg1"),
            ("disabled", "true"),
        ]);
        let n = wifi_network(&virt, &profiles).unwrap();
        assert_eq!(n.radio.as_deref(), Some("wifi2"));
        assert_eq!(n.ssid, "guest");
        assert_eq!(n.band, Some(Band::Ghz2_4));
        assert_eq!(n.channel, Some(6));
        assert_eq!(n.security, Some(Security::Wpa3Personal));
        assert_eq!(n.is_enabled, Some(false));
        assert!(wifi_network(&row(&[("name", "wifi9")]), &profiles).is_none());
    }

    #[test]
    fn legacy_wireless() {
        let profiles = [
            row(&[("name", "default"), ("mode", "none")]),
            row(&[
                ("name", "psk"),
                ("mode", "dynamic-keys"),
                ("authentication-types", "wpa2-psk"),
            ]),
        ];
        let p = by_name(&profiles);
        let r = row(&[
            ("name", "wlan1"),
            ("ssid", "britney"),
            ("band", "2ghz-b/g/n"),
            ("frequency", "auto"),
            ("hide-ssid", "no"),
            ("security-profile", "psk"),
            ("disabled", "false"),
        ]);
        let n = wireless_network(&r, &p).unwrap();
        assert_eq!(n.band, Some(Band::Ghz2_4));
        assert_eq!(n.channel, None, "frequency=auto has no channel");
        assert_eq!(n.security, Some(Security::Wpa2Personal));
        let open = row(&[
            ("name", "wlan2"),
            ("ssid", "cafe"),
            ("frequency", "2412"),
            ("security-profile", "default"),
        ]);
        let n = wireless_network(&open, &p).unwrap();
        assert_eq!((n.channel, n.security), (Some(1), Some(Security::Open)));
    }
}
