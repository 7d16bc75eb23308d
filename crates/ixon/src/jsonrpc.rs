//! The wire format of ubus over HTTP, shared by the client and the simulator.
//!
//! uhttpd's `/ubus` endpoint speaks JSON-RPC 2.0 with two methods, `call` and
//! `list`. A `call` carries `[session, object, method, args]`; its reply is
//! `{"result": [status]}` or `{"result": [status, data]}` where `status` is
//! a ubus status code, or `{"error": {code, message}}` when uhttpd refused the
//! request before the procedure ran. Every reply comes with HTTP 200.
//!
//! Writing these facts once here keeps the client and the simulator honest
//! with each other: both read and write the same types.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The session id that needs no login; rpcd grants it the
/// `unauthenticated` access group only.
pub const NULL_SESSION: &str = "00000000000000000000000000000000";

/// uhttpd refuses request bodies larger than this (`UH_UBUS_MAX_POST_SIZE`).
pub const MAX_REQUEST_BODY: usize = 64 * 1024;

/// rpcd's session timeout when `session.login` is given none (seconds).
pub const DEFAULT_SESSION_TIMEOUT: u64 = 300;

/// The args key uhttpd reserves for itself; a caller may not send it.
pub const RESERVED_SESSION_KEY: &str = "ubus_rpc_session";

/// One JSON-RPC request as sent on the wire.
///
/// ```
/// use routerctl_ixon::jsonrpc::{Request, NULL_SESSION};
/// let req = Request::call(1, NULL_SESSION, "ixon.ui.overview", "get", serde_json::json!({}));
/// let text = serde_json::to_string(&req).unwrap();
/// assert!(text.starts_with(r#"{"jsonrpc":"2.0","id":1,"method":"call","params":["00000000"#));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// `jsonrpc`: always `"2.0"`.
    pub jsonrpc: String,
    /// `id`: echoed in the reply's `id` (`null` there when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// `method`: `call` or `list` (uhttpd answers others with -32601).
    pub method: String,
    /// `params`: for `call`, `[session, object, method, args]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
}

impl Request {
    /// A `call` request: `params` is `[session, object, method, args]`.
    pub fn call(id: u64, session: &str, object: &str, method: &str, args: Value) -> Self {
        Self {
            jsonrpc: "2.0".to_string(),
            id: Some(Value::from(id)),
            method: "call".to_string(),
            params: Some(Value::Array(vec![
                Value::from(session),
                Value::from(object),
                Value::from(method),
                args,
            ])),
        }
    }

    /// A `list` request; `params` are object names or `prefix*` patterns,
    /// none meaning every object.
    pub fn list(id: u64, patterns: &[&str]) -> Self {
        Self {
            jsonrpc: "2.0".to_string(),
            id: Some(Value::from(id)),
            method: "list".to_string(),
            params: Some(Value::Array(
                patterns.iter().map(|p| Value::from(*p)).collect(),
            )),
        }
    }
}

/// The error object of a JSON-RPC reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorObject {
    /// `code`: a JSON-RPC error code, see [`RpcError`].
    pub code: i64,
    /// `message`: its fixed text, e.g. `Access denied`.
    pub message: String,
}

/// One JSON-RPC reply: exactly one of `result` and `error` is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// `jsonrpc`: always `"2.0"`.
    pub jsonrpc: String,
    /// The request's id, or `null` when it had none (uhttpd echoes it).
    #[serde(default)]
    pub id: Value,
    /// `result`: for `call`, `[status]` or `[status, data]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    /// `error`: set when the request failed at the JSON-RPC level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorObject>,
}

impl Response {
    /// A successful reply.
    pub fn result(id: Value, result: Value) -> Self {
        Self {
            jsonrpc: "2.0".to_string(),
            id,
            result: Some(result),
            error: None,
        }
    }

    /// A `call` reply in uhttpd's legacy shape: `[status]`, or
    /// `[status, data]` when the procedure returned a non-empty object.
    pub fn call_result(id: Value, status: UbusStatus, data: Option<Value>) -> Self {
        let mut items = vec![Value::from(status.code())];
        if let Some(data) = data {
            let empty = data.as_object().is_some_and(|m| m.is_empty());
            if !empty {
                items.push(data);
            }
        }
        Self::result(id, Value::Array(items))
    }

    /// An error reply with the code's exact uhttpd message.
    pub fn error(id: Value, code: RpcError) -> Self {
        Self {
            jsonrpc: "2.0".to_string(),
            id,
            result: None,
            error: Some(ErrorObject {
                code: code.code(),
                message: code.message().to_string(),
            }),
        }
    }
}

/// The JSON-RPC errors uhttpd defines, with their exact messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RpcError {
    /// -32700: bad JSON, wrong envelope, missing call params, or a body over 64 KiB.
    ParseError,
    /// -32600: defined by uhttpd but never sent (malformed requests get -32700).
    InvalidRequest,
    /// -32601: the JSON-RPC method is neither `call` nor `list`.
    MethodNotFound,
    /// -32602: args carry the reserved `ubus_rpc_session` key.
    InvalidParams,
    /// -32603: uhttpd could not invoke ubus.
    InternalError,
    /// -32000: the ubus object does not exist (checked before the ACL).
    ObjectNotFound,
    /// -32001: defined; not sent by uhttpd (nginx-mod-ubus may send it).
    SessionNotFound,
    /// -32002: unknown or expired session, or the ACL lacks object+method.
    AccessDenied,
    /// -32003: the procedure outran uhttpd's script timeout.
    Timeout,
}

impl RpcError {
    /// Every error, in code order (most negative last).
    pub const ALL: [RpcError; 9] = [
        RpcError::ParseError,
        RpcError::InvalidRequest,
        RpcError::MethodNotFound,
        RpcError::InvalidParams,
        RpcError::InternalError,
        RpcError::ObjectNotFound,
        RpcError::SessionNotFound,
        RpcError::AccessDenied,
        RpcError::Timeout,
    ];

    /// The numeric JSON-RPC code.
    pub fn code(self) -> i64 {
        match self {
            RpcError::ParseError => -32700,
            RpcError::InvalidRequest => -32600,
            RpcError::MethodNotFound => -32601,
            RpcError::InvalidParams => -32602,
            RpcError::InternalError => -32603,
            RpcError::ObjectNotFound => -32000,
            RpcError::SessionNotFound => -32001,
            RpcError::AccessDenied => -32002,
            RpcError::Timeout => -32003,
        }
    }

    /// uhttpd's message for the code, byte for byte.
    pub fn message(self) -> &'static str {
        match self {
            RpcError::ParseError => "Parse error",
            RpcError::InvalidRequest => "Invalid request",
            RpcError::MethodNotFound => "Method not found",
            RpcError::InvalidParams => "Invalid parameters",
            RpcError::InternalError => "Internal error",
            RpcError::ObjectNotFound => "Object not found",
            RpcError::SessionNotFound => "Session not found",
            RpcError::AccessDenied => "Access denied",
            RpcError::Timeout => "ubus request timed out",
        }
    }

    /// The error for a numeric code, if uhttpd defines it.
    pub fn from_code(code: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }
}

impl fmt::Display for RpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.message())
    }
}

/// ubus status codes (`result[0]` of a call reply): 0–10 as IXON documents
/// them, 11–13 as OpenWrt's `ubusmsg.h` adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UbusStatus {
    /// 0 `UBUS_STATUS_OK`: success.
    Ok,
    /// 1 `UBUS_STATUS_INVALID_COMMAND`.
    InvalidCommand,
    /// 2 `UBUS_STATUS_INVALID_ARGUMENT`: args missing or of the wrong type.
    InvalidArgument,
    /// 3 `UBUS_STATUS_METHOD_NOT_FOUND`: the object has no such method.
    MethodNotFound,
    /// 4 `UBUS_STATUS_NOT_FOUND`: no such object (or entry).
    NotFound,
    /// 5 `UBUS_STATUS_NO_DATA`: the call produced no reply data.
    NoData,
    /// 6 `UBUS_STATUS_PERMISSION_DENIED`: the session's ACL does not allow the call.
    PermissionDenied,
    /// 7 `UBUS_STATUS_TIMEOUT`: the object did not answer in time.
    Timeout,
    /// 8 `UBUS_STATUS_NOT_SUPPORTED`.
    NotSupported,
    /// 9 `UBUS_STATUS_UNKNOWN_ERROR`.
    UnknownError,
    /// 10 `UBUS_STATUS_CONNECTION_FAILED`: ubusd could not be reached.
    ConnectionFailed,
    /// 11 `UBUS_STATUS_NO_MEMORY` (OpenWrt).
    NoMemory,
    /// 12 `UBUS_STATUS_PARSE_ERROR` (OpenWrt).
    ParseError,
    /// 13 `UBUS_STATUS_SYSTEM_ERROR` (OpenWrt).
    SystemError,
}

impl UbusStatus {
    /// Every status in code order.
    pub const ALL: [UbusStatus; 14] = [
        UbusStatus::Ok,
        UbusStatus::InvalidCommand,
        UbusStatus::InvalidArgument,
        UbusStatus::MethodNotFound,
        UbusStatus::NotFound,
        UbusStatus::NoData,
        UbusStatus::PermissionDenied,
        UbusStatus::Timeout,
        UbusStatus::NotSupported,
        UbusStatus::UnknownError,
        UbusStatus::ConnectionFailed,
        UbusStatus::NoMemory,
        UbusStatus::ParseError,
        UbusStatus::SystemError,
    ];

    /// The numeric status.
    pub fn code(self) -> u32 {
        match self {
            UbusStatus::Ok => 0,
            UbusStatus::InvalidCommand => 1,
            UbusStatus::InvalidArgument => 2,
            UbusStatus::MethodNotFound => 3,
            UbusStatus::NotFound => 4,
            UbusStatus::NoData => 5,
            UbusStatus::PermissionDenied => 6,
            UbusStatus::Timeout => 7,
            UbusStatus::NotSupported => 8,
            UbusStatus::UnknownError => 9,
            UbusStatus::ConnectionFailed => 10,
            UbusStatus::NoMemory => 11,
            UbusStatus::ParseError => 12,
            UbusStatus::SystemError => 13,
        }
    }

    /// The `UBUS_STATUS_*` constant name without its prefix.
    pub fn name(self) -> &'static str {
        match self {
            UbusStatus::Ok => "OK",
            UbusStatus::InvalidCommand => "INVALID_COMMAND",
            UbusStatus::InvalidArgument => "INVALID_ARGUMENT",
            UbusStatus::MethodNotFound => "METHOD_NOT_FOUND",
            UbusStatus::NotFound => "NOT_FOUND",
            UbusStatus::NoData => "NO_DATA",
            UbusStatus::PermissionDenied => "PERMISSION_DENIED",
            UbusStatus::Timeout => "TIMEOUT",
            UbusStatus::NotSupported => "NOT_SUPPORTED",
            UbusStatus::UnknownError => "UNKNOWN_ERROR",
            UbusStatus::ConnectionFailed => "CONNECTION_FAILED",
            UbusStatus::NoMemory => "NO_MEMORY",
            UbusStatus::ParseError => "PARSE_ERROR",
            UbusStatus::SystemError => "SYSTEM_ERROR",
        }
    }

    /// The human description IXON's documentation gives (OpenWrt's for 11–13).
    pub fn description(self) -> &'static str {
        match self {
            UbusStatus::Ok => "Success",
            UbusStatus::InvalidCommand => "Invalid command",
            UbusStatus::InvalidArgument => "Invalid argument",
            UbusStatus::MethodNotFound => "Method not found",
            UbusStatus::NotFound => "Not found",
            UbusStatus::NoData => "No response",
            UbusStatus::PermissionDenied => "Permission denied",
            UbusStatus::Timeout => "Request timed out",
            UbusStatus::NotSupported => "Operation not supported",
            UbusStatus::UnknownError => "Unknown error",
            UbusStatus::ConnectionFailed => "Connection failed",
            UbusStatus::NoMemory => "Out of memory",
            UbusStatus::ParseError => "Parsing message data failed",
            UbusStatus::SystemError => "System error",
        }
    }

    /// The status for a numeric code.
    pub fn from_code(code: u64) -> Option<Self> {
        Self::ALL.into_iter().find(|s| u64::from(s.code()) == code)
    }
}

impl fmt::Display for UbusStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ubus {} {}", self.code(), self.name())
    }
}

/// What a `call` reply's `result` array says, read defensively.
#[derive(Debug, Clone, PartialEq)]
pub enum CallOutcome {
    /// Status 0; the data object (empty when the procedure returned none).
    Data(Value),
    /// A non-zero status; the raw number is kept when it is not a known one.
    Status(u64, Option<UbusStatus>),
}

/// Read a `call` reply's `result`: `[status]` or `[status, data]`.
///
/// ```
/// use routerctl_ixon::jsonrpc::{parse_call_result, CallOutcome, UbusStatus};
/// use serde_json::json;
/// assert_eq!(parse_call_result(&json!([0])).unwrap(), CallOutcome::Data(json!({})));
/// assert_eq!(parse_call_result(&json!([6])).unwrap(), CallOutcome::Status(6, Some(UbusStatus::PermissionDenied)));
/// assert!(parse_call_result(&json!({"x": 1})).is_err());
/// ```
pub fn parse_call_result(result: &Value) -> Result<CallOutcome, String> {
    let items = result
        .as_array()
        .ok_or_else(|| format!("call result is not an array: {}", short(result)))?;
    let status = items
        .first()
        .and_then(Value::as_u64)
        .ok_or_else(|| format!("call result has no numeric status: {}", short(result)))?;
    if status != 0 {
        return Ok(CallOutcome::Status(status, UbusStatus::from_code(status)));
    }
    match items.get(1) {
        None => Ok(CallOutcome::Data(Value::Object(Default::default()))),
        Some(data) => Ok(CallOutcome::Data(data.clone())),
    }
}

/// The strings of the array at `object[key]`, in order. A missing key, a
/// non-array and non-string items give nothing rather than an error: ubus
/// objects omit empty lists, and one odd item should not hide the others.
///
/// ```
/// use routerctl_ixon::jsonrpc::string_list;
/// let reply = serde_json::json!({"devices": ["wlan0", 7, "wlan1"]});
/// assert_eq!(string_list(&reply, "devices"), ["wlan0", "wlan1"]);
/// assert!(string_list(&reply, "configs").is_empty());
/// ```
pub fn string_list(object: &Value, key: &str) -> Vec<String> {
    object
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A value shortened for an error message (replies can be large).
pub fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.len() <= 120 {
        return text;
    }
    let mut cut = 120;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", &text[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn string_list_keeps_only_strings_and_tolerates_absence() {
        let v = json!({"a": ["x", null, "y", {"z": 1}], "b": "x", "c": []});
        assert_eq!(string_list(&v, "a"), ["x", "y"]);
        assert!(string_list(&v, "b").is_empty());
        assert!(string_list(&v, "c").is_empty());
        assert!(string_list(&v, "missing").is_empty());
        assert!(string_list(&json!(["x"]), "a").is_empty());
    }

    #[test]
    fn error_codes_round_trip_and_match_uhttpd_messages() {
        for e in RpcError::ALL {
            assert_eq!(RpcError::from_code(e.code()), Some(e));
        }
        assert_eq!(RpcError::AccessDenied.to_string(), "-32002 Access denied");
        assert_eq!(RpcError::Timeout.message(), "ubus request timed out");
        assert_eq!(RpcError::from_code(-1), None);
    }

    #[test]
    fn statuses_cover_zero_to_thirteen() {
        for (i, s) in UbusStatus::ALL.iter().enumerate() {
            assert_eq!(s.code() as usize, i);
            assert_eq!(UbusStatus::from_code(i as u64), Some(*s));
        }
        assert_eq!(UbusStatus::from_code(14), None);
        assert_eq!(
            UbusStatus::PermissionDenied.to_string(),
            "ubus 6 PERMISSION_DENIED"
        );
    }

    #[test]
    fn empty_data_is_left_out_like_uhttpd_legacy_replies() {
        let r = Response::call_result(json!(1), UbusStatus::Ok, Some(json!({})));
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"jsonrpc": "2.0", "id": 1, "result": [0]})
        );
        let r = Response::call_result(json!(null), UbusStatus::Ok, Some(json!({"a": 1})));
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"jsonrpc": "2.0", "id": null, "result": [0, {"a": 1}]})
        );
    }

    #[test]
    fn reference_access_denied_reply_parses() {
        let text = r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32002,"message":"Access denied"}}"#;
        let r: Response = serde_json::from_str(text).unwrap();
        assert_eq!(r, Response::error(json!(1), RpcError::AccessDenied));
    }

    #[test]
    fn odd_results_are_errors_not_panics() {
        for bad in [json!([]), json!(["0"]), json!(null), json!([-1])] {
            assert!(parse_call_result(&bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_call_result(&json!([99])).unwrap(),
            CallOutcome::Status(99, None)
        );
    }
}
