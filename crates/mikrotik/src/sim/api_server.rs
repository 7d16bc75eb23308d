//! The binary API front end of the simulator (api on TCP, api-ssl on TLS).
//!
//! The listener accepts connections and hands each to its own task
//! (the private `connection` module); a cap on concurrent connections and per-
//! connection timeouts keep one peer from tying the server up.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use routerctl_core::{Fingerprint, SelfSigned};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

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
    local_addr: SocketAddr,
    fingerprint: Option<Fingerprint>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl ApiServer {
    /// Listen on `addr` (port 0 picks a free one). With `tls`, serve
    /// api-ssl with that certificate.
    pub async fn bind(
        device: Device,
        addr: SocketAddr,
        tls: Option<SelfSigned>,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let fingerprint = tls.as_ref().map(|t| t.fingerprint);
        let acceptor = tls.map(|t| TlsAcceptor::from(t.config.clone()));
        let (stop, stop_rx) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, device, acceptor, stop_rx));
        Ok(Self {
            local_addr,
            fingerprint,
            stop,
            task,
        })
    }

    /// The address the listener is bound to (useful after binding port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// SHA-256 fingerprint of the TLS certificate, when serving TLS.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.fingerprint
    }

    /// Stop accepting and close every connection.
    pub fn shutdown(&self) {
        self.stop.send_replace(true);
    }
}

impl Drop for ApiServer {
    fn drop(&mut self) {
        self.stop.send_replace(true);
        self.task.abort();
    }
}

async fn accept_loop(
    listener: TcpListener,
    device: Device,
    tls: Option<TlsAcceptor>,
    mut stop: watch::Receiver<bool>,
) {
    let limit = device.config().api.max_connections.max(1);
    let slots = Arc::new(Semaphore::new(limit));
    // Owning the connection tasks here means aborting this task (drop of
    // the server) aborts them all.
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let accepted = tokio::select! {
            _ = stop.changed() => break,
            a = listener.accept() => a,
        };
        let (socket, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of file descriptors and the like: back off briefly.
                tracing::debug!(error = %e, "api accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            tracing::debug!(%peer, "api connection refused: limit of {limit} reached");
            drop(socket);
            continue;
        };
        let _ = socket.set_nodelay(true);
        let device = device.clone();
        let tls = tls.clone();
        let stop = stop.clone();
        connections.spawn(async move {
            let _permit = permit;
            let handshake_limit = device.config().api.login_timeout;
            match tls {
                None => connection::serve(socket, device, peer, stop).await,
                Some(acceptor) => {
                    match tokio::time::timeout(handshake_limit, acceptor.accept(socket)).await {
                        Ok(Ok(stream)) => connection::serve(stream, device, peer, stop).await,
                        Ok(Err(e)) => {
                            tracing::debug!(%peer, error = %e, "api-ssl handshake failed")
                        }
                        Err(_) => tracing::debug!(%peer, "api-ssl handshake timed out"),
                    }
                }
            }
        });
    }
    connections.shutdown().await;
}
