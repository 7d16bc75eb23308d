//! Change feeds: `listen`, and `print =follow=` / `=follow-only=` once
//! `print` has taken its snapshot.

use std::collections::VecDeque;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::broadcast;

use super::args::{check_args, parse_proplist};
use crate::record::Attributes;
use crate::sim::device::{Change, Device};
use crate::sim::outcome::{Outcome, refused};
use crate::sim::query::Query;
use crate::sim::schema::Menu;
use crate::sim::session::Session;
use crate::sim::stream::{Poll, SimStream};

pub(super) fn listen(
    dev: &Device,
    session: &Session,
    menu: &'static Menu,
    args: &Attributes,
) -> Outcome {
    if let Err(r) = check_args(args, &[".proplist"]) {
        return refused(r);
    }
    feed(
        dev,
        session,
        menu,
        dev.subscribe(),
        Query::default(),
        parse_proplist(args),
        VecDeque::new(),
    )
}

/// A feed of `menu`'s changes for `session` (`rx` subscribed by the
/// caller, under the lock when a snapshot goes first), starting with
/// `backlog`.
pub(super) fn feed(
    dev: &Device,
    session: &Session,
    menu: &'static Menu,
    rx: broadcast::Receiver<Change>,
    query: Query,
    proplist: Option<Vec<Bytes>>,
    backlog: VecDeque<Attributes>,
) -> Outcome {
    Outcome::Stream(
        SimStream::feed(
            rx,
            menu,
            query,
            proplist,
            session.may("sensitive"),
            backlog,
            dev.config().has_empty_reply(),
        )
        .with_poll(counter_poll(dev, menu)),
    )
}

/// How often a feed of `/interface` looks at the counters again.
const COUNTER_POLL: Duration = Duration::from_secs(1);

/// Interface rows change when their counters move, which no write
/// announces: feeds of `/interface` poll them.
fn counter_poll(dev: &Device, menu: &'static Menu) -> Option<Poll> {
    if menu.path != "/interface" {
        return None;
    }
    let dev = dev.clone();
    Some(Poll::new(
        COUNTER_POLL,
        Box::new(move || {
            let clock = dev.clock();
            let st = dev.lock();
            st.rows(menu.path)
                .iter()
                .map(|r| (r.id, st.render(menu, r, &clock)))
                .collect()
        }),
    ))
}
