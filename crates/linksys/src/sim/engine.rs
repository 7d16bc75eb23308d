//! [`LinksysSim`]: one simulated router answering JNAP requests without any
//! I/O — the action header, the authorization header and the body go in, a
//! [`Reply`] comes out — so the protocol can be tested without sockets.

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use serde_json::{Value, json};

use routerctl_kit::sim::resident::{self, Resident};

use super::config::{Generation, SimConfig};
use super::context::{Auth, Ctx};
use super::input::object;
use super::registry;
use super::state::{DeviceState, Lockout};
use crate::wire::{ADMIN_USER, ActionName, Reply, TRANSACTION, result};

/// The `error` text of an injected failure (a simulator choice).
pub const VENDOR_ERROR_MESSAGE: &str = "the router could not complete the action";

/// Most entries one `core/Transaction` may carry (**inferred** limit).
pub const MAX_TRANSACTION_ENTRIES: usize = 64;

/// A simulated Linksys router; clones share one device.
///
/// ```
/// use routerctl_linksys::sim::{Generation, LinksysSim, SimConfig};
/// let sim = LinksysSim::new(SimConfig::new(Generation::Velop, "secret"));
/// let reply = sim.handle(Some("http://linksys.com/jnap/core/GetDeviceInfo"), None, b"{}");
/// assert_eq!(reply.result, "OK");
/// let reply = sim.handle(Some("core/Reboot"), None, b"{}");
/// assert_eq!(reply.result, "_ErrorUnauthorized");
/// ```
#[derive(Debug, Clone)]
pub struct LinksysSim {
    inner: Arc<Inner>,
}

/// The settings, and the state built from them on first use (and
/// dropped again after unchanged requests with
/// [`SimConfig::evict_idle`], once more states are built in the process
/// than [`routerctl_kit::sim::resident`]'s budget allows).
#[derive(Debug)]
struct Inner {
    config: SimConfig,
    booted: SystemTime,
    /// The state, counted in the process-wide budget of resident states.
    state: Mutex<Option<(DeviceState, Resident)>>,
    /// Requests inside or waiting for the lock: only the last one drops
    /// the state.
    busy: AtomicUsize,
    /// An action that may change the router ran: keep its state.
    dirty: AtomicBool,
}

/// The state, locked, built if it was not; dropped on release when the
/// router is idle, unchanged and set to evict.
struct Held<'a> {
    inner: &'a Inner,
    guard: MutexGuard<'a, Option<(DeviceState, Resident)>>,
}

impl Deref for Held<'_> {
    type Target = DeviceState;
    fn deref(&self) -> &DeviceState {
        match self.guard.as_ref() {
            Some((state, _)) => state,
            None => unreachable!("LinksysSim::lock builds the state before handing it out"),
        }
    }
}

impl DerefMut for Held<'_> {
    fn deref_mut(&mut self) -> &mut DeviceState {
        match self.guard.as_mut() {
            Some((state, _)) => state,
            None => unreachable!("LinksysSim::lock builds the state before handing it out"),
        }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if self.inner.busy.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.inner.evict_if_idle(&mut self.guard);
        }
    }
}

impl Inner {
    /// Drop the state when nothing is being served, nothing changed and
    /// more states are built than the budget allows.
    fn evict_if_idle(&self, state: &mut Option<(DeviceState, Resident)>) {
        let pristine = state
            .as_ref()
            .is_some_and(|(s, _)| s.lockout == Lockout::default() && s.reboots == 0);
        if self.busy.load(Ordering::Acquire) == 0
            && self.config.evict_idle
            && pristine
            && !self.dirty.load(Ordering::Acquire)
            && resident::over_budget()
        {
            *state = None;
        }
    }
}

/// A connection being served ([`LinksysSim::hold`]): the state is not
/// dropped while one lives.
#[derive(Debug)]
pub struct ConnectionHold {
    inner: Arc<Inner>,
}

impl Drop for ConnectionHold {
    fn drop(&mut self) {
        let inner = &*self.inner;
        if inner.busy.fetch_sub(1, Ordering::AcqRel) == 1 {
            let mut guard = inner.state.lock().unwrap_or_else(|p| p.into_inner());
            inner.evict_if_idle(&mut guard);
        }
    }
}

/// Whether calling `action` with `input` may change the router: anything
/// but reads (`Get...`, `Is...`), and a transaction holding anything but
/// reads. Password checks count as changes when they fail (the lock-out
/// remembers), which [`Held`] sees by itself.
fn may_change(action: &str, input: &Value) -> bool {
    let read = |a: &str| {
        let short = a.rsplit('/').next().unwrap_or(a);
        ["Get", "Is", "CheckAdminPassword"]
            .iter()
            .any(|p| short.starts_with(p))
    };
    if action.ends_with(TRANSACTION) {
        return match input {
            Value::Array(entries) => entries.iter().any(|e| {
                e.get("action")
                    .and_then(Value::as_str)
                    .is_none_or(|a| !read(a))
            }),
            _ => false,
        };
    }
    !read(action)
}

/// Read `X-JNAP-Authorization`.
pub fn parse_auth(header: Option<&str>) -> Auth {
    let Some(header) = header else {
        return Auth::Missing;
    };
    let Some((scheme, token)) = header.trim().split_once(' ') else {
        return Auth::Malformed;
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Auth::Malformed;
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(token.trim()) else {
        return Auth::Malformed;
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Auth::Malformed;
    };
    match text.split_once(':') {
        Some((user, password)) => Auth::Basic {
            user: user.to_string(),
            password: routerctl_core::Secret::new(password),
        },
        None => Auth::Malformed,
    }
}

fn authorized(state: &DeviceState, auth: &Auth) -> bool {
    match auth {
        Auth::Basic { user, password } => {
            user == ADMIN_USER && state.password_matches(password.expose())
        }
        _ => false,
    }
}

/// `_ErrorUnknownAction` naming the action in single quotes, as routers do.
fn unknown(action: &str) -> Reply {
    let shown: String = action
        .chars()
        .filter(|c| !c.is_control())
        .take(crate::wire::MAX_ACTION_LEN)
        .collect();
    Reply::failure(
        result::UNKNOWN_ACTION,
        Some(format!("Unknown action '{shown}'")),
    )
}

fn run(state: &mut DeviceState, name: &ActionName, input: &Value, auth: &Auth) -> Reply {
    let Some(def) = registry::find(&state.services, name.short()) else {
        *state.requests.entry("(unknown)".to_string()).or_default() += 1;
        return unknown(&name.uri());
    };
    *state.requests.entry(def.name.to_string()).or_default() += 1;
    if !def.own_auth && !state.is_open(&name.family()) && !authorized(state, auth) {
        return Reply::failure(result::UNAUTHORIZED, None);
    }
    if state.vendor_error && !name.short().starts_with("core/CheckAdminPassword") {
        return Reply::failure(result::UNEXPECTED, Some(VENDOR_ERROR_MESSAGE.to_string()));
    }
    let version = name.base_and_version().1;
    // A failed action leaves the router as it was; only the password
    // lock-out (own_auth) must remember a failure.
    let backup = (!def.own_auth).then(|| state.clone());
    let mut ctx = Ctx {
        state,
        version,
        auth,
    };
    match (def.handler)(&mut ctx, input) {
        Ok(done) => Reply {
            result: result::OK.to_string(),
            output: Some(done.output),
            error: None,
            side_effects: done.side_effects.iter().map(|s| s.to_string()).collect(),
            responses: None,
        },
        Err(failure) => {
            if let Some(backup) = backup {
                *state = backup;
            }
            Reply::failure(&failure.result, failure.error)
        }
    }
}

fn transaction(state: &mut DeviceState, input: &Value, auth: &Auth) -> Reply {
    if !state.is_open(TRANSACTION) && !authorized(state, auth) {
        return Reply::failure(result::UNAUTHORIZED, None);
    }
    let Value::Array(entries) = input else {
        return Reply::failure(
            result::INVALID_INPUT,
            Some("core/Transaction input must be an array of {action, request} objects".into()),
        );
    };
    if entries.len() > MAX_TRANSACTION_ENTRIES {
        return Reply::failure(
            result::INVALID_INPUT,
            Some(format!(
                "core/Transaction has {} entries (at most {MAX_TRANSACTION_ENTRIES})",
                entries.len()
            )),
        );
    }
    let empty = json!({});
    let mut calls = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let path = format!("[{i}]");
        let parsed = object(entry, &path, &["action", "request"]).and_then(|e| {
            let action = e.str("action")?;
            let request = e.opt_value("request").unwrap_or(&empty);
            Ok((action, request))
        });
        match parsed {
            Ok(call) => calls.push(call),
            Err(failure) => return Reply::failure(&failure.result, failure.error),
        }
    }
    let mut responses = Vec::with_capacity(calls.len());
    let mut failed = false;
    for (action, request) in calls {
        let reply = match ActionName::parse(action) {
            Ok(name) if name.short() == TRANSACTION => Reply::failure(
                result::INVALID_INPUT,
                Some("core/Transaction cannot be nested".into()),
            ),
            Ok(name) => run(state, &name, request, auth),
            Err(_) => unknown(action),
        };
        let ok = reply.is_ok();
        responses.push(reply);
        if !ok {
            failed = true;
            break;
        }
    }
    Reply {
        result: if failed { result::ERROR } else { result::OK }.to_string(),
        output: None,
        error: None,
        side_effects: Vec::new(),
        responses: Some(responses),
    }
}

impl LinksysSim {
    /// A freshly booted router as `config` describes.
    /// Its state is built on first use.
    pub fn new(config: SimConfig) -> Self {
        Self {
            inner: Arc::new(Inner {
                config,
                booted: SystemTime::now(),
                state: Mutex::new(None),
                busy: AtomicUsize::new(0),
                dirty: AtomicBool::new(false),
            }),
        }
    }

    fn lock(&self) -> Held<'_> {
        let inner = &*self.inner;
        inner.busy.fetch_add(1, Ordering::AcqRel);
        // Handlers never panic on input; if one did, the state is still a
        // consistent value, so keep serving.
        let mut guard = inner.state.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            let mut state = DeviceState::new(&inner.config);
            // Booted when the router was made, so a rebuilt state is the
            // one that was dropped.
            state.booted = inner.booted;
            *guard = Some((state, Resident::new()));
        }
        Held { inner, guard }
    }

    /// Count a connection as being served until the returned guard drops
    /// (the HTTP server keeps one per keep-alive connection), so an
    /// evicting router keeps its state across one client's requests.
    pub fn hold(&self) -> ConnectionHold {
        self.inner.busy.fetch_add(1, Ordering::AcqRel);
        ConnectionHold {
            inner: self.inner.clone(),
        }
    }

    /// Note that something that may change the router is about to run.
    fn touch(&self) {
        self.inner.dirty.store(true, Ordering::Release);
    }

    /// Whether the state is built now (tests of eviction).
    pub fn is_built(&self) -> bool {
        let guard = self.inner.state.lock().unwrap_or_else(|p| p.into_inner());
        guard.is_some()
    }

    /// Answer one request: the `X-JNAP-Action` and `X-JNAP-Authorization`
    /// header values and the body (at most [`crate::wire::MAX_BODY`]
    /// bytes; the HTTP layer refuses larger ones).
    pub fn handle(&self, action: Option<&str>, authorization: Option<&str>, body: &[u8]) -> Reply {
        let mut state = self.lock();
        state.catch_up();
        let auth = parse_auth(authorization);
        let Some(action) = action else {
            return Reply::failure(
                result::UNKNOWN_ACTION,
                Some("missing X-JNAP-Action header".into()),
            );
        };
        let Ok(name) = ActionName::parse(action) else {
            return unknown(action);
        };
        let input: Value = match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => {
                return Reply::failure(
                    result::INVALID_INPUT,
                    Some(format!("request body is not JSON: {e}")),
                );
            }
        };
        if may_change(name.short(), &input) {
            self.touch();
        }
        if name.short() == TRANSACTION {
            return transaction(&mut state, &input, &auth);
        }
        run(&mut state, &name, &input, &auth)
    }

    /// Which firmware generation is simulated.
    pub fn generation(&self) -> Generation {
        self.lock().generation
    }

    /// Let `by` pass on the simulated clock (roaming clients join and
    /// leave, delays and lock-outs run out).
    pub fn advance_clock(&self, by: Duration) {
        self.touch();
        self.lock().clock.advance(by);
    }

    /// A client joins (`true`) or leaves; false for an unknown MAC or no
    /// change.
    pub fn set_online(&self, mac: &str, online: bool) -> bool {
        self.touch();
        self.lock().set_online(mac, online)
    }

    /// Reboots so far (by `core/Reboot` or a firmware install).
    pub fn reboots(&self) -> u32 {
        self.lock().reboots
    }

    /// How many times `action` (`service/Action` with version suffix) was
    /// called, alone or inside transactions.
    pub fn request_count(&self, action: &str) -> u64 {
        self.lock().requests.get(action).copied().unwrap_or(0)
    }

    /// Read the state, for tests and tools.
    pub fn inspect<T>(&self, f: impl FnOnce(&DeviceState) -> T) -> T {
        f(&self.lock())
    }

    /// Every action this router answers (`service/Action` with version).
    pub fn answered_actions(&self) -> Vec<&'static str> {
        let state = self.lock();
        registry::answered(&state.services)
            .map(|a| a.name)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(password: &str) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("admin:{password}"))
        )
    }

    #[test]
    fn auth_headers_parse() {
        assert_eq!(parse_auth(None), Auth::Missing);
        assert_eq!(parse_auth(Some("Bearer x")), Auth::Malformed);
        assert_eq!(parse_auth(Some("Basic !!!")), Auth::Malformed);
        assert_eq!(
            parse_auth(Some(&basic("a:b"))),
            Auth::Basic {
                user: "admin".into(),
                password: routerctl_core::Secret::new("a:b")
            }
        );
    }

    #[test]
    fn debug_output_hides_the_password() {
        let sim = LinksysSim::new(SimConfig::new(Generation::Velop, "hunter2-secret"));
        assert!(!format!("{sim:?}").contains("hunter2-secret"));
    }

    #[test]
    fn failed_actions_change_nothing() {
        let sim = LinksysSim::new(SimConfig::new(Generation::Velop, "secret"));
        let auth = basic("secret");
        let before = sim.inspect(|s| s.parental.clone());
        let body = br#"{"isParentalControlEnabled":true,"rules":[{"isEnabled":true,"description":"x","macAddresses":["C6:01:F7:79:3B:89"],"blockedURLs":[],"wanSchedule":{"sunday":"0","monday":"0","tuesday":"0","wednesday":"0","thursday":"0","friday":"0","saturday":"0"}}]}"#;
        let reply = sim.handle(
            Some("parentalcontrol/SetParentalControlSettings"),
            Some(&auth),
            body,
        );
        assert_eq!(reply.result, "ErrorInvalidWANSchedule");
        assert!(reply.error.unwrap().contains("rules[0].wanSchedule.sunday"));
        assert_eq!(sim.inspect(|s| s.parental.clone()), before);
    }

    #[test]
    fn transactions_stop_at_the_first_failure() {
        let sim = LinksysSim::new(SimConfig::new(Generation::Classic, "secret"));
        let body = br#"[{"action":"http://linksys.com/jnap/core/GetDeviceInfo","request":{}},
            {"action":"http://linksys.com/jnap/core/Reboot","request":{}},
            {"action":"http://linksys.com/jnap/core/GetDeviceInfo","request":{}}]"#;
        let reply = sim.handle(Some("core/Transaction"), None, body);
        assert_eq!(reply.result, "Error");
        let responses = reply.responses.unwrap();
        assert_eq!(responses.len(), 2);
        assert_eq!(responses[1].result, "_ErrorUnauthorized");
        assert_eq!(sim.reboots(), 0);
    }

    #[test]
    fn versions_beyond_the_services_are_unknown() {
        let sim = LinksysSim::new(SimConfig::new(Generation::Classic, "secret"));
        let reply = sim.handle(Some("router/GetWANStatus3"), None, b"{}");
        assert_eq!(reply.result, "_ErrorUnknownAction");
        assert_eq!(
            reply.error.as_deref(),
            Some("Unknown action 'http://linksys.com/jnap/router/GetWANStatus3'")
        );
        assert_eq!(
            sim.handle(Some("router/GetWANStatus2"), None, b"{}").result,
            "OK"
        );
    }

    #[test]
    fn an_evicting_router_is_rebuilt_as_it_was_and_kept_once_changed() {
        let mut config = SimConfig::new(Generation::Velop, "secret");
        config.evict_idle = true;
        let sim = LinksysSim::new(config);
        assert!(!sim.is_built(), "built on first use");
        let auth = basic("secret");
        let first = sim.handle(Some("core/GetDeviceInfo"), Some(&auth), b"{}");
        assert!(!sim.is_built(), "a read changes nothing: dropped");
        let again = sim.handle(Some("core/GetDeviceInfo"), Some(&auth), b"{}");
        assert_eq!(first.output, again.output);
        sim.handle(Some("core/Reboot"), Some(&auth), b"{}");
        assert!(sim.is_built(), "a write keeps the state");
        assert!(may_change(
            "core/Transaction",
            &json!([{"action": "core/Reboot"}])
        ));
        assert!(!may_change(
            "core/Transaction",
            &json!([{"action": "router/GetLANSettings"}])
        ));
    }

    #[test]
    fn vendor_error_fails_every_action_but_the_password_check() {
        let mut config = SimConfig::new(Generation::Velop, "secret");
        config.vendor_error = true;
        let sim = LinksysSim::new(config);
        let auth = basic("secret");
        let check = sim.handle(Some("core/CheckAdminPassword3"), Some(&auth), b"{}");
        assert_eq!(check.result, "OK");
        let info = sim.handle(Some("router/GetLANSettings"), Some(&auth), b"{}");
        assert_eq!(info.result, "_ErrorUnexpected");
        assert_eq!(info.error.as_deref(), Some(VENDOR_ERROR_MESSAGE));
        let wrong = sim.handle(Some("core/Reboot"), Some(&basic("nope")), b"{}");
        assert_eq!(
            wrong.result, "_ErrorUnauthorized",
            "a wrong password is still refused"
        );
    }

    #[test]
    fn a_held_connection_keeps_an_evicting_router_built_until_it_ends() {
        let mut config = SimConfig::new(Generation::Velop, "secret");
        config.evict_idle = true;
        let sim = LinksysSim::new(config);
        let connection = sim.hold();
        sim.handle(Some("core/GetDeviceInfo"), None, b"{}");
        assert!(sim.is_built(), "kept between the requests of a connection");
        drop(connection);
        assert!(!sim.is_built(), "dropped when the connection ends");
    }
}
