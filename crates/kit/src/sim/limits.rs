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
/// assert_eq!(limits.max_preauth, 64);
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
    /// Connections this listener serves at once. At the cap the oldest
    /// pre-auth connection is evicted; when all are authenticated, new
    /// ones are closed on accept.
    pub max_connections: usize,
    /// Largest request body accepted, in bytes ([`super::read_body`]).
    pub max_body: usize,
    /// Connections of this listener that have not authenticated yet
    /// (see [`super::AuthHandle`]); a new one over the quota evicts the
    /// oldest.
    pub max_preauth: usize,
    /// Time a connection has to authenticate (TLS handshake included);
    /// after it the connection is closed.
    pub preauth_timeout: Duration,
    /// Connections of this listener from one source IP address. At the
    /// cap that address's oldest pre-auth connection is evicted; when all
    /// of them are authenticated, a new one is refused. On loopback every
    /// peer shares `127.0.0.1`, hence the generous default.
    pub max_per_source: usize,
    /// Connections of the whole process, across every listener (each
    /// listener compares the shared count with its own value). Keep it
    /// under the file-descriptor limit (`ulimit -n`, often 1024) so that a
    /// flood cannot make `accept` fail for everyone.
    pub process_budget: usize,
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
            max_preauth: 64,
            preauth_timeout: Duration::from_secs(10),
            max_per_source: 128,
            process_budget: 768,
        }
    }
}
