//! [`SimSetup`]: what a simulator is started with, and [`StartError`]:
//! why it could not start.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::str::FromStr;

use routerctl_core::Secret;

use super::spec::ListenerSpec;

/// Everything the command line (or the demo) decided for one simulator
/// run. Passwords are already read; options hold every given flag and
/// every default.
#[derive(Debug)]
pub struct SimSetup {
    /// Login name of the simulated administrator.
    pub user: String,
    /// Its password.
    pub password: Secret,
    /// Seed for generated data (MACs, serial numbers, counters).
    pub seed: u64,
    /// The listeners to open, in the descriptor's order, with their
    /// addresses (port 0 picks a free one).
    pub listeners: Vec<(&'static ListenerSpec, SocketAddr)>,
    /// Vendor options by [`SimOption::name`](super::SimOption::name): given
    /// values, defaults, and `"true"` for given switches.
    pub options: BTreeMap<String, String>,
    /// A second user that may only read, when the simulator supports one
    /// and it was asked for.
    pub readonly: Option<(String, Secret)>,
}

impl SimSetup {
    /// The value of option `name`, given or default.
    pub fn option(&self, name: &str) -> Option<&str> {
        self.options.get(name).map(String::as_str)
    }

    /// Whether switch `name` was given.
    pub fn switch(&self, name: &str) -> bool {
        self.option(name) == Some("true")
    }

    /// Option `name` parsed as `T`; a bad value is a usage error naming
    /// the flag.
    pub fn parse<T>(&self, name: &str) -> Result<Option<T>, StartError>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        self.option(name)
            .map(|text| {
                text.parse()
                    .map_err(|e| StartError::Usage(format!("--{name} {text:?}: {e}")))
            })
            .transpose()
    }
}

/// Why a simulator did not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartError {
    /// The options do not make sense (the CLI exits with status 2).
    Usage(String),
    /// Serving failed (an address in use, no certificate; status 1).
    Failed(String),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Usage(m) | StartError::Failed(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for StartError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(options: &[(&str, &str)]) -> SimSetup {
        SimSetup {
            user: "admin".into(),
            password: Secret::new("pw"),
            seed: 1,
            listeners: Vec::new(),
            options: options
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            readonly: None,
        }
    }

    #[test]
    fn options_read_as_text_switches_and_parsed_values() {
        let s = setup(&[("identity", "lab"), ("legacy-login", "true"), ("n", "x")]);
        assert_eq!(s.option("identity"), Some("lab"));
        assert!(s.switch("legacy-login"));
        assert!(!s.switch("identity"));
        assert_eq!(s.parse::<u8>("missing"), Ok(None));
        let Err(StartError::Usage(message)) = s.parse::<u8>("n") else {
            panic!("a bad number is a usage error")
        };
        assert!(message.starts_with("--n \"x\""), "{message}");
    }
}
