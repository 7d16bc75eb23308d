//! [`IxonSim`]: the handle of one simulated router, shared by every
//! connection of its server.

use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::config::{IxonSimConfig, SimFault};
use super::device::DeviceState;
use super::flavor::Flavor;
use super::rpc;
use super::sessions::SessionTable;
use super::state::SimState;

/// A simulated router; clones share one device.
#[derive(Debug, Clone)]
pub struct IxonSim {
    inner: Arc<Inner>,
}

/// The settings, and the state generated from them on first use: a fleet
/// of thousands of simulated routers only pays for the ones reached.
#[derive(Debug)]
struct Inner {
    config: IxonSimConfig,
    booted: Instant,
    state: OnceLock<Mutex<SimState>>,
}

impl IxonSim {
    /// A simulated router booted now; its state is generated on first use.
    pub fn new(config: IxonSimConfig) -> Self {
        Self {
            inner: Arc::new(Inner {
                config,
                booted: Instant::now(),
                state: OnceLock::new(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, SimState> {
        let state = self.inner.state.get_or_init(|| {
            let config = &self.inner.config;
            let device = DeviceState::new(
                config.flavor,
                &config.hostname,
                config.seed,
                self.inner.booted,
            );
            Mutex::new(SimState {
                flavor: config.flavor,
                users: config.users.clone(),
                device,
                sessions: SessionTable::default(),
                faults: Vec::new(),
                clock_offset: Duration::ZERO,
                reboot_pending: false,
                vendor_error: config.vendor_error,
                disabled: Default::default(),
                user_versions: Default::default(),
                authenticated: false,
            })
        });
        // Handlers never panic on input; if one did, the state is still a
        // consistent value, so keep serving.
        state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Which router is simulated.
    pub fn flavor(&self) -> Flavor {
        self.inner.config.flavor
    }

    /// Answer one `POST /ubus` body (at most [`crate::jsonrpc::MAX_REQUEST_BODY`]
    /// bytes; the HTTP layer refuses larger ones before calling this).
    pub fn handle_body(&self, body: &[u8]) -> Vec<u8> {
        let mut state = self.lock();
        rpc::handle_body(&mut state, body)
    }

    /// [`Self::handle_body`], also telling whether the body authenticated
    /// its sender: a call ran under a live session, or a login succeeded.
    /// The HTTP server uses it for the listener's fair admission.
    ///
    /// ```
    /// use routerctl_ixon::sim::{Flavor, IxonSim, IxonSimConfig};
    /// let sim = IxonSim::new(IxonSimConfig::new(Flavor::Ixon, "admin", "secret"));
    /// let (_, authenticated) = sim.handle_body_authenticated(br#"{"jsonrpc":"2.0","id":1,"method":"call",
    ///     "params":["00000000000000000000000000000000","session","login",{"username":"admin","password":"secret"}]}"#);
    /// assert!(authenticated);
    /// let (_, authenticated) = sim.handle_body_authenticated(b"{");
    /// assert!(!authenticated);
    /// ```
    pub fn handle_body_authenticated(&self, body: &[u8]) -> (Vec<u8>, bool) {
        let mut state = self.lock();
        state.authenticated = false;
        let reply = rpc::handle_body(&mut state, body);
        (reply, state.authenticated)
    }

    /// `list` / `GET /ubus/list`: objects matching `patterns` (all when
    /// empty) with their methods' signatures.
    pub fn list(&self, patterns: &[&str]) -> Value {
        rpc::list(&self.lock(), patterns)
    }

    /// Let `by` pass on the simulated clock (sessions expire, uptime grows).
    pub fn advance_clock(&self, by: Duration) {
        let mut state = self.lock();
        state.clock_offset = state.clock_offset.saturating_add(by);
    }

    /// Reboot: every session is lost and uptime restarts.
    pub fn reboot(&self) {
        let mut state = self.lock();
        let now = state.now();
        state.reboot(now);
    }

    /// Make the next call of `object.method` fail with `fault`.
    pub fn inject_fault(&self, object: &str, method: &str, fault: SimFault) {
        let mut state = self.lock();
        if state.faults.len() < 64 {
            state
                .faults
                .push((object.to_string(), method.to_string(), fault));
        }
    }

    /// The current `ixon.ui.configuration` object.
    pub fn configuration(&self) -> Value {
        self.lock().device.configuration.clone()
    }

    /// An administrator sets user `name`'s password (as `passwd` or LuCI
    /// would): the user's sessions end on their next call. False when
    /// there is no such user.
    ///
    /// ```
    /// use routerctl_ixon::sim::{Flavor, IxonSim, IxonSimConfig};
    /// let sim = IxonSim::new(IxonSimConfig::new(Flavor::Ixon, "admin", "secret"));
    /// assert!(sim.set_user_password("admin", "another"));
    /// assert!(!sim.set_user_password("ghost", "x"));
    /// ```
    pub fn set_user_password(&self, name: &str, password: &str) -> bool {
        let mut state = self.lock();
        let Some(user) = state.users.iter_mut().find(|u| u.name == name) else {
            return false;
        };
        user.password = password.to_string();
        state.bump_user(name);
        true
    }

    /// An administrator disables (or enables again) user `name`: a
    /// disabled user cannot log in and its sessions end on their next
    /// call. False when there is no such user.
    pub fn set_user_disabled(&self, name: &str, disabled: bool) -> bool {
        let mut state = self.lock();
        if !state.users.iter().any(|u| u.name == name) {
            return false;
        }
        if disabled {
            state.disabled.insert(name.to_string());
        } else {
            state.disabled.remove(name);
        }
        state.bump_user(name);
        true
    }

    /// An administrator removes user `name`: its sessions end on their
    /// next call. False when there is no such user.
    pub fn remove_user(&self, name: &str) -> bool {
        let mut state = self.lock();
        let before = state.users.len();
        state.users.retain(|u| u.name != name);
        let removed = state.users.len() != before;
        if removed {
            state.bump_user(name);
        }
        removed
    }

    /// Live sessions.
    pub fn session_count(&self) -> usize {
        self.lock().sessions.len()
    }
}
