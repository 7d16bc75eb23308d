//! The `config.*` endpoints. GETs show the pending configuration when
//! there is one; POSTs change only the fields given, in a copy that
//! becomes the pending configuration only when every field was valid.
//! `cmd.config.apply` commits it, `cmd.config.discard` drops it.

use serde_json::{Map, Value, json};

use super::status::pick_ids;
use crate::sim::call::{Call, Fail, Outcome, ok};
use crate::sim::device::{Config, merge_checked};
use crate::sim::state::SimState;
use crate::wire::keyed;

/// The request's fields minus the addressing ones (`id`, `action`).
fn patch_of(call: &Call) -> Map<String, Value> {
    call.params
        .values()
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "id" | "action"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Merge `patch` into entry `id` of `section`.
fn update_entry(
    section: &mut [(u64, Value)],
    id: u64,
    patch: &Map<String, Value>,
    optional: &[(&str, Value)],
    what: &str,
) -> Result<(), Fail> {
    let entry = section
        .iter_mut()
        .find(|(i, _)| *i == id)
        .ok_or_else(|| Fail::bad(format!("Invalid parameter: id (no {what} {id})")))?;
    let mut obj = entry.1.as_object().cloned().unwrap_or_default();
    merge_checked(&mut obj, patch, "", optional).map_err(Fail::bad)?;
    entry.1 = Value::Object(obj);
    Ok(())
}

/// Run `change` on a copy of the shown configuration; keep it as the
/// pending configuration only when it succeeds.
fn change_pending<T>(
    state: &mut SimState,
    change: impl FnOnce(&mut Config) -> Result<T, Fail>,
) -> Result<T, Fail> {
    let mut copy = state.device.config().clone();
    let out = change(&mut copy)?;
    state.device.pending = Some(copy);
    Ok(out)
}

fn section_get(call: &Call, section: &[(u64, Value)], what: &str) -> Outcome {
    call.params.only(&["id"])?;
    let known: Vec<u64> = section.iter().map(|(i, _)| *i).collect();
    let ids = pick_ids(call, &known, what)?;
    ok(keyed(
        section
            .iter()
            .filter(|(i, _)| ids.contains(i))
            .cloned()
            .collect::<Vec<_>>(),
    ))
}

fn check_str_in(obj: &Value, path: &[&str], allowed: &[&str]) -> Result<(), Fail> {
    let mut v = obj;
    for p in path {
        match v.get(p) {
            Some(inner) => v = inner,
            None => return Ok(()),
        }
    }
    match v.as_str() {
        Some(s) if allowed.contains(&s) => Ok(()),
        _ => Err(Fail::bad(format!(
            "Invalid parameter: {} (expected one of {})",
            path.join("."),
            allowed.join(", ")
        ))),
    }
}

fn check_range(obj: &Value, field: &str, lo: u64, hi: u64) -> Result<(), Fail> {
    match obj.get(field) {
        None => Ok(()),
        Some(v) if v.as_u64().is_some_and(|n| (lo..=hi).contains(&n)) => Ok(()),
        Some(_) => Err(Fail::bad(format!(
            "Invalid parameter: {field} (expected {lo} to {hi})"
        ))),
    }
}

fn check_ipv4(obj: &Value, field: &str) -> Result<(), Fail> {
    match obj.get(field) {
        None => Ok(()),
        Some(Value::String(s)) if s.parse::<std::net::Ipv4Addr>().is_ok() => Ok(()),
        Some(_) => Err(Fail::bad(format!(
            "Invalid parameter: {field} (expected an IPv4 address)"
        ))),
    }
}

/// `GET config.wan.connection [id=…]`.
pub fn wan_get(state: &mut SimState, call: &Call) -> Outcome {
    section_get(call, &state.device.config().wan, "WAN connection")
}

/// `POST config.wan.connection {id, name?, enable?, method?, ip?, mask?,
/// gateway?, dns?, mtu?, routingMode?, bandwidthAllowanceMonitor?}`.
pub fn wan_set(state: &mut SimState, call: &Call) -> Outcome {
    let id = call.params.required_u64("id")?;
    if let Some(action) = call.params.str("action")?
        && action != "update"
    {
        return Err(Fail::bad("Invalid parameter: action (expected update)"));
    }
    let mut patch = patch_of(call);
    if patch.contains_key("type") {
        return Err(Fail::bad("Invalid parameter: type (read-only)"));
    }
    patch.remove("priority").map_or(Ok(()), |_| {
        Err(Fail::bad(
            "Invalid parameter: priority (use config.wan.connection.priority)",
        ))
    })?;
    let optional = [
        ("ip", json!("")),
        ("mask", json!(0)),
        ("gateway", json!("")),
    ];
    let updated = change_pending(state, |cfg| {
        update_entry(&mut cfg.wan, id, &patch, &optional, "WAN connection")?;
        let entry = cfg
            .wan
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Null);
        check_str_in(&entry, &["method"], &["dhcp", "staticIp", "ppp"])?;
        check_str_in(&entry, &["routingMode"], &["NAT", "IP Forwarding"])?;
        check_range(&entry, "mtu", 576, 9000)?;
        check_range(&entry, "mask", 0, 32)?;
        check_ipv4(&entry, "ip")?;
        check_ipv4(&entry, "gateway")?;
        if entry.get("method").and_then(Value::as_str) == Some("staticIp")
            && (entry.get("ip").is_none() || entry.get("gateway").is_none())
        {
            return Err(Fail::bad(
                "Missing parameter: ip and gateway (required for method staticIp)",
            ));
        }
        Ok(entry)
    })?;
    ok(keyed([(id, updated)]))
}

/// `POST config.wan.connection.priority {list: [{connId, priority}],
/// instantActive?}`: pending unless `instantActive` is true, which also
/// changes the running configuration at once.
pub fn wan_priority(state: &mut SimState, call: &Call) -> Outcome {
    let p = call.params;
    p.only(&["list", "instantActive"])?;
    let instant = p.bool("instantActive")?.unwrap_or(false);
    let list = match p.get("list") {
        Some(Value::Array(items)) => items.clone(),
        Some(_) => return Err(Fail::bad("Invalid parameter: list (expected a list)")),
        None => return Err(Fail::bad("Missing parameter: list")),
    };
    let mut changes = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let conn = item
            .get("connId")
            .and_then(crate::sim::params::as_u64)
            .ok_or_else(|| Fail::bad(format!("Invalid parameter: list[{i}].connId")))?;
        let priority = item
            .get("priority")
            .and_then(crate::sim::params::as_u64)
            .filter(|p| (1..=4).contains(p))
            .ok_or_else(|| {
                Fail::bad(format!(
                    "Invalid parameter: list[{i}].priority (expected 1 to 4)"
                ))
            })?;
        changes.push((conn, priority));
    }
    let apply = |cfg: &mut Config| -> Result<(), Fail> {
        for (conn, priority) in &changes {
            let patch = json!({"priority": priority});
            let patch = patch.as_object().cloned().unwrap_or_default();
            update_entry(&mut cfg.wan, *conn, &patch, &[], "WAN connection").map_err(|_| {
                Fail::bad(format!(
                    "Invalid parameter: connId (no WAN connection {conn})"
                ))
            })?;
        }
        Ok(())
    };
    change_pending(state, apply)?;
    if instant {
        let mut active = state.device.active.clone();
        apply(&mut active)?;
        state.device.active = active;
    }
    let view = state.device.config().wan.iter().map(|(id, c)| {
        (
            *id,
            json!({"name": c.get("name"), "priority": c.get("priority"), "enable": c.get("enable")}),
        )
    });
    ok(keyed(view.collect::<Vec<_>>()))
}

/// Security policies an SSID profile may have.
pub const SSID_POLICIES: &[&str] = &[
    "Open",
    "WPA2 Personal",
    "WPA2/WPA3 Personal",
    "WPA3 Personal",
    "WPA2 Enterprise",
];

fn check_ssid(entry: &Value) -> Result<(), Fail> {
    check_str_in(entry, &["security", "policy"], SSID_POLICIES)?;
    let name_ok = entry
        .get("name")
        .and_then(Value::as_str)
        .is_some_and(|n| (1..=32).contains(&n.len()));
    if !name_ok {
        return Err(Fail::bad("Invalid parameter: name (1 to 32 bytes)"));
    }
    let policy = entry
        .pointer("/security/policy")
        .and_then(Value::as_str)
        .unwrap_or("Open");
    if policy.contains("Personal") {
        let key = entry
            .pointer("/security/wpa2Personal/key")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !(8..=63).contains(&key.len()) {
            return Err(Fail::bad(
                "Invalid parameter: security.wpa2Personal.key (8 to 63 characters)",
            ));
        }
    }
    check_range(entry, "vlanId", 0, 4094)
}

fn ssid_optional() -> Vec<(&'static str, Value)> {
    vec![
        ("vlanId", json!(0)),
        (
            "security.wpa2Personal",
            json!({"fastTransition": false, "key": ""}),
        ),
    ]
}

/// `GET config.ssid.profile [id=…]`.
pub fn ssid_get(state: &mut SimState, call: &Call) -> Outcome {
    section_get(call, &state.device.config().ssid, "SSID profile")
}

/// `POST config.ssid.profile {action: update|add|remove, id, …}`.
pub fn ssid_set(state: &mut SimState, call: &Call) -> Outcome {
    let action = call
        .params
        .str("action")?
        .unwrap_or_else(|| "update".into());
    let patch = patch_of(call);
    match action.as_str() {
        "update" => {
            let id = call.params.required_u64("id")?;
            let entry = change_pending(state, |cfg| {
                update_entry(&mut cfg.ssid, id, &patch, &ssid_optional(), "SSID profile")?;
                let entry = cfg
                    .ssid
                    .iter()
                    .find(|(i, _)| *i == id)
                    .map(|(_, v)| v.clone())
                    .unwrap_or(Value::Null);
                check_ssid(&entry)?;
                Ok(entry)
            })?;
            ok(keyed([(id, entry)]))
        }
        "add" => {
            let (id, entry) = change_pending(state, |cfg| {
                if cfg.ssid.len() >= 16 {
                    return Err(Fail::bad("Too many SSID profiles (at most 16)"));
                }
                let id = cfg.ssid.iter().map(|(i, _)| *i).max().unwrap_or(0) + 1;
                let mut obj = json!({"name": "", "enable": true, "captivePortal": false,
                    "incontrolManaged": false, "broadcast": true,
                    "security": {"policy": "Open"}})
                .as_object()
                .cloned()
                .unwrap_or_default();
                merge_checked(&mut obj, &patch, "", &ssid_optional()).map_err(Fail::bad)?;
                let entry = Value::Object(obj);
                check_ssid(&entry)?;
                cfg.ssid.push((id, entry.clone()));
                Ok((id, entry))
            })?;
            ok(keyed([(id, entry)]))
        }
        "remove" => {
            let ids = call
                .params
                .id_list("id")?
                .ok_or_else(|| Fail::bad("Missing parameter: id"))?;
            change_pending(state, |cfg| {
                for id in &ids {
                    if !cfg.ssid.iter().any(|(i, _)| i == id) {
                        return Err(Fail::bad(format!(
                            "Invalid parameter: id (no SSID profile {id})"
                        )));
                    }
                }
                cfg.ssid.retain(|(i, _)| !ids.contains(i));
                Ok(())
            })?;
            ok(json!({}))
        }
        _ => Err(Fail::bad(
            "Invalid parameter: action (expected update, add or remove)",
        )),
    }
}

/// `GET config.port [id=…]`.
pub fn port_get(state: &mut SimState, call: &Call) -> Outcome {
    section_get(call, &state.device.config().ports, "port")
}

/// Merge the request into entry `id` of the section `pick` selects, check
/// the result with `check`, keep it pending; answers `{id: entry}`.
fn set_entry(
    state: &mut SimState,
    call: &Call,
    pick: fn(&mut Config) -> &mut Vec<(u64, Value)>,
    what: &str,
    check: fn(&Value) -> Result<(), Fail>,
) -> Outcome {
    let id = call.params.required_u64("id")?;
    let patch = patch_of(call);
    let entry = change_pending(state, |cfg| {
        let section = pick(cfg);
        update_entry(section, id, &patch, &[], what)?;
        let entry = section
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Null);
        check(&entry)?;
        Ok(entry)
    })?;
    ok(keyed([(id, entry)]))
}

/// `POST config.port {id, name?, enable?, speed?, advertiseSpeed?}`.
pub fn port_set(state: &mut SimState, call: &Call) -> Outcome {
    set_entry(
        state,
        call,
        |c| &mut c.ports,
        "port",
        |entry| {
            check_str_in(
                entry,
                &["speed"],
                &["auto", "10half", "10full", "100half", "100full", "1000full"],
            )
        },
    )
}

/// `POST config.gpio {id, name?, type?, state?}`: there is no GET, so the
/// reply carries the GPIO's (pending) settings.
pub fn gpio_set(state: &mut SimState, call: &Call) -> Outcome {
    set_entry(
        state,
        call,
        |c| &mut c.gpio,
        "GPIO",
        |entry| {
            check_str_in(
                entry,
                &["type"],
                &["digitalInput", "digitalOutput", "analogInput"],
            )?;
            check_range(entry, "state", 0, 1)
        },
    )
}

/// `GET config.mesh`.
pub fn mesh_get(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    ok(state.device.config().mesh.clone())
}

/// `POST config.mesh {enable?, meshId?, role?}`.
pub fn mesh_set(state: &mut SimState, call: &Call) -> Outcome {
    let patch = patch_of(call);
    let mesh = change_pending(state, |cfg| {
        let mut obj = cfg.mesh.as_object().cloned().unwrap_or_default();
        merge_checked(&mut obj, &patch, "", &[]).map_err(Fail::bad)?;
        let mesh = Value::Object(obj);
        check_str_in(&mesh, &["role"], &["controller", "extender"])?;
        cfg.mesh = mesh.clone();
        Ok(mesh)
    })?;
    ok(mesh)
}

/// `GET config.speedfusionConnectProtect`.
pub fn sfcp_get(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    ok(state.device.config().sfcp.clone())
}

/// `POST config.speedfusionConnectProtect {enable?, profile?}`.
pub fn sfcp_set(state: &mut SimState, call: &Call) -> Outcome {
    let patch = patch_of(call);
    let sfcp = change_pending(state, |cfg| {
        let mut obj = cfg.sfcp.as_object().cloned().unwrap_or_default();
        merge_checked(&mut obj, &patch, "", &[]).map_err(Fail::bad)?;
        cfg.sfcp = Value::Object(obj);
        Ok(cfg.sfcp.clone())
    })?;
    ok(sfcp)
}
