//! JNAP on the wire: action names, headers, the reply envelope, result
//! codes, side effects and `core/Transaction` entries. Shared by the client
//! and the simulator, so each protocol fact is written once.
//!
//! Every call is `POST /JNAP/` with the action in `X-JNAP-Action` and a JSON
//! body (`{}` when there is no input). The reply is HTTP 200 even on error;
//! its `result` is `OK` or an error name, with `output`, `error` and
//! `sideEffects` beside it.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Vendor name used in inventories, errors and output.
pub const VENDOR: &str = "linksys";

/// Prefix of every current action URI.
pub const URI_PREFIX: &str = "http://linksys.com/jnap/";
/// The older prefix, still accepted by routers (and by us) but deprecated.
pub const LEGACY_URI_PREFIX: &str = "http://cisco.com/jnap/";
/// The path every call is posted to.
pub const PATH: &str = "/JNAP/";
/// Header naming the action.
pub const ACTION_HEADER: &str = "X-JNAP-Action";
/// Header carrying `Basic base64(admin:password)`.
pub const AUTH_HEADER: &str = "X-JNAP-Authorization";
/// The batching action; its body is an array of [`TransactionEntry`].
pub const TRANSACTION: &str = "core/Transaction";
/// The user name JNAP routers know (the admin account has no other name).
pub const ADMIN_USER: &str = "admin";
/// Largest request body the simulator accepts and largest reply the client
/// reads (1 MiB): real replies are tens of kilobytes at most.
pub const MAX_BODY: usize = 1024 * 1024;
/// Longest action name accepted, so a hostile header cannot make us
/// allocate or echo much.
pub const MAX_ACTION_LEN: usize = 200;

/// Result codes with a meaning of their own.
pub mod result {
    /// Success.
    pub const OK: &str = "OK";
    /// Top-level result of a transaction in which an entry failed.
    pub const ERROR: &str = "Error";
    /// Missing or wrong `X-JNAP-Authorization`.
    pub const UNAUTHORIZED: &str = "_ErrorUnauthorized";
    /// The router does not know the action (or not this version of it).
    pub const UNKNOWN_ACTION: &str = "_ErrorUnknownAction";
    /// The input does not fit the action's schema.
    pub const INVALID_INPUT: &str = "_ErrorInvalidInput";
    /// The router could not build its own output.
    pub const INVALID_OUTPUT: &str = "_ErrorInvalidOutput";
    /// Something failed inside the router; clients may retry.
    pub const UNEXPECTED: &str = "_ErrorUnexpected";
    /// `CheckAdminPassword3`: wrong password (`error` holds the attempt state).
    pub const INVALID_ADMIN_PASSWORD: &str = "ErrorInvalidAdminPassword";
    /// `CheckAdminPassword3`: asked again before the delay ran out.
    pub const PASSWORD_CHECK_DELAYED: &str = "ErrorPasswordCheckDelayed";
    /// `CheckAdminPassword3`: no attempts left.
    pub const ADMIN_ACCOUNT_LOCKED: &str = "ErrorAdminAccountLocked";
}

/// A JNAP action name, kept in its short form `service/Action` (the service
/// path may have several segments: `nodes/diagnostics/GetBackhaulInfo`).
///
/// ```
/// use routerctl_linksys::wire::ActionName;
/// let a = ActionName::parse("http://cisco.com/jnap/router/GetWANStatus3").unwrap();
/// assert_eq!(a.short(), "router/GetWANStatus3");
/// assert_eq!(a.uri(), "http://linksys.com/jnap/router/GetWANStatus3");
/// assert_eq!(a.base_and_version(), ("GetWANStatus", 3));
/// assert_eq!(ActionName::parse("core/GetDeviceInfo").unwrap().base_and_version(), ("GetDeviceInfo", 1));
/// assert!(ActionName::parse("GetDeviceInfo").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActionName(String);

impl ActionName {
    /// Parse a full URI (either prefix) or the `service/Action` shorthand.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::short_of(text).map(|short| Self(short.to_string()))
    }

    /// [`ActionName::parse`] without the copy: the short form
    /// (`service/Action`) as a slice of `text`, checked the same way. A
    /// `services` list holds over a hundred names; reading it should not
    /// allocate per name.
    pub fn short_of(text: &str) -> Result<&str, String> {
        let text = text.trim();
        if text.len() > MAX_ACTION_LEN {
            return Err(format!(
                "action name is {} characters long (at most {MAX_ACTION_LEN})",
                text.len()
            ));
        }
        let short = text
            .strip_prefix(URI_PREFIX)
            .or_else(|| text.strip_prefix(LEGACY_URI_PREFIX))
            .unwrap_or(text);
        if short.contains("://") {
            return Err(format!(
                "action {text:?} is not under {URI_PREFIX} or {LEGACY_URI_PREFIX}"
            ));
        }
        if !short.contains('/') {
            return Err(format!(
                "action {text:?} has no service (expected service/Action)"
            ));
        }
        let bad = short.split('/').any(|segment| {
            segment.is_empty() || !segment.bytes().all(|c| c.is_ascii_alphanumeric())
        });
        if bad {
            return Err(format!(
                "action {text:?} has an empty or non-alphanumeric segment"
            ));
        }
        Ok(short)
    }

    /// `service` + `/` + `base` + version suffix (none for version 1).
    pub fn versioned(service: &str, base: &str, version: u32) -> Self {
        if version <= 1 {
            Self(format!("{service}/{base}"))
        } else {
            Self(format!("{service}/{base}{version}"))
        }
    }

    /// The short form, `service/Action`.
    pub fn short(&self) -> &str {
        &self.0
    }

    /// The full URI under the current prefix.
    pub fn uri(&self) -> String {
        format!("{URI_PREFIX}{}", self.0)
    }

    /// The service path (`router`, `nodes/diagnostics`).
    pub fn service(&self) -> &str {
        self.0.rsplit_once('/').map(|(s, _)| s).unwrap_or("")
    }

    /// The action's own name with its version suffix (`GetWANStatus3`).
    pub fn name(&self) -> &str {
        self.0.rsplit_once('/').map(|(_, n)| n).unwrap_or(&self.0)
    }

    /// The name without its version suffix, and the version (1 when none).
    pub fn base_and_version(&self) -> (&str, u32) {
        split_version(self.name())
    }

    /// `service/Base`: the name of the action family across versions.
    pub fn family(&self) -> String {
        format!("{}/{}", self.service(), self.base_and_version().0)
    }
}

impl fmt::Display for ActionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `GetWANStatus3` -> (`GetWANStatus`, 3); no trailing digits -> version 1.
pub fn split_version(name: &str) -> (&str, u32) {
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
    match name.get(base.len()..).map(str::parse::<u32>) {
        Some(Ok(v)) if !base.is_empty() && v >= 1 => (base, v),
        _ => (name, 1),
    }
}

/// One reply envelope: a single action's reply, a transaction's reply, or
/// one entry of a transaction's `responses`.
///
/// ```
/// use routerctl_linksys::wire::Reply;
/// let r: Reply = serde_json::from_str(r#"{"result":"OK","output":{"a":1},"sideEffects":["DeviceRestart"]}"#).unwrap();
/// assert!(r.is_ok());
/// assert_eq!(r.side_effects, ["DeviceRestart"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// `OK` or an error name (`_ErrorUnauthorized`, `ErrorRulesOverlap`...).
    pub result: String,
    /// The action's output (on success; some errors carry one too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// Error text, when the router gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What the action does to the device beyond its reply.
    #[serde(default, rename = "sideEffects", skip_serializing_if = "Vec::is_empty")]
    pub side_effects: Vec<String>,
    /// A transaction's per-entry replies, in request order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responses: Option<Vec<Reply>>,
}

impl Reply {
    /// A success with `output`.
    pub fn ok(output: Value) -> Self {
        Self {
            result: result::OK.to_string(),
            output: Some(output),
            error: None,
            side_effects: Vec::new(),
            responses: None,
        }
    }

    /// A failure with result `code` and optional error text.
    pub fn failure(code: &str, error: Option<String>) -> Self {
        Self {
            result: code.to_string(),
            output: None,
            error,
            side_effects: Vec::new(),
            responses: None,
        }
    }

    /// Whether `result` is `OK`.
    pub fn is_ok(&self) -> bool {
        self.result == result::OK
    }
}

/// What an action does besides answering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SideEffect {
    /// The router restarts after replying.
    DeviceRestart,
    /// Wi-Fi goes down briefly while radios are reconfigured.
    WirelessInterruption,
    /// A value this crate does not know, kept as sent.
    Other(String),
}

impl SideEffect {
    /// Map the wire string.
    pub fn parse(text: &str) -> Self {
        match text {
            "DeviceRestart" => SideEffect::DeviceRestart,
            "WirelessInterruption" => SideEffect::WirelessInterruption,
            other => SideEffect::Other(other.to_string()),
        }
    }

    /// The wire string.
    pub fn as_str(&self) -> &str {
        match self {
            SideEffect::DeviceRestart => "DeviceRestart",
            SideEffect::WirelessInterruption => "WirelessInterruption",
            SideEffect::Other(s) => s,
        }
    }
}

/// One entry of a `core/Transaction` request body (an array of these).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransactionEntry {
    /// The action's full URI.
    pub action: String,
    /// The action's input (`{}` when none).
    #[serde(default = "empty_object")]
    pub request: Value,
}

fn empty_object() -> Value {
    Value::Object(Default::default())
}

impl TransactionEntry {
    /// An entry for `action` with `input`.
    pub fn new(action: &ActionName, input: Value) -> Self {
        Self {
            action: action.uri(),
            request: input,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_in_every_spelling() {
        for text in [
            "core/GetDeviceInfo",
            "http://linksys.com/jnap/core/GetDeviceInfo",
            "http://cisco.com/jnap/core/GetDeviceInfo",
        ] {
            let a = ActionName::parse(text).unwrap();
            assert_eq!(a.short(), "core/GetDeviceInfo");
            assert_eq!(a.service(), "core");
            assert_eq!(a.name(), "GetDeviceInfo");
        }
        let nested = ActionName::parse("nodes/diagnostics/GetBackhaulInfo").unwrap();
        assert_eq!(nested.service(), "nodes/diagnostics");
        for bad in [
            "",
            "GetDeviceInfo",
            "core//X",
            "http://example.com/jnap/core/X",
            "core/Get Info",
        ] {
            assert!(ActionName::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(ActionName::parse(&"a/".repeat(200)).is_err());
    }

    #[test]
    fn versions_split_off_the_name() {
        assert_eq!(split_version("GetWANStatus3"), ("GetWANStatus", 3));
        assert_eq!(split_version("GetWANStatus"), ("GetWANStatus", 1));
        assert_eq!(split_version("Core10"), ("Core", 10));
        assert_eq!(split_version("123"), ("123", 1));
        assert_eq!(
            ActionName::versioned("router", "GetWANStatus", 1).short(),
            "router/GetWANStatus"
        );
        assert_eq!(
            ActionName::versioned("router", "GetWANStatus", 2).short(),
            "router/GetWANStatus2"
        );
    }

    #[test]
    fn reply_envelope_round_trips() {
        let r = Reply::failure(result::INVALID_INPUT, Some("x".into()));
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"result":"_ErrorInvalidInput","error":"x"}"#);
        let ok = Reply::ok(serde_json::json!({}));
        assert_eq!(
            serde_json::to_string(&ok).unwrap(),
            r#"{"result":"OK","output":{}}"#
        );
    }
}
