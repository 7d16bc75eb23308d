//! [`TcpServer`]: a raw TCP/TLS listener for binary protocols (the
//! RouterOS API), with the same admission and deadlines as HTTP.

use std::future::Future;
use std::net::SocketAddr;

use routerctl_core::{Fingerprint, SelfSigned};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use super::accept::{Accepted, accept_loop};
use super::{Conn, Limits};

/// A running raw listener. Dropping it (or [`TcpServer::shutdown`]) stops
/// accepting and closes every connection.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// use tokio::io::AsyncWriteExt;
/// use routerctl_kit::sim::{Limits, TcpServer};
/// let server = TcpServer::bind("127.0.0.1:0".parse().unwrap(), None, Limits::default(), |mut conn, _| async move {
///     let _ = conn.write_all(b"hello\n").await;
/// }).await?;
/// println!("on {}", server.local_addr());
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct TcpServer {
    local_addr: SocketAddr,
    fingerprint: Option<Fingerprint>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl TcpServer {
    /// Listen on `addr` (port 0 picks a free one); TLS when `tls` is given.
    /// Each admitted connection is served by `handler` in its own task.
    pub async fn bind<H, F>(
        addr: SocketAddr,
        tls: Option<SelfSigned>,
        limits: Limits,
        handler: H,
    ) -> std::io::Result<Self>
    where
        H: Fn(Conn, Accepted) -> F + Send + Sync + 'static,
        F: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let fingerprint = tls.as_ref().map(|t| t.fingerprint);
        let acceptor = tls.map(|t| TlsAcceptor::from(t.config));
        let (stop, stop_rx) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, acceptor, limits, stop_rx, handler));
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

    /// SHA-256 fingerprint of the certificate, when serving TLS.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.fingerprint
    }

    /// Stop accepting and tell every handler to stop (its
    /// [`Accepted::stop`] turns true); connections still open when the
    /// server is dropped are closed then.
    pub fn shutdown(&self) {
        self.stop.send_replace(true);
    }
}

impl Drop for TcpServer {
    fn drop(&mut self) {
        self.stop.send_replace(true);
        self.task.abort();
    }
}
