//! What the device records about itself: `/log` lines and the
//! `/user/active` sessions, both capped like RouterOS's memory log.

use std::collections::BTreeMap;

use bytes::Bytes;

use super::clock::Clock;
use super::menus;
use super::schema::Menu;
use super::state::{Row, State};
use super::value::format_datetime;

/// Most `/log` lines kept (RouterOS's memory log default).
const LOG_LINES: usize = 1000;

/// Most `/user/active` rows kept.
const ACTIVE_SESSIONS: usize = 1000;

/// Append a `/log` line (oldest dropped past [`LOG_LINES`]).
pub(super) fn log(st: &mut State, clock: &Clock, topics: &str, message: Bytes) {
    let Some(menu) = menus::menu("/log") else {
        return;
    };
    let mut props = BTreeMap::new();
    props.insert("time", Bytes::from(format_datetime(clock.unix)));
    props.insert("topics", Bytes::from(topics.to_string()));
    props.insert("message", message);
    append_capped(st, clock, menu, props, LOG_LINES);
}

/// Append a row to a menu that keeps only its newest `cap` rows (`/log`,
/// `/user/active`): the oldest ones go, and listeners see them removed.
/// Returns the new row's id.
fn append_capped(
    st: &mut State,
    clock: &Clock,
    menu: &'static Menu,
    props: BTreeMap<&'static str, Bytes>,
    cap: usize,
) -> u32 {
    let path = menu.path;
    let id = st.allocate_id(menu);
    st.insert(
        path,
        Row {
            id,
            props,
            since: clock.now,
        },
        None,
    );
    st.touch(path, id, false);
    while st.rows(path).len() > cap {
        if let Some(first) = st.rows(path).first().map(|r| r.id) {
            st.remove(path, first);
            st.touch(path, first, true);
        }
    }
    id
}

/// A successful login: `last-logged-in`, a `/user/active` row, a log line.
pub(super) fn record_login(
    st: &mut State,
    clock: &Clock,
    user_id: u32,
    user: &str,
    group: &Bytes,
    via: &str,
) -> Option<u32> {
    let now = Bytes::from(format_datetime(clock.unix));
    if let Some(r) = st.row_mut("/user", user_id) {
        r.props.insert("last-logged-in", now.clone());
    }
    st.touch("/user", user_id, false);
    log(
        st,
        clock,
        "system,info,account",
        Bytes::from(format!("user {user} logged in via {via}")),
    );
    let menu = menus::menu("/user/active")?;
    let mut props = BTreeMap::new();
    props.insert("name", Bytes::from(user.to_string()));
    props.insert("via", Bytes::from(via.to_string()));
    props.insert("group", group.clone());
    props.insert("radius", Bytes::from_static(b"false"));
    Some(append_capped(st, clock, menu, props, ACTIVE_SESSIONS))
}
