//! Making snapshots comparable: the same configuration must give the same
//! bytes, whenever it was taken.

use routerctl_core::Config;
use sha2::{Digest, Sha256};

use super::model::SnapshotFormat;

/// The normalised content of `config` and its format.
///
/// - RouterOS exports start with `# <date> <time> by RouterOS <version>`;
///   the date and time change on every export, so that line keeps only
///   `# by RouterOS <version>`. Trailing whitespace and `\r` go too.
/// - JSON is written canonically: keys sorted, pretty printed (so a text
///   view is readable and stable).
pub fn normalize(config: &Config) -> (SnapshotFormat, String) {
    match config {
        Config::Text(text) => (SnapshotFormat::Text, normalize_text(text)),
        Config::Json(value) => (
            SnapshotFormat::Json,
            // serde_json's map is ordered (no `preserve_order`): sorted keys.
            serde_json::to_string_pretty(value).unwrap_or_default() + "\n",
        ),
    }
}

fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim_end();
        match volatile_header(line) {
            Some(stable) => out.push_str(&stable),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// `# 2026-11-29 14:05:09 by RouterOS 7.20.5` (or 6.x's
/// `# nov/29/2026 14:05:09 by RouterOS 6.49`) without its timestamp.
fn volatile_header(line: &str) -> Option<String> {
    let rest = line.strip_prefix("# ")?;
    let (stamp, version) = rest.split_once(" by RouterOS")?;
    if stamp.is_empty() || !stamp.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(format!("# by RouterOS{version}"))
}

/// Lowercase hex SHA-256 of `content`: the key contents are stored under.
pub fn content_hash(content: &str) -> String {
    hex::encode(Sha256::digest(content.as_bytes()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn routeros_header_timestamp_is_dropped() {
        let a = "# 2026-11-29 14:05:09 by RouterOS 7.20.5\r\n# software id = AB\n/ip address\nadd address=1.2.3.4/24  \n";
        let b = "# 2026-11-30 09:00:00 by RouterOS 7.20.5\n# software id = AB\n/ip address\nadd address=1.2.3.4/24\n";
        let (format, na) = normalize(&Config::Text(a.into()));
        assert_eq!(format, SnapshotFormat::Text);
        assert_eq!(na, normalize(&Config::Text(b.into())).1);
        assert!(
            na.starts_with("# by RouterOS 7.20.5\n# software id = AB\n"),
            "{na}"
        );
        let v6 = normalize(&Config::Text(
            "# nov/29/2026 14:05:09 by RouterOS 6.49\n".into(),
        ))
        .1;
        assert_eq!(v6, "# by RouterOS 6.49\n");
        // Only the header pattern: a comment mentioning RouterOS stays.
        let other = "# by RouterOS 7\n# set by RouterOS admin\n";
        assert_eq!(normalize(&Config::Text(other.into())).1, other);
    }

    #[test]
    fn json_is_canonical_whatever_the_key_order() {
        let a: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":{"y":2,"x":3}}"#).unwrap();
        let b = json!({"a": {"x": 3, "y": 2}, "b": 1});
        let (format, na) = normalize(&Config::Json(a));
        assert_eq!(format, SnapshotFormat::Json);
        assert_eq!(na, normalize(&Config::Json(b)).1);
        assert_eq!(content_hash(&na), content_hash(&na.clone()));
        assert_ne!(content_hash(&na), content_hash("{}"));
        assert_eq!(
            content_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
