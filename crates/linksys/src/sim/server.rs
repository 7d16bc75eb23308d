//! `POST /JNAP/` over HTTP or HTTPS in front of a [`LinksysSim`], served by
//! the kit's hardened [`HttpListener`] (connection cap, header, body and
//! write deadlines, body limit).
//!
//! HTTP behaviour: every JNAP reply is HTTP 200 with
//! `application/json; charset=UTF-8`, errors included (as on real
//! routers); a body over the limit is 413, a body that does not arrive in
//! time 408, a broken one 400; methods other than POST on `/JNAP/` are 405;
//! other paths are 404.

use std::net::SocketAddr;

use axum::Extension;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use routerctl_core::{Fingerprint, SelfSigned};
use routerctl_kit::sim::{AuthHandle, BodyError, ConnectionScope, HttpListener, Limits, read_body};

use super::engine::LinksysSim;
use crate::wire::{ACTION_HEADER, AUTH_HEADER, MAX_BODY, PATH};

/// The axum application: `/JNAP/` (and `/JNAP`) answered by `sim`.
pub fn app(sim: LinksysSim) -> Router {
    Router::new()
        .route(PATH, any(jnap))
        .route(PATH.trim_end_matches('/'), any(jnap))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .with_state(sim)
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

async fn jnap(
    State(sim): State<LinksysSim>,
    Extension(limits): Extension<Limits>,
    auth_handle: Option<Extension<AuthHandle>>,
    scope: Option<Extension<ConnectionScope>>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    // Served for as long as the keep-alive connection lasts: an evicting
    // router is built once per client session, not once per request.
    if let Some(Extension(scope)) = &scope {
        scope.keep_first(|| sim.hold());
    }
    if method != Method::POST {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, HeaderValue::from_static("POST"))],
        )
            .into_response();
    }
    let body = match read_body(body, &limits).await {
        Ok(b) => b,
        Err(e) => {
            let status = match e {
                BodyError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                BodyError::TimedOut => StatusCode::REQUEST_TIMEOUT,
                BodyError::Broken(_) => StatusCode::BAD_REQUEST,
            };
            return (
                status,
                [(header::CONNECTION, HeaderValue::from_static("close"))],
                e.to_string(),
            )
                .into_response();
        }
    };
    let action = header_text(&headers, ACTION_HEADER);
    let auth = header_text(&headers, AUTH_HEADER);
    // The engine holds a std mutex briefly; no await while it runs.
    let reply = sim.handle(action, auth, &body);
    // A request that carried credentials the router accepted takes the
    // connection out of the listener's pre-auth quota and deadline; open
    // actions alone do not.
    if auth.is_some()
        && reply.result != "_ErrorUnauthorized"
        && let Some(Extension(handle)) = auth_handle
    {
        handle.mark_authenticated();
    }
    let bytes =
        serde_json::to_vec(&reply).unwrap_or_else(|_| br#"{"result":"_ErrorUnexpected"}"#.to_vec());
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=UTF-8"),
        )],
        bytes,
    )
        .into_response()
}

/// The default limits with JNAP's body limit.
pub fn default_limits() -> Limits {
    Limits {
        max_body: MAX_BODY,
        ..Limits::default()
    }
}

/// A running simulator listener. Dropping it stops the listener.
#[derive(Debug)]
pub struct JnapServer {
    listener: HttpListener,
}

impl JnapServer {
    /// Serve `sim` on `addr` (port 0 picks one); HTTPS when `tls` is given.
    pub async fn bind(
        sim: LinksysSim,
        addr: SocketAddr,
        tls: Option<SelfSigned>,
    ) -> std::io::Result<Self> {
        Self::bind_with(sim, addr, tls, default_limits()).await
    }

    /// [`JnapServer::bind`] with other [`Limits`].
    pub async fn bind_with(
        sim: LinksysSim,
        addr: SocketAddr,
        tls: Option<SelfSigned>,
        limits: Limits,
    ) -> std::io::Result<Self> {
        let listener = HttpListener::bind(addr, app(sim), tls, limits).await?;
        Ok(Self { listener })
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr()
    }

    /// SHA-256 fingerprint of the certificate, for HTTPS.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.listener.fingerprint()
    }

    /// `http://addr` or `https://addr`.
    pub fn base_url(&self) -> String {
        self.listener.base_url()
    }

    /// Stop accepting and close connections.
    pub fn shutdown(&self) {
        self.listener.shutdown();
    }
}
