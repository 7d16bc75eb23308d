//! Device commands: pending configuration, reboot, PoE, mesh, Starlink,
//! billing cycle.

use serde_json::{Value, json};

use crate::sim::call::{Call, Fail, Outcome, ok, ok_empty};
use crate::sim::device::SCAN_DURATION;
use crate::sim::state::SimState;
use crate::wire::codes;

/// `POST cmd.config.apply`: commit the pending configuration (a no-op
/// when nothing is pending).
pub fn config_apply(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    if let Some(pending) = state.device.pending.take() {
        state.device.active = pending;
    }
    ok_empty()
}

/// `POST cmd.config.discard`: drop the pending configuration.
pub fn config_discard(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    state.device.pending = None;
    ok_empty()
}

/// `POST cmd.system.reboot`: answers, then the device is away for the
/// configured reboot duration (HTTP 503 meanwhile).
pub fn system_reboot(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    state.reboot();
    ok_empty()
}

fn poe_set(state: &mut SimState, call: &Call, enable: bool) -> Outcome {
    call.params.only(&["id"])?;
    let ids = call
        .params
        .id_list("id")?
        .ok_or_else(|| Fail::bad("Missing parameter: id"))?;
    for id in &ids {
        match state.device.ports.iter().find(|p| p.id == *id) {
            None => return Err(Fail::bad(format!("Invalid parameter: id (no port {id})"))),
            Some(p) if !p.poe_support => {
                return Err(Fail::bad(format!(
                    "Invalid parameter: id (port {id} does not support PoE)"
                )));
            }
            Some(_) => {}
        }
    }
    for p in state
        .device
        .ports
        .iter_mut()
        .filter(|p| ids.contains(&p.id))
    {
        p.poe_enable = enable;
    }
    ok_empty()
}

/// `POST cmd.port.poe.enable {id: [..]}`.
pub fn poe_enable(state: &mut SimState, call: &Call) -> Outcome {
    poe_set(state, call, true)
}

/// `POST cmd.port.poe.disable {id: [..]}`.
pub fn poe_disable(state: &mut SimState, call: &Call) -> Outcome {
    poe_set(state, call, false)
}

/// `POST cmd.mesh.discover`: look for mesh peers (takes a moment).
pub fn mesh_discover(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    state.device.mesh_discover_started = Some(state.now());
    ok_empty()
}

/// `GET cmd.mesh.discover.result`: `idle`, `discovering` or `done` with
/// the peers found.
pub fn mesh_discover_result(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&[])?;
    let now = state.now();
    let d = &state.device;
    let status = match d.mesh_discover_started {
        None => "idle",
        Some(t) if now.saturating_duration_since(t) < SCAN_DURATION => "discovering",
        Some(_) => "done",
    };
    let list: Vec<Value> = if status == "done" {
        d.mesh_peers
            .iter()
            .map(|p| json!({"mac": p.mac, "name": p.name, "model": p.model, "joined": p.joined}))
            .collect()
    } else {
        Vec::new()
    };
    ok(json!({"status": status, "list": list}))
}

/// `POST cmd.mesh.request {mac}`: join a discovered peer to the mesh.
pub fn mesh_request(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["mac"])?;
    let mac = call.params.required_str("mac")?.to_ascii_uppercase();
    let now = state.now();
    let discovered = state
        .device
        .mesh_discover_started
        .is_some_and(|t| now.saturating_duration_since(t) >= SCAN_DURATION);
    let peer = state
        .device
        .mesh_peers
        .iter_mut()
        .find(|p| p.mac == mac)
        .filter(|_| discovered)
        .ok_or_else(|| {
            Fail::bad(format!(
                "Invalid parameter: mac ({mac} was not found by cmd.mesh.discover)"
            ))
        })?;
    peer.joined = true;
    ok_empty()
}

/// `POST cmd.starlink {action}`: no Starlink dish is attached to the
/// simulated router, so every action is refused with code 503.
pub fn starlink(_state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["action", "connId"])?;
    let action = call.params.required_str("action")?;
    if !matches!(action.as_str(), "reboot" | "stow" | "unstow") {
        return Err(Fail::bad(
            "Invalid parameter: action (expected reboot, stow or unstow)",
        ));
    }
    Err(Fail::new(
        codes::UNAVAILABLE,
        "No Starlink dish is connected",
    ))
}

/// `POST cmd.billing.newCycle {connId}`: start a new bandwidth allowance
/// cycle (usage back to zero).
pub fn billing_new_cycle(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["connId"])?;
    let id = call.params.required_u64("connId")?;
    let usage = state
        .device
        .usage_mb
        .iter_mut()
        .find(|(w, _)| *w == id)
        .ok_or_else(|| {
            Fail::bad(format!(
                "Invalid parameter: connId (no WAN connection {id})"
            ))
        })?;
    usage.1 = 0;
    ok_empty()
}
