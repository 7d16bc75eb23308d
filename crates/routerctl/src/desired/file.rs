//! The desired-state file.
//!
//! ```toml
//! [[routeros]]
//! targets = ["@edge"]                      # default: all
//! menu = "/ip/firewall/address-list"
//! key = ["list", "address"]                # which fields identify an entry
//! scope = { list = "blocked" }             # the entries this stanza owns
//! unlisted = "remove"                      # or "ignore" (default)
//! entries = [{ list = "blocked", address = "192.0.2.1" }]
//!
//! [[routeros]]
//! menu = "/ip/firewall/filter"
//! key = ["comment"]
//! before = { comment = "drop all" }        # where new entries go
//! entries = [{ chain = "input", action = "accept", comment = "ssh" }]
//!
//! [[routeros]]
//! menu = "/system/ntp/client"
//! settings = { enabled = "true", servers = "192.0.2.123" }
//!
//! [[routeros]]                             # clear a field: `unset`
//! menu = "/ip/firewall/address-list"
//! key = ["list", "address"]
//! entries = [{ list = "blocked", address = "192.0.2.1", comment = { unset = true } }]
//!
//! [[linksys]]                              # radio, guest-network, parental-control
//! section = "guest-network"
//! settings = { isGuestNetworkEnabled = true, guestSSID = "Guests" }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

/// Field name -> value, as RouterOS words take them.
pub type Fields = BTreeMap<String, String>;

/// A whole desired-state file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesiredFile {
    /// RouterOS stanzas, applied in file order.
    #[serde(default)]
    pub routeros: Vec<Stanza>,
    /// IXON stanzas: fields of `ixon.ui.configuration`.
    #[serde(default)]
    pub ixon: Vec<IxonStanza>,
    /// Peplink stanzas: fields of one entry of a `config.*` endpoint.
    #[serde(default)]
    pub peplink: Vec<PeplinkStanza>,
    /// Linksys stanzas: radio, guest network and parental-control settings.
    #[serde(default)]
    pub linksys: Vec<LinksysStanza>,
}

/// Which Linksys settings a stanza declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinksysSection {
    /// One radio's settings (`wirelessap/SetRadioSettings`), named by `radio`.
    Radio,
    /// The guest network (`guestnetwork/SetGuestNetworkSettings`).
    GuestNetwork,
    /// Parental control (`parentalcontrol/SetParentalControlSettings`).
    ParentalControl,
}

/// Fields of a Linksys settings object. JNAP set actions take the whole
/// object, so the plan reads it, changes the declared fields and sends
/// it back whole: `section = "radio"`, `radio = "RADIO_5GHz"`,
/// `settings = { ssid = "Home", channel = 36 }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinksysStanza {
    #[serde(default = "all")]
    pub targets: Vec<String>,
    pub section: LinksysSection,
    /// The radio (`radioID`, e.g. `RADIO_2.4GHz`) of a `radio` section.
    #[serde(default)]
    pub radio: Option<String>,
    pub settings: serde_json::Map<String, serde_json::Value>,
}

/// Fields of one entry of a Peplink `config.*` endpoint, changed through
/// the device's pending configuration (committed with `cmd.config.apply`
/// once every change is staged, discarded on failure):
/// `endpoint = "config.ssid.profile"`, `id = 1`, `fields = { ssid = "Van" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeplinkStanza {
    #[serde(default = "all")]
    pub targets: Vec<String>,
    pub endpoint: String,
    pub id: u64,
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// Fields of an IXrouter's configuration object (`ixon.ui.configuration`),
/// as a partial object: `configuration = { wlan = { wlanSsid = "Plant" } }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IxonStanza {
    #[serde(default = "all")]
    pub targets: Vec<String>,
    pub configuration: serde_json::Map<String, serde_json::Value>,
}

/// What to do with entries in scope that the stanza does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unlisted {
    #[default]
    Ignore,
    Remove,
}

/// One menu on some routers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stanza {
    #[serde(default = "all")]
    pub targets: Vec<String>,
    /// `/ip/firewall/address-list` (slashes, as the API spells menus).
    pub menu: String,
    #[serde(default)]
    pub key: Vec<String>,
    #[serde(default)]
    pub scope: BTreeMap<String, Scalar>,
    #[serde(default)]
    pub unlisted: Unlisted,
    #[serde(default)]
    pub entries: Vec<BTreeMap<String, Scalar>>,
    /// Ordered menus (firewall rules): new entries go before the first
    /// entry whose fields match these (`{ comment = "drop all" }`);
    /// entries already present are not moved.
    #[serde(default)]
    pub before: BTreeMap<String, Scalar>,
    /// For singleton menus (`/system/ntp/client`): fields to set.
    #[serde(default)]
    pub settings: BTreeMap<String, Scalar>,
}

fn all() -> Vec<String> {
    vec!["all".to_string()]
}

/// A TOML value a RouterOS field can take: strings, numbers, booleans,
/// or the marker `{ unset = true }` (the field is cleared: RouterOS
/// `unset`, which an empty string would not do for every field).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Text(String),
    Unset(UnsetMarker),
}

/// `{ unset = true }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnsetMarker {
    pub unset: bool,
}

impl Scalar {
    /// The value as a RouterOS word takes it (the unset marker has none:
    /// see [`unset_names`]).
    pub fn word(&self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Text(s) => s.clone(),
            Scalar::Unset(_) => String::new(),
        }
    }

    fn is_unset(&self) -> bool {
        matches!(self, Scalar::Unset(_))
    }
}

/// Scalars to words, leaving out the fields marked unset.
pub fn fields(map: &BTreeMap<String, Scalar>) -> Fields {
    map.iter()
        .filter(|(_, v)| !v.is_unset())
        .map(|(k, v)| (k.clone(), v.word()))
        .collect()
}

/// The fields marked `{ unset = true }`.
pub fn unset_names(map: &BTreeMap<String, Scalar>) -> Vec<String> {
    map.iter()
        .filter(|(_, v)| v.is_unset())
        .map(|(k, _)| k.clone())
        .collect()
}

/// Refuse `{ unset = false }` and markers where a value is needed.
fn check_markers(
    what: &str,
    map: &BTreeMap<String, Scalar>,
    fixed: &[String],
) -> anyhow::Result<()> {
    for (k, v) in map {
        if let Scalar::Unset(m) = v {
            if !m.unset {
                anyhow::bail!(
                    "{what}: {k} = {{ unset = false }} means nothing; leave the field out"
                );
            }
            if fixed.contains(k) {
                anyhow::bail!("{what}: {k} identifies the entry and cannot be unset");
            }
        }
    }
    Ok(())
}

impl DesiredFile {
    /// Read and check `path`.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("{}", path.display()))
    }

    /// Parse and check a desired-state document.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let file: DesiredFile = toml::from_str(text)?;
        if let Some(i) = file.ixon.iter().position(|s| s.configuration.is_empty()) {
            anyhow::bail!("ixon stanza {}: empty configuration", i + 1);
        }
        for (i, s) in file.peplink.iter().enumerate() {
            if !s.endpoint.starts_with("config.") || s.fields.is_empty() {
                anyhow::bail!(
                    "peplink stanza {}: needs a config.* endpoint and some fields (got {:?})",
                    i + 1,
                    s.endpoint
                );
            }
        }
        for (i, s) in file.linksys.iter().enumerate() {
            let n = i + 1;
            if s.settings.is_empty() {
                anyhow::bail!("linksys stanza {n}: empty settings");
            }
            match (s.section, &s.radio) {
                (LinksysSection::Radio, None) => anyhow::bail!(
                    "linksys stanza {n}: section \"radio\" needs `radio` (e.g. \"RADIO_2.4GHz\")"
                ),
                (LinksysSection::Radio, Some(_)) | (_, None) => {}
                (_, Some(_)) => {
                    anyhow::bail!("linksys stanza {n}: `radio` belongs to section \"radio\" only")
                }
            }
        }
        for (i, s) in file.routeros.iter().enumerate() {
            let n = i + 1;
            let what = format!("routeros stanza {n} ({})", s.menu);
            let mut fixed = s.key.clone();
            fixed.extend(s.scope.keys().cloned());
            check_markers(&what, &s.settings, &[])?;
            check_markers(&what, &s.scope, &[])?;
            check_markers(&what, &s.before, &[])?;
            if !unset_names(&s.scope).is_empty() || !unset_names(&s.before).is_empty() {
                anyhow::bail!("{what}: scope and before take values, not {{ unset = true }}");
            }
            for e in &s.entries {
                check_markers(&what, e, &fixed)?;
            }
            if !s.menu.starts_with('/') || s.menu.ends_with('/') {
                anyhow::bail!(
                    "routeros stanza {n}: menu {:?} must look like /ip/firewall/address-list",
                    s.menu
                );
            }
            if s.entries.is_empty() && s.settings.is_empty() && s.unlisted == Unlisted::Ignore {
                anyhow::bail!(
                    "routeros stanza {n} ({}): nothing declared (entries or settings)",
                    s.menu
                );
            }
            if !s.settings.is_empty() && (!s.entries.is_empty() || !s.key.is_empty()) {
                anyhow::bail!(
                    "routeros stanza {n} ({}): settings (a singleton menu) and entries/key (a list menu) do not mix",
                    s.menu
                );
            }
            if s.settings.is_empty() && s.key.is_empty() {
                anyhow::bail!(
                    "routeros stanza {n} ({}): entries need `key` (the fields that identify one)",
                    s.menu
                );
            }
            for (j, e) in s.entries.iter().enumerate() {
                if let Some(k) = s.key.iter().find(|k| !e.contains_key(*k)) {
                    anyhow::bail!(
                        "routeros stanza {n} ({}): entry {} has no key field {k:?}",
                        s.menu,
                        j + 1
                    );
                }
                for (field, value) in &s.scope {
                    if e.get(field).is_some_and(|v| v != value) {
                        anyhow::bail!(
                            "routeros stanza {n} ({}): entry {} is outside the scope ({field} = {})",
                            s.menu,
                            j + 1,
                            value.word()
                        );
                    }
                }
            }
        }
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_checks_stanzas() {
        let f = DesiredFile::parse(
            r#"
[[routeros]]
menu = "/ip/firewall/address-list"
key = ["list", "address"]
scope = { list = "blocked" }
unlisted = "remove"
entries = [{ list = "blocked", address = "192.0.2.1", disabled = false }]

[[routeros]]
targets = ["@edge"]
menu = "/system/ntp/client"
settings = { enabled = true, servers = "192.0.2.123" }
"#,
        )
        .unwrap();
        assert_eq!(f.routeros.len(), 2);
        assert_eq!(f.routeros[0].targets, ["all"]);
        assert_eq!(f.routeros[0].unlisted, Unlisted::Remove);
        assert_eq!(fields(&f.routeros[0].entries[0])["disabled"], "false");
        assert_eq!(fields(&f.routeros[1].settings)["enabled"], "true");

        let bad = |text: &str| DesiredFile::parse(text).unwrap_err().to_string();
        assert!(
            bad("[[routeros]]\nmenu = \"/x\"\nentries = [{a = \"1\"}]\n").contains("need `key`")
        );
        assert!(
            bad("[[routeros]]\nmenu = \"/x\"\nkey = [\"a\"]\nentries = [{b = \"1\"}]\n")
                .contains("no key field \"a\"")
        );
        assert!(
            bad("[[routeros]]\nmenu = \"/x\"\nkey = [\"a\"]\nscope = {a = \"s\"}\nentries = [{a = \"t\"}]\n")
                .contains("outside the scope")
        );
        assert!(bad("[[routeros]]\nmenu = \"x\"\nsettings = {a = 1}\n").contains("must look like"));
        assert!(
            DesiredFile::parse("[[routeros]]\nmenu = \"/x\"\nfoo = 1\nsettings = {a = 1}\n")
                .is_err()
        );
    }

    #[test]
    fn unset_markers_and_linksys_sections() {
        let f = DesiredFile::parse(
            "[[routeros]]\nmenu = \"/x\"\nkey = [\"a\"]\nentries = [{a = \"1\", c = { unset = true }}]\n",
        )
        .unwrap();
        let e = &f.routeros[0].entries[0];
        assert_eq!(fields(e).len(), 1);
        assert_eq!(unset_names(e), ["c"]);
        let bad = |text: &str| DesiredFile::parse(text).unwrap_err().to_string();
        assert!(
            bad("[[routeros]]\nmenu = \"/x\"\nkey = [\"a\"]\nentries = [{a = { unset = true }}]\n")
                .contains("cannot be unset")
        );
        assert!(
            bad("[[routeros]]\nmenu = \"/x\"\nsettings = {a = { unset = false }}\n")
                .contains("means nothing")
        );
        let l = DesiredFile::parse(
            "[[linksys]]\nsection = \"radio\"\nradio = \"RADIO_5GHz\"\nsettings = { ssid = \"Home\" }\n",
        )
        .unwrap();
        assert_eq!(l.linksys[0].section, LinksysSection::Radio);
        assert!(
            bad("[[linksys]]\nsection = \"radio\"\nsettings = { ssid = \"x\" }\n")
                .contains("needs `radio`")
        );
        assert!(
            bad("[[linksys]]\nsection = \"guest-network\"\nsettings = {}\n")
                .contains("empty settings")
        );
    }
}
