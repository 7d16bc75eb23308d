//! Target selection: which inventory routers a command runs against.
//!
//! A target is a router name, a group (`@core`, or plain `core` when no
//! router is called that), a `key=value` filter (`vendor=mikrotik`,
//! `protocol=api-ssl`, `host=10.0.0.1`, `group=core`, `name=r1`, or any
//! label such as `site=berlin`), or `all`. No target means `all`.
//!
//! Names, groups and `all` add up (union). Filters then narrow that set
//! (or every router, when only filters are given): filters on different
//! keys must all match (AND), several filters on the same key are
//! alternatives (OR). `@core vendor=mikrotik` is the MikroTik routers of
//! group core; `site=hq site=berlin vendor=mikrotik` the MikroTik routers
//! of either site. The result keeps inventory order, without duplicates.
//!
//! Names, groups and filter values may be globs (`branch-*`, `edge-?`,
//! `@site-*`, `site=eu-*`). A target starting with `!` excludes what it
//! matches (`!branch-3`, `!@lab`, `!vendor=peplink`) from the result;
//! exclusions alone start from every router.

use std::collections::BTreeMap;
use std::fmt;

use crate::inventory::{Inventory, RouterEntry};

/// A target that matched nothing; a usage error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTarget {
    pub target: String,
    pub routers: Vec<String>,
    pub groups: Vec<String>,
    pub reason: &'static str,
    /// The closest router or group name, for a likely typo.
    pub suggestion: Option<String>,
}

impl fmt::Display for UnknownTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.reason, self.target)?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean {s:?}?)")?;
        }
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
    let routers: Vec<String> = inventory.routers.iter().map(|r| r.name.clone()).collect();
    let groups: Vec<String> = inventory.groups().into_iter().map(str::to_string).collect();
    let fail = |target: &str, reason, suggestion| UnknownTarget {
        target: target.to_string(),
        routers: routers.clone(),
        groups: groups.clone(),
        reason,
        suggestion,
    };
    if all.is_empty() {
        return Err(fail(
            "all",
            "the inventory defines no routers, so nothing matches",
            None,
        ));
    }
    if targets.is_empty() {
        return Ok(all);
    }
    // Union of names, groups and `all`; `None` when none was given.
    let mut named: Option<Vec<bool>> = None;
    // Per filter key, the union of its values.
    let mut filters: BTreeMap<&str, Vec<bool>> = BTreeMap::new();
    // Union of everything after a `!`.
    let mut excluded = vec![false; all.len()];
    for target in targets {
        if let Some(rest) = target.strip_prefix('!') {
            let m = matches(&all, rest, &routers, &groups)
                .map_err(|(reason, hint)| fail(target, reason, hint.map(|h| format!("!{h}"))))?;
            for (x, m) in excluded.iter_mut().zip(m) {
                *x |= m;
            }
            continue;
        }
        let m = matches(&all, target, &routers, &groups)
            .map_err(|(reason, hint)| fail(target, reason, hint))?;
        let slot = match filter(target) {
            Some((key, _)) => filters.entry(key).or_insert_with(|| vec![false; all.len()]),
            None => named.get_or_insert_with(|| vec![false; all.len()]),
        };
        for (s, m) in slot.iter_mut().zip(m) {
            *s |= m;
        }
    }
    let mut chosen = named.unwrap_or_else(|| vec![true; all.len()]);
    for matches in filters.values() {
        for (c, m) in chosen.iter_mut().zip(matches) {
            *c &= *m;
        }
    }
    for (c, x) in chosen.iter_mut().zip(&excluded) {
        *c &= !*x;
    }
    if !chosen.contains(&true) {
        return Err(fail(&targets.join(" "), "no router matches all of", None));
    }
    Ok(all
        .into_iter()
        .zip(chosen)
        .filter(|(_, c)| *c)
        .map(|(r, _)| r)
        .collect())
}

/// `key=value`, unless it is a group (`@...`).
fn filter(target: &str) -> Option<(&str, &str)> {
    target.split_once('=').filter(|_| !target.starts_with('@'))
}

/// Which routers one target (without `!`) matches; when none, the reason
/// and a suggestion for a likely typo.
fn matches(
    all: &[&RouterEntry],
    target: &str,
    routers: &[String],
    groups: &[String],
) -> Result<Vec<bool>, (&'static str, Option<String>)> {
    let in_group = |group: &str| -> Vec<bool> {
        all.iter()
            .map(|r| r.groups.iter().any(|g| glob(group, g)))
            .collect()
    };
    let m: Vec<bool> = if let Some((key, value)) = filter(target) {
        let m: Vec<bool> = all.iter().map(|r| filter_matches(r, key, value)).collect();
        if !m.contains(&true) {
            return Err(("no router matches the filter", None));
        }
        m
    } else if target == "all" {
        vec![true; all.len()]
    } else if let Some(group) = target.strip_prefix('@') {
        let m = in_group(group);
        if !m.contains(&true) {
            let hint = closest(group, groups).map(|g| format!("@{g}"));
            return Err(("unknown group", hint));
        }
        m
    } else if all.iter().any(|r| glob(target, &r.name)) {
        all.iter().map(|r| glob(target, &r.name)).collect()
    } else {
        let m = in_group(target);
        if !m.contains(&true) {
            let names = routers.iter().chain(groups).cloned().collect::<Vec<_>>();
            let reason = match is_glob(target) {
                true => "no router or group matches the pattern",
                false => "unknown router or group",
            };
            return Err((reason, closest(target, &names)));
        }
        m
    };
    Ok(m)
}

/// Whether `text` has glob characters (`*` any run, `?` one character).
fn is_glob(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// Shell-style match of `name` against `pattern` (`*`, `?`; no classes).
/// Iterative with one backtrack point, so linear-ish on any input.
pub fn glob(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(c) if *c == '?' || Some(c) == n.get(ni) => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

/// The name in `names` closest to `typo`, when it is close enough to be a
/// likely typo: edit distance 1 for names of up to 4 characters, else up to
/// a third of its length but at least 2 (a swapped pair costs 2).
fn closest(typo: &str, names: &[String]) -> Option<String> {
    let len = typo.chars().count();
    let limit = if len <= 4 { 1 } else { (len / 3).max(2) };
    names
        .iter()
        .map(|n| (edit_distance(typo, n), n))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.clone())
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(prev.len());
        cur.push(i + 1);
        for (pair, cb) in prev.windows(2).zip(&b) {
            if let [diagonal, above] = *pair {
                let left = cur.last().copied().unwrap_or(0);
                let cost = usize::from(ca != *cb);
                cur.push((diagonal + cost).min(above + 1).min(left + 1));
            }
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// Values may be globs too (`site=branch-*`).
fn filter_matches(r: &RouterEntry, key: &str, value: &str) -> bool {
    match key {
        "name" => glob(value, &r.name),
        "vendor" => glob(value, r.vendor),
        "protocol" => glob(value, r.protocol),
        "host" => glob(value, &r.host),
        "group" => r.groups.iter().any(|g| glob(value, g)),
        label => r.labels.get(label).is_some_and(|v| glob(value, v)),
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
    fn filters_on_different_keys_intersect_and_same_key_unions() {
        let inv = inventory();
        assert_eq!(
            names(&inv, &["group=branch", "site=berlin"]),
            ["branch-berlin"]
        );
        assert_eq!(
            names(&inv, &["site=hq", "site=berlin"]),
            ["hq-core", "branch-berlin"]
        );
        assert_eq!(
            names(&inv, &["@branch", "protocol=api-ssl"]),
            ["branch-berlin"]
        );
        assert_eq!(
            names(&inv, &["hq-core", "@branch", "site=berlin", "site=hq"]),
            ["hq-core", "branch-berlin"]
        );
        let none = ["group=core".to_string(), "site=berlin".to_string()];
        let err = select(&inv, &none).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("no router matches all of \"group=core site=berlin\""),
            "{err}"
        );
    }

    #[test]
    fn typos_get_a_suggestion() {
        let inv = inventory();
        let err = select(&inv, &["hq-cor".to_string()]).unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("hq-core"));
        assert!(
            err.to_string().contains("(did you mean \"hq-core\"?)"),
            "{err}"
        );
        let err = select(&inv, &["@brnch".to_string()]).unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("@branch"));
        let err = select(&inv, &["hq-croe".to_string()]).unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("hq-core"));
        let err = select(&inv, &["zzzzzz".to_string()]).unwrap_err();
        assert_eq!(err.suggestion, None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
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
    fn globs_match_names_groups_and_filter_values() {
        let inv = inventory();
        assert_eq!(names(&inv, &["branch-*"]), ["branch-berlin", "branch-lyon"]);
        assert_eq!(names(&inv, &["*-core"]), ["hq-core"]);
        assert_eq!(names(&inv, &["co?e"]), ["core"]);
        assert_eq!(names(&inv, &["@lyon-*"]), ["branch-lyon"]);
        assert_eq!(names(&inv, &["site=ber*"]), ["branch-berlin"]);
        let err = select(&inv, &["zz-*".to_string()]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("no router or group matches the pattern"),
            "{err}"
        );
        assert!(glob("a*b*c", "axxbyyc"));
        assert!(glob("*", ""));
        assert!(!glob("a?", "a"));
        assert!(!glob("a*b", "acbd"));
        assert!(glob("**x", "abx"));
    }

    #[test]
    fn exclusions_remove_names_groups_and_filters() {
        let inv = inventory();
        assert_eq!(
            names(&inv, &["!core"]),
            ["hq-core", "branch-berlin", "branch-lyon"]
        );
        assert_eq!(names(&inv, &["@branch", "!branch-lyon"]), ["branch-berlin"]);
        assert_eq!(names(&inv, &["all", "!@branch"]), ["hq-core", "core"]);
        assert_eq!(
            names(&inv, &["!site=berlin", "!branch-l*"]),
            ["hq-core", "core"]
        );
        assert_eq!(
            names(&inv, &["vendor=mikrotik", "!protocol=api-ssl", "!@core"]),
            ["branch-lyon", "core"]
        );
        let err = select(&inv, &["!hq-cor".to_string()]).unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("!hq-core"));
        let err = select(&inv, &["branch-berlin".into(), "!@branch".into()]).unwrap_err();
        assert!(
            err.to_string().starts_with("no router matches all of"),
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
