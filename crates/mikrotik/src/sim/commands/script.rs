//! `/execute` and `/system/script/run`: a small subset of the RouterOS
//! scripting language, enough for what API clients send (napalm-ros `cli`,
//! librouteros' config helpers, stored scripts that log).
//!
//! # The subset
//!
//! Statements are separated by newlines or `;`; `#` starts a comment line.
//!
//! - `:put EXPR` adds a line to the output;
//! - `:log info|warning|error|debug EXPR` writes a log line (topics
//!   `script,<level>`; needs the `write` policy);
//! - `:local NAME EXPR`, `:global NAME EXPR`, `:set NAME EXPR` keep a
//!   variable (globals live as long as the script, not the router);
//! - `/system/script/run NAME` (or `/system script run NAME`) runs a stored
//!   script, at most 8 deep.
//!
//! An EXPR is a `"quoted string"` (escapes `\"`, `\\`, `\n`, `\t`, `\$`, and
//! `$name` substituted), `$name`, a bare word or number, or
//! `[/path/get PROP]` reading a property of a singleton menu as printed
//! (`[/system/identity/get name]`, `[/system/resource/get uptime]`).
//! Anything else, such as a console command like `/ip/address/print`,
//! is outside the subset: the output
//! ends with `syntax error (line N column 1)`, which is how RouterOS
//! reports a script it cannot parse (as output, not as a trap).
//!
//! # Replies (RouterOS 7)
//!
//! `/execute =script= =as-string=` runs at once and answers `!done
//! =ret=OUTPUT` (lines joined by `\n`, no trailing newline; inferred), or a
//! bare `!done` when there is no output. Without `as-string` the script
//! runs as a background job and the answer is `!done =ret=*N`, the job id;
//! in the simulator the job has finished before the reply, so
//! `/system/script/job` is empty again. `=file=NAME` writes the output to
//! `NAME.txt`.

use std::collections::HashMap;

use bytes::Bytes;

use super::args::check_args;
use super::files;
use crate::api::proto::Reply;
use crate::record::Attributes;
use crate::sim::clock::Clock;
use crate::sim::journal;
use crate::sim::menus;
use crate::sim::replies::{done, done_ret};
use crate::sim::schema::Menu;
use crate::sim::session::Session;
use crate::sim::state::State;
use crate::sim::value::{Refused, format_datetime, format_id, parse_id};

/// Nesting limit of `/system/script/run` inside scripts.
const MAX_DEPTH: u8 = 8;
/// Most statements one `/execute` runs (nested scripts included).
const MAX_STATEMENTS: usize = 10_000;
/// Most output bytes kept.
const MAX_OUTPUT: usize = 64 * 1024;

/// `/execute =script= [=as-string=] [=file=]`.
pub(super) fn execute(
    st: &mut State,
    clock: &Clock,
    session: &Session,
    args: &Attributes,
) -> Result<Vec<Reply>, Refused> {
    check_args(args, &["script", "as-string", "file"])?;
    let script = args
        .get("script")
        .ok_or_else(|| Refused::new("missing =script=", None))?;
    let mut run = Runner::new(session);
    run.source(st, clock, script);
    let output = run.output();
    if let Some(file) = args.get("file") {
        let mut name = file.to_vec();
        if !name.ends_with(b".txt") {
            name.extend_from_slice(b".txt");
        }
        let mut text = output.clone();
        if !text.is_empty() {
            text.push('\n');
        }
        files::store(st, clock, &name, Bytes::from(text))?;
    }
    if args.contains("as-string") {
        if output.is_empty() {
            return Ok(vec![done()]);
        }
        return Ok(vec![done_ret(output)]);
    }
    // A background job that has already finished: its id is used up.
    let job = menus::menu("/system/script/job")
        .map(|m| st.allocate_id(m))
        .unwrap_or(1);
    Ok(vec![done_ret(format_id(job))])
}

/// `/system/script/run =number=NAME` (or `=.id=`).
pub(super) fn run_stored(
    st: &mut State,
    clock: &Clock,
    session: &Session,
    menu: &'static Menu,
    args: &Attributes,
) -> Result<Vec<Reply>, Refused> {
    check_args(args, &["number", "numbers", ".id"])?;
    let spec = args
        .get("number")
        .or_else(|| args.get("numbers"))
        .or_else(|| args.get(".id"))
        .ok_or_else(|| Refused::new("missing =number=", None))?;
    let ids = st.resolve_ids(menu, spec)?;
    for id in ids {
        let mut run = Runner::new(session);
        run.stored(st, clock, id);
    }
    Ok(vec![done()])
}

/// Scripts and scheduler entries remember who added them (`owner`).
pub(super) fn record_owner(st: &mut State, menu: &Menu, replies: &[Reply], user: &str) {
    if !matches!(menu.path, "/system/script" | "/system/scheduler") {
        return;
    }
    let Some(id) = crate::sim::replies::ret(replies).and_then(|r| parse_id(&r)) else {
        return;
    };
    if let Some(row) = st.row_mut(menu.path, id) {
        row.props
            .insert("owner", Bytes::copy_from_slice(user.as_bytes()));
    }
}

/// One script run: variables, output, the statement budget.
struct Runner<'s> {
    session: &'s Session,
    vars: HashMap<String, String>,
    out: Vec<String>,
    out_len: usize,
    statements: usize,
    depth: u8,
    stopped: bool,
}

impl<'s> Runner<'s> {
    fn new(session: &'s Session) -> Self {
        Self {
            session,
            vars: HashMap::new(),
            out: Vec::new(),
            out_len: 0,
            statements: 0,
            depth: 0,
            stopped: false,
        }
    }

    fn output(&self) -> String {
        self.out.join("\n")
    }

    fn put(&mut self, line: String) {
        if self.out_len + line.len() > MAX_OUTPUT {
            self.stopped = true;
            return;
        }
        self.out_len += line.len() + 1;
        self.out.push(line);
    }

    /// Run stored script `id`: count it, then run its source.
    fn stored(&mut self, st: &mut State, clock: &Clock, id: u32) {
        let Some(row) = st.row_mut("/system/script", id) else {
            return;
        };
        let count: u64 = row
            .props
            .get("run-count")
            .and_then(|v| std::str::from_utf8(v).ok()?.parse().ok())
            .unwrap_or(0);
        row.props
            .insert("run-count", Bytes::from((count + 1).to_string()));
        row.props
            .insert("last-started", Bytes::from(format_datetime(clock.unix)));
        let source = row.props.get("source").cloned().unwrap_or_default();
        st.touch("/system/script", id, false);
        self.source(st, clock, &source);
    }

    /// Run a script text.
    fn source(&mut self, st: &mut State, clock: &Clock, src: &[u8]) {
        let text = String::from_utf8_lossy(src).into_owned();
        for (n, line) in text.lines().enumerate() {
            for stmt in split_statements(line) {
                if self.stopped {
                    return;
                }
                self.statements += 1;
                if self.statements > MAX_STATEMENTS {
                    self.stopped = true;
                    return;
                }
                if let Err(msg) = self.statement(st, clock, &stmt) {
                    self.put(msg.replace("{line}", &(n + 1).to_string()));
                    self.stopped = true;
                    return;
                }
            }
        }
    }

    /// One statement; `Err` is the text that ends the output.
    fn statement(&mut self, st: &mut State, clock: &Clock, stmt: &str) -> Result<(), String> {
        let words = tokens(stmt).ok_or_else(syntax_error)?;
        let Some((first, rest)) = words.split_first() else {
            return Ok(());
        };
        if first.starts_with('#') {
            return Ok(());
        }
        match (first.as_str(), rest) {
            (":put", [e]) => {
                let v = self.eval(st, clock, e)?;
                self.put(v);
            }
            (":log", [level, e])
                if ["info", "warning", "error", "debug"].contains(&level.as_str()) =>
            {
                if !self.session.may("write") {
                    return Err("not enough permissions (9)".into());
                }
                let v = self.eval(st, clock, e)?;
                journal::log(st, clock, &format!("script,{level}"), Bytes::from(v));
            }
            (":local" | ":global" | ":set", [name, e]) if is_name(name) => {
                let v = self.eval(st, clock, e)?;
                self.vars.insert(name.clone(), v);
            }
            (":local" | ":global", [name]) if is_name(name) => {
                self.vars.insert(name.clone(), String::new());
            }
            _ => {
                let name = script_run_target(&words).ok_or_else(syntax_error)?;
                let name = self.eval(st, clock, &name)?;
                if self.depth >= MAX_DEPTH {
                    return Err("failure: too many nested scripts".into());
                }
                let id = st
                    .find_by_name("/system/script", name.as_bytes())
                    .ok_or_else(|| "no such item".to_string())?;
                self.depth += 1;
                let saved = std::mem::take(&mut self.vars);
                self.stored(st, clock, id);
                self.vars = saved;
                self.depth -= 1;
            }
        }
        Ok(())
    }

    /// The value of one expression token.
    fn eval(&self, st: &State, clock: &Clock, e: &str) -> Result<String, String> {
        if let Some(inner) = e.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            return unquote(inner, &self.vars).ok_or_else(syntax_error);
        }
        if let Some(name) = e.strip_prefix('$') {
            return Ok(self.vars.get(name).cloned().unwrap_or_default());
        }
        if let Some(inner) = e.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            return get_property(st, clock, inner).ok_or_else(syntax_error);
        }
        if e.starts_with([':', '/', '(', '{']) {
            return Err(syntax_error());
        }
        Ok(e.to_string())
    }
}

fn syntax_error() -> String {
    "syntax error (line {line} column 1)".to_string()
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The script a `/system/script/run NAME` statement names (slash or
/// console spelling, `NAME` bare or as `number=NAME`).
fn script_run_target(words: &[String]) -> Option<String> {
    let rest = match words {
        [p, rest @ ..] if p == "/system/script/run" => rest,
        [a, b, c, rest @ ..] if a == "/system" && b == "script" && c == "run" => rest,
        _ => return None,
    };
    match rest {
        [arg] => Some(arg.strip_prefix("number=").unwrap_or(arg).to_string()),
        _ => None,
    }
}

/// `[/system/identity/get name]`: a property of a singleton menu as
/// printed now (live values such as `uptime` included).
fn get_property(st: &State, clock: &Clock, inner: &str) -> Option<String> {
    let words = tokens(inner.trim())?;
    let (path, prop) = match words.as_slice() {
        [cmd, prop] => (cmd.strip_suffix("/get")?.to_string(), prop.clone()),
        [first, more @ ..] if first.starts_with('/') && more.len() >= 2 => {
            let (prop, rest) = more.split_last()?;
            let (get, dirs) = rest.split_last()?;
            if get != "get" {
                return None;
            }
            let mut p = first.clone();
            for d in dirs {
                p.push('/');
                p.push_str(d);
            }
            (p, prop.clone())
        }
        _ => return None,
    };
    let menu = menus::menu(&path).filter(|m| m.singleton)?;
    let row = st.rows(menu.path).first()?;
    let rendered = st.render(menu, row, clock);
    let (_, value) = rendered.iter().find(|(n, _)| *n == prop)?;
    Some(String::from_utf8_lossy(value).into_owned())
}

/// Split a line into statements at `;` outside quotes and brackets.
fn split_statements(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut escaped, mut depth) = (false, false, 0u32);
    for c in line.chars() {
        if escaped {
            escaped = false;
        } else if quoted && c == '\\' {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if !quoted && c == '[' {
            depth += 1;
        } else if !quoted && c == ']' {
            depth = depth.saturating_sub(1);
        } else if !quoted && depth == 0 && c == ';' {
            out.push(std::mem::take(&mut cur));
            continue;
        }
        cur.push(c);
    }
    out.push(cur);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// Words of a statement: whitespace-separated, keeping `"..."` and
/// `[...]` whole. `None` for an unterminated quote or bracket.
fn tokens(stmt: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut escaped, mut depth) = (false, false, 0u32);
    for c in stmt.chars() {
        if escaped {
            escaped = false;
            cur.push(c);
            continue;
        }
        match c {
            '\\' if quoted => {
                escaped = true;
                cur.push(c);
            }
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            '[' if !quoted => {
                depth += 1;
                cur.push(c);
            }
            ']' if !quoted => {
                depth = depth.checked_sub(1)?;
                cur.push(c);
            }
            c if c.is_whitespace() && !quoted && depth == 0 => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if quoted || depth != 0 {
        return None;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Some(out)
}

/// The text of a quoted string: escapes resolved, `$name` substituted.
fn unquote(inner: &str, vars: &HashMap<String, String>) -> Option<String> {
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                other => out.push(other),
            },
            '$' => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '-' || n == '_' {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if name.is_empty() {
                    return None;
                }
                out.push_str(vars.get(&name).map(String::as_str).unwrap_or(""));
            }
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_and_tokens() {
        assert_eq!(
            split_statements(r#":put "a;b"; :put [/x/get y]; ;"#),
            vec![r#":put "a;b""#, " :put [/x/get y]"]
        );
        assert_eq!(
            tokens(r#":put "a \"b\" c""#).unwrap(),
            vec![":put", r#""a \"b\" c""#]
        );
        assert_eq!(
            tokens(":put [/system identity get name]").unwrap(),
            vec![":put", "[/system identity get name]"]
        );
        assert!(tokens(r#":put "open"#).is_none());
        assert!(tokens(":put [x").is_none());
        assert!(tokens(":put x]").is_none());
    }

    #[test]
    fn quoted_strings() {
        let mut vars = HashMap::new();
        vars.insert("who".to_string(), "world".to_string());
        assert_eq!(
            unquote(r#"hello $who\n\"x\" \$y"#, &vars).unwrap(),
            "hello world\n\"x\" $y"
        );
        assert!(unquote("trailing\\", &vars).is_none());
        assert!(unquote("lone $ sign", &vars).is_none());
    }

    #[test]
    fn run_targets() {
        let w = |s: &str| tokens(s).unwrap();
        assert_eq!(
            script_run_target(&w("/system/script/run backup")).as_deref(),
            Some("backup")
        );
        assert_eq!(
            script_run_target(&w("/system script run number=backup")).as_deref(),
            Some("backup")
        );
        assert_eq!(script_run_target(&w("/ip/address/print")), None);
    }
}
