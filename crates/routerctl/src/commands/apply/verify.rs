//! Whether an operation whose outcome the journal does not know (sent,
//! then the process died) took effect: read the router and look. Used by
//! `apply --resume` (to skip it or run it) and `rollback` (to undo it or
//! not).

use routerctl_core::{Error, Router};
use serde_json::{Value, json};

use super::targets::{jnap_output, peplink_entry, raw};
use crate::desired::{Op, records};
use crate::inventory::RouterEntry;

/// Fields `add` takes that the entry does not show.
const ADD_ONLY: &[&str] = &["place-before", "copy-from"];

/// `Some(reply)` when `op` is in effect on the router, with a reply from
/// which its inverse can be built ([`Op::inverse`]: an add's `ret`).
pub(super) async fn took_effect(
    router: &dyn Router,
    entry: &RouterEntry,
    op: &Op,
) -> Result<Option<Value>, Error> {
    let menu_records = |menu: &str| {
        let words = [format!("{menu}/print")];
        async move { Ok::<_, Error>(records(&raw(router, entry, &words).await?)) }
    };
    let yes = |v: bool| v.then(|| json!({}));
    Ok(match op {
        Op::Add { menu, fields } => menu_records(menu)
            .await?
            .iter()
            .find(|r| {
                fields
                    .iter()
                    .filter(|(k, _)| !ADD_ONLY.contains(&k.as_str()))
                    .all(|(k, v)| r.get(k) == Some(v))
            })
            .and_then(|r| r.get(".id"))
            .map(|id| json!({"ret": id})),
        Op::Set {
            menu, id, fields, ..
        } => {
            let all = menu_records(menu).await?;
            let record = match id {
                Some(id) => all.iter().find(|r| r.get(".id") == Some(id)),
                None => all.first(),
            };
            yes(record.is_some_and(|r| fields.iter().all(|(k, v)| r.get(k) == Some(v))))
        }
        Op::Unset {
            menu, id, names, ..
        } => {
            let all = menu_records(menu).await?;
            let record = match id {
                Some(id) => all.iter().find(|r| r.get(".id") == Some(id)),
                None => all.first(),
            };
            yes(record.is_some_and(|r| names.iter().all(|n| r.get(n).is_none_or(|v| v.is_empty()))))
        }
        Op::Remove { menu, id, .. } => yes(!menu_records(menu)
            .await?
            .iter()
            .any(|r| r.get(".id") == Some(id))),
        Op::Move {
            menu,
            id,
            destination,
            ..
        } => {
            let all = menu_records(menu).await?;
            let at = |i: &String| all.iter().position(|r| r.get(".id") == Some(i));
            yes(match (at(id), destination) {
                (Some(p), Some(d)) => at(d).is_some_and(|q| p < q),
                (Some(p), None) => p + 1 == all.len(),
                (None, _) => false,
            })
        }
        Op::JsonSet {
            object,
            field,
            patch,
            ..
        } => {
            let reply = raw(router, entry, &[object.clone(), "get".to_string()]).await?;
            yes(contains(reply.get(field).unwrap_or(&Value::Null), patch))
        }
        Op::PeplinkUpdate {
            endpoint,
            id,
            patch,
            ..
        } => yes(contains(
            &peplink_entry(router, entry, endpoint, *id).await?,
            patch,
        )),
        Op::JnapSet { get, input, .. } => {
            let current = jnap_output(router, entry, get).await?;
            yes(jnap_contains(&current, input))
        }
    })
}

/// Whether every leaf of `want` has its value in `have`.
pub(super) fn contains(have: &Value, want: &Value) -> bool {
    match (have, want) {
        (Value::Object(h), Value::Object(w)) => w
            .iter()
            .all(|(k, wv)| h.get(k).is_some_and(|hv| contains(hv, wv))),
        (h, w) => h == w,
    }
}

/// [`contains`] for a JNAP set input against its get output; radio
/// settings are a list keyed by `radioID`.
fn jnap_contains(current: &Value, input: &Value) -> bool {
    match input.get("radios").and_then(Value::as_array) {
        Some(radios) if current.get("radios").is_some() => {
            let have = current
                .get("radios")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            radios.iter().all(|want| {
                have.iter()
                    .find(|h| h.get("radioID") == want.get("radioID"))
                    .is_some_and(|h| {
                        contains(
                            h.get("settings").unwrap_or(&Value::Null),
                            want.get("settings").unwrap_or(&Value::Null),
                        )
                    })
            })
        }
        _ => contains(current, input),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_and_radios() {
        let have = json!({"a": {"b": 1, "c": 2}, "d": [1]});
        assert!(contains(&have, &json!({"a": {"b": 1}})));
        assert!(!contains(&have, &json!({"a": {"b": 2}})));
        assert!(!contains(&have, &json!({"x": 1})));
        let radios =
            json!({"radios": [{"radioID": "R5", "settings": {"ssid": "A", "channel": 36}}]});
        assert!(jnap_contains(
            &radios,
            &json!({"radios": [{"radioID": "R5", "settings": {"ssid": "A"}}]})
        ));
        assert!(!jnap_contains(
            &radios,
            &json!({"radios": [{"radioID": "R5", "settings": {"ssid": "B"}}]})
        ));
    }
}
