//! The router inventory: a TOML file with a `[defaults]` table and one
//! `[routers.NAME]` table per router.
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
//! ```
//!
//! Loading checks everything that can be checked without touching a router
//! (vendor and protocol known to the driver registry, one password source,
//! one trust setting) and points at the line and field when something is
//! wrong. Passwords are *not* read here: [`PasswordSource`] only says where
//! to find one, and `secrets.rs` reads it when the router is actually used.

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
    pub groups: Vec<String>,
    pub labels: BTreeMap<String, String>,
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
    /// relative `password_file`/`ca_file` paths.
    pub fn parse(path: &Path, text: &str) -> Result<Self, InventoryError> {
        let loc = Locator { path, text };
        let raw: RawInventory = toml::from_str(text).map_err(|e| loc.toml_error(&e))?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let defaults = match &raw.defaults {
            Some(d) => {
                check_table(&loc, "defaults", d)?;
                d.get_ref().clone()
            }
            None => RawRouter::default(),
        };
        let mut ordered: Vec<_> = raw.routers.iter().collect();
        ordered.sort_by_key(|(name, table)| (table.span().start, name.span().start));
        let mut routers = Vec::with_capacity(ordered.len());
        for (name, table) in ordered {
            let field = format!("routers.{}", render_key(name.get_ref()));
            check_name(&loc, name, "router")?;
            check_table(&loc, &field, table)?;
            routers.push(merge(
                &loc,
                &base,
                name.get_ref(),
                &field,
                table,
                &defaults,
            )?);
        }
        Ok(Self {
            path: path.to_path_buf(),
            routers,
        })
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

/// One router's table with `[defaults]` filled in, checked against the
/// driver registry.
fn merge(
    loc: &Locator,
    base: &Path,
    name: &str,
    field: &str,
    table: &Spanned<RawRouter>,
    defaults: &RawRouter,
) -> Result<RouterEntry, InventoryError> {
    let r = table.get_ref();
    let missing = |key: &str| {
        loc.field(
            table.span(),
            field.to_string(),
            format!("missing `{key}` (set it here or in [defaults])"),
        )
    };

    let vendor_value = r
        .vendor
        .as_ref()
        .or(defaults.vendor.as_ref())
        .ok_or_else(|| missing("vendor"))?;
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
    let protocol = match r.protocol.as_ref().or(defaults.protocol.as_ref()) {
        None => driver.default_protocol().map_or("", |p| p.name),
        Some(p) => driver
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
            })?,
    };
    let host = r
        .host
        .clone()
        .or_else(|| defaults.host.clone())
        .ok_or_else(|| missing("host"))?;
    if host.trim().is_empty() {
        return Err(missing("host"));
    }
    let username = r
        .username
        .clone()
        .or_else(|| defaults.username.clone())
        .ok_or_else(|| missing("username"))?;

    let port = match r.port.as_ref().or(defaults.port.as_ref()) {
        Some(p) if *p.get_ref() == 0 => {
            return Err(loc.at(
                Some(p.span()),
                "port 0 cannot be connected to; leave `port` out for the protocol's default",
            ));
        }
        p => p.map(|p| *p.get_ref()),
    };

    let has_source = |t: &RawRouter| {
        t.password_env.is_some() || t.password_file.is_some() || t.password.is_some()
    };
    let source_table = if has_source(r) { r } else { defaults };
    let password = if let Some(var) = &source_table.password_env {
        PasswordSource::Env(var.get_ref().clone())
    } else if let Some(file) = &source_table.password_file {
        PasswordSource::File(base.join(file.get_ref()))
    } else if let Some(pw) = &source_table.password {
        PasswordSource::Inline(Secret::new(pw.get_ref().clone()))
    } else {
        PasswordSource::Unset
    };

    let has_trust =
        |t: &RawRouter| t.tls_fingerprint.is_some() || t.ca_file.is_some() || t.insecure.is_some();
    let trust_table = if has_trust(r) { r } else { defaults };
    let tls = if let Some(fp) = &trust_table.tls_fingerprint {
        TlsPolicy::Pinned(*fp.get_ref())
    } else if let Some(ca) = &trust_table.ca_file {
        TlsPolicy::CaFile(base.join(ca.get_ref()))
    } else if trust_table.insecure.as_ref().is_some_and(|b| *b.get_ref()) {
        TlsPolicy::Insecure
    } else {
        TlsPolicy::SystemRoots
    };

    let groups: Vec<String> = r
        .groups
        .as_ref()
        .or(defaults.groups.as_ref())
        .map(|gs| {
            let mut out: Vec<String> = Vec::new();
            for g in gs {
                if !out.contains(g.get_ref()) {
                    out.push(g.get_ref().clone());
                }
            }
            out
        })
        .unwrap_or_default();
    let mut labels = BTreeMap::new();
    for source in [&defaults.labels, &r.labels].into_iter().flatten() {
        for (k, v) in source {
            labels.insert(k.get_ref().clone(), v.clone());
        }
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
        timeout: r.timeout.or(defaults.timeout).unwrap_or(DEFAULT_TIMEOUT),
        groups,
        labels,
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
        }
    }
}
