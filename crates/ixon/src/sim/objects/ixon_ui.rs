//! IXON's objects: `ixon.ui.overview`, `ixon.ui.configuration`,
//! `ixon.ui.account`, `ixon.ui.hardware`.
//!
//! The overview and configuration payloads follow routerctl's own
//! definition ([`crate::overview`], [`crate::configuration`]); IXON has not
//! published theirs.

use std::time::Instant;

use serde_json::{Map, Value, json};

use super::{Caller, Reply, arg_str};
use crate::configuration::{self, SHAPE, band_of_channel};
use crate::jsonrpc::{UbusStatus, string_list};
use crate::overview::{
    DeviceInfo, InterfaceStats, LanClient, LanOverview, Overview, OverviewLease, VpnOverview,
    WanInterface, WanOverview, WlanOverview,
};
use crate::sim::SimState;
use crate::sim::device::{DeviceState, WanType, netmask};

/// IXON's minimum password length.
pub const MIN_PASSWORD_LEN: usize = 8;
/// Longest password accepted (rpcd stores a crypt hash; keep input sane).
pub const MAX_PASSWORD_LEN: usize = 128;

pub fn invoke(
    state: &mut SimState,
    caller: Caller<'_>,
    object: &str,
    method: &str,
    args: &Map<String, Value>,
) -> Reply {
    match (object, method) {
        ("ixon.ui.overview", "get") => {
            let overview = render_overview(&state.device, caller.now);
            match serde_json::to_value(overview) {
                Ok(v) => (UbusStatus::Ok, Some(v)),
                Err(_) => (UbusStatus::UnknownError, None),
            }
        }
        ("ixon.ui.configuration", "get") => (
            UbusStatus::Ok,
            Some(json!({ "configuration": state.device.configuration })),
        ),
        ("ixon.ui.configuration", "set") => configuration_set(state, args),
        ("ixon.ui.account", "password_set") => password_set(state, caller, args),
        ("ixon.ui.hardware", "get") => (UbusStatus::Ok, Some(hardware(&state.device))),
        _ => (UbusStatus::MethodNotFound, None),
    }
}

/// Validate against the shape `get` returns, then merge. Any problem is
/// status 2 and nothing changes.
fn configuration_set(state: &mut SimState, args: &Map<String, Value>) -> Reply {
    let Some(patch) = args.get("configuration") else {
        return (UbusStatus::InvalidArgument, None);
    };
    if let Err(why) = configuration::validate(patch, &SHAPE, true) {
        tracing::debug!(%why, "sim: configuration set refused");
        return (UbusStatus::InvalidArgument, None);
    }
    let mut next = state.device.configuration.clone();
    configuration::merge(&mut next, patch);
    // The merged object must still be complete (it always is when the patch
    // validated, but a broken state must never be stored).
    if configuration::validate(&next, &SHAPE, false).is_err() {
        return (UbusStatus::InvalidArgument, None);
    }
    state.device.configuration = next;
    (UbusStatus::Ok, None)
}

/// Change the calling user's password (at least 8 characters); other
/// sessions of that user end, as the old password no longer holds.
fn password_set(state: &mut SimState, caller: Caller<'_>, args: &Map<String, Value>) -> Reply {
    let Some(password) = arg_str(args, "password") else {
        return (UbusStatus::InvalidArgument, None);
    };
    let len = password.chars().count();
    if !(MIN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&len) {
        return (UbusStatus::InvalidArgument, None);
    }
    let Some(username) = state
        .sessions
        .get(caller.session, caller.now)
        .map(|s| s.username.clone())
    else {
        return (UbusStatus::PermissionDenied, None);
    };
    let Some(user) = state.users.iter_mut().find(|u| u.name == username) else {
        return (UbusStatus::NotFound, None);
    };
    user.password = password.to_string();
    state.bump_user(&username);
    state.sessions.remove_user(&username, caller.session);
    // The caller keeps its session under the new version.
    let version = state.user_version(&username).unwrap_or(0);
    state.sessions.set_user_version(&username, version);
    (UbusStatus::Ok, None)
}

fn cfg_str<'a>(d: &'a DeviceState, pointer: &str) -> Option<&'a str> {
    d.configuration.pointer(pointer).and_then(Value::as_str)
}

fn cfg_bool(d: &DeviceState, pointer: &str) -> bool {
    d.configuration.pointer(pointer).and_then(Value::as_bool) == Some(true)
}

/// Build the overview from the device state at `now`.
pub fn render_overview(d: &DeviceState, now: Instant) -> Overview {
    let uptime = d.uptime(now);
    let wlan_ap = d.ixon_wlan_is_ap();
    let wlan_client = cfg_bool(d, "/wlan/wlanEnable") && !wlan_ap;
    let cellular_on = cfg_bool(d, "/cellular/cellularEnable");
    let ssid = cfg_str(d, "/wlan/wlanSsid").map(str::to_string);

    let wans: Vec<WanInterface> = d
        .wans
        .iter()
        .map(|w| {
            let connected = w.connected
                && match w.kind {
                    WanType::Ethernet => true,
                    WanType::Cellular => cellular_on,
                    WanType::Wifi => wlan_client,
                };
            let mut wi = WanInterface {
                name: w.name.clone(),
                kind: w.kind.as_str().to_string(),
                connected: Some(connected),
                ..Default::default()
            };
            if w.kind == WanType::Cellular {
                wi.operator = w.operator.clone();
                wi.technology = w.technology.clone();
                wi.sim_status = w.sim_status.clone();
                wi.signal_strength = w.signal;
            }
            if w.kind == WanType::Wifi && wlan_client {
                wi.ssid = ssid.clone();
                wi.signal_strength = w.signal;
            }
            if connected {
                let static_eth = w.kind == WanType::Ethernet && !cfg_bool(d, "/wan/ipUseDhcp");
                if static_eth {
                    wi.ip_address = cfg_str(d, "/wan/ipAddress").map(str::to_string);
                    wi.net_mask = cfg_str(d, "/wan/ipNetMask").map(str::to_string);
                    wi.gateway = cfg_str(d, "/wan/ipGateway").map(str::to_string);
                    wi.dns_servers = d
                        .configuration
                        .get("wan")
                        .map(|wan| string_list(wan, "dnsServers"))
                        .unwrap_or_default();
                } else {
                    wi.ip_address = Some(w.address.to_string());
                    wi.net_mask = Some(netmask(w.prefix));
                    wi.gateway = Some(w.gateway.to_string());
                    wi.dns_servers = w.dns.clone();
                }
                wi.uptime = Some(uptime.saturating_sub(w.up_since));
            }
            wi
        })
        .collect();
    let policy = cfg_str(d, "/wan/multiwanPolicy").unwrap_or("eth_cell_wifi");
    let active = policy
        .split('_')
        .filter_map(|k| match k {
            "eth" => Some("ethernet"),
            "cell" => Some("cellular"),
            "wifi" => Some("wifi"),
            _ => None,
        })
        .find_map(|kind| {
            wans.iter()
                .find(|w| w.kind == kind && w.connected == Some(true))
                .map(|w| w.name.clone())
        });

    let (lan_ip, lan_prefix) = d.lan();
    let dhcp_on = cfg_bool(d, "/lan/dhcpServerEnabled");
    let clients: Vec<LanClient> = d
        .present_hosts()
        .map(|h| LanClient {
            mac_address: h.mac.clone(),
            ip_address: Some(d.host_ip(h).to_string()),
            hostname: h.hostname.clone(),
            interface: Some(
                if h.wifi_device.is_some() {
                    "wlan"
                } else {
                    "lan"
                }
                .to_string(),
            ),
            signal_strength: h.signal,
            active: Some(true),
        })
        .collect();
    let leases: Vec<OverviewLease> = if dhcp_on {
        d.present_hosts()
            .map(|h| OverviewLease {
                mac_address: h.mac.clone(),
                ip_address: Some(d.host_ip(h).to_string()),
                hostname: h.hostname.clone(),
                client_id: h.client_id.clone(),
                expires: (!h.static_lease).then(|| d.lease_left(h, uptime)),
                is_static: Some(h.static_lease),
            })
            .collect()
    } else {
        Vec::new()
    };
    let channel = d
        .configuration
        .pointer("/wlan/wlanChannel")
        .and_then(Value::as_u64)
        .and_then(|c| u32::try_from(c).ok());
    let interfaces = d
        .ports
        .iter()
        .map(|p| {
            let c = p.counters(uptime, d.seed);
            let up = match p.kind.as_str() {
                "wireless" => cfg_bool(d, "/wlan/wlanEnable"),
                "cellular" => cellular_on,
                _ => p.up,
            };
            InterfaceStats {
                name: p.name.clone(),
                device: Some(p.device.clone()),
                kind: Some(p.kind.clone()),
                enabled: Some(up || p.kind == "ethernet"),
                up: Some(up),
                mac_address: Some(p.mac.clone()),
                mtu: Some(p.mtu),
                speed: p.speed,
                rx_bytes: Some(c.rx_bytes),
                tx_bytes: Some(c.tx_bytes),
                rx_packets: Some(c.rx_packets),
                tx_packets: Some(c.tx_packets),
                rx_errors: Some(c.rx_errors),
                tx_errors: Some(c.tx_errors),
                rx_dropped: Some(c.rx_dropped),
                tx_dropped: Some(c.tx_dropped),
            }
        })
        .collect();
    let vpn_up = active.is_some();
    Overview {
        device: Some(DeviceInfo {
            model: Some(d.model.clone()),
            article_number: Some(d.article_number.clone()),
            serial_number: Some(d.serial_number.clone()),
            firmware_version: Some(d.firmware.clone()),
            hostname: Some(d.hostname.clone()),
            uptime: Some(uptime),
            mac_address: d.ports.first().map(|p| p.mac.clone()),
        }),
        wan: Some(WanOverview {
            multiwan_policy: Some(policy.to_string()),
            active_interface: active,
            interfaces: wans,
        }),
        lan: Some(LanOverview {
            ip_address: Some(lan_ip.to_string()),
            net_mask: Some(netmask(lan_prefix)),
            mac_address: d.ports.first().map(|p| p.mac.clone()),
            clients,
            dhcp_leases: leases,
        }),
        wlan: Some(WlanOverview {
            enabled: Some(cfg_bool(d, "/wlan/wlanEnable")),
            mode: cfg_str(d, "/wlan/wlanMode").map(str::to_string),
            ssid,
            channel,
            band: channel.and_then(band_of_channel).map(|b| b.to_string()),
            client_count: Some(
                d.present_hosts()
                    .filter(|h| h.wifi_device.is_some())
                    .count() as u32,
            ),
        }),
        vpn: Some(VpnOverview {
            status: Some(if vpn_up { "connected" } else { "disconnected" }.to_string()),
            server: vpn_up.then(|| d.vpn_server.clone()),
            ip_address: vpn_up.then(|| d.vpn_address.clone()),
            uptime: vpn_up.then(|| uptime.saturating_sub(45)),
        }),
        interfaces,
    }
}

/// `ixon.ui.hardware get` (our definition): board, modem and I/O.
fn hardware(d: &DeviceState) -> Value {
    json!({
        "model": d.model,
        "articleNumber": d.article_number,
        "serialNumber": d.serial_number,
        "hardwareRevision": d.hardware_revision,
        "board": d.board_name,
        "macAddresses": d.ports.iter()
            .filter(|p| p.kind == "ethernet")
            .map(|p| (p.name.clone(), Value::from(p.mac.clone())))
            .collect::<Map<String, Value>>(),
        "modem": {
            "manufacturer": "Quectel",
            "model": "EG25-G",
            "firmware": "EG25GGBR07A08M2G",
            "imei": format!("35{:013}", d.seed % 10_000_000_000_000),
        },
        "digitalInput": { "state": false },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Flavor;
    use std::time::Duration;

    #[test]
    fn overview_follows_configuration() {
        let t0 = Instant::now();
        let mut d = DeviceState::new(Flavor::Ixon, "ixrouter", 3, t0);
        let o = render_overview(&d, t0 + Duration::from_secs(100));
        let wan = o.wan.unwrap();
        assert_eq!(wan.active_interface.as_deref(), Some("wan"));
        assert_eq!(o.lan.as_ref().unwrap().dhcp_leases.len(), 4);
        assert_eq!(o.device.unwrap().uptime, Some(100));

        d.configuration["wan"]["multiwanPolicy"] = json!("cell_eth_wifi");
        d.configuration["lan"]["dhcpServerEnabled"] = json!(false);
        d.configuration["wlan"]["wlanMode"] = json!("client");
        let o = render_overview(&d, t0);
        let wan = o.wan.unwrap();
        assert_eq!(wan.active_interface.as_deref(), Some("cellular"));
        let wifi = wan.interfaces.iter().find(|w| w.kind == "wifi").unwrap();
        assert_eq!(wifi.connected, Some(true));
        assert_eq!(wifi.ssid.as_deref(), Some("IXrouter"));
        assert!(o.lan.unwrap().dhcp_leases.is_empty());
    }
}
