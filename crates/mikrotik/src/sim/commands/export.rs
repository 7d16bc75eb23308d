//! `/export`: the configuration as console commands, RouterOS style.
//!
//! Sections follow the menu order; within a section rows keep their order
//! and arguments are sorted by name. Only what differs from the factory
//! value is written (or everything writable with `=verbose=`); dynamic and
//! built-in rows are left out, sensitive values only with
//! `=show-sensitive=`. The header's first line carries the only timestamp.

use bytes::Bytes;

use super::files;
use crate::record::Attributes;
use crate::sim::clock::mix;
use crate::sim::device::Device;
use crate::sim::menus::MENUS;
use crate::sim::outcome::Outcome;
use crate::sim::replies::{done, done_ret, trap};
use crate::sim::schema::{ExportStyle, Kind, Menu, flag};
use crate::sim::session::Session;
use crate::sim::state::{Row, State};
use crate::sim::value::format_datetime;

/// Factory port and state of each `/ip/service` entry.
const SERVICES: &[(&str, &str, &str)] = &[
    ("telnet", "23", "false"),
    ("ftp", "21", "false"),
    ("www", "80", "false"),
    ("ssh", "22", "false"),
    ("www-ssl", "443", "true"),
    ("api", "8728", "false"),
    ("winbox", "8291", "false"),
    ("api-ssl", "8729", "false"),
];

pub(super) fn command(
    dev: &Device,
    session: &Session,
    only: Option<&'static Menu>,
    args: &Attributes,
) -> Outcome {
    for (name, _) in args.iter() {
        let ok = [
            "compact",
            "verbose",
            "terse",
            "show-sensitive",
            "hide-sensitive",
            "file",
        ]
        .iter()
        .any(|a| a.as_bytes() == name.as_ref());
        if !ok {
            return Outcome::Done(trap(
                format!("unknown parameter {}", String::from_utf8_lossy(name)),
                None,
            ));
        }
    }
    let show_sensitive = args.contains("show-sensitive") && session.may("sensitive");
    let style = Style {
        show_sensitive,
        verbose: args.contains("verbose"),
        terse: args.contains("terse"),
    };
    let clock = dev.clock();
    let mut st = dev.lock();
    let text = render(&st, dev, clock.unix, only, style);
    // `=file=NAME` writes NAME.rsc and answers a bare `!done`.
    if let Some(file) = args.get("file") {
        if file.is_empty() {
            return Outcome::Done(trap("invalid value for argument file", Some(1)));
        }
        let mut name = file.to_vec();
        if !name.ends_with(b".rsc") {
            name.extend_from_slice(b".rsc");
        }
        let stored = files::store(&mut st, &clock, &name, Bytes::from(text));
        dev.publish(&mut st, &clock);
        if let Err(r) = stored {
            return Outcome::Done(trap(r.message, r.category));
        }
        drop(st);
        dev.mark_dirty();
        return Outcome::Done(vec![done()]);
    }
    Outcome::Done(vec![done_ret(text)])
}

/// How `/export` writes: with secrets, with defaults, one full command per
/// line (`terse`: `/ip address add ...` instead of a section header).
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Include sensitive values.
    pub show_sensitive: bool,
    /// Include values that equal the factory default.
    pub verbose: bool,
    /// Prefix each line with its section instead of section headers.
    pub terse: bool,
}

/// The export text in `style`.
pub fn render(st: &State, dev: &Device, unix: i64, only: Option<&Menu>, style: Style) -> String {
    let Style {
        show_sensitive,
        verbose,
        terse,
    } = style;
    let version = dev
        .config()
        .version
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_string();
    let mut out = format!("# {} by RouterOS {version}\n", format_datetime(unix));
    let sid = mix(st.seed, 404);
    out.push_str(&format!(
        "# software id = {:04X}-{:04X}\n#\n",
        (sid >> 16) & 0xFFFF,
        sid & 0xFFFF
    ));
    let rb = st.rows("/system/routerboard").first();
    let rb_get = |k: &str| {
        rb.and_then(|r| r.props.get(k))
            .map(|v| String::from_utf8_lossy(v).into_owned())
            .unwrap_or_default()
    };
    out.push_str(&format!("# model = {}\n", rb_get("model")));
    out.push_str(&format!("# serial number = {}\n", rb_get("serial-number")));
    for menu in MENUS {
        if only.is_some_and(|o| o.path != menu.path) {
            continue;
        }
        let Some((section, style)) = menu.export else {
            continue;
        };
        let mut lines = Vec::new();
        for row in st.rows(menu.path) {
            if let Some(line) = row_line(st, menu, row, style, show_sensitive, verbose) {
                lines.push(line);
            }
        }
        if terse {
            for l in lines {
                out.push_str(&format!("{section} {l}\n"));
            }
        } else if !lines.is_empty() {
            out.push_str(section);
            out.push('\n');
            for l in lines {
                out.push_str(&l);
                out.push('\n');
            }
        }
    }
    out
}

fn is_true(v: Option<&Bytes>) -> bool {
    v.map(|v| v.as_ref()) == Some(b"true")
}

/// The value a property has on a router fresh from the factory.
fn factory(st: &State, menu: &Menu, row: &Row, prop: &str) -> Option<Bytes> {
    let stored = |k: &str| st.stored(menu, row, k).cloned();
    match (menu.path, prop) {
        ("/ip/service", "port" | "disabled") => {
            let name = stored("name")?;
            SERVICES
                .iter()
                .find(|(n, _, _)| n.as_bytes() == name.as_ref())
                .map(|(_, port, dis)| {
                    Bytes::from_static(if prop == "port" { port } else { dis }.as_bytes())
                })
        }
        ("/ip/service", "certificate") => Some(Bytes::from_static(b"none")),
        ("/ip/service", "tls-version") => Some(Bytes::from_static(b"any")),
        (_, "name") if menu.prop("default-name").is_some() => stored("default-name"),
        ("/interface/ethernet", "mac-address") => stored("orig-mac-address"),
        _ => menu
            .prop(prop)
            .and_then(|p| p.default)
            .map(|d| Bytes::from_static(d.as_bytes())),
    }
}

fn row_line(
    st: &State,
    menu: &Menu,
    row: &Row,
    style: ExportStyle,
    show_sensitive: bool,
    verbose: bool,
) -> Option<String> {
    if is_true(st.stored(menu, row, "dynamic")) || is_true(st.stored(menu, row, "builtin")) {
        return None;
    }
    let mut args: Vec<(&str, Bytes)> = Vec::new();
    for p in menu.props {
        if !p.writable() || p.has(flag::HIDDEN) {
            continue;
        }
        if p.has(flag::SENSITIVE) && !show_sensitive {
            continue;
        }
        let Some(v) = st.stored(menu, row, p.name) else {
            continue;
        };
        let always = style == ExportStyle::Add && p.name == "action";
        if !verbose && !always && factory(st, menu, row, p.name).as_ref() == Some(v) {
            continue;
        }
        if style == ExportStyle::SetByName && Some(p.name) == menu.name_key {
            continue;
        }
        args.push((p.name, v.clone()));
    }
    args.sort_by(|a, b| a.0.cmp(b.0));
    let rendered: Vec<String> = args
        .iter()
        .map(|(n, v)| format!("{n}={}", quote(menu, n, v)))
        .collect();
    let body = rendered.join(" ");
    match style {
        ExportStyle::Add => Some(format!("add {body}")),
        _ if rendered.is_empty() => None,
        ExportStyle::SetByName => {
            let name = st.name_of(menu, row)?;
            Some(format!("set {} {body}", quote(menu, "name", &name)))
        }
        ExportStyle::SetByDefaultName => {
            let dn = st.stored(menu, row, "default-name")?;
            Some(format!(
                "set [ find default-name={} ] {body}",
                quote(menu, "default-name", dn)
            ))
        }
        ExportStyle::Singleton => Some(format!("set {body}")),
    }
}

/// Export spelling of a value: booleans as yes/no, quoting and escaping
/// where the console needs it, bytes outside printable ASCII as `\XX`.
fn quote(menu: &Menu, name: &str, v: &[u8]) -> String {
    let is_bool = menu.prop(name).is_some_and(|p| p.kind == Kind::Bool);
    if is_bool {
        match v {
            b"true" => return "yes".into(),
            b"false" => return "no".into(),
            _ => {}
        }
    }
    let plain = !v.is_empty()
        && v.iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"._:/,*!@+-^%&".contains(&b));
    if plain {
        return String::from_utf8_lossy(v).into_owned();
    }
    let mut out = String::from("\"");
    for &b in v {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'$' => out.push_str("\\$"),
            b'?' => out.push_str("\\?"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7E => out.push(char::from(b)),
            other => out.push_str(&format!("\\{other:02X}")),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::menus;

    #[test]
    fn quoting() {
        let m = menus::menu("/ip/address").unwrap();
        assert_eq!(quote(m, "comment", b"defconf"), "defconf");
        assert_eq!(quote(m, "comment", b"a b"), "\"a b\"");
        assert_eq!(quote(m, "comment", b""), "\"\"");
        assert_eq!(
            quote(m, "comment", b"caf\xE9 \"x\""),
            "\"caf\\E9 \\\"x\\\"\""
        );
        assert_eq!(quote(m, "disabled", b"true"), "yes");
    }
}
