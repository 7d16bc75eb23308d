//! A simulated IXON IXrouter (or stock OpenWrt router) behind uhttpd's
//! `/ubus` endpoint.
//!
//! [`IxonSim`] holds the device state, the users and the rpcd session
//! table; [`IxonSim::handle_body`] answers one HTTP request body exactly as
//! uhttpd + rpcd would, with no I/O, so the protocol can be tested without
//! sockets. [`HttpServer`] puts it on HTTP or HTTPS.
//!
//! ```
//! use routerctl_ixon::sim::{Flavor, IxonSim, IxonSimConfig};
//! let sim = IxonSim::new(IxonSimConfig::new(Flavor::Ixon, "admin", "secret"));
//! let reply = sim.handle_body(br#"{"jsonrpc":"2.0","id":7,"method":"call",
//!     "params":["00000000000000000000000000000000","ixon.ui.overview","get",{}]}"#);
//! let reply: serde_json::Value = serde_json::from_slice(&reply).unwrap();
//! assert_eq!(reply["result"][0], 0);
//! assert_eq!(reply["result"][1]["device"]["model"], "IXrouter3 4G-EU");
//! ```

pub mod acl;
pub mod descriptor;
pub mod device;
pub mod objects;
mod rpc;
pub mod server;
pub mod sessions;

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::Value;

pub use acl::Access;
pub use server::HttpServer;

use device::DeviceState;
use sessions::SessionTable;

/// Which router the simulator pretends to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// An IXON IXrouter3 on firmware 3.19: `ixon.ui.*` objects, IXON's ACL.
    Ixon,
    /// Stock OpenWrt 24.10: `system`, `network.*`, `luci-rpc`, `iwinfo`,
    /// `hostapd.*`, `uci`.
    OpenWrt,
}

impl Flavor {
    /// The vendor name the driver uses for this flavor.
    pub const fn vendor(self) -> &'static str {
        match self {
            Flavor::Ixon => crate::VENDOR_IXON,
            Flavor::OpenWrt => crate::VENDOR_OPENWRT,
        }
    }
}

impl fmt::Display for Flavor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.vendor())
    }
}

impl FromStr for Flavor {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ixon" => Ok(Flavor::Ixon),
            "openwrt" => Ok(Flavor::OpenWrt),
            other => Err(format!(
                "unknown flavor {other:?} (expected ixon or openwrt)"
            )),
        }
    }
}

/// A login of the simulated router.
#[derive(Clone, PartialEq, Eq)]
pub struct SimUser {
    /// Login name (`username` of `session login`).
    pub name: String,
    /// Login password, compared as given (hidden in `Debug`).
    pub password: String,
    /// What the login may do: admin or read-only.
    pub access: Access,
}

impl fmt::Debug for SimUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimUser")
            .field("name", &self.name)
            .field("password", &"***")
            .field("access", &self.access)
            .finish()
    }
}

/// One-shot failures the simulator can be told to produce, for the JSON-RPC
/// errors a healthy router only sends when something is wrong inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimFault {
    /// The next call of the method gets `-32003 ubus request timed out`.
    Timeout,
    /// The next call of the method gets `-32603 Internal error`.
    InternalError,
}

/// Settings of a simulated router.
#[derive(Debug, Clone)]
pub struct IxonSimConfig {
    /// Which router to pretend to be (IXON or stock OpenWrt).
    pub flavor: Flavor,
    /// Logins the router accepts.
    pub users: Vec<SimUser>,
    /// System host name reported.
    pub hostname: String,
    /// Varies MACs, serial number and counters so two routers differ.
    pub seed: u64,
}

impl IxonSimConfig {
    /// A router of `flavor` with one admin user.
    pub fn new(flavor: Flavor, user: &str, password: &str) -> Self {
        Self {
            flavor,
            users: vec![SimUser {
                name: user.to_string(),
                password: password.to_string(),
                access: Access::Admin,
            }],
            hostname: match flavor {
                Flavor::Ixon => "ixrouter".to_string(),
                Flavor::OpenWrt => "OpenWrt".to_string(),
            },
            seed: 1,
        }
    }

    /// Add another user.
    pub fn with_user(mut self, name: &str, password: &str, access: Access) -> Self {
        self.users.push(SimUser {
            name: name.to_string(),
            password: password.to_string(),
            access,
        });
        self
    }
}

/// Everything behind the lock.
#[derive(Debug)]
pub struct SimState {
    /// Which router is simulated.
    pub flavor: Flavor,
    /// Logins the router accepts.
    pub users: Vec<SimUser>,
    /// The device's configuration and live state.
    pub device: DeviceState,
    /// Logged-in ubus sessions.
    pub sessions: SessionTable,
    faults: Vec<(String, String, SimFault)>,
    /// Added to the real clock, so tests can let time pass instantly.
    clock_offset: Duration,
    /// Set by `system reboot`; carried out once the reply is built.
    pub(crate) reboot_pending: bool,
}

impl SimState {
    fn now(&self) -> Instant {
        Instant::now() + self.clock_offset
    }

    fn take_fault(&mut self, object: &str, method: &str) -> Option<SimFault> {
        let i = self
            .faults
            .iter()
            .position(|(o, m, _)| o == object && m == method)?;
        Some(self.faults.remove(i).2)
    }

    fn reboot(&mut self, now: Instant) {
        self.sessions.clear();
        self.device.booted = now;
        self.reboot_pending = false;
    }
}

/// A simulated router; clones share one device.
#[derive(Debug, Clone)]
pub struct IxonSim {
    state: Arc<Mutex<SimState>>,
}

impl IxonSim {
    /// A simulated router with freshly generated state, booted now.
    pub fn new(config: IxonSimConfig) -> Self {
        let now = Instant::now();
        let device = DeviceState::new(config.flavor, &config.hostname, config.seed, now);
        Self {
            state: Arc::new(Mutex::new(SimState {
                flavor: config.flavor,
                users: config.users,
                device,
                sessions: SessionTable::default(),
                faults: Vec::new(),
                clock_offset: Duration::ZERO,
                reboot_pending: false,
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, SimState> {
        // Handlers never panic on input; if one did, the state is still a
        // consistent value, so keep serving.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Which router is simulated.
    pub fn flavor(&self) -> Flavor {
        self.lock().flavor
    }

    /// Answer one `POST /ubus` body (at most [`crate::jsonrpc::MAX_REQUEST_BODY`]
    /// bytes; the HTTP layer refuses larger ones before calling this).
    pub fn handle_body(&self, body: &[u8]) -> Vec<u8> {
        let mut state = self.lock();
        rpc::handle_body(&mut state, body)
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

    /// Live sessions.
    pub fn session_count(&self) -> usize {
        self.lock().sessions.len()
    }
}
