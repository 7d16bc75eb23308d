//! The REST front end of the simulator: RouterOS 7's `/rest` over HTTP(S),
//! on the same [`Device`] as the binary API server, so a change made
//! through one front end is seen through the other.
//!
//! Each HTTP verb becomes a console command run through
//! [`Device::run`], as on the router (REST is a wrapper of the API):
//!
//! | request | command | success |
//! |---|---|---|
//! | `GET /rest/menu?k=v&.proplist=a,b` | `print ?k=v =.proplist=.id,a,b` | 200, list; singleton menus a bare object |
//! | `GET /rest/menu/*ID` or `/NAME` | `print` of that record | 200, object; 404 if absent |
//! | `PUT /rest/menu` | `add` | 201, the new record, `Location` |
//! | `PATCH /rest/menu/*ID` | `set` | 200, the whole updated record |
//! | `DELETE /rest/menu/*ID` | `remove` | 204, no body; again: 404 |
//! | `POST /rest/path/cmd` | `cmd` with the body as arguments | `!re` rows: list; `!done` data: object; nothing: `[]` |
//!
//! Errors follow `reference/routeros/rest/errors.tsv`: 401 (with
//! `WWW-Authenticate: Basic` when no credentials came), 404 for a missing
//! id, 400 with the console's text in `detail`, 400 `Failed to parse json`,
//! 415 for a body without `Content-Type: application/json`, 500 `std
//! failure: not allowed (9)` for a group with `rest-api` but without `api`
//! and 500 `not enough permissions (9)` for a command the group may not
//! run, 501 for HEAD, 503 for OPTIONS, an HTML 403 when REST is disabled,
//! and 400 `Session closed` for a command still running after the
//! 60-second limit (and for requests of the same user queued behind it).
//!
//! Logins are cached per user for ten minutes from the login (the router
//! logs REST users in to the API internally and keeps the login), so
//! `/user/active` and the log show one login, not one per request. The
//! cache is keyed on the user record's credential version
//! ([`Device::session_current`]): a password change, disable or removal
//! answers 401 on the very next request. One user's requests run one at
//! a time; different users run in parallel.
//!
//! Hostile clients: the shared [`HttpListener`] and [`read_body`](routerctl_kit::sim::read_body) limit
//! bodies ([`RestSettings::max_body`]) by the announced length before
//! anything is read and while reading; reading headers, the body and the
//! TLS handshake each have a timeout, an idle keep-alive connection is
//! closed after the header timeout, connections are capped and a client
//! that stops reading loses its connection. This module only says what
//! RouterOS answers when a limit is hit (413, 408).

use std::collections::HashMap;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use base64::Engine as _;
use bytes::Bytes;
use routerctl_core::{Fingerprint, SelfSigned};
use routerctl_kit::sim::{
    AuthHandle, BodyError, ConnectionScope, HttpListener, Limits, PeerAddr,
    read_body as read_limited,
};

use super::menus::{self, DIRECTORY_COMMANDS};
use super::schema::{Kind, Menu};
use super::session::same_secret;
use super::{Device, Outcome, Session};
use crate::api::proto::{Reply, Trap};
use crate::record::Attributes;
use crate::rest::body::{self, BodyValue};
use crate::rest::error::{ErrorBody, SESSION_CLOSED};

/// Knobs of the REST front end.
#[derive(Debug, Clone)]
pub struct RestSettings {
    /// Largest request body accepted (413 above).
    pub max_body: usize,
    /// Time to receive a request's headers, and the longest a keep-alive
    /// connection may sit idle.
    pub header_timeout: Duration,
    /// Time to receive a request's body.
    pub body_timeout: Duration,
    /// Time for the TLS handshake.
    pub handshake_timeout: Duration,
    /// A command still running after this answers 400 `Session closed`
    /// (RouterOS: 60 s).
    pub command_limit: Duration,
    /// How long a REST login is reused, counted from the login (a hit does
    /// not extend it; RouterOS: about 10 minutes). A change to the user's
    /// credentials ends it at once.
    pub login_cache: Duration,
    /// Older 7.x status codes: 406 for unknown commands, 200 for PUT and
    /// DELETE.
    pub legacy_statuses: bool,
    /// 7.1beta shape: singleton menus as a one-element list.
    pub singleton_as_list: bool,
    /// REST disabled for this web service: every request gets an HTML 403.
    pub disabled: bool,
    /// Older builds' quirk: control characters in values are sent raw
    /// inside JSON strings instead of escaped.
    pub raw_control_chars: bool,
}

impl RestSettings {
    /// The listener limits these settings imply; the connection cap and
    /// the write deadline are the shared defaults.
    ///
    /// ```
    /// use routerctl_mikrotik::sim::RestSettings;
    /// let limits = RestSettings::default().limits();
    /// assert_eq!(limits.max_body, 1024 * 1024);
    /// ```
    pub fn limits(&self) -> Limits {
        Limits {
            header_timeout: self.header_timeout,
            body_timeout: self.body_timeout,
            handshake_timeout: self.handshake_timeout,
            max_body: self.max_body,
            ..Limits::default()
        }
    }
}

impl Default for RestSettings {
    fn default() -> Self {
        Self {
            max_body: 1024 * 1024,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(10),
            handshake_timeout: Duration::from_secs(10),
            command_limit: Duration::from_secs(60),
            login_cache: Duration::from_secs(600),
            legacy_statuses: false,
            singleton_as_list: false,
            disabled: false,
            raw_control_chars: false,
        }
    }
}

/// A running REST listener. Dropping it stops the listener and every
/// connection.
#[derive(Debug)]
pub struct RestServer {
    listener: HttpListener,
}

impl RestServer {
    /// Listen on `addr` (port 0 picks a free one). With `tls`, serve HTTPS
    /// (www-ssl) with that certificate; without, plain HTTP (www).
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// use routerctl_mikrotik::sim::{Device, RestServer, SimConfig};
    /// let device = Device::new(SimConfig::new("admin", "pw"));
    /// let tls = routerctl_core::SelfSigned::generate(&[]).unwrap();
    /// let server = RestServer::bind(device, "127.0.0.1:0".parse().unwrap(), Some(tls)).await?;
    /// println!("rest-tls {} sha256={}", server.local_addr(), server.fingerprint().unwrap());
    /// # Ok(()) }
    /// ```
    pub async fn bind(
        device: Device,
        addr: SocketAddr,
        tls: Option<SelfSigned>,
    ) -> std::io::Result<Self> {
        Self::bind_with(device, addr, tls, RestSettings::default()).await
    }

    /// [`Self::bind`] with explicit settings.
    pub async fn bind_with(
        device: Device,
        addr: SocketAddr,
        tls: Option<SelfSigned>,
        settings: RestSettings,
    ) -> std::io::Result<Self> {
        let limits = settings.limits();
        let router = Self::app(device, settings, tls.is_some());
        let listener = HttpListener::bind(addr, router, tls, limits).await?;
        Ok(Self { listener })
    }

    /// The REST front end as an axum router, without a listener: what
    /// [`Self::bind_with`] serves. Driving it in-process (a benchmark
    /// timing the server's own work, a test without sockets) skips the
    /// listener's limits; `https` only sets the scheme of `Location`.
    ///
    /// ```
    /// use routerctl_mikrotik::sim::{Device, RestServer, RestSettings, SimConfig};
    /// let device = Device::new(SimConfig::new("admin", "pw"));
    /// let _router: axum::Router = RestServer::app(device, RestSettings::default(), false);
    /// ```
    pub fn app(device: Device, settings: RestSettings, https: bool) -> axum::Router {
        let app = Arc::new(App {
            device,
            scheme: if https { "https" } else { "http" },
            settings,
            lanes: Mutex::new(HashMap::new()),
        });
        axum::Router::new().fallback(dispatch).with_state(app)
    }

    /// The address the listener is bound to (useful after binding port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr()
    }

    /// SHA-256 fingerprint of the TLS certificate, when serving HTTPS.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.listener.fingerprint()
    }

    /// Stop accepting new connections; open ones close when the server is
    /// dropped.
    pub fn shutdown(&self) {
        self.listener.shutdown();
    }
}

/// State shared by every connection of one listener.
struct App {
    device: Device,
    scheme: &'static str,
    settings: RestSettings,
    /// One lane per user that has logged in: the cached login and the
    /// queue that runs that user's requests one at a time.
    lanes: Mutex<HashMap<String, Arc<Lane>>>,
}

struct Lane {
    serial: tokio::sync::Mutex<()>,
    /// Bumped when a command of this user hits the time limit; requests
    /// that were queued at that moment answer `Session closed` too.
    closed: AtomicU64,
    login: Mutex<Option<CachedLogin>>,
}

struct CachedLogin {
    password: Vec<u8>,
    session: Session,
    /// When the login happened; the cache expires a fixed time after.
    logged_in: Instant,
}

/// A finished HTTP reply.
type HttpReply = Response;

/// An error reply before it is rendered: the status and the console's
/// text for `detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Refusal {
    status: u16,
    detail: Option<String>,
    /// Add `WWW-Authenticate: Basic` (401 without credentials).
    challenge: bool,
}

impl Refusal {
    fn new(status: u16, detail: Option<&str>) -> Self {
        Self {
            status,
            detail: detail.map(str::to_owned),
            challenge: false,
        }
    }
}

impl From<Refusal> for HttpReply {
    fn from(r: Refusal) -> Self {
        let body = ErrorBody::new(r.status, r.detail);
        let text = serde_json::to_string(&body).unwrap_or_default();
        let mut reply = json_response(r.status, text);
        if r.challenge {
            reply.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"RouterOS\""),
            );
        }
        reply
    }
}

type HttpResult<T = HttpReply> = Result<T, Refusal>;

fn error(status: u16, detail: Option<&str>) -> Refusal {
    Refusal::new(status, detail)
}

fn json_response(status: u16, text: impl Into<Body>) -> HttpReply {
    let mut r = Response::new(text.into());
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

fn bad_request(detail: &str) -> Refusal {
    error(400, Some(detail))
}

fn not_found() -> Refusal {
    error(404, None)
}

const NOT_ALLOWED: &str = "std failure: not allowed (9)";
const NO_ID: &str = "missing or invalid resource identifier";
const PARSE_FAILED: &str = "Failed to parse json";

/// The HTML page a router serves when REST is off for the web service.
const DISABLED_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head>\
<body><h1>Forbidden</h1><p>REST API is disabled for this service.</p></body></html>\n";

async fn dispatch(State(app): State<Arc<App>>, request: Request) -> HttpReply {
    let _hold = app.device.hold();
    // The device counts as served for as long as the client's keep-alive
    // connection lasts, so an evicting device is built once per client
    // session rather than once per request.
    if let Some(scope) = request.extensions().get::<ConnectionScope>() {
        scope.keep_first(|| app.device.hold());
    }
    serve(&app, request).await.unwrap_or_else(HttpReply::from)
}

async fn serve(app: &App, request: Request) -> HttpResult {
    let (parts, body) = request.into_parts();
    let rest_path = rest_path(&parts.uri).ok_or_else(not_found)?;
    if app.settings.disabled {
        let mut r = Response::new(Body::from(DISABLED_PAGE));
        *r.status_mut() = StatusCode::FORBIDDEN;
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        return Ok(r);
    }
    match parts.method {
        Method::OPTIONS => {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            return Ok(r);
        }
        Method::GET | Method::PUT | Method::PATCH | Method::DELETE | Method::POST => {}
        _ => return Err(error(501, None)),
    }
    let peer = parts.extensions.get::<PeerAddr>().map(|p| p.0.ip());
    let (session, lane) = app.login(&parts.headers, peer)?;
    // Accepted credentials make the connection authenticated for the
    // listener's fair admission (out of the pre-auth quota).
    if let Some(auth) = parts.extensions.get::<AuthHandle>() {
        auth.mark_authenticated();
    }
    let args = read_body(&app.settings, &parts.method, &parts.headers, body).await?;
    let segments = decode_segments(rest_path)?;
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("router")
        .to_string();
    let request = RestRequest {
        method: parts.method,
        segments,
        query: query_pairs(&parts.uri),
        body: args,
        host,
    };

    // One request of a user at a time, as on the router.
    let generation = lane.closed.load(Ordering::SeqCst);
    let _turn = lane.serial.lock().await;
    if lane.closed.load(Ordering::SeqCst) != generation {
        return Err(bad_request(SESSION_CLOSED));
    }
    let handler = Handler {
        app,
        session: &session,
    };
    match handler.handle(&request) {
        Handled::Reply(r) => r,
        Handled::Endless => {
            tokio::time::sleep(app.settings.command_limit).await;
            lane.closed.fetch_add(1, Ordering::SeqCst);
            Err(bad_request(SESSION_CLOSED))
        }
    }
}

/// A REST request target (`/rest/ip/address/*1?.proplist=address`) as
/// the front end reads it: the decoded path segments after `/rest` and the
/// query pairs, or the status and detail it refuses the target with. The
/// server uses the same steps; this entry point exists for the fuzz target
/// (`fuzz/fuzz_targets/rest_path.rs`).
///
/// ```
/// use routerctl_mikrotik::sim::rest_server::parse_target;
/// let (segments, query) = parse_target("/rest/ip/address?disabled=false").unwrap();
/// assert_eq!(segments, ["ip", "address"]);
/// assert_eq!(query, [("disabled".to_string(), "false".to_string())]);
/// assert_eq!(parse_target("/other").unwrap_err().0, 404);
/// ```
#[allow(clippy::type_complexity)]
pub fn parse_target(
    target: &str,
) -> Result<(Vec<String>, Vec<(String, String)>), (u16, Option<String>)> {
    let uri: Uri = target.parse().map_err(|_| (400, None))?;
    let path = rest_path(&uri).ok_or((404, None))?;
    let segments = decode_segments(path).map_err(|r| (r.status, r.detail))?;
    Ok((segments, query_pairs(&uri)))
}

/// The part of the path after `/rest`, or `None` for other paths.
fn rest_path(uri: &Uri) -> Option<&str> {
    let path = uri.path();
    let rest = path.strip_prefix("/rest")?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// Split and percent-decode the path. RouterOS reads `*` literally and does
/// not decode `%2A`, which therefore names nothing.
fn decode_segments(path: &str) -> HttpResult<Vec<String>> {
    let mut out = Vec::new();
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        if raw.to_ascii_uppercase().contains("%2A") {
            return Err(bad_request("no such command prefix"));
        }
        let bytes = percent_decode(raw).ok_or_else(|| bad_request("no such command prefix"))?;
        let text = String::from_utf8(bytes).map_err(|_| bad_request("no such command prefix"))?;
        out.push(text);
    }
    Ok(out)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

/// Query-string pairs, decoded, in order. Unparseable strings give none.
fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|q| q.0)
        .unwrap_or_default()
}

/// The arguments a request body carries.
#[derive(Debug, Default)]
struct BodyArgs {
    args: Attributes,
    /// `.proplist` (string or list), comma-joined.
    proplist: Option<String>,
    /// `.query` words.
    query: Vec<Bytes>,
}

/// Check the content type and size, read the body within its time limit
/// and parse it the lenient RouterOS way.
async fn read_body(
    settings: &RestSettings,
    method: &Method,
    headers: &HeaderMap,
    body: Body,
) -> HttpResult<BodyArgs> {
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let chunked = headers.contains_key(header::TRANSFER_ENCODING);
    let has_body = chunked || announced.is_some_and(|n| n > 0);
    if !has_body {
        return Ok(BodyArgs::default());
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(error(415, None));
    }
    let bytes = match read_limited(body, &settings.limits()).await {
        Ok(b) => b,
        Err(BodyError::TimedOut) => return Err(error(408, None)),
        Err(BodyError::TooLarge { .. }) => return Err(error(413, None)),
        Err(BodyError::Broken(_)) => return Err(bad_request(PARSE_FAILED)),
    };
    if *method == Method::GET || *method == Method::DELETE {
        // A body on GET/DELETE means nothing to the console.
        return Ok(BodyArgs::default());
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(BodyArgs::default());
    }
    let members = match body::parse(&bytes) {
        Ok(BodyValue::Object(m)) => m,
        _ => return Err(bad_request(PARSE_FAILED)),
    };
    let mut out = BodyArgs::default();
    for (key, value) in members {
        match key.as_str() {
            ".proplist" => {
                out.proplist = Some(joined(&value).ok_or_else(|| bad_request(PARSE_FAILED))?)
            }
            ".query" => match value {
                BodyValue::List(items) => {
                    for item in items {
                        let word = item.as_text().ok_or_else(|| bad_request(PARSE_FAILED))?;
                        out.query.push(Bytes::from(word.to_owned()));
                    }
                }
                BodyValue::Text(t) => out.query.push(Bytes::from(t)),
                BodyValue::Object(_) => return Err(bad_request(PARSE_FAILED)),
            },
            _ => {
                let text = joined(&value)
                    .ok_or_else(|| bad_request(&format!("invalid value for argument {key}")))?;
                out.args.push(key, text);
            }
        }
    }
    Ok(out)
}

/// A scalar's text, or a list of scalars joined with commas.
fn joined(value: &BodyValue) -> Option<String> {
    match value {
        BodyValue::Text(t) => Some(t.clone()),
        BodyValue::List(items) => items
            .iter()
            .map(|i| i.as_text().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join(",")),
        BodyValue::Object(_) => None,
    }
}

impl App {
    /// HTTP Basic authentication against the device's users, with the
    /// login cached per user.
    fn login(
        &self,
        headers: &HeaderMap,
        peer: Option<std::net::IpAddr>,
    ) -> HttpResult<(Session, Arc<Lane>)> {
        let Some((user, password)) = basic_credentials(headers) else {
            return Err(Refusal {
                challenge: true,
                ..error(401, None)
            });
        };
        // `/user address`: checked on every request (the login cache is
        // per user, not per client), refused like a wrong password.
        if let Some(peer) = peer {
            if !self.device.login_allowed_from(user.as_bytes(), peer) {
                return Err(error(401, None));
            }
        }
        let now = Instant::now();
        let lane = self
            .lanes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&user)
            .cloned();
        if let Some(lane) = &lane {
            let mut cached = lane.login.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(c) = cached.as_ref() {
                // The cache lasts a fixed time from login (a hit does not
                // extend it) and only while the user's credentials are the
                // ones it logged in with: a password change, disable or
                // removal is seen on the next request.
                let fresh = now.duration_since(c.logged_in) < self.settings.login_cache;
                if !self.device.session_current(&c.session) {
                    if let Some(old) = cached.take() {
                        self.device.logout(&old.session);
                    }
                } else if fresh && same_secret(&c.password, &password) {
                    return Ok((c.session.clone(), lane.clone()));
                }
            }
        }
        // Check first without recording a login: a group with `rest-api`
        // but without `api` is refused after the password check.
        let Some(probe) =
            self.device
                .authenticate_via(user.as_bytes(), &password, "rest-api", false)
        else {
            return Err(error(401, None));
        };
        if !probe.may("api") {
            return Err(error(500, Some(NOT_ALLOWED)));
        }
        let session = self
            .device
            .authenticate_via(user.as_bytes(), &password, "rest-api", true)
            .unwrap_or(probe);
        let mut lanes = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
        self.expire_logins(&lanes, now);
        let lane = lanes
            .entry(user)
            .or_insert_with(|| {
                Arc::new(Lane {
                    serial: tokio::sync::Mutex::new(()),
                    closed: AtomicU64::new(0),
                    login: Mutex::new(None),
                })
            })
            .clone();
        let previous = lane
            .login
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .replace(CachedLogin {
                password,
                session: session.clone(),
                logged_in: now,
            });
        if let Some(old) = previous {
            self.device.logout(&old.session);
        }
        Ok((session, lane))
    }

    /// Log out cached logins older than the cache time.
    fn expire_logins(&self, lanes: &HashMap<String, Arc<Lane>>, now: Instant) {
        for lane in lanes.values() {
            let mut login = lane.login.lock().unwrap_or_else(|p| p.into_inner());
            let stale = login
                .as_ref()
                .is_some_and(|c| now.duration_since(c.logged_in) >= self.settings.login_cache);
            if stale {
                if let Some(old) = login.take() {
                    self.device.logout(&old.session);
                }
            }
        }
    }
}

/// User and password of an `Authorization: Basic` header.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, Vec<u8>)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(token.trim())
        .ok()?;
    let colon = decoded.iter().position(|&b| b == b':')?;
    let user = String::from_utf8(decoded.get(..colon)?.to_vec()).ok()?;
    let password = decoded.get(colon + 1..)?.to_vec();
    Some((user, password))
}

struct RestRequest {
    method: Method,
    segments: Vec<String>,
    query: Vec<(String, String)>,
    body: BodyArgs,
    host: String,
}

enum Handled {
    Reply(HttpResult),
    /// The command would run forever; the caller answers `Session closed`
    /// once the time limit has passed.
    Endless,
}

/// What a finished command gave.
#[derive(Default)]
struct Answer {
    rows: Vec<Attributes>,
    done: Attributes,
    traps: Vec<Trap>,
}

enum Ran {
    Finished(Answer),
    Endless,
}

struct Handler<'a> {
    app: &'a App,
    session: &'a Session,
}

/// Where a path points.
enum Target<'a> {
    /// A menu (`/ip/address`).
    Menu(&'static Menu, String),
    /// A record of a menu, by `.id` or name.
    Record(&'static Menu, String, &'a str),
    /// A command of a menu or directory (`/ip/address/print`, `/ping`).
    Command,
    /// A directory that is not a menu (`/ip`).
    Directory,
    /// Nothing the device knows.
    Unknown(String),
}

impl Handler<'_> {
    fn handle(&self, req: &RestRequest) -> Handled {
        let reply = match req.method {
            Method::GET => self.get(req),
            Method::PUT => self.put(req),
            Method::PATCH => self.patch(req),
            Method::DELETE => self.delete(req),
            _ => return self.post(req),
        };
        Handled::Reply(reply)
    }

    fn target<'r>(&self, segments: &'r [String]) -> Target<'r> {
        let full = join_path(segments);
        if let Some(m) = menus::menu(&full) {
            return Target::Menu(m, full);
        }
        if let Some((last, parent)) = segments.split_last() {
            let parent_path = join_path(parent);
            if let Some(m) = menus::menu(&parent_path) {
                if m.accepts(last) || is_generic_command(last) {
                    return Target::Command;
                }
                return Target::Record(m, parent_path, last.as_str());
            }
            if DIRECTORY_COMMANDS
                .iter()
                .any(|(dir, cmds)| *dir == parent_path && cmds.contains(&last.as_str()))
            {
                return Target::Command;
            }
        }
        if menus::is_directory(&full) {
            return Target::Directory;
        }
        Target::Unknown(full)
    }

    /// Run a command to its end; endless commands are reported as such.
    fn run(&self, command: &str, args: &Attributes, queries: &[Bytes]) -> Ran {
        let replies = match self
            .app
            .device
            .run(self.session, command.as_bytes(), args, queries)
        {
            Outcome::Done(r) => r,
            Outcome::Stream(s) if s.is_endless() => return Ran::Endless,
            Outcome::Stream(s) => s.finish_now(),
        };
        let mut answer = Answer::default();
        for reply in replies {
            match reply {
                Reply::Re(row) => answer.rows.push(row),
                Reply::Done { ret, attributes } => {
                    if let Some(ret) = ret {
                        if !attributes.contains("ret") {
                            answer.done.push("ret", ret);
                        }
                    }
                    for (k, v) in attributes.iter() {
                        answer.done.push(k.clone(), v.clone());
                    }
                }
                Reply::Trap(t) => answer.traps.push(t),
                Reply::Empty | Reply::Fatal { .. } => {}
            }
        }
        Ran::Finished(answer)
    }

    /// Run a command that cannot be endless (print, add, set, remove);
    /// a trap becomes the REST error.
    fn run_finished(
        &self,
        command: &str,
        args: &Attributes,
        queries: &[Bytes],
    ) -> HttpResult<Answer> {
        match self.run(command, args, queries) {
            Ran::Finished(a) => match a.traps.first() {
                Some(t) => Err(self.trap_error(t)),
                None => Ok(a),
            },
            Ran::Endless => Err(bad_request(SESSION_CLOSED)),
        }
    }

    /// The console's trap as a REST error.
    fn trap_error(&self, trap: &Trap) -> Refusal {
        let text = trap.message_lossy();
        if text.contains("not enough permissions") {
            return error(500, Some(&text));
        }
        if text.starts_with("no such command or directory") && self.app.settings.legacy_statuses {
            return error(406, Some(&text));
        }
        bad_request(&text)
    }

    /// The trap an unknown path gives on the console (`no such command or
    /// directory (x)`), as a REST error.
    fn unknown_path(&self, full: &str, command: &str) -> Refusal {
        match self.run(&format!("{full}/{command}"), &Attributes::new(), &[]) {
            Ran::Finished(a) => match a.traps.first() {
                Some(t) => self.trap_error(t),
                None => bad_request("no such command"),
            },
            Ran::Endless => bad_request("no such command"),
        }
    }

    /// A command a menu does not have, the REST way.
    fn unknown_command(&self, command: &str) -> Refusal {
        let status = if self.app.settings.legacy_statuses {
            406
        } else {
            400
        };
        error(
            status,
            Some(&format!("no such command or directory ({command})")),
        )
    }

    fn get(&self, req: &RestRequest) -> HttpResult {
        let proplist = req
            .query
            .iter()
            .rev()
            .find(|(k, _)| k == ".proplist")
            .map(|(_, v)| v.as_str());
        match self.target(&req.segments) {
            Target::Menu(menu, path) => {
                let mut args = Attributes::new();
                if let Some(p) = proplist {
                    args.push(".proplist", list_proplist(menu, p));
                }
                let queries: Vec<Bytes> = req
                    .query
                    .iter()
                    .filter(|(k, _)| k != ".proplist")
                    .map(|(k, v)| Bytes::from(format!("{k}={}", filter_value(menu, k, v))))
                    .collect();
                let answer = self.run_finished(&format!("{path}/print"), &args, &queries)?;
                if menu.singleton && !self.app.settings.singleton_as_list {
                    let row = answer.rows.into_iter().next().unwrap_or_default();
                    Ok(json_response(200, render_object(&row, self.raw())))
                } else {
                    Ok(json_response(200, render_list(&answer.rows, self.raw())))
                }
            }
            Target::Record(menu, path, key) => {
                let row = self.lookup(menu, &path, key, proplist)?;
                Ok(json_response(200, render_object(&row, self.raw())))
            }
            Target::Command | Target::Directory => Err(bad_request("no such command")),
            Target::Unknown(full) => Err(self.unknown_path(&full, "print")),
        }
    }

    /// One record of a list menu by `.id` or name. `print =from=` picks
    /// the row before anything is rendered, so a lookup costs one row, not
    /// the whole menu.
    fn lookup(
        &self,
        menu: &Menu,
        path: &str,
        key: &str,
        proplist: Option<&str>,
    ) -> HttpResult<Attributes> {
        if menu.singleton {
            return Err(bad_request(&format!(
                "no such command or directory ({key})"
            )));
        }
        if !key.starts_with('*') && menu.name_key.is_none() {
            return Err(bad_request("no such command prefix"));
        }
        if key.is_empty() || key.contains(',') {
            return Err(not_found());
        }
        let mut args = Attributes::new();
        args.push("from", key.to_string());
        if let Some(p) = proplist {
            args.push(".proplist", p.to_string());
        }
        let answer = match self.run(&format!("{path}/print"), &args, &[]) {
            Ran::Finished(a) => a,
            Ran::Endless => return Err(bad_request(SESSION_CLOSED)),
        };
        match answer.traps.first() {
            Some(t) if t.message.starts_with(b"no such item") => Err(not_found()),
            Some(t) => Err(self.trap_error(t)),
            None => answer.rows.into_iter().next().ok_or_else(not_found),
        }
    }

    /// The `.id` of a record named in a URL.
    fn resolve_id(&self, menu: &Menu, path: &str, key: &str) -> HttpResult<Bytes> {
        let row = self.lookup(menu, path, key, Some(".id"))?;
        row.get(".id")
            .map(Bytes::copy_from_slice)
            .ok_or_else(not_found)
    }

    fn put(&self, req: &RestRequest) -> HttpResult {
        let (menu, path) = match self.target(&req.segments) {
            Target::Menu(m, p) if !m.singleton && m.accepts("add") => (m, p),
            Target::Menu(..) => return Err(self.unknown_command("add")),
            Target::Unknown(full) => return Err(self.unknown_path(&full, "add")),
            _ => return Err(bad_request("no such command")),
        };
        let answer = self.run_finished(&format!("{path}/add"), &req.body.args, &[])?;
        let id = answer
            .done
            .get_str("ret")
            .map(|s| s.into_owned())
            .ok_or_else(|| bad_request("failure: item was not added"))?;
        let row = self.lookup(menu, &path, &id, None)?;
        let status = if self.app.settings.legacy_statuses {
            200
        } else {
            201
        };
        let mut r = json_response(status, render_object(&row, self.raw()));
        let location = format!(
            "{}://{}/rest{}/{}",
            self.app.scheme,
            req.host,
            path,
            crate::rest::path::encode_component(&id)
        );
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        Ok(r)
    }

    /// The menu and record a PATCH or DELETE names; anything else has no
    /// resource identifier.
    fn record_target<'r>(
        &self,
        req: &'r RestRequest,
        command: &str,
    ) -> HttpResult<(&'static Menu, String, &'r str)> {
        match self.target(&req.segments) {
            Target::Record(m, p, k) if m.accepts(command) => Ok((m, p, k)),
            Target::Unknown(full) => Err(self.unknown_path(&full, command)),
            _ => Err(bad_request(NO_ID)),
        }
    }

    fn patch(&self, req: &RestRequest) -> HttpResult {
        let (menu, path, key) = self.record_target(req, "set")?;
        let id = self.resolve_id(menu, &path, key)?;
        let mut args = Attributes::new();
        args.push(".id", id.clone());
        for (k, v) in req.body.args.iter() {
            if k.as_ref() != b".id" {
                args.push(k.clone(), v.clone());
            }
        }
        self.run_finished(&format!("{path}/set"), &args, &[])?;
        let row = self.lookup(menu, &path, &String::from_utf8_lossy(&id), None)?;
        Ok(json_response(200, render_object(&row, self.raw())))
    }

    fn delete(&self, req: &RestRequest) -> HttpResult {
        let (menu, path, key) = self.record_target(req, "remove")?;
        let id = self.resolve_id(menu, &path, key)?;
        let mut args = Attributes::new();
        args.push(".id", id);
        self.run_finished(&format!("{path}/remove"), &args, &[])?;
        if self.app.settings.legacy_statuses {
            return Ok(json_response(200, "[]"));
        }
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NO_CONTENT;
        Ok(r)
    }

    fn post(&self, req: &RestRequest) -> Handled {
        let Some((command, parent)) = req.segments.split_last() else {
            return Handled::Reply(Err(bad_request("no such command")));
        };
        if let Some(menu) = menus::menu(&join_path(parent)) {
            if !menu.accepts(command) && !is_generic_command(command) {
                return Handled::Reply(Err(self.unknown_command(command)));
            }
        }
        let mut args = req.body.args.clone();
        if let Some(p) = &req.body.proplist {
            args.push(".proplist", p.clone());
        }
        let full = join_path(&req.segments);
        let answer = match self.run(&full, &args, &req.body.query) {
            Ran::Endless => return Handled::Endless,
            Ran::Finished(a) => a,
        };
        if let Some(t) = answer.traps.first() {
            return Handled::Reply(Err(self.trap_error(t)));
        }
        let text = if !answer.rows.is_empty() {
            render_list(&answer.rows, self.raw())
        } else if !answer.done.is_empty() {
            render_object(&answer.done, self.raw())
        } else {
            b"[]".to_vec()
        };
        Handled::Reply(Ok(json_response(200, text)))
    }

    fn raw(&self) -> bool {
        self.app.settings.raw_control_chars
    }
}

/// The `.proplist` of a list GET: 7.2x always returns `.id` on lists.
fn list_proplist(menu: &Menu, proplist: &str) -> String {
    if menu.singleton || proplist.split(',').any(|x| x == ".id") {
        proplist.to_string()
    } else if proplist.is_empty() {
        ".id".to_string()
    } else {
        format!(".id,{proplist}")
    }
}

/// Commands every menu answers to besides its schema's list.
fn is_generic_command(name: &str) -> bool {
    matches!(
        name,
        "print" | "getall" | "listen" | "export" | "find" | "get"
    )
}

fn join_path(segments: &[String]) -> String {
    let mut p = String::new();
    for s in segments {
        p.push('/');
        p.push_str(s);
    }
    p
}

/// A query-string filter value as the console stores it: REST accepts
/// `yes`/`no` for booleans, stored as `true`/`false`.
fn filter_value<'v>(menu: &Menu, name: &str, value: &'v str) -> &'v str {
    let is_bool = menu
        .prop(name)
        .is_some_and(|p| matches!(p.kind, Kind::Bool));
    match (is_bool, value) {
        (true, "yes") => "true",
        (true, "no") => "false",
        _ => value,
    }
}

/// A record as a JSON object, keys in alphabetical order as RouterOS
/// sends them, every value a string.
fn write_object(out: &mut Vec<u8>, row: &Attributes, raw: bool) {
    let mut pairs: Vec<(&Bytes, &Bytes)> = row.iter().collect();
    // Names are unique within a record, so an unstable sort is exact.
    pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
    out.push(b'{');
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_string(out, k, raw);
        out.push(b':');
        write_string(out, v, raw);
    }
    out.push(b'}');
}

fn render_object(row: &Attributes, raw: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * row.len() + 2);
    write_object(&mut out, row, raw);
    out
}

fn render_list(rows: &[Attributes], raw: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows.len() * 256 + 2);
    out.push(b'[');
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_object(&mut out, row, raw);
    }
    out.push(b']');
    out
}

/// A JSON string. RouterOS does no transcoding, so bytes that are not
/// UTF-8 (a cp1252 comment) go out as they are stored, as the router sends
/// them; the client reads them back byte for byte. Control characters are
/// escaped unless `raw` asks for the quirk of older builds.
fn write_string(out: &mut Vec<u8>, bytes: &[u8], raw: bool) {
    out.push(b'"');
    // Runs that need no escape (nearly every value) are copied whole.
    let plain = |b: u8| b != b'"' && b != b'\\' && (raw || b >= 0x20);
    let mut rest = bytes;
    while let Some(i) = rest.iter().position(|&b| !plain(b)) {
        let Some((run, tail)) = rest.split_at_checked(i) else {
            break;
        };
        out.extend_from_slice(run);
        let Some((&b, after)) = tail.split_first() else {
            break;
        };
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
        rest = after;
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped_and_bytes_kept() {
        let mut s = Vec::new();
        write_string(&mut s, b"a\"b\\c\nd\x1b\xff", false);
        assert_eq!(s, b"\"a\\\"b\\\\c\\nd\\u001b\xff\"");
        let mut ok = Vec::new();
        write_string(&mut ok, "é\x01".as_bytes(), false);
        let v: serde_json::Value = serde_json::from_slice(&ok).unwrap();
        assert_eq!(v, "é\u{1}");
        let mut raw = Vec::new();
        write_string(&mut raw, b"a\x1bb", true);
        assert_eq!(raw, b"\"a\x1bb\"");
    }

    #[test]
    fn objects_sort_keys() {
        let row: Attributes = [("name", "x"), (".id", "*1"), ("disabled", "false")]
            .into_iter()
            .collect();
        assert_eq!(
            render_object(&row, false),
            br#"{".id":"*1","disabled":"false","name":"x"}"#
        );
        assert_eq!(render_list(&[], false), b"[]");
    }

    #[test]
    fn paths() {
        let uri: Uri = "/rest/ip/address/*1?.proplist=a".parse().unwrap();
        assert_eq!(rest_path(&uri), Some("/ip/address/*1"));
        assert_eq!(rest_path(&"/restx".parse().unwrap()), None);
        assert_eq!(
            decode_segments("/file/flash%2Fbackup.rsc").ok(),
            Some(vec!["file".to_string(), "flash/backup.rsc".to_string()])
        );
        assert!(decode_segments("/ip/address/%2A1").is_err());
        assert!(decode_segments("/ip/%zz").is_err());
    }

    #[test]
    fn basic_auth_header() {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic YWRtaW46cDpx"),
        );
        assert_eq!(
            basic_credentials(&h),
            Some(("admin".to_string(), b"p:q".to_vec()))
        );
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer x"));
        assert_eq!(basic_credentials(&h), None);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic !!"));
        assert_eq!(basic_credentials(&h), None);
    }
}
