//! [`HttpReply`]: a whole reply, read within the size limit.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, SET_COOKIE};
use routerctl_core::{Error, ErrorContext, Result};
use serde::de::DeserializeOwned;

/// Status, headers and the complete body of one reply.
#[derive(Debug, Clone)]
pub struct HttpReply {
    /// The HTTP status.
    pub status: StatusCode,
    /// The reply headers.
    pub headers: HeaderMap,
    /// The body, complete and within the client's limit.
    pub body: Bytes,
}

impl HttpReply {
    /// The body as JSON of type `T`; anything else is a protocol error that
    /// shows how the body starts.
    ///
    /// ```
    /// use routerctl_kit::http::{HttpReply, StatusCode};
    /// let reply = HttpReply { status: StatusCode::OK, headers: Default::default(), body: "<html>".into() };
    /// let ctx = routerctl_core::ErrorContext::new("r1", "login");
    /// let err = reply.json::<serde_json::Value>(&ctx).unwrap_err();
    /// assert!(err.to_string().contains("<html>"));
    /// ```
    pub fn json<T: DeserializeOwned>(&self, ctx: &ErrorContext) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|e| self.json_error(ctx, &e))
    }

    /// Why the body could not be read as JSON, as [`HttpReply::json`] says
    /// it: a shape mismatch names what was expected, anything else shows
    /// how the body starts. For vendors whose lenient parsers (RouterOS's
    /// raw control characters) run before giving up.
    ///
    /// ```
    /// use routerctl_kit::http::{HttpReply, StatusCode};
    /// let reply = HttpReply { status: StatusCode::OK, headers: Default::default(), body: "{".into() };
    /// let ctx = routerctl_core::ErrorContext::new("r1", "GET /rest/x");
    /// let e = serde_json::from_slice::<serde_json::Value>(&reply.body).unwrap_err();
    /// assert!(reply.json_error(&ctx, &e).to_string().contains("1 bytes starting"));
    /// ```
    pub fn json_error(&self, ctx: &ErrorContext, e: &serde_json::Error) -> Error {
        if e.is_data() {
            ctx.protocol(format!("unexpected reply shape: {e}"))
        } else {
            ctx.protocol(format!(
                "reply is not JSON ({e}); {} bytes starting {:?}",
                self.body.len(),
                self.preview()
            ))
        }
    }

    /// Whether the body is empty or only whitespace.
    pub fn is_empty(&self) -> bool {
        self.body.iter().all(u8::is_ascii_whitespace)
    }

    /// The `Content-Type` header, when it is text.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }

    /// The value of cookie `name` from the reply's `Set-Cookie` headers,
    /// for session-cookie APIs (Peplink's `bauth`). The last one wins, as
    /// in a browser; attributes (`Path`, `Secure`, ...) are dropped.
    ///
    /// ```
    /// use routerctl_kit::http::{header, HttpReply, StatusCode};
    /// let mut headers = header::HeaderMap::new();
    /// headers.append(header::SET_COOKIE, "bauth=abc123; Path=/; Secure; HttpOnly".parse().unwrap());
    /// let reply = HttpReply { status: StatusCode::OK, headers, body: Default::default() };
    /// assert_eq!(reply.cookie("bauth").as_deref(), Some("abc123"));
    /// assert_eq!(reply.cookie("pauth"), None);
    /// ```
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| {
                let pair = v.split(';').next()?.trim();
                let (key, value) = pair.split_once('=')?;
                (key.trim() == name).then(|| value.trim().trim_matches('"').to_string())
            })
            .next_back()
    }

    /// The start of the body, printable, for error messages.
    pub fn preview(&self) -> String {
        String::from_utf8_lossy(self.body.get(..80).unwrap_or(&self.body))
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    }

    /// The generic reading of a non-success status: 401 and 403 are
    /// [`Error::Auth`], anything else a vendor error whose code is the
    /// status and whose message is the reason phrase and the body's start.
    /// Vendors with error bodies of their own read those first.
    ///
    /// ```
    /// use routerctl_kit::http::{HttpReply, StatusCode};
    /// let reply = HttpReply { status: StatusCode::NOT_FOUND, headers: Default::default(), body: "".into() };
    /// let ctx = routerctl_core::ErrorContext::new("r1", "GET /api/x");
    /// let e = reply.status_error(&ctx, "peplink");
    /// assert_eq!(e.vendor_code(), Some("HTTP 404"));
    /// ```
    pub fn status_error(&self, ctx: &ErrorContext, vendor: &str) -> Error {
        let reason = self.status.canonical_reason().unwrap_or("unknown status");
        let text = if self.is_empty() {
            reason.to_string()
        } else {
            format!("{reason}: {}", self.preview())
        };
        match self.status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                ctx.auth(format!("HTTP {} {text}", self.status.as_u16()))
            }
            status => ctx.vendor(vendor, Some(format!("HTTP {}", status.as_u16())), text),
        }
    }
}
