//! One request as the simulator's handlers see it, and what they answer.

use serde_json::Value;

use super::config::Permission;
use super::params::{ParamError, Params};
use crate::wire::{Envelope, codes};

/// The HTTP method of an API request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiMethod {
    /// Reads.
    Get,
    /// Changes and commands.
    Post,
}

/// One HTTP request to `/api/<endpoint>`, transport stripped.
#[derive(Debug, Clone, Default)]
pub struct ApiRequest {
    /// `GET`, `POST`, or anything else (answered with a failure).
    pub method: String,
    /// The endpoint: the path after `/api/`.
    pub endpoint: String,
    /// The raw query string (without `?`).
    pub query: String,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `Cookie` header(s), joined with `; `.
    pub cookie: Option<String>,
    /// The body (already size-limited by the listener).
    pub body: Vec<u8>,
}

/// What the simulator answers.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiReply {
    /// HTTP status: 200 for every envelope, 503 while rebooting.
    pub status: u16,
    /// The envelope (`None` for a bare 503).
    pub body: Option<Value>,
    /// A `Set-Cookie` header value (login, logout).
    pub set_cookie: Option<String>,
}

impl ApiReply {
    /// HTTP 200 with `envelope`.
    pub fn envelope(envelope: &Envelope) -> Self {
        ApiReply {
            status: 200,
            body: Some(envelope.to_value()),
            set_cookie: None,
        }
    }
}

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// No (valid) session or token.
    Anonymous,
    /// A Web Admin login, by session id.
    Session {
        /// The `bauth` cookie value.
        id: String,
        /// The user's name.
        user: String,
        /// Admin or read-only.
        permission: Permission,
    },
    /// An access token.
    Token {
        /// The token itself.
        token: String,
        /// The API client it was granted to.
        client_id: String,
        /// From the token's scope.
        permission: Permission,
    },
}

impl Caller {
    /// What the caller may do (`None` when anonymous).
    pub fn permission(&self) -> Option<Permission> {
        match self {
            Caller::Anonymous => None,
            Caller::Session { permission, .. } | Caller::Token { permission, .. } => {
                Some(*permission)
            }
        }
    }
}

/// A handler's view of a request.
#[derive(Debug)]
pub struct Call<'a> {
    /// GET or POST.
    pub method: ApiMethod,
    /// The parameters from query and body.
    pub params: &'a Params,
    /// Who is calling.
    pub caller: &'a Caller,
}

/// A refusal with its code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fail {
    /// See [`crate::wire::codes`].
    pub code: i64,
    /// Names the field or the reason.
    pub message: String,
}

impl Fail {
    /// A failure with `code` and `message`.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Fail {
            code,
            message: message.into(),
        }
    }
    /// Code 400 with `message`.
    pub fn bad(message: impl Into<String>) -> Self {
        Fail::new(codes::BAD_REQUEST, message)
    }
}

impl From<ParamError> for Fail {
    fn from(e: ParamError) -> Self {
        Fail::bad(e.0)
    }
}

/// A handler's success: the envelope, and for login/logout a cookie.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    /// The `stat: ok` envelope.
    pub envelope: Envelope,
    /// A `Set-Cookie` header value.
    pub set_cookie: Option<String>,
}

impl From<Envelope> for Done {
    fn from(envelope: Envelope) -> Self {
        Done {
            envelope,
            set_cookie: None,
        }
    }
}

/// What a handler returns: a success, or a refusal.
pub type Outcome = Result<Done, Fail>;

/// `{"stat":"ok","response":response}`.
pub fn ok(response: Value) -> Outcome {
    Ok(Envelope::ok(response).into())
}

/// `{"stat":"ok"}`.
pub fn ok_empty() -> Outcome {
    Ok(Envelope::ok_empty().into())
}
