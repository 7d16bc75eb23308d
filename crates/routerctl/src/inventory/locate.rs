//! Turning a byte offset in the inventory into something a person can act
//! on: a line, a column and the dotted name of the field there.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A bad inventory: which file, where, which field, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryError {
    pub path: PathBuf,
    /// 1-based line and column, when the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    /// Dotted field name (`routers.edge-1.port`), when one is known.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for InventoryError {
    /// `inventory FILE:LINE:COL: field `a.b.c`: message`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "inventory {}", self.path.display())?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for InventoryError {}

/// Builds [`InventoryError`]s for one file's text.
pub struct Locator<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Locator<'_> {
    /// An error with no place in the file (unreadable, too large...).
    pub fn whole_file(&self, message: impl Into<String>) -> InventoryError {
        InventoryError {
            path: self.path.to_path_buf(),
            position: None,
            field: None,
            message: message.into(),
        }
    }

    /// An error at `span`, naming the field found there.
    pub fn at(&self, span: Option<Range<usize>>, message: impl Into<String>) -> InventoryError {
        let position = span.as_ref().map(|s| line_col(self.text, s.start));
        let field = span.and_then(|s| field_at(self.text, s.start));
        InventoryError {
            path: self.path.to_path_buf(),
            position,
            field,
            message: message.into(),
        }
    }

    /// An error at `span` about a field whose name the caller knows.
    pub fn field(&self, span: Range<usize>, field: String, message: String) -> InventoryError {
        InventoryError {
            path: self.path.to_path_buf(),
            position: Some(line_col(self.text, span.start)),
            field: Some(field),
            message,
        }
    }

    /// Wrap a toml/serde error (syntax, type, unknown key...).
    pub fn toml_error(&self, err: &toml::de::Error) -> InventoryError {
        self.at(err.span(), err.message().trim_end().to_string())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The dotted path of the innermost key or value covering `offset`, if the
/// text parses as TOML at all.
pub fn field_at(text: &str, offset: usize) -> Option<String> {
    let root = DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    walk_table(root.get_ref(), offset, &mut path).then(|| {
        let mut dotted = String::new();
        for segment in path {
            if !dotted.is_empty() && !segment.starts_with('[') {
                dotted.push('.');
            }
            dotted.push_str(&segment);
        }
        dotted
    })
}

/// Every key the inventory does not know, with its span and dotted name:
/// top-level tables other than `known_top`, and keys of `[defaults]`,
/// `[routers.X]` and `[groups.X]` other than `known`. Empty when the text
/// is not TOML (the parser reports that).
pub fn unknown_keys(
    text: &str,
    known_top: &[&str],
    known: &[&str],
) -> Vec<(std::ops::Range<usize>, String)> {
    let Ok(root) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let check = |table: &DeTable<'_>, prefix: &str, found: &mut Vec<_>| {
        for (key, _) in table.iter() {
            if !known.contains(&key.get_ref().as_ref()) {
                found.push((
                    key.span(),
                    format!("{prefix}.{}", render_key(key.get_ref())),
                ));
            }
        }
    };
    for (key, value) in root.get_ref().iter() {
        let name: &str = key.get_ref();
        if !known_top.contains(&name) {
            found.push((key.span(), render_key(name)));
            continue;
        }
        let DeValue::Table(table) = value.get_ref() else {
            continue;
        };
        if name == "defaults" {
            check(table, "defaults", &mut found);
            continue;
        }
        for (member, value) in table.iter() {
            if let DeValue::Table(inner) = value.get_ref() {
                let prefix = format!("{name}.{}", render_key(member.get_ref()));
                check(inner, &prefix, &mut found);
            }
        }
    }
    found.sort_by_key(|(span, _)| span.start);
    found
}

/// Depth first: a table's span is only its header (or its braces), so the
/// children are searched whether or not the parent's span covers `offset`.
fn walk_table(table: &DeTable<'_>, offset: usize, path: &mut Vec<String>) -> bool {
    for (key, value) in table.iter() {
        path.push(render_key(key.get_ref()));
        if covers(&key.span(), offset) || walk_value(value, offset, path) {
            return true;
        }
        path.pop();
    }
    false
}

fn walk_value(value: &Spanned<DeValue<'_>>, offset: usize, path: &mut Vec<String>) -> bool {
    let inside = match value.get_ref() {
        DeValue::Table(t) => walk_table(t, offset, path),
        DeValue::Array(items) => items.iter().enumerate().any(|(i, item)| {
            path.push(format!("[{i}]"));
            let found = walk_value(item, offset, path);
            if !found {
                path.pop();
            }
            found
        }),
        _ => false,
    };
    inside || covers(&value.span(), offset)
}

fn covers(span: &Range<usize>, offset: usize) -> bool {
    span.start <= offset && (offset < span.end || (span.is_empty() && offset == span.start))
}

/// A key as TOML would need it written: bare when possible, quoted otherwise.
pub fn render_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_string()
    } else {
        format!("{key:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_in_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, text.find('=').unwrap()), (1, 3));
        let second_eq = text.rfind('=').unwrap();
        assert_eq!(line_col(text, second_eq), (2, 4));
        assert_eq!(line_col(text, 10_000).0, 3);
    }

    #[test]
    fn field_at_finds_nested_keys() {
        let text = "[routers.r1]\nhost = \"a\"\nport = 5\ngroups = [\"x\", 3]\n";
        let at = |needle: &str| field_at(text, text.find(needle).unwrap());
        assert_eq!(at("port").as_deref(), Some("routers.r1.port"));
        assert_eq!(at("5").as_deref(), Some("routers.r1.port"));
        assert_eq!(at("3]").as_deref(), Some("routers.r1.groups[1]"));
    }

    #[test]
    fn odd_keys_are_quoted() {
        assert_eq!(render_key("edge-1"), "edge-1");
        assert_eq!(render_key("a.b"), "\"a.b\"");
    }
}
