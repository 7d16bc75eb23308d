//! The plan of a fleet: for every router its name, simulator, seed,
//! site, role, simulator options and fault, all fixed by `--seed`.

use std::collections::BTreeMap;

use super::faults::{FaultKind, Named, Share};
use super::mix::Kind;
use super::{apportion, mix64, shuffled};
use crate::targets;

/// Sites the routers are spread over (groups and the `site` label).
const SITES: &[&str] = &[
    "amsterdam",
    "berlin",
    "lyon",
    "milan",
    "madrid",
    "warsaw",
    "prague",
    "vienna",
    "oslo",
    "dublin",
    "lisbon",
    "zurich",
    "brno",
    "ghent",
    "porto",
    "turin",
    "krakow",
    "aarhus",
    "tampere",
    "bilbao",
    "graz",
    "leeds",
    "nantes",
    "eindhoven",
];

/// Roles with their shares in per mille (groups and the `role` label).
const ROLES: &[(&str, u64)] = &[("core", 50), ("branch", 550), ("edge", 250), ("plant", 150)];

/// Salts of the seed, one per decision, so decisions do not correlate.
const KIND_SALT: u64 = 0x6b69_6e64;
const FAULT_SALT: u64 = 0x6661_756c;
const SITE_SALT: u64 = 0x7369_7465;
const ROLE_SALT: u64 = 0x726f_6c65;
const VERSION_SALT: u64 = 0x7665_7273;

/// The simulator switch that makes a router answer with its vendor's own
/// error; kinds without it never get [`FaultKind::VendorError`].
pub const VENDOR_ERROR_SWITCH: &str = "vendor-error";

/// The simulator switch that lets an idle, unchanged device drop its
/// state (rebuilt from the seed on the next connection); set on every
/// router whose simulator has it, so a large fleet stays small.
pub const EVICT_IDLE_SWITCH: &str = "evict-idle";

/// One planned router.
#[derive(Debug, Clone)]
pub struct RouterPlan {
    /// Inventory name, also its identity or host name.
    pub name: String,
    /// Which simulator and listener.
    pub kind: Kind,
    /// Seed of its generated data.
    pub seed: u64,
    /// Its site (a group and a label).
    pub site: &'static str,
    /// Its role (a group and a label).
    pub role: &'static str,
    /// Simulator options: defaults, then its name, version and faults.
    pub options: BTreeMap<String, String>,
    /// What is wrong with it, if anything.
    pub fault: Option<FaultKind>,
}

/// Plan `count` routers from `mix` (kinds with weights) with `named`
/// faults first (`--fault-router`), then `faults` shared among the rest.
/// The error names a pattern that matches no router, a router given two
/// faults, or a vendor error asked of a simulator that has none.
pub fn plan(
    count: usize,
    mix: &[(Kind, u64)],
    faults: &[(FaultKind, Share)],
    named: &[Named],
    seed: u64,
) -> Result<Vec<RouterPlan>, String> {
    let weights: Vec<u64> = mix.iter().map(|(_, w)| *w).collect();
    let mut kinds: Vec<usize> = Vec::with_capacity(count);
    for (k, n) in apportion(count, &weights).into_iter().enumerate() {
        kinds.extend(std::iter::repeat_n(k, n));
    }
    let order = shuffled(count, seed ^ KIND_SALT);
    let width = count.saturating_sub(1).to_string().len().max(2);
    let mut routers: Vec<RouterPlan> = (0..count)
        .filter_map(|i| {
            let k = *kinds.get(*order.get(i)?)?;
            let (kind, _) = mix.get(k)?;
            let seed_i = mix64(seed, i as u64);
            let site = SITES.get(mix64(seed_i, SITE_SALT) as usize % SITES.len())?;
            let role = role(mix64(seed_i, ROLE_SALT) % 1000);
            let name = format!("{site}-{role}-{i:0width$}");
            let options = options(kind, &name, seed_i);
            Some(RouterPlan {
                name,
                kind: kind.clone(),
                seed: seed_i,
                site,
                role,
                options,
                fault: None,
            })
        })
        .collect();
    assign_named(&mut routers, named)?;
    assign_faults(&mut routers, faults, seed);
    Ok(routers)
}

/// Whether `kind`'s simulator can answer with its vendor's own error.
fn can_vendor_error(kind: &Kind) -> bool {
    kind.sim
        .options
        .iter()
        .any(|o| o.name == VENDOR_ERROR_SWITCH && o.value_name.is_none())
}

/// Give a router its fault, with the simulator switch it needs.
fn give(router: &mut RouterPlan, kind: FaultKind) {
    router.fault = Some(kind);
    if kind == FaultKind::VendorError {
        router
            .options
            .insert(VENDOR_ERROR_SWITCH.to_string(), "true".to_string());
    }
}

/// `--fault-router NAME=KIND`: every router the name (or glob) matches.
fn assign_named(routers: &mut [RouterPlan], named: &[Named]) -> Result<(), String> {
    for n in named {
        let mut matched = 0;
        for router in routers.iter_mut() {
            if !targets::glob(&n.pattern, &router.name) {
                continue;
            }
            matched += 1;
            if let Some(had) = router.fault {
                return Err(format!(
                    "--fault-router {}={}: {} already has the fault {had}",
                    n.pattern, n.kind, router.name
                ));
            }
            if n.kind == FaultKind::VendorError && !can_vendor_error(&router.kind) {
                return Err(format!(
                    "--fault-router {}=vendor-error: {} is a {} router, whose simulator has \
                     no vendor error",
                    n.pattern, router.name, router.kind.key
                ));
            }
            give(router, n.kind);
        }
        if matched == 0 {
            return Err(format!(
                "--fault-router {}={}: no router of this fleet is called that (names look \
                 like {})",
                n.pattern,
                n.kind,
                routers.first().map(|r| r.name.as_str()).unwrap_or("-")
            ));
        }
    }
    Ok(())
}

fn role(per_mille: u64) -> &'static str {
    let mut left = per_mille;
    for &(role, share) in ROLES {
        if left < share {
            return role;
        }
        left -= share;
    }
    "branch"
}

/// The simulator's defaults, its name as identity or host name, and a
/// firmware version near the default.
fn options(kind: &Kind, name: &str, seed: u64) -> BTreeMap<String, String> {
    let mut options = kind.sim.default_options();
    let has = |option: &str| kind.sim.options.iter().any(|o| o.name == option);
    if let Some(naming) = ["identity", "hostname", "name"]
        .into_iter()
        .find(|o| has(o))
    {
        options.insert(naming.to_string(), name.to_string());
    }
    if kind
        .sim
        .options
        .iter()
        .any(|o| o.name == EVICT_IDLE_SWITCH && o.value_name.is_none())
    {
        options.insert(EVICT_IDLE_SWITCH.to_string(), "true".to_string());
    }
    let version = options
        .get("version")
        .and_then(|default| vary_version(default, mix64(seed, VERSION_SALT)));
    if let Some(version) = version {
        options.insert("version".to_string(), version);
    }
    options
}

/// A release near `default` (`7.20.5` gives `7.20.5`, `7.19.3`,
/// `7.16.1`, ...): the same major, up to four minors back.
fn vary_version(default: &str, h: u64) -> Option<String> {
    let mut parts = default.split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next()??;
    let back = (h % 5).min(minor);
    if back == 0 {
        return Some(default.to_string());
    }
    let patch = (h >> 8) % 6;
    Some(format!("{major}.{}.{patch}", minor - back))
}

/// Give each fault its share of routers: `vendor-error` first among the
/// routers whose simulator can produce it, then the others among the
/// rest, in an order fixed by the seed. Routers with a named fault are
/// left out (shares count the whole fleet).
fn assign_faults(routers: &mut [RouterPlan], faults: &[(FaultKind, Share)], seed: u64) {
    let total = routers.len();
    let mut order: Vec<usize> = shuffled(total, seed ^ FAULT_SALT)
        .into_iter()
        .filter(|&i| routers.get(i).is_some_and(|r| r.fault.is_none()))
        .collect();
    let mut sorted: Vec<&(FaultKind, Share)> = faults.iter().collect();
    sorted.sort_by_key(|(k, _)| *k != FaultKind::VendorError);
    for &(kind, share) in sorted {
        let mut wanted = share.of(total);
        let mut rest = Vec::with_capacity(order.len());
        for i in order {
            let Some(router) = routers.get_mut(i) else {
                continue;
            };
            let able = kind != FaultKind::VendorError || can_vendor_error(&router.kind);
            if wanted > 0 && able {
                give(router, kind);
                wanted -= 1;
            } else {
                rest.push(i);
            }
        }
        order = rest;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::fleet_sim::mix;
    use crate::registry;

    fn fleet(count: usize, seed: u64) -> Vec<RouterPlan> {
        let kinds = mix::kinds(registry::sims());
        let mix = mix::parse("mikrotik-api=2,mikrotik-rest=1,ixon=1", &kinds, false)
            .unwrap_or_else(|e| panic!("{e}"));
        let faults = [
            (FaultKind::Refuse, Share::Percent(10.0)),
            (FaultKind::Slow(Duration::from_millis(5)), Share::Count(3)),
            (FaultKind::VendorError, Share::Count(2)),
        ];
        plan(count, &mix, &faults, &[], seed).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_seed_fixes_the_fleet_and_names_are_unique() {
        let a = fleet(200, 5);
        let b = fleet(200, 5);
        assert_eq!(a.len(), 200);
        let names = |p: &[RouterPlan]| p.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
        let mut unique = names(&a);
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 200);
        assert_ne!(names(&a), names(&fleet(200, 6)));
        let api = a.iter().filter(|r| r.kind.key == "mikrotik-api").count();
        assert_eq!(api, 100);
        assert!(a.iter().all(|r| r.options.get("identity") == Some(&r.name)
            || r.options.get("hostname") == Some(&r.name)));
    }

    #[test]
    fn faults_get_their_shares_and_vendor_errors_go_where_they_can() {
        let p = fleet(200, 9);
        let count = |name: &str| {
            p.iter()
                .filter(|r| r.fault.map(|f| f.name()) == Some(name))
                .count()
        };
        assert_eq!(count("refuse"), 20);
        assert_eq!(count("slow"), 3);
        assert_eq!(count("vendor-error"), 2);
        for r in p.iter().filter(|r| r.fault == Some(FaultKind::VendorError)) {
            assert_eq!(
                r.options.get(VENDOR_ERROR_SWITCH).map(String::as_str),
                Some("true")
            );
        }
    }

    #[test]
    fn named_faults_come_first_and_are_checked() {
        let kinds = mix::kinds(registry::sims());
        let mix =
            mix::parse("mikrotik-api=1,ixon=1", &kinds, false).unwrap_or_else(|e| panic!("{e}"));
        let named = |pattern: &str, kind| Named {
            pattern: pattern.to_string(),
            kind,
        };
        let shares = [(FaultKind::Refuse, Share::Count(5))];
        let p = plan(20, &mix, &shares, &[named("*-07", FaultKind::Stall)], 3)
            .unwrap_or_else(|e| panic!("{e}"));
        let seventh = p.iter().find(|r| r.name.ends_with("-07"));
        assert_eq!(seventh.and_then(|r| r.fault), Some(FaultKind::Stall));
        let refused = p
            .iter()
            .filter(|r| r.fault == Some(FaultKind::Refuse))
            .count();
        assert_eq!(refused, 5, "shares go to the others");

        let err = plan(20, &mix, &[], &[named("nowhere-*", FaultKind::Stall)], 3)
            .err()
            .unwrap_or_else(|| panic!("a pattern matching nothing accepted"));
        assert!(err.contains("nowhere-*"), "{err}");
        let twice = [
            named("*-07", FaultKind::Stall),
            named("*-0?", FaultKind::Refuse),
        ];
        let err = plan(20, &mix, &[], &twice, 3)
            .err()
            .unwrap_or_else(|| panic!("two faults on one router accepted"));
        assert!(err.contains("already has"), "{err}");
    }

    #[test]
    fn versions_stay_near_the_default() {
        assert_eq!(vary_version("7.20.5", 0).as_deref(), Some("7.20.5"));
        assert_eq!(
            vary_version("7.20.5", (3 << 8) + 4).as_deref(),
            Some("7.18.3")
        );
        assert_eq!(vary_version("1.1", 4).as_deref(), Some("1.0.0"));
        assert_eq!(vary_version("beta", 1), None);
    }
}
