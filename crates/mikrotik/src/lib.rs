//! routerctl-mikrotik: MikroTik RouterOS for routerctl.
//!
//! - [`record`]: attributes, commands and command output, which every
//!   transport carries (transport-neutral).
//! - [`api`]: the binary API (codec, query builder, async client, login).
//! - [`rest`]: the REST API client (`https://router/rest/...`).
//! - [`values`]: typed readings of RouterOS's string values (opt-in).
//! - [`driver`]: the neutral [`routerctl_core::Router`] over RouterOS.
//! - [`sim`] (feature `sim`): a simulated RouterOS device and its servers.

#![warn(missing_docs)]

pub mod api;
pub mod driver;
pub mod record;
pub mod rest;
pub mod values;
mod vendor;

#[cfg(feature = "sim")]
pub mod sim;

pub use driver::connect;
pub use vendor::VENDOR;
