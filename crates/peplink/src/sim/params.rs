//! Request parameters as the simulator reads them, from wherever the
//! client put them: the query string (repeated keys become lists), a JSON
//! body, or a form-encoded body (third-party clients log in that way).
//!
//! The getters are tolerant in the way a real device has to be with
//! clients written against a PDF: numbers may come as strings, lists may
//! come as repeated keys, JSON arrays or comma lists, booleans as `true`,
//! `yes` or `1`. A value of the wrong type is a [`ParamError`] that names
//! the field.
//!
//! ```
//! use routerctl_peplink::sim::params::Params;
//! let p = Params::parse("id=1&id=2,3&lite=yes", None, b"").unwrap();
//! assert_eq!(p.id_list("id").unwrap(), Some(vec![1, 2, 3]));
//! assert_eq!(p.bool("lite").unwrap(), Some(true));
//! ```

use std::fmt;

use serde_json::{Map, Value};

use crate::wire::push_pair;

/// Why a request's parameters were refused; the message names the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError(pub String);

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ParamError {
    /// `field` is required and absent.
    pub fn missing(field: &str) -> Self {
        ParamError(format!("Missing parameter: {field}"))
    }
    /// `field` has a value of the wrong type or out of range.
    pub fn invalid(field: &str, expected: &str) -> Self {
        ParamError(format!("Invalid parameter: {field} (expected {expected})"))
    }
}

/// All parameters of one request, merged: body members override query
/// members of the same name. The access token (`accessToken` in the query)
/// is kept apart so it never reaches a handler as data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    values: Map<String, Value>,
    access_token: Option<String>,
}

impl Params {
    /// Parse the raw query string and the body. The body is JSON when the
    /// content type says so, or when there is no content type and it starts
    /// with `{`; otherwise it is form-encoded. A JSON body must be an object.
    pub fn parse(query: &str, content_type: Option<&str>, body: &[u8]) -> Result<Self, ParamError> {
        let mut values = Map::new();
        let mut access_token = None;
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            if k == "accessToken" {
                access_token = Some(v.into_owned());
            } else {
                push_pair(&mut values, &k, &v);
            }
        }
        let mime = content_type.map(|c| {
            c.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
        let trimmed = body.trim_ascii();
        let is_json = match mime.as_deref() {
            Some("application/json") | Some("text/json") => true,
            Some("application/x-www-form-urlencoded") => false,
            _ => trimmed.first() == Some(&b'{') || trimmed.first() == Some(&b'['),
        };
        if trimmed.is_empty() {
            // An empty body adds nothing, whatever its declared type.
        } else if is_json {
            let parsed: Value = serde_json::from_slice(trimmed)
                .map_err(|e| ParamError(format!("Invalid JSON body: {e}")))?;
            let Value::Object(obj) = parsed else {
                return Err(ParamError(
                    "Invalid JSON body: expected a JSON object".to_string(),
                ));
            };
            for (k, v) in obj {
                values.insert(k, v);
            }
        } else {
            let mut form = Map::new();
            for (k, v) in form_urlencoded::parse(trimmed) {
                push_pair(&mut form, &k, &v);
            }
            for (k, v) in form {
                values.insert(k, v);
            }
        }
        Ok(Params {
            values,
            access_token,
        })
    }

    /// Parameters from a JSON object (tests, and handlers calling handlers).
    pub fn from_json(values: Map<String, Value>) -> Self {
        Params {
            values,
            access_token: None,
        }
    }

    /// The `accessToken` query parameter, if given.
    pub fn access_token(&self) -> Option<&str> {
        self.access_token.as_deref()
    }

    /// All parameters as one JSON object (for config merges).
    pub fn values(&self) -> &Map<String, Value> {
        &self.values
    }

    /// The raw value of `field`.
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.values.get(field).filter(|v| !v.is_null())
    }

    /// A string field; numbers are accepted and printed.
    pub fn str(&self, field: &str) -> Result<Option<String>, ParamError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(ParamError::invalid(field, "a string")),
        }
    }

    /// A required string field.
    pub fn required_str(&self, field: &str) -> Result<String, ParamError> {
        self.str(field)?.ok_or_else(|| ParamError::missing(field))
    }

    /// A non-negative integer field; numeric strings are accepted.
    pub fn u64(&self, field: &str) -> Result<Option<u64>, ParamError> {
        match self.get(field) {
            None => Ok(None),
            Some(v) => as_u64(v)
                .map(Some)
                .ok_or_else(|| ParamError::invalid(field, "a non-negative integer")),
        }
    }

    /// A required non-negative integer field.
    pub fn required_u64(&self, field: &str) -> Result<u64, ParamError> {
        self.u64(field)?.ok_or_else(|| ParamError::missing(field))
    }

    /// A boolean field: `true`/`false`, `yes`/`no`, `1`/`0`, as JSON or text.
    pub fn bool(&self, field: &str) -> Result<Option<bool>, ParamError> {
        match self.get(field) {
            None => Ok(None),
            Some(v) => as_bool(v)
                .map(Some)
                .ok_or_else(|| ParamError::invalid(field, "true or false")),
        }
    }

    /// A list of strings: a JSON array, repeated keys, or a comma list.
    pub fn str_list(&self, field: &str) -> Result<Option<Vec<String>>, ParamError> {
        let items = match self.get(field) {
            None => return Ok(None),
            Some(Value::Array(items)) => items.clone(),
            Some(single) => vec![single.clone()],
        };
        let mut out = Vec::new();
        for item in items {
            match item {
                Value::String(s) => out.extend(
                    s.split(',')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(str::to_string),
                ),
                Value::Number(n) => out.push(n.to_string()),
                _ => return Err(ParamError::invalid(field, "a list of strings")),
            }
        }
        Ok(Some(out))
    }

    /// A list of ids: a JSON array, repeated keys or a comma list of
    /// non-negative integers.
    pub fn id_list(&self, field: &str) -> Result<Option<Vec<u64>>, ParamError> {
        let items = match self.get(field) {
            None => return Ok(None),
            Some(Value::Array(items)) => items.clone(),
            Some(single) => vec![single.clone()],
        };
        let mut out = Vec::new();
        for item in items {
            match item {
                Value::String(s) => {
                    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                        out.push(
                            part.parse()
                                .map_err(|_| ParamError::invalid(field, "a list of ids"))?,
                        );
                    }
                }
                other => out.push(
                    as_u64(&other).ok_or_else(|| ParamError::invalid(field, "a list of ids"))?,
                ),
            }
        }
        Ok(Some(out))
    }

    /// Refuse any parameter not in `allowed`, so a misspelt field is
    /// reported instead of silently ignored.
    pub fn only(&self, allowed: &[&str]) -> Result<(), ParamError> {
        match self.values.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(ParamError(format!("Unknown parameter: {k}"))),
            None => Ok(()),
        }
    }
}

/// A non-negative integer from a JSON number or numeric string.
pub fn as_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean from JSON or the spellings form bodies use.
pub fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_u64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "on" => Some(true),
            "false" | "no" | "0" | "off" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn query_repeats_and_comma_lists_become_lists() {
        let p = Params::parse(
            "connectionType=ethernet&connectionType=wireless&id=4,5&accessToken=abc",
            None,
            b"",
        )
        .unwrap();
        assert_eq!(
            p.str_list("connectionType").unwrap(),
            Some(vec!["ethernet".to_string(), "wireless".to_string()])
        );
        assert_eq!(p.id_list("id").unwrap(), Some(vec![4, 5]));
        assert_eq!(p.access_token(), Some("abc"));
        assert!(p.get("accessToken").is_none(), "the token is not data");
    }

    #[test]
    fn form_and_json_bodies() {
        let form = Params::parse(
            "",
            Some("application/x-www-form-urlencoded"),
            b"username=admin&password=p%40ss+word",
        )
        .unwrap();
        assert_eq!(form.required_str("password").unwrap(), "p@ss word");
        let body = br#"{"id": 3, "enable": "yes", "list": [1, "2"]}"#;
        let json = Params::parse("id=9", Some("application/json; charset=utf-8"), body).unwrap();
        assert_eq!(json.required_u64("id").unwrap(), 3, "body wins over query");
        assert_eq!(json.bool("enable").unwrap(), Some(true));
        assert_eq!(json.id_list("list").unwrap(), Some(vec![1, 2]));
        let sniffed = Params::parse("", None, br#"{"a": 1}"#).unwrap();
        assert_eq!(sniffed.u64("a").unwrap(), Some(1));
    }

    #[test]
    fn bad_input_names_the_field() {
        assert!(
            Params::parse("", Some("application/json"), b"{not json")
                .unwrap_err()
                .0
                .starts_with("Invalid JSON body")
        );
        assert!(
            Params::parse("", Some("application/json"), b"[1]")
                .unwrap_err()
                .0
                .contains("JSON object")
        );
        let p = Params::from_json(
            json!({"id": -1, "name": {}, "enable": "maybe"})
                .as_object()
                .cloned()
                .unwrap(),
        );
        assert!(p.u64("id").unwrap_err().0.contains("id"));
        assert!(p.str("name").unwrap_err().0.contains("name"));
        assert!(p.bool("enable").unwrap_err().0.contains("enable"));
        assert_eq!(
            p.required_str("missing").unwrap_err().0,
            "Missing parameter: missing"
        );
        assert!(p.only(&["id", "name"]).unwrap_err().0.contains("enable"));
    }
}
