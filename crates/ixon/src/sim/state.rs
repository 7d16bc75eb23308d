//! [`SimState`]: everything a simulated router holds, behind the one lock
//! of its [`IxonSim`](super::IxonSim) handle.

use std::time::{Duration, Instant};

use super::config::{SimFault, SimUser};
use super::device::DeviceState;
use super::flavor::Flavor;
use super::sessions::SessionTable;

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
    pub(super) faults: Vec<(String, String, SimFault)>,
    /// Added to the real clock, so tests can let time pass instantly.
    pub(super) clock_offset: Duration,
    /// Set by `system reboot`; carried out once the reply is built.
    pub(crate) reboot_pending: bool,
    /// Every call but `session` answers `-32003` (fault injection; see
    /// [`IxonSimConfig::vendor_error`](super::IxonSimConfig::vendor_error)).
    pub(super) vendor_error: bool,
}

impl SimState {
    pub(super) fn now(&self) -> Instant {
        Instant::now() + self.clock_offset
    }

    pub(super) fn take_fault(&mut self, object: &str, method: &str) -> Option<SimFault> {
        let i = self
            .faults
            .iter()
            .position(|(o, m, _)| o == object && m == method)?;
        Some(self.faults.remove(i).2)
    }

    pub(super) fn reboot(&mut self, now: Instant) {
        self.sessions.clear();
        self.device.booted = now;
        self.reboot_pending = false;
    }
}
