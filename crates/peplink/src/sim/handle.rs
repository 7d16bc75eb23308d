//! [`PeplinkSim`]: a shareable handle on one simulated router.
//!
//! The device state is built on first use, so a fleet of thousands of
//! simulated routers pays only for the ones reached; with
//! [`PeplinkSimConfig::evict_idle`] it is dropped again once no login
//! session is open and nothing was changed, once more states are built in
//! the process than [`routerctl_kit::sim::resident`]'s budget allows
//! (logins, API clients, tokens and counters are kept apart and survive).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use routerctl_kit::sim::resident::{self, Resident};

use super::auth::AuthState;
use super::call::{ApiReply, ApiRequest};
use super::config::PeplinkSimConfig;
use super::dispatch;
use super::state::{SimState, SimStats};

/// A simulated Peplink router; clones share one device.
///
/// ```
/// use routerctl_peplink::sim::{ApiRequest, PeplinkSim, PeplinkSimConfig};
/// let sim = PeplinkSim::new(PeplinkSimConfig::new("admin", "secret"));
/// let reply = sim.handle(&ApiRequest {
///     method: "GET".into(),
///     endpoint: "info.firmware".into(),
///     ..ApiRequest::default()
/// });
/// let body = reply.body.unwrap();
/// assert_eq!(body["stat"], "ok");
/// assert_eq!(body["response"]["order"], serde_json::json!([2]));
/// ```
#[derive(Debug, Clone)]
pub struct PeplinkSim {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: PeplinkSimConfig,
    booted: Instant,
    slot: Mutex<Slot>,
    /// Calls inside or waiting for the lock: the state is dropped only
    /// by the last of them.
    busy: AtomicUsize,
    /// A call that may change the device ran: its state is no longer what
    /// the seed gives, so it is kept.
    dirty: AtomicBool,
}

/// The state, or what of it outlives an eviction.
#[derive(Debug)]
enum Slot {
    /// Built, and counted in the process-wide budget of resident states.
    Built(Box<SimState>, Resident),
    Dormant(Dormant),
}

/// Everything but the device: it is not rebuilt from the seed.
#[derive(Debug, Default)]
struct Dormant {
    auth: AuthState,
    stats: SimStats,
    clock_offset: Duration,
}

impl PeplinkSim {
    /// A freshly booted router; its device state is built on first use.
    pub fn new(config: PeplinkSimConfig) -> Self {
        Self {
            inner: Arc::new(Inner {
                config,
                booted: Instant::now(),
                slot: Mutex::new(Slot::Dormant(Dormant::default())),
                busy: AtomicUsize::new(0),
                dirty: AtomicBool::new(false),
            }),
        }
    }

    /// Run `f` on the state (built first if needed), then drop the state
    /// again when the router is idle, unchanged and set to evict.
    fn with<T>(&self, changes: bool, f: impl FnOnce(&mut SimState) -> T) -> T {
        let inner = &self.inner;
        if changes {
            inner.dirty.store(true, Ordering::Release);
        }
        inner.busy.fetch_add(1, Ordering::AcqRel);
        // Handlers never panic on input; if one did, the state is still a
        // consistent value, so keep serving.
        let mut slot = inner.slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Slot::Dormant(dormant) = &mut *slot {
            let dormant = std::mem::take(dormant);
            let mut state = SimState::booted_at(inner.config.clone(), inner.booted);
            state.auth = dormant.auth;
            state.stats = dormant.stats;
            state.clock_offset = dormant.clock_offset;
            *slot = Slot::Built(Box::new(state), Resident::new());
        }
        let Slot::Built(state, _) = &mut *slot else {
            unreachable!("the slot was built just above")
        };
        let out = f(state);
        let last = inner.busy.fetch_sub(1, Ordering::AcqRel) == 1;
        if last
            && inner.config.evict_idle
            && !inner.dirty.load(Ordering::Acquire)
            && state.auth.session_count() == 0
            && state.restarting_until.is_none()
            && resident::over_budget()
        {
            let dormant = Dormant {
                auth: std::mem::take(&mut state.auth),
                stats: state.stats,
                clock_offset: state.clock_offset,
            };
            *slot = Slot::Dormant(dormant);
        }
        out
    }

    /// Whether the device state is built now (tests of eviction).
    pub fn is_built(&self) -> bool {
        let slot = self.inner.slot.lock().unwrap_or_else(|p| p.into_inner());
        matches!(*slot, Slot::Built(..))
    }

    /// Answer one request (no I/O: the listener calls this).
    pub fn handle(&self, request: &ApiRequest) -> ApiReply {
        self.with(dispatch::may_change(request), |state| {
            dispatch::handle(state, request)
        })
    }

    /// Answer one request to the Web Admin's `/cgi-bin/MANGA/api.cgi`.
    pub fn handle_manga(&self, request: &ApiRequest) -> ApiReply {
        self.with(false, |state| dispatch::handle_manga(state, request))
    }

    /// Let `by` pass on the simulated clock (sessions and tokens expire,
    /// uptimes grow, signal values move, a reboot finishes).
    pub fn advance_clock(&self, by: Duration) {
        self.with(true, |state| {
            state.clock_offset = state.clock_offset.saturating_add(by);
        });
    }

    /// Reboot now, as `cmd.system.reboot` does.
    pub fn reboot(&self) {
        self.with(true, SimState::reboot);
    }

    /// What happened so far.
    pub fn stats(&self) -> SimStats {
        self.with(false, |state| state.stats)
    }

    /// Read anything of the state (tests).
    pub fn inspect<T>(&self, f: impl FnOnce(&SimState) -> T) -> T {
        self.with(false, |state| f(state))
    }

    /// Change anything of the state (tests set up odd situations).
    pub fn modify<T>(&self, f: impl FnOnce(&mut SimState) -> T) -> T {
        self.with(true, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, endpoint: &str, body: &str, cookie: Option<&str>) -> ApiRequest {
        ApiRequest {
            method: method.into(),
            endpoint: endpoint.into(),
            content_type: Some("application/json".into()),
            cookie: cookie.map(str::to_string),
            body: body.as_bytes().to_vec(),
            ..ApiRequest::default()
        }
    }

    fn login(sim: &PeplinkSim) -> String {
        let reply = sim.handle(&request(
            "POST",
            "login",
            r#"{"username":"admin","password":"pw"}"#,
            None,
        ));
        let cookie = reply.set_cookie.unwrap_or_else(|| panic!("no cookie"));
        cookie.split(';').next().unwrap_or_default().to_string()
    }

    #[test]
    fn the_device_is_built_on_use_and_dropped_when_the_last_session_ends() {
        let mut config = PeplinkSimConfig::new("admin", "pw");
        config.evict_idle = true;
        let sim = PeplinkSim::new(config);
        assert!(!sim.is_built());
        let cookie = login(&sim);
        assert!(sim.is_built(), "a session keeps the device");
        let before = sim.handle(&request("GET", "status.wan.connection", "", Some(&cookie)));
        sim.handle(&request("POST", "logout", "", Some(&cookie)));
        assert!(!sim.is_built(), "no session, nothing changed: evicted");
        let cookie = login(&sim);
        let after = sim.handle(&request("GET", "status.wan.connection", "", Some(&cookie)));
        assert_eq!(
            before.body.map(|b| b["response"]["1"]["name"].clone()),
            after.body.map(|b| b["response"]["1"]["name"].clone()),
            "rebuilt from the seed as it was"
        );
        assert_eq!(sim.stats().logins, 2, "counters survive eviction");
    }

    #[test]
    fn a_changed_device_is_kept_and_without_the_switch_nothing_is_dropped() {
        let mut config = PeplinkSimConfig::new("admin", "pw");
        config.evict_idle = true;
        let sim = PeplinkSim::new(config);
        let cookie = login(&sim);
        sim.handle(&request("POST", "cmd.config.discard", "{}", Some(&cookie)));
        sim.handle(&request("POST", "logout", "", Some(&cookie)));
        assert!(sim.is_built(), "a write keeps the state");

        let sim = PeplinkSim::new(PeplinkSimConfig::new("admin", "pw"));
        let cookie = login(&sim);
        sim.handle(&request("POST", "logout", "", Some(&cookie)));
        assert!(sim.is_built());
    }

    #[test]
    fn vendor_error_answers_with_the_device_failure_envelope_after_login() {
        let mut config = PeplinkSimConfig::new("admin", "pw");
        config.vendor_error = true;
        let sim = PeplinkSim::new(config);
        let cookie = login(&sim);
        let reply = sim.handle(&request("GET", "info.firmware", "", Some(&cookie)));
        let body = reply.body.unwrap_or_default();
        assert_eq!(body["stat"], "fail", "{body}");
        assert_eq!(body["code"], 503, "{body}");
        assert!(body["message"].is_string(), "{body}");
    }
}
