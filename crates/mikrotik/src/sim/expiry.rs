//! Entries that live for a while: an address-list entry added with
//! `timeout` is dynamic and disappears once its timeout has run out on
//! the device clock, as on a router (where such entries also never reach
//! `/export`).
//!
//! Nothing runs in the background: [`expire`] is called whenever the
//! state is locked, with the clock of that moment, so a test that moves
//! the clock with [`Device::advance`](super::Device::advance) sees the
//! entry gone on its next command without sleeping.

use super::clock::Clock;
use super::state::{Row, State};
use super::value::parse_duration;

/// Menus whose entries carry a `timeout` that removes them.
const TIMED: &[&str] = &["/ip/firewall/address-list"];

/// Device time (seconds) at which `row` expires, if it has a timeout.
pub fn expires_at(row: &Row) -> Option<f64> {
    let ms = row.props.get("timeout").and_then(|v| parse_duration(v))?;
    (ms > 0).then(|| row.since + ms as f64 / 1000.0)
}

/// After `set` changed the `timeout` of row `id`: the countdown starts
/// again from now, and the entry is dynamic exactly while it has one
/// (an `unset` of the timeout makes it static, as on a router).
pub fn timeout_changed(st: &mut State, path: &str, id: u32, clock: &Clock) {
    if !TIMED.contains(&path) {
        return;
    }
    if let Some(row) = st.row_mut(path, id) {
        row.since = clock.now;
        let timed = expires_at(row).is_some();
        row.props.insert(
            "dynamic",
            bytes::Bytes::from_static(if timed { b"true" } else { b"false" }),
        );
    }
}

/// Remove the timed entries whose timeout has run out by `clock.now`;
/// listeners see them removed.
pub fn expire(st: &mut State, clock: &Clock) {
    for &path in TIMED {
        let gone: Vec<u32> = st
            .rows(path)
            .iter()
            .filter(|r| expires_at(r).is_some_and(|at| at <= clock.now))
            .map(|r| r.id)
            .collect();
        for id in gone {
            if st.remove(path, id).is_some() {
                st.touch(path, id, true);
            }
        }
    }
}
