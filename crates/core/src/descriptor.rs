//! What a vendor crate tells the binary about its driver: the vendor name,
//! the protocols it speaks (default port, TLS, streaming) and how to
//! connect.
//!
//! The binary keeps no table of its own about vendors: the inventory
//! validates `vendor` and `protocol` against these descriptors, the
//! connector calls [`DriverDescriptor::connect`], and `--help` lists them.
//! A new vendor therefore changes nothing in the binary but the one line
//! that names its crate.
//!
//! ```
//! use routerctl_core::{DriverDescriptor, ProtocolSpec};
//! # use routerctl_core::{BoxFuture, ConnectSpec, Result, Router};
//! # fn connect(spec: &ConnectSpec) -> BoxFuture<'_, Result<Box<dyn Router>>> {
//! #     Box::pin(async move { Err(spec.context("connect").unsupported("example")) })
//! # }
//! pub const DRIVER: DriverDescriptor = DriverDescriptor {
//!     vendor: "example",
//!     summary: "Example routers over their JSON API",
//!     protocols: &[
//!         ProtocolSpec { name: "https", default_port: 443, tls: true, streams: false },
//!         ProtocolSpec { name: "http", default_port: 80, tls: false, streams: false },
//!     ],
//!     connect,
//! };
//! assert_eq!(DRIVER.default_protocol().map(|p| p.name), Some("https"));
//! assert!(DRIVER.uses_tls("https") && !DRIVER.uses_tls("http"));
//! ```

use std::fmt;

use crate::router::ConnectFn;
use crate::{ConnectSpec, Result};

/// One protocol a driver speaks, as an inventory names it (`protocol = "..."`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProtocolSpec {
    /// The inventory spelling (`api`, `api-ssl`, `https`, ...).
    pub name: &'static str,
    /// The port used when the inventory names none.
    pub default_port: u16,
    /// Whether it runs over TLS, and so honours `tls_fingerprint`,
    /// `ca_file` and `insecure`.
    pub tls: bool,
    /// Whether streaming commands (`routerctl watch`) work over it.
    pub streams: bool,
}

impl ProtocolSpec {
    /// HTTPS on 443: the protocol of every HTTP family that speaks TLS.
    pub const HTTPS: ProtocolSpec = ProtocolSpec {
        name: "https",
        default_port: 443,
        tls: true,
        streams: false,
    };
    /// Plain HTTP on 80.
    pub const HTTP: ProtocolSpec = ProtocolSpec {
        name: "http",
        default_port: 80,
        tls: false,
        streams: false,
    };

    /// The one of `protocols` that `spec` asks for — the first when it
    /// names none — or a configuration error that lists the choices.
    ///
    /// ```
    /// use routerctl_core::{ConnectSpec, Credentials, ProtocolSpec};
    /// const BOTH: &[ProtocolSpec] = &[ProtocolSpec::HTTPS, ProtocolSpec::HTTP];
    /// let mut spec = ConnectSpec::new("r1", "example", "::1", Credentials::new("a", "b"));
    /// assert_eq!(ProtocolSpec::select(BOTH, &spec).unwrap().http_origin(&spec), "https://[::1]:443");
    /// spec.protocol = Some("telnet".into());
    /// assert!(ProtocolSpec::select(BOTH, &spec).unwrap_err().to_string().contains("https, http"));
    /// ```
    pub fn select<'p>(
        protocols: &'p [ProtocolSpec],
        spec: &ConnectSpec,
    ) -> Result<&'p ProtocolSpec> {
        let found = match spec.protocol.as_deref() {
            None => protocols.first(),
            Some(name) => protocols.iter().find(|p| p.name == name),
        };
        found.ok_or_else(|| {
            let names: Vec<&str> = protocols.iter().map(|p| p.name).collect();
            spec.context("connect").config(format!(
                "protocol {:?} is not one of {} for {}",
                spec.protocol.as_deref().unwrap_or(""),
                names.join(", "),
                spec.vendor
            ))
        })
    }

    /// `scheme://host:port` of this protocol on `spec`'s host: `https`
    /// when it runs over TLS, else `http`; IPv6 hosts bracketed; the
    /// spec's port, else this protocol's default.
    pub fn http_origin(&self, spec: &ConnectSpec) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        origin(scheme, &spec.host, spec.port.unwrap_or(self.default_port))
    }
}

/// `scheme://host:port` with an IPv6 literal bracketed, the one spelling
/// of an HTTP origin every HTTP family uses (URLs, error messages).
///
/// ```
/// use routerctl_core::descriptor::origin;
/// assert_eq!(origin("https", "::1", 443), "https://[::1]:443");
/// assert_eq!(origin("http", "[::1]", 80), "http://[::1]:80");
/// assert_eq!(origin("http", "r1.lan", 8080), "http://r1.lan:8080");
/// ```
pub fn origin(scheme: &str, host: &str, port: u16) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("{scheme}://[{host}]:{port}")
    } else {
        format!("{scheme}://{host}:{port}")
    }
}

/// A vendor family the binary can talk to: exported by the vendor crate
/// (`routerctl_mikrotik::DRIVER`, ...) and listed once in the binary's
/// registry.
#[derive(Clone, Copy)]
pub struct DriverDescriptor {
    /// The name inventories use (`vendor = "..."`) and output shows; also
    /// what [`Router::vendor`](crate::Router::vendor) returns.
    pub vendor: &'static str,
    /// One line for help texts: what devices, over what.
    pub summary: &'static str,
    /// Accepted protocols; the first is the default. Never empty.
    pub protocols: &'static [ProtocolSpec],
    /// Opens a session; `ConnectSpec::vendor` is [`Self::vendor`] and its
    /// protocol one of [`Self::protocols`] (or `None` for the default).
    pub connect: ConnectFn,
}

impl DriverDescriptor {
    /// The protocol used when the inventory names none.
    pub fn default_protocol(&self) -> Option<&'static ProtocolSpec> {
        self.protocols.first()
    }

    /// The protocol called `name`, if this driver speaks it.
    pub fn protocol(&self, name: &str) -> Option<&'static ProtocolSpec> {
        self.protocols.iter().find(|p| p.name == name)
    }

    /// Whether `protocol` is one of this driver's and runs over TLS.
    pub fn uses_tls(&self, protocol: &str) -> bool {
        self.protocol(protocol).is_some_and(|p| p.tls)
    }

    /// The protocol names, default first, for messages.
    pub fn protocol_names(&self) -> Vec<&'static str> {
        self.protocols.iter().map(|p| p.name).collect()
    }
}

impl fmt::Debug for DriverDescriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DriverDescriptor")
            .field("vendor", &self.vendor)
            .field("summary", &self.summary)
            .field("protocols", &self.protocols)
            .finish_non_exhaustive()
    }
}
