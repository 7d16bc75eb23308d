//! uhttpd's `/ubus` over HTTP or HTTPS, in front of an [`IxonSim`].
//!
//! HTTP behaviour copied from uhttpd: every JSON-RPC reply is HTTP 200 with
//! `application/json`; a body over 64 KiB is answered with `-32700` and the
//! connection is closed; `GET /ubus/list[/object]` lists objects (500
//! `Ubus Protocol Error` when the object is unknown); other GETs under
//! `/ubus` are 404, `POST` to any other `/ubus/...` path is 404, `OPTIONS`
//! is 200 with an empty body, any other method is 400.
//!
//! Robustness: the body limit is enforced from `Content-Length` before any
//! byte is read and again while reading (chunked bodies); headers must
//! arrive within [`HEADER_TIMEOUT`] (this also closes idle keep-alive
//! connections), bodies within [`BODY_TIMEOUT`], TLS handshakes within
//! [`HANDSHAKE_TIMEOUT`]; a reply that cannot be sent because the client
//! stopped reading is given up after [`WRITE_TIMEOUT`] without progress
//! (hyper itself never times out a write, so a client that pipelines
//! requests and never reads would otherwise hold its connection forever);
//! at most [`MAX_CONNECTIONS`] connections are served at once and further
//! ones are closed on accept. [`ServerLimits`] changes these per server.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use http_body_util::{BodyExt, Limited};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use routerctl_core::{Fingerprint, SelfSigned};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;

use super::{IxonSim, rpc};
use crate::jsonrpc::MAX_REQUEST_BODY;
use routerctl_kit::sim::WriteDeadline;

/// Time allowed for a request's headers (and for an idle keep-alive
/// connection to send its next request).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(15);
/// Time allowed to receive a request body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(15);
/// Time allowed for a TLS handshake.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a reply may wait for the client to read before the connection is
/// dropped; restarts whenever the client reads something.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(15);
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 256;

/// Per-server limits; [`Default`] gives the constants above. Tests shorten
/// them to exercise a limit without waiting for the production value.
///
/// ```
/// use std::time::Duration;
/// use routerctl_ixon::sim::server::ServerLimits;
/// let limits = ServerLimits {
///     write_timeout: Duration::from_millis(200),
///     ..ServerLimits::default()
/// };
/// assert_eq!(limits.max_connections, 256);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// See [`HEADER_TIMEOUT`].
    pub header_timeout: Duration,
    /// See [`HANDSHAKE_TIMEOUT`].
    pub handshake_timeout: Duration,
    /// See [`WRITE_TIMEOUT`].
    pub write_timeout: Duration,
    /// See [`MAX_CONNECTIONS`].
    pub max_connections: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            header_timeout: HEADER_TIMEOUT,
            handshake_timeout: HANDSHAKE_TIMEOUT,
            write_timeout: WRITE_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// A running `/ubus` server. Dropping it stops the server and closes its
/// connections.
#[derive(Debug)]
pub struct HttpServer {
    local_addr: SocketAddr,
    fingerprint: Option<Fingerprint>,
    task: JoinHandle<()>,
}

impl HttpServer {
    /// Listen on `addr` (port 0 picks one); HTTPS when `tls` is given.
    pub async fn bind(
        sim: IxonSim,
        addr: SocketAddr,
        tls: Option<SelfSigned>,
    ) -> io::Result<HttpServer> {
        Self::bind_with(sim, addr, tls, ServerLimits::default()).await
    }

    /// [`HttpServer::bind`] with other [`ServerLimits`].
    pub async fn bind_with(
        sim: IxonSim,
        addr: SocketAddr,
        tls: Option<SelfSigned>,
        limits: ServerLimits,
    ) -> io::Result<HttpServer> {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let fingerprint = tls.as_ref().map(|t| t.fingerprint);
        let acceptor = tls.map(|t| TlsAcceptor::from(t.config));
        let task = tokio::spawn(accept_loop(listener, app(sim), acceptor, limits));
        Ok(HttpServer {
            local_addr,
            fingerprint,
            task,
        })
    }

    /// The address the listener is bound to (useful after binding port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// SHA-256 fingerprint of the certificate, for HTTPS servers.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.fingerprint
    }

    /// The `/ubus` endpoint URL.
    pub fn url(&self) -> String {
        let scheme = if self.fingerprint.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}/ubus", self.local_addr)
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The axum application: uhttpd's `/ubus` routes.
pub fn app(sim: IxonSim) -> Router {
    Router::new()
        .route("/ubus", any(ubus_root))
        .route("/ubus/list", any(list_all))
        .route("/ubus/list/{object}", any(list_one))
        .route("/ubus/{*rest}", any(other_under_ubus))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .with_state(sim)
}

fn json_reply(body: Vec<u8>, close: bool) -> Response {
    let mut response = (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    if close {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

fn too_large() -> Response {
    json_reply(rpc::parse_error_body(), true)
}

async fn ubus_root(
    State(sim): State<IxonSim>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match method {
        Method::POST => {}
        Method::OPTIONS => return StatusCode::OK.into_response(),
        Method::GET => return StatusCode::NOT_FOUND.into_response(),
        _ => return StatusCode::BAD_REQUEST.into_response(),
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_REQUEST_BODY as u64) {
        return too_large();
    }
    let limited = Limited::new(body, MAX_REQUEST_BODY);
    let bytes = match tokio::time::timeout(BODY_TIMEOUT, limited.collect()).await {
        Err(_) => {
            let mut r = StatusCode::REQUEST_TIMEOUT.into_response();
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return r;
        }
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return too_large(),
        Ok(Err(_)) => return StatusCode::BAD_REQUEST.into_response(),
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    json_reply(sim.handle_body(&bytes), false)
}

fn non_get(method: &Method) -> Option<Response> {
    match *method {
        Method::GET => None,
        Method::OPTIONS => Some(StatusCode::OK.into_response()),
        Method::POST => Some(StatusCode::NOT_FOUND.into_response()),
        _ => Some(StatusCode::BAD_REQUEST.into_response()),
    }
}

async fn list_all(State(sim): State<IxonSim>, method: Method) -> Response {
    if let Some(r) = non_get(&method) {
        return r;
    }
    json_reply(
        serde_json::to_vec(&sim.list(&[])).unwrap_or_default(),
        false,
    )
}

async fn list_one(
    State(sim): State<IxonSim>,
    method: Method,
    Path(object): Path<String>,
) -> Response {
    if let Some(r) = non_get(&method) {
        return r;
    }
    let found = sim.list(&[object.as_str()]);
    if found.as_object().is_none_or(|m| m.is_empty()) {
        return (StatusCode::INTERNAL_SERVER_ERROR, "Ubus Protocol Error").into_response();
    }
    json_reply(serde_json::to_vec(&found).unwrap_or_default(), false)
}

async fn other_under_ubus(method: Method) -> Response {
    match method {
        Method::GET | Method::POST => StatusCode::NOT_FOUND.into_response(),
        Method::OPTIONS => StatusCode::OK.into_response(),
        _ => StatusCode::BAD_REQUEST.into_response(),
    }
}

async fn accept_loop(
    listener: TcpListener,
    app: Router,
    tls: Option<TlsAcceptor>,
    limits: ServerLimits,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _peer)) => stream,
                    Err(e) => {
                        // Out of file descriptors and the like: back off
                        // briefly instead of spinning.
                        tracing::warn!(error = %e, "sim: accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let Ok(permit) = permits.clone().try_acquire_owned() else {
                    tracing::warn!("sim: connection limit reached; closing new connection");
                    continue;
                };
                let app = app.clone();
                let tls = tls.clone();
                connections.spawn(async move {
                    serve_connection(stream, app, tls, limits).await;
                    drop(permit);
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn serve_connection(
    stream: TcpStream,
    app: Router,
    tls: Option<TlsAcceptor>,
    limits: ServerLimits,
) {
    // Under TLS too the deadline sits on the TCP stream: that is where a
    // client that stops reading makes writes wait.
    let stream = WriteDeadline::new(stream, limits.write_timeout);
    let service = TowerToHyperService::new(app);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(64 * 1024)
        .keep_alive(true);
    let result = match tls {
        None => {
            builder
                .serve_connection(TokioIo::new(stream), service)
                .await
        }
        Some(acceptor) => {
            match tokio::time::timeout(limits.handshake_timeout, acceptor.accept(stream)).await {
                Ok(Ok(tls_stream)) => {
                    builder
                        .serve_connection(TokioIo::new(tls_stream), service)
                        .await
                }
                Ok(Err(e)) => {
                    tracing::debug!(error = %e, "sim: TLS handshake failed");
                    return;
                }
                Err(_) => {
                    tracing::debug!("sim: TLS handshake timed out");
                    return;
                }
            }
        }
    };
    if let Err(e) = result {
        tracing::debug!(error = %e, "sim: connection ended with an error");
    }
}
