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
pub use driver::{LinksysRouter, connect};

use futures_util::future::BoxFuture;
use routerctl_core::{ConnectSpec, DriverDescriptor, ProtocolSpec, Result, Router};

/// Vendor name used in inventories, errors and output.
pub const VENDOR: &str = "linksys";

/// JNAP over plain HTTP (the default: what the routers serve on the LAN)
/// or HTTPS.
const PROTOCOLS: &[ProtocolSpec] = &[
    ProtocolSpec {
        name: "http",
        default_port: 80,
        tls: false,
        streams: false,
    },
    ProtocolSpec {
        name: "https",
        default_port: 443,
        tls: true,
        streams: false,
    },
];

/// The Linksys driver as the binary's registry lists it.
///
/// ```
/// assert_eq!(routerctl_linksys::LINKSYS_DRIVER.vendor, "linksys");
/// assert_eq!(routerctl_linksys::LINKSYS_DRIVER.default_protocol().map(|p| p.name), Some("http"));
/// ```
pub const LINKSYS_DRIVER: DriverDescriptor = DriverDescriptor {
    vendor: VENDOR,
    summary: "Linksys Smart Wi-Fi routers and Velop mesh over JNAP at /JNAP/ (http, https)",
    protocols: PROTOCOLS,
    connect: connect_boxed,
};

/// This crate's driver and simulator, for the binary's registry (one line
/// per vendor crate).
#[cfg(feature = "sim")]
pub const FAMILY: routerctl_kit::sim::Family = routerctl_kit::sim::Family {
    drivers: &[LINKSYS_DRIVER],
    sims: &[sim::LINKSYS_SIM],
};

/// [`connect`] as a [`routerctl_core::ConnectFn`].
fn connect_boxed(spec: &ConnectSpec) -> BoxFuture<'_, Result<Box<dyn Router>>> {
    Box::pin(connect(spec))
}
