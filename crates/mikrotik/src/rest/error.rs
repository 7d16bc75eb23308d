//! REST error replies and how they map onto [`routerctl_core::Error`].
//!
//! RouterOS answers errors with a small JSON object, `{"detail": ...,
//! "error": 400, "message": "Bad Request"}`, where `error` (the HTTP status)
//! is the only JSON number of the whole API and `detail` carries the
//! console's own text (`no such command or directory (x)`). Some errors
//! have no JSON at all: a 403 HTML page when REST is disabled for the web
//! service, an empty 415. Both kinds become a vendor error whose code is
//! the HTTP status, so the caller sees what the router said, not a JSON
//! parse failure.

use routerctl_core::{Error, ErrorContext};
use serde::{Deserialize, Serialize};

use crate::VENDOR;

/// The JSON body RouterOS sends with an error status.
///
/// Field order matches the router's (alphabetical: `detail`, `error`,
/// `message`); `detail` is absent on 401 and 404.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// `detail`: RouterOS's own explanation (`no such command`, ...); absent on 401 and 404.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// `error`: the HTTP status code repeated (400, 401, 404, 500, ...).
    pub error: u16,
    /// `message`: the standard reason phrase of that status (`Bad Request`, ...).
    pub message: String,
}

impl ErrorBody {
    /// An error body with the standard reason phrase of `status`.
    pub fn new(status: u16, detail: Option<String>) -> Self {
        Self {
            detail,
            error: status,
            message: reason_phrase(status).to_string(),
        }
    }
}

/// The reason phrase RouterOS puts in `message` for the statuses it uses.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        406 => "Not Acceptable",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// The `detail` of a command that ran past the router's 60-second REST
/// limit (or waited behind one of the same user).
pub const SESSION_CLOSED: &str = "Session closed";

/// Turn an error status and its body into the shared error.
///
/// - 401 becomes [`Error::Auth`].
/// - A JSON error body becomes [`Error::Vendor`] with the status as code and
///   `detail` (or, without one, `message`) as text.
/// - Anything else (HTML, empty, garbage) becomes [`Error::Vendor`] with the
///   status and a description of what came instead of JSON.
///
/// ```
/// use routerctl_core::ErrorContext;
/// use routerctl_mikrotik::rest::error::status_error;
/// let ctx = ErrorContext::new("r1", "GET /rest/nonexistent");
/// let body = br#"{"detail":"no such command or directory (nonexistent)","error":400,"message":"Bad Request"}"#;
/// let e = status_error(&ctx, 400, Some("application/json"), body);
/// assert_eq!(e.vendor_code(), Some("400"));
/// assert!(e.to_string().contains("no such command or directory (nonexistent)"));
/// ```
pub fn status_error(
    ctx: &ErrorContext,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Error {
    let parsed = serde_json::from_slice::<ErrorBody>(body).ok();
    let text = match &parsed {
        Some(b) => describe(b),
        None => describe_non_json(status, content_type, body),
    };
    if status == 401 {
        return ctx.auth(format!(
            "HTTP 401 {text} (wrong user name or password, or the user's group lacks the rest-api policy)"
        ));
    }
    ctx.vendor(VENDOR, Some(status.to_string()), text)
}

/// The console's own text (`detail`) when there is one, so an error reads
/// the same over REST as over the API (the driver tells a missing menu by
/// it); otherwise the reason phrase (`Not Found`). The HTTP status is the
/// error's code.
fn describe(body: &ErrorBody) -> String {
    match body.detail.as_deref() {
        Some(SESSION_CLOSED) => format!(
            "{SESSION_CLOSED} (RouterOS ends REST commands still running after 60 s, \
             and requests of the same user queued behind them)"
        ),
        Some(detail) => detail.to_string(),
        None => body.message.clone(),
    }
}

fn describe_non_json(status: u16, content_type: Option<&str>, body: &[u8]) -> String {
    let reason = reason_phrase(status);
    if body.iter().all(u8::is_ascii_whitespace) {
        return reason.to_string();
    }
    let what = match content_type {
        Some(ct) if ct.contains("html") => "an HTML page".to_string(),
        Some(ct) => format!("a {ct} body"),
        None => "a body without content type".to_string(),
    };
    let hint = if status == 403 {
        " (REST is probably disabled for this web service on the router)"
    } else {
        ""
    };
    format!(
        "{reason}: the router answered with {what} of {} bytes instead of JSON{hint}",
        body.len()
    )
}

/// Errors of the transport (reqwest) as the shared error: timeouts,
/// refused connections and TLS failures, with the innermost cause named
/// (a pinned-fingerprint mismatch says which fingerprint came).
pub fn transport_error(
    ctx: &ErrorContext,
    err: &reqwest::Error,
    timeout: std::time::Duration,
) -> Error {
    if err.is_timeout() {
        return ctx.timeout(timeout);
    }
    if let Some(tls) = find_tls_cause(err) {
        return ctx.tls(tls);
    }
    let chain = cause_chain(err);
    if err.is_connect() {
        let kind = find_io_kind(err).unwrap_or(std::io::ErrorKind::Other);
        return ctx.io(std::io::Error::new(kind, connect_failed(err, kind, &chain)));
    }
    if err.is_body() || err.is_decode() || err.is_request() {
        return ctx.disconnected(chain);
    }
    ctx.protocol(chain)
}

/// Every message in the error's source chain, outermost first, deduplicated.
fn cause_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = e.source();
    }
    parts.join(": ")
}

fn find_tls_cause(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    causes(err)
        .find_map(|e| e.downcast_ref::<rustls::Error>())
        .map(tls_text)
}

/// The error and its causes, outermost first, as [`next_cause`] walks them.
fn causes<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(err), |e| next_cause(*e))
}

/// The next error down the chain. `io::Error::source` skips the error it
/// wraps (it returns the wrapped error's source), and TLS stacks wrap the
/// rustls error in an `io::Error`, so those are opened by hand.
fn next_cause<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> Option<&'a (dyn std::error::Error + 'static)> {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        if let Some(inner) = io.get_ref() {
            return Some(inner as &(dyn std::error::Error + 'static));
        }
    }
    e.source()
}

fn tls_text(err: &rustls::Error) -> String {
    match err {
        rustls::Error::General(msg) => msg.clone(),
        other => other.to_string(),
    }
}

fn find_io_kind(err: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    causes(err)
        .find_map(|e| e.downcast_ref::<std::io::Error>())
        .map(std::io::Error::kind)
}

/// A failed connect naming the address; a refused one hints at the usual
/// causes (router down, or a port that belongs to another protocol).
fn connect_failed(err: &reqwest::Error, kind: std::io::ErrorKind, chain: &str) -> String {
    let Some(url) = err.url() else {
        return format!("connect failed: {chain}");
    };
    let host = url.host_str().unwrap_or("?");
    let port = url.port_or_known_default().unwrap_or(0);
    if kind == std::io::ErrorKind::ConnectionRefused {
        format!(
            "connection refused at {host}:{port}: is the router up, and is {port} the port of {}?",
            url.scheme().to_uppercase()
        )
    } else {
        format!("cannot connect to {host}:{port}: {chain}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> ErrorContext {
        ErrorContext::new("r1", "GET /rest/ip/address")
    }

    #[test]
    fn unauthorized_is_an_auth_error() {
        let e = status_error(
            &ctx(),
            401,
            Some("application/json"),
            br#"{"error":401,"message":"Unauthorized"}"#,
        );
        assert_eq!(e.kind(), "auth");
        assert!(e.to_string().contains("HTTP 401 Unauthorized"), "{e}");
    }

    #[test]
    fn not_found_keeps_status_and_message() {
        let e = status_error(&ctx(), 404, None, br#"{"error":404,"message":"Not Found"}"#);
        assert_eq!(e.vendor_code(), Some("404"));
        assert!(
            e.to_string().ends_with("mikrotik error 404: Not Found"),
            "{e}"
        );
    }

    #[test]
    fn session_closed_explains_the_limit() {
        let e = status_error(
            &ctx(),
            400,
            None,
            br#"{"detail":"Session closed","error":400,"message":"Bad Request"}"#,
        );
        assert!(e.to_string().contains("error 400: Session closed"), "{e}");
        assert!(e.to_string().contains("60 s"), "{e}");
    }

    #[test]
    fn html_page_is_described_not_parsed() {
        let e = status_error(
            &ctx(),
            403,
            Some("text/html"),
            b"<html><body>Forbidden</body></html>",
        );
        assert_eq!(e.vendor_code(), Some("403"));
        let text = e.to_string();
        assert!(text.contains("HTML page"), "{text}");
        assert!(text.contains("disabled"), "{text}");
    }

    #[test]
    fn empty_body_gives_the_reason_phrase() {
        let e = status_error(&ctx(), 415, None, b"");
        assert!(
            e.to_string().ends_with("error 415: Unsupported Media Type"),
            "{e}"
        );
    }

    #[test]
    fn error_body_serialises_like_the_router() {
        let b = ErrorBody::new(400, Some("no such command".into()));
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            r#"{"detail":"no such command","error":400,"message":"Bad Request"}"#
        );
        assert_eq!(
            serde_json::to_string(&ErrorBody::new(404, None)).unwrap(),
            r#"{"error":404,"message":"Not Found"}"#
        );
    }
}
