//! Calling the getters one way: each capability's getter, its records as
//! JSON, and the record checks that apply to them.

use serde::Serialize;
use serde_json::Value;

use super::records;
use super::report::Violation;
use crate::{Capability, Result, Router};

/// The getters the contract calls, in the order it calls them.
pub const GETTERS: &[Capability] = &[
    Capability::Facts,
    Capability::Interfaces,
    Capability::WanLinks,
    Capability::Clients,
    Capability::DhcpLeases,
    Capability::WifiNetworks,
    Capability::ConfigGet,
    Capability::Resources,
];

/// Call the getter for `capability`; its records as JSON.
pub async fn call(router: &dyn Router, capability: Capability) -> Result<Vec<Value>> {
    fn one<T: Serialize>(record: T) -> Vec<Value> {
        vec![to_json(record)]
    }
    fn all<T: Serialize>(records: Vec<T>) -> Vec<Value> {
        records.into_iter().map(to_json).collect()
    }
    match capability {
        Capability::Facts => router.facts().await.map(one),
        Capability::Interfaces => router.interfaces().await.map(all),
        Capability::WanLinks => router.wan_links().await.map(all),
        Capability::Clients => router.clients().await.map(all),
        Capability::DhcpLeases => router.dhcp_leases().await.map(all),
        Capability::WifiNetworks => router.wifi_networks().await.map(all),
        Capability::ConfigGet => router.config_get().await.map(one),
        Capability::Resources => router.resources().await.map(one),
        other => Err(router.unsupported(other)),
    }
}

/// Call each getter in `which` at the same time on one router (a `Router`
/// is `Sync`: the fleet runner and the binary may share one), each result
/// with its getter, in [`GETTERS`] order.
pub async fn call_together(
    router: &dyn Router,
    which: &[Capability],
) -> Vec<(Capability, Result<Vec<Value>>)> {
    let one = |capability: Capability| async move {
        if which.contains(&capability) {
            Some((capability, call(router, capability).await))
        } else {
            None
        }
    };
    let (facts, interfaces, wan_links, clients, leases, wifi, config, resources) = tokio::join!(
        one(Capability::Facts),
        one(Capability::Interfaces),
        one(Capability::WanLinks),
        one(Capability::Clients),
        one(Capability::DhcpLeases),
        one(Capability::WifiNetworks),
        one(Capability::ConfigGet),
        one(Capability::Resources),
    );
    [
        facts, interfaces, wan_links, clients, leases, wifi, config, resources,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A record as JSON; one that cannot be serialized becomes a string the
/// record checks report as "not a JSON object".
fn to_json<T: Serialize>(record: T) -> Value {
    serde_json::to_value(record).unwrap_or_else(|e| Value::String(format!("unserializable: {e}")))
}

/// The record invariants of `capability`'s getter over its `values`.
pub fn check_records(
    capability: Capability,
    values: &[Value],
    vendor: &str,
    out: &mut Vec<Violation>,
) {
    match capability {
        Capability::Facts => values.iter().for_each(|v| records::facts(v, vendor, out)),
        Capability::Interfaces => records::interfaces(values, out),
        Capability::WanLinks => records::wan_links(values, out),
        Capability::Clients => records::clients(values, out),
        Capability::DhcpLeases => records::dhcp_leases(values, out),
        Capability::WifiNetworks => records::wifi_networks(values, out),
        Capability::ConfigGet => values.iter().for_each(|v| records::config(v, out)),
        Capability::Resources => values.iter().for_each(|v| records::resources(v, out)),
        _ => {}
    }
}
