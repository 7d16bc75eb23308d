//! Which version of an action a router can run, from the `services` list of
//! `core/GetDeviceInfo`.
//!
//! An action version needs a minimum version of its service: e.g.
//! `router/GetWANStatus3` needs `router/Router5` (Linksys' own JNAP client
//! pairs them as "action version, service version"). A router lists every
//! service version it implements (`.../router/Router`, `Router3`, `Router5`,
//! ...); we treat a service as present at version N when its highest listed
//! version is at least N (**inferred**: real lists have gaps, e.g.
//! `WirelessAP4` without `WirelessAP3`).
//!
//! ```
//! use routerctl_linksys::versions::{Services, best_version};
//! let services = Services::parse(&[
//!     "http://linksys.com/jnap/router/Router".to_string(),
//!     "http://linksys.com/jnap/router/Router3".to_string(),
//! ]);
//! assert_eq!(best_version(&services, "router/GetWANStatus"), Some(2));
//! ```

use std::collections::BTreeMap;

use crate::wire::{ActionName, split_version};

/// The services a router lists, as service name -> highest version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Services {
    highest: BTreeMap<String, u32>,
}

impl Services {
    /// Read a `services` list; entries that are not action-like URIs are
    /// skipped.
    pub fn parse(list: &[String]) -> Self {
        let mut highest: BTreeMap<String, u32> = BTreeMap::new();
        for entry in list {
            let Ok(short) = ActionName::short_of(entry) else {
                continue;
            };
            let Some((service, name)) = short.rsplit_once('/') else {
                continue;
            };
            let (base, version) = split_version(name);
            // `service/Base`: the short name without its version suffix.
            let key = short.get(..service.len() + 1 + base.len()).unwrap_or(short);
            match highest.get_mut(key) {
                Some(slot) => *slot = (*slot).max(version),
                None => {
                    highest.insert(key.to_string(), version);
                }
            }
        }
        Self { highest }
    }

    /// Whether `service` (`router/Router`) is there at `version` or later.
    pub fn has(&self, service: &str, version: u32) -> bool {
        self.highest.get(service).is_some_and(|v| *v >= version)
    }

    /// Highest listed version of `service`.
    pub fn highest(&self, service: &str) -> Option<u32> {
        self.highest.get(service).copied()
    }
}

/// An action family whose versions need different service versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versioned {
    /// `service/Base`, e.g. `router/GetWANStatus`.
    pub family: &'static str,
    /// The service whose version decides, e.g. `router/Router`.
    pub service: &'static str,
    /// (action version, minimum service version), ascending.
    pub variants: &'static [(u32, u32)],
}

/// Every versioned action this crate calls, with its service requirement.
/// Sources: Linksys' Dart JNAP client (`VersionVarients`) and the reference
/// notes; `SetAdminPassword2` needs `Core3` per the Linksys app.
pub static VERSIONED: &[Versioned] = &[
    Versioned {
        family: "core/CheckAdminPassword",
        service: "core/Core",
        variants: &[(1, 1), (2, 2), (3, 7)],
    },
    Versioned {
        family: "core/SetAdminPassword",
        service: "core/Core",
        variants: &[(1, 1), (2, 3), (3, 7)],
    },
    Versioned {
        family: "devicelist/GetDevices",
        service: "devicelist/DeviceList",
        variants: &[(1, 1), (3, 4)],
    },
    Versioned {
        family: "networkconnections/GetNetworkConnections",
        service: "networkconnections/NetworkConnections",
        variants: &[(1, 1), (2, 2)],
    },
    Versioned {
        family: "router/GetWANStatus",
        service: "router/Router",
        variants: &[(1, 1), (2, 3), (3, 5)],
    },
    Versioned {
        family: "wirelessap/GetRadioInfo",
        service: "wirelessap/WirelessAP",
        variants: &[(1, 1), (2, 3), (3, 4)],
    },
    Versioned {
        family: "wirelessap/SetRadioSettings",
        service: "wirelessap/WirelessAP",
        variants: &[(1, 1), (2, 3), (3, 4)],
    },
    Versioned {
        family: "guestnetwork/GetGuestRadioSettings",
        service: "guestnetwork/GuestNetwork",
        variants: &[(1, 1), (2, 4)],
    },
    Versioned {
        family: "guestnetwork/SetGuestRadioSettings",
        service: "guestnetwork/GuestNetwork",
        variants: &[(1, 1), (2, 4)],
    },
];

/// The versioning rule for `family` (`router/GetWANStatus`), if versioned.
pub fn versioned(family: &str) -> Option<&'static Versioned> {
    VERSIONED.iter().find(|v| v.family == family)
}

/// The highest version of `family` that `services` supports; `None` when
/// even version 1 is missing. Unversioned families are version 1.
pub fn best_version(services: &Services, family: &str) -> Option<u32> {
    match versioned(family) {
        Some(rule) => rule
            .variants
            .iter()
            .rev()
            .find(|(_, needs)| services.has(rule.service, *needs))
            .map(|(version, _)| *version),
        None => Some(1),
    }
}

/// `family` at its best version as an [`ActionName`].
pub fn best_action(services: &Services, family: &str) -> Option<ActionName> {
    let version = best_version(services, family)?;
    let (service, base) = family.rsplit_once('/')?;
    Some(ActionName::versioned(service, base, version))
}

/// The service name (`core/Core`) and version a service URI stands for.
pub fn service_of(uri: &str) -> Option<(String, u32)> {
    let name = ActionName::parse(uri).ok()?;
    let (base, version) = split_version(name.name());
    Some((format!("{}/{base}", name.service()), version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn services(names: &[&str]) -> Services {
        let list: Vec<String> = names
            .iter()
            .map(|n| format!("http://linksys.com/jnap/{n}"))
            .collect();
        Services::parse(&list)
    }

    #[test]
    fn highest_supported_version_wins() {
        let old = services(&["core/Core", "core/Core2", "router/Router", "router/Router3"]);
        let new = services(&["core/Core", "core/Core7", "router/Router", "router/Router5"]);
        assert_eq!(best_version(&old, "router/GetWANStatus"), Some(2));
        assert_eq!(best_version(&new, "router/GetWANStatus"), Some(3));
        assert_eq!(best_version(&old, "core/CheckAdminPassword"), Some(2));
        assert_eq!(best_version(&new, "core/CheckAdminPassword"), Some(3));
        assert_eq!(best_version(&old, "wirelessap/GetRadioInfo"), None);
        assert_eq!(best_version(&old, "core/GetDeviceInfo"), Some(1));
        assert_eq!(
            best_action(&new, "router/GetWANStatus").map(|a| a.uri()),
            Some("http://linksys.com/jnap/router/GetWANStatus3".to_string())
        );
    }

    #[test]
    fn gaps_in_a_service_list_count_as_present() {
        let s = services(&["wirelessap/WirelessAP", "wirelessap/WirelessAP4"]);
        assert!(s.has("wirelessap/WirelessAP", 3));
        assert_eq!(best_version(&s, "wirelessap/GetRadioInfo"), Some(3));
        assert_eq!(
            service_of("http://linksys.com/jnap/router/Router10"),
            Some(("router/Router".to_string(), 10))
        );
    }
}
