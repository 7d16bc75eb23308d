//! One error type for every driver and client.
//!
//! Every variant names the router (the inventory name, or `host:port` when a
//! client is used on its own) and the operation, so a fleet run's failures
//! can be read without context. Vendor errors keep the vendor's own code and
//! message untouched.

use std::time::Duration;

/// Result alias used across routerctl.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong talking to a router.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The driver or the device cannot do this at all.
    #[error("{router}: {operation} is not supported by {vendor}")]
    Unsupported {
        /// The router: inventory name, or `host:port` for a bare client.
        router: String,
        /// The vendor family whose API answered.
        vendor: String,
        /// What was being done (`login`, `facts`, `/ip/address/print`, ...).
        operation: String,
    },
    /// Login failed or the session was refused.
    #[error("{router}: {operation}: authentication failed: {message}")]
    Auth {
        /// The router: inventory name, or `host:port` for a bare client.
        router: String,
        /// What was being done (`login`, `facts`, `/ip/address/print`, ...).
        operation: String,
        /// What went wrong, in the vendor's or the transport's words.
        message: String,
    },
    /// Nothing arrived in time.
    #[error("{router}: {operation}: timed out after {}", humanize(*after))]
    Timeout {
        /// The router: inventory name, or `host:port` for a bare client.
        router: String,
        /// What was being done (`login`, `facts`, `/ip/address/print`, ...).
        operation: String,
        /// How long routerctl waited.
        after: Duration,
    },
    /// The peer sent something that does not follow the protocol.
    #[error("{router}: {operation}: protocol error: {message}")]
    Protocol {
        /// The router: inventory name, or `host:port` for a bare client.
        router: String,
        /// What was being done (`login`, `facts`, `/ip/address/print`, ...).
        operation: String,
        /// What went wrong, in the vendor's or the transport's words.
        message: String,
    },
    /// The transport failed.
    #[error("{router}: {operation}: {source}")]
    Io {
        /// The router: inventory name, or `host:port` for a bare client.
        router: String,
        /// What was being done (`login`, `facts`, `/ip/address/print`, ...).
        operation: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// TLS setup or handshake failed (wrong pin, unknown CA, ...).
    #[error("{router}: {operation}: TLS: {message}")]
    Tls {
        /// The router: inventory name, or `host:port` for a bare client.
        router: String,
        /// What was being done (`login`, `facts`, `/ip/address/print`, ...).
        operation: String,
        /// What went wrong, in the vendor's or the transport's words.
        message: String,
    },
    /// The connection went away (for RouterOS: `!fatal` or a dropped socket).
    #[error("{router}: {operation}: connection closed: {reason}")]
    Disconnected {
        /// The router: inventory name, or `host:port` for a bare client.
        router: String,
        /// What was being done (`login`, `facts`, `/ip/address/print`, ...).
        operation: String,
        /// Why the connection ended (RouterOS: the `!fatal` reason word).
        reason: String,
    },
    /// The device answered with an error of its own.
    #[error("{router}: {operation}: {vendor} error{}: {message}", code.as_ref().map(|c| format!(" {c}")).unwrap_or_default())]
    Vendor {
        /// The router: inventory name, or `host:port` for a bare client.
        router: String,
        /// What was being done (`login`, `facts`, `/ip/address/print`, ...).
        operation: String,
        /// The vendor family whose API answered.
        vendor: String,
        /// The vendor's own error code (RouterOS trap category, HTTP status, JSON-RPC code, ...).
        code: Option<String>,
        /// What went wrong, in the vendor's or the transport's words.
        message: String,
    },
    /// A setting is wrong (bad fingerprint, unreadable CA file, ...).
    #[error("{router}: configuration: {message}")]
    Config {
        /// The router: inventory name, or `host:port` for a bare client.
        router: String,
        /// What went wrong, in the vendor's or the transport's words.
        message: String,
    },
}

fn humanize(d: Duration) -> String {
    if d.as_millis() % 1000 == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

impl Error {
    /// Short machine-readable kind, used in JSON output (`error.kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Unsupported { .. } => "unsupported",
            Error::Auth { .. } => "auth",
            Error::Timeout { .. } => "timeout",
            Error::Protocol { .. } => "protocol",
            Error::Io { .. } => "io",
            Error::Tls { .. } => "tls",
            Error::Disconnected { .. } => "disconnected",
            Error::Vendor { .. } => "vendor",
            Error::Config { .. } => "config",
        }
    }

    /// The vendor's own error code, when the device gave one.
    pub fn vendor_code(&self) -> Option<&str> {
        match self {
            Error::Vendor { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// Replace the router label (clients label errors with `host:port`; the
    /// fleet runner knows the inventory name).
    pub fn with_router(mut self, name: &str) -> Self {
        match &mut self {
            Error::Unsupported { router, .. }
            | Error::Auth { router, .. }
            | Error::Timeout { router, .. }
            | Error::Protocol { router, .. }
            | Error::Io { router, .. }
            | Error::Tls { router, .. }
            | Error::Disconnected { router, .. }
            | Error::Vendor { router, .. }
            | Error::Config { router, .. } => *router = name.to_string(),
        }
        self
    }
}

/// Names a router and an operation once, then builds errors about them.
///
/// ```
/// use routerctl_core::ErrorContext;
/// let ctx = ErrorContext::new("r1", "facts");
/// let e = ctx.protocol("unexpected reply");
/// assert_eq!(e.to_string(), "r1: facts: protocol error: unexpected reply");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorContext {
    /// The router every error from this context names.
    pub router: String,
    /// The operation every error from this context names.
    pub operation: String,
}

impl ErrorContext {
    /// A context for `operation` on `router`.
    pub fn new(router: impl Into<String>, operation: impl Into<String>) -> Self {
        Self {
            router: router.into(),
            operation: operation.into(),
        }
    }

    /// [`Error::Unsupported`]: `vendor` cannot do this operation.
    pub fn unsupported(&self, vendor: &str) -> Error {
        Error::Unsupported {
            router: self.router.clone(),
            vendor: vendor.to_string(),
            operation: self.operation.clone(),
        }
    }
    /// [`Error::Auth`]: login or session refused.
    pub fn auth(&self, message: impl Into<String>) -> Error {
        Error::Auth {
            router: self.router.clone(),
            operation: self.operation.clone(),
            message: message.into(),
        }
    }
    /// [`Error::Timeout`]: nothing arrived within `after`.
    pub fn timeout(&self, after: Duration) -> Error {
        Error::Timeout {
            router: self.router.clone(),
            operation: self.operation.clone(),
            after,
        }
    }
    /// [`Error::Protocol`]: the peer broke the protocol.
    pub fn protocol(&self, message: impl Into<String>) -> Error {
        Error::Protocol {
            router: self.router.clone(),
            operation: self.operation.clone(),
            message: message.into(),
        }
    }
    /// [`Error::Io`]: the transport failed.
    pub fn io(&self, source: std::io::Error) -> Error {
        Error::Io {
            router: self.router.clone(),
            operation: self.operation.clone(),
            source,
        }
    }
    /// [`Error::Tls`]: TLS setup or handshake failed.
    pub fn tls(&self, message: impl Into<String>) -> Error {
        Error::Tls {
            router: self.router.clone(),
            operation: self.operation.clone(),
            message: message.into(),
        }
    }
    /// [`Error::Disconnected`]: the connection ended.
    pub fn disconnected(&self, reason: impl Into<String>) -> Error {
        Error::Disconnected {
            router: self.router.clone(),
            operation: self.operation.clone(),
            reason: reason.into(),
        }
    }
    /// [`Error::Vendor`]: the device refused with its own code and message.
    pub fn vendor(&self, vendor: &str, code: Option<String>, message: impl Into<String>) -> Error {
        Error::Vendor {
            router: self.router.clone(),
            operation: self.operation.clone(),
            vendor: vendor.to_string(),
            code,
            message: message.into(),
        }
    }
    /// [`Error::Config`]: a setting is wrong.
    pub fn config(&self, message: impl Into<String>) -> Error {
        Error::Config {
            router: self.router.clone(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_router_and_operation() {
        let ctx = ErrorContext::new("edge-1", "interfaces");
        assert_eq!(
            ctx.timeout(Duration::from_secs(5)).to_string(),
            "edge-1: interfaces: timed out after 5s"
        );
        assert_eq!(
            ctx.vendor("mikrotik", Some("1".into()), "bad value")
                .to_string(),
            "edge-1: interfaces: mikrotik error 1: bad value"
        );
        assert_eq!(
            ctx.vendor("mikrotik", None, "no such item (4)").to_string(),
            "edge-1: interfaces: mikrotik error: no such item (4)"
        );
        assert_eq!(ctx.unsupported("linksys").kind(), "unsupported");
    }

    #[test]
    fn with_router_relabels() {
        let e = ErrorContext::new("10.0.0.1:8728", "login")
            .auth("bad")
            .with_router("core");
        assert!(e.to_string().starts_with("core: login:"));
    }
}
