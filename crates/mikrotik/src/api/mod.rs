//! The RouterOS binary API (TCP 8728, TLS 8729).
//!
//! - [`proto`]: the sans-IO codec of words and sentences and typed replies.
//! - [`query`]: the `print` query builder (`?name=value`, `?#|`, `.proplist`).
//! - [`login`]: plain and legacy MD5 challenge login.
//! - [`client`]: the async client; [`stream`]: rows of streaming commands.
//! - `budget`: how much reply memory one connection may hold.
//! - `connection` (TCP/TLS and sequential framing) and `mux` (the task that
//!   owns the socket and routes replies by tag) are internal.

mod budget;
pub mod client;
#[cfg(test)]
mod client_tests;
mod connection;
pub mod login;
mod mux;
pub mod proto;
pub mod query;
pub mod stream;
#[cfg(test)]
mod test_peer;

pub use crate::record::CommandOutput;
pub use budget::{MAX_CONNECTION_REPLY_BYTES, MAX_RUN_REPLY_BYTES, MAX_TRAPS};
pub use client::{ApiClient, ClientConfig, LoginMethod, Timeouts};
pub use query::{Query, QueryError};
pub use stream::{ReplyStream, STREAM_BUFFER_BYTES, STREAM_BUFFER_ROWS};
