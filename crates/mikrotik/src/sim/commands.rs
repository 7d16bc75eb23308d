//! Command dispatch and the generic menu commands: print, add, set,
//! remove, enable/disable, unset, listen, and the small menu-specific
//! ones. Streaming tools live in [`super::tools`], `/export` in
//! [`super::export`].

use std::collections::VecDeque;

use bytes::Bytes;

use super::device::{Device, Outcome, done, done_ret, trap};
use super::live::{self, Clock};
use super::menus;
use super::query::Query;
use super::schema::{IfaceRole, Menu, Prop, flag};
use super::session::Session;
use super::state::{Rendered, Row, State};
use super::stream::SimStream;
use super::value::{
    Refused, bool_str, format_datetime, format_id, network_of, normalise, parse_prefix,
};
use super::{export, tools};
use crate::api::proto::Reply;
use crate::record::Attributes;

/// Most `/log` lines kept (RouterOS's memory log default).
const LOG_LINES: usize = 1000;
/// Most `/user/active` rows kept.
const ACTIVE_SESSIONS: usize = 1000;
/// Most rows `add` creates in one menu, so clients cannot grow the state
/// without bound.
pub const MAX_ROWS: usize = 50_000;

/// A refusal as the command's answer: its trap, then `!done`.
pub(super) fn refused(r: Refused) -> Outcome {
    Outcome::Done(trap(r.message, r.category))
}

fn unknown_parameter(name: &[u8]) -> Refused {
    Refused::new(
        format!("unknown parameter {}", String::from_utf8_lossy(name)),
        None,
    )
}

/// The two traps of an unknown menu or directory element.
fn unknown_directory(element: &str) -> Outcome {
    Outcome::Done(vec![
        super::device::trap_reply(format!("no such command or directory ({element})"), None),
        super::device::trap_reply("no such command prefix", None),
        done(),
    ])
}

fn no_such_command() -> Outcome {
    Outcome::Done(trap("no such command", None))
}

/// Refuse arguments outside `allowed`.
pub(super) fn check_args(args: &Attributes, allowed: &[&str]) -> Result<(), Refused> {
    for (name, _) in args.iter() {
        if !allowed.iter().any(|a| a.as_bytes() == name.as_ref()) {
            return Err(unknown_parameter(name));
        }
    }
    Ok(())
}

/// The policy a command needs.
fn policy_for(menu: Option<&Menu>, command: &str) -> &'static str {
    match command {
        "print" | "getall" | "listen" | "export" | "monitor" | "monitor-traffic" => "read",
        "ping" => "test",
        "reboot" => "reboot",
        _ => menu.map(|m| m.write_policy).unwrap_or("write"),
    }
}

pub(super) fn run(
    dev: &Device,
    session: &Session,
    command: &[u8],
    args: &Attributes,
    queries: &[Bytes],
) -> Outcome {
    let Some(path) = std::str::from_utf8(command)
        .ok()
        .filter(|p| p.starts_with('/'))
    else {
        return Outcome::Done(trap("no such command prefix", None));
    };
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let mut prefix = String::new();
    for element in dir.split('/').filter(|e| !e.is_empty()) {
        prefix.push('/');
        prefix.push_str(element);
        if !menus::is_directory(&prefix) {
            return unknown_directory(element);
        }
    }
    if name.is_empty() {
        return no_such_command();
    }
    let menu = menus::menu(dir);
    let directory_cmd = menus::DIRECTORY_COMMANDS
        .iter()
        .any(|(d, cmds)| *d == dir && cmds.contains(&name));
    let known = menu.is_some_and(|m| m.accepts(name)) || directory_cmd;
    if !known {
        if menu.is_some() || menus::is_directory(&format!("{dir}/{name}")) {
            return no_such_command();
        }
        return unknown_directory(name);
    }
    let policy = policy_for(menu.filter(|_| !directory_cmd), name);
    if !session.may(policy) {
        return Outcome::Done(trap("not enough permissions (9)", None));
    }
    if directory_cmd {
        return match (dir, name) {
            ("" | "/tool", "ping") => tools::ping(dev, args),
            ("", "export") => export::command(dev, session, None, args),
            ("/system", "reboot") => reboot(dev, session, args),
            _ => no_such_command(),
        };
    }
    let Some(menu) = menu else {
        return no_such_command();
    };
    match name {
        "print" | "getall" => print(dev, session, menu, args, queries),
        "listen" => listen(dev, session, menu, args),
        "export" => export::command(dev, session, Some(menu), args),
        "add" => write(dev, session, |st, clock| {
            add(st, clock, menu, args).map(|id| vec![done_ret(format_id(id))])
        }),
        "set" => write(dev, session, |st, clock| {
            let ids = target_ids(st, menu, args, true)?;
            let changes = parse_changes(st, menu, args, &[".id", "numbers"])?;
            set(st, clock, menu, &ids, &changes)?;
            Ok(vec![done()])
        }),
        "enable" | "disable" => write(dev, session, |st, clock| {
            check_args(args, &[".id", "numbers"])?;
            let ids = target_ids(st, menu, args, false)?;
            let prop = menu
                .prop("disabled")
                .ok_or_else(|| unknown_parameter(b"disabled"))?;
            let value = if name == "disable" { "true" } else { "false" };
            set(
                st,
                clock,
                menu,
                &ids,
                &[(prop, Some(Bytes::from_static(value.as_bytes())))],
            )?;
            Ok(vec![done()])
        }),
        "unset" => write(dev, session, |st, clock| {
            check_args(args, &[".id", "numbers", "value-name"])?;
            let ids = target_ids(st, menu, args, true)?;
            let vn = args
                .get("value-name")
                .ok_or_else(|| Refused::new("missing =value-name=", None))?;
            let prop = writable_prop(menu, vn)?;
            set(st, clock, menu, &ids, &[(prop, None)])?;
            Ok(vec![done()])
        }),
        "remove" => write(dev, session, |st, _clock| {
            check_args(args, &[".id", "numbers"])?;
            let ids = target_ids(st, menu, args, false)?;
            remove(st, menu, &ids)?;
            Ok(vec![done()])
        }),
        "monitor-traffic" => tools::monitor_traffic(dev, args),
        "monitor" => tools::interface_monitor(dev, menu, args),
        "reset-counters" => write(dev, session, |st, clock| {
            check_args(args, &[".id", "numbers"])?;
            reset_counters(st, clock, menu, args)?;
            Ok(vec![done()])
        }),
        "make-static" => write(dev, session, |st, _| {
            check_args(args, &[".id", "numbers"])?;
            for id in target_ids(st, menu, args, false)? {
                if let Some(row) = st.row_mut(menu.path, id) {
                    row.props.insert("dynamic", Bytes::from_static(b"false"));
                }
                st.touch(menu.path, id, false);
            }
            Ok(vec![done()])
        }),
        "renew" | "release" => write(dev, session, |st, clock| {
            check_args(args, &[".id", "numbers"])?;
            for id in target_ids(st, menu, args, false)? {
                if let Some(row) = st.row_mut(menu.path, id) {
                    row.since = clock.now;
                }
                st.touch(menu.path, id, false);
            }
            Ok(vec![done()])
        }),
        "info" | "warning" | "error" | "debug" => write(dev, session, |st, clock| {
            check_args(args, &["message"])?;
            let msg = args
                .get("message")
                .ok_or_else(|| Refused::new("missing =message=", None))?;
            let topics = format!("script,{name}");
            log(st, clock, &topics, Bytes::copy_from_slice(msg));
            Ok(vec![done()])
        }),
        _ => no_such_command(),
    }
}

/// Run a state change under the lock and publish what it touched.
fn write(
    dev: &Device,
    _session: &Session,
    f: impl FnOnce(&mut State, &Clock) -> Result<Vec<Reply>, Refused>,
) -> Outcome {
    let clock = dev.clock();
    let mut st = dev.lock();
    let result = f(&mut st, &clock);
    dev.publish(&mut st, &clock);
    match result {
        Ok(replies) => Outcome::Done(replies),
        Err(r) => refused(r),
    }
}

fn reboot(dev: &Device, session: &Session, args: &Attributes) -> Outcome {
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

/// Properties of a rendered row the session may see.
pub(super) fn visible(menu: &Menu, row: Rendered, session_sensitive: bool) -> Rendered {
    if session_sensitive {
        return row;
    }
    row.into_iter()
        .filter(|(n, _)| !menu.prop(n).is_some_and(|p| p.has(flag::SENSITIVE)))
        .collect()
}

/// Restrict to `.proplist` (in its order) and turn into attributes.
pub(super) fn project(row: &Rendered, proplist: Option<&[Bytes]>) -> Attributes {
    match proplist {
        None => row
            .iter()
            .map(|(n, v)| (Bytes::from_static(n.as_bytes()), v.clone()))
            .collect(),
        Some(names) => names
            .iter()
            .filter_map(|want| {
                row.iter()
                    .find(|(n, _)| n.as_bytes() == want.as_ref())
                    .map(|(n, v)| (Bytes::from_static(n.as_bytes()), v.clone()))
            })
            .collect(),
    }
}

/// Does a rendered row pass the query?
pub(super) fn query_matches(query: &Query, row: &Rendered) -> bool {
    query.matches(&|name: &[u8]| {
        row.iter()
            .find(|(n, _)| n.as_bytes() == name)
            .map(|(_, v)| v.clone())
    })
}

pub(super) fn parse_proplist(args: &Attributes) -> Option<Vec<Bytes>> {
    args.get(".proplist").map(|v| {
        v.split(|&b| b == b',')
            .filter(|p| !p.is_empty())
            .map(Bytes::copy_from_slice)
            .collect()
    })
}

const PRINT_ARGS: &[&str] = &[
    ".proplist",
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

fn print(
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
    let from = match args.get("from") {
        Some(spec) => match st.resolve_ids(menu, spec) {
            Ok(ids) => Some(ids),
            Err(r) => return refused(r),
        },
        None => None,
    };
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
        return Outcome::Stream(SimStream::feed(
            rx,
            menu,
            query,
            proplist,
            session.may("sensitive"),
            backlog,
            dev.config().has_empty_reply(),
        ));
    }
    if let Some(interval) = args.get("interval") {
        let Some(ms) =
            super::value::parse_duration(interval).filter(|ms| (10..=86_400_000).contains(ms))
        else {
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

fn listen(dev: &Device, session: &Session, menu: &'static Menu, args: &Attributes) -> Outcome {
    if let Err(r) = check_args(args, &[".proplist"]) {
        return refused(r);
    }
    Outcome::Stream(SimStream::feed(
        dev.subscribe(),
        menu,
        Query::default(),
        parse_proplist(args),
        session.may("sensitive"),
        VecDeque::new(),
        dev.config().has_empty_reply(),
    ))
}

/// The ids named by `.id` (or `numbers`); singletons need none.
fn target_ids(
    st: &State,
    menu: &Menu,
    args: &Attributes,
    singleton_ok: bool,
) -> Result<Vec<u32>, Refused> {
    if menu.singleton && singleton_ok {
        return Ok(st.rows(menu.path).iter().map(|r| r.id).take(1).collect());
    }
    let spec = args
        .get(".id")
        .or_else(|| args.get("numbers"))
        .ok_or_else(|| Refused::new("missing =numbers=", None))?;
    st.resolve_ids(menu, spec)
}

fn writable_prop(menu: &Menu, name: &[u8]) -> Result<&'static Prop, Refused> {
    std::str::from_utf8(name)
        .ok()
        .and_then(|n| menu.prop(n))
        .filter(|p| p.writable())
        .ok_or_else(|| unknown_parameter(name))
}

type Changes = Vec<(&'static Prop, Option<Bytes>)>;

/// Read `=name=value` and `=!name=` arguments into checked changes.
fn parse_changes(
    st: &State,
    menu: &Menu,
    args: &Attributes,
    skip: &[&str],
) -> Result<Changes, Refused> {
    let exists = |m: &str, name: &[u8]| st.name_exists(m, name);
    let mut out: Changes = Vec::new();
    for (name, value) in args.iter() {
        if skip.iter().any(|s| s.as_bytes() == name.as_ref()) {
            continue;
        }
        if let Some(unset) = name.strip_prefix(b"!") {
            let prop = writable_prop(menu, unset)?;
            if prop.has(flag::REQUIRED) && prop.default.is_none() {
                return Err(unknown_parameter(name));
            }
            out.push((prop, None));
            continue;
        }
        let prop = writable_prop(menu, name)?;
        let v = normalise(prop.name, prop.kind, value, &exists)?;
        out.push((prop, Some(v)));
    }
    Ok(out)
}

/// Check uniqueness of `candidate` against the other rows of `menu`.
fn check_unique(
    st: &State,
    menu: &Menu,
    candidate: &dyn Fn(&str) -> Option<Bytes>,
    except: Option<u32>,
) -> Result<(), Refused> {
    if let (IfaceRole::Sub { .. } | IfaceRole::Master, Some(name)) = (menu.iface, candidate("name"))
    {
        let clash = st.find_by_name("/interface", &name);
        if clash.is_some() && clash != except {
            return Err(Refused::new(
                "failure: already have interface with such name",
                None,
            ));
        }
    }
    for set in menu.unique {
        let want: Vec<Option<Bytes>> = set.iter().map(|p| candidate(p)).collect();
        let clash = st.rows(menu.path).iter().any(|r| {
            Some(r.id) != except
                && set
                    .iter()
                    .zip(&want)
                    .all(|(p, w)| st.stored(menu, r, p) == w.as_ref())
        });
        if clash {
            let msg = if menu.path == "/interface/bridge/port" {
                "failure: device already added as bridge port"
            } else {
                "failure: already have such entry"
            };
            return Err(Refused::new(msg, None));
        }
    }
    Ok(())
}

/// `add`: returns the new id.
pub(super) fn add(
    st: &mut State,
    clock: &Clock,
    menu: &'static Menu,
    args: &Attributes,
) -> Result<u32, Refused> {
    if st.rows(menu.path).len() >= MAX_ROWS {
        return Err(Refused::new(
            format!("failure: simulator limit of {MAX_ROWS} items reached"),
            None,
        ));
    }
    let mut before = None;
    if menu.ordered {
        if let Some(spec) = args.get("place-before") {
            let ids = st.resolve_ids(menu, spec)?;
            before = ids.first().copied();
        }
    }
    let skip: &[&str] = if menu.ordered { &["place-before"] } else { &[] };
    let changes = parse_changes(st, menu, args, skip)?;
    if let Some((p, _)) = changes.iter().find(|(_, v)| v.is_none()) {
        return Err(unknown_parameter(format!("!{}", p.name).as_bytes()));
    }
    let mut given: Vec<(&'static str, Bytes)> = changes
        .into_iter()
        .filter_map(|(p, v)| v.map(|v| (p.name, v)))
        .collect();
    if let IfaceRole::Sub { type_name } = menu.iface {
        if !given.iter().any(|(n, _)| *n == "name") {
            let mut n = 1;
            let name = loop {
                let candidate = format!("{type_name}{n}");
                if !st.name_exists("/interface", candidate.as_bytes()) {
                    break candidate;
                }
                n += 1;
            };
            given.push(("name", Bytes::from(name)));
        }
    }
    for p in menu.props.iter().filter(|p| p.has(flag::REQUIRED)) {
        if !given.iter().any(|(n, _)| *n == p.name) {
            return Err(Refused::new(format!("missing ={}=", p.name), None));
        }
    }
    let value_of = |name: &str| -> Option<Bytes> {
        given
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .or_else(|| {
                menu.prop(name)
                    .and_then(|p| p.default)
                    .map(|d| Bytes::from_static(d.as_bytes()))
            })
    };
    check_unique(st, menu, &value_of, None)?;

    let id = st.allocate_id(menu);
    let mut row = Row {
        id,
        props: Default::default(),
        since: clock.now,
    };
    let mut master = Row {
        id,
        props: Default::default(),
        since: clock.now,
    };
    for p in menu.props {
        let Some(v) = value_of(p.name) else { continue };
        if p.has(flag::MASTER) {
            master.props.insert(p.name, v);
        } else {
            row.props.insert(p.name, v);
        }
    }
    derive_new(st, clock, menu, &mut row, &mut master);
    if let IfaceRole::Sub { .. } = menu.iface {
        let running = master.is_true("running");
        st.insert("/interface", master, None);
        st.counters.insert(
            ("/interface", id),
            live::CounterState {
                base: [0; 8],
                since: clock.now,
                active: running,
            },
        );
    }
    st.insert(menu.path, row, before);
    after_change(st, clock, menu, id);
    st.touch(menu.path, id, false);
    Ok(id)
}

/// Fill the state a router computes for a new row.
fn derive_new(st: &mut State, clock: &Clock, menu: &Menu, row: &mut Row, master: &mut Row) {
    let t = |s: &'static str| Bytes::from_static(s.as_bytes());
    if let IfaceRole::Sub { type_name } = menu.iface {
        {
            let m = &mut master.props;
            m.insert("type", Bytes::from_static(type_name.as_bytes()));
            let mac = live::mix(st.seed, 0xAC00 + u64::from(row.id)) & 0xFF_FFFF;
            m.entry("mac-address").or_insert_with(|| {
                Bytes::from(format!(
                    "4A:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}",
                    row.id & 0xFF,
                    (mac >> 24) & 0xFF,
                    (mac >> 16) & 0xFF,
                    (mac >> 8) & 0xFF,
                    mac & 0xFF
                ))
            });
            m.entry("actual-mtu").or_insert_with(|| t("1500"));
            m.entry("l2mtu").or_insert_with(|| t("1514"));
            m.insert("link-downs", t("0"));
            m.insert("dynamic", t("false"));
            let disabled = m.get("disabled").map(|v| v.as_ref()) == Some(b"true");
            m.insert("running", t(bool_str(!disabled)));
        }
    }
    let p = &mut row.props;
    match menu.path {
        "/ip/address" => {
            if !p.contains_key("network") {
                if let Some((ip, len)) = p.get("address").and_then(|a| parse_prefix(a)) {
                    p.insert("network", Bytes::from(network_of(ip, len).to_string()));
                }
            }
            if let Some(i) = p.get("interface").cloned() {
                p.insert("actual-interface", i);
            }
        }
        "/interface/bridge/port" => {
            let running = p
                .get("interface")
                .and_then(|i| st.find_by_name("/interface", i))
                .and_then(|id| st.row("/interface", id))
                .is_some_and(|r| r.is_true("running"));
            p.insert("status", t(if running { "in-bridge" } else { "inactive" }));
            p.insert("inactive", t(bool_str(!running)));
        }
        "/ip/dhcp-server/lease" => {
            p.insert("status", t("waiting"));
            p.insert("last-seen", t("never"));
            p.insert("active-agent-circuit-id", Bytes::new());
            p.insert("active-agent-remote-id", Bytes::new());
        }
        "/ip/firewall/address-list" => {
            p.insert("creation-time", Bytes::from(format_datetime(clock.unix)));
            if p.contains_key("timeout") {
                p.insert("dynamic", t("true"));
            }
        }
        "/ip/route" => {
            p.insert("static", t("true"));
            p.insert("active", t("true"));
            if let Some(gw) = p.get("gateway").cloned() {
                p.insert("immediate-gw", gw);
            }
        }
        "/ip/dhcp-client" => {
            p.insert("status", t("searching..."));
        }
        "/user" => {
            p.entry("password").or_default();
        }
        _ => {}
    }
}

/// Keep derived state in step after an add or set of row `id`.
fn after_change(st: &mut State, clock: &Clock, menu: &Menu, id: u32) {
    let t = |s: &'static str| Bytes::from_static(s.as_bytes());
    match menu.path {
        "/interface/bridge/port" => {
            let iface = st
                .row(menu.path, id)
                .and_then(|r| r.props.get("interface").cloned());
            if let Some(iid) = iface.and_then(|i| st.find_by_name("/interface", &i)) {
                if let Some(r) = st.row_mut("/interface", iid) {
                    r.props.insert("slave", t("true"));
                }
                st.touch("/interface", iid, false);
            }
        }
        "/ip/address" => {
            if let Some(r) = st.row_mut(menu.path, id) {
                if let Some(i) = r.props.get("interface").cloned() {
                    r.props.insert("actual-interface", i);
                }
            }
        }
        _ => {}
    }
    // A row pointing at a removed interface is valid again once it points
    // at an existing one.
    st.revalidate(menu, id);
    // Interface enable/disable: running follows, counters freeze/resume.
    if menu.iface != IfaceRole::None {
        let Some(r) = st.row("/interface", id) else {
            return;
        };
        let disabled = r.is_true("disabled");
        let was_running = r.is_true("running");
        let running = !disabled && !st.link_down.contains(&id);
        if running != was_running {
            live::rebase_counters(st, id, clock.now, running, false);
            if let Some(r) = st.row_mut("/interface", id) {
                r.props.insert("running", t(bool_str(running)));
            }
        }
    }
}

/// `set` (and enable/disable/unset): apply checked changes to `ids`.
pub(super) fn set(
    st: &mut State,
    clock: &Clock,
    menu: &'static Menu,
    ids: &[u32],
    changes: &[(&'static Prop, Option<Bytes>)],
) -> Result<(), Refused> {
    // Check every row first so a refused change applies nowhere.
    for &id in ids {
        let Some(row) = st.row(menu.path, id) else {
            return Err(Refused::new("no such item (4)", None));
        };
        let candidate = |name: &str| -> Option<Bytes> {
            match changes.iter().rev().find(|(p, _)| p.name == name) {
                Some((_, Some(v))) => Some(v.clone()),
                Some((p, None)) => p.default.map(|d| Bytes::from_static(d.as_bytes())),
                None => st.stored(menu, row, name).cloned(),
            }
        };
        let touches_unique = changes
            .iter()
            .any(|(p, _)| p.name == "name" || menu.unique.iter().any(|set| set.contains(&p.name)));
        if touches_unique {
            check_unique(st, menu, &candidate, Some(id))?;
        }
    }
    for &id in ids {
        let mut renamed: Option<(Bytes, Bytes)> = None;
        for (prop, value) in changes {
            let path = if prop.has(flag::MASTER) || menu.iface == IfaceRole::Master {
                "/interface"
            } else {
                menu.path
            };
            let Some(row) = st.row_mut(path, id) else {
                continue;
            };
            let old = row.props.get(prop.name).cloned();
            let new = value
                .clone()
                .or_else(|| prop.default.map(|d| Bytes::from_static(d.as_bytes())));
            match &new {
                Some(v) => {
                    row.props.insert(prop.name, v.clone());
                }
                None => {
                    row.props.remove(prop.name);
                }
            }
            if Some(prop.name) == menu.name_key {
                if let (Some(o), Some(n)) = (old, new) {
                    if o != n {
                        renamed = Some((o, n));
                    }
                }
            }
        }
        if menu.path == "/ip/address" && changes.iter().any(|(p, _)| p.name == "address") {
            let explicit = changes.iter().any(|(p, _)| p.name == "network");
            if let Some(r) = st.row_mut(menu.path, id) {
                if !explicit {
                    if let Some((ip, len)) = r.props.get("address").and_then(|a| parse_prefix(a)) {
                        r.props
                            .insert("network", Bytes::from(network_of(ip, len).to_string()));
                    }
                }
            }
        }
        after_change(st, clock, menu, id);
        if let Some((old, new)) = renamed {
            match menu.iface {
                IfaceRole::None => st.rename_references(menu.path, &old, &new),
                _ => {
                    st.rename_references("/interface", &old, &new);
                    if let Some(sub) = st.sub_menu_of(id) {
                        st.rename_references(sub, &old, &new);
                    }
                }
            }
        }
        st.touch(menu.path, id, false);
    }
    Ok(())
}

/// `remove`: rows and what hangs off them.
fn remove(st: &mut State, menu: &'static Menu, ids: &[u32]) -> Result<(), Refused> {
    for &id in ids {
        let builtin = st.row(menu.path, id).is_some_and(|r| r.is_true("builtin"));
        if builtin {
            return Err(Refused::new("failure: can not remove builtin list", None));
        }
    }
    for &id in ids {
        let name = st.row(menu.path, id).and_then(|r| st.name_of(menu, r));
        let Some(row) = st.remove(menu.path, id) else {
            continue;
        };
        st.touch(menu.path, id, true);
        if let IfaceRole::Sub { .. } = menu.iface {
            st.remove("/interface", id);
            st.counters.remove(&("/interface", id));
            if let Some(name) = name {
                remove_where(
                    st,
                    "/interface/bridge/port",
                    &["interface", "bridge"],
                    &name,
                );
                remove_where(st, "/interface/list/member", &["interface"], &name);
                st.orphan_references("/interface", &name, id);
                st.orphan_references(menu.path, &name, id);
            }
        }
        if menu.path == "/interface/bridge/port" {
            if let Some(iid) = row
                .props
                .get("interface")
                .and_then(|i| st.find_by_name("/interface", i))
            {
                if let Some(r) = st.row_mut("/interface", iid) {
                    r.props.remove("slave");
                }
                st.touch("/interface", iid, false);
            }
        }
    }
    Ok(())
}

fn remove_where(st: &mut State, path: &'static str, props: &[&str], value: &[u8]) {
    let ids: Vec<u32> = st
        .rows(path)
        .iter()
        .filter(|r| {
            props
                .iter()
                .any(|p| r.props.get(p).map(|v| v.as_ref()) == Some(value))
        })
        .map(|r| r.id)
        .collect();
    for id in ids {
        st.remove(path, id);
        st.touch(path, id, true);
    }
}

fn reset_counters(
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
                live::CounterState {
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

/// Append a `/log` line (oldest dropped past [`LOG_LINES`]).
pub(super) fn log(st: &mut State, clock: &Clock, topics: &str, message: Bytes) {
    let Some(menu) = menus::menu("/log") else {
        return;
    };
    let mut props = std::collections::BTreeMap::new();
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
    props: std::collections::BTreeMap<&'static str, Bytes>,
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
    let mut props = std::collections::BTreeMap::new();
    props.insert("name", Bytes::from(user.to_string()));
    props.insert("via", Bytes::from(via.to_string()));
    props.insert("group", group.clone());
    props.insert("radius", Bytes::from_static(b"false"));
    Some(append_capped(st, clock, menu, props, ACTIVE_SESSIONS))
}
