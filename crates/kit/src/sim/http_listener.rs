//! [`HttpListener`]: HTTP/1.1 or HTTPS in front of an axum application.

use std::net::SocketAddr;

use axum::Router;
use hyper::service::Service as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use routerctl_core::{Fingerprint, SelfSigned};

use super::{ConnectionScope, Limits, TcpServer};

/// Largest request head hyper buffers; a peer sending more is refused.
const MAX_HEAD: usize = 64 * 1024;

/// A running HTTP(S) simulator listener. Dropping it stops the listener
/// and closes its connections.
#[derive(Debug)]
pub struct HttpListener {
    server: TcpServer,
}

impl HttpListener {
    /// Serve `app` on `addr` (port 0 picks a free one); HTTPS when `tls`
    /// is given. The app sees [`Limits`] as an axum `Extension`, so its
    /// handlers can pass them to [`super::read_body`], and each request
    /// carries its connection's [`super::AuthHandle`] (an
    /// `Extension<AuthHandle>`): call
    /// [`mark_authenticated`](super::AuthHandle::mark_authenticated) after
    /// the first request whose credentials were accepted, or the
    /// connection stays in the pre-auth quota and is closed after
    /// [`Limits::preauth_timeout`]. Each request also carries its
    /// connection's [`super::PeerAddr`] and its [`ConnectionScope`], for
    /// values that should live as long as the connection.
    pub async fn bind(
        addr: SocketAddr,
        app: Router,
        tls: Option<SelfSigned>,
        limits: Limits,
    ) -> std::io::Result<Self> {
        let app = app.layer(axum::Extension(limits));
        let server = TcpServer::bind(addr, tls, limits, move |conn, accepted| {
            let inner = TowerToHyperService::new(app.clone());
            let auth = accepted.auth.clone();
            let peer = super::PeerAddr(accepted.peer);
            let scope = ConnectionScope::default();
            // Every request carries the connection's AuthHandle, so the
            // application can mark it after accepting credentials, its
            // peer address, and its ConnectionScope, dropped with the
            // connection.
            let service = hyper::service::service_fn(move |mut request| {
                request.extensions_mut().insert(auth.clone());
                request.extensions_mut().insert(peer);
                request.extensions_mut().insert(scope.clone());
                inner.call(request)
            });
            async move {
                let mut builder = hyper::server::conn::http1::Builder::new();
                builder
                    .timer(TokioTimer::new())
                    .header_read_timeout(limits.header_timeout)
                    .max_buf_size(MAX_HEAD)
                    .keep_alive(true);
                if let Err(e) = builder.serve_connection(TokioIo::new(conn), service).await {
                    tracing::debug!(peer = %accepted.peer, error = %e, "sim: HTTP connection ended with an error");
                }
            }
        })
        .await?;
        Ok(Self { server })
    }

    /// The address the listener is bound to.
    pub fn local_addr(&self) -> SocketAddr {
        self.server.local_addr()
    }

    /// SHA-256 fingerprint of the certificate, for HTTPS listeners.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.server.fingerprint()
    }

    /// `http://addr` or `https://addr`, without a trailing slash.
    pub fn base_url(&self) -> String {
        let scheme = if self.fingerprint().is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.local_addr())
    }

    /// Stop accepting; see [`TcpServer::shutdown`].
    pub fn shutdown(&self) {
        self.server.shutdown();
    }
}
