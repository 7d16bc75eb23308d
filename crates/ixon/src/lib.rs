//! routerctl-ixon: IXON IXrouter's Router API and stock OpenWrt, both ubus
//! JSON-RPC over HTTP(S) at `POST /ubus`.
//!
//! - [`jsonrpc`]: the wire types (envelopes, JSON-RPC errors, ubus statuses),
//!   shared by the client and the simulator.
//! - [`session`]: client-side rpcd session tracking (idle expiry, ACL hints).
//! - [`client`]: the async client: login, `call`, `list`, batches, and the
//!   typed IXON calls.
//! - [`overview`], [`configuration`]: the IXON payload shapes as *we* define
//!   them (IXON has not published them; see the README).
//! - [`driver`]: the neutral [`routerctl_core::Router`], one driver per
//!   flavour ([`IxonRouter`], [`OpenWrtRouter`]) over shared ubus helpers.
//! - [`sim`] (feature `sim`): a simulated IXrouter or OpenWrt router behind
//!   uhttpd-like HTTP(S).

#![warn(missing_docs)]

pub mod client;
pub mod configuration;
pub mod driver;
pub mod jsonrpc;
pub mod overview;
pub mod session;
mod vendor;

#[cfg(feature = "sim")]
pub mod sim;

pub use client::{Call, ClientConfig, UbusClient};
pub use driver::{IxonRouter, OpenWrtRouter, connect};
#[cfg(feature = "sim")]
pub use sim::descriptor::{IXON_SIM, OPENWRT_SIM};
use vendor::PROTOCOLS;
pub use vendor::{VENDOR_IXON, VENDOR_OPENWRT};

use routerctl_core::DriverDescriptor;

/// The IXON IXrouter driver as the binary's registry lists it.
///
/// ```
/// assert_eq!(routerctl_ixon::IXON_DRIVER.vendor, "ixon");
/// assert_eq!(routerctl_ixon::IXON_DRIVER.default_protocol().map(|p| p.name), Some("https"));
/// ```
pub const IXON_DRIVER: DriverDescriptor = DriverDescriptor {
    vendor: VENDOR_IXON,
    summary: "IXON IXrouter3 over its ubus JSON-RPC Router API (https, http)",
    protocols: PROTOCOLS,
    connect: |spec| Box::pin(connect(spec)),
};

/// The stock OpenWrt driver (same client, OpenWrt's own ubus objects).
pub const OPENWRT_DRIVER: DriverDescriptor = DriverDescriptor {
    vendor: VENDOR_OPENWRT,
    summary: "OpenWrt routers over ubus JSON-RPC at /ubus (https, http)",
    protocols: PROTOCOLS,
    connect: |spec| Box::pin(connect(spec)),
};

/// This crate's drivers and simulators, for the binary's registry (one
/// line per vendor crate).
#[cfg(feature = "sim")]
pub const FAMILY: routerctl_kit::sim::Family = routerctl_kit::sim::Family {
    drivers: &[IXON_DRIVER, OPENWRT_DRIVER],
    sims: &[IXON_SIM, OPENWRT_SIM],
};
