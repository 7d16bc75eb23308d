//! `--mix`: which simulators make up the fleet, in what shares.
//!
//! The names come from the registry, so a vendor crate joins the mix by
//! being registered: every simulator `S` gives `S` (its default listener:
//! the one with a default address, else the first TLS one, else the
//! first) and `S-L` for each of its listeners `L` (`mikrotik-api`,
//! `mikrotik-rest`, `ixon-https`, ...).

use routerctl_kit::sim::{ListenerSpec, SimDescriptor};

/// The mix when `--mix` is not given; names this build lacks are left
/// out (the shares of the rest keep their proportions).
pub const DEFAULT_MIX: &str =
    "mikrotik-api=40,mikrotik-rest=20,ixon=10,openwrt=5,peplink=15,linksys=10";

/// One kind of router in the fleet: a simulator and the listener it is
/// reached on.
#[derive(Debug, Clone)]
pub struct Kind {
    /// The `--mix` name.
    pub key: String,
    /// The simulator.
    pub sim: &'static SimDescriptor,
    /// The one listener each router of this kind opens.
    pub listener: &'static ListenerSpec,
}

/// Every name `--mix` accepts, from the simulators given.
pub fn kinds(sims: impl Iterator<Item = &'static SimDescriptor>) -> Vec<Kind> {
    let mut kinds = Vec::new();
    for sim in sims {
        let default = sim
            .listeners
            .iter()
            .find(|l| l.default_addr.is_some())
            .or_else(|| sim.listeners.iter().find(|l| l.tls))
            .or_else(|| sim.listeners.first());
        if let Some(listener) = default {
            kinds.push(Kind {
                key: sim.name.to_string(),
                sim,
                listener,
            });
        }
        for listener in sim.listeners {
            let key = format!("{}-{}", sim.name, listener.name);
            kinds.push(Kind { key, sim, listener });
        }
    }
    kinds
}

/// Parse `NAME=WEIGHT,...` against the known kinds. With `lenient`
/// (the default mix), unknown names are skipped instead of refused.
pub fn parse(text: &str, kinds: &[Kind], lenient: bool) -> Result<Vec<(Kind, u64)>, String> {
    let mut mix: Vec<(Kind, u64)> = Vec::new();
    for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (name, weight) = item
            .split_once('=')
            .ok_or_else(|| format!("--mix {item:?}: expected NAME=SHARE"))?;
        let weight: u64 = weight
            .trim()
            .trim_end_matches('%')
            .parse()
            .map_err(|_| format!("--mix {item:?}: the share must be a whole number"))?;
        let name = name.trim();
        let Some(kind) = kinds.iter().find(|k| k.key == name) else {
            if lenient {
                continue;
            }
            let known: Vec<&str> = kinds.iter().map(|k| k.key.as_str()).collect();
            return Err(format!(
                "--mix: no simulator {name:?} in this build (known: {})",
                known.join(", ")
            ));
        };
        if mix.iter().any(|(k, _)| k.key == name) {
            return Err(format!("--mix names {name:?} twice"));
        }
        if weight > 0 {
            mix.push((kind.clone(), weight));
        }
    }
    if mix.is_empty() {
        return Err("--mix gives no router a share".to_string());
    }
    Ok(mix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry;

    #[test]
    fn names_come_from_the_registry_with_a_default_listener_each() {
        let kinds = kinds(registry::sims());
        let find = |key: &str| kinds.iter().find(|k| k.key == key);
        let api = find("mikrotik").unwrap_or_else(|| panic!("no mikrotik"));
        assert_eq!(api.listener.name, "api");
        let rest = find("mikrotik-rest").unwrap_or_else(|| panic!("no mikrotik-rest"));
        assert_eq!(rest.listener.protocol, "rest-http");
        let ixon = find("ixon").unwrap_or_else(|| panic!("no ixon"));
        assert!(ixon.listener.tls, "ixon defaults to its TLS listener");
    }

    #[test]
    fn the_default_mix_skips_what_is_missing_and_a_given_one_refuses_it() {
        let kinds = kinds(registry::sims());
        let mix = parse(DEFAULT_MIX, &kinds, true).unwrap_or_else(|e| panic!("{e}"));
        assert!(mix.iter().any(|(k, w)| k.key == "mikrotik-api" && *w == 40));
        let err = parse("mikrotik-api=1,cisco=5", &kinds, false)
            .err()
            .unwrap_or_else(|| panic!("cisco accepted"));
        assert!(
            err.contains("cisco") && err.contains("mikrotik-api"),
            "{err}"
        );
        assert!(parse("mikrotik-api=x", &kinds, false).is_err());
        assert!(parse("mikrotik-api=0", &kinds, false).is_err());
    }
}
