//! routerctl-linksys: Linksys Smart Wi-Fi routers and Velop mesh systems,
//! which speak JNAP: `POST /JNAP/` with the action in `X-JNAP-Action`,
//! `X-JNAP-Authorization: Basic base64(admin:password)` and JSON bodies.
//!
//! - [`wire`]: action names, the reply envelope, result codes, side
//!   effects and `core/Transaction` entries, shared by client and
//!   simulator.
//! - [`versions`]: which action version a firmware supports, from the
//!   `services` list of `core/GetDeviceInfo`.
//! - [`models`]: the `output` shapes of the actions we know.
//! - [`client`]: the async client: any action, transactions, version
//!   negotiation, typed calls.
//! - [`driver`]: the neutral [`routerctl_core::Router`] (see there for
//!   what each getter reads and the `raw` word format).
//! - [`sim`] (feature `sim`): a simulated router in two firmware
//!   generations.

#![warn(missing_docs)]

pub mod client;
pub mod driver;
mod mapping;
pub mod models;
pub mod timefmt;
pub mod versions;
pub mod wire;

#[cfg(feature = "sim")]
pub mod sim;

pub use client::{ClientConfig, JnapClient};
pub use driver::{LINKSYS_DRIVER, LinksysRouter, PROTOCOLS, connect};
pub use wire::VENDOR;

/// This crate's driver and simulator, for the binary's registry (one line
/// per vendor crate).
#[cfg(feature = "sim")]
pub const FAMILY: routerctl_kit::sim::Family = routerctl_kit::sim::Family {
    drivers: &[driver::LINKSYS_DRIVER],
    sims: &[sim::LINKSYS_SIM],
};
