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
//! - [`driver`]: the neutral [`routerctl_core::Router`] for `ixon` and
//!   `openwrt` routers.
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
pub use driver::{IxonRouter, connect};
pub use vendor::{VENDOR_IXON, VENDOR_OPENWRT};
