//! routerctl-peplink: the Peplink Router API (firmware 8.5.2):
//! `GET`/`POST https://host/api/<endpoint>`, the `stat` envelope, admin
//! login with the `bauth` cookie or API-client access tokens.
//!
//! - [`wire`]: the envelope, keyed collections and failure codes, shared
//!   by the client and the simulator.
//! - [`credential`]: how the client authenticates and what it holds.
//! - [`client`]: the async client: login or tokens, any endpoint; its
//!   typed calls (for the endpoints the driver reads, SMS, pending
//!   configuration, API clients) live in a module of their own.
//! - [`types`]: typed replies.
//! - [`driver`]: the neutral [`routerctl_core::Router`] (`connect`).
//! - [`sim`] (feature `sim`): a simulated router serving all 59 endpoints.

#![warn(missing_docs)]

mod calls;
pub mod client;
pub mod credential;
pub mod driver;
pub mod types;
pub mod wire;

#[cfg(feature = "sim")]
pub mod sim;

pub use client::{ClientConfig, PeplinkClient};
pub use driver::{DRIVER, PeplinkRouter, connect};
#[cfg(feature = "sim")]
pub use sim::SIM;
pub use wire::VENDOR;

/// This crate's driver and simulator, for the binary's registry (one line
/// per vendor crate).
#[cfg(feature = "sim")]
pub const FAMILY: routerctl_kit::sim::Family = routerctl_kit::sim::Family {
    drivers: &[DRIVER],
    sims: &[SIM],
};
