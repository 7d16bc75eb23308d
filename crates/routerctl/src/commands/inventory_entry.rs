//! An inventory entry (`[routers.NAME]` in TOML) for a simulator listener:
//! what `sim` prints for pasting and what `demo` writes.

use std::fmt::Write as _;

use routerctl_kit::sim::BoundListener;

/// `[routers.NAME]` with vendor, protocol, host, port and, for TLS
/// listeners, the certificate pin; then `extra` lines as given.
pub fn render(name: &str, vendor: &str, listener: &BoundListener, extra: &[String]) -> String {
    let mut text = format!("[routers.{}]\n", key(name));
    let _ = writeln!(text, "vendor = {}", quoted(vendor));
    let _ = writeln!(text, "protocol = {}", quoted(listener.protocol));
    let _ = writeln!(text, "host = {}", quoted(&listener.addr.ip().to_string()));
    let _ = writeln!(text, "port = {}", listener.addr.port());
    if let Some(fp) = &listener.fingerprint {
        let _ = writeln!(text, "tls_fingerprint = {}", quoted(&fp.to_string()));
    }
    for line in extra {
        let _ = writeln!(text, "{line}");
    }
    text
}

/// `groups = ["a", "b"]`.
pub fn groups(groups: &[&str]) -> String {
    let items: Vec<String> = groups.iter().map(|g| quoted(g)).collect();
    format!("groups = [{}]", items.join(", "))
}

/// `labels = { site = "hq" }`.
pub fn labels(labels: &[(&str, &str)]) -> String {
    let items: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!("{} = {}", key(k), quoted(v)))
        .collect();
    format!("labels = {{ {} }}", items.join(", "))
}

/// A TOML key: bare when it can be, quoted otherwise.
pub fn key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare { name.to_string() } else { quoted(name) }
}

/// A TOML basic string; control characters are dropped (they come from
/// the command line, never from the network).
pub fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars().filter(|c| !c.is_control()) {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_pinned_entry_that_the_toml_parser_reads_back() {
        let fp = "AB".repeat(32).parse().unwrap_or_else(|e| panic!("{e}"));
        let listener = BoundListener {
            name: "api-ssl",
            protocol: "api-ssl",
            addr: "127.0.0.1:8729".parse().unwrap_or_else(|e| panic!("{e}")),
            fingerprint: Some(fp),
        };
        let extra = [groups(&["core", "hq"]), labels(&[("site", "h\"q")])];
        let text = render("lab 1", "mikrotik", &listener, &extra);
        let value: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let entry = &value["routers"]["lab 1"];
        assert_eq!(entry["vendor"].as_str(), Some("mikrotik"));
        assert_eq!(entry["protocol"].as_str(), Some("api-ssl"));
        assert_eq!(entry["port"].as_integer(), Some(8729));
        assert_eq!(
            entry["tls_fingerprint"].as_str(),
            Some(fp.to_string().as_str())
        );
        assert_eq!(entry["labels"]["site"].as_str(), Some("h\"q"));
        assert_eq!(key("plant-ixon"), "plant-ixon");
    }
}
