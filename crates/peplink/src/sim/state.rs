//! Everything behind the simulator's lock, and its clock.

use std::time::{Duration, Instant};

use super::auth::AuthState;
use super::config::PeplinkSimConfig;
use super::device::DeviceState;

/// Counters tests read to see what happened on the wire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SimStats {
    /// Replies with code 401.
    pub unauthorized: u64,
    /// Tokens granted.
    pub grants: u64,
    /// Successful logins.
    pub logins: u64,
    /// Requests answered (envelopes and 503s).
    pub requests: u64,
}

/// The simulated router: settings, authentication, device, clock.
#[derive(Debug)]
pub struct SimState {
    /// Settings it was started with.
    pub config: PeplinkSimConfig,
    /// Sessions, API clients, tokens.
    pub auth: AuthState,
    /// Configuration and live state.
    pub device: DeviceState,
    /// Added to the real clock, so tests can let time pass instantly.
    pub clock_offset: Duration,
    /// While set and in the future, the device is restarting.
    pub restarting_until: Option<Instant>,
    /// What happened so far.
    pub stats: SimStats,
}

impl SimState {
    /// A freshly booted router.
    pub fn new(config: PeplinkSimConfig) -> Self {
        Self::booted_at(config, Instant::now())
    }

    /// A router booted at `booted`: the same configuration and instant
    /// always give the same device, so an evicted state is rebuilt as it
    /// was.
    pub fn booted_at(config: PeplinkSimConfig, booted: Instant) -> Self {
        let device = DeviceState::new(&config.name, config.seed, booted);
        SimState {
            config,
            auth: AuthState::default(),
            device,
            clock_offset: Duration::ZERO,
            restarting_until: None,
            stats: SimStats::default(),
        }
    }

    /// The simulator's clock.
    pub fn now(&self) -> Instant {
        Instant::now() + self.clock_offset
    }

    /// Whether the device is away restarting; finishes the restart once
    /// its time is up.
    pub fn restarting(&mut self) -> bool {
        match self.restarting_until {
            Some(until) if self.now() < until => true,
            Some(until) => {
                self.restarting_until = None;
                self.device.booted = until;
                self.device.cellular_up_since = until;
                false
            }
            None => false,
        }
    }

    /// Start a reboot: sessions and pending changes are lost at once, and
    /// the device answers again after the configured reboot duration.
    /// Access tokens survive (they are stored, not session state).
    pub fn reboot(&mut self) {
        let now = self.now();
        self.auth.clear_sessions();
        self.device.pending = None;
        self.device.carrier_scan_started = None;
        self.device.mesh_discover_started = None;
        self.restarting_until = Some(now + self.config.reboot_duration);
    }
}
