//! Operations on a RouterOS menu, as API words, and how each is undone.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::file::Fields;

/// One change to a router.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Add an entry to a list menu.
    Add { menu: String, fields: Fields },
    /// Change fields of an entry (`id`) or of a singleton menu (no `id`).
    /// `old` holds the values before (for the plan and the undo).
    Set {
        menu: String,
        id: Option<String>,
        fields: Fields,
        old: Fields,
    },
    /// Clear fields: an explicit `{ unset = true }` in the file, or the
    /// undo of a `set` of fields that had no value. `old` holds the values
    /// before (what the undo sets back).
    Unset {
        menu: String,
        id: Option<String>,
        names: Vec<String>,
        #[serde(default, skip_serializing_if = "Fields::is_empty")]
        old: Fields,
    },
    /// Move entry `id` of an ordered menu (firewall rules) just before
    /// `destination` (`None`: to the end). `old_destination` is the entry
    /// that followed it before (what the undo moves it back before).
    Move {
        menu: String,
        id: String,
        destination: Option<String>,
        old_destination: Option<String>,
    },
    /// Remove an entry; `old` is the entry (to add it back), `next` the
    /// entry that followed it in an ordered menu (to add it back there).
    Remove {
        menu: String,
        id: String,
        old: Fields,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next: Option<String>,
    },
    /// Run a Linksys JNAP set action with a whole settings object
    /// (`input`), read back with the `get` action; `old` is the input
    /// that restores the settings before.
    JnapSet {
        get: String,
        action: String,
        input: Value,
        old: Value,
    },
    /// Set fields of a JSON configuration object through a ubus-style
    /// call (`object method {"field": patch}`); `old` holds the values
    /// before, in the same shape.
    JsonSet {
        object: String,
        method: String,
        field: String,
        patch: Value,
        old: Value,
    },
    /// Update entry `id` of a Peplink `config.*` endpoint (staged in the
    /// pending configuration).
    PeplinkUpdate {
        endpoint: String,
        id: u64,
        patch: Value,
        old: Value,
    },
}

impl Op {
    /// The API words that run it.
    pub fn words(&self) -> Vec<Vec<String>> {
        let id_word = |id: &Option<String>| id.as_ref().map(|i| format!("=.id={i}"));
        match self {
            Op::Add { menu, fields } => vec![
                std::iter::once(format!("{menu}/add"))
                    .chain(fields.iter().map(|(k, v)| format!("={k}={v}")))
                    .collect(),
            ],
            Op::Set {
                menu, id, fields, ..
            } => vec![
                std::iter::once(format!("{menu}/set"))
                    .chain(id_word(id))
                    .chain(fields.iter().map(|(k, v)| format!("={k}={v}")))
                    .collect(),
            ],
            Op::Unset {
                menu, id, names, ..
            } => names
                .iter()
                .map(|n| {
                    std::iter::once(format!("{menu}/unset"))
                        .chain(id_word(id))
                        .chain(std::iter::once(format!("=value-name={n}")))
                        .collect()
                })
                .collect(),
            Op::Remove { menu, id, .. } => {
                vec![vec![format!("{menu}/remove"), format!("=.id={id}")]]
            }
            Op::Move {
                menu,
                id,
                destination,
                ..
            } => vec![
                [format!("{menu}/move"), format!("=numbers={id}")]
                    .into_iter()
                    .chain(destination.iter().map(|d| format!("=destination={d}")))
                    .collect(),
            ],
            Op::JnapSet { action, input, .. } => {
                vec![vec![action.clone(), input.to_string()]]
            }
            Op::JsonSet {
                object,
                method,
                field,
                patch,
                ..
            } => {
                let mut args = serde_json::Map::new();
                args.insert(field.clone(), patch.clone());
                vec![vec![
                    object.clone(),
                    method.clone(),
                    Value::Object(args).to_string(),
                ]]
            }
            Op::PeplinkUpdate {
                endpoint,
                id,
                patch,
                ..
            } => {
                let mut args = serde_json::Map::new();
                args.insert("action".into(), Value::String("update".into()));
                args.insert("id".into(), Value::from(*id));
                if let Value::Object(fields) = patch {
                    args.extend(fields.clone());
                }
                vec![vec![
                    "POST".to_string(),
                    endpoint.clone(),
                    Value::Object(args).to_string(),
                ]]
            }
        }
    }

    /// What undoes it, given the router's reply to its (last) command
    /// (`add` answers with the new entry's id in `ret`).
    pub fn inverse(&self, reply: &Value) -> Option<Op> {
        match self {
            Op::Add { menu, .. } => reply
                .get("ret")
                .and_then(Value::as_str)
                .map(|id| Op::Remove {
                    menu: menu.clone(),
                    id: id.to_string(),
                    old: Fields::new(),
                    next: None,
                }),
            Op::Set {
                menu,
                id,
                fields,
                old,
            } => {
                // Fields that had no value: cleared with `unset` when that
                // is all there is, else set back to empty.
                let unset: Vec<String> = fields
                    .keys()
                    .filter(|k| !old.contains_key(*k))
                    .cloned()
                    .collect();
                if unset.len() == fields.len() {
                    return Some(Op::Unset {
                        menu: menu.clone(),
                        id: id.clone(),
                        names: unset,
                        old: Fields::new(),
                    });
                }
                let restore: Fields = fields
                    .keys()
                    .map(|k| (k.clone(), old.get(k).cloned().unwrap_or_default()))
                    .collect();
                Some(Op::Set {
                    menu: menu.clone(),
                    id: id.clone(),
                    fields: restore,
                    old: fields.clone(),
                })
            }
            Op::Unset { old, .. } if old.is_empty() => None,
            Op::Unset { menu, id, old, .. } => Some(Op::Set {
                menu: menu.clone(),
                id: id.clone(),
                fields: old.clone(),
                old: Fields::new(),
            }),
            Op::Move {
                menu,
                id,
                destination,
                old_destination,
            } => Some(Op::Move {
                menu: menu.clone(),
                id: id.clone(),
                destination: old_destination.clone(),
                old_destination: destination.clone(),
            }),
            Op::Remove {
                menu, old, next, ..
            } => {
                let mut fields = old.clone();
                if let Some(next) = next {
                    fields.insert("place-before".into(), next.clone());
                }
                Some(Op::Add {
                    menu: menu.clone(),
                    fields,
                })
            }
            Op::JnapSet {
                get,
                action,
                input,
                old,
            } => Some(Op::JnapSet {
                get: get.clone(),
                action: action.clone(),
                input: old.clone(),
                old: input.clone(),
            }),
            Op::JsonSet {
                object,
                method,
                field,
                patch,
                old,
            } => Some(Op::JsonSet {
                object: object.clone(),
                method: method.clone(),
                field: field.clone(),
                patch: old.clone(),
                old: patch.clone(),
            }),
            Op::PeplinkUpdate {
                endpoint,
                id,
                patch,
                old,
            } => Some(Op::PeplinkUpdate {
                endpoint: endpoint.clone(),
                id: *id,
                patch: old.clone(),
                old: patch.clone(),
            }),
        }
    }

    /// The same operation with entry ids renamed by `map` (old -> new):
    /// an undo re-adds a removed entry under a new id, and the undos
    /// after it that name the old id must name the new one.
    pub fn with_ids(&self, map: &std::collections::HashMap<String, String>) -> Op {
        let id = |i: &String| map.get(i).cloned().unwrap_or_else(|| i.clone());
        let opt = |i: &Option<String>| i.as_ref().map(id);
        match self {
            Op::Add { menu, fields } => Op::Add {
                menu: menu.clone(),
                fields: fields
                    .iter()
                    .map(|(k, v)| {
                        let v = if k == "place-before" {
                            id(v)
                        } else {
                            v.clone()
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            },
            Op::Set {
                menu,
                id: i,
                fields,
                old,
            } => Op::Set {
                menu: menu.clone(),
                id: opt(i),
                fields: fields.clone(),
                old: old.clone(),
            },
            Op::Unset {
                menu,
                id: i,
                names,
                old,
            } => Op::Unset {
                menu: menu.clone(),
                id: opt(i),
                names: names.clone(),
                old: old.clone(),
            },
            Op::Move {
                menu,
                id: i,
                destination,
                old_destination,
            } => Op::Move {
                menu: menu.clone(),
                id: id(i),
                destination: opt(destination),
                old_destination: opt(old_destination),
            },
            Op::Remove {
                menu,
                id: i,
                old,
                next,
            } => Op::Remove {
                menu: menu.clone(),
                id: id(i),
                old: old.clone(),
                next: opt(next),
            },
            other => other.clone(),
        }
    }

    /// One line for the plan.
    pub fn describe(&self) -> String {
        let kv = |f: &Fields| {
            f.iter()
                .map(|(k, v)| format!("{k}={}", quote(v)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        match self {
            Op::Add { menu, fields } => format!("+ {menu} add {}", kv(fields)),
            Op::Set {
                menu,
                id,
                fields,
                old,
            } => {
                let was: Fields = fields
                    .keys()
                    .map(|k| (k.clone(), old.get(k).cloned().unwrap_or_default()))
                    .collect();
                let id = id.as_ref().map(|i| format!(" {i}")).unwrap_or_default();
                format!("~ {menu} set{id} {} (was {})", kv(fields), kv(&was))
            }
            Op::Unset {
                menu,
                id,
                names,
                old,
            } => {
                let id = id.as_ref().map(|i| format!(" {i}")).unwrap_or_default();
                let was = if old.is_empty() {
                    String::new()
                } else {
                    format!(" (was {})", kv(old))
                };
                format!("~ {menu} unset{id} {}{was}", names.join(" "))
            }
            Op::Move {
                menu,
                id,
                destination,
                ..
            } => match destination {
                Some(d) => format!("> {menu} move {id} before {d}"),
                None => format!("> {menu} move {id} to the end"),
            },
            Op::Remove { menu, id, old, .. } => {
                format!("- {menu} remove {id} ({})", kv(old))
            }
            Op::JnapSet {
                action, input, old, ..
            } => {
                let set = Op::JsonSet {
                    object: action.clone(),
                    method: String::new(),
                    field: String::new(),
                    patch: input.clone(),
                    old: old.clone(),
                };
                set.describe()
            }
            Op::PeplinkUpdate {
                endpoint,
                id,
                patch,
                old,
            } => {
                let set = Op::JsonSet {
                    object: format!("{endpoint} {id}"),
                    method: String::new(),
                    field: String::new(),
                    patch: patch.clone(),
                    old: old.clone(),
                };
                set.describe()
            }
            Op::JsonSet {
                object, patch, old, ..
            } => {
                let changes = crate::changes::json_changes(old, patch);
                let shown = |path: &str, v: &Option<Value>| {
                    let last = path.rsplit('.').next().unwrap_or(path);
                    match v {
                        Some(_) if crate::mask::is_secret_name(last) => {
                            crate::mask::HIDDEN.to_string()
                        }
                        Some(v) => v.to_string(),
                        None => "null".to_string(),
                    }
                };
                let parts: Vec<String> = changes
                    .iter()
                    .map(|c| {
                        format!(
                            "{}={} (was {})",
                            c.path,
                            shown(&c.path, &c.new),
                            shown(&c.path, &c.old)
                        )
                    })
                    .collect();
                format!("~ {object} {}", parts.join(", "))
            }
        }
    }
}

fn quote(v: &str) -> String {
    if v.is_empty() || v.contains([' ', '"', '\\']) {
        format!("{v:?}")
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn f(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn words_and_inverses() {
        let add = Op::Add {
            menu: "/ip/firewall/address-list".into(),
            fields: f(&[("address", "192.0.2.1"), ("list", "blocked")]),
        };
        assert_eq!(
            add.words(),
            [[
                "/ip/firewall/address-list/add",
                "=address=192.0.2.1",
                "=list=blocked"
            ]]
        );
        let undo = add.inverse(&json!({"ret": "*7"})).unwrap();
        assert_eq!(
            undo.words(),
            [["/ip/firewall/address-list/remove", "=.id=*7"]]
        );
        assert_eq!(add.inverse(&json!([])), None);

        let set = Op::Set {
            menu: "/system/ntp/client".into(),
            id: None,
            fields: f(&[("enabled", "true"), ("servers", "192.0.2.123")]),
            old: f(&[("enabled", "false")]),
        };
        assert_eq!(
            set.words(),
            [[
                "/system/ntp/client/set",
                "=enabled=true",
                "=servers=192.0.2.123"
            ]]
        );
        assert_eq!(
            set.inverse(&json!({})).unwrap().words(),
            [["/system/ntp/client/set", "=enabled=false", "=servers="]]
        );
        assert!(
            set.describe().contains("(was enabled=false servers=\"\")"),
            "{}",
            set.describe()
        );

        let remove = Op::Remove {
            menu: "/m".into(),
            id: "*2".into(),
            old: f(&[("a", "1")]),
            next: None,
        };
        assert_eq!(
            remove.inverse(&json!({})).unwrap().words(),
            [["/m/add", "=a=1"]]
        );
        let unset = Op::Unset {
            menu: "/m".into(),
            id: Some("*1".into()),
            names: vec!["x".into()],
            old: f(&[("x", "7")]),
        };
        assert_eq!(unset.words(), [["/m/unset", "=.id=*1", "=value-name=x"]]);
        assert_eq!(
            unset.inverse(&json!({})).unwrap().words(),
            [["/m/set", "=.id=*1", "=x=7"]]
        );
        assert_eq!(unset.describe(), "~ /m unset *1 x (was x=7)");

        let ordered = Op::Remove {
            menu: "/ip/firewall/filter".into(),
            id: "*2".into(),
            old: f(&[("chain", "input")]),
            next: Some("*3".into()),
        };
        assert_eq!(
            ordered.inverse(&json!({})).unwrap().words(),
            [[
                "/ip/firewall/filter/add",
                "=chain=input",
                "=place-before=*3"
            ]]
        );
        let mv = Op::Move {
            menu: "/ip/firewall/filter".into(),
            id: "*5".into(),
            destination: Some("*2".into()),
            old_destination: None,
        };
        assert_eq!(
            mv.words(),
            [["/ip/firewall/filter/move", "=numbers=*5", "=destination=*2"]]
        );
        assert_eq!(mv.describe(), "> /ip/firewall/filter move *5 before *2");
        assert_eq!(
            mv.inverse(&json!({})).unwrap().words(),
            [["/ip/firewall/filter/move", "=numbers=*5"]]
        );
        let jnap = Op::JnapSet {
            get: "guestnetwork/GetGuestNetworkSettings".into(),
            action: "guestnetwork/SetGuestNetworkSettings".into(),
            input: json!({"guestSSID": "Guests", "guestPassword": "p2"}),
            old: json!({"guestSSID": "Linksys-Guest", "guestPassword": "p1"}),
        };
        assert_eq!(
            jnap.describe(),
            "~ guestnetwork/SetGuestNetworkSettings guestPassword=<hidden> (was <hidden>), guestSSID=\"Guests\" (was \"Linksys-Guest\")"
        );
        assert_eq!(
            jnap.inverse(&json!({})).unwrap().words()[0][1],
            r#"{"guestPassword":"p1","guestSSID":"Linksys-Guest"}"#
        );
    }
}
