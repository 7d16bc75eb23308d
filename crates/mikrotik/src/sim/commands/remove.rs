//! `remove`: rows and what hangs off them (bridge ports, list members);
//! references to a removed interface are orphaned, not deleted.

use super::args::{check_args, target_ids};
use crate::api::proto::Reply;
use crate::record::Attributes;
use crate::sim::replies::done;
use crate::sim::schema::{IfaceRole, Menu};
use crate::sim::state::State;
use crate::sim::value::Refused;

/// `remove` as a command: the rows named by `.id` / `numbers`.
pub(super) fn command(
    st: &mut State,
    menu: &'static Menu,
    args: &Attributes,
) -> Result<Vec<Reply>, Refused> {
    check_args(args, &[".id", "numbers"])?;
    let ids = target_ids(st, menu, args, false)?;
    remove(st, menu, &ids)?;
    Ok(vec![done()])
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
