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
