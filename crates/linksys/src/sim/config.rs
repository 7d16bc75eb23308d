//! Settings of a simulated router: which firmware generation it runs, its
//! password, which actions answer without authentication, and the
//! password lock-out rules of `CheckAdminPassword3`.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// Which firmware the simulated router runs. The generation decides the
/// `services` list of `core/GetDeviceInfo` and so which action versions
/// exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Generation {
    /// An older Smart Wi-Fi router (EA7500-like, our own service list):
    /// `Core6`, `Router4`, `WirelessAP2`, `GuestNetwork3` — so
    /// `GetWANStatus2`, `CheckAdminPassword2`, `GetRadioInfo`,
    /// `GetGuestRadioSettings` are the newest it knows.
    Classic,
    /// A Velop WHW03 on firmware 2.1.20 with the real service list:
    /// `Core7`, `Router5`, `WirelessAP4`, `GuestNetwork5`...
    Velop,
}

impl Generation {
    /// Both generations.
    pub const ALL: [Generation; 2] = [Generation::Classic, Generation::Velop];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Generation::Classic => "classic",
            Generation::Velop => "velop",
        }
    }
}

impl fmt::Display for Generation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Generation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "classic" => Ok(Generation::Classic),
            "velop" => Ok(Generation::Velop),
            other => Err(format!(
                "unknown firmware generation {other:?} (expected classic or velop)"
            )),
        }
    }
}

/// Action families (`service/Action` without version suffix) that real
/// firmware answers without `X-JNAP-Authorization` (list documented for
/// the firmware the reference cites; `GetAdminPasswordAuthStatus` is
/// **inferred** open because a login screen needs it before login).
pub const DEFAULT_OPEN_ACTIONS: &[&str] = &[
    "core/Transaction",
    "core/GetAdminPasswordHint",
    "core/GetAdminPasswordRestrictions",
    "core/GetAdminPasswordAuthStatus",
    "core/GetDeviceInfo",
    "core/IsAdminPasswordDefault",
    "devicelist/GetDevices",
    "devicelist/GetLocalDevice",
    "firmwareupdate/GetFirmwareUpdateStatus",
    "networkconnections/GetNetworkConnections",
    "router/GetDHCPClientLeases",
    "router/GetLANSettings",
    "router/GetWANStatus",
];

/// `CheckAdminPassword3` lock-out rules (**inferred**: the reference gives
/// only the error names and the two JSON keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Wrong passwords in a row that lock the account.
    pub max_attempts: u32,
    /// Wrong passwords in a row answered without a delay.
    pub free_attempts: u32,
    /// Delay after each further wrong password (times the number of
    /// failures past `free_attempts`).
    pub delay_step: Duration,
    /// How long the account stays locked.
    pub lock_duration: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            free_attempts: 2,
            delay_step: Duration::from_secs(30),
            lock_duration: Duration::from_secs(300),
        }
    }
}

/// Settings of a simulated router.
#[derive(Clone, PartialEq, Eq)]
pub struct SimConfig {
    /// Firmware generation.
    pub generation: Generation,
    /// Admin password (user is always `admin`).
    pub password: String,
    /// Hint served by `GetAdminPasswordHint`.
    pub password_hint: String,
    /// Router host name.
    pub hostname: String,
    /// Varies the serial number so two simulated routers differ.
    pub seed: u64,
    /// Families answered without authentication.
    pub open_actions: BTreeSet<String>,
    /// `CheckAdminPassword3` lock-out.
    pub lockout: LockoutPolicy,
    /// A newer firmware `UpdateFirmwareNow` finds (none: up to date).
    pub available_firmware: Option<String>,
    /// Simulated seconds between a roaming client's joins and leaves.
    pub churn_period: Duration,
    /// Answer every action but the password checks with
    /// `_ErrorUnexpected` (fault injection for fleets).
    pub vendor_error: bool,
    /// Drop the device state after each request that changed nothing
    /// (rebuilt identically on the next), so a fleet of thousands keeps
    /// only the routers being talked to.
    pub evict_idle: bool,
}

impl fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimConfig")
            .field("generation", &self.generation)
            .field("password", &"***")
            .field("hostname", &self.hostname)
            .field("seed", &self.seed)
            .field("open_actions", &self.open_actions)
            .field("lockout", &self.lockout)
            .field("available_firmware", &self.available_firmware)
            .field("churn_period", &self.churn_period)
            .field("vendor_error", &self.vendor_error)
            .field("evict_idle", &self.evict_idle)
            .finish()
    }
}

impl SimConfig {
    /// A router of `generation` with admin password `password` and the
    /// default open actions.
    ///
    /// ```
    /// use routerctl_linksys::sim::{Generation, SimConfig};
    /// let c = SimConfig::new(Generation::Velop, "secret");
    /// assert!(c.open_actions.contains("core/GetDeviceInfo"));
    /// assert!(!c.open_actions.contains("core/Reboot"));
    /// ```
    pub fn new(generation: Generation, password: &str) -> Self {
        Self {
            generation,
            password: password.to_string(),
            password_hint: String::new(),
            hostname: match generation {
                Generation::Classic => "Linksys00042".to_string(),
                Generation::Velop => "Linksys39173".to_string(),
            },
            seed: 1,
            open_actions: DEFAULT_OPEN_ACTIONS.iter().map(|s| s.to_string()).collect(),
            lockout: LockoutPolicy::default(),
            available_firmware: None,
            churn_period: Duration::from_secs(60),
            vendor_error: false,
            evict_idle: false,
        }
    }

    /// Require authentication for everything but `core/Transaction` itself
    /// (whose entries are still checked one by one), as locked-down
    /// firmware does.
    pub fn locked_down(mut self) -> Self {
        self.open_actions = ["core/Transaction".to_string()].into_iter().collect();
        self
    }
}
