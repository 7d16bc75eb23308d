//! routerctl-mikrotik: MikroTik RouterOS for routerctl.
//!
//! - [`record`]: attributes, commands and command output, which every
//!   transport carries (transport-neutral).
//! - [`api`]: the binary API (codec, query builder, async client, login).
//! - [`rest`]: the REST API client (`https://router/rest/...`).
//! - [`values`]: typed readings of RouterOS's string values (opt-in).
//! - [`driver`]: the neutral [`routerctl_core::Router`] over RouterOS.
//! - `sim` (feature `sim`): a simulated RouterOS device and its servers.

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
#[cfg(feature = "sim")]
pub use sim::descriptor::SIM;
pub use vendor::VENDOR;

use routerctl_core::{DriverDescriptor, ProtocolSpec};

/// The RouterOS driver as the binary's registry lists it: `vendor =
/// "mikrotik"`, protocols `api` (default), `api-ssl`, `rest`, `rest-http`.
///
/// ```
/// assert_eq!(routerctl_mikrotik::DRIVER.default_protocol().map(|p| p.default_port), Some(8728));
/// assert!(routerctl_mikrotik::DRIVER.uses_tls("api-ssl"));
/// ```
pub const DRIVER: DriverDescriptor = DriverDescriptor {
    vendor: VENDOR,
    summary: "MikroTik RouterOS over the binary API (api, api-ssl) or REST (rest, rest-http)",
    protocols: &[
        ProtocolSpec {
            name: "api",
            default_port: 8728,
            tls: false,
            streams: true,
        },
        ProtocolSpec {
            name: "api-ssl",
            default_port: 8729,
            tls: true,
            streams: true,
        },
        ProtocolSpec {
            name: "rest",
            default_port: 443,
            tls: true,
            streams: false,
        },
        ProtocolSpec {
            name: "rest-http",
            default_port: 80,
            tls: false,
            streams: false,
        },
    ],
    connect: |spec| Box::pin(connect(spec)),
};

/// This crate's driver and simulator, for the binary's registry (one line
/// per vendor crate).
#[cfg(feature = "sim")]
pub const FAMILY: routerctl_kit::sim::Family = routerctl_kit::sim::Family {
    drivers: &[DRIVER],
    sims: &[SIM],
};
