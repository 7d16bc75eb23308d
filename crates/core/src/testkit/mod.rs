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
//!   - MAC addresses are in the canonical `AA:BB:CC:DD:EE:FF` form;
//!   - bands are `2.4GHz`, `5GHz` or `6GHz`; security modes and
//!     interface kinds are non-empty; WAN kinds are the [`WanKind`](crate::WanKind)
//!     spellings;
//!   - IP addresses, gateways and DNS servers parse as [`std::net::IpAddr`];
//!     a prefix length has an address and fits its family (≤ 32 for IPv4,
//!     ≤ 128 for IPv6);
//!   - `signal_dbm` lies in -150..=0; a client with `is_wireless=false` has
//!     no SSID, band or signal;
//!   - counters are below 2^63 and never count more packets than bytes; an
//!     MTU lies in 68..=65536; a link speed in 1..=1 600 000 Mbit/s; an
//!     interface is not up while disabled;
//!   - uptimes are below 100 years; a lease expiry is a 32-bit DHCP time
//!     below "infinite" (which is spelled as no expiry);
//!   - an SSID has at most 32 bytes; a channel lies in 1..=233 and in its
//!     band (2.4 GHz: 1..=14, 5 GHz: 32..=177);
//!   - a configuration is non-empty text or a non-null JSON value.
//! - **`expect_records`**: each getter named by [`Contract::expect_records`]
//!   succeeds with at least one record against the simulator.
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

mod errors;
mod probes;
mod records;
mod report;

#[cfg(test)]
mod tests;

use std::future::Future;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use crate::{Capability, ConnectFn, ConnectSpec, Error, Result, Router, Secret};
pub use records::canonical_mac;
pub use report::{Check, Violation};

/// The getters the contract calls, in the order it calls them.
pub const GETTERS: &[Capability] = &[
    Capability::Facts,
    Capability::Interfaces,
    Capability::WanLinks,
    Capability::Clients,
    Capability::DhcpLeases,
    Capability::WifiNetworks,
    Capability::ConfigGet,
];

/// The password the wrong-password check logs in with.
const WRONG_PASSWORD: &str = "routerctl-contract-wrong-password";
/// The words of the raw call that must be `Unsupported` when `raw` is not
/// listed.
const RAW_PROBE: &str = "routerctl-contract-probe";

/// One driver's contract run: how to connect, to which simulator, and what
/// the simulator is known to serve. See the [module docs](self) for the
/// checks.
pub struct Contract {
    connect: ConnectFn,
    spec: ConnectSpec,
    raw: Option<Vec<String>>,
    expected: Vec<Capability>,
    /// The timeout the unreachable and refused checks give the driver.
    probe_timeout: Duration,
    /// Added to 3 × a timeout to bound how long any call may take.
    slack: Duration,
}

impl Contract {
    /// A contract for the driver behind `connect`, run against the router
    /// `spec` describes: a reachable simulator, with the right password.
    pub fn new(connect: ConnectFn, spec: ConnectSpec) -> Self {
        Self {
            connect,
            spec,
            raw: None,
            expected: Vec::new(),
            probe_timeout: Duration::from_secs(1),
            slack: Duration::from_secs(2),
        }
    }

    /// A raw call (the vendor's own words) that must succeed against the
    /// simulator: the passthrough check.
    pub fn raw_call(mut self, words: &[&str]) -> Self {
        self.raw = Some(words.iter().map(|w| w.to_string()).collect());
        self
    }

    /// The getter for `capability` must return at least one record against
    /// this simulator (so a getter that always returns nothing cannot pass).
    pub fn expect_records(mut self, capability: Capability) -> Self {
        if !self.expected.contains(&capability) {
            self.expected.push(capability);
        }
        self
    }

    /// Run every check; panic with one report listing every violation.
    pub async fn run(self) {
        let name = self.spec.name.clone();
        let violations = self.check().await;
        if !violations.is_empty() {
            panic!("{}", report::render(&name, &violations));
        }
    }

    /// Run every check and return the violations (empty when the driver
    /// keeps the contract).
    pub async fn check(self) -> Vec<Violation> {
        let mut out = Vec::new();
        self.conforming(&mut out).await;
        self.wrong_password(&mut out).await;
        self.unreachable(&mut out).await;
        self.refused(&mut out).await;
        out
    }

    /// How long anything may take under `timeout`.
    fn bound(&self, timeout: Duration) -> Duration {
        timeout.saturating_mul(3).saturating_add(self.slack)
    }

    /// Run `fut` under `limit`; report `check` at `subject` when it runs over.
    async fn bounded<T>(
        limit: Duration,
        check: Check,
        subject: &str,
        fut: impl Future<Output = T>,
        out: &mut Vec<Violation>,
    ) -> Option<T> {
        let started = Instant::now();
        match tokio::time::timeout(limit, fut).await {
            Ok(v) => Some(v),
            Err(_) => {
                out.push(Violation::new(
                    check,
                    subject,
                    format!(
                        "still running after {:?} (bound {limit:?})",
                        started.elapsed()
                    ),
                ));
                None
            }
        }
    }

    /// Report the error's naming and secrets problems.
    fn saw_error(&self, error: &Error, during: &str, out: &mut Vec<Violation>) {
        errors::naming(error, &self.spec.name, during, out);
        errors::secrets(error, WRONG_PASSWORD, during, out);
    }

    /// Connect as given, then identity, capabilities, getters and raw.
    async fn conforming(&self, out: &mut Vec<Violation>) {
        let limit = self.bound(self.spec.timeout);
        let connected = Self::bounded(
            limit,
            Check::Hang,
            "connect",
            (self.connect)(&self.spec),
            out,
        )
        .await;
        let router = match connected {
            None => return,
            Some(Ok(router)) => router,
            Some(Err(e)) => {
                self.saw_error(&e, "connect", out);
                out.push(Violation::new(
                    Check::Connect,
                    "connect",
                    format!("the simulator was refused: {e}"),
                ));
                return;
            }
        };
        self.identity(router.as_ref(), out);
        let capabilities = router.capabilities();
        self.capabilities(capabilities, out);
        for &capability in GETTERS {
            self.getter(router.as_ref(), capability, limit, out).await;
        }
        self.raw(router.as_ref(), limit, out).await;
        Self::bounded(limit, Check::Hang, "close", router.close(), out).await;
    }

    fn identity(&self, router: &dyn Router, out: &mut Vec<Violation>) {
        if router.name() != self.spec.name {
            out.push(Violation::new(
                Check::Identity,
                "name",
                format!(
                    "router.name() is {:?}, the spec says {:?}",
                    router.name(),
                    self.spec.name
                ),
            ));
        }
        if router.vendor() != self.spec.vendor {
            out.push(Violation::new(
                Check::Identity,
                "vendor",
                format!(
                    "router.vendor() is {:?}, the spec says {:?}",
                    router.vendor(),
                    self.spec.vendor
                ),
            ));
        }
    }

    fn capabilities(&self, listed: &[Capability], out: &mut Vec<Violation>) {
        for (i, c) in listed.iter().enumerate() {
            if listed[..i].contains(c) {
                out.push(Violation::new(
                    Check::Capabilities,
                    c.operation(),
                    "listed more than once",
                ));
            }
        }
        for c in &self.expected {
            if !GETTERS.contains(c) {
                out.push(Violation::new(
                    Check::Capabilities,
                    c.operation(),
                    "expect_records names an operation that is not a getter",
                ));
            } else if !listed.contains(c) {
                out.push(Violation::new(
                    Check::Capabilities,
                    c.operation(),
                    "expect_records names a getter capabilities() does not list",
                ));
            }
        }
        if self.raw.is_some() && !listed.contains(&Capability::Raw) {
            out.push(Violation::new(
                Check::Capabilities,
                "raw",
                "raw_call was given but capabilities() does not list raw",
            ));
        }
    }

    async fn getter(
        &self,
        router: &dyn Router,
        capability: Capability,
        limit: Duration,
        out: &mut Vec<Violation>,
    ) {
        let operation = capability.operation();
        let listed = router.capabilities().contains(&capability);
        let Some(result) =
            Self::bounded(limit, Check::Hang, operation, call(router, capability), out).await
        else {
            return;
        };
        match result {
            Ok(values) => {
                if !listed {
                    out.push(Violation::new(
                        Check::Unsupported,
                        operation,
                        "succeeded, but capabilities() does not list it",
                    ));
                }
                if self.expected.contains(&capability) && values.is_empty() {
                    out.push(Violation::new(
                        Check::ExpectRecords,
                        operation,
                        "returned no records",
                    ));
                }
                check_records(capability, &values, router.vendor(), out);
            }
            Err(e) => {
                self.saw_error(&e, operation, out);
                self.unsupported_rule(router, capability, listed, &e, out);
                if self.expected.contains(&capability) {
                    out.push(Violation::new(
                        Check::ExpectRecords,
                        operation,
                        format!("failed: {e}"),
                    ));
                }
            }
        }
    }

    /// `Unsupported` exactly when not listed, naming the operation and vendor.
    fn unsupported_rule(
        &self,
        router: &dyn Router,
        capability: Capability,
        listed: bool,
        error: &Error,
        out: &mut Vec<Violation>,
    ) {
        let operation = capability.operation();
        match (error, listed) {
            (Error::Unsupported { .. }, true) => out.push(Violation::new(
                Check::Unsupported,
                operation,
                format!("capabilities() lists it, but it failed as unsupported: {error}"),
            )),
            (
                Error::Unsupported {
                    vendor,
                    operation: named,
                    ..
                },
                false,
            ) => {
                if named != operation || vendor != router.vendor() {
                    out.push(Violation::new(
                        Check::Unsupported,
                        operation,
                        format!(
                            "Unsupported should name operation {operation:?} and vendor {:?}: {error}",
                            router.vendor()
                        ),
                    ));
                }
            }
            (_, false) => out.push(Violation::new(
                Check::Unsupported,
                operation,
                format!(
                    "capabilities() does not list it, so it must fail as unsupported, not {}: {error}",
                    error.kind()
                ),
            )),
            (_, true) => {}
        }
    }

    async fn raw(&self, router: &dyn Router, limit: Duration, out: &mut Vec<Violation>) {
        let listed = router.capabilities().contains(&Capability::Raw);
        let (words, subject) = match (&self.raw, listed) {
            (Some(words), _) => (words.clone(), "raw"),
            (None, true) => {
                out.push(Violation::new(
                    Check::Raw,
                    "raw",
                    "capabilities() lists raw, but the contract was given no raw_call to prove it",
                ));
                return;
            }
            (None, false) => (vec![RAW_PROBE.to_string()], "raw (unlisted)"),
        };
        let Some(result) =
            Self::bounded(limit, Check::Hang, subject, router.raw(&words), out).await
        else {
            return;
        };
        match (result, self.raw.is_some()) {
            (Ok(_), true) => {}
            (Err(e), true) => {
                self.saw_error(&e, subject, out);
                out.push(Violation::new(
                    Check::Raw,
                    subject,
                    format!("{words:?} failed: {e}"),
                ));
            }
            (Ok(_), false) => out.push(Violation::new(
                Check::Unsupported,
                subject,
                "capabilities() does not list raw, but a raw call succeeded",
            )),
            (Err(e), false) => {
                self.saw_error(&e, subject, out);
                if !matches!(e, Error::Unsupported { .. }) {
                    out.push(Violation::new(
                        Check::Unsupported,
                        subject,
                        format!(
                            "capabilities() does not list raw, so it must fail as unsupported, not {}: {e}",
                            e.kind()
                        ),
                    ));
                }
            }
        }
    }

    /// Same spec, wrong password: `Auth` at connect or at the first listed
    /// getter that fails.
    async fn wrong_password(&self, out: &mut Vec<Violation>) {
        let mut spec = self.spec.clone();
        spec.credentials.password = Secret::new(WRONG_PASSWORD);
        let limit = self.bound(spec.timeout);
        let subject = "connect (wrong password)";
        let Some(connected) = Self::bounded(
            limit,
            Check::WrongPassword,
            subject,
            (self.connect)(&spec),
            out,
        )
        .await
        else {
            return;
        };
        let router = match connected {
            Ok(router) => router,
            Err(e) => {
                self.saw_error(&e, subject, out);
                if !matches!(e, Error::Auth { .. }) {
                    out.push(Violation::new(
                        Check::WrongPassword,
                        subject,
                        format!("failed with {}, not auth: {e}", e.kind()),
                    ));
                }
                return;
            }
        };
        for &capability in GETTERS {
            if !router.capabilities().contains(&capability) {
                continue;
            }
            let subject = format!("{} (wrong password)", capability.operation());
            let Some(result) = Self::bounded(
                limit,
                Check::WrongPassword,
                &subject,
                call(router.as_ref(), capability),
                out,
            )
            .await
            else {
                return;
            };
            if let Err(e) = result {
                self.saw_error(&e, &subject, out);
                if !matches!(e, Error::Auth { .. }) {
                    out.push(Violation::new(
                        Check::WrongPassword,
                        subject,
                        format!("failed with {}, not auth: {e}", e.kind()),
                    ));
                }
                return;
            }
        }
        out.push(Violation::new(
            Check::WrongPassword,
            "wrong password",
            "connect and every listed getter succeeded with a wrong password",
        ));
    }

    /// A peer that accepts and never answers: `Timeout` or `Io`, in time.
    async fn unreachable(&self, out: &mut Vec<Violation>) {
        let peer = match probes::SilentPeer::bind().await {
            Ok(peer) => peer,
            Err(e) => {
                out.push(Violation::new(
                    Check::Unreachable,
                    "setup",
                    format!("cannot open a local listener to play the router: {e}"),
                ));
                return;
            }
        };
        let result = self
            .probe(Check::Unreachable, "unreachable", peer.port(), out)
            .await;
        drop(peer);
        if let Some((e, elapsed)) = result
            && !matches!(e, Error::Timeout { .. } | Error::Io { .. })
        {
            out.push(Violation::new(
                Check::Unreachable,
                "unreachable",
                format!(
                    "failed after {elapsed:?} with {}, not timeout or io: {e}",
                    e.kind()
                ),
            ));
        }
    }

    /// A port that refuses: `Io`, in time.
    async fn refused(&self, out: &mut Vec<Violation>) {
        let port = match probes::refused_port().await {
            Ok(port) => port,
            Err(e) => {
                out.push(Violation::new(
                    Check::Refused,
                    "setup",
                    format!("cannot find a free local port: {e}"),
                ));
                return;
            }
        };
        let result = self.probe(Check::Refused, "refused", port, out).await;
        if let Some((e, elapsed)) = result
            && !matches!(e, Error::Io { .. })
        {
            out.push(Violation::new(
                Check::Refused,
                "refused",
                format!("failed after {elapsed:?} with {}, not io: {e}", e.kind()),
            ));
        }
    }

    /// Connect to 127.0.0.1:`port` with the probe timeout and call the first
    /// listed getter; the error and how long it took, or `None` after
    /// reporting (success, overrun).
    async fn probe(
        &self,
        check: Check,
        subject: &str,
        port: u16,
        out: &mut Vec<Violation>,
    ) -> Option<(Error, Duration)> {
        let mut spec = self.spec.clone();
        spec.host = "127.0.0.1".to_string();
        spec.port = Some(port);
        spec.timeout = self.probe_timeout;
        let started = Instant::now();
        let attempt = async {
            let router = (self.connect)(&spec).await?;
            let first = GETTERS
                .iter()
                .copied()
                .find(|c| router.capabilities().contains(c));
            match first {
                Some(capability) => call(router.as_ref(), capability).await.map(|_| ()),
                None => Ok(()),
            }
        };
        let result =
            Self::bounded(self.bound(self.probe_timeout), check, subject, attempt, out).await?;
        let elapsed = started.elapsed();
        match result {
            Ok(()) => {
                out.push(Violation::new(
                    check,
                    subject,
                    "connect and the first getter succeeded against a router that is not there",
                ));
                None
            }
            Err(e) => {
                self.saw_error(&e, subject, out);
                Some((e, elapsed))
            }
        }
    }
}

/// Call the getter for `capability`; its records as JSON.
async fn call(router: &dyn Router, capability: Capability) -> Result<Vec<Value>> {
    fn one<T: Serialize>(record: T) -> Vec<Value> {
        vec![to_json(record)]
    }
    fn all<T: Serialize>(records: Vec<T>) -> Vec<Value> {
        records.into_iter().map(to_json).collect()
    }
    match capability {
        Capability::Facts => router.facts().await.map(one),
        Capability::Interfaces => router.interfaces().await.map(all),
        Capability::WanLinks => router.wan_links().await.map(all),
        Capability::Clients => router.clients().await.map(all),
        Capability::DhcpLeases => router.dhcp_leases().await.map(all),
        Capability::WifiNetworks => router.wifi_networks().await.map(all),
        Capability::ConfigGet => router.config_get().await.map(one),
        other => Err(router.unsupported(other)),
    }
}

/// A record as JSON; one that cannot be serialized becomes a string the
/// record checks report as "not a JSON object".
fn to_json<T: Serialize>(record: T) -> Value {
    serde_json::to_value(record).unwrap_or_else(|e| Value::String(format!("unserializable: {e}")))
}

fn check_records(capability: Capability, values: &[Value], vendor: &str, out: &mut Vec<Violation>) {
    match capability {
        Capability::Facts => values.iter().for_each(|v| records::facts(v, vendor, out)),
        Capability::Interfaces => records::interfaces(values, out),
        Capability::WanLinks => records::wan_links(values, out),
        Capability::Clients => records::clients(values, out),
        Capability::DhcpLeases => records::dhcp_leases(values, out),
        Capability::WifiNetworks => records::wifi_networks(values, out),
        Capability::ConfigGet => values.iter().for_each(|v| records::config(v, out)),
        _ => {}
    }
}
