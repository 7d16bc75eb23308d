//! The `status.*` endpoints: live state derived from the committed
//! configuration and the device.

use std::time::Instant;

use serde_json::{Map, Value, json};

use crate::sim::call::{Call, Fail, Outcome, ok};
use crate::sim::device::{CELLULAR_WAN, DeviceState, WIFI_WAN};
use crate::sim::state::SimState;
use crate::wire::keyed;

fn field<'a>(cfg: &'a Value, name: &str) -> &'a Value {
    cfg.get(name).unwrap_or(&Value::Null)
}

/// The live address of a connected WAN: (ip, mask, gateway, dns).
fn wan_address(d: &DeviceState, id: u64, cfg: &Value) -> Option<(String, u64, String, Value)> {
    let connected = match id {
        CELLULAR_WAN => true,
        WIFI_WAN => d.wifi_connected.is_some(),
        port => d.ports.iter().any(|p| p.id == port && p.link_up),
    };
    if !connected {
        return None;
    }
    if field(cfg, "method").as_str() == Some("staticIp") {
        return Some((
            field(cfg, "ip").as_str()?.to_string(),
            field(cfg, "mask").as_u64()?,
            field(cfg, "gateway").as_str()?.to_string(),
            field(cfg, "dns").clone(),
        ));
    }
    let (ip, mask, gw, dns) = match id {
        CELLULAR_WAN => (
            "10.172.33.17",
            30,
            "10.172.33.18",
            json!(["10.177.0.34", "10.177.0.210"]),
        ),
        WIFI_WAN => ("192.168.8.23", 24, "192.168.8.1", json!(["192.168.8.1"])),
        _ => ("192.168.1.44", 24, "192.168.1.1", json!(["192.168.1.1"])),
    };
    let dns = match field(cfg, "dns") {
        Value::Array(a) if !a.is_empty() => Value::Array(a.clone()),
        _ => dns,
    };
    Some((ip.to_string(), mask, gw.to_string(), dns))
}

fn cellular_object(d: &DeviceState, now: Instant) -> Value {
    let (rssi, rsrp, rsrq, sinr) = d.cellular_signal(now);
    let level = ((rssi + 113) / 10).clamp(0, 5);
    let (carrier, mcc, mnc) = d
        .carrier_selected
        .clone()
        .unwrap_or_else(|| ("Telekom.de".into(), "262".into(), "01".into()));
    let sim = |slot: u64| {
        let active = slot == d.active_sim;
        json!({
            "status": if active { "In Use" } else { "SIM Card Detected" },
            "active": active,
            "apn": if slot == 1 { "internet.telekom" } else { "web.vodafone.de" },
        })
    };
    let mut cell = json!({
        "roamingStatus": {"code": 0, "message": "Not roaming"},
        "mobileType": "5G",
        "sim": {"1": sim(1), "2": sim(2), "order": [1, 2]},
        "carrier": {"name": carrier, "country": "Germany"},
        "signalLevel": level,
        "imei": format!("35{:013}", d.seed % 10_000_000_000_000),
        "band": [{"name": "LTE Band 3 (1800 MHz)",
                  "signal": {"rssi": rssi, "sinr": sinr, "rsrp": rsrp, "rsrq": rsrq}}],
        "mcc": mcc,
        "mnc": mnc,
        "cellTower": {"cellId": 20_553_217},
    });
    if let (Some((channel, pci)), Some(obj)) = (d.pci_lock, cell.as_object_mut()) {
        obj.insert(
            "channelPciLock".into(),
            json!({"channel": channel, "pci": pci}),
        );
    }
    cell
}

/// One WAN as `status.wan.connection` shows it.
pub fn wan_status(d: &DeviceState, id: u64, cfg: &Value, now: Instant, lite: bool) -> Value {
    let enable = field(cfg, "enable").as_bool().unwrap_or(false);
    let kind = field(cfg, "type").as_str().unwrap_or("ethernet");
    let address = if enable {
        wan_address(d, id, cfg)
    } else {
        None
    };
    let (led, message) = match (&address, enable) {
        (_, false) => ("gray", "Disabled"),
        (Some(_), true) => ("green", "Connected"),
        (None, true) if id == WIFI_WAN => ("red", "Disconnected"),
        (None, true) => ("red", "No Cable Detected"),
    };
    let up_since = if id == CELLULAR_WAN {
        d.cellular_up_since
    } else {
        d.booted
    };
    let uptime = if address.is_some() {
        now.saturating_duration_since(up_since).as_secs()
    } else {
        0
    };
    let mut o = Map::new();
    o.insert("name".into(), field(cfg, "name").clone());
    o.insert("enable".into(), json!(enable));
    o.insert("locked".into(), json!(false));
    o.insert("managementOnly".into(), json!(false));
    if let Some((ip, ..)) = &address {
        o.insert("ip".into(), json!(ip));
    }
    o.insert("statusLed".into(), json!(led));
    o.insert("message".into(), json!(message));
    o.insert("uptime".into(), json!(uptime));
    o.insert("type".into(), json!(kind));
    o.insert("virtualType".into(), json!(kind));
    o.insert("virtual".into(), json!(false));
    if enable {
        o.insert("priority".into(), field(cfg, "priority").clone());
    }
    o.insert("portId".into(), json!(id));
    if !lite {
        if let Some((_, mask, gateway, dns)) = &address {
            o.insert("dns".into(), dns.clone());
            o.insert("mask".into(), json!(mask));
            o.insert("gateway".into(), json!(gateway));
        }
        o.insert("method".into(), field(cfg, "method").clone());
        o.insert("routingMode".into(), field(cfg, "routingMode").clone());
        o.insert("mtu".into(), field(cfg, "mtu").clone());
    }
    let monitor = field(cfg, "bandwidthAllowanceMonitor");
    o.insert(
        "bandwidthAllowanceMonitor".into(),
        json!({"enable": field(monitor, "enable").as_bool().unwrap_or(false), "hasSmtp": false}),
    );
    if kind == "cellular" && enable {
        o.insert("cellular".into(), cellular_object(d, now));
    }
    if kind == "wireless"
        && let Some(ssid) = &d.wifi_connected
    {
        let bssid = d
            .wifi_networks
            .iter()
            .find(|n| &n.0 == ssid)
            .map(|n| (n.1.clone(), n.2));
        if let Some((bssid, signal)) = bssid {
            o.insert(
                "wireless".into(),
                json!({"ssid": ssid, "bssid": bssid, "signal": {"rssi": signal}}),
            );
        }
    }
    Value::Object(o)
}

/// Ids of `list` picked by the `id` parameter (all when absent); an
/// unknown id is refused.
pub fn pick_ids(call: &Call, known: &[u64], what: &str) -> Result<Vec<u64>, Fail> {
    match call.params.id_list("id")? {
        None => Ok(known.to_vec()),
        Some(ids) => {
            if let Some(bad) = ids.iter().find(|i| !known.contains(i)) {
                return Err(Fail::bad(format!(
                    "Invalid parameter: id (no {what} {bad})"
                )));
            }
            Ok(known.iter().copied().filter(|k| ids.contains(k)).collect())
        }
    }
}

/// `GET status.wan.connection [id=…] [lite=yes]`.
pub fn wan_connection(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["id", "lite"])?;
    let lite = call.params.bool("lite")?.unwrap_or(false);
    let now = state.now();
    let d = &state.device;
    let known: Vec<u64> = d.active.wan.iter().map(|(id, _)| *id).collect();
    let ids = pick_ids(call, &known, "WAN connection")?;
    let items: Vec<(u64, Value)> = d
        .active
        .wan
        .iter()
        .filter(|(id, _)| ids.contains(id))
        .map(|(id, cfg)| (*id, wan_status(d, *id, cfg, now, lite)))
        .collect();
    let connection: Vec<Value> = items
        .iter()
        .map(|(id, v)| {
            let mut v = v.clone();
            if let Some(o) = v.as_object_mut() {
                o.insert("id".into(), json!(id));
            }
            v
        })
        .collect();
    let mut out = keyed(items);
    if let Some(o) = out.as_object_mut() {
        o.insert("supportGatewayProxy".into(), json!(true));
        o.insert("connection".into(), Value::Array(connection));
    }
    ok(out)
}

/// `GET status.wan.connection.allowance [id=…]`: usage this billing cycle.
pub fn wan_allowance(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["id"])?;
    let d = &state.device;
    let known: Vec<u64> = d.active.wan.iter().map(|(id, _)| *id).collect();
    let ids = pick_ids(call, &known, "WAN connection")?;
    let items = d
        .active
        .wan
        .iter()
        .filter(|(id, _)| ids.contains(id))
        .map(|(id, cfg)| {
            let monitor = field(cfg, "bandwidthAllowanceMonitor");
            let allowance = field(monitor, "monthlyAllowance").as_u64().unwrap_or(0);
            let usage = d
                .usage_mb
                .iter()
                .find(|(w, _)| w == id)
                .map(|(_, u)| *u)
                .unwrap_or(0);
            let percent = (usage * 100).checked_div(allowance).unwrap_or(0);
            (
                *id,
                json!({
                    "name": field(cfg, "name"),
                    "enable": field(monitor, "enable").as_bool().unwrap_or(false),
                    "usage": usage,
                    "allowance": allowance,
                    "unit": "MB",
                    "percent": percent,
                    "startDay": field(monitor, "startDay"),
                }),
            )
        });
    ok(keyed(items))
}

/// `GET status.client [activeOnly] [connectionType…] [vlanId] [size]
/// [outputWeight] [infoType…]`: LAN hosts with their leases.
pub fn client(state: &mut SimState, call: &Call) -> Outcome {
    let p = call.params;
    p.only(&[
        "activeOnly",
        "connectionType",
        "vlanId",
        "size",
        "outputWeight",
        "infoType",
    ])?;
    let active_only = p.bool("activeOnly")?.unwrap_or(false);
    let types = p.str_list("connectionType")?;
    if let Some(bad) = types
        .iter()
        .flatten()
        .find(|t| !matches!(t.as_str(), "ethernet" | "wireless"))
    {
        return Err(Fail::bad(format!(
            "Invalid parameter: connectionType ({bad:?} is not ethernet or wireless)"
        )));
    }
    let vlan = p.u64("vlanId")?;
    let size = p.u64("size")?.unwrap_or(1000);
    let weight = p.str("outputWeight")?.unwrap_or_else(|| "normal".into());
    if !matches!(weight.as_str(), "full" | "normal" | "lite") {
        return Err(Fail::bad(
            "Invalid parameter: outputWeight (expected full, normal or lite)",
        ));
    }
    p.str_list("infoType")?;
    let now = state.now();
    let list: Vec<Value> = state
        .device
        .hosts
        .iter()
        .filter(|h| !active_only || h.active)
        .filter(|h| {
            types
                .as_ref()
                .is_none_or(|t| t.iter().any(|t| t == h.connection_type))
        })
        .filter(|h| vlan.is_none_or(|v| v == h.vlan_id))
        .take(usize::try_from(size).unwrap_or(usize::MAX))
        .map(|h| {
            let mut o = Map::new();
            o.insert("ip".into(), json!(h.ip));
            o.insert("connectionType".into(), json!(h.connection_type));
            if weight != "lite"
                && let Some(lease) = h.lease_seconds
            {
                let elapsed = now.saturating_duration_since(h.leased_at).as_secs();
                let left = lease - elapsed % lease.max(1);
                o.insert("lease".into(), json!({"expiresIn": left, "type": "dhcp"}));
            }
            o.insert("name".into(), json!(h.name));
            o.insert("mac".into(), json!(h.mac));
            o.insert("active".into(), json!(h.active));
            o.insert("vlanId".into(), json!(h.vlan_id));
            if let (Some(essid), Some(bssid)) = (&h.essid, &h.bssid) {
                o.insert("essid".into(), json!(essid));
                o.insert("bssid".into(), json!(bssid));
            }
            if weight != "lite"
                && let Some(rssi) = h.rssi
            {
                o.insert("signal".into(), json!({"rssi": rssi}));
            }
            Value::Object(o)
        })
        .collect();
    ok(json!({"list": list.clone(), "client": list}))
}

/// `GET status.lan.profile`.
pub fn lan_profile(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    ok(keyed(state.device.lan.clone()))
}

/// `GET status.port [id=…]`: link and PoE state of the physical ports.
pub fn port(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["id"])?;
    let d = &state.device;
    let known: Vec<u64> = d.ports.iter().map(|p| p.id).collect();
    let ids = pick_ids(call, &known, "port")?;
    let config = &d.active.ports;
    let items = d.ports.iter().filter(|p| ids.contains(&p.id)).map(|p| {
        let cfg = config
            .iter()
            .find(|(id, _)| *id == p.id)
            .map(|(_, c)| c.clone())
            .unwrap_or(Value::Null);
        let enable = field(&cfg, "enable").as_bool().unwrap_or(true);
        let up = enable && p.link_up;
        let mut o = json!({
            "name": field(&cfg, "name"),
            "type": p.kind,
            "enable": enable,
            "linkUp": up,
            "speed": if up { format!("{} Mbps Full Duplex", p.speed_mbps) } else { "Down".to_string() },
            "mac": p.mac,
        });
        if p.poe_support
            && let Some(obj) = o.as_object_mut()
        {
            let delivering = p.poe_enable && p.link_up;
            obj.insert(
                "poe".into(),
                json!({"support": true, "enable": p.poe_enable,
                       "status": if delivering { "delivering" } else if p.poe_enable { "searching" } else { "off" },
                       "power": if delivering { 6.2 } else { 0.0 }}),
            );
        }
        (p.id, o)
    });
    ok(keyed(items))
}

/// `GET status.pepvpn`: one SpeedFusion profile to headquarters.
pub fn pepvpn(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    let uptime = state.device.uptime(state.now());
    let cfg = &state.device.active.wan;
    let wans: Vec<Value> = cfg
        .iter()
        .filter(|(_, c)| field(c, "enable").as_bool() == Some(true))
        .map(|(id, c)| json!({"id": id, "name": field(c, "name"), "status": "Connected"}))
        .collect();
    ok(json!({
        "profile": keyed([(1, json!({
            "name": "HQ", "remoteId": "hq-balance", "status": "Established",
            "uptime": uptime, "wan": wans,
        }))])
    }))
}

/// `GET status.extap.mesh`: mesh settings and joined peers.
pub fn extap_mesh(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    let d = &state.device;
    let mesh = &d.active.mesh;
    let peers: Vec<Value> = d
        .mesh_peers
        .iter()
        .filter(|p| p.joined)
        .map(|p| json!({"mac": p.mac, "name": p.name, "model": p.model}))
        .collect();
    ok(json!({
        "enable": field(mesh, "enable"),
        "meshId": field(mesh, "meshId"),
        "role": field(mesh, "role"),
        "peer": peers,
    }))
}

/// `GET status.extap.mesh.link`: radio links to joined peers.
pub fn extap_mesh_link(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    let (rssi, ..) = state.device.cellular_signal(state.now());
    let links: Vec<Value> = state
        .device
        .mesh_peers
        .iter()
        .filter(|p| p.joined)
        .map(|p| {
            json!({"mac": p.mac, "name": p.name, "band": "5 GHz",
                   "signal": rssi + 10, "txRate": 866, "rxRate": 780})
        })
        .collect();
    ok(Value::Array(links))
}

/// `POST status.cellularModule.temperature [connId]`.
pub fn cellular_temperature(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["connId"])?;
    if let Some(id) = call.params.u64("connId")?
        && id != CELLULAR_WAN
    {
        return Err(Fail::bad(format!(
            "Invalid parameter: connId ({id} is not a cellular WAN)"
        )));
    }
    let t = state.device.uptime(state.now());
    let temperature = 41.0 + ((t / 30) % 6) as f64 * 0.5;
    ok(keyed([(
        CELLULAR_WAN,
        json!({"name": "Cellular", "temperature": temperature, "unit": "C", "threshold": 85}),
    )]))
}
