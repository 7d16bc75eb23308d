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

/// Most bytes all files together may hold, so clients cannot grow the
/// state without bound (a hAP ax^2 has about 90 MB free; the simulator
/// keeps files in memory).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

fn no_room() -> Refused {
    Refused::new(
        format!(
            "failure: simulator limit of {} MiB of files reached",
            MAX_FILE_BYTES >> 20
        ),
        None,
    )
}

/// Bytes held by the files other than `except`.
fn held(st: &State, except: Option<&[u8]>) -> usize {
    st.rows("/file")
        .iter()
        .filter(|r| except.is_none_or(|n| r.props.get("name").map(|v| v.as_ref()) != Some(n)))
        .map(|r| r.props.get("contents").map_or(0, |c| c.len()))
        .sum()
}

/// Refuse an `add`/`set` of `/file` whose `contents` would pass
/// [`MAX_FILE_BYTES`].
pub(super) fn check_room(st: &State, args: &Attributes) -> Result<(), Refused> {
    let new = args.get("contents").map_or(0, <[u8]>::len);
    if held(st, None).saturating_add(new) > MAX_FILE_BYTES {
        return Err(no_room());
    }
    Ok(())
}

/// Write `contents` to file `name`, creating it or replacing its contents.
pub(super) fn store(
    st: &mut State,
    clock: &Clock,
    name: &[u8],
    contents: Bytes,
) -> Result<(), Refused> {
    if held(st, Some(name)).saturating_add(contents.len()) > MAX_FILE_BYTES {
        return Err(no_room());
    }
    let Some(menu) = menus::menu("/file") else {
        return Ok(());
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
        return Ok(());
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
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn clock() -> Clock {
        Clock {
            now: 100.0,
            unix: 1_700_000_000,
        }
    }

    #[test]
    fn store_replaces_and_keeps_within_the_limit() {
        let mut st = State::new(1);
        let big = Bytes::from(vec![b'x'; MAX_FILE_BYTES - 10]);
        store(&mut st, &clock(), b"a.rsc", big.clone()).unwrap();
        // Replacing a file counts its new size only.
        store(&mut st, &clock(), b"a.rsc", big).unwrap();
        assert_eq!(st.rows("/file").len(), 1);
        let row = &st.rows("/file")[0];
        assert_eq!(
            row.props.get("type").map(|v| v.as_ref()),
            Some(&b"script"[..])
        );
        let r = store(&mut st, &clock(), b"b.txt", Bytes::from_static(&[0; 11]));
        assert!(r.unwrap_err().message.contains("limit"));
        store(&mut st, &clock(), b"b.txt", Bytes::from_static(&[0; 10])).unwrap();
        let mut args = Attributes::new();
        args.push("contents", "y");
        assert!(check_room(&st, &args).is_err());
    }

    #[test]
    fn read_chunks_and_bounds() {
        let mut st = State::new(1);
        store(
            &mut st,
            &clock(),
            b"f.txt",
            Bytes::from_static(b"0123456789"),
        )
        .unwrap();
        let read = |pairs: &[(&str, &str)]| {
            let mut a = Attributes::new();
            for (k, v) in pairs {
                a.push(k.to_string(), v.to_string());
            }
            read(&st, &a)
        };
        let data = |r: Result<Vec<Reply>, Refused>| match r.unwrap().first() {
            Some(Reply::Re(a)) => a.get("data").unwrap().to_vec(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            data(read(&[
                ("file", "f.txt"),
                ("offset", "3"),
                ("chunk-size", "4")
            ])),
            b"3456"
        );
        assert_eq!(data(read(&[("file", "f.txt"), ("offset", "99")])), b"");
        assert!(read(&[("file", "f.txt"), ("chunk-size", "0")]).is_err());
        assert!(read(&[("file", "f.txt"), ("offset", "-1")]).is_err());
        assert!(read(&[("file", "nope")]).is_err());
        assert!(read(&[("offset", "1")]).is_err());
        assert!(read(&[("file", "f.txt"), ("bogus", "1")]).is_err());
    }
}
