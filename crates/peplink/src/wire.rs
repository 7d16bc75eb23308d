//! The Peplink Router API on the wire, shared by the client and the
//! simulator so each protocol fact is written once: the `stat` envelope,
//! keyed collections with their `order`, and the failure codes.
//!
//! Every reply is HTTP 200 with one JSON object:
//! `{"stat":"ok"}`, `{"stat":"ok","response":…}` (plus `"notice":{"status":"beta"}`
//! for beta or deprecated endpoints), or `{"stat":"fail","code":N,"message":"…"}`.
//!
//! ```
//! use routerctl_peplink::wire::Envelope;
//! let reply = serde_json::json!({"stat": "fail", "code": 401, "message": "Unauthorized"});
//! let env = Envelope::parse(&reply).unwrap();
//! assert_eq!(env, Envelope::Fail { code: 401, message: "Unauthorized".into() });
//! assert_eq!(env.to_value(), reply);
//! ```

use serde_json::{Map, Value, json};

/// Vendor name used in inventories, errors and output.
pub const VENDOR: &str = "peplink";

/// The failure codes. Only 401 is documented by Peplink (on HTTP 200, for
/// a missing or expired session or token); the others are this project's
/// choices, used consistently by the simulator (see the crate README).
pub mod codes {
    /// A bad request: malformed body, wrong type, missing or unknown field.
    pub const BAD_REQUEST: i64 = 400;
    /// No session or token, or an expired, revoked or unknown one; also a
    /// refused login or token grant.
    pub const UNAUTHORIZED: i64 = 401;
    /// Authenticated, but the permission does not allow this call
    /// (read-only POSTing, a token managing clients).
    pub const FORBIDDEN: i64 = 403;
    /// An endpoint the device does not know (message `unknown function`).
    pub const UNKNOWN_FUNCTION: i64 = 404;
    /// A known endpoint called with a method it does not take.
    pub const METHOD_NOT_ALLOWED: i64 = 405;
    /// The device cannot do this now (no SIM, no GPS fix, restarting).
    pub const UNAVAILABLE: i64 = 503;
}

/// The message of an unknown endpoint, as real devices send it.
pub const UNKNOWN_FUNCTION_MESSAGE: &str = "unknown function";

/// One decoded reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Envelope {
    /// `stat: ok`.
    Ok {
        /// The `response` member; absent for commands that return nothing.
        response: Option<Value>,
        /// The `notice` member (`{"status":"beta"}`, `{"status":"deprecated"}`).
        notice: Option<Value>,
    },
    /// `stat: fail`.
    Fail {
        /// The device's code (401 for an expired session or token).
        code: i64,
        /// The device's message.
        message: String,
    },
}

impl Envelope {
    /// `{"stat":"ok","response":response}`.
    pub fn ok(response: Value) -> Self {
        Envelope::Ok {
            response: Some(response),
            notice: None,
        }
    }

    /// `{"stat":"ok"}`.
    pub fn ok_empty() -> Self {
        Envelope::Ok {
            response: None,
            notice: None,
        }
    }

    /// `{"stat":"fail","code":code,"message":message}`.
    pub fn fail(code: i64, message: impl Into<String>) -> Self {
        Envelope::Fail {
            code,
            message: message.into(),
        }
    }

    /// Read a reply. Anything that is not an object with `stat` `ok` or
    /// `fail` (and, for `fail`, an integer `code`) is an error naming what
    /// was wrong. A missing `message` is read as empty.
    pub fn parse(value: &Value) -> Result<Self, String> {
        let obj = value
            .as_object()
            .ok_or_else(|| format!("reply is not a JSON object: {}", short(value)))?;
        match obj.get("stat").and_then(Value::as_str) {
            Some("ok") => Ok(Envelope::Ok {
                response: obj.get("response").cloned(),
                notice: obj.get("notice").filter(|n| !n.is_null()).cloned(),
            }),
            Some("fail") => {
                let code = match obj.get("code") {
                    Some(Value::Number(n)) => n
                        .as_i64()
                        .ok_or_else(|| format!("fail reply has a non-integer code {n}"))?,
                    // Some firmware quotes numbers; accept a numeric string.
                    Some(Value::String(s)) => s
                        .trim()
                        .parse()
                        .map_err(|_| format!("fail reply has a non-numeric code {s:?}"))?,
                    Some(other) => {
                        return Err(format!("fail reply has a code of the wrong type: {other}"));
                    }
                    None => return Err("fail reply has no code".to_string()),
                };
                let message = obj
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                Ok(Envelope::Fail { code, message })
            }
            Some(other) => Err(format!("reply has an unknown stat {other:?}")),
            None => Err(format!("reply has no stat: {}", short(value))),
        }
    }

    /// The JSON object as sent on the wire.
    pub fn to_value(&self) -> Value {
        match self {
            Envelope::Ok { response, notice } => {
                let mut obj = Map::new();
                obj.insert("stat".into(), json!("ok"));
                if let Some(n) = notice {
                    obj.insert("notice".into(), n.clone());
                }
                if let Some(r) = response {
                    obj.insert("response".into(), r.clone());
                }
                Value::Object(obj)
            }
            Envelope::Fail { code, message } => {
                json!({"stat": "fail", "code": code, "message": message})
            }
        }
    }
}

/// Build a keyed collection `{"1":{…},"2":{…},"order":[1,2]}` from
/// `(id, item)` pairs, in the order given.
///
/// ```
/// use routerctl_peplink::wire::{keyed, keyed_in_order};
/// use serde_json::json;
/// let c = keyed(vec![(2, json!({"name": "b"})), (1, json!({"name": "a"}))]);
/// assert_eq!(c["order"], json!([2, 1]));
/// let items = keyed_in_order(&c).unwrap();
/// assert_eq!(items[0].0, 2);
/// ```
pub fn keyed(items: impl IntoIterator<Item = (u64, Value)>) -> Value {
    let mut obj = Map::new();
    let mut order = Vec::new();
    for (id, item) in items {
        obj.insert(id.to_string(), item);
        order.push(json!(id));
    }
    obj.insert("order".into(), Value::Array(order));
    Value::Object(obj)
}

/// The items of a keyed collection in its `order`.
///
/// Without an `order` member, the numeric keys whose values are objects
/// are taken in numeric order. An `order` that names an id the collection
/// lacks is an error, as is an `order` that is not a list of integers,
/// and one that names an id twice: each entry clones its item, so a short
/// reply repeating one id could otherwise demand gigabytes.
pub fn keyed_in_order(value: &Value) -> Result<Vec<(u64, Value)>, String> {
    let obj = value
        .as_object()
        .ok_or_else(|| format!("collection is not a JSON object: {}", short(value)))?;
    let ids: Vec<u64> = match obj.get("order") {
        Some(order @ Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.parse().ok(),
                _ => None,
            })
            .collect::<Option<Vec<u64>>>()
            .ok_or_else(|| format!("order is not a list of ids: {}", short(order)))?,
        Some(other) => return Err(format!("order is not a list: {}", short(other))),
        None => {
            let mut ids: Vec<u64> = obj
                .iter()
                .filter(|(_, v)| v.is_object())
                .filter_map(|(k, _)| k.parse().ok())
                .collect();
            ids.sort_unstable();
            ids
        }
    };
    let mut seen = std::collections::HashSet::with_capacity(ids.len());
    if let Some(id) = ids.iter().find(|id| !seen.insert(**id)) {
        return Err(format!("order names id {id} more than once"));
    }
    ids.into_iter()
        .map(|id| {
            obj.get(&id.to_string())
                .map(|item| (id, item.clone()))
                .ok_or_else(|| format!("order names id {id}, which the collection lacks"))
        })
        .collect()
}

/// Add `key=value` to a JSON object the way query strings and form
/// bodies mean it: a second occurrence of a key turns it into a list.
///
/// ```
/// use routerctl_peplink::wire::push_pair;
/// let mut obj = serde_json::Map::new();
/// for (k, v) in [("id", "1"), ("id", "2"), ("lite", "yes")] {
///     push_pair(&mut obj, k, v);
/// }
/// assert_eq!(serde_json::Value::Object(obj), serde_json::json!({"id": ["1", "2"], "lite": "yes"}));
/// ```
pub fn push_pair(obj: &mut Map<String, Value>, key: &str, value: &str) {
    let value = Value::String(value.to_string());
    match obj.get_mut(key) {
        None => {
            obj.insert(key.to_string(), value);
        }
        Some(Value::Array(list)) => list.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, value]);
        }
    }
}

/// At most 160 characters of a JSON value, for error messages.
pub fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(160) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_envelopes_parse() {
        let ok = json!({"stat": "ok"});
        assert_eq!(Envelope::parse(&ok).unwrap(), Envelope::ok_empty());
        let beta = json!({"stat": "ok", "notice": {"status": "beta"}, "response": [1]});
        let Envelope::Ok { response, notice } = Envelope::parse(&beta).unwrap() else {
            panic!("not ok");
        };
        assert_eq!(response, Some(json!([1])));
        assert_eq!(notice, Some(json!({"status": "beta"})));
        assert_eq!(Envelope::parse(&beta).unwrap().to_value(), beta);
    }

    #[test]
    fn broken_envelopes_are_errors_that_say_why() {
        for (v, want) in [
            (json!([1]), "not a JSON object"),
            (json!({"response": 1}), "no stat"),
            (json!({"stat": "maybe"}), "unknown stat"),
            (json!({"stat": "fail"}), "no code"),
            (json!({"stat": "fail", "code": 1.5}), "non-integer"),
            (json!({"stat": "fail", "code": "x"}), "non-numeric"),
            (json!({"stat": "fail", "code": true}), "wrong type"),
        ] {
            let e = Envelope::parse(&v).unwrap_err();
            assert!(e.contains(want), "{v}: {e}");
        }
        assert_eq!(
            Envelope::parse(&json!({"stat": "fail", "code": "401"})).unwrap(),
            Envelope::fail(401, "")
        );
    }

    #[test]
    fn keyed_collections_follow_order() {
        let c = json!({"3": {"a": 3}, "1": {"a": 1}, "order": [3, 1], "supportGatewayProxy": true});
        let ids: Vec<u64> = keyed_in_order(&c)
            .unwrap()
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert_eq!(ids, vec![3, 1]);
        let no_order = json!({"10": {}, "2": {}, "connection": []});
        let ids: Vec<u64> = keyed_in_order(&no_order)
            .unwrap()
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert_eq!(ids, vec![2, 10]);
        assert!(
            keyed_in_order(&json!({"order": [7]}))
                .unwrap_err()
                .contains("id 7")
        );
        assert!(
            keyed_in_order(&json!({"order": [{}]}))
                .unwrap_err()
                .contains("not a list of ids")
        );
    }

    #[test]
    fn an_order_repeating_an_id_is_refused() {
        let c = json!({"1": {"a": 1}, "order": [1, 1, 1]});
        let e = keyed_in_order(&c).unwrap_err();
        assert!(e.contains("more than once"), "{e}");
    }

    #[test]
    fn short_cuts_long_values_on_a_char_boundary() {
        let long = json!("é".repeat(400));
        assert!(short(&long).ends_with('…'));
        assert_eq!(short(&json!(1)), "1");
    }
}
