//! `/api/<endpoint>` over HTTP or HTTPS, through the shared hardened
//! listener ([`routerctl_kit::sim::HttpListener`]).
//!
//! Every API reply is HTTP 200 with `application/json`, failures included
//! (as on the device). A body over the listener's limit is answered with
//! `stat: fail` code 400 and the connection is closed; a body that does not
//! arrive in time gets HTTP 408. While the device restarts, every request
//! gets HTTP 503 with an empty body. Paths outside `/api/` are HTTP 404.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use routerctl_core::SelfSigned;
use routerctl_kit::sim::{AuthHandle, BodyError, HttpListener, Limits, read_body};

use super::call::{ApiReply, ApiRequest};
use super::handle::PeplinkSim;
use crate::wire::{Envelope, codes};

/// The axum application: `/api/{endpoint}` for any method.
pub fn app(sim: PeplinkSim) -> Router {
    Router::new()
        .route("/api/{endpoint}", any(api))
        .route("/cgi-bin/MANGA/api.cgi", any(manga))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .with_state(sim)
}

/// Serve `sim` on `addr` (port 0 picks one); HTTPS when `tls` is given.
pub async fn serve(
    sim: PeplinkSim,
    addr: SocketAddr,
    tls: Option<SelfSigned>,
    limits: Limits,
) -> std::io::Result<HttpListener> {
    HttpListener::bind(addr, app(sim), tls, limits).await
}

fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body.to_string(),
    )
        .into_response()
}

// An axum handler takes one argument per extractor.
#[allow(clippy::too_many_arguments)]
async fn api(
    State(sim): State<PeplinkSim>,
    limits: Option<Extension<Limits>>,
    auth: Option<Extension<AuthHandle>>,
    method: Method,
    Path(endpoint): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    serve_request(
        &sim,
        limits,
        auth,
        method,
        endpoint,
        uri,
        headers,
        body,
        PeplinkSim::handle,
    )
    .await
}

/// The Web Admin's own endpoint, for device identity (not the Router API).
async fn manga(
    State(sim): State<PeplinkSim>,
    limits: Option<Extension<Limits>>,
    auth: Option<Extension<AuthHandle>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let handler = PeplinkSim::handle_manga;
    serve_request(
        &sim,
        limits,
        auth,
        method,
        String::new(),
        uri,
        headers,
        body,
        handler,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn serve_request(
    sim: &PeplinkSim,
    limits: Option<Extension<Limits>>,
    auth: Option<Extension<AuthHandle>>,
    method: Method,
    endpoint: String,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
    handler: fn(&PeplinkSim, &ApiRequest) -> ApiReply,
) -> Response {
    let limits = limits.map(|Extension(l)| l).unwrap_or_default();
    let body = match read_body(body, &limits).await {
        Ok(bytes) => bytes,
        Err(e @ BodyError::TooLarge { .. }) => {
            let mut r = json_response(
                StatusCode::OK,
                &Envelope::fail(codes::BAD_REQUEST, e.to_string()).to_value(),
            );
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return r;
        }
        Err(BodyError::TimedOut) => {
            let mut r = StatusCode::REQUEST_TIMEOUT.into_response();
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return r;
        }
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    };
    let text = |name: header::HeaderName| -> Option<String> {
        let values: Vec<&str> = headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        (!values.is_empty()).then(|| values.join("; "))
    };
    let request = ApiRequest {
        method: method.as_str().to_string(),
        endpoint,
        query: uri.query().unwrap_or_default().to_string(),
        content_type: text(header::CONTENT_TYPE),
        cookie: text(header::COOKIE),
        body: body.to_vec(),
    };
    // The handler holds a std mutex briefly and does no I/O.
    let reply = handler(sim, &request);
    // Any `stat: ok` but the one endpoint open before login means the
    // caller holds a session or token (or just logged in): the connection
    // leaves the listener's pre-auth quota and deadline.
    let ok = reply
        .body
        .as_ref()
        .is_some_and(|b| b.get("stat").and_then(|s| s.as_str()) == Some("ok"));
    if ok
        && request.endpoint != "info.firmware"
        && let Some(Extension(auth)) = auth
    {
        auth.mark_authenticated();
    }
    render(reply)
}

fn render(reply: ApiReply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = match &reply.body {
        Some(body) => json_response(status, body),
        None => status.into_response(),
    };
    if let Some(cookie) = reply.set_cookie
        && let Ok(v) = HeaderValue::from_str(&cookie)
    {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}
