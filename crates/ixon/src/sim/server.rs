//! uhttpd's `/ubus` over HTTP or HTTPS, in front of an [`IxonSim`].
//!
//! HTTP behaviour copied from uhttpd: every JSON-RPC reply is HTTP 200 with
//! `application/json`; a body over 64 KiB is answered with `-32700` and the
//! connection is closed; `GET /ubus/list[/object]` lists objects (500
//! `Ubus Protocol Error` when the object is unknown); other GETs under
//! `/ubus` are 404, `POST` to any other `/ubus/...` path is 404, `OPTIONS`
//! is 200 with an empty body, any other method is 400.
//!
//! Robustness (connection cap, header, body, handshake and write
//! deadlines, the body limit before and while reading) is the shared
//! [`HttpListener`]'s and [`read_body`]'s; this module only says what
//! uhttpd answers when a limit is hit.

use std::io;
use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use routerctl_core::{Fingerprint, SelfSigned};
use routerctl_kit::sim::{AuthHandle, BodyError, HttpListener, Limits, read_body};

use super::{IxonSim, rpc};
use crate::jsonrpc::MAX_REQUEST_BODY;

/// uhttpd's limits: the shared defaults with its 64 KiB body limit
/// (`UH_UBUS_MAX_POST_SIZE`).
///
/// ```
/// let limits = routerctl_ixon::sim::server::limits();
/// assert_eq!(limits.max_body, 64 * 1024);
/// ```
pub fn limits() -> Limits {
    Limits {
        max_body: MAX_REQUEST_BODY,
        ..Limits::default()
    }
}

/// A running `/ubus` server. Dropping it stops the server and closes its
/// connections.
#[derive(Debug)]
pub struct HttpServer {
    listener: HttpListener,
}

impl HttpServer {
    /// Listen on `addr` (port 0 picks one); HTTPS when `tls` is given.
    pub async fn bind(
        sim: IxonSim,
        addr: SocketAddr,
        tls: Option<SelfSigned>,
    ) -> io::Result<HttpServer> {
        Self::bind_with(sim, addr, tls, limits()).await
    }

    /// [`HttpServer::bind`] with other [`Limits`] (tests shorten them to
    /// exercise a limit without waiting for the production value).
    pub async fn bind_with(
        sim: IxonSim,
        addr: SocketAddr,
        tls: Option<SelfSigned>,
        limits: Limits,
    ) -> io::Result<HttpServer> {
        let listener = HttpListener::bind(addr, app(sim), tls, limits).await?;
        Ok(HttpServer { listener })
    }

    /// The address the listener is bound to (useful after binding port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr()
    }

    /// SHA-256 fingerprint of the certificate, for HTTPS servers.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.listener.fingerprint()
    }

    /// The `/ubus` endpoint URL.
    pub fn url(&self) -> String {
        format!("{}/ubus", self.listener.base_url())
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
    Extension(limits): Extension<Limits>,
    auth: Option<Extension<AuthHandle>>,
    method: Method,
    body: Body,
) -> Response {
    match method {
        Method::POST => {}
        Method::OPTIONS => return StatusCode::OK.into_response(),
        Method::GET => return StatusCode::NOT_FOUND.into_response(),
        _ => return StatusCode::BAD_REQUEST.into_response(),
    }
    let bytes = match read_body(body, &limits).await {
        Ok(bytes) => bytes,
        Err(BodyError::TooLarge { .. }) => return too_large(),
        Err(BodyError::TimedOut) => {
            let mut r = StatusCode::REQUEST_TIMEOUT.into_response();
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return r;
        }
        Err(BodyError::Broken(_)) => return StatusCode::BAD_REQUEST.into_response(),
    };
    let (reply, authenticated) = sim.handle_body_authenticated(&bytes);
    if authenticated && let Some(Extension(auth)) = auth {
        // Out of the listener's pre-auth quota and deadline.
        auth.mark_authenticated();
    }
    json_reply(reply, false)
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
