//! rpcd access lists: which ubus objects and methods a session may call.
//!
//! rpcd builds a session's ACL from access groups; the login reply shows
//! both the groups (`access-group`) and the flattened `ubus` map. The
//! groups below reproduce IXON's documented admin ACL exactly, and give
//! OpenWrt a root ACL (everything) and a restricted read-only one.

use serde_json::{Map, Value, json};

use super::Flavor;
use crate::session::wildcard_match;

/// What a simulated user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// IXON's `admin` group / OpenWrt's root.
    Admin,
    /// Reads only: no configuration `set`, no `password_set`, no reboot.
    ReadOnly,
}

/// One session's ACL: access groups and the ubus object → methods map.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Acl {
    /// `(group, permissions)` in the order rpcd reports them.
    groups: Vec<(String, Vec<String>)>,
    /// `(object pattern, method patterns)`.
    ubus: Vec<(String, Vec<String>)>,
}

impl Acl {
    /// The null session's ACL: rpcd's `unauthenticated` group.
    pub fn unauthenticated(flavor: Flavor) -> Self {
        let mut acl = Acl::default();
        acl.add_unauthenticated(flavor);
        acl
    }

    /// The ACL of a logged-in user: their group plus `unauthenticated`.
    pub fn for_user(flavor: Flavor, access: Access) -> Self {
        let mut acl = Acl::default();
        match (flavor, access) {
            (Flavor::Ixon, Access::Admin) => {
                acl.group("admin", &["read", "write"]);
                acl.allow("ixon.ui.account", &["*"]);
                acl.allow("ixon.ui.configuration", &["*"]);
                acl.allow("ixon.ui.hardware", &["*"]);
                acl.allow("ixon.ui.overview", &["*"]);
            }
            (Flavor::Ixon, Access::ReadOnly) => {
                acl.group("viewer", &["read"]);
                acl.allow("ixon.ui.configuration", &["get"]);
                acl.allow("ixon.ui.hardware", &["get"]);
                acl.allow("ixon.ui.overview", &["*"]);
            }
            (Flavor::OpenWrt, Access::Admin) => {
                acl.group("superuser", &["read", "write"]);
                acl.allow("*", &["*"]);
            }
            (Flavor::OpenWrt, Access::ReadOnly) => {
                acl.group("luci-mod-status-index", &["read"]);
                acl.allow("luci", &["getFeatures"]);
                acl.allow("luci-rpc", &["getDHCPLeases"]);
                acl.allow("network.device", &["status"]);
                acl.allow("network.interface", &["dump", "status"]);
                acl.allow("system", &["board", "info"]);
                acl.allow("uci", &["configs", "get"]);
            }
        }
        acl.add_unauthenticated(flavor);
        acl
    }

    fn add_unauthenticated(&mut self, flavor: Flavor) {
        self.group("unauthenticated", &["read"]);
        if flavor == Flavor::Ixon {
            self.allow("ixon.ui.overview", &["get"]);
        }
        self.allow("session", &["access", "login"]);
    }

    fn group(&mut self, name: &str, perms: &[&str]) {
        self.groups.push((
            name.to_string(),
            perms.iter().map(|p| p.to_string()).collect(),
        ));
    }

    /// Add methods to an object's entry (merging like rpcd does).
    fn allow(&mut self, object: &str, methods: &[&str]) {
        let entry = match self.ubus.iter_mut().find(|(o, _)| o == object) {
            Some((_, list)) => list,
            None => {
                self.ubus.push((object.to_string(), Vec::new()));
                match self.ubus.last_mut() {
                    Some((_, list)) => list,
                    None => return,
                }
            }
        };
        for m in methods {
            if !entry.iter().any(|e| e == m) {
                entry.push(m.to_string());
            }
        }
    }

    /// Whether `object.method` is allowed (`*` and `prefix*` patterns).
    pub fn allows(&self, object: &str, method: &str) -> bool {
        self.ubus.iter().any(|(o, methods)| {
            wildcard_match(o, object) && methods.iter().any(|m| wildcard_match(m, method))
        })
    }

    /// Whether the ACL holds access group `group` with `perm`.
    pub fn has_group(&self, group: &str, perm: &str) -> bool {
        self.groups
            .iter()
            .any(|(g, perms)| g == group && perms.iter().any(|p| p == perm))
    }

    /// The `acls` object of a login reply (objects sorted like rpcd's
    /// AVL tree does).
    pub fn to_json(&self) -> Value {
        let mut groups: Vec<_> = self.groups.iter().collect();
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        let mut ubus: Vec<_> = self.ubus.iter().collect();
        ubus.sort_by(|a, b| a.0.cmp(&b.0));
        let groups: Map<String, Value> = groups
            .into_iter()
            .map(|(g, p)| (g.clone(), json!(p)))
            .collect();
        let ubus: Map<String, Value> = ubus
            .into_iter()
            .map(|(o, m)| (o.clone(), json!(m)))
            .collect();
        json!({ "access-group": groups, "ubus": ubus })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ixon_admin_acl_matches_the_documented_login_reply() {
        let acl = Acl::for_user(Flavor::Ixon, Access::Admin);
        assert_eq!(
            acl.to_json(),
            json!({
                "access-group": {"admin": ["read", "write"], "unauthenticated": ["read"]},
                "ubus": {
                    "ixon.ui.account": ["*"],
                    "ixon.ui.configuration": ["*"],
                    "ixon.ui.hardware": ["*"],
                    "ixon.ui.overview": ["*", "get"],
                    "session": ["access", "login"]
                }
            })
        );
    }

    #[test]
    fn read_only_users_cannot_write() {
        let acl = Acl::for_user(Flavor::Ixon, Access::ReadOnly);
        assert!(acl.allows("ixon.ui.configuration", "get"));
        assert!(!acl.allows("ixon.ui.configuration", "set"));
        assert!(!acl.allows("ixon.ui.account", "password_set"));
        let acl = Acl::for_user(Flavor::OpenWrt, Access::ReadOnly);
        assert!(acl.allows("system", "board"));
        assert!(!acl.allows("system", "reboot"));
        assert!(!acl.allows("iwinfo", "info"));
    }

    #[test]
    fn null_session_gets_login_and_ixon_overview_only() {
        let acl = Acl::unauthenticated(Flavor::Ixon);
        assert!(acl.allows("session", "login"));
        assert!(acl.allows("ixon.ui.overview", "get"));
        assert!(!acl.allows("ixon.ui.configuration", "get"));
        assert!(!Acl::unauthenticated(Flavor::OpenWrt).allows("system", "board"));
    }
}
