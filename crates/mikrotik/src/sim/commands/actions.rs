//! The small menu-specific commands: `/system/reboot`, `reset-counters`,
//! `make-static`, `renew` / `release` and `/log/info|warning|error|debug`.

use bytes::Bytes;

use super::args::{check_args, target_ids};
use crate::api::proto::Reply;
use crate::record::Attributes;
use crate::sim::clock::{Clock, CounterState};
use crate::sim::device::Device;
use crate::sim::journal::log;
use crate::sim::live;
use crate::sim::outcome::{Outcome, refused};
use crate::sim::replies::done;
use crate::sim::schema::{IfaceRole, Menu};
use crate::sim::session::Session;
use crate::sim::state::State;
use crate::sim::value::Refused;

pub(super) fn reboot(dev: &Device, session: &Session, args: &Attributes) -> Outcome {
    if let Err(r) = check_args(args, &[]) {
        return refused(r);
    }
    {
        let clock = dev.clock();
        let mut st = dev.lock();
        st.boot_at = clock.now;
        st.counters.clear();
        let message = format!("system rebooted by {}", session.user);
        log(&mut st, &clock, "system,info", Bytes::from(message));
        dev.publish(&mut st, &clock);
    }
    dev.signal_reboot();
    Outcome::Done(vec![done()])
}

/// `reset-counters`: traffic counters of the named rows (or of every row
/// of a menu without interfaces) start again from zero.
pub(super) fn reset_counters(
    st: &mut State,
    clock: &Clock,
    menu: &'static Menu,
    args: &Attributes,
) -> Result<Vec<Reply>, Refused> {
    check_args(args, &[".id", "numbers"])?;
    reset(st, clock, menu, args)?;
    Ok(vec![done()])
}

/// `/ip/dhcp-server/lease/make-static`.
pub(super) fn make_static(
    st: &mut State,
    menu: &'static Menu,
    args: &Attributes,
) -> Result<Vec<Reply>, Refused> {
    check_args(args, &[".id", "numbers"])?;
    for id in target_ids(st, menu, args, false)? {
        if let Some(row) = st.row_mut(menu.path, id) {
            row.props.insert("dynamic", Bytes::from_static(b"false"));
        }
        st.touch(menu.path, id, false);
    }
    Ok(vec![done()])
}

/// `/ip/dhcp-client/renew` and `release`: the lease starts again now.
pub(super) fn renew(
    st: &mut State,
    clock: &Clock,
    menu: &'static Menu,
    args: &Attributes,
) -> Result<Vec<Reply>, Refused> {
    check_args(args, &[".id", "numbers"])?;
    for id in target_ids(st, menu, args, false)? {
        if let Some(row) = st.row_mut(menu.path, id) {
            row.since = clock.now;
        }
        st.touch(menu.path, id, false);
    }
    Ok(vec![done()])
}

/// `/log/info` (`warning`, `error`, `debug`): a `script,<name>` line.
pub(super) fn log_message(
    st: &mut State,
    clock: &Clock,
    name: &str,
    args: &Attributes,
) -> Result<Vec<Reply>, Refused> {
    check_args(args, &["message"])?;
    let msg = args
        .get("message")
        .ok_or_else(|| Refused::new("missing =message=", None))?;
    let topics = format!("script,{name}");
    log(st, clock, &topics, Bytes::copy_from_slice(msg));
    Ok(vec![done()])
}

fn reset(
    st: &mut State,
    clock: &Clock,
    menu: &'static Menu,
    args: &Attributes,
) -> Result<(), Refused> {
    let ids = if args.contains(".id") || args.contains("numbers") || menu.iface != IfaceRole::None {
        target_ids(st, menu, args, false)?
    } else {
        st.rows(menu.path).iter().map(|r| r.id).collect()
    };
    for id in ids {
        if menu.iface != IfaceRole::None {
            let running = st
                .row("/interface", id)
                .is_some_and(|r| r.is_true("running"));
            live::rebase_counters(st, id, clock.now, running, true);
            st.touch("/interface", id, false);
        } else {
            st.counters.insert(
                (menu.path, id),
                CounterState {
                    base: [0; 8],
                    since: clock.now,
                    active: true,
                },
            );
            st.touch(menu.path, id, false);
        }
    }
    Ok(())
}
