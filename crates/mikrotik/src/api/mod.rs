//! The RouterOS binary API (TCP 8728, TLS 8729).
//!
//! - [`proto`]: the sans-IO codec of words and sentences and typed replies.

pub mod proto;
