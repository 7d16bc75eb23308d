//! The plan: from a router's current records to the operations that make
//! a stanza true. Pure, so it is tested without a router.

use serde_json::Value;

use super::file::{
    Fields, IxonStanza, LinksysSection, LinksysStanza, PeplinkStanza, Stanza, Unlisted, fields,
    unset_names,
};
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

/// The entry after `r` in an ordered menu (its `.nextid`; none when last).
fn next_of(r: &Fields) -> Option<String> {
    r.get(".nextid")
        .filter(|n| n.as_str() != "*FFFFFFFF" && !n.is_empty())
        .cloned()
}

/// The `unset` of the fields in `names` that `have` holds a value for.
fn unset_op(menu: &str, id: Option<String>, names: &[String], have: &Fields) -> Option<Op> {
    let old: Fields = names
        .iter()
        .filter_map(|n| {
            have.get(n)
                .filter(|v| !v.is_empty())
                .map(|v| (n.clone(), v.clone()))
        })
        .collect();
    (!old.is_empty()).then(|| Op::Unset {
        menu: menu.to_string(),
        id,
        names: old.keys().cloned().collect(),
        old,
    })
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
/// currently holds `current`: adds in file order, then moves (entries of
/// an ordered menu that sit after the `before` entry), then sets and
/// unsets, then removes (an unlisted entry is removed only after its
/// replacement exists).
pub fn plan(stanza: &Stanza, current: &[Fields]) -> Vec<Op> {
    let menu = stanza.menu.clone();
    if !stanza.settings.is_empty() {
        let want = fields(&stanza.settings);
        let have = current.first().cloned().unwrap_or_default();
        let changed: Fields = want
            .into_iter()
            .filter(|(k, v)| have.get(k) != Some(v))
            .collect();
        let mut ops = Vec::new();
        if !changed.is_empty() {
            let old = changed
                .keys()
                .filter_map(|k| have.get(k).map(|v| (k.clone(), v.clone())))
                .collect();
            ops.push(Op::Set {
                menu: menu.clone(),
                id: None,
                fields: changed,
                old,
            });
        }
        ops.extend(unset_op(&menu, None, &unset_names(&stanza.settings), &have));
        return ops;
    }
    let scope = fields(&stanza.scope);
    let owned: Vec<&Fields> = current
        .iter()
        .filter(|r| !is_dynamic(r))
        .filter(|r| scope.iter().all(|(k, v)| r.get(k) == Some(v)))
        .collect();
    let matches = |r: &Fields, want: &Fields| stanza.key.iter().all(|k| r.get(k) == want.get(k));
    let (mut adds, mut moves, mut sets, mut removes) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
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
    let anchor = (!before.is_empty())
        .then(|| {
            current
                .iter()
                .position(|r| before.iter().all(|(k, v)| r.get(k) == Some(v)))
        })
        .flatten();
    let place_before = anchor
        .and_then(|i| current.get(i))
        .and_then(|r| r.get(".id").cloned());
    let position = |r: &Fields| current.iter().position(|c| c.get(".id") == r.get(".id"));
    for (want, declared) in wanted.iter().zip(&stanza.entries) {
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
                // An entry below the `before` entry moves up to it.
                if let (Some(a), Some(dest), Some(id)) = (anchor, &place_before, have.get(".id")) {
                    if position(have).is_some_and(|p| p > a) {
                        moves.push(Op::Move {
                            menu: menu.clone(),
                            id: id.clone(),
                            destination: Some(dest.clone()),
                            old_destination: next_of(have),
                        });
                    }
                }
                sets.extend(unset_op(
                    &menu,
                    have.get(".id").cloned(),
                    &unset_names(declared),
                    have,
                ));
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
                next: next_of(have),
            });
        }
    }
    adds.into_iter()
        .chain(moves)
        .chain(sets)
        .chain(removes)
        .collect()
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

/// The JNAP actions of a Linksys section: (get, set).
fn linksys_actions(section: LinksysSection) -> (&'static str, &'static str) {
    match section {
        LinksysSection::Radio => ("wirelessap/GetRadioInfo", "wirelessap/SetRadioSettings"),
        LinksysSection::GuestNetwork => (
            "guestnetwork/GetGuestNetworkSettings",
            "guestnetwork/SetGuestNetworkSettings",
        ),
        LinksysSection::ParentalControl => (
            "parentalcontrol/GetParentalControlSettings",
            "parentalcontrol/SetParentalControlSettings",
        ),
    }
}

/// The get action that reads a Linksys section.
pub fn linksys_get(stanza: &LinksysStanza) -> &'static str {
    linksys_actions(stanza.section).0
}

/// The set input that holds the settings the get action returned
/// (`current`, the `output` object), or why it cannot be built.
fn linksys_input(stanza: &LinksysStanza, current: &Value) -> Result<Value, String> {
    match stanza.section {
        LinksysSection::Radio => {
            let radio = stanza.radio.as_deref().unwrap_or_default();
            let settings = current
                .get("radios")
                .and_then(Value::as_array)
                .and_then(|radios| {
                    radios
                        .iter()
                        .find(|r| r.get("radioID").and_then(Value::as_str) == Some(radio))
                })
                .and_then(|r| r.get("settings"))
                .ok_or_else(|| format!("the router has no radio {radio:?}"))?;
            Ok(serde_json::json!({"radios": [{"radioID": radio, "settings": settings}]}))
        }
        LinksysSection::GuestNetwork => Ok(keep(
            current,
            &[
                "isGuestNetworkEnabled",
                "guestSSID",
                "guestPassword",
                "broadcastGuestSSID",
                "maxSimultaneousGuests",
            ],
        )),
        LinksysSection::ParentalControl => {
            Ok(keep(current, &["isParentalControlEnabled", "rules"]))
        }
    }
}

fn keep(value: &Value, names: &[&str]) -> Value {
    let map: serde_json::Map<String, Value> = names
        .iter()
        .filter_map(|n| value.get(*n).map(|v| (n.to_string(), v.clone())))
        .collect();
    Value::Object(map)
}

/// Merge the declared leaves into `target` (objects recursively; any
/// other value replaces).
fn merge(target: &mut Value, want: &serde_json::Map<String, Value>) {
    let Value::Object(map) = target else { return };
    for (k, w) in want {
        match (map.get_mut(k), w) {
            (Some(t @ Value::Object(_)), Value::Object(w_obj)) => merge(t, w_obj),
            _ => {
                map.insert(k.clone(), w.clone());
            }
        }
    }
}

/// The set that makes a Linksys stanza true on a router whose section
/// reads `current` (the get action's `output`), if a declared field
/// differs: the whole settings object with the declared fields changed
/// (JNAP sets take whole objects).
pub fn plan_linksys(stanza: &LinksysStanza, current: &Value) -> Result<Option<Op>, String> {
    let (get, action) = linksys_actions(stanza.section);
    let old = linksys_input(stanza, current)?;
    let mut input = old.clone();
    match stanza.section {
        LinksysSection::Radio => {
            if let Some(settings) = input
                .get_mut("radios")
                .and_then(|r| r.get_mut(0))
                .and_then(|r| r.get_mut("settings"))
            {
                merge(settings, &stanza.settings);
            }
        }
        _ => merge(&mut input, &stanza.settings),
    }
    if input == old {
        return Ok(None);
    }
    Ok(Some(Op::JnapSet {
        get: get.to_string(),
        action: action.to_string(),
        input,
        old,
    }))
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

    #[test]
    fn rules_below_the_anchor_move_up_and_unset_clears_fields() {
        let s = stanza(
            r#"[[routeros]]
menu = "/ip/firewall/filter"
key = ["comment"]
before = { comment = "drop all" }
entries = [{ chain = "input", action = "accept", comment = "ssh", log = { unset = true } }]
"#,
        );
        let current = records(&json!([
            {".id": "*1", ".nextid": "*2", "chain": "input", "action": "drop", "comment": "drop all"},
            {".id": "*2", ".nextid": "*3", "chain": "input", "action": "accept", "comment": "ssh", "log": "yes"},
            {".id": "*3", ".nextid": "*FFFFFFFF", "chain": "forward", "action": "accept", "comment": "x"},
        ]));
        let ops = plan(&s, &current);
        assert_eq!(
            ops.iter().map(Op::describe).collect::<Vec<_>>(),
            [
                "> /ip/firewall/filter move *2 before *1",
                "~ /ip/firewall/filter unset *2 log (was log=yes)",
            ]
        );
        assert_eq!(
            ops[0].inverse(&json!({})).unwrap().words(),
            [["/ip/firewall/filter/move", "=numbers=*2", "=destination=*3"]]
        );
        let done = records(&json!([
            {".id": "*2", ".nextid": "*1", "chain": "input", "action": "accept", "comment": "ssh"},
            {".id": "*1", ".nextid": "*3", "chain": "input", "action": "drop", "comment": "drop all"},
        ]));
        assert!(plan(&s, &done).is_empty());
    }

    #[test]
    fn linksys_sends_the_whole_object_with_declared_fields_changed() {
        let file = DesiredFile::parse(
            "[[linksys]]\nsection = \"radio\"\nradio = \"RADIO_5GHz\"\nsettings = { ssid = \"Home\" }\n\n\
             [[linksys]]\nsection = \"guest-network\"\nsettings = { isGuestNetworkEnabled = true }\n",
        )
        .unwrap();
        let radios = json!({"radios": [
            {"radioID": "RADIO_2.4GHz", "settings": {"ssid": "A", "channel": 6}},
            {"radioID": "RADIO_5GHz", "settings": {"ssid": "B", "channel": 36}}
        ], "isBandSteeringSupported": false});
        let op = plan_linksys(&file.linksys[0], &radios).unwrap().unwrap();
        assert_eq!(
            op.words(),
            [[
                "wirelessap/SetRadioSettings",
                r#"{"radios":[{"radioID":"RADIO_5GHz","settings":{"channel":36,"ssid":"Home"}}]}"#
            ]]
        );
        let undo = op.inverse(&json!({})).unwrap();
        assert!(undo.words()[0][1].contains(r#""ssid":"B""#));
        let guest = json!({"isGuestNetworkEnabled": true, "guestSSID": "G", "guestPassword": "p",
                           "broadcastGuestSSID": true, "maxSimultaneousGuests": 5});
        assert!(plan_linksys(&file.linksys[1], &guest).unwrap().is_none());
        let mut other = file.linksys[0].clone();
        other.radio = Some("RADIO_6GHz".into());
        assert!(
            plan_linksys(&other, &radios)
                .unwrap_err()
                .contains("no radio")
        );
    }
}
