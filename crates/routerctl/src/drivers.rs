//! The driver registry: vendor name -> how to connect, and which protocols
//! that vendor speaks.
//!
//! This is the only place in the binary that names vendor crates. Adding a
//! vendor is one line in [`DRIVERS`].

use futures_util::future::BoxFuture;
use routerctl_core::{ConnectSpec, Result, Router};

/// How to open a session for one vendor.
pub type ConnectFn = for<'a> fn(&'a ConnectSpec) -> BoxFuture<'a, Result<Box<dyn Router>>>;

/// One vendor family the binary can talk to.
pub struct Driver {
    /// Name used in inventories (`vendor = "..."`) and output.
    pub vendor: &'static str,
    /// Accepted `protocol` values; the first is the default.
    pub protocols: &'static [&'static str],
    /// Protocols that run over TLS (and so honour `tls_fingerprint`,
    /// `ca_file` and `insecure`).
    pub tls_protocols: &'static [&'static str],
    pub connect: ConnectFn,
}

/// Every driver compiled into this binary. One line per vendor (kept on one
/// line on purpose, hence `rustfmt::skip`).
#[rustfmt::skip]
pub static DRIVERS: &[Driver] = &[
    Driver { vendor: "mikrotik", protocols: &["api", "api-ssl", "rest", "rest-http"], tls_protocols: &["api-ssl", "rest"], connect: |s| Box::pin(routerctl_mikrotik::connect(s)) },
    Driver { vendor: "ixon",     protocols: &["https", "http"],  tls_protocols: &["https"],   connect: |s| Box::pin(routerctl_ixon::connect(s)) },
    Driver { vendor: "openwrt",  protocols: &["https", "http"],  tls_protocols: &["https"],   connect: |s| Box::pin(routerctl_ixon::connect(s)) },
    Driver { vendor: "linksys",  protocols: &["http", "https"],  tls_protocols: &["https"],   connect: |s| Box::pin(routerctl_linksys::connect(s)) },
];

/// The driver for `vendor`, if compiled in.
pub fn find(vendor: &str) -> Option<&'static Driver> {
    DRIVERS.iter().find(|d| d.vendor == vendor)
}

/// Names of all known vendors, for error messages.
pub fn vendor_names() -> Vec<&'static str> {
    DRIVERS.iter().map(|d| d.vendor).collect()
}

impl Driver {
    /// The protocol used when the inventory names none.
    pub fn default_protocol(&self) -> &'static str {
        self.protocols.first().copied().unwrap_or("")
    }

    /// Whether `protocol` (already validated) runs over TLS.
    pub fn uses_tls(&self, protocol: &str) -> bool {
        self.tls_protocols.contains(&protocol)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_well_formed() {
        for d in DRIVERS {
            assert!(!d.protocols.is_empty(), "{} has no protocol", d.vendor);
            for p in d.tls_protocols {
                assert!(d.protocols.contains(p), "{}: {p} not a protocol", d.vendor);
            }
            assert_eq!(find(d.vendor).map(|f| f.vendor), Some(d.vendor));
        }
        assert!(find("cisco").is_none());
        assert_eq!(find("mikrotik").map(|d| d.default_protocol()), Some("api"));
        for ubus in ["ixon", "openwrt"] {
            let d = find(ubus).unwrap_or_else(|| panic!("{ubus} registered"));
            assert_eq!(d.default_protocol(), "https");
            assert!(d.uses_tls("https") && !d.uses_tls("http"));
        }
    }
}
