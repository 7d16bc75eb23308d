//! [`Payload`]: what one target returned, the value every output format
//! renders. A leaf module, so that the formats need not import the
//! module that dispatches to them.

use routerctl_core::{Client, Config, DhcpLease, Facts, Interface, WanLink, WifiNetwork};
use serde::Serialize;

/// What one target returned, for any command.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Payload {
    Facts(Facts),
    Interfaces(Vec<Interface>),
    WanLinks(Vec<WanLink>),
    Clients(Vec<Client>),
    DhcpLeases(Vec<DhcpLease>),
    WifiNetworks(Vec<WifiNetwork>),
    Config(Config),
    /// A vendor's own reply (`call`).
    Raw(serde_json::Value),
}
