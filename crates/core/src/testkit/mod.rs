//! The driver contract: one suite every vendor driver runs against its own
//! simulator (feature `testkit`), as NAPALM's shared getter tests do.
//!
//! A vendor crate adds `routerctl-core = { workspace = true, features =
//! ["testkit"] }` to its dev-dependencies and one test per protocol:
//!
//! ```no_run
//! use routerctl_core::testkit::Contract;
//! use routerctl_core::{Capability, ConnectSpec, Credentials};
//! # async fn connect(spec: &ConnectSpec) -> routerctl_core::Result<Box<dyn routerctl_core::Router>> { unimplemented!() }
//! # async fn example() {
//! // A simulator listening on 127.0.0.1:8728 with admin/pw.
//! let mut spec = ConnectSpec::new("lab", "example", "127.0.0.1", Credentials::new("admin", "pw"));
//! spec.port = Some(8728);
//! Contract::new(|spec| Box::pin(connect(spec)), spec)
//!     .raw_call(&["/system/identity/print"])
//!     .expect_records(Capability::Interfaces)
//!     .run()
//!     .await;
//! # }
//! ```
//!
//! [`Contract::run`] runs every check and then panics with one report
//! listing every violation, so a driver author sees all that is wrong at
//! once; [`Contract::check`] returns the same list instead.
//!
//! # The checks
//!
//! Each violation is reported under one [`Check`]:
//!
//! - **`connect`**: connecting with the given spec (a reachable simulator,
//!   the right password) succeeds.
//! - **`identity`**: `router.name()` is the spec's name, `router.vendor()`
//!   the spec's vendor, and `facts().vendor` equals `router.vendor()`.
//! - **`capabilities`**: `capabilities()` lists no operation twice;
//!   every capability given to [`Contract::expect_records`] is a getter the
//!   router lists; `raw` is listed when [`Contract::raw_call`] was given.
//! - **`unsupported`**: each getter (`facts`, `interfaces`, `wan_links`,
//!   `clients`, `dhcp_leases`, `wifi_networks`, `config_get`) fails with
//!   [`Error::Unsupported`] exactly when `capabilities()` lacks it: a listed
//!   getter returns records or fails with some other error, an unlisted one
//!   fails with `Unsupported` (naming the getter's operation and the
//!   router's vendor) and nothing else. `raw` is held to the same rule when
//!   it is not listed. `reboot` is never called, and `stream` needs words
//!   only the vendor knows, so neither is checked.
//! - **`records`**: every record satisfies the model's invariants, checked
//!   on its JSON (what `-o json` prints):
//!   - optional texts, when present, are non-empty and unpadded (an
//!     absent value is left out, never `""`); names that are keys are
//!     present, non-empty and unique (interface and WAN link names, client
//!     MAC addresses);
//!   - MAC addresses are in the canonical `AA:BB:CC:DD:EE:FF` form
//!     ([`is_canonical_mac`](crate::vocab::is_canonical_mac));
//!   - bands, security modes and interface kinds are spelled the one
//!     neutral way of [`crate::vocab`] ([`Band`](crate::vocab::Band),
//!     [`Security`](crate::vocab::Security),
//!     [`InterfaceKind`](crate::vocab::InterfaceKind): what their `FromStr`
//!     accepts); WAN kinds are the [`WanKind`](crate::WanKind) spellings;
//!   - IP addresses, gateways and DNS servers parse as [`std::net::IpAddr`];
//!     a prefix length has an address and fits its family (≤ 32 for IPv4,
//!     ≤ 128 for IPv6);
//!   - `signal_dbm` lies in -150..=0; a client with `is_wireless=false` has
//!     no SSID, band or signal;
//!   - counters are below 2^63 and never count more packets than bytes; an
//!     MTU lies in 68..=65536; a link speed in 1..=1 600 000 Mbit/s, and
//!     only on a link that is not down; an interface is not up while
//!     disabled;
//!   - uptimes are below 100 years; a lease expiry is a 32-bit DHCP time
//!     below "infinite" (which is spelled as no expiry);
//!   - an SSID has at most 32 bytes; a channel lies in 1..=233 and in its
//!     band (2.4 GHz: 1..=14, 5 GHz: 32..=177);
//!   - a configuration is non-empty text or a non-null JSON value.
//! - **`expect_records`**: each getter named by [`Contract::expect_records`]
//!   succeeds with at least one record against the simulator.
//! - **`concurrency`**: the getters that succeeded one by one are called
//!   again, all at once, on a freshly connected router (a `Router` is
//!   `Sync`), and each succeeds again: no lazy login, session or
//!   connection state that only works one call at a time.
//! - **`raw`**: with [`Contract::raw_call`], that call succeeds; a driver
//!   that lists `raw` must be given one, so passthrough is always proven.
//! - **`error_naming`**: every error the contract sees (from getters, raw
//!   calls, the wrong password, the unreachable and refused routers) starts
//!   with the spec's name — the inventory name, not a client's
//!   `host:port` — and names a non-empty operation.
//! - **`secrets`**: no error shows the wrong password the contract used,
//!   neither in its message nor in its debug form.
//! - **`wrong_password`**: with the password changed, connecting fails with
//!   [`Error::Auth`], or it succeeds and the first listed getter that
//!   fails (in the order above) fails with `Auth`; drivers that log in
//!   lazily may serve unauthenticated getters first, but one of them must
//!   refuse the password.
//! - **`unreachable`**: pointed at a local listener that accepts and never
//!   answers, with a 1 s timeout, connecting plus the first listed getter
//!   fails with [`Error::Timeout`] (or [`Error::Io`]) within 3 × the
//!   timeout + 2 s. This is a bound on a timeout being applied at all, not
//!   a performance measurement.
//! - **`refused`**: pointed at a port that refuses connections, the same
//!   calls fail with [`Error::Io`] within the same bound.
//! - **`hang`**: no call against the simulator runs longer than 3 × the
//!   spec's timeout + 2 s.
//!
//! [`Error::Unsupported`]: crate::Error::Unsupported
//! [`Error::Auth`]: crate::Error::Auth
//! [`Error::Timeout`]: crate::Error::Timeout
//! [`Error::Io`]: crate::Error::Io

mod conformance;
mod errors;
mod failures;
mod getters;
mod probes;
mod records;
mod report;
mod settings;

#[cfg(test)]
mod tests;

use std::time::Duration;

use crate::{Capability, ConnectFn, ConnectSpec};
pub use getters::GETTERS;
pub use report::{Check, Violation};
use settings::Settings;

/// One driver's contract run: how to connect, to which simulator, and what
/// the simulator is known to serve. See the [module docs](self) for the
/// checks.
pub struct Contract {
    settings: Settings,
}

impl Contract {
    /// A contract for the driver behind `connect`, run against the router
    /// `spec` describes: a reachable simulator, with the right password.
    pub fn new(connect: ConnectFn, spec: ConnectSpec) -> Self {
        Self {
            settings: Settings {
                connect,
                spec,
                raw: None,
                expected: Vec::new(),
                probe_timeout: Duration::from_secs(1),
                slack: Duration::from_secs(2),
            },
        }
    }

    /// A raw call (the vendor's own words) that must succeed against the
    /// simulator: the passthrough check.
    pub fn raw_call(mut self, words: &[&str]) -> Self {
        self.settings.raw = Some(words.iter().map(|w| w.to_string()).collect());
        self
    }

    /// The getter for `capability` must return at least one record against
    /// this simulator (so a getter that always returns nothing cannot pass).
    pub fn expect_records(mut self, capability: Capability) -> Self {
        if !self.settings.expected.contains(&capability) {
            self.settings.expected.push(capability);
        }
        self
    }

    /// Run every check; panic with one report listing every violation.
    pub async fn run(self) {
        let name = self.settings.spec.name.clone();
        let violations = self.check().await;
        if !violations.is_empty() {
            panic!("{}", report::render(&name, &violations));
        }
    }

    /// Run every check and return the violations (empty when the driver
    /// keeps the contract).
    pub async fn check(self) -> Vec<Violation> {
        let s = &self.settings;
        let mut out = Vec::new();
        s.conforming(&mut out).await;
        s.wrong_password(&mut out).await;
        s.unreachable(&mut out).await;
        s.refused(&mut out).await;
        out
    }
}
