//! `print` query words, evaluated the RouterOS way: a stack of booleans.
//!
//! Each word pushes one result (`?name`, `?-name`, `?name=x`, `?=name=x`,
//! `?<name=x`, `?>name=x`) or rewrites the stack (`?#` operations). The
//! stack starts as endless `true`s, so popping an empty stack yields `true`;
//! an item passes when no `false` is left. `?#` reads left to right: `!`
//! negates the top, `&` and `|` combine the top two, a digit names a stack
//! index counted from the top (pushing a copy, or, as the last character of
//! the word, replacing the whole stack with that value), and `.` after an
//! index does nothing, after anything else it duplicates the top.

use bytes::Bytes;

use super::value::{parse_bool, parse_duration, parse_int, parse_ip};

/// A malformed query word (answered as a trap by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadQuery(pub String);

/// A compiled query: the words, checked once, applied to many rows.
#[derive(Debug, Clone, Default)]
pub struct Query {
    steps: Vec<Step>,
}

#[derive(Debug, Clone)]
enum Step {
    Has(Bytes),
    Lacks(Bytes),
    Cmp(Cmp, Bytes, Bytes),
    Ops(Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Eq,
    Lt,
    Gt,
}

impl Query {
    /// Compile query words (without their leading `?`).
    pub fn parse(words: &[Bytes]) -> Result<Self, BadQuery> {
        let mut steps = Vec::with_capacity(words.len());
        for w in words {
            let step = match w.first() {
                Some(b'#') => {
                    let ops = w.slice(1..);
                    if let Some(bad) = ops
                        .iter()
                        .find(|c| !matches!(c, b'!' | b'&' | b'|' | b'.' | b'0'..=b'9'))
                    {
                        return Err(BadQuery(format!(
                            "invalid query operation {:?}",
                            char::from(*bad)
                        )));
                    }
                    Step::Ops(ops.to_vec())
                }
                Some(b'-') => Step::Lacks(w.slice(1..)),
                Some(b'=') => cmp(Cmp::Eq, w.slice(1..)),
                Some(b'<') => cmp(Cmp::Lt, w.slice(1..)),
                Some(b'>') => cmp(Cmp::Gt, w.slice(1..)),
                Some(_) => match w.iter().position(|&b| b == b'=') {
                    Some(_) => cmp(Cmp::Eq, w.clone()),
                    None => Step::Has(w.clone()),
                },
                None => return Err(BadQuery("empty query word".into())),
            };
            steps.push(step);
        }
        Ok(Self { steps })
    }

    /// True when the query has no steps and so matches every row.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Does the item with these properties pass?
    pub fn matches(&self, get: &dyn Fn(&[u8]) -> Option<Bytes>) -> bool {
        let mut stack: Vec<bool> = Vec::new();
        for step in &self.steps {
            match step {
                Step::Has(name) => stack.push(get(name).is_some()),
                Step::Lacks(name) => stack.push(get(name).is_none()),
                Step::Cmp(op, name, want) => {
                    let r = get(name).is_some_and(|have| compare(*op, &have, want));
                    stack.push(r);
                }
                Step::Ops(ops) => run_ops(&mut stack, ops),
            }
        }
        stack.iter().all(|&b| b)
    }
}

fn cmp(op: Cmp, rest: Bytes) -> Step {
    match rest.iter().position(|&b| b == b'=') {
        Some(i) => Step::Cmp(op, rest.slice(..i), rest.slice(i + 1..)),
        // `?<name` without a value compares against the empty value.
        None => Step::Cmp(op, rest, Bytes::new()),
    }
}

fn pop(stack: &mut Vec<bool>) -> bool {
    stack.pop().unwrap_or(true)
}

/// Value at `index` from the top; beyond the bottom the stack is `true`.
fn peek(stack: &[bool], index: usize) -> bool {
    stack
        .len()
        .checked_sub(index + 1)
        .and_then(|i| stack.get(i).copied())
        .unwrap_or(true)
}

fn run_ops(stack: &mut Vec<bool>, ops: &[u8]) {
    let mut after_index = false;
    for (i, &c) in ops.iter().enumerate() {
        match c {
            b'!' => {
                let v = pop(stack);
                stack.push(!v);
                after_index = false;
            }
            b'&' | b'|' => {
                let (a, b) = (pop(stack), pop(stack));
                stack.push(if c == b'&' { a && b } else { a || b });
                after_index = false;
            }
            b'0'..=b'9' => {
                let v = peek(stack, usize::from(c - b'0'));
                if i + 1 == ops.len() {
                    stack.clear();
                }
                stack.push(v);
                after_index = true;
            }
            b'.' => {
                if !after_index {
                    let v = peek(stack, 0);
                    stack.push(v);
                }
                after_index = false;
            }
            _ => {}
        }
    }
}

/// Compare a property value with a query value. Equality also treats
/// `yes`/`true` and `no`/`false` as the same; `<`/`>` compare numbers,
/// durations or addresses when both sides read as one, bytes otherwise.
fn compare(op: Cmp, have: &[u8], want: &[u8]) -> bool {
    use std::cmp::Ordering;
    if op == Cmp::Eq {
        if have == want {
            return true;
        }
        return matches!((parse_bool(have), parse_bool(want)), (Some(a), Some(b)) if a == b);
    }
    let ord: Ordering = if let (Some(a), Some(b)) = (parse_int(have), parse_int(want)) {
        a.cmp(&b)
    } else if let (Some(a), Some(b)) = (parse_ip(have), parse_ip(want)) {
        a.cmp(&b)
    } else if let (Some(a), Some(b)) = (parse_duration(have), parse_duration(want)) {
        a.cmp(&b)
    } else {
        have.cmp(want)
    };
    match op {
        Cmp::Lt => ord == Ordering::Less,
        Cmp::Gt => ord == Ordering::Greater,
        Cmp::Eq => ord == Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(words: &[&str]) -> Query {
        let words: Vec<Bytes> = words.iter().map(|w| Bytes::from(w.to_string())).collect();
        Query::parse(&words).unwrap()
    }

    fn row(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&[u8]) -> Option<Bytes> {
        move |n: &[u8]| {
            pairs
                .iter()
                .find(|(k, _)| k.as_bytes() == n)
                .map(|(_, v)| Bytes::from_static(v.as_bytes()))
        }
    }

    const ETHER: &[(&str, &str)] = &[
        ("type", "ether"),
        ("name", "ether1"),
        ("mtu", "1500"),
        ("comment", "wan"),
    ];
    const VLAN: &[(&str, &str)] = &[("type", "vlan"), ("name", "v1"), ("mtu", "1496")];

    #[test]
    fn presence_and_absence() {
        assert!(q(&["comment"]).matches(&row(ETHER)));
        assert!(!q(&["comment"]).matches(&row(VLAN)));
        assert!(q(&["-comment"]).matches(&row(VLAN)));
    }

    #[test]
    fn equality_both_spellings_and_bools() {
        assert!(q(&["type=ether"]).matches(&row(ETHER)));
        assert!(q(&["=type=ether"]).matches(&row(ETHER)));
        assert!(!q(&["type=ether"]).matches(&row(VLAN)));
        assert!(q(&["disabled=no"]).matches(&row(&[("disabled", "false")])));
    }

    #[test]
    fn comparisons() {
        assert!(q(&["<mtu=1500"]).matches(&row(VLAN)));
        assert!(!q(&["<mtu=1500"]).matches(&row(ETHER)));
        assert!(q(&[">mtu=1499"]).matches(&row(ETHER)));
        // `?>comment=`: has a non-empty comment.
        assert!(q(&[">comment="]).matches(&row(ETHER)));
        assert!(!q(&[">comment="]).matches(&row(VLAN)));
        assert!(!q(&[">comment="]).matches(&row(&[("comment", "")])));
    }

    #[test]
    fn or_and_not() {
        let either = q(&["type=ether", "type=vlan", "#|"]);
        assert!(either.matches(&row(ETHER)));
        assert!(either.matches(&row(VLAN)));
        assert!(!either.matches(&row(&[("type", "bridge")])));
        let not_ether = q(&["type=ether", "#!"]);
        assert!(!not_ether.matches(&row(ETHER)));
        assert!(not_ether.matches(&row(VLAN)));
        let both = q(&["type=ether", "mtu=1500", "#&"]);
        assert!(both.matches(&row(ETHER)));
        // The manual's example: not (distance > 1 and gateway = x).
        let ex = q(&[">distance=1", "gateway=172.16.1.1", "#&!"]);
        assert!(!ex.matches(&row(&[("distance", "2"), ("gateway", "172.16.1.1")])));
        assert!(ex.matches(&row(&[("distance", "1"), ("gateway", "172.16.1.1")])));
    }

    #[test]
    fn indexes_and_dot() {
        // [false(type=vlan), true(name=ether1)]; "#1" at word end replaces
        // the stack with index 1 (the false) -> rejected.
        assert!(!q(&["type=vlan", "name=ether1", "#1"]).matches(&row(ETHER)));
        // "#0" keeps only the top (true) -> accepted.
        assert!(q(&["type=vlan", "name=ether1", "#0"]).matches(&row(ETHER)));
        // "#1." pushes a copy of index 1 and the dot stops the replace:
        // stack [false, true, false] -> rejected.
        assert!(!q(&["type=vlan", "name=ether1", "#1."]).matches(&row(ETHER)));
        // "#0|": push copy of top then or -> [false, true] -> rejected.
        assert!(!q(&["type=vlan", "name=ether1", "#0|"]).matches(&row(ETHER)));
        // "." after a non-index duplicates: [true] "!." -> [false,false].
        assert!(!q(&["name=ether1", "#!."]).matches(&row(ETHER)));
        // "#|" on an empty stack: true | true.
        assert!(q(&["#|"]).matches(&row(ETHER)));
    }

    #[test]
    fn bad_ops_refused() {
        assert!(Query::parse(&[Bytes::from_static(b"#~")]).is_err());
    }
}
