//! `add`: a new row with its defaults and what the router derives for it;
//! `=ret=` is the new `.id`.

use bytes::Bytes;

use super::args::{parse_changes, unknown_parameter};
use super::set::{after_change, check_unique};
use crate::api::proto::Reply;
use crate::record::Attributes;
use crate::sim::clock::{Clock, CounterState, mix};
use crate::sim::replies::done_ret;
use crate::sim::schema::{IfaceRole, Menu, flag};
use crate::sim::state::{Row, State};
use crate::sim::value::{Refused, bool_str, format_datetime, format_id, network_of, parse_prefix};

/// Most rows `add` creates in one menu, so clients cannot grow the state
/// without bound.
pub const MAX_ROWS: usize = 50_000;

/// `add` as a command: the new id as `=ret=`.
pub(super) fn command(
    st: &mut State,
    clock: &Clock,
    menu: &'static Menu,
    args: &Attributes,
) -> Result<Vec<Reply>, Refused> {
    add(st, clock, menu, args).map(|id| vec![done_ret(format_id(id))])
}

/// `add`: returns the new id.
fn add(
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
    // `copy-from`: the new row starts as a copy of that one (its writable
    // properties), the given arguments change it.
    let copied = match args.get("copy-from") {
        Some(spec) => {
            let ids = st.resolve_ids(menu, spec)?;
            let source = ids.first().and_then(|id| st.row(menu.path, *id));
            source
                .map(|r| {
                    menu.props
                        .iter()
                        .filter(|p| p.writable())
                        .filter_map(|p| st.stored(menu, r, p.name).map(|v| (p.name, v.clone())))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        }
        None => Vec::new(),
    };
    let skip: &[&str] = if menu.ordered {
        &["place-before", "copy-from"]
    } else {
        &["copy-from"]
    };
    let changes = parse_changes(st, menu, args, skip)?;
    if let Some((p, _)) = changes.iter().find(|(_, v)| v.is_none()) {
        return Err(unknown_parameter(format!("!{}", p.name).as_bytes()));
    }
    let mut given: Vec<(&'static str, Bytes)> = changes
        .into_iter()
        .filter_map(|(p, v)| v.map(|v| (p.name, v)))
        .collect();
    for (name, value) in copied {
        if !given.iter().any(|(n, _)| *n == name) {
            given.push((name, value));
        }
    }
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
            CounterState {
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
            let mac = mix(st.seed, 0xAC00 + u64::from(row.id)) & 0xFF_FFFF;
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
