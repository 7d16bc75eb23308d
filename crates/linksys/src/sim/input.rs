//! Checking an action's input the way JNAP does: the body must be an object
//! whose members are exactly the ones the action knows, each of the right
//! type. Failures are `_ErrorInvalidInput` with a message naming the member
//! (`Encountered unexpected member "badKey"` is the real wording; the
//! missing/wrong-type wordings are **inferred**).
//!
//! Handlers read everything through [`Input`] before they change any state,
//! so a rejected call changes nothing.

use serde_json::{Map, Value};

use crate::wire::result;

/// A failed action: its result code and error text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Result code (`_ErrorInvalidInput`, `ErrorRulesOverlap`...).
    pub result: String,
    /// Error text, if any.
    pub error: Option<String>,
}

impl Failure {
    /// `_ErrorInvalidInput` with `message`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::code(result::INVALID_INPUT, message)
    }

    /// An action-specific failure.
    pub fn code(code: &str, message: impl Into<String>) -> Self {
        Self {
            result: code.to_string(),
            error: Some(message.into()),
        }
    }

    /// A failure without text (`_ErrorUnauthorized` on real routers).
    pub fn bare(code: &str) -> Self {
        Self {
            result: code.to_string(),
            error: None,
        }
    }
}

/// A successful action: output and side effects.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    /// The `output` object.
    pub output: Value,
    /// `sideEffects` values.
    pub side_effects: Vec<&'static str>,
}

impl Done {
    /// Success with `output` and no side effect.
    pub fn output(output: Value) -> Self {
        Self {
            output,
            side_effects: Vec::new(),
        }
    }

    /// Success with an empty output.
    pub fn empty() -> Self {
        Self::output(Value::Object(Map::new()))
    }

    /// Add a side effect.
    pub fn with_effect(mut self, effect: &'static str) -> Self {
        self.side_effects.push(effect);
        self
    }
}

/// What a handler returns.
pub type Outcome = Result<Done, Failure>;

/// Success with `value` serialized as the output; a value that cannot be
/// serialized is the router's own `_ErrorInvalidOutput`.
pub fn to_json<T: serde::Serialize>(value: &T) -> Outcome {
    serde_json::to_value(value)
        .map(Done::output)
        .map_err(|e| Failure::code(result::INVALID_OUTPUT, e.to_string()))
}

/// A JSON object being read, with the path used in messages.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

fn member_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Read `value` as an object with only `allowed` members; `path` names it
/// in messages (empty for the top-level input).
pub fn object<'a>(value: &'a Value, path: &str, allowed: &[&str]) -> Result<Input<'a>, Failure> {
    let Value::Object(map) = value else {
        let what = if path.is_empty() { "input" } else { path };
        return Err(Failure::invalid(format!(
            "{what} must be an object, not {}",
            type_name(value)
        )));
    };
    if let Some(extra) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(Failure::invalid(format!(
            "Encountered unexpected member \"{}\"",
            member_path(path, extra)
        )));
    }
    Ok(Input {
        map,
        path: path.to_string(),
    })
}

impl<'a> Input<'a> {
    /// The path of member `name`, for messages.
    pub fn path_of(&self, name: &str) -> String {
        member_path(&self.path, name)
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    fn missing(&self, name: &str) -> Failure {
        Failure::invalid(format!(
            "Missing required member \"{}\"",
            self.path_of(name)
        ))
    }

    fn wrong(&self, name: &str, expected: &str, got: &Value) -> Failure {
        Failure::invalid(format!(
            "Member \"{}\" must be {expected}, not {}",
            self.path_of(name),
            type_name(got)
        ))
    }

    /// A required string.
    pub fn str(&self, name: &str) -> Result<&'a str, Failure> {
        self.opt_str(name)?.ok_or_else(|| self.missing(name))
    }

    /// An optional string.
    pub fn opt_str(&self, name: &str) -> Result<Option<&'a str>, Failure> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong(name, "a string", other)),
        }
    }

    /// A required boolean.
    pub fn bool(&self, name: &str) -> Result<bool, Failure> {
        self.opt_bool(name)?.ok_or_else(|| self.missing(name))
    }

    /// An optional boolean.
    pub fn opt_bool(&self, name: &str) -> Result<Option<bool>, Failure> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.wrong(name, "a boolean", other)),
        }
    }

    /// A required non-negative integer.
    pub fn uint(&self, name: &str) -> Result<u64, Failure> {
        self.opt_uint(name)?.ok_or_else(|| self.missing(name))
    }

    /// An optional non-negative integer.
    pub fn opt_uint(&self, name: &str) -> Result<Option<u64>, Failure> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| self.wrong(name, "a non-negative integer", v)),
        }
    }

    /// A required integer (may be negative).
    pub fn int(&self, name: &str) -> Result<i64, Failure> {
        match self.get(name) {
            None => Err(self.missing(name)),
            Some(v) => v.as_i64().ok_or_else(|| self.wrong(name, "an integer", v)),
        }
    }

    /// A required array.
    pub fn array(&self, name: &str) -> Result<&'a [Value], Failure> {
        self.opt_array(name)?.ok_or_else(|| self.missing(name))
    }

    /// An optional array.
    pub fn opt_array(&self, name: &str) -> Result<Option<&'a [Value]>, Failure> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(other) => Err(self.wrong(name, "an array", other)),
        }
    }

    /// A required array of strings.
    pub fn strings(&self, name: &str) -> Result<Vec<String>, Failure> {
        let items = self.array(name)?;
        items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(Failure::invalid(format!(
                    "Member \"{}[{i}]\" must be a string, not {}",
                    self.path_of(name),
                    type_name(other)
                ))),
            })
            .collect()
    }

    /// An optional member of any type.
    pub fn opt_value(&self, name: &str) -> Option<&'a Value> {
        self.get(name)
    }

    /// A required member of any type (nested objects are then read with
    /// [`object`] under [`Input::path_of`]).
    pub fn required_value(&self, name: &str) -> Result<&'a Value, Failure> {
        self.get(name).ok_or_else(|| self.missing(name))
    }
}

/// Input must be `{}` (or absent members only).
pub fn no_input(value: &Value) -> Result<(), Failure> {
    object(value, "", &[]).map(|_| ())
}

/// A MAC address in `AA:BB:CC:DD:EE:FF` form (either case).
pub fn is_mac(text: &str) -> bool {
    let parts: Vec<&str> = text.split(':').collect();
    parts.len() == 6
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unexpected_missing_and_mistyped_members_are_named() {
        let v = json!({"a": 1, "badKey": true});
        let e = object(&v, "", &["a"]).unwrap_err();
        assert_eq!(e.result, "_ErrorInvalidInput");
        assert_eq!(
            e.error.as_deref(),
            Some("Encountered unexpected member \"badKey\"")
        );
        let v = json!({"a": "x"});
        let input = object(&v, "radios[0]", &["a", "b"]).unwrap();
        let e = input.uint("a").unwrap_err();
        assert!(
            e.error
                .unwrap()
                .contains("\"radios[0].a\" must be a non-negative integer")
        );
        let e = input.str("b").unwrap_err();
        assert!(
            e.error
                .unwrap()
                .contains("Missing required member \"radios[0].b\"")
        );
        assert!(no_input(&json!([])).is_err());
        assert!(no_input(&json!({})).is_ok());
    }

    #[test]
    fn macs_are_recognised() {
        assert!(is_mac("aa:BB:cc:00:11:22"));
        assert!(!is_mac("aa:bb:cc:00:11"));
        assert!(!is_mac("aa-bb-cc-00-11-22"));
        assert!(!is_mac("zz:bb:cc:00:11:22"));
    }
}
