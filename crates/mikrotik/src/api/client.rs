//! The async RouterOS API client.
//!
//! SKELETON: signatures agreed between the client, driver, simulator and CLI
//! work; bodies are being filled in.

use std::time::Duration;

use routerctl_core::{Credentials, Result, TlsPolicy};

use super::proto::{Attributes, Command, Limits};

/// Per-phase timeouts; every network operation has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub login: Duration,
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
    pub host: String,
    pub port: u16,
    /// `None`: plain TCP (8728). `Some`: api-ssl (8729) under this policy.
    pub tls: Option<TlsPolicy>,
    pub credentials: Credentials,
    pub login: LoginMethod,
    pub timeouts: Timeouts,
    pub limits: Limits,
}

/// Everything one finished command returned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandOutput {
    /// `!re` rows in order.
    pub rows: Vec<Attributes>,
    /// Attributes of `!done` (`ret` among them).
    pub done: Attributes,
    /// True when the router answered `!empty`.
    pub empty: bool,
}

/// A connected, logged-in API session. Cheap to clone; all clones share
/// one socket.
#[derive(Debug, Clone)]
pub struct ApiClient {}

impl ApiClient {
    /// Connect, (optionally) TLS-handshake and log in.
    pub async fn connect(config: ClientConfig) -> Result<Self> {
        let _ = config;
        todo!("client helper")
    }
    /// Run one command to its `!done`.
    pub async fn run(&self, command: Command) -> Result<CommandOutput> {
        let _ = command;
        todo!("client helper")
    }
    /// Start a streaming command.
    pub async fn stream(&self, command: Command) -> Result<ReplyStream> {
        let _ = command;
        todo!("client helper")
    }
}

/// Rows of a streaming command; dropping it sends `/cancel`.
#[derive(Debug)]
pub struct ReplyStream {}
