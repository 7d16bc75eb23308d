//! Wi-Fi commands: the access point switch (`cmd.ap`) and the Wi-Fi WAN
//! client (`cmd.wifi.*`).

use serde_json::{Value, json};

use crate::sim::call::{Call, Fail, Outcome, ok, ok_empty};
use crate::sim::state::SimState;

/// `GET cmd.ap`.
pub fn ap_get(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    let d = &state.device;
    ok(json!({"support": true, "enable": d.ap_enable, "wanDependent": d.ap_wan_dependent}))
}

/// `POST cmd.ap {enable?, wanDependent?}`: switch the access point.
pub fn ap_set(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["enable", "wanDependent"])?;
    let enable = call.params.bool("enable")?;
    let wan_dependent = call.params.bool("wanDependent")?;
    if enable.is_none() && wan_dependent.is_none() {
        return Err(Fail::bad("Missing parameter: enable"));
    }
    let d = &mut state.device;
    if let Some(e) = enable {
        d.ap_enable = e;
    }
    if let Some(w) = wan_dependent {
        d.ap_wan_dependent = w;
    }
    ok(json!({"support": true, "enable": d.ap_enable, "wanDependent": d.ap_wan_dependent}))
}

/// `GET cmd.wifi.scan`: networks the Wi-Fi WAN radio hears.
pub fn scan(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    let d = &state.device;
    let list: Vec<Value> = d
        .wifi_networks
        .iter()
        .map(|(ssid, bssid, signal, channel, security)| {
            let connected = d.wifi_connected.as_deref() == Some(ssid.as_str());
            json!({
                "ssid": ssid, "bssid": bssid, "signal": signal, "channel": channel,
                "securityPolicy": security,
                "status": {"inUse": d.wifi_saved.contains(ssid), "connected": connected},
            })
        })
        .collect();
    ok(Value::Array(list))
}

/// `POST cmd.wifi.connect {ssid, key?}`: join a network the scan sees; a
/// protected network needs a key of 8 to 63 characters.
pub fn connect(state: &mut SimState, call: &Call) -> Outcome {
    let p = call.params;
    p.only(&["ssid", "key", "connId"])?;
    let ssid = p.required_str("ssid")?;
    let key = p.str("key")?;
    let d = &mut state.device;
    let security = d
        .wifi_networks
        .iter()
        .find(|n| n.0 == ssid)
        .map(|n| n.4.clone())
        .ok_or_else(|| {
            Fail::bad(format!(
                "Invalid parameter: ssid ({ssid:?} is not in range)"
            ))
        })?;
    if security != "open" && !key.as_ref().is_some_and(|k| (8..=63).contains(&k.len())) {
        return Err(Fail::bad("Invalid parameter: key (8 to 63 characters)"));
    }
    if !d.wifi_saved.contains(&ssid) {
        d.wifi_saved.push(ssid.clone());
    }
    d.wifi_connected = Some(ssid.clone());
    d.wifi_result = json!({"status": "connected", "ssid": ssid});
    ok_empty()
}

/// `POST cmd.wifi.disconnect`.
pub fn disconnect(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["connId"])?;
    let d = &mut state.device;
    d.wifi_connected = None;
    d.wifi_result = json!({"status": "disconnected"});
    ok_empty()
}

/// `POST cmd.wifi.forget {ssid}`: forget a remembered network (and leave
/// it when connected).
pub fn forget(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["ssid", "connId"])?;
    let ssid = call.params.required_str("ssid")?;
    let d = &mut state.device;
    if !d.wifi_saved.contains(&ssid) {
        return Err(Fail::bad(format!(
            "Invalid parameter: ssid ({ssid:?} is not remembered)"
        )));
    }
    d.wifi_saved.retain(|s| *s != ssid);
    if d.wifi_connected.as_deref() == Some(ssid.as_str()) {
        d.wifi_connected = None;
        d.wifi_result = json!({"status": "disconnected"});
    }
    ok_empty()
}

/// `GET cmd.wifi.result`: the outcome of the last connect or disconnect.
pub fn result(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["connId"])?;
    ok(state.device.wifi_result.clone())
}
