//! Cellular commands: carrier scan and selection, PCI lock, USSD, SMS,
//! modem reset, SIM switch. All take the cellular WAN's `connId`
//! (optional where the device has one modem; any other WAN is refused).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::sim::auth::unix_now;
use crate::sim::call::{Call, Fail, Outcome, ok, ok_empty};
use crate::sim::device::{CELLULAR_WAN, SCAN_DURATION, Sms};
use crate::sim::state::SimState;

/// Longest SMS text accepted (ten concatenated parts).
pub const MAX_SMS_CHARS: usize = 1530;
/// Most SMS the inbox keeps; the oldest go first.
pub const MAX_INBOX: usize = 200;

fn conn_id(call: &Call, required: bool) -> Result<u64, Fail> {
    let id = if required {
        call.params.required_u64("connId")?
    } else {
        call.params.u64("connId")?.unwrap_or(CELLULAR_WAN)
    };
    if id != CELLULAR_WAN {
        return Err(Fail::bad("invalid connId"));
    }
    Ok(id)
}

const CARRIERS: &[(&str, &str, &str, &str)] = &[
    ("Telekom.de", "LTE", "262", "01"),
    ("Vodafone.de", "LTE", "262", "02"),
    ("o2 - de", "5G", "262", "03"),
];

/// `POST cmd.carrier.scan [connId]`: start a scan of carriers.
pub fn carrier_scan_start(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["connId"])?;
    conn_id(call, false)?;
    state.device.carrier_scan_started = Some(state.now());
    ok_empty()
}

/// `GET cmd.carrier.scan [connId]`: `idle`, `scanning` (partial list) or
/// `completed`.
pub fn carrier_scan_result(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["connId"])?;
    conn_id(call, false)?;
    let now = state.now();
    let (status, count) = match state.device.carrier_scan_started {
        None => ("idle", 0),
        Some(t) if now.saturating_duration_since(t) < SCAN_DURATION => ("scanning", 1),
        Some(_) => ("completed", CARRIERS.len()),
    };
    let list: Vec<Value> = CARRIERS
        .iter()
        .take(count)
        .map(|(name, kind, mcc, mnc)| {
            json!({"name": name, "mobileType": kind, "mcc": mcc, "mnc": mnc, "pcs": 0})
        })
        .collect();
    let network = state
        .device
        .carrier_selected
        .as_ref()
        .map(|(n, mcc, mnc)| json!({"name": n, "mcc": mcc, "mnc": mnc}));
    ok(json!({
        "scanStatus": status,
        "list": list,
        "reference": {"activeSim": {"simId": state.device.active_sim, "cellularNetwork": network}},
    }))
}

/// `POST cmd.carrier.select [connId] {mcc, mnc}` or `{auto: true}`.
pub fn carrier_select(state: &mut SimState, call: &Call) -> Outcome {
    let p = call.params;
    p.only(&["connId", "mcc", "mnc", "auto"])?;
    conn_id(call, false)?;
    if p.bool("auto")?.unwrap_or(false) {
        state.device.carrier_selected = None;
        return ok_empty();
    }
    let mcc = p.required_str("mcc")?;
    let mnc = p.required_str("mnc")?;
    let found = CARRIERS
        .iter()
        .find(|(_, _, c, n)| *c == mcc && *n == mnc)
        .ok_or_else(|| Fail::bad(format!("Invalid parameter: mnc (no carrier {mcc}/{mnc})")))?;
    state.device.carrier_selected = Some((found.0.into(), mcc, mnc));
    ok_empty()
}

/// `POST cmd.channelPci.scan [connId]`: the cells the modem hears.
pub fn channel_pci_scan(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["connId"])?;
    conn_id(call, false)?;
    let (_, rsrp, rsrq, _) = state.device.cellular_signal(state.now());
    ok(json!([
        {"band": "LTE Band 3", "channel": 1300, "pci": 214, "rsrp": rsrp, "rsrq": rsrq},
        {"band": "LTE Band 20", "channel": 6300, "pci": 87, "rsrp": rsrp - 8, "rsrq": rsrq - 2},
    ]))
}

/// `POST cmd.channelPci.lock [connId] {channel, pci}` or `{enable: false}`.
pub fn channel_pci_lock(state: &mut SimState, call: &Call) -> Outcome {
    let p = call.params;
    p.only(&["connId", "channel", "pci", "enable"])?;
    conn_id(call, false)?;
    if p.bool("enable")? == Some(false) {
        state.device.pci_lock = None;
        return ok_empty();
    }
    let channel = p.required_u64("channel")?;
    let pci = p.required_u64("pci")?;
    if pci > 503 {
        return Err(Fail::bad("Invalid parameter: pci (expected 0 to 503)"));
    }
    state.device.pci_lock = Some((channel, pci));
    ok_empty()
}

/// `POST cmd.sim.ussd.send [connId] {code}`: the carrier's USSD answer.
pub fn ussd_send(state: &mut SimState, call: &Call) -> Outcome {
    let p = call.params;
    p.only(&["connId", "simId", "code"])?;
    let conn = conn_id(call, false)?;
    let code = p.required_str("code")?;
    let valid = code.len() <= 32
        && code.starts_with(['*', '#'])
        && code.ends_with('#')
        && code
            .chars()
            .all(|c| c.is_ascii_digit() || c == '*' || c == '#');
    if !valid {
        return Err(Fail::bad(
            "Invalid parameter: code (expected a USSD code like *100#)",
        ));
    }
    let reply = match code.as_str() {
        "*100#" => "Your balance is 12.34 EUR.".to_string(),
        other => format!("USSD {other}: unknown service code"),
    };
    ok(json!({"connId": conn, "simId": state.device.active_sim, "code": code, "reply": reply}))
}

/// `GET cmd.sms.get [connId]`: the inbox, grouped by sender.
pub fn sms_get(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["connId"])?;
    let conn = conn_id(call, false)?;
    let mut by_sender: BTreeMap<&str, Vec<&Sms>> = BTreeMap::new();
    let mut senders = Vec::new();
    for sms in &state.device.inbox {
        if !by_sender.contains_key(sms.sender.as_str()) {
            senders.push(sms.sender.as_str());
        }
        by_sender.entry(&sms.sender).or_default().push(sms);
    }
    let sms: Vec<Value> = senders
        .iter()
        .map(|s| {
            let messages: Vec<Value> = by_sender
                .get(s)
                .into_iter()
                .flatten()
                .map(|m| {
                    json!({
                        "id": m.id,
                        "date": format_date(m.timestamp),
                        "timestamp": m.timestamp,
                        "length": m.message.chars().count().to_string(),
                        "message": m.message,
                    })
                })
                .collect();
            json!({"sender": s, "message": messages})
        })
        .collect();
    ok(json!({"connId": conn, "simId": state.device.active_sim, "sms": sms}))
}

/// `Feb 17 13:55` from a Unix time (UTC), as the inbox shows dates.
fn format_date(ts: u64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = ts / 86_400;
    let secs = ts % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm), month and day only.
    let z = days as i64 + 719_468;
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let name = MONTHS
        .get(usize::try_from(month - 1).unwrap_or(0))
        .copied()
        .unwrap_or("Jan");
    format!(
        "{name} {day:02} {:02}:{:02}",
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// `POST cmd.sms.sendMessage {connId, address, content}`. A message to
/// the device's own number arrives in its inbox.
pub fn sms_send(state: &mut SimState, call: &Call) -> Outcome {
    let p = call.params;
    p.only(&["connId", "address", "content"])?;
    let conn = conn_id(call, true)?;
    let address = p.required_str("address")?;
    let plain = address.strip_prefix('+').unwrap_or(&address);
    if plain.is_empty() || plain.len() > 20 || !plain.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Fail::bad(
            "Invalid parameter: address (expected a phone number)",
        ));
    }
    let content = p.required_str("content")?;
    if content.is_empty() || content.chars().count() > MAX_SMS_CHARS {
        return Err(Fail::bad(format!(
            "Invalid parameter: content (1 to {MAX_SMS_CHARS} characters)"
        )));
    }
    let d = &mut state.device;
    d.outbox.push(crate::sim::device::SentSms {
        conn_id: conn,
        address: address.clone(),
        content: content.clone(),
    });
    if d.outbox.len() > MAX_INBOX {
        d.outbox.remove(0);
    }
    if address == d.own_number {
        let own = d.own_number.clone();
        let id = d.next_sms_id;
        d.next_sms_id += 1;
        d.inbox.push(Sms {
            id,
            sender: own,
            timestamp: unix_now(),
            message: content,
        });
        if d.inbox.len() > MAX_INBOX {
            d.inbox.remove(0);
        }
    }
    ok_empty()
}

/// `POST cmd.sms.delete {connId, id: [..]}`: every id must exist.
pub fn sms_delete(state: &mut SimState, call: &Call) -> Outcome {
    let p = call.params;
    p.only(&["connId", "id"])?;
    conn_id(call, false)?;
    let ids = p
        .id_list("id")?
        .ok_or_else(|| Fail::bad("Missing parameter: id"))?;
    let inbox = &mut state.device.inbox;
    if let Some(missing) = ids.iter().find(|id| !inbox.iter().any(|m| m.id == **id)) {
        return Err(Fail::bad(format!(
            "Invalid parameter: id (no SMS {missing})"
        )));
    }
    inbox.retain(|m| !ids.contains(&m.id));
    ok_empty()
}

/// `POST cmd.cellularModule.rescanNetwork [connId]`.
pub fn module_rescan(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["connId"])?;
    conn_id(call, false)?;
    state.device.carrier_scan_started = Some(state.now());
    ok_empty()
}

/// `POST cmd.cellularModule.reset [connId]`: the modem restarts, so the
/// cellular WAN's uptime starts again.
pub fn module_reset(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["connId"])?;
    conn_id(call, false)?;
    state.device.cellular_up_since = state.now();
    ok_empty()
}

/// `POST cmd.wan.cellular {connId, simId}`: switch the active SIM (1 or 2).
pub fn wan_cellular(state: &mut SimState, call: &Call) -> Outcome {
    call.params.only(&["connId", "simId"])?;
    conn_id(call, false)?;
    let sim = call.params.required_u64("simId")?;
    if !(1..=2).contains(&sim) {
        return Err(Fail::bad("Invalid parameter: simId (expected 1 or 2)"));
    }
    if sim != state.device.active_sim {
        state.device.active_sim = sim;
        state.device.cellular_up_since = state.now();
    }
    ok_empty()
}

#[cfg(test)]
mod tests {
    use super::format_date;

    #[test]
    fn dates_read_like_the_inbox() {
        assert_eq!(format_date(1_581_947_700), "Feb 17 13:55");
        assert_eq!(format_date(0), "Jan 01 00:00");
    }
}
