//! The one accept loop every listener runs: admission, TLS handshake with a
//! deadline, the write deadline, and the connection tasks' lifetime.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

use super::{Conn, Limits, WriteDeadline};

/// What a handler learns about the connection it serves besides its bytes.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The peer's address.
    pub peer: SocketAddr,
    /// Turns `true` when the listener shuts down; long-lived handlers
    /// (streams) watch it to end politely before they are aborted.
    pub stop: watch::Receiver<bool>,
}

/// Accept until `stop` turns true, serving each admitted connection with
/// `handler` in its own task. Dropping the future (aborting its task) drops
/// the `JoinSet` and with it every connection.
pub(super) async fn accept_loop<H, F>(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
    handler: H,
) where
    H: Fn(Conn, Accepted) -> F + Send + Sync + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    let handler = Arc::new(handler);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
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
                // Out of file descriptors and the like: back off briefly
                // instead of spinning.
                tracing::debug!(error = %e, "sim: accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            tracing::debug!(%peer, "sim: connection limit of {} reached; closing", limits.max_connections);
            continue;
        };
        let _ = socket.set_nodelay(true);
        let handler = handler.clone();
        let tls = tls.clone();
        let info = Accepted {
            peer,
            stop: stop.clone(),
        };
        connections.spawn(async move {
            let _permit = permit;
            let socket = WriteDeadline::new(socket, limits.write_timeout);
            let conn = match tls {
                None => Conn::Plain(socket),
                Some(acceptor) => {
                    match tokio::time::timeout(limits.handshake_timeout, acceptor.accept(socket))
                        .await
                    {
                        Ok(Ok(stream)) => Conn::Tls(Box::new(stream)),
                        Ok(Err(e)) => {
                            tracing::debug!(%peer, error = %e, "sim: TLS handshake failed");
                            return;
                        }
                        Err(_) => {
                            tracing::debug!(%peer, "sim: TLS handshake timed out");
                            return;
                        }
                    }
                }
            };
            handler(conn, info).await;
        });
    }
    connections.shutdown().await;
}
