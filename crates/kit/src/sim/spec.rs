//! The static parts of a simulator descriptor: its listeners, its own
//! flags and its demo routers, as plain data so vendor crates never
//! depend on a command-line parser.

/// One listener a simulator can open, given on the command line as
/// `--FLAG ADDR` and announced as `NAME ADDR [sha256=FINGERPRINT]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListenerSpec {
    /// Announcement name (`api`, `api-ssl`, `https`, ...).
    pub name: &'static str,
    /// The long flag without dashes (`api`, `api-tls`, `https`); often
    /// the same as the name.
    pub flag: &'static str,
    /// What it serves, in "cannot serve WHAT on ADDR" (`the API`, `HTTPS`).
    pub what: &'static str,
    /// Help text of the flag.
    pub help: &'static str,
    /// Served over TLS with a fresh self-signed certificate whose
    /// fingerprint is announced.
    pub tls: bool,
    /// The inventory `protocol` a client uses to reach this listener; one
    /// of the protocols of the driver the simulator serves.
    pub protocol: &'static str,
    /// Where it listens when the command line names no listener at all.
    /// When no listener of a simulator has one, at least one is required.
    pub default_addr: Option<&'static str>,
}

/// A vendor-specific flag of a simulator (`--identity NAME`,
/// `--legacy-login`), handed to the simulator as text in
/// [`SimSetup::options`](super::SimSetup::options).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimOption {
    /// The long flag without dashes; also the key in the options map.
    pub name: &'static str,
    /// Help text of the flag.
    pub help: &'static str,
    /// The placeholder of its value (`NAME`); `None` makes it a switch,
    /// present in the options map as `"true"` when given.
    pub value_name: Option<&'static str>,
    /// The value used when the flag is not given.
    pub default: Option<&'static str>,
    /// The only accepted values, when the set is closed (empty: any).
    pub values: &'static [&'static str],
}

impl SimOption {
    /// A flag taking a value, with no default and any value accepted.
    pub const fn value(name: &'static str, value_name: &'static str, help: &'static str) -> Self {
        Self {
            name,
            help,
            value_name: Some(value_name),
            default: None,
            values: &[],
        }
    }

    /// A switch (no value).
    pub const fn switch(name: &'static str, help: &'static str) -> Self {
        Self {
            name,
            help,
            value_name: None,
            default: None,
            values: &[],
        }
    }

    /// The same flag with a default value.
    pub const fn with_default(mut self, default: &'static str) -> Self {
        self.default = Some(default);
        self
    }

    /// The same flag accepting only `values`.
    pub const fn one_of(mut self, values: &'static [&'static str]) -> Self {
        self.values = values;
        self
    }
}

/// One router `routerctl demo` starts from a simulator, and how it
/// appears in the demo's inventory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoRouter {
    /// The inventory name.
    pub name: &'static str,
    /// Which of the simulator's listeners it is reached on (the protocol
    /// and the TLS pin follow from it).
    pub listener: &'static str,
    /// Seed for generated data, so demo routers differ.
    pub seed: u64,
    /// Simulator options (by [`SimOption::name`]) on top of the defaults.
    pub options: &'static [(&'static str, &'static str)],
    /// Inventory groups.
    pub groups: &'static [&'static str],
    /// Inventory labels.
    pub labels: &'static [(&'static str, &'static str)],
    /// A raw vendor call worth trying on it (`routerctl call NAME ...`).
    pub example_call: Option<&'static str>,
}
