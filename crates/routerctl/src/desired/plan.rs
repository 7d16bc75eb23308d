//! The plan: from a router's current records to the operations that make
//! a stanza true. Pure, so it is tested without a router.

use serde_json::Value;

use super::file::{Fields, IxonStanza, PeplinkStanza, Stanza, Unlisted, fields};
use super::ops::Op;

/// Fields a router reports but nobody sets: left out of an entry that is
/// to be added back after a removal.
const READ_ONLY: &[&str] = &[
    ".id",
    ".nextid",
    ".dead",
    ".about",
    "dynamic",
    "invalid",
    "builtin",
    "default",
    "running",
    "creation-time",
    "bytes",
    "packets",
];

/// A record's fields as strings.
fn record(value: &Value) -> Fields {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k.clone(), v)
            })
            .collect(),
        _ => Fields::new(),
    }
}

fn is_dynamic(r: &Fields) -> bool {
    matches!(r.get("dynamic").map(String::as_str), Some("true" | "yes"))
}

/// The records of a `print` reply (an array, or one object for a
/// singleton that answered with its done attributes).
pub fn records(reply: &Value) -> Vec<Fields> {
    match reply {
        Value::Array(items) => items.iter().map(record).collect(),
        Value::Object(_) => vec![record(reply)],
        _ => Vec::new(),
    }
}

/// The operations that make `stanza` true on a router whose menu
/// currently holds `current`: adds in file order, then sets, then removes
/// (an unlisted entry is removed only after its replacement exists).
pub fn plan(stanza: &Stanza, current: &[Fields]) -> Vec<Op> {
    let menu = stanza.menu.clone();
    if !stanza.settings.is_empty() {
        let want = fields(&stanza.settings);
        let have = current.first().cloned().unwrap_or_default();
        let changed: Fields = want
            .into_iter()
            .filter(|(k, v)| have.get(k) != Some(v))
            .collect();
        if changed.is_empty() {
            return Vec::new();
        }
        let old = changed
            .keys()
            .filter_map(|k| have.get(k).map(|v| (k.clone(), v.clone())))
            .collect();
        return vec![Op::Set {
            menu,
            id: None,
            fields: changed,
            old,
        }];
    }
    let scope = fields(&stanza.scope);
    let owned: Vec<&Fields> = current
        .iter()
        .filter(|r| !is_dynamic(r))
        .filter(|r| scope.iter().all(|(k, v)| r.get(k) == Some(v)))
        .collect();
    let matches = |r: &Fields, want: &Fields| stanza.key.iter().all(|k| r.get(k) == want.get(k));
    let (mut adds, mut sets, mut removes) = (Vec::new(), Vec::new(), Vec::new());
    let wanted: Vec<Fields> = stanza
        .entries
        .iter()
        .map(|e| {
            // The scope's fields belong to every entry.
            let mut f = scope.clone();
            f.extend(fields(e));
            f
        })
        .collect();
    // Where new entries go: before the first entry matching `before`.
    let before = fields(&stanza.before);
    let place_before = (!before.is_empty())
        .then(|| {
            current
                .iter()
                .find(|r| before.iter().all(|(k, v)| r.get(k) == Some(v)))
                .and_then(|r| r.get(".id").cloned())
        })
        .flatten();
    for want in &wanted {
        match owned.iter().find(|r| matches(r, want)) {
            None => {
                let mut fields = want.clone();
                if let Some(id) = &place_before {
                    fields.insert("place-before".into(), id.clone());
                }
                adds.push(Op::Add {
                    menu: menu.clone(),
                    fields,
                });
            }
            Some(have) => {
                let changed: Fields = want
                    .iter()
                    .filter(|(k, v)| have.get(*k) != Some(*v))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if let (false, Some(id)) = (changed.is_empty(), have.get(".id")) {
                    let old = changed
                        .keys()
                        .filter_map(|k| have.get(k).map(|v| (k.clone(), v.clone())))
                        .collect();
                    sets.push(Op::Set {
                        menu: menu.clone(),
                        id: Some(id.clone()),
                        fields: changed,
                        old,
                    });
                }
            }
        }
    }
    if stanza.unlisted == Unlisted::Remove {
        for have in owned {
            if wanted.iter().any(|w| matches(have, w)) {
                continue;
            }
            let Some(id) = have.get(".id") else { continue };
            let old = have
                .iter()
                .filter(|(k, _)| !READ_ONLY.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            removes.push(Op::Remove {
                menu: menu.clone(),
                id: id.clone(),
                old,
            });
        }
    }
    adds.into_iter().chain(sets).chain(removes).collect()
}

/// The `set` that makes an IXON stanza true on a router whose
/// configuration object is `current`, if any field differs. Only the
/// declared leaves are compared and sent.
pub fn plan_json(stanza: &IxonStanza, current: &Value) -> Option<Op> {
    let mut patch = serde_json::Map::new();
    let mut old = serde_json::Map::new();
    diff_leaves(&stanza.configuration, current, &mut patch, &mut old);
    if patch.is_empty() {
        return None;
    }
    Some(Op::JsonSet {
        object: "ixon.ui.configuration".into(),
        method: "set".into(),
        field: "configuration".into(),
        patch: Value::Object(patch),
        old: Value::Object(old),
    })
}

/// The update that makes a Peplink stanza true on a router whose entry
/// is `current` (the entry's object), if any declared field differs.
pub fn plan_peplink(stanza: &PeplinkStanza, current: &Value) -> Option<Op> {
    let mut patch = serde_json::Map::new();
    let mut old = serde_json::Map::new();
    diff_leaves(&stanza.fields, current, &mut patch, &mut old);
    if patch.is_empty() {
        return None;
    }
    Some(Op::PeplinkUpdate {
        endpoint: stanza.endpoint.clone(),
        id: stanza.id,
        patch: Value::Object(patch),
        old: Value::Object(old),
    })
}

fn diff_leaves(
    want: &serde_json::Map<String, Value>,
    have: &Value,
    patch: &mut serde_json::Map<String, Value>,
    old: &mut serde_json::Map<String, Value>,
) {
    for (key, w) in want {
        let h = have.get(key);
        match (w, h) {
            (Value::Object(w_obj), Some(h_val @ Value::Object(_))) => {
                let (mut p, mut o) = (serde_json::Map::new(), serde_json::Map::new());
                diff_leaves(w_obj, h_val, &mut p, &mut o);
                if !p.is_empty() {
                    patch.insert(key.clone(), Value::Object(p));
                    old.insert(key.clone(), Value::Object(o));
                }
            }
            (w, Some(h)) if w == h => {}
            (w, h) => {
                patch.insert(key.clone(), w.clone());
                old.insert(key.clone(), h.cloned().unwrap_or(Value::Null));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::desired::DesiredFile;

    fn stanza(text: &str) -> Stanza {
        DesiredFile::parse(text).unwrap().routeros.remove(0)
    }

    #[test]
    fn address_list_kept_equal_to_a_declared_set() {
        let s = stanza(
            r#"[[routeros]]
menu = "/ip/firewall/address-list"
key = ["address"]
scope = { list = "blocked" }
unlisted = "remove"
entries = [{ address = "192.0.2.1" }, { address = "192.0.2.2", comment = "new" }]
"#,
        );
        let current = records(&json!([
            {".id": "*1", "list": "blocked", "address": "192.0.2.2", "disabled": "false", "creation-time": "x"},
            {".id": "*2", "list": "blocked", "address": "198.51.100.9", "disabled": "false"},
            {".id": "*3", "list": "other", "address": "203.0.113.1"},
            {".id": "*4", "list": "blocked", "address": "203.0.113.2", "dynamic": "true"},
        ]));
        let ops = plan(&s, &current);
        let lines: Vec<String> = ops.iter().map(Op::describe).collect();
        assert_eq!(
            lines,
            [
                "+ /ip/firewall/address-list add address=192.0.2.1 list=blocked",
                "~ /ip/firewall/address-list set *1 comment=new (was comment=\"\")",
                "- /ip/firewall/address-list remove *2 (address=198.51.100.9 disabled=false list=blocked)",
            ]
        );
        // Once applied, nothing is left to do.
        let after = records(&json!([
            {".id": "*1", "list": "blocked", "address": "192.0.2.2", "comment": "new"},
            {".id": "*5", "list": "blocked", "address": "192.0.2.1"},
            {".id": "*3", "list": "other", "address": "203.0.113.1"},
        ]));
        assert!(plan(&s, &after).is_empty());
    }

    #[test]
    fn a_rule_is_added_before_another() {
        let s = stanza(
            r#"[[routeros]]
menu = "/ip/firewall/filter"
key = ["comment"]
before = { comment = "drop all" }
entries = [{ chain = "input", action = "accept", comment = "ssh" }]
"#,
        );
        let current = records(&json!([
            {".id": "*1", "chain": "input", "action": "accept", "comment": "established"},
            {".id": "*2", "chain": "input", "action": "drop", "comment": "drop all"},
        ]));
        let ops = plan(&s, &current);
        assert_eq!(
            ops.iter().map(Op::describe).collect::<Vec<_>>(),
            ["+ /ip/firewall/filter add action=accept chain=input comment=ssh place-before=*2"]
        );
        // No such rule: added at the end.
        let ops = plan(&s, &current[..1]);
        assert!(!ops[0].describe().contains("place-before"));
    }

    #[test]
    fn ixon_sets_only_declared_fields_that_differ() {
        let file = DesiredFile::parse(
            "[[ixon]]\nconfiguration = { wlan = { wlanSsid = \"Plant\", wlanChannel = 6, wlanKey = \"k2\" } }\n",
        )
        .unwrap();
        let s = &file.ixon[0];
        let current =
            json!({"wlan": {"wlanSsid": "IXrouter", "wlanChannel": 6, "wlanKey": "k1"}, "lan": {}});
        let op = plan_json(s, &current).unwrap();
        assert_eq!(
            op.words(),
            [[
                "ixon.ui.configuration",
                "set",
                r#"{"configuration":{"wlan":{"wlanKey":"k2","wlanSsid":"Plant"}}}"#
            ]]
        );
        assert_eq!(
            op.describe(),
            "~ ixon.ui.configuration wlan.wlanKey=<hidden> (was <hidden>), wlan.wlanSsid=\"Plant\" (was \"IXrouter\")"
        );
        let undo = op.inverse(&json!({})).unwrap();
        assert!(undo.words()[0][2].contains(r#""wlanSsid":"IXrouter""#));
        let done = json!({"wlan": {"wlanSsid": "Plant", "wlanChannel": 6, "wlanKey": "k2"}});
        assert!(plan_json(s, &done).is_none());
    }

    #[test]
    fn peplink_updates_one_entry() {
        let file = DesiredFile::parse(
            "[[peplink]]\nendpoint = \"config.ssid.profile\"\nid = 1\nfields = { ssid = \"Van\" }\n",
        )
        .unwrap();
        let op =
            plan_peplink(&file.peplink[0], &json!({"ssid": "Office", "enable": true})).unwrap();
        assert_eq!(
            op.words(),
            [[
                "POST",
                "config.ssid.profile",
                r#"{"action":"update","id":1,"ssid":"Van"}"#
            ]]
        );
        assert_eq!(
            op.describe(),
            "~ config.ssid.profile 1 ssid=\"Van\" (was \"Office\")"
        );
        assert!(plan_peplink(&file.peplink[0], &json!({"ssid": "Van"})).is_none());
        assert!(
            DesiredFile::parse("[[peplink]]\nendpoint = \"status.x\"\nid = 1\nfields = {a = 1}\n")
                .is_err()
        );
    }

    #[test]
    fn singleton_settings_change_only_what_differs() {
        let s = stanza(
            "[[routeros]]\nmenu = \"/system/ntp/client\"\nsettings = { enabled = true, servers = \"192.0.2.123\" }\n",
        );
        let current = records(&json!([{"enabled": "true", "mode": "unicast"}]));
        let ops = plan(&s, &current);
        assert_eq!(
            ops.iter().map(Op::describe).collect::<Vec<_>>(),
            ["~ /system/ntp/client set servers=192.0.2.123 (was servers=\"\")"]
        );
        let done = records(&json!([{"enabled": "true", "servers": "192.0.2.123"}]));
        assert!(plan(&s, &done).is_empty());
    }
}
