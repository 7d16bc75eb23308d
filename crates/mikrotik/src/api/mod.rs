//! The RouterOS binary API (TCP 8728, TLS 8729).
//!
//! - [`proto`]: the sans-IO codec of words and sentences and typed replies.
//! - [`query`]: the `print` query builder (`?name=value`, `?#|`, `.proplist`).
//! - [`login`]: plain and legacy MD5 challenge login.
//! - [`client`]: one connection task that multiplexes tagged commands.

pub mod client;
pub mod login;
pub mod proto;
pub mod query;

pub use client::{ApiClient, ClientConfig, CommandOutput, LoginMethod, ReplyStream, Timeouts};
pub use query::Query;
