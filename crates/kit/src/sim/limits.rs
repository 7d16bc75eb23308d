//! [`Limits`]: what one peer may cost a simulator.

use std::time::Duration;

/// Per-listener limits. [`Default`] gives production values; tests shorten
/// them to exercise a limit without waiting.
///
/// ```
/// use std::time::Duration;
/// use routerctl_kit::sim::Limits;
/// let limits = Limits { write_timeout: Duration::from_millis(200), ..Limits::default() };
/// assert_eq!(limits.max_connections, 256);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time allowed for a request's headers, and for an idle keep-alive
    /// connection to send its next request (HTTP listeners only).
    pub header_timeout: Duration,
    /// Time allowed to receive a request body ([`super::read_body`]).
    pub body_timeout: Duration,
    /// Time allowed for a TLS handshake.
    pub handshake_timeout: Duration,
    /// Time a reply may wait for the peer to read before the connection is
    /// dropped; restarts whenever the peer reads something.
    pub write_timeout: Duration,
    /// Connections served at once; more are closed on accept.
    pub max_connections: usize,
    /// Largest request body accepted, in bytes ([`super::read_body`]).
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(15),
            body_timeout: Duration::from_secs(15),
            handshake_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(15),
            max_connections: 256,
            max_body: 1024 * 1024,
        }
    }
}
