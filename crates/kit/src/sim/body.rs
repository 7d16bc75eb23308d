//! [`read_body`]: a request body within the listener's limits.

use axum::body::{Body, Bytes, HttpBody};
use http_body_util::{BodyExt, Limited};

use super::Limits;

/// Why a request body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Larger than [`Limits::max_body`] (announced or actual).
    TooLarge {
        /// The limit that was passed.
        limit: usize,
    },
    /// Not complete within [`Limits::body_timeout`].
    TimedOut,
    /// The peer broke the body off or sent a malformed chunked body.
    Broken(String),
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BodyError::TooLarge { limit } => {
                write!(f, "request body exceeds the limit of {limit} bytes")
            }
            BodyError::TimedOut => f.write_str("request body did not arrive in time"),
            BodyError::Broken(why) => write!(f, "request body is broken: {why}"),
        }
    }
}

impl std::error::Error for BodyError {}

/// Read a whole request body, refusing it before any byte is read when the
/// announced length is over the limit, and again while reading (chunked
/// bodies announce nothing).
///
/// ```
/// # tokio_test(async {
/// use routerctl_kit::sim::{read_body, BodyError, Limits};
/// let limits = Limits { max_body: 4, ..Limits::default() };
/// let err = read_body(axum::body::Body::from("too long"), &limits).await.unwrap_err();
/// assert_eq!(err, BodyError::TooLarge { limit: 4 });
/// # });
/// # fn tokio_test<F: std::future::Future>(f: F) { tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(f); }
/// ```
pub async fn read_body(body: Body, limits: &Limits) -> Result<Bytes, BodyError> {
    let limit = limits.max_body;
    if body.size_hint().lower() > limit as u64 {
        return Err(BodyError::TooLarge { limit });
    }
    let limited = Limited::new(body, limit);
    match tokio::time::timeout(limits.body_timeout, limited.collect()).await {
        Err(_) => Err(BodyError::TimedOut),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            Err(BodyError::TooLarge { limit })
        }
        Ok(Err(e)) => Err(BodyError::Broken(e.to_string())),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
    }
}
