//! The endpoint table of firmware 8.5.2 and the request pipeline:
//! restart check → parameters → caller → endpoint → permission → handler.

use super::call::{ApiMethod, ApiReply, ApiRequest, Call, Caller, Done, Fail, Outcome};
use super::config::Permission;
use super::endpoints::{auth, cellular, cmd, config, info, status, wifi};
use super::params::Params;
use super::state::SimState;
use crate::wire::{Envelope, UNKNOWN_FUNCTION_MESSAGE, codes};

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not (`login`, `auth.token.grant`, `info.firmware`).
    Open,
    /// Any login or token (`logout`, `auth.token.revoke`: the handler checks more).
    Any,
    /// Read-only and up.
    Read,
    /// Read-write and up: config changes and commands.
    Write,
    /// An admin user's login session only (API client management).
    AdminSession,
}

/// A handler: reads and changes the state, answers.
pub type Handler = fn(&mut SimState, &Call) -> Outcome;

/// One endpoint and method of the API.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// The name after `/api/`.
    pub name: &'static str,
    /// GET or POST.
    pub method: ApiMethod,
    /// Who may call it.
    pub access: Access,
    /// What it does.
    pub handler: Handler,
}

const fn ep(name: &'static str, method: ApiMethod, access: Access, handler: Handler) -> Endpoint {
    Endpoint {
        name,
        method,
        access,
        handler,
    }
}

use Access::{AdminSession, Any, Open, Read, Write};
use ApiMethod::{Get, Post};

/// The 59 endpoints of firmware 8.5.2, in the order of the reference list.
pub static ENDPOINTS: &[Endpoint] = &[
    ep("login", Post, Open, auth::login),
    ep("logout", Post, Open, auth::logout),
    ep("auth.client", Get, AdminSession, auth::client_list),
    ep("auth.client", Post, AdminSession, auth::client_change),
    ep("auth.client.token", Get, AdminSession, auth::client_tokens),
    ep("auth.token.grant", Post, Open, auth::token_grant),
    ep("auth.token.revoke", Post, Any, auth::token_revoke),
    ep("cmd.billing.newCycle", Post, Write, cmd::billing_new_cycle),
    ep("cmd.carrier.scan", Get, Read, cellular::carrier_scan_result),
    ep(
        "cmd.carrier.scan",
        Post,
        Write,
        cellular::carrier_scan_start,
    ),
    ep("cmd.carrier.select", Post, Write, cellular::carrier_select),
    ep(
        "cmd.channelPci.lock",
        Post,
        Write,
        cellular::channel_pci_lock,
    ),
    ep(
        "cmd.channelPci.scan",
        Post,
        Write,
        cellular::channel_pci_scan,
    ),
    ep("cmd.config.apply", Post, Write, cmd::config_apply),
    ep("cmd.config.discard", Post, Write, cmd::config_discard),
    ep("cmd.mesh.discover", Post, Write, cmd::mesh_discover),
    ep(
        "cmd.mesh.discover.result",
        Get,
        Read,
        cmd::mesh_discover_result,
    ),
    ep("cmd.mesh.request", Post, Write, cmd::mesh_request),
    ep("cmd.port.poe.disable", Post, Write, cmd::poe_disable),
    ep("cmd.port.poe.enable", Post, Write, cmd::poe_enable),
    ep("cmd.sim.ussd.send", Post, Write, cellular::ussd_send),
    ep("cmd.sms.delete", Post, Write, cellular::sms_delete),
    ep("cmd.sms.get", Get, Read, cellular::sms_get),
    ep("cmd.sms.sendMessage", Post, Write, cellular::sms_send),
    ep("cmd.starlink", Post, Write, cmd::starlink),
    ep("cmd.ap", Get, Read, wifi::ap_get),
    ep("cmd.ap", Post, Write, wifi::ap_set),
    ep(
        "cmd.cellularModule.rescanNetwork",
        Post,
        Write,
        cellular::module_rescan,
    ),
    ep(
        "cmd.cellularModule.reset",
        Post,
        Write,
        cellular::module_reset,
    ),
    ep("cmd.system.reboot", Post, Write, cmd::system_reboot),
    ep("cmd.wan.cellular", Post, Write, cellular::wan_cellular),
    ep("cmd.wifi.connect", Post, Write, wifi::connect),
    ep("cmd.wifi.disconnect", Post, Write, wifi::disconnect),
    ep("cmd.wifi.forget", Post, Write, wifi::forget),
    ep("cmd.wifi.result", Get, Read, wifi::result),
    ep("cmd.wifi.scan", Get, Read, wifi::scan),
    ep("config.gpio", Post, Write, config::gpio_set),
    ep("config.mesh", Get, Read, config::mesh_get),
    ep("config.mesh", Post, Write, config::mesh_set),
    ep("config.port", Get, Read, config::port_get),
    ep("config.port", Post, Write, config::port_set),
    ep(
        "config.speedfusionConnectProtect",
        Get,
        Read,
        config::sfcp_get,
    ),
    ep(
        "config.speedfusionConnectProtect",
        Post,
        Write,
        config::sfcp_set,
    ),
    ep("config.ssid.profile", Get, Read, config::ssid_get),
    ep("config.ssid.profile", Post, Write, config::ssid_set),
    ep("config.wan.connection", Get, Read, config::wan_get),
    ep("config.wan.connection", Post, Write, config::wan_set),
    ep(
        "config.wan.connection.priority",
        Post,
        Write,
        config::wan_priority,
    ),
    ep("info.firmware", Get, Open, info::firmware),
    ep("info.location", Get, Read, info::location),
    // A read, although it is a POST: read-only callers may use it.
    ep(
        "status.cellularModule.temperature",
        Post,
        Read,
        status::cellular_temperature,
    ),
    ep("status.client", Get, Read, status::client),
    ep("status.extap.mesh", Get, Read, status::extap_mesh),
    ep("status.extap.mesh.link", Get, Read, status::extap_mesh_link),
    ep("status.lan.profile", Get, Read, status::lan_profile),
    ep("status.port", Get, Read, status::port),
    ep("status.pepvpn", Get, Read, status::pepvpn),
    ep("status.wan.connection", Get, Read, status::wan_connection),
    ep(
        "status.wan.connection.allowance",
        Get,
        Read,
        status::wan_allowance,
    ),
];

/// Endpoints answered with `"notice":{"status":"beta"}` (a simulator
/// choice: the mesh and Starlink families are the newest in 8.5.2).
pub const BETA: &[&str] = &[
    "cmd.mesh.discover",
    "cmd.mesh.discover.result",
    "cmd.mesh.request",
    "cmd.starlink",
    "status.extap.mesh",
    "status.extap.mesh.link",
];

/// What still works on a router set to fail (`vendor_error`): logging in
/// and out, so the failure is the device's own and not a refused login.
const KEEPS_WORKING: &[&str] = &["login", "logout", "auth.token.grant", "auth.token.revoke"];

/// The message of an injected failure (a simulator choice: the reference
/// has no real text for a device that cannot serve a call).
pub const VENDOR_ERROR_MESSAGE: &str = "Service temporarily unavailable";

/// Whether `req` may change the device: a POST to an endpoint that needs
/// write access. Such a router keeps its state rather than being rebuilt
/// from the seed.
pub fn may_change(req: &ApiRequest) -> bool {
    req.method == "POST"
        && ENDPOINTS.iter().any(|e| {
            e.name == req.endpoint && e.method == ApiMethod::Post && e.access == Access::Write
        })
}

/// The session id from a `Cookie` header: `bauth` (HTTPS, documented) or
/// `pauth` (plain HTTP, as some clients expect).
pub fn session_cookie(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| matches!(*k, "bauth" | "pauth") && !v.is_empty())
        .map(|(_, v)| v)
}

fn identify(state: &mut SimState, req: &ApiRequest, params: &Params) -> Result<Caller, Fail> {
    let now = state.now();
    if let Some(token) = params.access_token() {
        return match state.auth.token(token, now) {
            Some(t) => Ok(Caller::Token {
                token: t.token,
                client_id: t.client_id,
                permission: t.permission,
            }),
            None => Err(Fail::new(
                codes::UNAUTHORIZED,
                "Unauthorized: the access token is invalid or expired",
            )),
        };
    }
    let idle = state.config.session_idle;
    if let Some(id) = req.cookie.as_deref().and_then(session_cookie)
        && let Some(s) = state.auth.session(id, idle, now)
    {
        return Ok(Caller::Session {
            id: id.to_string(),
            user: s.user,
            permission: s.permission,
        });
    }
    Ok(Caller::Anonymous)
}

fn permit(access: Access, caller: &Caller) -> Result<(), Fail> {
    let Some(have) = caller.permission() else {
        return match access {
            Access::Open => Ok(()),
            _ => Err(Fail::new(codes::UNAUTHORIZED, "Unauthorized")),
        };
    };
    match access {
        Access::Open | Access::Any | Access::Read => Ok(()),
        Access::Write if have >= Permission::ReadWrite => Ok(()),
        Access::Write => Err(Fail::new(
            codes::FORBIDDEN,
            "Permission denied: read-only access",
        )),
        Access::AdminSession => match caller {
            Caller::Session {
                permission: Permission::Admin,
                ..
            } => Ok(()),
            _ => Err(Fail::new(
                codes::FORBIDDEN,
                "Permission denied: requires an admin login",
            )),
        },
    }
}

fn run(state: &mut SimState, req: &ApiRequest) -> Outcome {
    let method = match req.method.as_str() {
        "GET" => ApiMethod::Get,
        "POST" => ApiMethod::Post,
        other => {
            return Err(Fail::new(
                codes::METHOD_NOT_ALLOWED,
                format!("Unsupported request method {other}"),
            ));
        }
    };
    let params = Params::parse(&req.query, req.content_type.as_deref(), &req.body)?;
    let caller = identify(state, req, &params)?;
    let by_name: Vec<&Endpoint> = ENDPOINTS
        .iter()
        .filter(|e| e.name == req.endpoint)
        .collect();
    let Some(first) = by_name.first() else {
        permit(Access::Read, &caller)?;
        return Err(Fail::new(codes::UNKNOWN_FUNCTION, UNKNOWN_FUNCTION_MESSAGE));
    };
    let endpoint = match by_name.iter().find(|e| e.method == method) {
        Some(e) => *e,
        None => {
            permit(first.access.min_for_lookup(), &caller)?;
            return Err(Fail::new(
                codes::METHOD_NOT_ALLOWED,
                format!(
                    "Unsupported request method {} for {}",
                    req.method, req.endpoint
                ),
            ));
        }
    };
    permit(endpoint.access, &caller)?;
    if state.config.vendor_error && !KEEPS_WORKING.contains(&endpoint.name) {
        return Err(Fail::new(codes::UNAVAILABLE, VENDOR_ERROR_MESSAGE));
    }
    let call = Call {
        method,
        params: &params,
        caller: &caller,
    };
    let mut done = (endpoint.handler)(state, &call)?;
    if BETA.contains(&endpoint.name)
        && let Envelope::Ok { notice, .. } = &mut done.envelope
    {
        *notice = Some(serde_json::json!({"status": "beta"}));
    }
    Ok(done)
}

impl Access {
    /// What a caller needs to learn that a method is wrong: open endpoints
    /// tell anyone, the rest only those logged in.
    fn min_for_lookup(self) -> Access {
        match self {
            Access::Open => Access::Open,
            _ => Access::Read,
        }
    }
}

/// The Web Admin's own `GET /cgi-bin/MANGA/api.cgi?func=…` (not the
/// Router API): only `func=status.system.info&infoType=device`, and only
/// with a login session (access tokens are not accepted there).
fn run_manga(state: &mut SimState, req: &ApiRequest) -> Outcome {
    let params = Params::parse(&req.query, req.content_type.as_deref(), &req.body)?;
    let caller = identify(state, req, &Params::parse("", None, b"")?)?;
    if !matches!(caller, Caller::Session { .. }) {
        return Err(Fail::new(codes::UNAUTHORIZED, "Unauthorized"));
    }
    let func = params.str("func")?;
    let info = params.str("infoType")?;
    if func.as_deref() != Some("status.system.info") || info.as_deref() != Some("device") {
        return Err(Fail::new(codes::UNKNOWN_FUNCTION, UNKNOWN_FUNCTION_MESSAGE));
    }
    let d = &state.device;
    let version = d.firmware_in_use().unwrap_or_default();
    Ok(Envelope::ok(serde_json::json!({"device": {
        "serialNumber": d.serial,
        "name": d.name,
        "model": format!("Peplink {}", d.model),
        "productCode": "MAX-BR1-PRO-5G",
        "hardwareRevision": "1",
        "firmwareVersion": version,
        "host": d.name,
        "pepvpnVersion": "9.2.2",
        "company": "Peplink",
        "legal": true,
    }}))
    .into())
}

/// Answer one request: HTTP 503 while restarting, else HTTP 200 with the
/// envelope (and a cookie for login/logout).
pub fn handle(state: &mut SimState, req: &ApiRequest) -> ApiReply {
    reply(state, req, run)
}

/// [`handle`] for `/cgi-bin/MANGA/api.cgi`.
pub fn handle_manga(state: &mut SimState, req: &ApiRequest) -> ApiReply {
    reply(state, req, run_manga)
}

fn reply(
    state: &mut SimState,
    req: &ApiRequest,
    run: fn(&mut SimState, &ApiRequest) -> Outcome,
) -> ApiReply {
    state.stats.requests += 1;
    if state.restarting() {
        return ApiReply {
            status: 503,
            body: None,
            set_cookie: None,
        };
    }
    match run(state, req) {
        Ok(Done {
            envelope,
            set_cookie,
        }) => ApiReply {
            status: 200,
            body: Some(envelope.to_value()),
            set_cookie,
        },
        Err(Fail { code, message }) => {
            if code == codes::UNAUTHORIZED {
                state.stats.unauthorized += 1;
            }
            ApiReply::envelope(&Envelope::fail(code, message))
        }
    }
}
