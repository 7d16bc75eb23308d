//! `info.firmware` and `info.location`.

use serde_json::json;

use crate::sim::auth::unix_now;
use crate::sim::call::{Call, Caller, Outcome, ok};
use crate::sim::state::SimState;
use crate::wire::keyed;

/// `GET info.firmware`: the firmware images. Before login only the image
/// in use is shown.
pub fn firmware(state: &mut SimState, call: &Call) -> Outcome {
    let anonymous = *call.caller == Caller::Anonymous;
    let images = state
        .device
        .firmware
        .iter()
        .enumerate()
        .filter(|(_, (_, _, in_use))| !anonymous || *in_use)
        .map(|(i, (version, bootable, in_use))| {
            (
                i as u64 + 1,
                json!({"version": version, "bootable": bootable, "inUse": in_use}),
            )
        });
    ok(keyed(images))
}

/// `GET info.location`: a GPS fix near the marina, drifting a little.
pub fn location(state: &mut SimState, _call: &Call) -> Outcome {
    let t = state.device.uptime(state.now());
    let wobble = ((t / 10) % 5) as f64 * 0.000_01;
    ok(json!({
        "gps": true,
        "location": {
            "latitude": 53.544_389 + wobble,
            "longitude": 9.966_722 - wobble,
            "altitude": 12.4,
            "speed": 0.0,
            "heading": 181.5,
            "pdop": 1.4,
            "hdop": 0.9,
            "vdop": 1.1,
            "timestamp": unix_now(),
        }
    }))
}
