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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use bytes::Bytes;

    use crate::record::Attributes;
    use crate::sim::replies::rows;
    use crate::sim::{Device, SimConfig};

    fn attrs(pairs: &[(&str, &str)]) -> Attributes {
        pairs
            .iter()
            .map(|(k, v)| (Bytes::from(k.to_string()), Bytes::from(v.to_string())))
            .collect()
    }

    #[test]
    fn a_timed_entry_is_dynamic_counts_down_and_disappears() {
        let d = Device::new(SimConfig::new("admin", "pw"));
        let s = d.authenticate(b"admin", b"pw").unwrap();
        let add = |address: &str, timeout: Option<&str>| {
            let mut a = vec![("list", "tmp"), ("address", address)];
            if let Some(t) = timeout {
                a.push(("timeout", t));
            }
            d.execute(&s, b"/ip/firewall/address-list/add", &attrs(&a), &[])
        };
        add("192.0.2.1", Some("1m"));
        add("192.0.2.2", None);
        let print = || {
            let r = d.execute(
                &s,
                b"/ip/firewall/address-list/print",
                &Attributes::new(),
                &[Bytes::from_static(b"list=tmp")],
            );
            rows(&r).into_iter().cloned().collect::<Vec<_>>()
        };
        let now = print();
        assert_eq!(now.len(), 2);
        let timed = &now[0];
        assert_eq!(timed.get_str("dynamic").unwrap(), "true");
        assert_ne!(now[1].get_str("dynamic").as_deref(), Some("true"));
        d.advance(Duration::from_secs(20));
        let left = print();
        let t = left[0].get_str("timeout").unwrap().into_owned();
        assert!(t.starts_with("39s") || t.starts_with("40s"), "{t}");
        d.advance(Duration::from_secs(41));
        let after = print();
        assert_eq!(after.len(), 1, "{after:?}");
        assert_eq!(after[0].get_str("address").unwrap(), "192.0.2.2");
    }
}
