//! A simulated RouterOS 7 device.
//!
//! SKELETON: signatures agreed with the CLI work.

pub mod api_server;

pub use api_server::ApiServer;

/// One console user of the simulated device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimUser {
    pub name: String,
    pub password: String,
    /// `full`, `write` or `read` (RouterOS default groups).
    pub group: String,
}

/// Settings of a simulated device.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub users: Vec<SimUser>,
    /// RouterOS version reported and emulated; below 7.18 there is no `!empty`.
    pub version: String,
    /// Emulate a pre-6.43 router: MD5 challenge login only.
    pub legacy_login: bool,
    /// `/system/identity` name.
    pub identity: String,
    /// Seed for generated data (MACs, counters), so two devices differ.
    pub seed: u64,
}

impl SimConfig {
    /// A RouterOS 7.20.5 device with one `full` user.
    pub fn new(user: &str, password: &str) -> Self {
        Self {
            users: vec![SimUser {
                name: user.to_string(),
                password: password.to_string(),
                group: "full".to_string(),
            }],
            version: "7.20.5".to_string(),
            legacy_login: false,
            identity: "MikroTik".to_string(),
            seed: 1,
        }
    }
}

/// Shared state of one simulated device; clone freely.
#[derive(Debug, Clone)]
pub struct Device {}

impl Device {
    pub fn new(config: SimConfig) -> Self {
        let _ = config;
        todo!("sim helper")
    }
}
