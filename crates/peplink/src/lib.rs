//! routerctl-peplink: the Peplink Router API (firmware 8.5.2):
//! `GET`/`POST https://host/api/<endpoint>`, the `stat` envelope, admin
//! login with the `bauth` cookie or API-client access tokens.
//!
//! - [`wire`]: the envelope, keyed collections and failure codes, shared
//!   by the client and the simulator.
//! - [`sim`] (feature `sim`): a simulated router serving all 59 endpoints.

#![warn(missing_docs)]

pub mod wire;

#[cfg(feature = "sim")]
pub mod sim;

/// Vendor name used in inventories, errors and output.
pub const VENDOR: &str = "peplink";
