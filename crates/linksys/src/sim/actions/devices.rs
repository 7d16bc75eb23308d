//! `devicelist/*` and `networkconnections/*`: the devices the router knows,
//! their properties, and live link data.

use serde_json::Value;

use super::super::context::Ctx;
use super::super::input::{Done, Failure, Outcome, is_mac, object, to_json};
use crate::models::{Devices, NetworkConnection, NetworkConnections, Property, WirelessLink};

/// Longest property name or value accepted (**inferred**).
const MAX_PROPERTY_LEN: usize = 255;

/// `devicelist/GetDevices` and `GetDevices3`, with optional
/// `sinceRevision`: only devices changed after it, plus the ids deleted
/// after it. Version 1 lists `knownMACAddresses`, version 3
/// `knownInterfaces`.
pub fn get_devices(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let input = object(input, "", &["sinceRevision"])?;
    let since = input.opt_uint("sinceRevision")?.unwrap_or(0);
    let state = &*ctx.state;
    let devices = state
        .devices
        .iter()
        .filter(|d| d.device.last_change_revision > since)
        .map(|d| {
            let mut device = d.device.clone();
            if ctx.version < 3 {
                device.known_mac_addresses = device
                    .known_interfaces
                    .drain(..)
                    .map(|i| i.mac_address)
                    .collect();
            }
            device
        })
        .collect();
    let deleted_device_ids = state
        .deleted
        .iter()
        .filter(|(revision, _)| *revision > since)
        .map(|(_, id)| id.clone())
        .collect();
    to_json(&Devices {
        revision: state.revision,
        devices,
        deleted_device_ids,
    })
}

/// `devicelist/SetDeviceProperties {deviceID, propertiesToModify?,
/// propertiesToRemove?}`.
pub fn set_device_properties(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let input = object(
        input,
        "",
        &["deviceID", "propertiesToModify", "propertiesToRemove"],
    )?;
    let id = input.str("deviceID")?;
    let mut modify = Vec::new();
    for (i, item) in input
        .opt_array("propertiesToModify")?
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let path = format!("propertiesToModify[{i}]");
        let p = object(item, &path, &["name", "value"])?;
        let name = p.str("name")?;
        let value = p.str("value")?;
        if name.is_empty() || name.len() > MAX_PROPERTY_LEN || value.len() > MAX_PROPERTY_LEN {
            return Err(Failure::invalid(format!(
                "Member \"{path}\" must have a name of 1 to {MAX_PROPERTY_LEN} bytes and a value of at most {MAX_PROPERTY_LEN}"
            )));
        }
        modify.push(Property {
            name: name.to_string(),
            value: value.to_string(),
        });
    }
    let remove = match input.opt_array("propertiesToRemove")? {
        Some(_) => input.strings("propertiesToRemove")?,
        None => Vec::new(),
    };
    let Some(index) = ctx
        .state
        .devices
        .iter()
        .position(|d| d.device.device_id == id)
    else {
        return Err(Failure::code(
            "ErrorUnknownDevice",
            format!("no device with deviceID {id:?}"),
        ));
    };
    let max = ctx
        .state
        .devices
        .get(index)
        .and_then(|d| d.device.max_allowed_properties)
        .unwrap_or(16) as usize;
    let mut properties = ctx
        .state
        .devices
        .get(index)
        .map(|d| d.device.properties.clone())
        .unwrap_or_default();
    properties.retain(|p| !remove.contains(&p.name));
    for p in modify {
        match properties.iter_mut().find(|q| q.name == p.name) {
            Some(q) => q.value = p.value,
            None => properties.push(p),
        }
    }
    if properties.len() > max {
        return Err(Failure::invalid(format!(
            "Member \"propertiesToModify\" would give the device {} properties (at most {max})",
            properties.len()
        )));
    }
    let revision = ctx.state.bump_revision();
    if let Some(d) = ctx.state.devices.get_mut(index) {
        d.device.properties = properties;
        d.device.last_change_revision = revision;
    }
    Ok(Done::empty())
}

/// `devicelist/DeleteDevice {deviceID}`: forget an offline device.
pub fn delete_device(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let input = object(input, "", &["deviceID"])?;
    let id = input.str("deviceID")?;
    let Some(index) = ctx
        .state
        .devices
        .iter()
        .position(|d| d.device.device_id == id)
    else {
        return Err(Failure::code(
            "ErrorUnknownDevice",
            format!("no device with deviceID {id:?}"),
        ));
    };
    if ctx
        .state
        .devices
        .get(index)
        .is_some_and(|d| d.online || d.device.is_authority)
    {
        return Err(Failure::code(
            "ErrorCannotDeleteDevice",
            format!("device {id:?} is connected"),
        ));
    }
    ctx.state.devices.remove(index);
    let revision = ctx.state.bump_revision();
    ctx.state.deleted.push((revision, id.to_string()));
    Ok(Done::empty())
}

/// `networkconnections/GetNetworkConnections[2]`: one entry per online
/// client; wireless ones carry radio, band and a signal that varies from
/// read to read around the client's own level. Optional `macAddresses`
/// narrows the list (**inferred**).
pub fn get_network_connections(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    let input = object(input, "", &["macAddresses"])?;
    let only = match input.opt_array("macAddresses")? {
        Some(_) => {
            let macs = input.strings("macAddresses")?;
            if let Some(bad) = macs.iter().find(|m| !is_mac(m)) {
                return Err(Failure::code(
                    "ErrorInvalidMACAddress",
                    format!("{bad:?} is not a MAC address"),
                ));
            }
            Some(macs)
        }
        None => None,
    };
    ctx.state.tick = ctx.state.tick.wrapping_add(1);
    let tick = ctx.state.tick;
    let state = &*ctx.state;
    let connections = state
        .devices
        .iter()
        .enumerate()
        .filter(|(_, d)| d.online)
        .filter(|(_, d)| {
            only.as_ref()
                .is_none_or(|m| m.iter().any(|x| x.eq_ignore_ascii_case(&d.mac)))
        })
        .filter_map(|(i, d)| {
            let link = d.link.as_ref()?;
            let wireless = link.radio_id.as_ref().map(|radio_id| {
                let radio = state.radios.radios.iter().find(|r| &r.radio_id == radio_id);
                let bssid = radio.map(|r| r.bssid.clone()).unwrap_or_default();
                let bssid = if link.is_guest {
                    // Guest BSSIDs are the radio's with a locally administered first octet.
                    bssid.replacen("30:", "36:", 1)
                } else {
                    bssid
                };
                let wobble = ((tick.wrapping_mul(7).wrapping_add(i as u64 * 13)) % 9) as i32 - 4;
                WirelessLink {
                    bssid,
                    is_guest: link.is_guest,
                    radio_id: radio_id.clone(),
                    band: link.band.clone().unwrap_or_default(),
                    signal_decibels: (link.base_signal + wobble).max(1),
                }
            });
            Some(NetworkConnection {
                mac_address: d.mac.clone(),
                negotiated_mbps: Some(link.mbps),
                wireless,
            })
        })
        .collect();
    to_json(&NetworkConnections { connections })
}
