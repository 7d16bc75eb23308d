//! Settings that persist: parental control (`parentalcontrol/*`), time
//! (`locale/*`), firmware updates (`firmwareupdate/*`), logs
//! (`routerlog/*`) and LEDs (`routerleds/*`).

use serde_json::Value;

use super::super::clock::iso8601;
use super::super::context::Ctx;
use super::super::input::{Done, Failure, Outcome, is_mac, no_input, object, to_json};
use crate::models::{
    AvailableUpdate, FirmwareUpdateStatus, LogEntries, LogKind, LogSettings, ParentalControlRule,
    RouterLedSettings, TimeSettings, UPDATE_POLICIES, UpdateWindow, WEEKDAYS, WanSchedule,
    check_schedule,
};

/// `parentalcontrol/GetParentalControlSettings`.
pub fn get_parental_control_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    to_json(&ctx.state.parental)
}

/// `parentalcontrol/SetParentalControlSettings {isParentalControlEnabled,
/// rules}`. Schedules are 48 `0`/`1` characters per day
/// (`ErrorInvalidWANSchedule` otherwise), MACs must be MACs
/// (`ErrorInvalidMACAddress`), and one device may be in one rule only
/// (`ErrorRulesOverlap`, **inferred** meaning).
pub fn set_parental_control_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let input = object(input, "", &["isParentalControlEnabled", "rules"])?;
    let enabled = input.bool("isParentalControlEnabled")?;
    let limits = &ctx.state.parental;
    let max_rules = limits.max_rules.unwrap_or(14) as usize;
    let max_description = limits.max_rule_description_length.unwrap_or(32) as usize;
    let max_urls = limits.max_rule_blocked_urls.unwrap_or(8) as usize;
    let items = input.array("rules")?;
    if items.len() > max_rules {
        return Err(Failure::invalid(format!(
            "Member \"rules\" has {} rules (at most {max_rules})",
            items.len()
        )));
    }
    let mut rules = Vec::new();
    let mut seen_macs: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("rules[{i}]");
        let r = object(
            item,
            &path,
            &[
                "isEnabled",
                "description",
                "macAddresses",
                "blockedURLs",
                "wanSchedule",
            ],
        )?;
        let description = r.str("description")?;
        if description.chars().count() > max_description {
            return Err(Failure::invalid(format!(
                "Member \"{path}.description\" is longer than {max_description} characters"
            )));
        }
        let macs = r.strings("macAddresses")?;
        for mac in &macs {
            if !is_mac(mac) {
                return Err(Failure::code(
                    "ErrorInvalidMACAddress",
                    format!("{path}.macAddresses: {mac:?} is not a MAC address"),
                ));
            }
            let upper = mac.to_ascii_uppercase();
            if seen_macs.contains(&upper) {
                return Err(Failure::code(
                    "ErrorRulesOverlap",
                    format!("{mac} is in more than one rule"),
                ));
            }
            seen_macs.push(upper);
        }
        let urls = r.strings("blockedURLs")?;
        if urls.len() > max_urls {
            return Err(Failure::invalid(format!(
                "Member \"{path}.blockedURLs\" has {} entries (at most {max_urls})",
                urls.len()
            )));
        }
        let schedule_path = format!("{path}.wanSchedule");
        let s = object(r.required_value("wanSchedule")?, &schedule_path, &WEEKDAYS)?;
        let mut days: Vec<String> = Vec::new();
        for day in WEEKDAYS {
            let text = s.str(day)?;
            if let Err(why) = check_schedule(text) {
                return Err(Failure::code(
                    "ErrorInvalidWANSchedule",
                    format!("{schedule_path}.{day} {why}"),
                ));
            }
            days.push(text.to_string());
        }
        let mut days = days.into_iter();
        let mut next = || days.next().unwrap_or_default();
        rules.push(ParentalControlRule {
            is_enabled: r.bool("isEnabled")?,
            description: description.to_string(),
            mac_addresses: macs.iter().map(|m| m.to_ascii_uppercase()).collect(),
            blocked_urls: urls,
            wan_schedule: WanSchedule {
                sunday: next(),
                monday: next(),
                tuesday: next(),
                wednesday: next(),
                thursday: next(),
                friday: next(),
                saturday: next(),
            },
        });
    }
    ctx.state.parental.is_parental_control_enabled = enabled;
    ctx.state.parental.rules = rules;
    Ok(Done::empty())
}

/// `locale/GetTimeSettings`.
pub fn get_time_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    let state = &*ctx.state;
    to_json(&TimeSettings {
        time_zone_id: state.time_zone.clone(),
        auto_adjust_for_dst: state.auto_dst,
        supported_time_zones: state.time_zones.clone(),
        current_time: state.now_iso(),
    })
}

/// `locale/SetTimeSettings {timeZoneID, autoAdjustForDST}`: the zone must
/// be one of `supportedTimeZones`.
pub fn set_time_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let input = object(input, "", &["timeZoneID", "autoAdjustForDST"])?;
    let zone = input.str("timeZoneID")?;
    let dst = input.bool("autoAdjustForDST")?;
    if !ctx.state.time_zones.iter().any(|z| z.time_zone_id == zone) {
        return Err(Failure::invalid(format!(
            "Member \"timeZoneID\" {zone:?} is not one of supportedTimeZones"
        )));
    }
    ctx.state.time_zone = zone.to_string();
    ctx.state.auto_dst = dst;
    Ok(Done::empty())
}

/// `firmwareupdate/GetFirmwareUpdateSettings`.
pub fn get_firmware_update_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    to_json(&ctx.state.firmware)
}

/// `firmwareupdate/SetFirmwareUpdateSettings {updatePolicy,
/// autoUpdateWindow: {startMinute, durationMinutes}}`.
pub fn set_firmware_update_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let input = object(input, "", &["updatePolicy", "autoUpdateWindow"])?;
    let policy = input.str("updatePolicy")?;
    if !UPDATE_POLICIES.contains(&policy) {
        return Err(Failure::invalid(format!(
            "Member \"updatePolicy\" {policy:?} is not one of {UPDATE_POLICIES:?}"
        )));
    }
    let window = object(
        input.required_value("autoUpdateWindow")?,
        "autoUpdateWindow",
        &["startMinute", "durationMinutes"],
    )?;
    let start = window.uint("startMinute")?;
    let duration = window.uint("durationMinutes")?;
    if start > 1439 {
        return Err(Failure::invalid(format!(
            "Member \"autoUpdateWindow.startMinute\" must be 0 to 1439, not {start}"
        )));
    }
    if !(1..=1440).contains(&duration) {
        return Err(Failure::invalid(format!(
            "Member \"autoUpdateWindow.durationMinutes\" must be 1 to 1440, not {duration}"
        )));
    }
    ctx.state.firmware.update_policy = policy.to_string();
    ctx.state.firmware.auto_update_window = UpdateWindow {
        start_minute: start as u32,
        duration_minutes: duration as u32,
    };
    Ok(Done::empty())
}

/// `firmwareupdate/GetFirmwareUpdateStatus`.
pub fn get_firmware_update_status(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    let state = &*ctx.state;
    to_json(&FirmwareUpdateStatus {
        last_successful_check_time: state.last_firmware_check.map(iso8601),
        available_update: state.firmware_found.as_ref().map(|v| AvailableUpdate {
            firmware_version: v.clone(),
            firmware_date: state.now_iso(),
        }),
    })
}

/// `firmwareupdate/UpdateFirmwareNow {onlyCheck?}`: checks for newer
/// firmware; without `onlyCheck`, installs what it found and restarts
/// (`DeviceRestart`).
pub fn update_firmware_now(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let input = object(input, "", &["onlyCheck"])?;
    let only_check = input.opt_bool("onlyCheck")?.unwrap_or(false);
    let state = &mut *ctx.state;
    state.last_firmware_check = Some(state.now());
    state.firmware_found = state
        .firmware_on_server
        .clone()
        .filter(|v| *v != state.info.firmware_version);
    if only_check {
        return Ok(Done::empty());
    }
    let Some(version) = state.firmware_found.take() else {
        return Ok(Done::empty());
    };
    state.info.firmware_version = version.clone();
    state.info.firmware_date = state.now_iso();
    if let Some(router) = state.devices.iter_mut().find(|d| d.device.is_authority) {
        router.device.unit.firmware_version = Some(version);
    }
    state.reboot();
    Ok(Done::empty().with_effect("DeviceRestart"))
}

/// `routerlog/GetLogSettings`.
pub fn get_log_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    to_json(&LogSettings {
        is_logging_enabled: ctx.state.logging,
    })
}

/// `routerlog/SetLogSettings {isLoggingEnabled}`.
pub fn set_log_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let input = object(input, "", &["isLoggingEnabled"])?;
    ctx.state.logging = input.bool("isLoggingEnabled")?;
    Ok(Done::empty())
}

fn log_entries(ctx: &mut Ctx<'_>, input: &Value, kind: LogKind) -> Outcome {
    let input = object(input, "", &["firstEntryIndex", "entryCount"])?;
    let first = input.int("firstEntryIndex")?;
    let count = input.int("entryCount")?;
    if first < 1 {
        return Err(Failure::code(
            "ErrorInvalidFirstEntryIndex",
            format!("firstEntryIndex {first} is below 1"),
        ));
    }
    if count < 1 {
        return Err(Failure::code(
            "ErrorInvalidEntryCount",
            format!("entryCount {count} is below 1"),
        ));
    }
    let entries = ctx
        .state
        .logs
        .iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, e)| e.clone())
        .skip(usize::try_from(first - 1).unwrap_or(usize::MAX))
        .take(usize::try_from(count).unwrap_or(usize::MAX))
        .collect();
    to_json(&LogEntries { entries })
}

/// `routerlog/GetIncomingLogEntries {firstEntryIndex, entryCount}`.
pub fn get_incoming_log_entries(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    log_entries(ctx, input, LogKind::Incoming)
}

/// `routerlog/GetOutgoingLogEntries {firstEntryIndex, entryCount}`.
pub fn get_outgoing_log_entries(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    log_entries(ctx, input, LogKind::Outgoing)
}

/// `routerlog/GetSecurityLogEntries {firstEntryIndex, entryCount}`.
pub fn get_security_log_entries(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    log_entries(ctx, input, LogKind::Security)
}

/// `routerlog/GetDHCPLogEntries {firstEntryIndex, entryCount}`.
pub fn get_dhcp_log_entries(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    log_entries(ctx, input, LogKind::Dhcp)
}

/// `routerlog/DeleteLogEntries`: empties every log.
pub fn delete_log_entries(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    ctx.state.logs.clear();
    Ok(Done::empty())
}

/// `routerleds/GetRouterLEDSettings`.
pub fn get_router_led_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    to_json(&RouterLedSettings {
        is_switchport_led_enabled: ctx.state.switchport_leds,
    })
}

/// `routerleds/SetRouterLEDSettings {isSwitchportLEDEnabled}`.
pub fn set_router_led_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let input = object(input, "", &["isSwitchportLEDEnabled"])?;
    ctx.state.switchport_leds = input.bool("isSwitchportLEDEnabled")?;
    Ok(Done::empty())
}
