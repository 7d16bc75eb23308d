#![warn(missing_docs)]
//! routerctl-kit: what every routerctl vendor crate shares, written once.
//!
//! - [`http`] (feature `http`): the HTTP(S) client layer every HTTP vendor
//!   client is built on — a reqwest client made from a
//!   [`TlsPolicy`](routerctl_core::TlsPolicy) on the ring provider,
//!   connect and request timeouts, size-limited body reads, and one mapping
//!   of TLS, timeout, I/O and HTTP-status failures onto
//!   [`routerctl_core::Error`].
//! - [`sim`] (feature `sim`): the hardened listeners simulators serve on —
//!   HTTP/HTTPS for axum applications and raw TCP/TLS for binary protocols —
//!   with a connection cap, header, body, handshake and write deadlines, a
//!   body limit, and graceful shutdown on SIGINT/SIGTERM.
//!
//! Vendor crates sit on top of this crate and `routerctl-core`, never on
//! each other, so a fix here reaches every vendor at once.

#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "sim")]
pub mod sim;
