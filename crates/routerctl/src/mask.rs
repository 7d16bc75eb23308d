//! Masking secrets in configurations before they are shown.
//!
//! `config` output ends up in terminals, tickets, backups and screen
//! shares; Wi-Fi keys, PPP and VPN secrets, SNMP and user passwords should
//! not. So, as Oxidized does by default, their values are replaced by
//! [`HIDDEN`] unless `--show-secrets` asks for them:
//!
//! - JSON configurations (IXON, OpenWrt): the value of every field whose
//!   name says it is a secret (see [`is_secret_name`]), at any depth;
//! - text configurations (RouterOS `/export`): the value of every
//!   `name=value` word with such a name (`password=`, `passphrase=`,
//!   `secret=`, `wpa2-pre-shared-key=`, `private-key=` ...), quoted values
//!   included.

use routerctl_core::Config;
use serde_json::Value;

/// What a masked value is replaced with.
pub const HIDDEN: &str = "<hidden>";

/// A configuration with its secrets masked.
pub fn config(config: Config) -> Config {
    match config {
        Config::Text(text) => Config::Text(text_config(&text)),
        Config::Json(value) => Config::Json(json_config(value)),
    }
}

/// Whether a field called `name` holds a secret: passwords, passphrases,
/// pre-shared and private keys, secrets, tokens, PINs, and fields named
/// `key` or ending in `key` (`wlanKey`, uci's `key`) unless public.
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    const PARTS: &[&str] = &[
        "password",
        "passwd",
        "passphrase",
        "secret",
        "token",
        "psk",
        "pre-shared",
        "preshared",
        "private-key",
        "private_key",
        "privatekey",
        "pincode",
    ];
    PARTS.iter().any(|p| n.contains(p)) || (n.ends_with("key") && !n.contains("public"))
}

fn json_config(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = if is_secret_name(&k) {
                        hide_json(v)
                    } else {
                        json_config(v)
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(json_config).collect()),
        other => other,
    }
}

/// A secret field's value masked; empty strings and nulls stay as they are
/// (that a PIN is unset is not a secret).
fn hide_json(value: Value) -> Value {
    match value {
        Value::Null => Value::Null,
        Value::String(s) if s.is_empty() => Value::String(s),
        Value::Array(items) => Value::Array(items.into_iter().map(hide_json).collect()),
        _ => Value::String(HIDDEN.into()),
    }
}

fn text_config(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        mask_line(line, &mut out);
    }
    out
}

/// Copy `line` to `out`, masking the values of secret `name=value` words.
/// A word starts at the line start or after a space or tab; a value runs to
/// the next space (or, quoted, to the closing unescaped `"`).
fn mask_line(line: &str, out: &mut String) {
    let mut rest = line;
    let mut at_word_start = true;
    while let Some(c) = rest.chars().next() {
        if at_word_start && c != ' ' && c != '\t' {
            let word_end = rest.find([' ', '\t', '\n', '=']).unwrap_or(rest.len());
            let (name, after) = rest.split_at(word_end);
            let secret = after
                .strip_prefix('=')
                .filter(|_| !name.is_empty() && is_secret_name(name));
            if let Some(value) = secret {
                let len = value_len(value);
                out.push_str(name);
                out.push('=');
                if len > 0 {
                    out.push_str(HIDDEN);
                }
                rest = value.get(len..).unwrap_or("");
                at_word_start = false;
                continue;
            }
        }
        out.push(c);
        at_word_start = c == ' ' || c == '\t';
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
}

/// Length in bytes of the value at the start of `s`.
fn value_len(s: &str) -> usize {
    if let Some(quoted) = s.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in quoted.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return i + 2,
                '\n' if !escaped => return i + 1,
                _ => escaped = false,
            }
        }
        s.len()
    } else {
        s.find([' ', '\t', '\r', '\n']).unwrap_or(s.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn routeros_export_secrets_are_masked() {
        let text = "/interface wifi security\n\
                    add authentication-types=wpa2-psk name=sec1 passphrase=\"top secret\\\" x\" wps=disable\n\
                    /ppp secret\nadd name=alice password=hunter2 service=pppoe\n\
                    /interface wireless security-profiles\n\
                    set [ find default-name=default ] wpa2-pre-shared-key=abc123 mode=dynamic-keys\n\
                    /ip ipsec identity add peer=p1 secret=s3 comment=\"password=no\"\n\
                    /snmp community set public authentication-password=\"\"\n";
        let masked = text_config(text);
        assert_eq!(
            masked,
            "/interface wifi security\n\
             add authentication-types=wpa2-psk name=sec1 passphrase=<hidden> wps=disable\n\
             /ppp secret\nadd name=alice password=<hidden> service=pppoe\n\
             /interface wireless security-profiles\n\
             set [ find default-name=default ] wpa2-pre-shared-key=<hidden> mode=dynamic-keys\n\
             /ip ipsec identity add peer=p1 secret=<hidden> comment=\"password=no\"\n\
             /snmp community set public authentication-password=<hidden>\n"
        );
        for secret in ["top secret", "hunter2", "abc123", "s3"] {
            assert!(!masked.contains(secret), "{secret}");
        }
    }

    #[test]
    fn json_secrets_are_masked_at_any_depth() {
        let config = json!({
            "wlan": {"wlanSsid": "IXrouter", "wlanKey": "ixon-wlan-key", "wlanEncryption": "psk2"},
            "cellular": {"cellularPincode": ""},
            "users": [{"name": "a", "password": "pw"}],
            "wireguard": {"private_key": "x", "public_key": "y"},
            "apiToken": 1234
        });
        assert_eq!(
            json_config(config),
            json!({
                "wlan": {"wlanSsid": "IXrouter", "wlanKey": "<hidden>", "wlanEncryption": "psk2"},
                "cellular": {"cellularPincode": ""},
                "users": [{"name": "a", "password": "<hidden>"}],
                "wireguard": {"private_key": "<hidden>", "public_key": "y"},
                "apiToken": "<hidden>"
            })
        );
    }
}
