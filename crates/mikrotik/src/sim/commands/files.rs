//! `/file`: what `/export =file=` writes and `/file/read` reads back in
//! chunks (RouterOS 7.13+), as librouteros' and napalm-ros' config export
//! does.

use bytes::Bytes;

use super::args::check_args;
use crate::api::proto::Reply;
use crate::record::Attributes;
use crate::sim::clock::Clock;
use crate::sim::menus;
use crate::sim::replies::done;
use crate::sim::state::{Row, State};
use crate::sim::value::{Refused, format_datetime, parse_int};

/// Largest `chunk-size` `/file/read` accepts.
const MAX_CHUNK: i64 = 32_768;

/// Write `contents` to file `name`, creating it or replacing its contents.
pub(super) fn store(st: &mut State, clock: &Clock, name: &[u8], contents: Bytes) {
    let Some(menu) = menus::menu("/file") else {
        return;
    };
    let now = Bytes::from(format_datetime(clock.unix));
    // Inferred: `.rsc` files list as type `script`, others as `file`.
    let kind: &'static [u8] = if name.ends_with(b".rsc") {
        b"script"
    } else {
        b"file"
    };
    if let Some(id) = st.find_by_name("/file", name) {
        if let Some(row) = st.row_mut("/file", id) {
            row.props.insert("contents", contents);
            row.props.insert("last-modified", now);
        }
        st.touch(menu.path, id, false);
        return;
    }
    let id = st.allocate_id(menu);
    let mut row = Row {
        id,
        props: Default::default(),
        since: clock.now,
    };
    row.props.insert("name", Bytes::copy_from_slice(name));
    row.props.insert("type", Bytes::from_static(kind));
    row.props.insert("creation-time", now.clone());
    row.props.insert("last-modified", now);
    row.props.insert("contents", contents);
    st.insert(menu.path, row, None);
    st.touch(menu.path, id, false);
}

/// `/file/read =file= =offset= =chunk-size=`: one `!re =data=` with the
/// bytes (inferred reply shape: one row, as REST answers a list).
pub(super) fn read(st: &State, args: &Attributes) -> Result<Vec<Reply>, Refused> {
    check_args(args, &["file", "offset", "chunk-size"])?;
    let name = args
        .get("file")
        .ok_or_else(|| Refused::new("missing =file=", None))?;
    let number = |key: &str, default: i64, min: i64, max: i64| -> Result<i64, Refused> {
        match args.get(key) {
            None => Ok(default),
            Some(v) => {
                let n = parse_int(v).ok_or_else(|| Refused::invalid(key))?;
                if (min..=max).contains(&n) {
                    Ok(n)
                } else {
                    Err(Refused::new(
                        format!("value of {key} out of range ({min}..{max})"),
                        Some(1),
                    ))
                }
            }
        }
    };
    let offset = number("offset", 0, 0, i64::from(u32::MAX))?;
    let chunk = number("chunk-size", MAX_CHUNK, 1, MAX_CHUNK)?;
    let id = st
        .find_by_name("/file", name)
        .ok_or_else(|| Refused::new("no such item", None))?;
    let contents = st
        .row("/file", id)
        .and_then(|r| r.props.get("contents").cloned())
        .unwrap_or_default();
    let start = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(contents.len());
    let end = start
        .saturating_add(usize::try_from(chunk).unwrap_or(0))
        .min(contents.len());
    let mut row = Attributes::new();
    row.push(Bytes::from_static(b"data"), contents.slice(start..end));
    Ok(vec![Reply::Re(row), done()])
}
