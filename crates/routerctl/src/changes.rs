//! What changed between two configuration snapshots: line diffs for text
//! exports, path-by-path differences for JSON configurations.
//!
//! Pure functions over strings and JSON values; masking and colour are
//! passed in so this module knows nothing of the command line.

use serde::Serialize;
use serde_json::Value;
use similar::{ChangeTag, TextDiff};

/// Lines added and removed from `old` to `new`.
pub fn line_counts(old: &str, new: &str) -> (usize, usize) {
    let diff = TextDiff::from_lines(old, new);
    let mut counts = (0, 0);
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Insert => counts.0 += 1,
            ChangeTag::Delete => counts.1 += 1,
            ChangeTag::Equal => {}
        }
    }
    counts
}

/// A unified diff (3 lines of context) of `old` and `new`, each shown line
/// passed through `show` (masking); added lines green, removed red when
/// `color`.
pub fn unified(
    old: &str,
    new: &str,
    labels: (&str, &str),
    show: &dyn Fn(&str) -> String,
    color: bool,
) -> String {
    let diff = TextDiff::from_lines(old, new);
    let mut out = String::new();
    let groups = diff.grouped_ops(3);
    if groups.is_empty() {
        return out;
    }
    out.push_str(&format!("--- {}\n+++ {}\n", labels.0, labels.1));
    for group in groups {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let (o, n) = (first.old_range().start, first.new_range().start);
        let (oe, ne) = (last.old_range().end, last.new_range().end);
        out.push_str(&paint(
            &format!("@@ -{},{} +{},{} @@", o + 1, oe - o, n + 1, ne - n),
            "36",
            color,
        ));
        out.push('\n');
        for op in &group {
            for change in diff.iter_changes(op) {
                let line = show(change.value().trim_end_matches('\n'));
                let (sign, code) = match change.tag() {
                    ChangeTag::Insert => ('+', Some("32")),
                    ChangeTag::Delete => ('-', Some("31")),
                    ChangeTag::Equal => (' ', None),
                };
                let text = format!("{sign}{line}");
                match code {
                    Some(code) => out.push_str(&paint(&text, code, color)),
                    None => out.push_str(&text),
                }
                out.push('\n');
            }
        }
    }
    out
}

fn paint(text: &str, code: &str, on: bool) -> String {
    if on {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_string()
    }
}

/// How one JSON path differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One difference between two JSON configurations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonChange {
    /// `a.b.0.c`: object keys and array indexes from the root.
    pub path: String,
    pub kind: ChangeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// The leaf-level differences from `old` to `new`, in path order. An
/// object or array present on one side only is one change (not one per
/// leaf); arrays are compared index by index.
pub fn json_changes(old: &Value, new: &Value) -> Vec<JsonChange> {
    let mut out = Vec::new();
    walk(String::new(), old, new, &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(path: String, old: &Value, new: &Value, out: &mut Vec<JsonChange>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let p = join(&path, key);
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => walk(p, x, y, out),
                    (Some(x), None) => out.push(change(p, ChangeKind::Removed, Some(x), None)),
                    (None, Some(y)) => out.push(change(p, ChangeKind::Added, None, Some(y))),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let p = join(&path, &i.to_string());
                match (a.get(i), b.get(i)) {
                    (Some(x), Some(y)) => walk(p, x, y, out),
                    (Some(x), None) => out.push(change(p, ChangeKind::Removed, Some(x), None)),
                    (None, Some(y)) => out.push(change(p, ChangeKind::Added, None, Some(y))),
                    (None, None) => {}
                }
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(change(path, ChangeKind::Changed, Some(a), Some(b))),
    }
}

fn change(path: String, kind: ChangeKind, old: Option<&Value>, new: Option<&Value>) -> JsonChange {
    JsonChange {
        path,
        kind,
        old: old.cloned(),
        new: new.cloned(),
    }
}

/// `+2 -1 ~3` for a list of JSON changes (added, removed, changed).
pub fn json_summary(changes: &[JsonChange]) -> String {
    let count = |k| changes.iter().filter(|c| c.kind == k).count();
    format!(
        "+{} -{} ~{} keys",
        count(ChangeKind::Added),
        count(ChangeKind::Removed),
        count(ChangeKind::Changed)
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn counts_and_unified_text() {
        let old = "a\nb\nc\n";
        let new = "a\nB\nc\nd\n";
        assert_eq!(line_counts(old, new), (2, 1));
        assert_eq!(line_counts(old, old), (0, 0));
        let plain = unified(old, new, ("v1", "v2"), &|l| l.to_string(), false);
        assert_eq!(
            plain,
            "--- v1\n+++ v2\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n"
        );
        let coloured = unified(old, new, ("v1", "v2"), &|l| l.to_uppercase(), true);
        assert!(coloured.contains("\u{1b}[32m+D\u{1b}[0m"), "{coloured:?}");
        assert!(coloured.contains("\u{1b}[31m-B\u{1b}[0m"), "{coloured:?}");
        assert_eq!(unified(old, old, ("a", "b"), &|l| l.to_string(), false), "");
    }

    #[test]
    fn json_paths_added_removed_changed() {
        let old = json!({"a": {"x": 1, "y": [1, 2]}, "gone": {"deep": true}, "same": "s"});
        let new = json!({"a": {"x": 2, "y": [1], "z": null}, "same": "s", "new": [1]});
        let changes = json_changes(&old, &new);
        let view: Vec<(&str, ChangeKind)> =
            changes.iter().map(|c| (c.path.as_str(), c.kind)).collect();
        assert_eq!(
            view,
            [
                ("a.x", ChangeKind::Changed),
                ("a.y.1", ChangeKind::Removed),
                ("a.z", ChangeKind::Added),
                ("gone", ChangeKind::Removed),
                ("new", ChangeKind::Added),
            ]
        );
        assert_eq!(changes[0].old, Some(json!(1)));
        assert_eq!(changes[0].new, Some(json!(2)));
        assert_eq!(json_summary(&changes), "+2 -2 ~1 keys");
        assert!(json_changes(&old, &old).is_empty());
        // A type change at the root is one change.
        assert_eq!(json_changes(&json!(1), &json!("1")).len(), 1);
    }
}
