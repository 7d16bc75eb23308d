//! `inventory list|show|check`: look at the inventory as routerctl
//! resolves it, without touching a router. Passwords are never read or
//! shown — only where they would come from.

use std::io::{self, Write};
use std::path::Path;

use routerctl_core::TlsPolicy;

use crate::inventory::{Inventory, Origin, PasswordSource, RouterEntry};
use crate::output::Format;
use crate::output::untrusted::terminal_line;
use crate::targets;
use crate::usage::UsageError;

/// The columns of `inventory list`, in order.
pub const COLUMNS: &[&str] = &[
    "name", "vendor", "protocol", "host", "port", "username", "password", "tls", "timeout",
    "groups", "labels",
];

/// One setting of a router as text (`COLUMNS` order).
fn settings(r: &RouterEntry) -> Vec<(&'static str, String)> {
    let password = match &r.password {
        PasswordSource::Env(var) => format!("env {var}"),
        PasswordSource::File(f) => format!("file {}", f.display()),
        PasswordSource::Inline(_) => "inline (hidden)".into(),
        PasswordSource::Unset => "(none)".into(),
    };
    let tls = match (&r.tls, r.uses_tls) {
        (_, false) => "(no TLS)".to_string(),
        (TlsPolicy::Pinned(fp), true) => format!("pinned {fp}"),
        (TlsPolicy::CaFile(ca), true) => format!("ca_file {}", ca.display()),
        (TlsPolicy::Insecure, true) => "insecure".into(),
        (_, true) => "system roots".into(),
    };
    let labels: Vec<String> = r.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    vec![
        ("name", r.name.clone()),
        ("vendor", r.vendor.to_string()),
        ("protocol", r.protocol.to_string()),
        ("host", r.host.clone()),
        ("port", r.port.map_or("(default)".into(), |p| p.to_string())),
        ("username", r.username.clone()),
        ("password", password),
        ("tls", tls),
        ("timeout", format!("{:?}", r.timeout)),
        ("groups", r.groups.join(",")),
        ("labels", labels.join(",")),
    ]
}

/// `inventory list [TARGETS]`: the resolved fleet (the first `limit`).
pub fn list(
    inventory: &Inventory,
    targets: &[String],
    limit: Option<usize>,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let mut routers = targets::select(inventory, targets).map_err(|e| UsageError(e.to_string()))?;
    routers.truncate(limit.unwrap_or(usize::MAX));
    let rows: Vec<Vec<(&str, String)>> = routers.iter().map(|r| settings(r)).collect();
    match format {
        Format::Json | Format::Jsonl => {
            let objects: Vec<serde_json::Value> = rows.iter().map(|row| object(row)).collect();
            if format == Format::Json {
                serde_json::to_writer_pretty(&mut *out, &objects)?;
                writeln!(out)?;
            } else {
                for o in objects {
                    serde_json::to_writer(&mut *out, &o)?;
                    writeln!(out)?;
                }
            }
        }
        Format::Csv => {
            let mut w = ::csv::Writer::from_writer(&mut *out);
            crate::output::write_csv_record(&mut w, COLUMNS.iter().copied())?;
            for row in &rows {
                crate::output::write_csv_record(&mut w, row.iter().map(|(_, v)| v.as_str()))?;
            }
            w.flush()?;
        }
        Format::Table => {
            let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|(_, v)| terminal_line(v).into_owned())
                        .collect()
                })
                .collect();
            write_table(&header, &cells, out)?;
        }
    }
    Ok(0)
}

fn object(row: &[(&str, String)]) -> serde_json::Value {
    serde_json::Value::Object(
        row.iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
            .collect(),
    )
}

/// Left-aligned columns, two spaces apart.
fn write_table(header: &[String], rows: &[Vec<String>], out: &mut dyn Write) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    Ok(())
}

/// `inventory show NAME`: every setting, with where it came from.
pub fn show(
    inventory: &Inventory,
    name: &str,
    format: Format,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let Some(r) = inventory.routers.iter().find(|r| r.name == name) else {
        let all = [name.to_string()];
        // Reuse the target error: it lists what exists and suggests.
        let message = match targets::select(inventory, &all) {
            Err(e) => e.to_string(),
            Ok(_) => format!("{name:?} is a group, not a router"),
        };
        return Err(UsageError(message).into());
    };
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for (key, value) in settings(r) {
        if key == "labels" || key == "name" {
            continue;
        }
        let from = match key {
            "tls" => r.origins.get("tls"),
            other => r.origins.get(other),
        };
        let from = match (key, from) {
            (_, Some(o)) => o.to_string(),
            ("password", None) => "not set anywhere".into(),
            ("groups", None) => "-".into(),
            (_, None) => Origin::BuiltIn.to_string(),
        };
        rows.push((key.to_string(), value, from));
    }
    for (k, v) in &r.labels {
        let from = r
            .label_origins
            .get(k)
            .map_or_else(|| Origin::Router.to_string(), ToString::to_string);
        rows.push((format!("labels.{k}"), v.clone(), from));
    }
    match format {
        Format::Json | Format::Jsonl => {
            let map: serde_json::Map<String, serde_json::Value> = rows
                .iter()
                .map(|(k, v, f)| (k.clone(), serde_json::json!({ "value": v, "from": f })))
                .collect();
            let value = serde_json::json!({ "router": r.name, "settings": map });
            serde_json::to_writer_pretty(&mut *out, &value)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = ::csv::Writer::from_writer(&mut *out);
            crate::output::write_csv_record(&mut w, ["setting", "value", "from"])?;
            for (k, v, f) in &rows {
                crate::output::write_csv_record(&mut w, [k.as_str(), v.as_str(), f.as_str()])?;
            }
            w.flush()?;
        }
        Format::Table => {
            writeln!(out, "router {}", r.name)?;
            let header = ["setting", "value", "from"].map(String::from).to_vec();
            let cells: Vec<Vec<String>> = rows
                .into_iter()
                .map(|(k, v, f)| vec![k, terminal_line(&v).into_owned(), f])
                .collect();
            write_table(&header, &cells, out)?;
        }
    }
    Ok(0)
}

/// `inventory check`: every problem, one per line with file:line; exit 1
/// when there is any.
pub fn check(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    let text = routerctl_core::credentials::read_small_file(path, 8 * 1024 * 1024)
        .map_err(|e| UsageError(format!("inventory {}: cannot read: {e}", path.display())))?;
    let problems = Inventory::check(path, &text);
    for p in &problems {
        writeln!(err, "{}", terminal_line(&p.to_string()))?;
    }
    if problems.is_empty() {
        let (inventory, _) = Inventory::parse_all(path, &text);
        writeln!(
            out,
            "{}: ok ({} routers, {} groups)",
            path.display(),
            inventory.routers.len(),
            inventory.groups().len()
        )?;
        Ok(0)
    } else {
        writeln!(err, "{}: {} problem(s)", path.display(), problems.len())?;
        Ok(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"
[defaults]
vendor = "mikrotik"
username = "admin"
password_env = "PW"

[groups.branch]
timeout = "3s"
labels = { role = "branch" }

[routers.b1]
host = "10.0.0.1"
groups = ["branch"]
labels = { site = "lyon" }

[routers.hq]
host = "10.0.0.2"
password = "x"
"#;

    fn inv() -> Inventory {
        Inventory::parse(Path::new("lab.toml"), TEXT).unwrap()
    }

    fn text(f: impl FnOnce(&mut Vec<u8>) -> anyhow::Result<u8>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn list_resolves_targets_and_hides_passwords() {
        let all = text(|o| list(&inv(), &[], None, Format::Csv, o));
        let lines: Vec<&str> = all.lines().collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        assert_eq!(
            lines[1],
            "b1,mikrotik,api,10.0.0.1,(default),admin,env PW,(no TLS),3s,branch,\"role=branch,site=lyon\""
        );
        assert!(lines[2].contains("inline (hidden)") && !all.contains(",x,"));
        let json = text(|o| list(&inv(), &["@branch".into()], None, Format::Json, o));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 1);
        let one = text(|o| list(&inv(), &[], Some(1), Format::Jsonl, o));
        assert_eq!(one.lines().count(), 1);
        assert_eq!(v[0]["timeout"], "3s");
        let table = text(|o| list(&inv(), &["!b1".into()], Some(5), Format::Table, o));
        assert!(table.starts_with("name  vendor"), "{table}");
        assert_eq!(table.lines().count(), 2);
    }

    #[test]
    fn show_names_where_each_setting_comes_from() {
        let csv = text(|o| show(&inv(), "b1", Format::Csv, o));
        for line in [
            "vendor,mikrotik,defaults",
            "protocol,api,built-in default",
            "host,10.0.0.1,router",
            "password,env PW,defaults",
            "timeout,3s,group branch",
            "labels.role,branch,group branch",
            "labels.site,lyon,router",
        ] {
            assert!(csv.lines().any(|l| l == line), "{line} missing in\n{csv}");
        }
        let err = show(&inv(), "b2", Format::Table, &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("did you mean \"b1\""), "{err}");
    }
}
