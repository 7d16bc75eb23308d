//! `move`: change the order of an ordered menu (firewall rules), as
//! RouterOS 7's console, API and REST (`POST /rest/ip/firewall/filter/move`)
//! do: the items named by `numbers` (or `.id`), in the order given, go
//! just before `destination`; without `destination` they go to the end.

use super::args::{check_args, target_ids};
use crate::api::proto::Reply;
use crate::record::Attributes;
use crate::sim::replies::done;
use crate::sim::schema::Menu;
use crate::sim::state::State;
use crate::sim::value::Refused;

/// `move` as a command.
pub(super) fn command(
    st: &mut State,
    menu: &'static Menu,
    args: &Attributes,
) -> Result<Vec<Reply>, Refused> {
    check_args(args, &[".id", "numbers", "destination"])?;
    let ids = target_ids(st, menu, args, false)?;
    let destination = match args.get("destination") {
        Some(spec) => {
            let to = st.resolve_ids(menu, spec)?;
            match to.as_slice() {
                [one] => Some(*one),
                _ => return Err(Refused::invalid("destination")),
            }
        }
        None => None,
    };
    reorder(st, menu, &ids, destination);
    Ok(vec![done()])
}

/// Take `ids` out and put them back, in that order, before `destination`
/// (at the end when `None`). A destination among the moved items leaves
/// the order as it is.
fn reorder(st: &mut State, menu: &'static Menu, ids: &[u32], destination: Option<u32>) {
    if destination.is_some_and(|d| ids.contains(&d)) {
        return;
    }
    let Some(table) = st.table_mut(menu.path) else {
        return;
    };
    let mut moving = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(pos) = table.rows.iter().position(|r| r.id == *id) {
            moving.push(table.rows.remove(pos));
        }
    }
    let at = destination
        .and_then(|d| table.rows.iter().position(|r| r.id == d))
        .unwrap_or(table.rows.len());
    for (offset, row) in moving.into_iter().enumerate() {
        table.rows.insert(at + offset, row);
    }
    for id in ids {
        st.touch(menu.path, *id, false);
    }
}

#[cfg(test)]
mod tests {

    use crate::api::proto::Reply;
    use crate::record::Attributes;
    use crate::sim::replies::{ret, rows};
    use crate::sim::test_support::attrs;
    use crate::sim::{Device, SimConfig};

    fn comments(d: &Device, s: &crate::sim::Session) -> Vec<String> {
        let r = d.execute(s, b"/ip/firewall/filter/print", &Attributes::new(), &[]);
        rows(&r)
            .iter()
            .map(|a| a.get_str("comment").unwrap_or_default().into_owned())
            .collect()
    }

    fn trapped(r: &[Reply]) -> bool {
        r.iter().any(|x| matches!(x, Reply::Trap(_)))
    }

    #[test]
    fn move_puts_rules_before_a_destination_or_last_and_copy_from_clones() {
        let d = Device::new(SimConfig::new("admin", "pw"));
        let s = d.authenticate(b"admin", b"pw").unwrap();
        let add = |comment: &str| {
            let r = d.execute(
                &s,
                b"/ip/firewall/filter/add",
                &attrs(&[
                    ("chain", "forward"),
                    ("action", "accept"),
                    ("comment", comment),
                ]),
                &[],
            );
            String::from_utf8_lossy(&ret(&r).unwrap()).into_owned()
        };
        let before = comments(&d, &s);
        let a = add("a");
        let b = add("b");
        let first = d.execute(&s, b"/ip/firewall/filter/print", &Attributes::new(), &[]);
        let first_id = rows(&first)[0].get_str(".id").unwrap().into_owned();
        // `b` before the first rule, by `.id`.
        let r = d.execute(
            &s,
            b"/ip/firewall/filter/move",
            &attrs(&[(".id", &b), ("destination", &first_id)]),
            &[],
        );
        assert!(!trapped(&r), "{r:?}");
        let now = comments(&d, &s);
        assert_eq!(now[0], "b");
        // `b` and `a` (numbers=, in that order) to the end.
        let list = format!("{b},{a}");
        d.execute(
            &s,
            b"/ip/firewall/filter/move",
            &attrs(&[("numbers", &list)]),
            &[],
        );
        let now = comments(&d, &s);
        assert_eq!(&now[now.len() - 2..], ["b", "a"]);
        assert_eq!(&now[..now.len() - 2], &before[..]);
        // Unknown ids and menus that have no order are refused.
        let r = d.execute(
            &s,
            b"/ip/firewall/filter/move",
            &attrs(&[("numbers", "*FFFF")]),
            &[],
        );
        assert!(trapped(&r));
        let r = d.execute(&s, b"/ip/address/move", &attrs(&[("numbers", "*1")]), &[]);
        assert!(trapped(&r));

        // copy-from: the copy has the source's fields, changed where given.
        let r = d.execute(
            &s,
            b"/ip/firewall/filter/add",
            &attrs(&[("copy-from", &a), ("comment", "a2"), ("place-before", &a)]),
            &[],
        );
        let copy = String::from_utf8_lossy(&ret(&r).unwrap()).into_owned();
        let all = d.execute(&s, b"/ip/firewall/filter/print", &Attributes::new(), &[]);
        let rows = rows(&all);
        let row = rows
            .iter()
            .find(|x| x.get_str(".id").as_deref() == Some(copy.as_str()))
            .unwrap();
        assert_eq!(row.get_str("chain").unwrap(), "forward");
        assert_eq!(row.get_str("action").unwrap(), "accept");
        let now = comments(&d, &s);
        assert_eq!(&now[now.len() - 3..], ["b", "a2", "a"]);
    }
}
