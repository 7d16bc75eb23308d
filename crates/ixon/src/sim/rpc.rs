//! uhttpd's JSON-RPC handling, in the order uhttpd checks things:
//! envelope (→ -32700), method name (→ -32601), call params (→ -32700),
//! reserved args key (→ -32602), object lookup (→ -32000, before any ACL),
//! session and ACL (→ -32002), then the procedure, whose ubus status goes
//! into `result[0]`.

use serde_json::{Map, Value};

use super::SimState;
use super::acl::Acl;
use super::objects::{self, Caller};
use crate::jsonrpc::{NULL_SESSION, RESERVED_SESSION_KEY, Response, RpcError, UbusStatus};
use crate::session::wildcard_match;

/// Answer a request body: one object, or a batch array answered in order.
pub fn handle_body(state: &mut SimState, body: &[u8]) -> Vec<u8> {
    let reply = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|item| to_value(handle_one(state, item)))
                .collect(),
        ),
        Ok(item @ Value::Object(_)) => to_value(handle_one(state, &item)),
        Ok(_) | Err(_) => to_value(Response::error(Value::Null, RpcError::ParseError)),
    };
    if state.reboot_pending {
        let now = state.now();
        state.reboot(now);
    }
    serde_json::to_vec(&reply).unwrap_or_else(|_| b"{}".to_vec())
}

/// The reply to a body that was refused before parsing (over 64 KiB).
pub fn parse_error_body() -> Vec<u8> {
    serde_json::to_vec(&Response::error(Value::Null, RpcError::ParseError))
        .unwrap_or_else(|_| b"{}".to_vec())
}

fn to_value(r: Response) -> Value {
    serde_json::to_value(r).unwrap_or(Value::Null)
}

fn handle_one(state: &mut SimState, item: &Value) -> Response {
    let Some(obj) = item.as_object() else {
        return Response::error(Value::Null, RpcError::ParseError);
    };
    let id = obj.get("id").cloned().unwrap_or(Value::Null);
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Response::error(id, RpcError::ParseError);
    }
    let Some(method) = obj.get("method").and_then(Value::as_str) else {
        return Response::error(id, RpcError::ParseError);
    };
    let params = obj.get("params");
    match method {
        "call" => call(state, id, params),
        "list" => {
            let patterns: Vec<&str> = params
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            Response::result(id, list(state, &patterns))
        }
        _ => Response::error(id, RpcError::MethodNotFound),
    }
}

fn call(state: &mut SimState, id: Value, params: Option<&Value>) -> Response {
    let parsed = params.and_then(Value::as_array).and_then(|p| {
        Some((
            p.first()?.as_str()?,
            p.get(1)?.as_str()?,
            p.get(2)?.as_str()?,
            p.get(3)?.as_object()?,
        ))
    });
    let Some((sid, object, method, args)) = parsed else {
        return Response::error(id, RpcError::ParseError);
    };
    if args.contains_key(RESERVED_SESSION_KEY) {
        return Response::error(id, RpcError::InvalidParams);
    }
    if !objects::exists(state, object) {
        return Response::error(id, RpcError::ObjectNotFound);
    }
    let now = state.now();
    if sid != NULL_SESSION {
        // Keyed on the user's credential version: a password change,
        // disable or removal ends the session on its next call.
        state.revoke_if_stale(sid);
    }
    let allowed = if sid == NULL_SESSION {
        Acl::unauthenticated(state.flavor).allows(object, method)
    } else {
        state.sessions.check_and_touch(sid, object, method, now)
    };
    if !allowed {
        return Response::error(id, RpcError::AccessDenied);
    }
    if state.vendor_error && object != "session" {
        return Response::error(id, RpcError::Timeout);
    }
    match state.take_fault(object, method) {
        Some(super::SimFault::Timeout) => return Response::error(id, RpcError::Timeout),
        Some(super::SimFault::InternalError) => {
            return Response::error(id, RpcError::InternalError);
        }
        None => {}
    }
    if sid != NULL_SESSION {
        state.authenticated = true;
    }
    let caller = Caller { session: sid, now };
    let (status, data) = objects::invoke(state, caller, object, method, args);
    if object == "session" && method == "login" && status == UbusStatus::Ok {
        state.authenticated = true;
    }
    Response::call_result(id, status, data)
}

/// Objects whose names match any pattern (every object when none).
pub fn list(state: &SimState, patterns: &[&str]) -> Value {
    let map: Map<String, Value> = objects::objects(state)
        .into_iter()
        .filter(|(name, _)| patterns.is_empty() || patterns.iter().any(|p| wildcard_match(p, name)))
        .map(|(name, methods)| (name, objects::describe(methods)))
        .collect();
    Value::Object(map)
}
