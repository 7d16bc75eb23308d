//! Settings of a simulated device: its users, version knobs, identity,
//! seed, and how its binary API front end behaves.

use std::fmt;
use std::time::Duration;

/// One console user of the simulated device.
#[derive(Clone, PartialEq, Eq)]
pub struct SimUser {
    /// Login name (`/user` `name`).
    pub name: String,
    /// Login password, compared as given (hidden in `Debug`).
    pub password: String,
    /// `full`, `write` or `read` (RouterOS default groups).
    pub group: String,
}

impl fmt::Debug for SimUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimUser")
            .field("name", &self.name)
            .field("password", &"***")
            .field("group", &self.group)
            .finish()
    }
}

/// Settings of a simulated device.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Users that may log in (`/user` rows seeded from these).
    pub users: Vec<SimUser>,
    /// RouterOS version reported and emulated; below 7.18 there is no `!empty`.
    pub version: String,
    /// Emulate a pre-6.43 router: MD5 challenge login only.
    pub legacy_login: bool,
    /// `/system/identity` name.
    pub identity: String,
    /// Seed for generated data (MACs, counters), so two devices differ.
    pub seed: u64,
    /// Behaviour of the binary API server.
    pub api: ApiSettings,
    /// A router in trouble: every command after login answers RouterOS's
    /// own failure trap (`failure: timeout`), for fault injection.
    pub vendor_error: bool,
    /// Drop the seeded state while no connection is open and no command
    /// that may change it has run; it is rebuilt from the seed on the
    /// next connection. For fleets of thousands (`sim fleet`): an idle,
    /// unchanged device then costs almost nothing.
    pub evict_idle: bool,
}

/// Knobs of the binary API front end.
#[derive(Debug, Clone)]
pub struct ApiSettings {
    /// Rows of a stream that may still be sent after `/cancel` arrives and
    /// before its trap (real routers send 2-3 sentences late).
    pub cancel_lag_rows: usize,
    /// A connection must log in within this time.
    pub login_timeout: Duration,
    /// A write that does not complete in this time drops the connection.
    pub write_timeout: Duration,
    /// Sentences accepted before login; more close the connection.
    pub max_prelogin_sentences: usize,
    /// Reply sentences queued per connection before producers wait.
    pub output_queue: usize,
    /// Connections served at once; at the cap the oldest connection that
    /// has not logged in is evicted, and when all have, new ones are
    /// closed on accept.
    pub max_connections: usize,
    /// Connections not logged in yet kept at once; a new one over the
    /// quota evicts the oldest (so a flood of connections that never log
    /// in cannot lock out a client that logs in at once).
    pub max_prelogin_connections: usize,
    /// Close the connection after a failed login (the default keeps it).
    pub close_on_login_failure: bool,
    /// Use this challenge for legacy logins instead of a random one
    /// (tests use the manual's vector).
    pub fixed_challenge: Option<[u8; 16]>,
}

impl Default for ApiSettings {
    fn default() -> Self {
        Self {
            cancel_lag_rows: 1,
            login_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(10),
            max_prelogin_sentences: 32,
            output_queue: 256,
            max_connections: 1024,
            max_prelogin_connections: 64,
            close_on_login_failure: false,
            fixed_challenge: None,
        }
    }
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
            api: ApiSettings::default(),
            vendor_error: false,
            evict_idle: false,
        }
    }

    /// Add a user (builder style).
    ///
    /// ```
    /// use routerctl_mikrotik::sim::SimConfig;
    /// let cfg = SimConfig::new("admin", "pw").with_user("viewer", "v", "read");
    /// assert_eq!(cfg.users.len(), 2);
    /// ```
    pub fn with_user(mut self, name: &str, password: &str, group: &str) -> Self {
        self.users.push(SimUser {
            name: name.into(),
            password: password.into(),
            group: group.into(),
        });
        self
    }

    /// `(major, minor, patch)` of [`Self::version`]; unreadable parts are 0.
    pub fn version_triple(&self) -> (u32, u32, u32) {
        let v = self.version.split_whitespace().next().unwrap_or("");
        let mut parts = v.split('.').map(|p| {
            let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().unwrap_or(0)
        });
        (
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
        )
    }

    /// True from 7.18 on: empty prints answer `!empty` before `!done`.
    pub fn has_empty_reply(&self) -> bool {
        self.version_triple() >= (7, 18, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_knob() {
        let mut c = SimConfig::new("a", "b");
        assert!(c.has_empty_reply());
        c.version = "7.17.2".into();
        assert!(!c.has_empty_reply());
        c.version = "7.18".into();
        assert!(c.has_empty_reply());
        c.version = "7.1beta4".into();
        assert_eq!(c.version_triple(), (7, 1, 0));
        assert!(!c.has_empty_reply());
        c.version = "6.49.10".into();
        assert!(!c.has_empty_reply());
    }

    #[test]
    fn debug_hides_passwords() {
        let c = SimConfig::new("admin", "s3cret");
        assert!(!format!("{c:?}").contains("s3cret"));
    }
}
