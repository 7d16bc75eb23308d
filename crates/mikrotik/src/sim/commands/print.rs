//! `print` and `getall`: the rows of a menu that pass `from` and the query,
//! as the session may see them; `=count-only=`; `=interval=` prints again
//! and again. `=follow=` and `=follow-only=` hand over to [`super::listen`].

use std::collections::VecDeque;

use bytes::Bytes;

use super::args::{check_args, parse_proplist, unknown_parameter};
use super::listen;
use crate::api::proto::Reply;
use crate::record::Attributes;
use crate::sim::clock::Clock;
use crate::sim::device::Device;
use crate::sim::outcome::{Outcome, refused};
use crate::sim::query::Query;
use crate::sim::replies::{done, done_ret, trap};
use crate::sim::schema::Menu;
use crate::sim::session::Session;
use crate::sim::state::State;
use crate::sim::stream::SimStream;
use crate::sim::value::{Refused, parse_duration};
use crate::sim::view::{project, query_matches, visible};

const PRINT_ARGS: &[&str] = &[
    ".proplist",
    "active",
    "count-only",
    "detail",
    "follow",
    "follow-only",
    "interval",
    "without-paging",
    "terse",
    "brief",
    "stats",
    "from",
    "as-value",
    "show-ids",
    "value-list",
];

/// Rows of `menu` that pass `from` and the query, rendered for `session`
/// and cut to `proplist`: what one `print` sends.
fn select(
    st: &State,
    clock: &Clock,
    menu: &'static Menu,
    session: &Session,
    query: &Query,
    from: Option<&[u32]>,
    proplist: Option<&[Bytes]>,
) -> Vec<Attributes> {
    let sensitive = session.may("sensitive");
    st.rows(menu.path)
        .iter()
        .filter(|r| from.is_none_or(|ids| ids.contains(&r.id)))
        .map(|r| visible(menu, st.render(menu, r, clock), sensitive))
        .filter(|r| query_matches(query, r))
        .map(|r| project(&r, proplist))
        .collect()
}

pub(super) fn print(
    dev: &Device,
    session: &Session,
    menu: &'static Menu,
    args: &Attributes,
    queries: &[Bytes],
) -> Outcome {
    if let Err(r) = check_args(args, PRINT_ARGS) {
        return refused(r);
    }
    let query = match Query::parse(queries) {
        Ok(q) => q,
        Err(e) => return Outcome::Done(trap(e.0, Some(1))),
    };
    let proplist = parse_proplist(args);
    let follow = args.contains("follow");
    let follow_only = args.contains("follow-only");
    let clock = dev.clock();
    let st = dev.lock();
    let mut from = match args.get("from") {
        Some(spec) => match st.resolve_ids(menu, spec) {
            Ok(ids) => Some(ids),
            Err(r) => return refused(r),
        },
        None => None,
    };
    if args.contains("active") {
        // `print active` (mktxp's lease collector): only leases in use.
        if menu.path != "/ip/dhcp-server/lease" {
            return refused(unknown_parameter(b"active"));
        }
        let active: Vec<u32> = st
            .rows(menu.path)
            .iter()
            .filter(|r| r.props.get("status").map(|v| v.as_ref()) == Some(b"bound"))
            .filter(|r| from.as_ref().is_none_or(|ids| ids.contains(&r.id)))
            .map(|r| r.id)
            .collect();
        from = Some(active);
    }
    if follow || follow_only {
        // Subscribe under the lock: the snapshot and the feed line up.
        let rx = dev.subscribe();
        let backlog: VecDeque<Attributes> = if follow_only {
            VecDeque::new()
        } else {
            select(
                &st,
                &clock,
                menu,
                session,
                &query,
                from.as_deref(),
                proplist.as_deref(),
            )
            .into()
        };
        return listen::feed(dev, session, menu, rx, query, proplist, backlog);
    }
    if let Some(interval) = args.get("interval") {
        let Some(ms) = parse_duration(interval).filter(|ms| (10..=86_400_000).contains(ms)) else {
            return refused(Refused::invalid("interval"));
        };
        drop(st);
        return Outcome::Stream(reprint_stream(
            dev, session, menu, query, proplist, from, ms,
        ));
    }
    if args.contains("count-only") {
        // An empty proplist: only the number of rows is wanted.
        let rows = select(
            &st,
            &clock,
            menu,
            session,
            &query,
            from.as_deref(),
            Some(&[]),
        );
        return Outcome::Done(vec![done_ret(rows.len().to_string())]);
    }
    let rows = select(
        &st,
        &clock,
        menu,
        session,
        &query,
        from.as_deref(),
        proplist.as_deref(),
    );
    let mut out: Vec<Reply> = rows.into_iter().map(Reply::Re).collect();
    if out.is_empty() && dev.config().has_empty_reply() {
        out.push(Reply::Empty);
    }
    out.push(done());
    Outcome::Done(out)
}

/// `print =interval=`: the whole print again every interval.
fn reprint_stream(
    dev: &Device,
    session: &Session,
    menu: &'static Menu,
    query: Query,
    proplist: Option<Vec<Bytes>>,
    from: Option<Vec<u32>>,
    interval_ms: u64,
) -> SimStream {
    let dev = dev.clone();
    let session = session.clone();
    SimStream::periodic(
        std::time::Duration::from_millis(interval_ms),
        None,
        true,
        dev.config().has_empty_reply(),
        Box::new(move |_section| {
            let clock = dev.clock();
            let st = dev.lock();
            select(
                &st,
                &clock,
                menu,
                &session,
                &query,
                from.as_deref(),
                proplist.as_deref(),
            )
        }),
    )
}
