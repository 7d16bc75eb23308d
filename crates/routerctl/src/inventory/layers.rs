//! Group settings: which tables a router's settings come from, in order of
//! precedence (the router, then its groups in the order listed — each
//! group before the groups it belongs to —, then `[defaults]`), and the
//! group cycles that would make that order endless.

use std::collections::BTreeMap;
use std::fmt;

use toml::Spanned;

use super::raw::RawRouter;

/// The `[groups.NAME]` tables, by name.
pub type GroupTables = BTreeMap<Spanned<String>, Spanned<RawRouter>>;

/// Where a setting came from, for `inventory show`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The router's own table.
    Router,
    /// A `[groups.NAME]` table.
    Group(String),
    /// `[defaults]`.
    Defaults,
    /// Nothing set it: routerctl's own default.
    BuiltIn,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Router => f.write_str("router"),
            Origin::Group(g) => write!(f, "group {g}"),
            Origin::Defaults => f.write_str("defaults"),
            Origin::BuiltIn => f.write_str("built-in default"),
        }
    }
}

/// The group table called `name`, if there is one.
pub fn table<'a>(groups: &'a GroupTables, name: &str) -> Option<&'a RawRouter> {
    groups
        .iter()
        .find(|(k, _)| k.get_ref() == name)
        .map(|(_, t)| t.get_ref())
}

/// `listed` and every group they belong to, depth first in the order
/// listed (a group before its parents), without repeats. Terminates on
/// cycles too (a group is visited once).
pub fn expand(groups: &GroupTables, listed: &[String]) -> Vec<String> {
    fn visit(groups: &GroupTables, name: &str, out: &mut Vec<String>) {
        if out.iter().any(|g| g == name) {
            return;
        }
        out.push(name.to_string());
        for parent in table(groups, name)
            .and_then(|t| t.groups.as_ref())
            .into_iter()
            .flatten()
        {
            visit(groups, parent.get_ref(), out);
        }
    }
    let mut out = Vec::new();
    for g in listed {
        visit(groups, g, &mut out);
    }
    out
}

/// The tables a router's settings are looked up in, first match wins.
pub fn chain<'a>(
    router: &'a RawRouter,
    groups: &'a GroupTables,
    member_of: &[String],
    defaults: &'a RawRouter,
) -> Vec<(Origin, &'a RawRouter)> {
    let mut layers = vec![(Origin::Router, router)];
    for g in member_of {
        if let Some(t) = table(groups, g) {
            layers.push((Origin::Group(g.clone()), t));
        }
    }
    layers.push((Origin::Defaults, defaults));
    layers
}

/// A group that (through other groups) belongs to itself: the chain of
/// names (first and last equal) and the span of the reference closing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub names: Vec<String>,
    pub span: std::ops::Range<usize>,
}

/// Every cycle among the group tables, each reported once.
pub fn cycles(groups: &GroupTables) -> Vec<Cycle> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        groups: &GroupTables,
        name: &str,
        stack: &mut Vec<String>,
        marks: &mut BTreeMap<String, Mark>,
        found: &mut Vec<Cycle>,
    ) {
        marks.insert(name.to_string(), Mark::Open);
        stack.push(name.to_string());
        for parent in table(groups, name)
            .and_then(|t| t.groups.as_ref())
            .into_iter()
            .flatten()
        {
            let p = parent.get_ref();
            match marks.get(p) {
                Some(Mark::Open) => {
                    let from = stack.iter().position(|s| s == p).unwrap_or(0);
                    let mut names: Vec<String> = stack.get(from..).unwrap_or_default().to_vec();
                    names.push(p.clone());
                    found.push(Cycle {
                        names,
                        span: parent.span(),
                    });
                }
                Some(Mark::Done) => {}
                None => visit(groups, p, stack, marks, found),
            }
        }
        stack.pop();
        marks.insert(name.to_string(), Mark::Done);
    }
    let mut ordered: Vec<_> = groups.iter().collect();
    ordered.sort_by_key(|(name, _)| name.span().start);
    let mut marks = BTreeMap::new();
    let mut found = Vec::new();
    for (name, _) in ordered {
        if !marks.contains_key(name.get_ref()) {
            visit(
                groups,
                name.get_ref(),
                &mut Vec::new(),
                &mut marks,
                &mut found,
            );
        }
    }
    found
}
