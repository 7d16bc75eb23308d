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

#[cfg(feature = "sim")]
pub mod sim;

pub use client::{Call, ClientConfig, UbusClient};
pub use driver::{IxonRouter, OpenWrtRouter, connect};

/// Vendor name for IXON IXrouters, used in errors and output.
pub const VENDOR_IXON: &str = "ixon";
/// Vendor name for stock OpenWrt routers served by the same client.
pub const VENDOR_OPENWRT: &str = "openwrt";
