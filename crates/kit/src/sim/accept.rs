//! The one accept loop every listener runs: fair admission (see
//! [`super::admission`]), the pre-auth deadline, TLS handshake with a
//! deadline, the write deadline, rate-limited refusal logging, and the
//! connection tasks' lifetime.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_rustls::TlsAcceptor;

use super::admission::{self, AuthHandle, Refusal};
use super::{Conn, Limits, WriteDeadline};

/// At most one refusal WARN per this interval, with the counts since the
/// last one.
const REFUSAL_LOG_INTERVAL: Duration = Duration::from_secs(10);

/// Refusals and evictions since the last WARN.
struct RefusalLog {
    addr: Option<SocketAddr>,
    refused: usize,
    evicted: usize,
    reason: Option<&'static str>,
    last_warn: Option<Instant>,
    /// WARN lines written (for tests).
    warned: usize,
}

impl RefusalLog {
    fn new(addr: Option<SocketAddr>) -> Self {
        Self {
            addr,
            refused: 0,
            evicted: 0,
            reason: None,
            last_warn: None,
            warned: 0,
        }
    }

    fn pending(&self) -> bool {
        self.refused + self.evicted > 0
    }

    /// When the next WARN may go out.
    fn next_warn(&self) -> Instant {
        self.last_warn
            .map_or_else(Instant::now, |t| t + REFUSAL_LOG_INTERVAL)
    }

    fn note(&mut self, refused: Option<Refusal>, evicted: usize) {
        if let Some(r) = refused {
            self.refused += 1;
            self.reason = Some(r.text());
        }
        self.evicted += evicted;
        if self.pending() && Instant::now() >= self.next_warn() {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.pending() {
            return;
        }
        let listener = self.addr.map(|a| a.to_string()).unwrap_or_default();
        tracing::warn!(
            %listener,
            refused = self.refused,
            evicted_preauth = self.evicted,
            reason = self.reason.unwrap_or("pre-auth quota"),
            "sim: connections refused or evicted under load (at most one such line per {} s)",
            REFUSAL_LOG_INTERVAL.as_secs()
        );
        self.refused = 0;
        self.evicted = 0;
        self.reason = None;
        self.last_warn = Some(Instant::now());
        self.warned += 1;
    }
}

/// Resolves when `limit` passes without the connection authenticating.
async fn preauth_expired(auth: &AuthHandle, limit: Duration) {
    tokio::select! {
        biased;
        () = auth.authenticated() => std::future::pending::<()>().await,
        () = tokio::time::sleep(limit) => {}
    }
}

/// What a handler learns about the connection it serves besides its bytes.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The peer's address.
    pub peer: SocketAddr,
    /// Turns `true` when the listener shuts down; long-lived handlers
    /// (streams) watch it to end politely before they are aborted.
    pub stop: watch::Receiver<bool>,
    /// Mark the connection authenticated once its peer logged in: it
    /// leaves the pre-auth quota (where it could be evicted) and its
    /// pre-auth deadline ends.
    pub auth: AuthHandle,
}

/// The peer address of the connection a request came on: every request an
/// [`HttpListener`](super::HttpListener) serves carries one as an
/// extension, so an app can enforce per-user source restrictions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerAddr(pub SocketAddr);

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
    let id = admission::register_listener();
    let mut log = RefusalLog::new(listener.local_addr().ok());
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let flush_at = log.next_warn();
        let pending = log.pending();
        let accepted = tokio::select! {
            _ = stop.changed() => break,
            () = tokio::time::sleep_until(flush_at), if pending => {
                log.flush();
                continue;
            }
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
        let admitted = match admission::admit(id, peer.ip(), &limits) {
            Ok(a) => a,
            Err(refusal) => {
                tracing::debug!(%peer, reason = refusal.text(), "sim: connection refused");
                log.note(Some(refusal), 0);
                continue;
            }
        };
        log.note(None, admitted.evicted);
        let ticket = admitted.ticket;
        let slot = Arc::clone(&ticket.0);
        let _ = socket.set_nodelay(true);
        let handler = handler.clone();
        let tls = tls.clone();
        let auth = slot.auth.clone();
        let info = Accepted {
            peer,
            stop: stop.clone(),
            auth: auth.clone(),
        };
        let task = connections.spawn(async move {
            let _ticket = ticket;
            let serve = async move {
                let socket = WriteDeadline::new(socket, limits.write_timeout);
                let conn = match tls {
                    None => Conn::Plain(socket),
                    Some(acceptor) => {
                        match tokio::time::timeout(
                            limits.handshake_timeout,
                            acceptor.accept(socket),
                        )
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
            };
            tokio::select! {
                () = serve => {}
                () = preauth_expired(&auth, limits.preauth_timeout) => {
                    tracing::debug!(%peer, "sim: not authenticated in time; closing");
                }
            }
        });
        slot.track(task);
    }
    log.flush();
    connections.shutdown().await;
    admission::unregister_listener(id);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A thousand refusals in a burst give one WARN now and one with the
    /// rest of the count after the interval, not a thousand lines.
    #[tokio::test(start_paused = true)]
    async fn refusal_warnings_are_rate_limited() {
        let mut log = RefusalLog::new(None);
        for _ in 0..1000 {
            log.note(Some(Refusal::Listener), 1);
        }
        assert_eq!(log.warned, 1);
        assert_eq!((log.refused, log.evicted), (999, 999));
        tokio::time::advance(REFUSAL_LOG_INTERVAL).await;
        log.note(Some(Refusal::PerSource), 0);
        assert_eq!(log.warned, 2);
        assert!(!log.pending());
    }
}
