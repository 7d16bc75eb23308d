//! `set`, `enable`, `disable` and `unset`: checked changes to existing
//! rows, renames followed wherever the row is named.

use bytes::Bytes;

use super::args::{check_args, parse_changes, target_ids, unknown_parameter, writable_prop};
use crate::api::proto::Reply;
use crate::record::Attributes;
use crate::sim::clock::Clock;
use crate::sim::live;
use crate::sim::replies::done;
use crate::sim::schema::{IfaceRole, Menu, Prop, flag};
use crate::sim::state::State;
use crate::sim::value::{Refused, bool_str, network_of, parse_prefix};

/// `set`: `=name=value` and `=!name=` changes to the rows named by `.id`.
pub(super) fn command(
    st: &mut State,
    clock: &Clock,
    menu: &'static Menu,
    args: &Attributes,
) -> Result<Vec<Reply>, Refused> {
    let ids = target_ids(st, menu, args, true)?;
    let changes = parse_changes(st, menu, args, &[".id", "numbers"])?;
    set(st, clock, menu, &ids, &changes)?;
    Ok(vec![done()])
}

/// `enable` / `disable`: set `disabled`.
pub(super) fn enable_disable(
    st: &mut State,
    clock: &Clock,
    menu: &'static Menu,
    args: &Attributes,
    disable: bool,
) -> Result<Vec<Reply>, Refused> {
    check_args(args, &[".id", "numbers"])?;
    let ids = target_ids(st, menu, args, false)?;
    let prop = menu
        .prop("disabled")
        .ok_or_else(|| unknown_parameter(b"disabled"))?;
    let value = if disable { "true" } else { "false" };
    set(
        st,
        clock,
        menu,
        &ids,
        &[(prop, Some(Bytes::from_static(value.as_bytes())))],
    )?;
    Ok(vec![done()])
}

/// `unset =value-name=`: back to the default (or absent).
pub(super) fn unset(
    st: &mut State,
    clock: &Clock,
    menu: &'static Menu,
    args: &Attributes,
) -> Result<Vec<Reply>, Refused> {
    check_args(args, &[".id", "numbers", "value-name"])?;
    let ids = target_ids(st, menu, args, true)?;
    let vn = args
        .get("value-name")
        .ok_or_else(|| Refused::new("missing =value-name=", None))?;
    let prop = writable_prop(menu, vn)?;
    set(st, clock, menu, &ids, &[(prop, None)])?;
    Ok(vec![done()])
}

/// `set` (and enable/disable/unset): apply checked changes to `ids`.
fn set(
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
        if changes.iter().any(|(p, _)| p.name == "timeout") {
            crate::sim::expiry::timeout_changed(st, menu.path, id, clock);
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

/// Check uniqueness of `candidate` against the other rows of `menu`.
pub(super) fn check_unique(
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

/// Keep derived state in step after an add or set of row `id`.
pub(super) fn after_change(st: &mut State, clock: &Clock, menu: &Menu, id: u32) {
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
