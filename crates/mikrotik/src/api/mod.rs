//! The RouterOS binary API (TCP 8728, TLS 8729).
//!
//! - [`proto`]: the sans-IO codec of words and sentences and typed replies.
//! - [`view`]: the same framing without allocating per word: borrowed
//!   sentences and replies that index into the read buffer.
//! - [`query`]: the `print` query builder (`?name=value`, `?#|`, `.proplist`).
//! - [`login`]: plain and legacy MD5 challenge login.
//! - [`client`]: the async client; [`stream`]: rows of streaming commands.
//! - `budget`: how much reply memory one connection may hold.
//! - `config` ([`ClientConfig`], [`Timeouts`], [`LoginMethod`]): how to
//!   reach and log in to one router; [`reconnect`]: connecting again after
//!   the connection died (opt-in).
//! - Internal, from the bottom up: `failure` (why a command failed),
//!   `queue` (a stream's rows between the task and its consumer),
//!   `request` (what handles ask the task), `shared` (the state handles
//!   and the task share), `connection` (TCP/TLS and sequential framing)
//!   and `mux` (the task that owns the socket and routes replies by tag).

mod budget;
pub mod client;
#[cfg(test)]
mod client_tests;
mod config;
mod connection;
mod failure;
pub mod login;
mod mux;
pub mod proto;
pub mod query;
mod queue;
pub mod reconnect;
mod request;
mod shared;
pub mod stream;
#[cfg(test)]
mod test_peer;
pub mod view;

pub use crate::record::CommandOutput;
pub use budget::{MAX_CONNECTION_REPLY_BYTES, MAX_RUN_REPLY_BYTES, MAX_TRAPS};
pub use client::ApiClient;
pub use config::{ClientConfig, LoginMethod, Timeouts};
pub use query::{Query, QueryError};
pub use queue::{STREAM_BUFFER_BYTES, STREAM_BUFFER_ROWS};
pub use reconnect::ReconnectPolicy;
pub use stream::ReplyStream;
