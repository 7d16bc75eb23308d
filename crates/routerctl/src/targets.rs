//! Target selection: which inventory routers a command runs against.
//!
//! A target is a router name, a group (`@core`, or plain `core` when no
//! router is called that), a `key=value` filter (`vendor=mikrotik`,
//! `protocol=api-ssl`, `host=10.0.0.1`, `group=core`, `name=r1`, or any
//! label such as `site=berlin`), or `all`. No target means `all`. The result
//! is the union, in inventory order, without duplicates.

use std::fmt;

use crate::inventory::{Inventory, RouterEntry};

/// A target that matched nothing; a usage error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTarget {
    pub target: String,
    pub routers: Vec<String>,
    pub groups: Vec<String>,
    pub reason: &'static str,
}

impl fmt::Display for UnknownTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.reason, self.target)?;
        let list = |v: &[String]| {
            if v.is_empty() {
                "(none)".to_string()
            } else {
                v.join(", ")
            }
        };
        write!(f, "\n  routers: {}", list(&self.routers))?;
        let groups: Vec<String> = self.groups.iter().map(|g| format!("@{g}")).collect();
        write!(f, "\n  groups:  {}", list(&groups))
    }
}

impl std::error::Error for UnknownTarget {}

/// Resolve `targets` against `inventory`.
pub fn select<'a>(
    inventory: &'a Inventory,
    targets: &[String],
) -> Result<Vec<&'a RouterEntry>, UnknownTarget> {
    let all: Vec<&RouterEntry> = inventory.routers.iter().collect();
    let fail = |target: &str, reason| UnknownTarget {
        target: target.to_string(),
        routers: inventory.routers.iter().map(|r| r.name.clone()).collect(),
        groups: inventory.groups().into_iter().map(str::to_string).collect(),
        reason,
    };
    if all.is_empty() {
        return Err(fail(
            "all",
            "the inventory defines no routers, so nothing matches",
        ));
    }
    if targets.is_empty() {
        return Ok(all);
    }
    let in_group = |group: &str| -> Vec<bool> {
        all.iter()
            .map(|r| r.groups.iter().any(|g| g == group))
            .collect()
    };
    let mut chosen = vec![false; all.len()];
    for target in targets {
        // What matched, and what to say when nothing did.
        let (matches, reason) = if target == "all" {
            (vec![true; all.len()], "")
        } else if let Some(group) = target.strip_prefix('@') {
            (in_group(group), "unknown group")
        } else if let Some((key, value)) = target.split_once('=') {
            let m = all.iter().map(|r| filter_matches(r, key, value)).collect();
            (m, "no router matches the filter")
        } else if all.iter().any(|r| r.name == *target) {
            (all.iter().map(|r| r.name == *target).collect(), "")
        } else {
            (in_group(target), "unknown router or group")
        };
        if !matches.contains(&true) {
            return Err(fail(target, reason));
        }
        for (slot, m) in chosen.iter_mut().zip(matches) {
            *slot |= m;
        }
    }
    Ok(all
        .into_iter()
        .zip(chosen)
        .filter(|(_, c)| *c)
        .map(|(r, _)| r)
        .collect())
}

fn filter_matches(r: &RouterEntry, key: &str, value: &str) -> bool {
    match key {
        "name" => r.name == value,
        "vendor" => r.vendor == value,
        "protocol" => r.protocol == value,
        "host" => r.host == value,
        "group" => r.groups.iter().any(|g| g == value),
        label => r.labels.get(label).is_some_and(|v| v == value),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::inventory::tests_support::entry;

    fn inventory() -> Inventory {
        let mut a = entry("hq-core");
        a.groups = vec!["core".into(), "hq".into()];
        a.labels.insert("site".into(), "hq".into());
        let mut b = entry("branch-berlin");
        b.groups = vec!["branch".into()];
        b.labels.insert("site".into(), "berlin".into());
        b.protocol = "api-ssl";
        let mut c = entry("branch-lyon");
        c.groups = vec!["branch".into(), "lyon-group".into()];
        // A router whose name is also used as a group elsewhere.
        let mut d = entry("core");
        d.groups = vec![];
        Inventory {
            path: PathBuf::from("routers.toml"),
            routers: vec![a, b, c, d],
        }
    }

    fn names(inv: &Inventory, targets: &[&str]) -> Vec<String> {
        let t: Vec<String> = targets.iter().map(|s| s.to_string()).collect();
        select(inv, &t)
            .unwrap()
            .into_iter()
            .map(|r| r.name.clone())
            .collect()
    }

    #[test]
    fn default_and_all_select_everything_in_inventory_order() {
        let inv = inventory();
        let everyone = ["hq-core", "branch-berlin", "branch-lyon", "core"];
        assert_eq!(names(&inv, &[]), everyone);
        assert_eq!(names(&inv, &["all"]), everyone);
    }

    #[test]
    fn union_keeps_inventory_order_and_drops_duplicates() {
        let inv = inventory();
        assert_eq!(
            names(&inv, &["branch-lyon", "@branch", "hq-core"]),
            ["hq-core", "branch-berlin", "branch-lyon"]
        );
    }

    #[test]
    fn router_names_win_over_groups_and_at_forces_group() {
        let inv = inventory();
        assert_eq!(names(&inv, &["core"]), ["core"]);
        assert_eq!(names(&inv, &["@core"]), ["hq-core"]);
        assert_eq!(names(&inv, &["lyon-group"]), ["branch-lyon"]);
    }

    #[test]
    fn filters_match_builtin_fields_and_labels() {
        let inv = inventory();
        assert_eq!(names(&inv, &["site=berlin"]), ["branch-berlin"]);
        assert_eq!(names(&inv, &["protocol=api-ssl"]), ["branch-berlin"]);
        assert_eq!(names(&inv, &["group=hq"]), ["hq-core"]);
        assert_eq!(names(&inv, &["vendor=mikrotik"]).len(), 4);
    }

    #[test]
    fn unknown_targets_list_what_exists() {
        let inv = inventory();
        let err = select(&inv, &["nope".to_string()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown router or group \"nope\"\n  \
             routers: hq-core, branch-berlin, branch-lyon, core\n  \
             groups:  @core, @hq, @branch, @lyon-group"
        );
        let err = select(&inv, &["@nope".to_string()]).unwrap_err();
        assert!(
            err.to_string().starts_with("unknown group \"@nope\""),
            "{err}"
        );
        let err = select(&inv, &["site=paris".to_string()]).unwrap_err();
        assert!(
            err.to_string().starts_with("no router matches the filter"),
            "{err}"
        );
    }

    #[test]
    fn empty_inventory_is_an_error() {
        let inv = Inventory {
            path: PathBuf::from("x.toml"),
            routers: vec![],
        };
        assert!(select(&inv, &[]).is_err());
    }
}
