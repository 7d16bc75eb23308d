//! Query words for `print`.
//!
//! RouterOS filters `print` replies with a small stack machine: every `?`
//! word pushes one boolean per item, and `?#` words combine the top of the
//! stack (`|` or, `&` and, `!` not, `.` duplicate, digits pick an entry).
//! An item is returned when no `false` is left. Order matters, so the
//! builder keeps words exactly in the order they were added.
//!
//! The builder only produces words; it does not evaluate them (the
//! simulator does). The same [`Query`] also feeds the REST client, whose
//! `.query` array takes the same words without the leading `?`.
//!
//! ```
//! use routerctl_mikrotik::api::Query;
//! // ethernet or vlan interfaces that are running, names and types only
//! let q = Query::new()
//!     .eq("type", "ether")
//!     .eq("type", "vlan")
//!     .or()
//!     .eq("running", "true")
//!     .and()
//!     .proplist(["name", "type"]);
//! let words: Vec<String> = q.words().iter().map(|w| String::from_utf8_lossy(w).into_owned()).collect();
//! assert_eq!(words, ["=.proplist=name,type", "?type=ether", "?type=vlan", "?#|", "?running=true", "?#&"]);
//! ```

use bytes::Bytes;

use crate::record::Command;

/// A `print` filter (`?` words, in order) and an optional property list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Query words without the leading `?` (the REST `.query` form).
    conditions: Vec<Bytes>,
    /// Property names for `=.proplist=`; `None` returns every property.
    proplist: Option<Vec<String>>,
}

/// A `?#` operation string with a character the query stack does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid query stack operation {ops:?}: {reason}")]
pub struct QueryError {
    /// The `?#` operation string as given.
    pub ops: String,
    /// What is wrong with it (unknown character, stack underflow, ...).
    pub reason: &'static str,
}

impl Query {
    /// A query that matches everything and returns every property.
    pub fn new() -> Self {
        Self::default()
    }

    fn push(mut self, prefix: &[u8], name: &[u8], rest: Option<&[u8]>) -> Self {
        let mut w = Vec::with_capacity(prefix.len() + name.len() + 1 + rest.map_or(0, <[u8]>::len));
        w.extend_from_slice(prefix);
        w.extend_from_slice(name);
        if let Some(value) = rest {
            w.push(b'=');
            w.extend_from_slice(value);
        }
        self.conditions.push(w.into());
        self
    }

    /// `?name`: the item has a value for `name`.
    pub fn has(self, name: impl AsRef<[u8]>) -> Self {
        self.push(b"", name.as_ref(), None)
    }

    /// `?-name`: the item has no value for `name`.
    pub fn has_not(self, name: impl AsRef<[u8]>) -> Self {
        self.push(b"-", name.as_ref(), None)
    }

    /// `?name=value`: `name` equals `value` exactly.
    pub fn eq(self, name: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> Self {
        self.push(b"", name.as_ref(), Some(value.as_ref()))
    }

    /// `?<name=value`: `name` is less than `value` (RouterOS's ordering of
    /// the property's type).
    pub fn lt(self, name: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> Self {
        self.push(b"<", name.as_ref(), Some(value.as_ref()))
    }

    /// `?>name=value`: `name` is greater than `value`. `?>comment=` is the
    /// manual's idiom for "has a non-empty comment".
    pub fn gt(self, name: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> Self {
        self.push(b">", name.as_ref(), Some(value.as_ref()))
    }

    /// `?#|`: replace the top two results with their OR.
    pub fn or(self) -> Self {
        self.op_word("|")
    }

    /// `?#&`: replace the top two results with their AND.
    pub fn and(self) -> Self {
        self.op_word("&")
    }

    /// `?#!`: negate the top result.
    pub fn negate(self) -> Self {
        self.op_word("!")
    }

    /// `?#.`: push a copy of the top result.
    pub fn dup(self) -> Self {
        self.op_word(".")
    }

    fn op_word(self, ops: &str) -> Self {
        self.push(b"#", ops.as_bytes(), None)
    }

    /// `?#<ops>`: several stack operations in one word, evaluated left to
    /// right, e.g. `"&!"` or `"0|1"`. Only `|`, `&`, `!`, `.` and digits
    /// are meaningful to RouterOS; anything else is refused here rather
    /// than silently ignored by the router.
    ///
    /// ```
    /// use routerctl_mikrotik::api::Query;
    /// let q = Query::new().gt("distance", "1").eq("gateway", "172.16.1.1").ops("&!").unwrap();
    /// assert_eq!(q.words().last().unwrap().as_ref(), b"?#&!");
    /// assert!(Query::new().ops("~").is_err());
    /// ```
    pub fn ops(self, ops: &str) -> Result<Self, QueryError> {
        if ops.is_empty() {
            return Err(QueryError {
                ops: ops.to_string(),
                reason: "no operation given",
            });
        }
        if ops
            .chars()
            .any(|c| !matches!(c, '|' | '&' | '!' | '.') && !c.is_ascii_digit())
        {
            return Err(QueryError {
                ops: ops.to_string(),
                reason: "only | & ! . and digits are stack operations",
            });
        }
        Ok(self.op_word(ops))
    }

    /// `=.proplist=a,b`: return only these properties (in any order).
    pub fn proplist<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.proplist = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// The property list, if one was set.
    pub fn proplist_names(&self) -> Option<&[String]> {
        self.proplist.as_deref()
    }

    /// The query words without their leading `?`, in order (what REST's
    /// `.query` array takes).
    pub fn conditions(&self) -> &[Bytes] {
        &self.conditions
    }

    /// True when the query neither filters nor restricts properties.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty() && self.proplist.is_none()
    }

    /// The API words: `=.proplist=` first (its position does not matter),
    /// then the `?` words in the order they were added.
    pub fn words(&self) -> Vec<Bytes> {
        let mut out = Vec::with_capacity(self.conditions.len() + 1);
        if let Some(names) = &self.proplist {
            out.push(Bytes::from(format!("=.proplist={}", names.join(","))));
        }
        for c in &self.conditions {
            let mut w = Vec::with_capacity(c.len() + 1);
            w.push(b'?');
            w.extend_from_slice(c);
            out.push(w.into());
        }
        out
    }

    /// Append this query's words to `command`.
    pub fn apply(&self, command: Command) -> Command {
        command.words_from(self.words())
    }

    /// A `print` command for `menu` (e.g. `/ip/address`) with this query.
    ///
    /// ```
    /// use routerctl_mikrotik::api::Query;
    /// let cmd = Query::new().has_not("comment").print_command("/ip/address");
    /// assert_eq!(cmd.path(), b"/ip/address/print");
    /// assert_eq!(cmd.words()[1].as_ref(), b"?-comment");
    /// ```
    pub fn print_command(&self, menu: &str) -> Command {
        let menu = menu.trim_end_matches('/');
        self.apply(Command::new(format!("{menu}/print")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(q: &Query) -> Vec<String> {
        q.words()
            .iter()
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .collect()
    }

    #[test]
    fn each_condition_kind_has_its_prefix() {
        let q = Query::new()
            .has("comment")
            .has_not("disabled")
            .eq("type", "ether")
            .lt("mtu", "1500")
            .gt("comment", "");
        assert_eq!(
            text(&q),
            [
                "?comment",
                "?-disabled",
                "?type=ether",
                "?<mtu=1500",
                "?>comment="
            ]
        );
    }

    #[test]
    fn stack_operations() {
        let q = Query::new()
            .eq("a", "1")
            .eq("b", "2")
            .or()
            .negate()
            .dup()
            .and()
            .ops("0|1")
            .unwrap();
        assert_eq!(
            text(&q),
            ["?a=1", "?b=2", "?#|", "?#!", "?#.", "?#&", "?#0|1"]
        );
    }

    #[test]
    fn invalid_stack_operations_are_refused() {
        assert!(Query::new().ops("").is_err());
        let err = Query::new().ops("|~").unwrap_err();
        assert!(err.to_string().contains("|~"), "{err}");
    }

    #[test]
    fn proplist_comes_first_and_joins_with_commas() {
        let q = Query::new()
            .eq("dynamic", "true")
            .proplist([".id", "address"]);
        assert_eq!(text(&q), ["=.proplist=.id,address", "?dynamic=true"]);
        assert_eq!(q.proplist_names().unwrap(), [".id", "address"]);
        assert_eq!(q.conditions()[0].as_ref(), b"dynamic=true");
    }

    #[test]
    fn values_may_contain_equals_and_non_utf8() {
        let q = Query::new().eq("comment", b"a=b\xE9".as_slice());
        assert_eq!(q.words()[0].as_ref(), b"?comment=a=b\xE9");
    }

    #[test]
    fn empty_query_adds_nothing() {
        let q = Query::new();
        assert!(q.is_empty());
        let cmd = q.print_command("/interface/");
        assert_eq!(cmd.words().len(), 1);
        assert_eq!(cmd.path(), b"/interface/print");
    }
}
