//! An async client for the Peplink Router API on the shared HTTP layer.
//!
//! The client authenticates lazily before the first call: a Web Admin
//! login (cookie `bauth`), or an API client's id and secret traded for an
//! access token that travels as the `accessToken` query parameter and is
//! renewed before it expires. A `code 401` failure (which arrives with
//! HTTP 200) makes it authenticate again once and retry once.
//!
//! ```no_run
//! # async fn demo() -> routerctl_core::Result<()> {
//! use routerctl_core::{Credentials, TlsPolicy};
//! use routerctl_peplink::client::{ClientConfig, PeplinkClient};
//! use routerctl_peplink::credential::Auth;
//! let mut config = ClientConfig::new("https://192.168.50.1");
//! config.tls = TlsPolicy::Pinned("sha256:…".parse().map_err(|e: String| {
//!     routerctl_core::ErrorContext::new("lab", "connect").config(e)
//! })?);
//! config.auth = Auth::Login(Credentials::new("admin", "secret"));
//! let client = PeplinkClient::new(config)?;
//! for (id, wan) in client.wan_status().await? {
//!     println!("{id}: {} {:?}", wan.name, wan.ip);
//! }
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use routerctl_core::{Error, ErrorContext, Result, Secret, TlsPolicy};
use routerctl_kit::http::{HttpClient, HttpConfig, Method, StatusCode, header, sensitive_header};
use serde_json::{Map, Value, json};

use crate::credential::{Auth, Held};
use crate::types::TokenGrant;
use crate::wire::VENDOR;
use crate::wire::{Envelope, codes, push_pair};

/// The Web Admin's own API (not the Router API), for device identity.
pub const MANGA_PATH: &str = "/cgi-bin/MANGA/api.cgi";

/// Default time before a token's expiry at which it is renewed.
pub const DEFAULT_RENEW_MARGIN: Duration = Duration::from_secs(300);

/// How to reach one router.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `https://host[:port]` or `http://host[:port]`, without `/api`.
    pub base_url: String,
    /// Router name used in errors (the inventory name, or the URL).
    pub label: String,
    /// Certificates accepted for `https` (ignored for `http`).
    pub tls: TlsPolicy,
    /// Connecting, and each request as a whole.
    pub timeout: Duration,
    /// How to authenticate.
    pub auth: Auth,
    /// Renew tokens this long before they expire (at most half their life).
    pub renew_margin: Duration,
}

impl ClientConfig {
    /// A config for `base_url` with web-PKI TLS, a 10 s timeout and no
    /// authentication.
    pub fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_string(),
            label: base_url.to_string(),
            tls: TlsPolicy::default(),
            timeout: Duration::from_secs(10),
            auth: Auth::None,
            renew_margin: DEFAULT_RENEW_MARGIN,
        }
    }
}

/// Arguments of a call: for GET they become the query string, for POST
/// the JSON body.
#[derive(Debug, Clone, PartialEq)]
pub enum Args {
    /// Nothing.
    None,
    /// `key=value` pairs; a repeated key is a list.
    Pairs(Vec<(String, String)>),
    /// A JSON object. For GET, arrays become repeated keys.
    Json(Value),
}

/// A successful reply: `response` (`null` when absent) and `notice`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    /// The `response` member.
    pub response: Value,
    /// The `notice` member (`{"status":"beta"}` …), when present.
    pub notice: Option<Value>,
}

impl ApiResponse {
    /// The reply as the device sent it: `{"stat":"ok",…}`.
    pub fn to_envelope(&self) -> Value {
        Envelope::Ok {
            response: (!self.response.is_null()).then(|| self.response.clone()),
            notice: self.notice.clone(),
        }
        .to_value()
    }
}

/// The endpoints that are reached without a credential.
fn is_open(endpoint: &str) -> bool {
    matches!(endpoint, "login" | "auth.token.grant")
}

/// Endpoint names are dotted words; anything else could leave `/api/`.
fn check_endpoint(ctx: &ErrorContext, endpoint: &str) -> Result<()> {
    let ok = !endpoint.is_empty()
        && endpoint.len() <= 128
        && endpoint
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(ctx.config(format!(
            "{endpoint:?} is not a Router API endpoint name (letters, digits and dots)"
        )))
    }
}

/// JSON object members as query pairs; arrays become repeated keys.
fn json_pairs(ctx: &ErrorContext, value: &Value) -> Result<Vec<(String, String)>> {
    let obj = value
        .as_object()
        .ok_or_else(|| ctx.config("GET arguments must be a JSON object"))?;
    let scalar = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut pairs = Vec::new();
    for (k, v) in obj {
        match v {
            Value::Array(items) => pairs.extend(items.iter().map(|i| (k.clone(), scalar(i)))),
            other => pairs.push((k.clone(), scalar(other))),
        }
    }
    Ok(pairs)
}

/// Pairs as a JSON object of strings; a repeated key becomes a list.
fn pairs_json(pairs: &[(String, String)]) -> Value {
    let mut obj = Map::new();
    for (k, v) in pairs {
        push_pair(&mut obj, k, v);
    }
    Value::Object(obj)
}

/// Replace every occurrence of `secret` in an error's text by `***`
/// (reqwest puts the URL, with its `accessToken`, into its messages).
fn redact(e: Error, secret: &str) -> Error {
    if secret.is_empty() {
        return e;
    }
    let clean = |s: String| s.replace(secret, "***");
    match e {
        Error::Auth {
            router,
            operation,
            message,
        } => Error::Auth {
            router,
            operation,
            message: clean(message),
        },
        Error::Protocol {
            router,
            operation,
            message,
        } => Error::Protocol {
            router,
            operation,
            message: clean(message),
        },
        Error::Tls {
            router,
            operation,
            message,
        } => Error::Tls {
            router,
            operation,
            message: clean(message),
        },
        Error::Disconnected {
            router,
            operation,
            reason,
        } => Error::Disconnected {
            router,
            operation,
            reason: clean(reason),
        },
        Error::Io {
            router,
            operation,
            source,
        } => Error::Io {
            router,
            operation,
            source: std::io::Error::new(source.kind(), clean(source.to_string())),
        },
        Error::Vendor {
            router,
            operation,
            vendor,
            code,
            message,
        } => Error::Vendor {
            router,
            operation,
            vendor,
            code,
            message: clean(message),
        },
        other => other,
    }
}

/// A Peplink Router API client. Share it behind an `Arc`; calls may run
/// concurrently and share one credential.
#[derive(Debug)]
pub struct PeplinkClient {
    http: HttpClient,
    config: ClientConfig,
    held: Mutex<Option<Held>>,
    /// Serialises logins and grants so concurrent refusals cause one.
    auth_lock: tokio::sync::Mutex<()>,
    notices: Mutex<BTreeMap<String, Value>>,
}

impl PeplinkClient {
    /// Build a client; nothing is sent yet.
    pub fn new(config: ClientConfig) -> Result<Self> {
        let ctx = ErrorContext::new(config.label.clone(), "connect");
        let tls = if config.base_url.starts_with("https://") {
            Some(config.tls.clone())
        } else if config.base_url.starts_with("http://") {
            None
        } else {
            return Err(ctx.config(format!(
                "router URL {:?} does not start with http:// or https://",
                config.base_url
            )));
        };
        let http = HttpClient::new(HttpConfig::new(&config.label, VENDOR, tls, config.timeout))?;
        Ok(Self {
            http,
            config,
            held: Mutex::new(None),
            auth_lock: tokio::sync::Mutex::new(()),
            notices: Mutex::new(BTreeMap::new()),
        })
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.config.base_url
    }

    /// How this client authenticates.
    pub fn auth(&self) -> &Auth {
        &self.config.auth
    }

    /// The router name used in errors.
    pub fn label(&self) -> &str {
        &self.config.label
    }

    fn lock_held(&self) -> std::sync::MutexGuard<'_, Option<Held>> {
        // A poisoned lock only means another task panicked mid-update of a
        // plain value; the value is still usable.
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The credential currently held (a cookie or a token), if any.
    pub fn held(&self) -> Option<Held> {
        self.lock_held().clone()
    }

    /// Forget the credential without telling the router.
    pub fn forget(&self) {
        *self.lock_held() = None;
    }

    /// Notices (`beta`, `deprecated`) the device attached to replies, by
    /// endpoint, latest first seen.
    pub fn notices(&self) -> BTreeMap<String, Value> {
        self.notices
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub(crate) fn ctx(&self, operation: impl Into<String>) -> ErrorContext {
        ErrorContext::new(self.config.label.clone(), operation)
    }

    // ---- authentication -------------------------------------------------

    /// Authenticate now as configured (login, or token grant) and keep the
    /// credential.
    pub async fn authenticate(&self) -> Result<Option<Held>> {
        let _guard = self.auth_lock.lock().await;
        self.authenticate_locked().await
    }

    async fn authenticate_locked(&self) -> Result<Option<Held>> {
        let held = match &self.config.auth {
            Auth::None => None,
            Auth::Token(token) => Some(Held::Token {
                token: token.clone(),
                renew_at: None,
            }),
            Auth::Login(creds) => Some(self.login_with(&creds.username, &creds.password).await?),
            Auth::Client {
                client_id,
                client_secret,
                scope,
            } => {
                let grant = self
                    .grant_token(client_id, client_secret, scope.as_deref())
                    .await?;
                Some(Held::granted(
                    grant.access_token,
                    grant.expires_in,
                    self.config.renew_margin,
                    Instant::now(),
                ))
            }
        };
        *self.lock_held() = held.clone();
        Ok(held)
    }

    /// `POST login` as `username`: returns the session cookie (not kept;
    /// [`PeplinkClient::authenticate`] keeps the configured login's).
    pub async fn login_with(&self, username: &str, password: &Secret) -> Result<Held> {
        let ctx = self.ctx("login");
        let body = json!({"username": username, "password": password.expose()});
        let reply = self
            .exchange(&ctx, Method::POST, "login", &Args::Json(body), None)
            .await?;
        match reply.0 {
            Envelope::Ok { .. } => {}
            Envelope::Fail { code, message } => {
                return Err(ctx.auth(format!("{message} (code {code})")));
            }
        }
        let (name, value) = reply
            .1
            .ok_or_else(|| ctx.protocol("login succeeded but set no bauth cookie"))?;
        Ok(Held::Cookie {
            name,
            value: Secret::new(value),
        })
    }

    /// `POST logout` when logged in with a cookie; forgets the credential
    /// either way.
    pub async fn logout(&self) -> Result<()> {
        let held = self.lock_held().take();
        if let Some(cookie @ Held::Cookie { .. }) = held {
            let ctx = self.ctx("logout");
            let (env, _) = self
                .exchange(&ctx, Method::POST, "logout", &Args::None, Some(&cookie))
                .await?;
            self.finish(&ctx, "logout", env)?;
        }
        Ok(())
    }

    /// `POST auth.token.grant`: trade a client id and secret for a token.
    /// The token is returned, not kept.
    pub async fn grant_token(
        &self,
        client_id: &str,
        client_secret: &Secret,
        scope: Option<&str>,
    ) -> Result<TokenGrant> {
        let ctx = self.ctx("auth.token.grant");
        let mut body = json!({"clientId": client_id, "clientSecret": client_secret.expose()});
        if let (Some(scope), Some(obj)) = (scope, body.as_object_mut()) {
            obj.insert("scope".into(), json!(scope));
        }
        let (env, _) = self
            .exchange(
                &ctx,
                Method::POST,
                "auth.token.grant",
                &Args::Json(body),
                None,
            )
            .await?;
        let response = match env {
            Envelope::Fail { code, message } if code == codes::UNAUTHORIZED => {
                return Err(ctx.auth(format!("{message} (code {code})")));
            }
            other => self.finish(&ctx, "auth.token.grant", other)?,
        };
        TokenGrant::from_value(&response.response).map_err(|e| ctx.protocol(e))
    }

    /// The credential for the next call: authenticates when there is none
    /// yet, renews a token that is due.
    pub(crate) async fn credential(&self) -> Result<Option<Held>> {
        let current = self.lock_held().clone();
        match current {
            Some(h) if !h.needs_renewal(Instant::now()) => Ok(Some(h)),
            stale => self.replace(stale.as_ref()).await,
        }
    }

    /// Authenticate again unless another task already replaced `stale`.
    pub(crate) async fn replace(&self, stale: Option<&Held>) -> Result<Option<Held>> {
        let _guard = self.auth_lock.lock().await;
        let current = self.lock_held().clone();
        if let Some(h) = &current
            && stale.is_none_or(|s| s.secret() != h.secret())
            && !h.needs_renewal(Instant::now())
        {
            return Ok(current);
        }
        if matches!(self.config.auth, Auth::None) {
            return Ok(None);
        }
        self.authenticate_locked().await
    }

    // ---- calls ----------------------------------------------------------

    /// Call any endpoint. GET sends `args` as the query, POST as a JSON
    /// body. On `code 401` the client authenticates again once and retries
    /// once. Failures keep the device's code and message.
    pub async fn call(&self, method: Method, endpoint: &str, args: Args) -> Result<ApiResponse> {
        let operation = format!("{method} {endpoint}");
        let ctx = self.ctx(&operation);
        check_endpoint(&ctx, endpoint)?;
        if method != Method::GET && method != Method::POST {
            return Err(ctx.config("the Router API takes GET and POST only"));
        }
        let held = if is_open(endpoint) {
            None
        } else {
            self.credential().await?
        };
        let (mut env, _) = self
            .exchange(&ctx, method.clone(), endpoint, &args, held.as_ref())
            .await?;
        if matches!(&env, Envelope::Fail { code, .. } if *code == codes::UNAUTHORIZED)
            && self.config.auth.can_renew()
            && !is_open(endpoint)
        {
            tracing::debug!(router = %self.config.label, %endpoint, "code 401; authenticating again");
            let fresh = self.replace(held.as_ref()).await?;
            env = self
                .exchange(&ctx, method, endpoint, &args, fresh.as_ref())
                .await?
                .0;
        }
        self.finish(&ctx, endpoint, env)
    }

    pub(crate) fn finish(
        &self,
        ctx: &ErrorContext,
        endpoint: &str,
        env: Envelope,
    ) -> Result<ApiResponse> {
        match env {
            Envelope::Ok { response, notice } => {
                if let Some(n) = &notice {
                    tracing::warn!(router = %self.config.label, %endpoint, notice = %n, "Peplink notice");
                    self.notices
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(endpoint.to_string(), n.clone());
                }
                Ok(ApiResponse {
                    response: response.unwrap_or(Value::Null),
                    notice,
                })
            }
            Envelope::Fail { code, message } if code == codes::UNAUTHORIZED => {
                Err(ctx.auth(format!("{message} (code {code})")))
            }
            Envelope::Fail { code, message } => {
                Err(ctx.vendor(VENDOR, Some(code.to_string()), message))
            }
        }
    }

    /// One HTTP exchange: the envelope, and the session cookie the reply
    /// set (name, value).
    async fn exchange(
        &self,
        ctx: &ErrorContext,
        method: Method,
        endpoint: &str,
        args: &Args,
        held: Option<&Held>,
    ) -> Result<(Envelope, Option<(String, String)>)> {
        self.exchange_at(ctx, method, &format!("/api/{endpoint}"), args, held)
            .await
    }

    /// [`Self::exchange`] for any path under the base URL.
    pub(crate) async fn exchange_at(
        &self,
        ctx: &ErrorContext,
        method: Method,
        path: &str,
        args: &Args,
        held: Option<&Held>,
    ) -> Result<(Envelope, Option<(String, String)>)> {
        let token = match held {
            Some(Held::Token { token, .. }) => Some(token.expose().to_string()),
            _ => None,
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut body = None;
        match (&method, args) {
            (_, Args::None) => {}
            (&Method::GET, Args::Pairs(p)) => pairs.extend(p.iter().cloned()),
            (&Method::GET, Args::Json(v)) => pairs.extend(json_pairs(ctx, v)?),
            (_, Args::Pairs(p)) => body = Some(pairs_json(p)),
            (_, Args::Json(v)) => body = Some(v.clone()),
        }
        let mut url = format!("{}{path}", self.config.base_url);
        let query = {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.extend_pairs(pairs.iter());
            if let Some(t) = &token {
                query.append_pair("accessToken", t);
            }
            query.finish()
        };
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let mut request = self.http.request(method, &url);
        if let Some(Held::Cookie { name, value }) = held {
            let cookie = sensitive_header(&format!("{name}={}", value.expose()))
                .map_err(|e| ctx.config(e))?;
            request = request.header(header::COOKIE, cookie);
        }
        if let Some(b) = &body {
            request = request
                .header(header::CONTENT_TYPE, "application/json")
                .body(b.to_string());
        }
        let secret = token.unwrap_or_default();
        let reply = self
            .http
            .send(ctx, request)
            .await
            .map_err(|e| redact(e, &secret))?;
        if reply.status != StatusCode::OK {
            return Err(redact(reply.status_error(ctx, VENDOR), &secret));
        }
        let value: Value = reply.json(ctx)?;
        let env = Envelope::parse(&value).map_err(|e| ctx.protocol(e))?;
        let cookie = ["bauth", "pauth"].iter().find_map(|n| {
            reply
                .cookie(n)
                .filter(|v| !v.is_empty())
                .map(|v| (n.to_string(), v))
        });
        Ok((env, cookie))
    }

    /// `GET endpoint` with query pairs; the `response`.
    pub async fn get(&self, endpoint: &str, query: &[(&str, &str)]) -> Result<Value> {
        let pairs = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Ok(self
            .call(Method::GET, endpoint, Args::Pairs(pairs))
            .await?
            .response)
    }

    /// `POST endpoint` with a JSON body; the `response` (`null` when none).
    pub async fn post(&self, endpoint: &str, body: Value) -> Result<Value> {
        Ok(self
            .call(Method::POST, endpoint, Args::Json(body))
            .await?
            .response)
    }

    pub(crate) fn parse<T>(&self, endpoint: &str, r: std::result::Result<T, String>) -> Result<T> {
        r.map_err(|e| self.ctx(endpoint).protocol(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn args_shapes() {
        let ctx = ErrorContext::new("r", "x");
        let pairs = json_pairs(&ctx, &json!({"id": [1, 2], "lite": "yes"})).unwrap();
        assert_eq!(
            pairs,
            vec![
                ("id".to_string(), "1".to_string()),
                ("id".to_string(), "2".to_string()),
                ("lite".to_string(), "yes".to_string())
            ]
        );
        assert!(json_pairs(&ctx, &json!([1])).is_err());
        let body = pairs_json(&[
            ("id".into(), "1".into()),
            ("id".into(), "2".into()),
            ("a".into(), "b".into()),
        ]);
        assert_eq!(body, json!({"id": ["1", "2"], "a": "b"}));
    }

    #[test]
    fn endpoint_names_cannot_leave_api() {
        let ctx = ErrorContext::new("r", "x");
        assert!(check_endpoint(&ctx, "status.wan.connection").is_ok());
        for bad in ["", "../x", "a/b", "a?b", "a b"] {
            assert_eq!(check_endpoint(&ctx, bad).unwrap_err().kind(), "config");
        }
    }

    #[test]
    fn redaction_hides_the_token() {
        let ctx = ErrorContext::new("r", "GET x");
        let e = ctx.io(std::io::Error::other(
            "error sending request for url (http://h/api/x?accessToken=abc123)",
        ));
        let text = redact(e, "abc123").to_string();
        assert!(
            !text.contains("abc123") && text.contains("accessToken=***"),
            "{text}"
        );
    }
}
