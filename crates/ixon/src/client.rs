//! An async ubus JSON-RPC client for IXON IXrouters and stock OpenWrt.
//!
//! The client owns the rpcd session: it logs in lazily (calls the null
//! session may make go out without a login), tracks the idle expiry, and on
//! `-32002 Access denied` — which rpcd sends alike for an expired, unknown
//! or reboot-lost session and for an ACL miss — logs in again once and
//! retries once. A second denial is reported as [`Error::Auth`] naming the
//! object and method, because then the ACL is the likely cause.
//!
//! ```no_run
//! # async fn demo() -> routerctl_core::Result<()> {
//! use routerctl_core::Credentials;
//! use routerctl_ixon::client::{ClientConfig, UbusClient};
//! let mut config = ClientConfig::new("http://192.168.140.1/ubus");
//! config.credentials = Some(Credentials::new("admin", "printed-on-device"));
//! let client = UbusClient::new(config)?;
//! let overview = client.overview().await?; // null session, no login
//! let configuration = client.configuration().await?; // logs in first
//! # let _ = (overview, configuration); Ok(()) }
//! ```

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use routerctl_core::{Credentials, Error, ErrorContext, Result, Secret, TlsPolicy};
use routerctl_kit::http::{HttpClient, HttpConfig, Method, StatusCode, Url};
use serde_json::{Value, json};

use crate::jsonrpc::{
    CallOutcome, DEFAULT_SESSION_TIMEOUT, NULL_SESSION, Request, Response, RpcError, UbusStatus,
    parse_call_result, short,
};
use crate::overview::Overview;
use crate::session::Session;

/// Replies larger than this are refused rather than buffered.
pub const MAX_RESPONSE_BODY: usize = routerctl_kit::http::DEFAULT_MAX_BODY;

/// How to reach one `/ubus` endpoint.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Full endpoint URL, e.g. `https://192.168.140.1/ubus`.
    pub url: String,
    /// Vendor named in errors: `ixon` or `openwrt`.
    pub vendor: &'static str,
    /// Router name used in errors (the inventory name, or `host:port`).
    pub label: String,
    /// Certificate checking for `https://` URLs (ignored for `http://`).
    pub tls: TlsPolicy,
    /// Applies to connecting and to each request as a whole.
    pub timeout: Duration,
    /// Needed for anything beyond the null session's calls.
    pub credentials: Option<Credentials>,
    /// Idle timeout asked for at login (seconds); `0` asks for a session
    /// that never expires.
    pub session_timeout: u64,
}

impl ClientConfig {
    /// An IXON endpoint with web-PKI TLS, 10 s timeout, no credentials.
    pub fn new(url: &str) -> Self {
        Self {
            url: url.to_string(),
            vendor: crate::VENDOR_IXON,
            label: url.to_string(),
            tls: TlsPolicy::default(),
            timeout: Duration::from_secs(10),
            credentials: None,
            session_timeout: DEFAULT_SESSION_TIMEOUT,
        }
    }
}

/// One call of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// ubus object, e.g. `ixon.ui.overview` or `network.interface.wan`.
    pub object: String,
    /// Method of that object, e.g. `get`, `status`, `set`.
    pub method: String,
    /// Arguments object passed as the 4th `params` entry (`{}` for none).
    pub args: Value,
}

impl Call {
    /// A call of `object`.`method` with `args`.
    pub fn new(object: &str, method: &str, args: Value) -> Self {
        Self {
            object: object.to_string(),
            method: method.to_string(),
            args,
        }
    }
}

/// Why one call failed, before it becomes a public error: a denial may
/// still be cured by logging in again.
enum Failure {
    Denied(RpcError),
    Other(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Other(e)
    }
}

/// A ubus-over-HTTP client. Cheap to share behind an `Arc`; calls may run
/// concurrently and share one session.
#[derive(Debug)]
pub struct UbusClient {
    http: HttpClient,
    config: ClientConfig,
    next_id: AtomicU64,
    session: Mutex<Option<Session>>,
    /// Serialises logins so concurrent denials (and concurrent first
    /// calls) cause one login, not many.
    login_lock: tokio::sync::Mutex<()>,
    /// The credentials logins use: the configured ones, with the password
    /// replaced once [`UbusClient::password_set`] changed it.
    credentials: Mutex<Option<Credentials>>,
    /// Serialises [`UbusClient::update_configuration`]'s read-modify-write.
    update_lock: tokio::sync::Mutex<()>,
}

impl UbusClient {
    /// Build a client; no request is sent yet.
    pub fn new(config: ClientConfig) -> Result<Self> {
        let ctx = ErrorContext::new(config.label.clone(), "connect");
        let url = Url::parse(&config.url)
            .map_err(|e| ctx.config(format!("invalid ubus URL {:?}: {e}", config.url)))?;
        let tls = match url.scheme() {
            "https" => Some(config.tls.clone()),
            "http" => None,
            other => {
                return Err(ctx.config(format!("ubus URL scheme {other:?} is not http or https")));
            }
        };
        let mut http = HttpConfig::new(&config.label, config.vendor, tls, config.timeout);
        http.max_body = MAX_RESPONSE_BODY;
        let http = HttpClient::new(http)?;
        Ok(Self {
            http,
            next_id: AtomicU64::new(1),
            session: Mutex::new(None),
            login_lock: tokio::sync::Mutex::new(()),
            credentials: Mutex::new(config.credentials.clone()),
            update_lock: tokio::sync::Mutex::new(()),
            config,
        })
    }

    /// The endpoint this client posts to.
    pub fn url(&self) -> &str {
        &self.config.url
    }

    /// The vendor named in errors.
    pub fn vendor(&self) -> &'static str {
        self.config.vendor
    }

    /// The current session, if logged in.
    pub fn session(&self) -> Option<Session> {
        self.lock_session().clone()
    }

    /// Forget the session without telling the router (the next call that
    /// needs one logs in again).
    pub fn forget_session(&self) {
        *self.lock_session() = None;
    }

    fn lock_session(&self) -> std::sync::MutexGuard<'_, Option<Session>> {
        // A poisoned lock only means another task panicked mid-update of a
        // plain value; the value is still usable.
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn ctx(&self, operation: impl Into<String>) -> ErrorContext {
        self.http.ctx(operation)
    }

    fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    // ---- sessions -------------------------------------------------------

    fn credentials(&self) -> Result<Credentials> {
        let current = self
            .credentials
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        current.ok_or_else(|| {
            self.ctx("session login")
                .auth("no credentials configured for this router")
        })
    }

    /// Log in with the configured credentials and keep the session.
    pub async fn login(&self) -> Result<Session> {
        let creds = self.credentials()?;
        let _guard = self.login_lock.lock().await;
        self.login_locked(&creds.username, &creds.password).await
    }

    /// Log in as `username` (not the configured user) and keep the session.
    pub async fn login_as(&self, username: &str, password: &Secret) -> Result<Session> {
        let _guard = self.login_lock.lock().await;
        self.login_locked(username, password).await
    }

    async fn login_locked(&self, username: &str, password: &Secret) -> Result<Session> {
        let ctx = self.ctx("session login");
        let args = json!({
            "username": username,
            "password": password.expose(),
            "timeout": self.config.session_timeout,
        });
        let data = match self
            .call_once(NULL_SESSION, "session", "login", &args)
            .await
        {
            Ok(data) => data,
            Err(Failure::Denied(e)) => {
                return Err(ctx.auth(format!(
                    "the router refused session.login on the null session ({e})"
                )));
            }
            Err(Failure::Other(Error::Vendor { code, .. }))
                if code.as_deref() == Some(&UbusStatus::PermissionDenied.to_string()) =>
            {
                return Err(ctx.auth(format!("wrong user name or password for user {username:?}")));
            }
            Err(Failure::Other(Error::Vendor { code, .. }))
                if code.as_deref() == Some(&UbusStatus::InvalidArgument.to_string()) =>
            {
                return Err(ctx.auth("login needs a user name and a password"));
            }
            Err(Failure::Other(e)) => return Err(e),
        };
        let session = Session::from_login(&data, Instant::now()).map_err(|e| ctx.protocol(e))?;
        *self.lock_session() = Some(session.clone());
        Ok(session)
    }

    /// Whether the null session may make this call (rpcd's `unauthenticated`
    /// group). A wrong guess only costs one denied round trip.
    fn is_public(&self, object: &str, method: &str) -> bool {
        matches!(
            (object, method),
            ("session", "login") | ("session", "access")
        ) || (self.config.vendor == crate::VENDOR_IXON
            && (object, method) == ("ixon.ui.overview", "get"))
    }

    /// The session id to use for this call, logging in when needed.
    async fn session_for(&self, object: &str, method: &str) -> Result<String> {
        let now = Instant::now();
        let current = self.lock_session().clone();
        match current {
            Some(s) if s.is_fresh(now) => Ok(s.id),
            Some(stale) if self.config.credentials.is_some() => self.relogin(&stale.id).await,
            Some(_) => Ok(NULL_SESSION.to_string()),
            None if self.is_public(object, method) || self.config.credentials.is_none() => {
                Ok(NULL_SESSION.to_string())
            }
            None => self.first_login().await,
        }
    }

    /// Log in unless another task did while this one waited for the lock:
    /// ten concurrent first calls open one rpcd session, not ten.
    async fn first_login(&self) -> Result<String> {
        let creds = self.credentials()?;
        let _guard = self.login_lock.lock().await;
        if let Some(s) = self.lock_session().as_ref()
            && s.is_fresh(Instant::now())
        {
            return Ok(s.id.clone());
        }
        Ok(self
            .login_locked(&creds.username, &creds.password)
            .await?
            .id)
    }

    /// Log in again unless another task already replaced `stale_id`.
    async fn relogin(&self, stale_id: &str) -> Result<String> {
        let creds = self.credentials()?;
        let _guard = self.login_lock.lock().await;
        if let Some(s) = self.lock_session().as_ref()
            && s.id != stale_id
            && s.is_fresh(Instant::now())
        {
            return Ok(s.id.clone());
        }
        Ok(self
            .login_locked(&creds.username, &creds.password)
            .await?
            .id)
    }

    fn touch(&self, sid: &str) {
        if let Some(s) = self.lock_session().as_mut()
            && s.id == sid
        {
            s.touch(Instant::now());
        }
    }

    fn denied_error(&self, object: &str, method: &str, why: RpcError) -> Error {
        let ctx = self.ctx(format!("{object} {method}"));
        if self.config.credentials.is_none() {
            return ctx.auth(format!(
                "{why}: {object}.{method} needs a login and no credentials are configured"
            ));
        }
        ctx.auth(format!(
            "{why} after logging in again: the ACL of user {:?} may lack {object}.{method}",
            self.config
                .credentials
                .as_ref()
                .map(|c| c.username.as_str())
                .unwrap_or_default()
        ))
    }

    // ---- calls ----------------------------------------------------------

    /// Call `object.method` with `args` (a JSON object) and return the data
    /// object of the reply (`{}` when the procedure returned none).
    ///
    /// Logs in when needed; on `-32002` logs in again once and retries once.
    pub async fn call(&self, object: &str, method: &str, args: Value) -> Result<Value> {
        let sid = self.session_for(object, method).await?;
        let (sid, outcome) = match self.call_once(&sid, object, method, &args).await {
            Err(Failure::Denied(_)) if self.config.credentials.is_some() => {
                tracing::debug!(router = %self.config.label, %object, %method, "access denied; logging in again");
                let fresh = self.relogin(&sid).await?;
                let outcome = self.call_once(&fresh, object, method, &args).await;
                (fresh, outcome)
            }
            outcome => (sid, outcome),
        };
        match outcome {
            Ok(data) => {
                self.touch(&sid);
                Ok(data)
            }
            Err(Failure::Other(e)) => Err(e),
            Err(Failure::Denied(why)) => Err(self.denied_error(object, method, why)),
        }
    }

    /// One `call` with an explicit session id: no login, no retry. Useful
    /// to probe what a given session (or the null session) may do.
    pub async fn call_with_session(
        &self,
        session: &str,
        object: &str,
        method: &str,
        args: Value,
    ) -> Result<Value> {
        self.call_once(session, object, method, &args)
            .await
            .map_err(|f| match f {
                Failure::Denied(why) => self.rpc_error(object, method, why.code(), why.message()),
                Failure::Other(e) => e,
            })
    }

    async fn call_once(
        &self,
        session: &str,
        object: &str,
        method: &str,
        args: &Value,
    ) -> Result<Value, Failure> {
        let request = Request::call(self.next_id(), session, object, method, args.clone());
        let response = self
            .exchange(&format!("{object} {method}"), &request)
            .await?;
        self.read_call_response(object, method, response)
    }

    fn read_call_response(
        &self,
        object: &str,
        method: &str,
        response: Response,
    ) -> Result<Value, Failure> {
        let ctx = self.ctx(format!("{object} {method}"));
        if let Some(err) = response.error {
            return match RpcError::from_code(err.code) {
                Some(e @ (RpcError::AccessDenied | RpcError::SessionNotFound)) => {
                    Err(Failure::Denied(e))
                }
                _ => Err(Failure::Other(self.rpc_error(
                    object,
                    method,
                    err.code,
                    &err.message,
                ))),
            };
        }
        let result = response
            .result
            .ok_or_else(|| ctx.protocol("reply has neither result nor error"))?;
        match parse_call_result(&result).map_err(|e| ctx.protocol(e))? {
            CallOutcome::Data(data) => Ok(data),
            CallOutcome::Status(code, status) => Err(Failure::Other(
                self.status_error(object, method, code, status),
            )),
        }
    }

    /// A JSON-RPC error as the shared error type: code and uhttpd's name in
    /// `code`, the router's own message (and what was called) in `message`.
    fn rpc_error(&self, object: &str, method: &str, code: i64, message: &str) -> Error {
        let name = RpcError::from_code(code)
            .map(RpcError::message)
            .unwrap_or("unknown JSON-RPC error");
        self.ctx(format!("{object} {method}")).vendor(
            self.config.vendor,
            Some(format!("{code} {name}")),
            format!("{message} ({object}.{method})"),
        )
    }

    fn status_error(
        &self,
        object: &str,
        method: &str,
        code: u64,
        status: Option<UbusStatus>,
    ) -> Error {
        let (code_text, description) = match status {
            Some(s) => (s.to_string(), s.description()),
            None => (format!("ubus {code} UNKNOWN"), "unknown ubus status"),
        };
        self.ctx(format!("{object} {method}")).vendor(
            self.config.vendor,
            Some(code_text),
            format!("{description} ({object}.{method})"),
        )
    }

    /// JSON-RPC `list`: the objects matching `patterns` (all when empty)
    /// with their methods and argument types.
    pub async fn list(&self, patterns: &[&str]) -> Result<Value> {
        let request = Request::list(self.next_id(), patterns);
        let response = self.exchange("list", &request).await?;
        if let Some(err) = response.error {
            return Err(self.rpc_error("ubus", "list", err.code, &err.message));
        }
        response.result.ok_or_else(|| {
            self.ctx("list")
                .protocol("reply has neither result nor error")
        })
    }

    /// Several calls in one HTTP request (a JSON-RPC batch). Replies are
    /// matched by id and returned in the order of `calls`; each carries its
    /// own success or error. Denied calls are retried once after a re-login.
    pub async fn batch(&self, calls: &[Call]) -> Result<Vec<Result<Value>>> {
        let ctx = self.ctx("batch");
        let needs_login = calls.iter().any(|c| !self.is_public(&c.object, &c.method));
        let sid = match calls.first() {
            Some(_) if needs_login => self.session_for("", "").await?,
            Some(first) => self.session_for(&first.object, &first.method).await?,
            None => return Ok(Vec::new()),
        };
        let mut results = self.batch_once(&sid, calls).await?;
        let denied: Vec<usize> = results
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, Err(Failure::Denied(_))))
            .map(|(i, _)| i)
            .collect();
        if !denied.is_empty() && self.config.credentials.is_some() {
            let fresh = self.relogin(&sid).await?;
            let again: Vec<Call> = denied
                .iter()
                .filter_map(|i| calls.get(*i).cloned())
                .collect();
            let retried = self.batch_once(&fresh, &again).await?;
            for (slot, result) in denied.iter().zip(retried) {
                if let Some(target) = results.get_mut(*slot) {
                    *target = result;
                }
            }
            self.touch(&fresh);
        } else {
            self.touch(&sid);
        }
        if results.len() != calls.len() {
            return Err(ctx.protocol("batch reply lost entries"));
        }
        Ok(results
            .into_iter()
            .zip(calls)
            .map(|(r, c)| {
                r.map_err(|f| match f {
                    Failure::Denied(why) => self.denied_error(&c.object, &c.method, why),
                    Failure::Other(e) => e,
                })
            })
            .collect())
    }

    async fn batch_once(&self, sid: &str, calls: &[Call]) -> Result<Vec<Result<Value, Failure>>> {
        let ctx = self.ctx("batch");
        let requests: Vec<(u64, &Call)> = calls.iter().map(|c| (self.next_id(), c)).collect();
        let body: Vec<Request> = requests
            .iter()
            .map(|(id, c)| Request::call(*id, sid, &c.object, &c.method, c.args.clone()))
            .collect();
        let reply = self.post("batch", &body).await?;
        let replies: Vec<Response> = serde_json::from_value(reply)
            .map_err(|e| ctx.protocol(format!("batch reply is not an array of responses: {e}")))?;
        let mut by_id: std::collections::HashMap<u64, Response> = replies
            .into_iter()
            .filter_map(|r| r.id.as_u64().map(|id| (id, r)))
            .collect();
        Ok(requests
            .iter()
            .map(|(id, c)| match by_id.remove(id) {
                Some(r) => self.read_call_response(&c.object, &c.method, r),
                None => Err(Failure::Other(
                    ctx.protocol(format!("batch reply has no entry for request id {id}")),
                )),
            })
            .collect())
    }

    // ---- transport ------------------------------------------------------

    /// POST one request and read the reply as a JSON-RPC response.
    ///
    /// The reply must carry the request's `id`: one with another id
    /// answers some other request (a confused proxy, a replayed body) and
    /// is refused rather than taken for this call's result.
    async fn exchange(&self, operation: &str, request: &Request) -> Result<Response> {
        let reply = self.post(operation, request).await?;
        let response: Response = serde_json::from_value(reply).map_err(|e| {
            self.ctx(operation)
                .protocol(format!("reply is not a JSON-RPC response: {e}"))
        })?;
        check_reply_id(request, &response).map_err(|e| self.ctx(operation).protocol(e))?;
        Ok(response)
    }

    /// POST one JSON body to `/ubus` and return the parsed JSON reply.
    async fn post(&self, operation: &str, body: &impl serde::Serialize) -> Result<Value> {
        let ctx = self.ctx(operation);
        let request = self.http.request(Method::POST, &self.config.url).json(body);
        let reply = self.http.send(&ctx, request).await?;
        if reply.status != StatusCode::OK {
            return Err(ctx.protocol(format!(
                "HTTP {} from {} (uhttpd answers every JSON-RPC request with 200)",
                reply.status, self.config.url
            )));
        }
        reply.json(&ctx)
    }

    // ---- IXON's objects -------------------------------------------------

    /// `ixon.ui.overview get`: device facts and live WAN/LAN/Wi-Fi/VPN state.
    /// Allowed with the null session, so this needs no login.
    pub async fn overview(&self) -> Result<Overview> {
        let data = self.overview_raw().await?;
        serde_json::from_value(data).map_err(|e| {
            self.ctx("ixon.ui.overview get")
                .protocol(format!("overview has an unexpected shape: {e}"))
        })
    }

    /// `ixon.ui.overview get` as the router sent it.
    pub async fn overview_raw(&self) -> Result<Value> {
        self.call("ixon.ui.overview", "get", json!({})).await
    }

    /// `ixon.ui.configuration get`: the `configuration` object.
    pub async fn configuration(&self) -> Result<Value> {
        let data = self.call("ixon.ui.configuration", "get", json!({})).await?;
        match data.get("configuration") {
            Some(c) if c.is_object() => Ok(c.clone()),
            _ => Err(self.ctx("ixon.ui.configuration get").protocol(format!(
                "reply has no configuration object: {}",
                short(&data)
            ))),
        }
    }

    /// `ixon.ui.configuration set {configuration}` with a whole object.
    pub async fn set_configuration(&self, configuration: &Value) -> Result<()> {
        if !configuration.is_object() {
            return Err(self
                .ctx("ixon.ui.configuration set")
                .config("configuration must be a JSON object"));
        }
        self.call(
            "ixon.ui.configuration",
            "set",
            json!({ "configuration": configuration }),
        )
        .await
        .map(|_| ())
    }

    /// Read the configuration, let `change` edit it, and write the whole
    /// object back, so fields the caller does not know about survive.
    /// Returns the object that was written.
    ///
    /// Updates through one client run one at a time, so two concurrent
    /// updates cannot both read the old object and the second write undo
    /// the first. rpcd offers no version or compare-and-set on this object,
    /// so an update made by *another* client (or the web UI) between this
    /// read and write can still be lost; keep one writer per router.
    pub async fn update_configuration<F>(&self, change: F) -> Result<Value>
    where
        F: FnOnce(&mut Value) -> std::result::Result<(), String>,
    {
        let _serialised = self.update_lock.lock().await;
        let mut configuration = self.configuration().await?;
        change(&mut configuration).map_err(|e| self.ctx("ixon.ui.configuration set").config(e))?;
        self.set_configuration(&configuration).await?;
        Ok(configuration)
    }

    /// `ixon.ui.account password_set {password}`. IXON requires at least 8
    /// characters; afterwards the printed password stops working.
    ///
    /// The password changes for the session's user; when that is the
    /// configured user, the client logs in with the new password from now
    /// on (the old one would be refused at the next re-login).
    pub async fn password_set(&self, password: &Secret) -> Result<()> {
        self.call(
            "ixon.ui.account",
            "password_set",
            json!({ "password": password.expose() }),
        )
        .await?;
        // The session the call ran in says whose password it was (a
        // `login_as` session may belong to someone else).
        let user = self.session().and_then(|s| s.username);
        let mut creds = self.credentials.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = creds.as_mut()
            && user.as_deref().is_none_or(|u| u == c.username)
        {
            c.password = password.clone();
        }
        Ok(())
    }

    /// Destroy the session on the router when its ACL permits (stock
    /// OpenWrt root does; IXON's admin ACL does not), then forget it.
    pub async fn logout(&self) {
        let Some(session) = self.session() else {
            return;
        };
        if session.acl_allows("session", "destroy") {
            let _ = self
                .call_once(&session.id, "session", "destroy", &json!({}))
                .await;
        }
        self.forget_session();
    }
}

/// A reply to `request` must echo its `id` (`null` when it had none).
fn check_reply_id(request: &Request, response: &Response) -> std::result::Result<(), String> {
    let expected = request.id.clone().unwrap_or(Value::Null);
    if response.id == expected {
        return Ok(());
    }
    Err(format!(
        "reply id {} does not match request id {}",
        short(&response.id),
        short(&expected)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_with_another_id_is_refused_naming_both() {
        let request = Request::call(7, NULL_SESSION, "o", "m", json!({}));
        let mut reply = Response::call_result(json!(7), UbusStatus::Ok, None);
        assert_eq!(check_reply_id(&request, &reply), Ok(()));
        reply.id = json!(8);
        let e = check_reply_id(&request, &reply).unwrap_err();
        assert_eq!(e, "reply id 8 does not match request id 7");
        reply.id = Value::Null;
        assert!(check_reply_id(&request, &reply).is_err());
    }

    fn client(with_credentials: bool) -> UbusClient {
        let mut config = ClientConfig::new("http://127.0.0.1:9/ubus");
        config.label = "lab".into();
        if with_credentials {
            config.credentials = Some(Credentials::new("admin", "pw"));
        }
        UbusClient::new(config).unwrap()
    }

    fn error_reply(code: i64, message: &str) -> Response {
        Response {
            jsonrpc: "2.0".into(),
            id: json!(1),
            result: None,
            error: Some(crate::jsonrpc::ErrorObject {
                code,
                message: message.into(),
            }),
        }
    }

    #[test]
    fn every_jsonrpc_error_keeps_its_number_and_name() {
        let c = client(true);
        for e in RpcError::ALL {
            let reply = error_reply(e.code(), e.message());
            match c.read_call_response("obj", "m", reply) {
                Err(Failure::Denied(d)) => {
                    assert!(matches!(
                        d,
                        RpcError::AccessDenied | RpcError::SessionNotFound
                    ));
                    assert!(matches!(
                        e,
                        RpcError::AccessDenied | RpcError::SessionNotFound
                    ));
                }
                Err(Failure::Other(err)) => {
                    assert_eq!(err.kind(), "vendor");
                    assert_eq!(err.vendor_code(), Some(e.to_string().as_str()));
                    let text = err.to_string();
                    assert!(text.starts_with("lab: obj m: ixon error "), "{text}");
                    assert!(text.contains("(obj.m)"), "{text}");
                }
                Ok(_) => panic!("{e} was read as success"),
            }
        }
        let err = match c.read_call_response("o", "m", error_reply(-1, "odd")) {
            Err(Failure::Other(e)) => e,
            _ => panic!("unknown codes are errors"),
        };
        assert_eq!(err.vendor_code(), Some("-1 unknown JSON-RPC error"));
    }

    #[test]
    fn every_ubus_status_maps_to_a_vendor_error() {
        let c = client(true);
        for s in UbusStatus::ALL.into_iter().skip(1) {
            let reply = Response::call_result(json!(1), s, None);
            let Err(Failure::Other(err)) = c.read_call_response("o", "m", reply) else {
                panic!("status {s} was not an error");
            };
            assert_eq!(err.vendor_code(), Some(s.to_string().as_str()));
            assert!(err.to_string().contains(s.description()), "{err}");
        }
        let ok = Response::call_result(json!(1), UbusStatus::Ok, Some(json!({"a": 1})));
        assert_eq!(
            c.read_call_response("o", "m", ok).ok(),
            Some(json!({"a": 1}))
        );
    }

    #[test]
    fn denial_without_credentials_says_a_login_is_needed() {
        let c = client(false);
        let e = c.denied_error("ixon.ui.configuration", "get", RpcError::AccessDenied);
        assert_eq!(e.kind(), "auth");
        assert!(e.to_string().contains("needs a login"), "{e}");
        let c = client(true);
        let e = c.denied_error("ixon.ui.configuration", "set", RpcError::AccessDenied);
        assert!(e.to_string().contains("ACL"), "{e}");
    }

    #[test]
    fn bad_urls_are_config_errors() {
        let mut config = ClientConfig::new("ftp://x/ubus");
        config.label = "lab".into();
        assert_eq!(UbusClient::new(config).unwrap_err().kind(), "config");
        assert_eq!(
            UbusClient::new(ClientConfig::new("not a url"))
                .unwrap_err()
                .kind(),
            "config"
        );
    }
}
