//! `login`, `logout`, `auth.client`, `auth.client.token`,
//! `auth.token.grant`, `auth.token.revoke`.

use serde_json::{Value, json};

use crate::sim::call::{Call, Caller, Done, Fail, Outcome, ok, ok_empty};
use crate::sim::config::Permission;
use crate::sim::state::SimState;
use crate::wire::{Envelope, codes};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "bauth";

/// `POST login {username, password}` → permission object and the `bauth`
/// cookie. A wrong name or password is code 401.
pub fn login(state: &mut SimState, call: &Call) -> Outcome {
    let p = call.params;
    let username = p.required_str("username")?;
    let password = p.required_str("password")?;
    let user = state
        .config
        .users
        .iter()
        .find(|u| u.name == username && u.password == password)
        .cloned()
        .ok_or_else(|| Fail::new(codes::UNAUTHORIZED, "Invalid username or password"))?;
    let now = state.now();
    let id = state.auth.open_session(&user.name, user.permission, now);
    state.stats.logins += 1;
    let post = u8::from(user.permission >= Permission::ReadWrite);
    Ok(Done {
        envelope: Envelope::ok(json!({"permission": {"GET": 1, "POST": post}})),
        set_cookie: Some(format!("{SESSION_COOKIE}={id}; Path=/; HttpOnly")),
    })
}

/// `POST logout`: ends the session (if any) and clears the cookie.
pub fn logout(state: &mut SimState, call: &Call) -> Outcome {
    if let Caller::Session { id, .. } = call.caller {
        state.auth.close_session(id);
    }
    Ok(Done {
        envelope: Envelope::ok_empty(),
        set_cookie: Some(format!("{SESSION_COOKIE}=; Path=/; Max-Age=0")),
    })
}

fn client_json(c: &crate::sim::auth::ApiClient) -> Value {
    json!({
        "name": c.name,
        "clientId": c.client_id,
        "clientSecret": c.client_secret,
        "confidential": false,
        "createTimestamp": c.create_timestamp,
        "scope": c.permission.scope(),
    })
}

/// `GET auth.client`: every API client (admin login only).
pub fn client_list(state: &mut SimState, _call: &Call) -> Outcome {
    ok(Value::Array(
        state.auth.clients.iter().map(client_json).collect(),
    ))
}

/// `POST auth.client {action: add, name, scope}` or `{action: remove, clientId}`.
pub fn client_change(state: &mut SimState, call: &Call) -> Outcome {
    let p = call.params;
    match p.required_str("action")?.as_str() {
        "add" => {
            p.only(&["action", "name", "scope"])?;
            let name = p.required_str("name")?;
            if name.is_empty() || name.chars().count() > 64 {
                return Err(Fail::bad("Invalid parameter: name (1 to 64 characters)"));
            }
            let scope = p.str("scope")?.unwrap_or_else(|| "api".to_string());
            let permission = Permission::from_scope(&scope).ok_or_else(|| {
                Fail::bad("Invalid parameter: scope (expected api or api.read-only)")
            })?;
            let client = state
                .auth
                .add_client(&name, permission)
                .ok_or_else(|| Fail::new(codes::UNAVAILABLE, "Too many API clients"))?;
            ok(client_json(&client))
        }
        "remove" => {
            p.only(&["action", "clientId"])?;
            let id = p.required_str("clientId")?;
            if state.auth.remove_client(&id) {
                ok_empty()
            } else {
                Err(Fail::bad("Invalid parameter: clientId (no such client)"))
            }
        }
        _ => Err(Fail::bad(
            "Invalid parameter: action (expected add or remove)",
        )),
    }
}

/// `GET auth.client.token [clientId=]`: live tokens, of one client or all.
pub fn client_tokens(state: &mut SimState, call: &Call) -> Outcome {
    let wanted = call.params.str("clientId")?;
    if let Some(id) = &wanted
        && state.auth.client(id).is_none()
    {
        return Err(Fail::bad("Invalid parameter: clientId (no such client)"));
    }
    let now = state.now();
    // Reading a token purges the expired ones.
    let live: Vec<String> = state.auth.tokens.iter().map(|t| t.token.clone()).collect();
    for t in &live {
        state.auth.token(t, now);
    }
    let list = state
        .auth
        .tokens
        .iter()
        .filter(|t| wanted.as_ref().is_none_or(|w| *w == t.client_id))
        .map(|t| {
            let name = state
                .auth
                .client(&t.client_id)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            json!({
                "accessToken": t.token,
                "clientId": t.client_id,
                "clientName": name,
                "authorizationType": 3,
                "scope": t.permission.scope(),
                "createTimestamp": t.create_timestamp,
            })
        })
        .collect();
    ok(Value::Array(list))
}

/// `POST auth.token.grant {clientId, clientSecret, scope?}` → token with
/// `expiresIn` (seconds, a number).
pub fn token_grant(state: &mut SimState, call: &Call) -> Outcome {
    let p = call.params;
    p.only(&["clientId", "clientSecret", "scope"])?;
    let id = p.required_str("clientId")?;
    let secret = p.required_str("clientSecret")?;
    let scope = p.str("scope")?;
    let now = state.now();
    let lifetime = state.config.token_lifetime;
    let token = state
        .auth
        .grant(&id, &secret, scope.as_deref(), lifetime, now)
        .map_err(|why| {
            if why.starts_with("Invalid parameter") {
                Fail::bad(why)
            } else {
                Fail::new(codes::UNAUTHORIZED, why)
            }
        })?;
    state.stats.grants += 1;
    ok(json!({
        "accessToken": token.token,
        "authorizationType": 3,
        "scope": token.permission.scope(),
        "expiresIn": lifetime.as_secs(),
    }))
}

/// `POST auth.token.revoke {accessToken}`: an admin login revokes any
/// token, a token caller only itself.
pub fn token_revoke(state: &mut SimState, call: &Call) -> Outcome {
    let p = call.params;
    p.only(&["accessToken"])?;
    // A token caller may name its own token in the body or rely on the
    // query parameter alone.
    let target = match (p.str("accessToken")?, call.caller) {
        (Some(t), _) => t,
        (None, Caller::Token { token, .. }) => token.clone(),
        (None, _) => return Err(Fail::bad("Missing parameter: accessToken")),
    };
    let allowed = match call.caller {
        Caller::Session { permission, .. } => *permission == Permission::Admin,
        Caller::Token { token, .. } => *token == target,
        Caller::Anonymous => false,
    };
    if !allowed {
        return Err(Fail::new(
            codes::FORBIDDEN,
            "Permission denied: only an admin login or the token itself may revoke a token",
        ));
    }
    if state.auth.revoke(&target) {
        ok_empty()
    } else {
        Err(Fail::bad("Invalid parameter: accessToken (no such token)"))
    }
}
