//! How to reach and log in to one router: address, TLS, credentials, login
//! method, timeouts and limits.

use std::time::Duration;

use routerctl_core::{Credentials, MemoryBudget, TlsPolicy};

use super::proto::Limits;
use super::reconnect::ReconnectPolicy;

/// Per-phase timeouts; every network operation has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// TCP connect plus TLS handshake.
    pub connect: Duration,
    /// The whole login exchange.
    pub login: Duration,
    /// Each command, from queueing to `!done`; for a stream, until the
    /// command is on the wire. Also the longest the connection may go
    /// without getting any queued byte written before it is dropped.
    pub command: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            login: Duration::from_secs(10),
            command: Duration::from_secs(30),
        }
    }
}

impl Timeouts {
    /// The same limit for every phase.
    pub fn all(limit: Duration) -> Self {
        Self {
            connect: limit,
            login: limit,
            command: limit,
        }
    }
}

/// Which login exchange to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LoginMethod {
    /// Send name and password (6.43+); fall back to the MD5 challenge when
    /// the router answers `!done =ret=<challenge>`.
    #[default]
    Auto,
    /// Only the plain 6.43+ login.
    Plain,
    /// Only the pre-6.43 MD5 challenge login.
    Legacy,
}

/// How to reach and log in to one router.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Name used in errors (inventory name, or `host:port`).
    pub label: String,
    /// Host name or IP address to connect to.
    pub host: String,
    /// TCP port: 8728 for plain API, 8729 for api-ssl.
    pub port: u16,
    /// `None`: plain TCP (8728). `Some`: api-ssl (8729) under this policy.
    pub tls: Option<TlsPolicy>,
    /// User name and password sent at login.
    pub credentials: Credentials,
    /// Which login exchange to use (plain 6.43+, legacy MD5, or try both).
    pub login: LoginMethod,
    /// Connect, login and per-request timeouts.
    pub timeouts: Timeouts,
    /// Size caps on received words and sentences (see [`Limits`]).
    pub limits: Limits,
    /// `None` (the default): a dead connection stays dead and every call
    /// fails. `Some`: the next call connects again under this policy.
    pub reconnect: Option<ReconnectPolicy>,
    /// The run's shared reply budget: `None` keeps the fixed per-command
    /// and per-connection caps; `Some` lowers them to its per-reply share
    /// and charges what this client holds to it.
    pub memory: Option<MemoryBudget>,
}

impl ClientConfig {
    /// Plain API on port 8728 with default timeouts and limits, labelled
    /// `host:8728`.
    pub fn new(host: &str, credentials: Credentials) -> Self {
        Self {
            label: format!("{host}:8728"),
            host: host.to_string(),
            port: 8728,
            tls: None,
            credentials,
            login: LoginMethod::Auto,
            timeouts: Timeouts::default(),
            limits: Limits::default(),
            reconnect: None,
            memory: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_defaults_to_plain_api() {
        let c = ClientConfig::new("192.0.2.1", Credentials::new("admin", ""));
        assert_eq!((c.port, c.tls.is_none()), (8728, true));
        assert_eq!(c.label, "192.0.2.1:8728");
    }
}
