//! Settings of a simulated Peplink router: who may log in, how long
//! sessions and tokens live, how long a reboot takes.

use std::fmt;
use std::time::Duration;

/// The Router API's permission levels (Peplink: Read-Only, Read-Write,
/// Admin). Ordered: each level may do everything the ones below it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Permission {
    /// GET status and config (scope `api.read-only`, a read-only user).
    ReadOnly,
    /// Also POST config changes and commands (scope `api`).
    ReadWrite,
    /// Also manage API clients and tokens: an admin user's login only.
    Admin,
}

impl Permission {
    /// The token scope for this permission (`api` or `api.read-only`).
    pub fn scope(self) -> &'static str {
        match self {
            Permission::ReadOnly => "api.read-only",
            Permission::ReadWrite | Permission::Admin => "api",
        }
    }

    /// Parse a token scope.
    pub fn from_scope(scope: &str) -> Option<Self> {
        match scope {
            "api" => Some(Permission::ReadWrite),
            "api.read-only" => Some(Permission::ReadOnly),
            _ => None,
        }
    }
}

/// A Web Admin user of the simulated router.
#[derive(Clone, PartialEq, Eq)]
pub struct SimUser {
    /// Login name.
    pub name: String,
    /// Password, compared as given (hidden in `Debug`).
    pub password: String,
    /// [`Permission::Admin`] or [`Permission::ReadOnly`].
    pub permission: Permission,
}

impl fmt::Debug for SimUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimUser")
            .field("name", &self.name)
            .field("password", &"***")
            .field("permission", &self.permission)
            .finish()
    }
}

/// Default Web Admin idle timeout of a login session (a simulator choice;
/// the device's is configurable).
pub const DEFAULT_SESSION_IDLE: Duration = Duration::from_secs(30 * 60);
/// Lifetime of an access token: `expiresIn` 172800 (48 h), as documented.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(172_800);
/// How long the device stays away after `cmd.system.reboot`.
pub const DEFAULT_REBOOT_DURATION: Duration = Duration::from_secs(3);

/// Settings of a simulated router.
#[derive(Debug, Clone)]
pub struct PeplinkSimConfig {
    /// Web Admin users.
    pub users: Vec<SimUser>,
    /// Device name (shown in the Web Admin; not in the official API).
    pub name: String,
    /// Idle timeout of `bauth` sessions.
    pub session_idle: Duration,
    /// `expiresIn` of granted tokens (whole seconds are reported).
    pub token_lifetime: Duration,
    /// Time between `cmd.system.reboot` and the device answering again.
    pub reboot_duration: Duration,
    /// Varies MACs, serials and signal values so two routers differ.
    pub seed: u64,
    /// Answer every call but logging in and out with the device's own
    /// failure envelope (`{"stat":"fail","code":503,...}`): fault
    /// injection for fleets.
    pub vendor_error: bool,
    /// Drop the device state (rebuilt identically from the seed) whenever
    /// no login session is open and nothing was changed, so a fleet of
    /// thousands keeps only the routers being talked to.
    pub evict_idle: bool,
}

impl PeplinkSimConfig {
    /// A router with one admin user and the default timings.
    pub fn new(user: &str, password: &str) -> Self {
        Self {
            users: vec![SimUser {
                name: user.to_string(),
                password: password.to_string(),
                permission: Permission::Admin,
            }],
            name: "peplink-sim".to_string(),
            session_idle: DEFAULT_SESSION_IDLE,
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
            reboot_duration: DEFAULT_REBOOT_DURATION,
            seed: 1,
            vendor_error: false,
            evict_idle: false,
        }
    }

    /// Add a user; only [`Permission::Admin`] and
    /// [`Permission::ReadOnly`] exist for users (read-write is a read-only
    /// user here).
    pub fn with_user(mut self, name: &str, password: &str, permission: Permission) -> Self {
        let permission = match permission {
            Permission::Admin => Permission::Admin,
            _ => Permission::ReadOnly,
        };
        self.users.push(SimUser {
            name: name.to_string(),
            password: password.to_string(),
            permission,
        });
        self
    }
}
