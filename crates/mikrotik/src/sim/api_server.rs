//! The binary API front end of the simulator (api on TCP, api-ssl on TLS).
//!
//! The shared [`TcpServer`] accepts connections (with the device's
//! [`ApiSettings::max_connections`](super::ApiSettings::max_connections)
//! cap, a TLS handshake deadline of its login timeout and a write deadline)
//! and hands each to its own task in the private `connection` module,
//! whose per-connection timeouts keep one peer from tying the server up.

use std::net::SocketAddr;

use routerctl_core::{Fingerprint, SelfSigned};
use routerctl_kit::sim::{Limits, TcpServer};

use super::Device;
use super::connection;

/// A running API listener. Dropping it (or [`ApiServer::shutdown`]) stops
/// accepting and closes its connections.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// use routerctl_mikrotik::sim::{ApiServer, Device, SimConfig};
/// let dev = Device::new(SimConfig::new("admin", "pw"));
/// let server = ApiServer::bind(dev, "127.0.0.1:0".parse().unwrap(), None).await?;
/// println!("api on {}", server.local_addr());
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct ApiServer {
    server: TcpServer,
}

impl ApiServer {
    /// Listen on `addr` (port 0 picks a free one). With `tls`, serve
    /// api-ssl with that certificate.
    pub async fn bind(
        device: Device,
        addr: SocketAddr,
        tls: Option<SelfSigned>,
    ) -> std::io::Result<Self> {
        let api = &device.config().api;
        let limits = Limits {
            // The TLS handshake counts against the time a peer has to log in.
            handshake_timeout: api.login_timeout,
            write_timeout: api.write_timeout,
            max_connections: api.max_connections,
            // Logging in is what authenticates a connection; the shared
            // listener closes it when the login timeout passes first, and
            // evicts the oldest connection that has not logged in when the
            // pre-auth quota is full.
            preauth_timeout: api.login_timeout,
            max_preauth: api.max_prelogin_connections,
            ..Limits::default()
        };
        let server = TcpServer::bind(addr, tls, limits, move |conn, accepted| {
            let device = device.clone();
            async move {
                let _hold = device.hold();
                connection::serve(conn, device, accepted).await;
            }
        })
        .await?;
        Ok(Self { server })
    }

    /// The address the listener is bound to (useful after binding port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.server.local_addr()
    }

    /// SHA-256 fingerprint of the TLS certificate, when serving TLS.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.server.fingerprint()
    }

    /// Stop accepting and tell every connection to close.
    pub fn shutdown(&self) {
        self.server.shutdown();
    }
}
