//! The router inventory: a TOML file with a `[defaults]` table, optional
//! `[groups.NAME]` tables and one `[routers.NAME]` table per router.
//!
//! A setting is taken from the router's table, else from its groups in
//! the order listed (a group before the groups it belongs to), else from
//! `[defaults]`. Labels merge the same way, key by key.
//!
//! ```toml
//! [defaults]
//! vendor = "mikrotik"
//! username = "admin"
//! password_env = "ROUTERCTL_PASSWORD"
//! timeout = "5s"
//!
//! [routers.hq-core]
//! host = "10.0.0.1"
//! protocol = "api-ssl"
//! tls_fingerprint = "AB:CD:..."
//! groups = ["core"]
//! labels = { site = "hq" }
//!
//! [groups.core]
//! timeout = "3s"
//! groups = ["hq"]          # core routers are hq routers too
//! ```
//!
//! Loading checks everything that can be checked without touching a router
//! (vendor and protocol known to the driver registry, one password source,
//! one trust setting) and points at the line and field when something is
//! wrong. Passwords are *not* read here: [`PasswordSource`] only says where
//! to find one, and `secrets.rs` reads it when the router is actually used.

mod layers;
mod locate;
mod raw;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use routerctl_core::credentials::read_small_file;
use routerctl_core::{Secret, TlsPolicy};
use toml::Spanned;

use crate::registry;
pub use layers::Origin;
pub use locate::InventoryError;
use locate::{Locator, render_key};
use raw::{RawInventory, RawRouter};

/// Timeout when neither the router nor `[defaults]` sets one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Inventory files larger than this are refused. Counted while reading,
/// so a FIFO or `/dev/zero` given by mistake cannot exhaust memory.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A loaded inventory, routers in file order.
#[derive(Debug, Clone)]
pub struct Inventory {
    pub path: PathBuf,
    pub routers: Vec<RouterEntry>,
}

/// One router with defaults merged in and everything validated.
#[derive(Debug, Clone, PartialEq)]
pub struct RouterEntry {
    pub name: String,
    pub vendor: &'static str,
    pub protocol: &'static str,
    pub host: String,
    /// `None`: the protocol's default port.
    pub port: Option<u16>,
    pub username: String,
    pub password: PasswordSource,
    pub tls: TlsPolicy,
    /// Whether `protocol` runs over TLS (so `tls` matters).
    pub uses_tls: bool,
    pub timeout: Duration,
    /// The groups listed, then the groups they belong to.
    pub groups: Vec<String>,
    pub labels: BTreeMap<String, String>,
    /// Where each setting came from (`inventory show`).
    pub origins: BTreeMap<&'static str, Origin>,
    /// Where each label came from.
    pub label_origins: BTreeMap<String, Origin>,
    /// The router's table in the file (for `inventory check`).
    pub span: Range<usize>,
}

/// Where a router's password comes from. Reading happens later, only for
/// routers that are used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// `password_env = "VAR"`
    Env(String),
    /// `password_file = "path"` (relative to the inventory's folder).
    File(PathBuf),
    /// `password = "..."`: discouraged, warned about when used.
    Inline(Secret),
    /// Nothing configured: `--ask-password` prompts, otherwise an error.
    Unset,
}

/// Reserved target words that cannot be router or group names.
const RESERVED: &[&str] = &["all"];

/// Label keys that would shadow the built-in `key=value` filters.
pub const BUILTIN_FILTERS: &[&str] = &["vendor", "protocol", "host", "group", "name"];

impl Inventory {
    /// Read and validate the inventory at `path`.
    pub fn load(path: &Path) -> Result<Self, InventoryError> {
        let loc = Locator { path, text: "" };
        let text = read_small_file(path, MAX_FILE_BYTES).map_err(|e| match e.kind() {
            std::io::ErrorKind::FileTooLarge => loc.whole_file(format!("the file is {e}")),
            _ => loc.whole_file(format!("cannot read: {e}")),
        })?;
        Self::parse(path, &text)
    }

    /// Validate inventory `text`; `path` names it in errors and anchors
    /// relative `password_file`/`ca_file` paths. The first problem in file
    /// order is the error.
    pub fn parse(path: &Path, text: &str) -> Result<Self, InventoryError> {
        let (inventory, mut problems) = Self::parse_all(path, text);
        match problems.is_empty() {
            true => Ok(inventory),
            false => Err(problems.swap_remove(0)),
        }
    }

    /// Like [`Inventory::parse`], but keeps going: every router that
    /// resolves is in the inventory, and every problem found is listed
    /// (`inventory check`).
    pub fn parse_all(path: &Path, text: &str) -> (Self, Vec<InventoryError>) {
        let loc = Locator { path, text };
        let mut inventory = Self {
            path: path.to_path_buf(),
            routers: Vec::new(),
        };
        let raw: RawInventory = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => return (inventory, vec![loc.toml_error(&e)]),
        };
        let mut problems = Vec::new();
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let defaults = match &raw.defaults {
            Some(d) => {
                if let Err(e) = check_table(&loc, "defaults", d) {
                    problems.push(e);
                }
                d.get_ref().clone()
            }
            None => RawRouter::default(),
        };
        let mut groups: Vec<_> = raw.groups.iter().collect();
        groups.sort_by_key(|(name, table)| (table.span().start, name.span().start));
        for (name, table) in groups {
            let field = format!("groups.{}", render_key(name.get_ref()));
            let checked = check_name(&loc, name, "group").and_then(|()| {
                check_table(&loc, &field, table)?;
                match table.get_ref().host.is_some() {
                    true => Err(loc.field(
                        table.span(),
                        field.clone(),
                        "a group cannot set `host`; set it on each router".into(),
                    )),
                    false => Ok(()),
                }
            });
            if let Err(e) = checked {
                problems.push(e);
            }
        }
        for cycle in layers::cycles(&raw.groups) {
            problems.push(loc.at(
                Some(cycle.span),
                format!("group cycle: {}", cycle.names.join(" -> ")),
            ));
        }
        let mut ordered: Vec<_> = raw.routers.iter().collect();
        ordered.sort_by_key(|(name, table)| (table.span().start, name.span().start));
        for (name, table) in ordered {
            let field = format!("routers.{}", render_key(name.get_ref()));
            let resolved = check_name(&loc, name, "router")
                .and_then(|()| check_table(&loc, &field, table))
                .and_then(|()| {
                    merge(
                        &loc,
                        &base,
                        name.get_ref(),
                        &field,
                        table,
                        &raw.groups,
                        &defaults,
                    )
                });
            match resolved {
                Ok(entry) => inventory.routers.push(entry),
                Err(e) => problems.push(e),
            }
        }
        problems.sort_by_key(|e| e.position);
        (inventory, problems)
    }

    /// Every problem `inventory check` reports, in file order: what
    /// [`Inventory::parse`] refuses, plus what only fails once a router is
    /// used (no password source, a missing password file) and routers that
    /// share a host and port.
    pub fn check(path: &Path, text: &str) -> Vec<InventoryError> {
        let (inventory, mut problems) = Self::parse_all(path, text);
        let loc = Locator { path, text };
        // The parser stops at the first unknown key; list them all.
        let unknown = locate::unknown_keys(text, raw::TOP_KEYS, raw::ROUTER_KEYS);
        if !unknown.is_empty() {
            problems.retain(|p| !p.message.starts_with("unknown field"));
            for (span, field) in unknown {
                problems.push(loc.field(
                    span,
                    field,
                    format!("unknown key; known keys: {}", raw::ROUTER_KEYS.join(", ")),
                ));
            }
        }
        let mut seen: BTreeMap<(String, u16), &str> = BTreeMap::new();
        for r in &inventory.routers {
            let field = format!("routers.{}", render_key(&r.name));
            match &r.password {
                PasswordSource::Unset => problems.push(
                    loc.field(
                        r.span.clone(),
                        field.clone(),
                        "no password source: set password_env or password_file here, in one of \
                     its groups or in [defaults]"
                            .into(),
                    ),
                ),
                PasswordSource::File(file) if !file.exists() => problems.push(loc.field(
                    r.span.clone(),
                    field.clone(),
                    format!("password_file {} does not exist", file.display()),
                )),
                _ => {}
            }
            let port = r.port.or_else(|| {
                registry::find(r.vendor)
                    .and_then(|d| d.protocol(r.protocol))
                    .map(|p| p.default_port)
            });
            if let Some(port) = port {
                match seen.get(&(r.host.clone(), port)) {
                    Some(first) => problems.push(loc.field(
                        r.span.clone(),
                        field,
                        format!("{}:{port} is also router {first}'s address", r.host),
                    )),
                    None => {
                        seen.insert((r.host.clone(), port), &r.name);
                    }
                }
            }
        }
        problems.sort_by_key(|e| e.position);
        problems
    }

    /// Every group name used, in first-seen order.
    pub fn groups(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for g in self.routers.iter().flat_map(|r| r.groups.iter()) {
            if !seen.contains(&g.as_str()) {
                seen.push(g);
            }
        }
        seen
    }
}

/// Names must be usable as targets on a command line.
fn check_name(loc: &Locator, name: &Spanned<String>, what: &str) -> Result<(), InventoryError> {
    let n = name.get_ref();
    let ok = !n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !n.starts_with(['-', '.']);
    if !ok {
        return Err(loc.at(
            Some(name.span()),
            format!(
                "{what} name {n:?} may only contain letters, digits, '-', '_' and '.' (not first)"
            ),
        ));
    }
    if RESERVED.contains(&n.as_str()) {
        return Err(loc.at(Some(name.span()), format!("{what} name {n:?} is reserved")));
    }
    Ok(())
}

/// Of the mutually exclusive keys `set` (name and span, `None` when
/// absent), at most one may be given; otherwise the error points at the
/// second one in file order, as `FIELD.KEY`.
fn at_most_one<const N: usize>(
    loc: &Locator,
    field: &str,
    set: [Option<(&str, Range<usize>)>; N],
    message: &str,
) -> Result<(), InventoryError> {
    let mut given: Vec<(&str, Range<usize>)> = set.into_iter().flatten().collect();
    given.sort_by_key(|(_, span)| span.start);
    if let [_, (second, span), ..] = given.as_slice() {
        return Err(loc.field(
            span.clone(),
            format!("{field}.{second}"),
            message.to_string(),
        ));
    }
    Ok(())
}

/// Rules that hold for one table on its own: at most one password source,
/// at most one trust setting, valid group and label names.
fn check_table(
    loc: &Locator,
    field: &str,
    table: &Spanned<RawRouter>,
) -> Result<(), InventoryError> {
    let t = table.get_ref();
    at_most_one(
        loc,
        field,
        [
            t.password_env.as_ref().map(|s| ("password_env", s.span())),
            t.password_file
                .as_ref()
                .map(|s| ("password_file", s.span())),
            t.password.as_ref().map(|s| ("password", s.span())),
        ],
        "set only one of password_env, password_file and password",
    )?;
    at_most_one(
        loc,
        field,
        [
            t.tls_fingerprint
                .as_ref()
                .map(|s| ("tls_fingerprint", s.span())),
            t.ca_file.as_ref().map(|s| ("ca_file", s.span())),
            t.insecure
                .as_ref()
                .filter(|b| *b.get_ref())
                .map(|s| ("insecure", s.span())),
        ],
        "set at most one of tls_fingerprint, ca_file and insecure",
    )?;
    for g in t.groups.iter().flatten() {
        check_name(loc, g, "group")?;
    }
    for key in t.labels.iter().flat_map(|l| l.keys()) {
        check_name(loc, key, "label")?;
        if BUILTIN_FILTERS.contains(&key.get_ref().as_str()) {
            return Err(loc.at(
                Some(key.span()),
                format!(
                    "label {:?} would shadow the built-in filter of that name",
                    key.get_ref()
                ),
            ));
        }
    }
    Ok(())
}

/// The first table in `layers` for which `get` gives a value, with where
/// it came from.
fn pick<'a, T>(
    layers: &[(Origin, &'a RawRouter)],
    get: impl Fn(&'a RawRouter) -> Option<T>,
) -> Option<(T, Origin)> {
    layers
        .iter()
        .find_map(|(origin, t)| get(t).map(|v| (v, origin.clone())))
}

/// One router's table with its groups and `[defaults]` filled in, checked
/// against the driver registry.
fn merge(
    loc: &Locator,
    base: &Path,
    name: &str,
    field: &str,
    table: &Spanned<RawRouter>,
    group_tables: &layers::GroupTables,
    defaults: &RawRouter,
) -> Result<RouterEntry, InventoryError> {
    let r = table.get_ref();
    let missing = |key: &str| {
        loc.field(
            table.span(),
            field.to_string(),
            format!("missing `{key}` (set it here, in one of its groups or in [defaults])"),
        )
    };
    let mut origins: BTreeMap<&'static str, Origin> = BTreeMap::new();

    let listed: Vec<String> = r
        .groups
        .as_ref()
        .or(defaults.groups.as_ref())
        .map(|gs| gs.iter().map(|g| g.get_ref().clone()).collect())
        .unwrap_or_default();
    let groups = layers::expand(group_tables, &listed);
    let layers = layers::chain(r, group_tables, &groups, defaults);

    let (vendor_value, from) =
        pick(&layers, |t| t.vendor.as_ref()).ok_or_else(|| missing("vendor"))?;
    origins.insert("vendor", from);
    let driver = registry::find(vendor_value.get_ref()).ok_or_else(|| {
        loc.at(
            Some(vendor_value.span()),
            format!(
                "unknown vendor {:?}; this build knows: {}",
                vendor_value.get_ref(),
                registry::vendor_names().join(", ")
            ),
        )
    })?;
    let protocol = match pick(&layers, |t| t.protocol.as_ref()) {
        None => {
            origins.insert("protocol", Origin::BuiltIn);
            driver.default_protocol().map_or("", |p| p.name)
        }
        Some((p, from)) => {
            origins.insert("protocol", from);
            driver
                .protocol(p.get_ref())
                .map(|known| known.name)
                .ok_or_else(|| {
                    loc.at(
                        Some(p.span()),
                        format!(
                            "protocol {:?} is not one {} speaks; choose one of: {}",
                            p.get_ref(),
                            driver.vendor,
                            driver.protocol_names().join(", ")
                        ),
                    )
                })?
        }
    };
    let (host, from) = pick(&layers, |t| t.host.clone()).ok_or_else(|| missing("host"))?;
    if host.trim().is_empty() {
        return Err(missing("host"));
    }
    origins.insert("host", from);
    let (username, from) =
        pick(&layers, |t| t.username.clone()).ok_or_else(|| missing("username"))?;
    origins.insert("username", from);

    let port = match pick(&layers, |t| t.port.as_ref()) {
        Some((p, _)) if *p.get_ref() == 0 => {
            return Err(loc.at(
                Some(p.span()),
                "port 0 cannot be connected to; leave `port` out for the protocol's default",
            ));
        }
        Some((p, from)) => {
            origins.insert("port", from);
            Some(*p.get_ref())
        }
        None => {
            origins.insert("port", Origin::BuiltIn);
            None
        }
    };

    let password = match pick(&layers, |t| {
        if let Some(var) = &t.password_env {
            Some(PasswordSource::Env(var.get_ref().clone()))
        } else if let Some(file) = &t.password_file {
            Some(PasswordSource::File(base.join(file.get_ref())))
        } else {
            t.password
                .as_ref()
                .map(|pw| PasswordSource::Inline(Secret::new(pw.get_ref().clone())))
        }
    }) {
        Some((source, from)) => {
            origins.insert("password", from);
            source
        }
        None => PasswordSource::Unset,
    };

    let tls = match pick(&layers, |t| {
        if let Some(fp) = &t.tls_fingerprint {
            Some(TlsPolicy::Pinned(*fp.get_ref()))
        } else if let Some(ca) = &t.ca_file {
            Some(TlsPolicy::CaFile(base.join(ca.get_ref())))
        } else {
            t.insecure.as_ref().map(|b| match *b.get_ref() {
                true => TlsPolicy::Insecure,
                false => TlsPolicy::SystemRoots,
            })
        }
    }) {
        Some((tls, from)) => {
            origins.insert("tls", from);
            tls
        }
        None => {
            origins.insert("tls", Origin::BuiltIn);
            TlsPolicy::SystemRoots
        }
    };

    let timeout = match pick(&layers, |t| t.timeout) {
        Some((t, from)) => {
            origins.insert("timeout", from);
            t
        }
        None => {
            origins.insert("timeout", Origin::BuiltIn);
            DEFAULT_TIMEOUT
        }
    };

    // Lowest precedence first, so the router's own labels win.
    let mut labels = BTreeMap::new();
    let mut label_origins = BTreeMap::new();
    for (origin, layer) in layers.iter().rev() {
        for (k, v) in layer.labels.iter().flatten() {
            labels.insert(k.get_ref().clone(), v.clone());
            label_origins.insert(k.get_ref().clone(), origin.clone());
        }
    }
    if !groups.is_empty() {
        origins.insert(
            "groups",
            match r.groups.is_some() {
                true => Origin::Router,
                false => Origin::Defaults,
            },
        );
    }

    Ok(RouterEntry {
        name: name.to_string(),
        vendor: driver.vendor,
        protocol,
        host,
        port,
        username,
        password,
        uses_tls: driver.uses_tls(protocol),
        tls,
        timeout,
        groups,
        labels,
        origins,
        label_origins,
        span: table.span(),
    })
}

#[cfg(test)]
mod tests;

/// Ready-made entries for other modules' tests.
#[cfg(test)]
pub mod tests_support {
    use super::*;

    /// A plain-API MikroTik entry with no password source.
    pub fn entry(name: &str) -> RouterEntry {
        RouterEntry {
            name: name.to_string(),
            vendor: "mikrotik",
            protocol: "api",
            host: format!("{name}.example"),
            port: None,
            username: "admin".into(),
            password: PasswordSource::Unset,
            tls: TlsPolicy::SystemRoots,
            uses_tls: false,
            timeout: DEFAULT_TIMEOUT,
            groups: Vec::new(),
            labels: BTreeMap::new(),
            origins: BTreeMap::new(),
            label_origins: BTreeMap::new(),
            span: 0..0,
        }
    }
}
