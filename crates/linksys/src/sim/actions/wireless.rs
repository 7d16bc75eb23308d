//! `wirelessap/*` and `guestnetwork/*`: radios, SSIDs and the guest
//! network. Writes are checked in full against what each radio supports
//! before anything changes, and report `WirelessInterruption`.

use serde_json::Value;

use super::super::context::Ctx;
use super::super::input::{Done, Failure, Input, Outcome, no_input, object, to_json};
use crate::models::{GuestNetworkSettings, Radio, RadioSettings, WpaPersonalSettings};

const WIRELESS_INTERRUPTION: &str = "WirelessInterruption";

/// `wirelessap/GetRadioInfo[2,3]`. `maxRADIUSSharedKeyLength` appears from
/// version 2 and `physicalRadioID` in version 3 (**inferred** split).
pub fn get_radio_info(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    let mut info = ctx.state.radios.clone();
    for radio in &mut info.radios {
        if ctx.version < 3 {
            radio.physical_radio_id = None;
        }
        if ctx.version < 2 {
            radio.max_radius_shared_key_length = None;
        }
    }
    to_json(&info)
}

fn check_passphrase(path: &str, passphrase: &str) -> Result<(), Failure> {
    let len = passphrase.chars().count();
    let hex64 = len == 64 && passphrase.chars().all(|c| c.is_ascii_hexdigit());
    if !(8..=63).contains(&len) && !hex64 {
        return Err(Failure::invalid(format!(
            "Member \"{path}\" must be 8 to 63 characters (or 64 hex digits), not {len}"
        )));
    }
    Ok(())
}

fn check_ssid(path: &str, ssid: &str) -> Result<(), Failure> {
    if ssid.is_empty() || ssid.len() > 32 {
        return Err(Failure::invalid(format!(
            "Member \"{path}\" must be 1 to 32 bytes, not {}",
            ssid.len()
        )));
    }
    Ok(())
}

fn read_radio_settings(radio: &Radio, settings: &Input<'_>) -> Result<RadioSettings, Failure> {
    let mode = settings.str("mode")?;
    if !radio.supported_modes.iter().any(|m| m == mode) {
        return Err(Failure::invalid(format!(
            "Member \"{}\" {mode:?} is not one of {:?}",
            settings.path_of("mode"),
            radio.supported_modes
        )));
    }
    let ssid = settings.str("ssid")?;
    check_ssid(&settings.path_of("ssid"), ssid)?;
    let width = settings.str("channelWidth")?;
    let channel = settings.uint("channel")?;
    let Some(allowed) = radio
        .supported_channels_for_channel_widths
        .iter()
        .find(|w| w.channel_width == width)
    else {
        return Err(Failure::invalid(format!(
            "Member \"{}\" {width:?} is not supported by {}",
            settings.path_of("channelWidth"),
            radio.radio_id
        )));
    };
    let channel = u32::try_from(channel).unwrap_or(u32::MAX);
    if !allowed.channels.contains(&channel) {
        return Err(Failure::invalid(format!(
            "Member \"{}\" {channel} is not allowed at width {width} on {} (allowed: {:?})",
            settings.path_of("channel"),
            radio.radio_id,
            allowed.channels
        )));
    }
    let security = settings.str("security")?;
    if !radio.supported_security_types.iter().any(|s| s == security) {
        return Err(Failure::invalid(format!(
            "Member \"{}\" {security:?} is not one of {:?}",
            settings.path_of("security"),
            radio.supported_security_types
        )));
    }
    let wpa = match settings.opt_value("wpaPersonalSettings") {
        Some(value) => {
            let path = settings.path_of("wpaPersonalSettings");
            let wpa = object(value, &path, &["passphrase"])?;
            let passphrase = wpa.str("passphrase")?;
            check_passphrase(&wpa.path_of("passphrase"), passphrase)?;
            Some(WpaPersonalSettings {
                passphrase: passphrase.to_string(),
            })
        }
        None => None,
    };
    if security != "None" && wpa.is_none() {
        return Err(Failure::invalid(format!(
            "Missing required member \"{}\" for security {security}",
            settings.path_of("wpaPersonalSettings")
        )));
    }
    Ok(RadioSettings {
        is_enabled: settings.bool("isEnabled")?,
        mode: mode.to_string(),
        ssid: ssid.to_string(),
        broadcast_ssid: settings.bool("broadcastSSID")?,
        channel_width: width.to_string(),
        channel,
        security: security.to_string(),
        wpa_personal_settings: if security == "None" { None } else { wpa },
    })
}

/// `wirelessap/SetRadioSettings[2,3]`: `{radios: [{radioID, settings}],
/// isBandSteeringEnabled?, bandSteeringMode?}` (band steering members from
/// version 2).
pub fn set_radio_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let allowed: &[&str] = if ctx.version >= 2 {
        &["radios", "isBandSteeringEnabled", "bandSteeringMode"]
    } else {
        &["radios"]
    };
    let input = object(input, "", allowed)?;
    if input.opt_bool("isBandSteeringEnabled")? == Some(true)
        && !ctx.state.radios.is_band_steering_supported
    {
        return Err(Failure::invalid(
            "Member \"isBandSteeringEnabled\" cannot be true: band steering is not supported",
        ));
    }
    input.opt_str("bandSteeringMode")?;
    let mut changes: Vec<(usize, RadioSettings)> = Vec::new();
    for (i, item) in input.array("radios")?.iter().enumerate() {
        let path = format!("radios[{i}]");
        let entry = object(item, &path, &["radioID", "settings"])?;
        let radio_id = entry.str("radioID")?;
        let Some(index) = ctx
            .state
            .radios
            .radios
            .iter()
            .position(|r| r.radio_id == radio_id)
        else {
            return Err(Failure::invalid(format!(
                "Member \"{path}.radioID\" names no radio: {radio_id:?}"
            )));
        };
        if changes.iter().any(|(j, _)| *j == index) {
            return Err(Failure::invalid(format!(
                "Member \"{path}.radioID\" {radio_id:?} appears twice"
            )));
        }
        let settings_path = format!("{path}.settings");
        let settings = object(
            entry.required_value("settings")?,
            &settings_path,
            &[
                "isEnabled",
                "mode",
                "ssid",
                "broadcastSSID",
                "channelWidth",
                "channel",
                "security",
                "wpaPersonalSettings",
            ],
        )?;
        let Some(radio) = ctx.state.radios.radios.get(index) else {
            continue;
        };
        changes.push((index, read_radio_settings(radio, &settings)?));
    }
    for (index, settings) in changes {
        if let Some(radio) = ctx.state.radios.radios.get_mut(index) {
            radio.settings = settings;
        }
    }
    Ok(Done::empty().with_effect(WIRELESS_INTERRUPTION))
}

/// `guestnetwork/GetGuestRadioSettings[2]`; version 1 has no
/// `isGuestNetworkACaptivePortal`.
pub fn get_guest_radio_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    let mut guest = ctx.state.guest.clone();
    if ctx.version < 2 {
        guest.is_guest_network_a_captive_portal = None;
    }
    to_json(&guest)
}

fn check_guest_ssid(ctx: &Ctx<'_>, path: &str, ssid: &str) -> Result<(), Failure> {
    check_ssid(path, ssid)?;
    if ctx
        .state
        .radios
        .radios
        .iter()
        .any(|r| r.settings.ssid == ssid)
    {
        return Err(Failure::code(
            "ErrorGuestSSIDConflict",
            format!("guest SSID {ssid:?} is already a main network's SSID"),
        ));
    }
    Ok(())
}

/// `guestnetwork/SetGuestRadioSettings[2]`: `{isGuestNetworkEnabled,
/// radios: [{radioID, isEnabled, broadcastGuestSSID, guestSSID,
/// guestWPAPassphrase}]}`, plus `isGuestNetworkACaptivePortal` in
/// version 2. A guest SSID equal to a main SSID is
/// `ErrorGuestSSIDConflict`.
pub fn set_guest_radio_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let allowed: &[&str] = if ctx.version >= 2 {
        &[
            "isGuestNetworkEnabled",
            "radios",
            "isGuestNetworkACaptivePortal",
        ]
    } else {
        &["isGuestNetworkEnabled", "radios"]
    };
    let input = object(input, "", allowed)?;
    let enabled = input.bool("isGuestNetworkEnabled")?;
    let captive = input.opt_bool("isGuestNetworkACaptivePortal")?;
    let mut guest = ctx.state.guest.clone();
    for (i, item) in input.array("radios")?.iter().enumerate() {
        let path = format!("radios[{i}]");
        let r = object(
            item,
            &path,
            &[
                "radioID",
                "isEnabled",
                "broadcastGuestSSID",
                "guestSSID",
                "guestWPAPassphrase",
            ],
        )?;
        let radio_id = r.str("radioID")?;
        let Some(slot) = guest.radios.iter_mut().find(|g| g.radio_id == radio_id) else {
            return Err(Failure::invalid(format!(
                "Member \"{path}.radioID\" names no guest-capable radio: {radio_id:?}"
            )));
        };
        let ssid = r.str("guestSSID")?;
        check_guest_ssid(ctx, &r.path_of("guestSSID"), ssid)?;
        let passphrase = r.str("guestWPAPassphrase")?;
        check_passphrase(&r.path_of("guestWPAPassphrase"), passphrase)?;
        slot.is_enabled = r.bool("isEnabled")?;
        slot.broadcast_guest_ssid = r.bool("broadcastGuestSSID")?;
        slot.guest_ssid = ssid.to_string();
        slot.guest_wpa_passphrase = passphrase.to_string();
    }
    guest.is_guest_network_enabled = enabled;
    if let Some(captive) = captive {
        guest.is_guest_network_a_captive_portal = Some(captive);
    }
    ctx.state.guest = guest;
    Ok(Done::empty().with_effect(WIRELESS_INTERRUPTION))
}

/// `guestnetwork/GetGuestNetworkSettings`: the single-SSID view (first
/// guest radio; **inferred** shape).
pub fn get_guest_network_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    let guest = &ctx.state.guest;
    let first = guest.radios.first();
    to_json(&GuestNetworkSettings {
        is_guest_network_enabled: guest.is_guest_network_enabled,
        guest_ssid: first.map(|r| r.guest_ssid.clone()).unwrap_or_default(),
        guest_password: first
            .map(|r| r.guest_wpa_passphrase.clone())
            .unwrap_or_default(),
        broadcast_guest_ssid: first.is_some_and(|r| r.broadcast_guest_ssid),
        max_simultaneous_guests: ctx.state.max_guests,
    })
}

/// `guestnetwork/SetGuestNetworkSettings {isGuestNetworkEnabled, guestSSID,
/// guestPassword, broadcastGuestSSID, maxSimultaneousGuests?}`: applies to
/// every guest radio.
pub fn set_guest_network_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let input = object(
        input,
        "",
        &[
            "isGuestNetworkEnabled",
            "guestSSID",
            "guestPassword",
            "broadcastGuestSSID",
            "maxSimultaneousGuests",
        ],
    )?;
    let enabled = input.bool("isGuestNetworkEnabled")?;
    let ssid = input.str("guestSSID")?;
    check_guest_ssid(ctx, "guestSSID", ssid)?;
    let password = input.str("guestPassword")?;
    check_passphrase("guestPassword", password)?;
    let broadcast = input.bool("broadcastGuestSSID")?;
    let max = match input.opt_uint("maxSimultaneousGuests")? {
        Some(n) if (1..=128).contains(&n) => Some(n as u32),
        Some(n) => {
            return Err(Failure::invalid(format!(
                "Member \"maxSimultaneousGuests\" must be 1 to 128, not {n}"
            )));
        }
        None => None,
    };
    ctx.state.guest.is_guest_network_enabled = enabled;
    for r in &mut ctx.state.guest.radios {
        r.guest_ssid = ssid.to_string();
        r.guest_wpa_passphrase = password.to_string();
        r.broadcast_guest_ssid = broadcast;
    }
    if let Some(max) = max {
        ctx.state.max_guests = max;
    }
    Ok(Done::empty().with_effect(WIRELESS_INTERRUPTION))
}
