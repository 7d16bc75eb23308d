//! [`SimState`]: everything a simulated router holds, behind the one lock
//! of its [`IxonSim`](super::IxonSim) handle.

use std::collections::{HashMap, HashSet};
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
    /// Users an admin has disabled: they cannot log in, and their
    /// sessions end.
    pub(super) disabled: HashSet<String>,
    /// Credential version per user name, bumped on every password change,
    /// disable or removal; a session is valid only while its user's
    /// version is the one it logged in with.
    pub(super) user_versions: HashMap<String, u64>,
    /// Set while answering a body when one of its calls logged in or ran
    /// under a live session: the connection has authenticated.
    pub(super) authenticated: bool,
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

    /// The credential version of user `name` now, or `None` when the user
    /// does not exist or is disabled.
    pub(crate) fn user_version(&self, name: &str) -> Option<u64> {
        if self.disabled.contains(name) || !self.users.iter().any(|u| u.name == name) {
            return None;
        }
        Some(self.user_versions.get(name).copied().unwrap_or(0))
    }

    /// A new credential version for user `name` (its password changed, it
    /// was disabled or removed).
    pub(crate) fn bump_user(&mut self, name: &str) {
        let v = self.user_versions.entry(name.to_string()).or_insert(0);
        *v = v.wrapping_add(1);
    }

    /// Drop session `id` if its user's credentials changed since it
    /// logged in, so the call sees it as gone.
    pub(super) fn revoke_if_stale(&mut self, id: &str) {
        let Some(user) = self
            .sessions
            .peek(id)
            .map(|s| (s.username.clone(), s.user_version))
        else {
            return;
        };
        if self.user_version(&user.0) != Some(user.1) {
            self.sessions.remove(id);
        }
    }

    pub(super) fn reboot(&mut self, now: Instant) {
        self.sessions.clear();
        self.device.booted = now;
        self.reboot_pending = false;
    }
}
