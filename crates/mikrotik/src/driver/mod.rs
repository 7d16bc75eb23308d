//! `Router` for RouterOS.
//!
//! The mapping onto the neutral model is written once, over
//! [`MenuBackend`] (menu-level print and command), which the binary API
//! client implements and the REST client will too. Reads that do not depend
//! on each other are issued together: over the API they run concurrently on
//! the one connection, each under its own `.tag`.
//!
//! - [`connect`](fn@connect): open the driver for a `ConnectSpec`, over
//!   the API or REST.
//! - [`router`]: [`RouterOs`], the `Router` over any [`MenuBackend`].
//! - [`backend`]: the [`MenuBackend`] trait and its API implementation.
//! - [`rest`]: [`MenuBackend`] for the REST client, and its connect.
//! - [`mapping`]: pure row → record functions.
//! - [`json`]: replies as REST-shaped JSON (raw calls, streams).

pub mod backend;
mod connect;
pub mod json;
pub mod mapping;
pub mod rest;
pub mod router;

pub use backend::{MenuBackend, is_missing_menu, optional};
pub use connect::connect;
pub use router::RouterOs;
