//! Settings of a simulated router: flavour, users, host name, seed, and the
//! faults it can be told to produce.

use std::fmt;

use super::acl::Access;
use super::flavor::Flavor;

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
    /// A router in trouble: every call but `session` ones answers rpcd's
    /// `-32003 ubus request timed out`, for fault injection.
    pub vendor_error: bool,
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
            vendor_error: false,
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
