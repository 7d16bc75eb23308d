//! The registry: every vendor crate compiled into this binary, one line
//! each. A vendor crate's [`Family`] carries its drivers (inventory
//! `vendor` names, protocols, default ports, TLS, connect) and its
//! simulators (`routerctl sim NAME`, `routerctl demo`), so this list is the
//! only place in the binary that names vendor crates. Adding a vendor is
//! one line in [`FAMILIES`].

use routerctl_core::DriverDescriptor;
use routerctl_kit::sim::{Family, SimDescriptor};

/// Every vendor crate compiled in. One line per crate (kept on one line
/// on purpose, hence `rustfmt::skip`).
#[rustfmt::skip]
pub static FAMILIES: &[Family] = &[
    routerctl_mikrotik::FAMILY,
    routerctl_ixon::FAMILY,
    routerctl_peplink::FAMILY,
    routerctl_linksys::FAMILY,
];

/// Every driver, in registry order.
pub fn drivers() -> impl Iterator<Item = &'static DriverDescriptor> {
    FAMILIES.iter().flat_map(|f| f.drivers)
}

/// Every simulator, in registry order.
pub fn sims() -> impl Iterator<Item = &'static SimDescriptor> {
    FAMILIES.iter().flat_map(|f| f.sims)
}

/// The driver for `vendor`, if compiled in.
pub fn find(vendor: &str) -> Option<&'static DriverDescriptor> {
    drivers().find(|d| d.vendor == vendor)
}

/// Which family (index in [`FAMILIES`]) `vendor` belongs to: the routers
/// one vendor command (`call`) makes sense for.
pub fn family_of(vendor: &str) -> Option<usize> {
    FAMILIES
        .iter()
        .position(|f| f.drivers.iter().any(|d| d.vendor == vendor))
}

/// The simulator `routerctl sim NAME` runs.
pub fn find_sim(name: &str) -> Option<&'static SimDescriptor> {
    sims().find(|s| s.name == name)
}

/// Names of all known vendors, for error messages.
pub fn vendor_names() -> Vec<&'static str> {
    drivers().map(|d| d.vendor).collect()
}

/// Why `routerctl watch` cannot run over `vendor`'s `protocol`, or `None`
/// when that protocol streams. Decided from the descriptors alone, so the
/// refusal comes before anything is sent (a stream asked of a protocol
/// without one would otherwise wait for the timeout). The message names
/// the protocols of that vendor that do stream, or says it has none.
pub fn streaming_refusal(vendor: &str, protocol: &str) -> Option<String> {
    let driver = find(vendor)?;
    if driver.protocol(protocol).is_some_and(|p| p.streams) {
        return None;
    }
    let streaming: Vec<&str> = driver
        .protocols
        .iter()
        .filter(|p| p.streams)
        .map(|p| p.name)
        .collect();
    Some(match streaming.as_slice() {
        [] => format!(
            "{vendor} routers have no streaming commands (its protocols: {})",
            driver
                .protocols
                .iter()
                .map(|p| p.name)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        [one] => format!("{protocol} has no streams: streaming needs {one}"),
        [init @ .., last] => format!(
            "{protocol} has no streams: streaming needs {} or {last}",
            init.join(", ")
        ),
    })
}

#[cfg(test)]
mod tests;
