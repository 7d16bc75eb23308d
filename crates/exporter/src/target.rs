//! What the exporter knows about each router it watches, and how it opens
//! a session to one.

use routerctl_core::{BoxFuture, Result, Router};

/// One router of the fleet, as labels see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Inventory name: `router` and `routerboard_name` labels.
    pub name: String,
    /// Vendor family (`mikrotik`, `ixon`, ...): the `vendor` label, and
    /// whether RouterOS menus are read.
    pub vendor: String,
    /// Host (and port when not the default): `routerboard_address`.
    pub address: String,
    /// Time allowed for connecting (when needed) plus one collection.
    pub timeout: std::time::Duration,
    /// The protocol carries many requests at once on one connection (the
    /// RouterOS API's tagged commands), so a scrape sends its reads
    /// together. Otherwise (HTTP) they go one after the other, so each
    /// router costs one kept connection, not one per read in flight.
    pub pipelined: bool,
}

/// Opens a session to the `index`th target. The binary implements it over
/// its driver registry and inventory (passwords included), so this crate
/// knows no vendor crate.
pub trait Connect: Send + Sync + 'static {
    /// A new session to target `index`; its own timeouts apply.
    fn connect(&self, index: usize) -> BoxFuture<'_, Result<Box<dyn Router>>>;
}
