//! The inventory file exactly as written: every field optional, unknown
//! keys rejected, spans kept where a later check needs to point at a line.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use routerctl_core::Fingerprint;
use serde::{Deserialize, Deserializer};
use toml::Spanned;

/// The whole file: `[defaults]`, `[groups.NAME]` and `[routers.NAME]` tables.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInventory {
    #[serde(default)]
    pub defaults: Option<Spanned<RawRouter>>,
    /// Keyed by name; the span gives file order back (the map sorts).
    #[serde(default)]
    pub routers: BTreeMap<Spanned<String>, Spanned<RawRouter>>,
    /// `[groups.NAME]`: settings for the group's members; a group's own
    /// `groups` makes it a member of those.
    #[serde(default)]
    pub groups: BTreeMap<Spanned<String>, Spanned<RawRouter>>,
}

/// One `[routers.NAME]`, `[groups.NAME]` or the `[defaults]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRouter {
    pub vendor: Option<Spanned<String>>,
    pub protocol: Option<Spanned<String>>,
    pub host: Option<String>,
    pub port: Option<Spanned<u16>>,
    pub username: Option<String>,
    pub password_env: Option<Spanned<String>>,
    pub password_file: Option<Spanned<PathBuf>>,
    pub password: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "fingerprint")]
    pub tls_fingerprint: Option<Spanned<Fingerprint>>,
    pub ca_file: Option<Spanned<PathBuf>>,
    pub insecure: Option<Spanned<bool>>,
    #[serde(default, deserialize_with = "duration")]
    pub timeout: Option<Duration>,
    pub groups: Option<Vec<Spanned<String>>>,
    pub labels: Option<BTreeMap<Spanned<String>, String>>,
}

/// The keys of [`RawRouter`], for reporting every unknown key at once.
pub const ROUTER_KEYS: &[&str] = &[
    "vendor",
    "protocol",
    "host",
    "port",
    "username",
    "password_env",
    "password_file",
    "password",
    "tls_fingerprint",
    "ca_file",
    "insecure",
    "timeout",
    "groups",
    "labels",
];

/// The tables of [`RawInventory`].
pub const TOP_KEYS: &[&str] = &["defaults", "routers", "groups"];

fn fingerprint<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Spanned<Fingerprint>>, D::Error> {
    let text = Spanned::<String>::deserialize(d)?;
    let span = text.span();
    let fp = text
        .get_ref()
        .parse::<Fingerprint>()
        .map_err(serde::de::Error::custom)?;
    Ok(Some(Spanned::new(span, fp)))
}

fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    crate::duration::deserialize(d).map(Some)
}
