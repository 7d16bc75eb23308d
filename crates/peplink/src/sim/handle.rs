//! [`PeplinkSim`]: a shareable handle on one simulated router.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

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
    state: Arc<Mutex<SimState>>,
}

impl PeplinkSim {
    /// A freshly booted router.
    pub fn new(config: PeplinkSimConfig) -> Self {
        Self {
            state: Arc::new(Mutex::new(SimState::new(config))),
        }
    }

    fn lock(&self) -> MutexGuard<'_, SimState> {
        // Handlers never panic on input; if one did, the state is still a
        // consistent value, so keep serving.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Answer one request (no I/O: the listener calls this).
    pub fn handle(&self, request: &ApiRequest) -> ApiReply {
        dispatch::handle(&mut self.lock(), request)
    }

    /// Answer one request to the Web Admin's `/cgi-bin/MANGA/api.cgi`.
    pub fn handle_manga(&self, request: &ApiRequest) -> ApiReply {
        dispatch::handle_manga(&mut self.lock(), request)
    }

    /// Let `by` pass on the simulated clock (sessions and tokens expire,
    /// uptimes grow, signal values move, a reboot finishes).
    pub fn advance_clock(&self, by: Duration) {
        let mut state = self.lock();
        state.clock_offset = state.clock_offset.saturating_add(by);
    }

    /// Reboot now, as `cmd.system.reboot` does.
    pub fn reboot(&self) {
        self.lock().reboot();
    }

    /// What happened so far.
    pub fn stats(&self) -> SimStats {
        self.lock().stats
    }

    /// Read anything of the state (tests).
    pub fn inspect<T>(&self, f: impl FnOnce(&SimState) -> T) -> T {
        f(&self.lock())
    }

    /// Change anything of the state (tests set up odd situations).
    pub fn modify<T>(&self, f: impl FnOnce(&mut SimState) -> T) -> T {
        f(&mut self.lock())
    }
}
