//! rpcd's `session` object: `login`, `access`, `destroy`.

use std::time::Duration;

use serde_json::{Map, Value, json};

use super::{Caller, Reply, arg_str};
use crate::jsonrpc::{DEFAULT_SESSION_TIMEOUT, NULL_SESSION, UbusStatus};
use crate::sim::SimState;
use crate::sim::acl::Acl;
use crate::sim::sessions::SimSession;

pub fn invoke(
    state: &mut SimState,
    caller: Caller<'_>,
    method: &str,
    args: &Map<String, Value>,
) -> Reply {
    match method {
        "login" => login(state, caller, args),
        "access" => access(state, caller, args),
        "destroy" => {
            if caller.session == NULL_SESSION {
                return (UbusStatus::PermissionDenied, None);
            }
            state.sessions.remove(caller.session);
            (UbusStatus::Ok, None)
        }
        _ => (UbusStatus::MethodNotFound, None),
    }
}

/// `session.login {username, password, timeout?}`: status 2 without user
/// or password, 6 when they do not match, else a new session.
fn login(state: &mut SimState, caller: Caller<'_>, args: &Map<String, Value>) -> Reply {
    let (Some(username), Some(password)) = (arg_str(args, "username"), arg_str(args, "password"))
    else {
        return (UbusStatus::InvalidArgument, None);
    };
    let Some(user) = state
        .users
        .iter()
        .find(|u| u.name == username && u.password == password)
        .filter(|u| !state.disabled.contains(&u.name))
    else {
        tracing::debug!(user = %username, "sim: login refused");
        return (UbusStatus::PermissionDenied, None);
    };
    let timeout = args
        .get("timeout")
        .and_then(Value::as_u64)
        .map(|t| t.min(u64::from(u32::MAX)))
        .unwrap_or(DEFAULT_SESSION_TIMEOUT);
    let acl = Acl::for_user(state.flavor, user.access);
    let acls = acl.to_json();
    let user_version = state.user_version(&user.name).unwrap_or(0);
    let session = SimSession {
        user_version,
        username: user.name.clone(),
        acl,
        timeout: (timeout > 0).then(|| Duration::from_secs(timeout)),
        last_used: caller.now,
    };
    let expires = session.expires_in(caller.now);
    let id = state.sessions.create(session, caller.now);
    (
        UbusStatus::Ok,
        Some(json!({
            "ubus_rpc_session": id,
            "timeout": timeout,
            "expires": expires,
            "acls": acls,
            "data": { "username": username },
        })),
    )
}

/// `session.access {scope?, object?, function?}`: with object and function,
/// `{"access": bool}` for the calling session; without, its whole ACL.
fn access(state: &mut SimState, caller: Caller<'_>, args: &Map<String, Value>) -> Reply {
    let acl = if caller.session == NULL_SESSION {
        Acl::unauthenticated(state.flavor)
    } else {
        match state.sessions.get(caller.session, caller.now) {
            Some(s) => s.acl.clone(),
            None => return (UbusStatus::NotFound, None),
        }
    };
    let scope = arg_str(args, "scope").unwrap_or("ubus");
    match (arg_str(args, "object"), arg_str(args, "function")) {
        (Some(object), Some(function)) => {
            let allowed = match scope {
                "ubus" => acl.allows(object, function),
                "access-group" => acl.has_group(object, function),
                _ => false,
            };
            (UbusStatus::Ok, Some(json!({ "access": allowed })))
        }
        (None, None) => (UbusStatus::Ok, Some(acl.to_json())),
        _ => (UbusStatus::InvalidArgument, None),
    }
}
