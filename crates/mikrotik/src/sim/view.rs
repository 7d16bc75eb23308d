//! A rendered row as one session sees it: sensitive properties hidden
//! from users without the policy, the query applied, cut to `.proplist`.
//! Shared by `print`, `listen` and the streams that follow a menu.

use bytes::Bytes;

use super::query::Query;
use super::schema::{Menu, flag};
use super::state::Rendered;
use crate::record::Attributes;

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

/// Sample values as a row's `(property, value)` pairs.
pub(super) fn row_attrs(pairs: Vec<(&'static str, String)>) -> Vec<(&'static str, Bytes)> {
    pairs
        .into_iter()
        .map(|(k, v)| (k, Bytes::from(v)))
        .collect()
}
