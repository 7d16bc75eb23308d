//! The request-body reader of RouterOS REST.
//!
//! RouterOS does not read request bodies as strict JSON: numbers may be
//! written in octal (`010`) or hex (`0x1F`), booleans and numbers are
//! accepted where the console wants text, and a number with an exponent is
//! refused with 400 `Failed to parse json`. Every value ends up as console
//! text, so this reader turns scalars into their text right away (`010` ->
//! `8`, `true` -> `true`). It is a small recursive-descent parser with a
//! depth limit; the caller limits the body size before calling it.

use std::fmt;

/// A parsed request value: console text, or a list/object of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyValue {
    /// A string, a number (as decimal text), a boolean (`true`/`false`) or
    /// `null` (empty text).
    Text(String),
    /// A JSON array, elements in order.
    List(Vec<BodyValue>),
    /// Members in the order written; a repeated key keeps both.
    Object(Vec<(String, BodyValue)>),
}

impl BodyValue {
    /// The text of a scalar, `None` for lists and objects.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            BodyValue::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// Why a body could not be read; the router answers all of these with 400
/// `Failed to parse json`, the position is for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset into the body where parsing stopped.
    pub offset: usize,
    /// What was expected or wrong there.
    pub reason: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.offset)
    }
}

impl std::error::Error for ParseError {}

/// Nesting deeper than this is refused (RouterOS bodies are flat; the
/// deepest real one is an object holding a list).
pub const MAX_DEPTH: usize = 16;

/// Parse a whole request body.
///
/// ```
/// use routerctl_mikrotik::rest::body::{parse, BodyValue};
/// let v = parse(br#"{"mtu": 0x5DC, "disabled": true, "prio": 010}"#).unwrap();
/// let BodyValue::Object(members) = v else { unreachable!() };
/// assert_eq!(members[0].1.as_text(), Some("1500"));
/// assert_eq!(members[1].1.as_text(), Some("true"));
/// assert_eq!(members[2].1.as_text(), Some("8"));
/// assert!(parse(br#"{"mtu": 1e3}"#).is_err());
/// ```
pub fn parse(input: &[u8]) -> Result<BodyValue, ParseError> {
    let mut p = Parser { input, pos: 0 };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos != input.len() {
        return Err(p.err("trailing data after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn err(&self, reason: &'static str) -> ParseError {
        ParseError {
            offset: self.pos,
            reason,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, b: u8, reason: &'static str) -> Result<(), ParseError> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err(reason))
        }
    }

    fn value(&mut self, depth: usize) -> Result<BodyValue, ParseError> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.list(depth + 1),
            Some(b'"') => self.string().map(BodyValue::Text),
            Some(b'-' | b'0'..=b'9') => self.number().map(BodyValue::Text),
            Some(b't') => self.word(b"true", "true"),
            Some(b'f') => self.word(b"false", "false"),
            Some(b'n') => self.word(b"null", ""),
            Some(_) => Err(self.err("unexpected character")),
            None => Err(self.err("unexpected end of body")),
        }
    }

    fn word(&mut self, literal: &[u8], text: &str) -> Result<BodyValue, ParseError> {
        if self.input.get(self.pos..self.pos + literal.len()) == Some(literal) {
            self.pos += literal.len();
            Ok(BodyValue::Text(text.to_string()))
        } else {
            Err(self.err("unknown literal"))
        }
    }

    /// Step into an object or list at `depth` (the parser is on its opening
    /// bracket); `true` when it closes at once with `close`, consumed.
    fn open(&mut self, depth: usize, close: u8) -> Result<bool, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nesting too deep"));
        }
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(true);
        }
        Ok(false)
    }

    fn object(&mut self, depth: usize) -> Result<BodyValue, ParseError> {
        let mut members = Vec::new();
        if self.open(depth, b'}')? {
            return Ok(BodyValue::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a string key"));
            }
            let key = self.string()?;
            self.skip_ws();
            self.expect(b':', "expected ':' after a key")?;
            self.skip_ws();
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_ws();
            match self.bump() {
                Some(b',') => continue,
                Some(b'}') => return Ok(BodyValue::Object(members)),
                _ => {
                    self.pos = self.pos.saturating_sub(1);
                    return Err(self.err("expected ',' or '}'"));
                }
            }
        }
    }

    fn list(&mut self, depth: usize) -> Result<BodyValue, ParseError> {
        let mut items = Vec::new();
        if self.open(depth, b']')? {
            return Ok(BodyValue::List(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.bump() {
                Some(b',') => continue,
                Some(b']') => return Ok(BodyValue::List(items)),
                _ => {
                    self.pos = self.pos.saturating_sub(1);
                    return Err(self.err("expected ',' or ']'"));
                }
            }
        }
    }

    /// A number as RouterOS reads it: decimal, octal with a leading `0`,
    /// hex with `0x`; no fraction, no exponent. Returned as decimal text.
    fn number(&mut self) -> Result<String, ParseError> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let start = self.pos;
        let (radix, digits_start) = match (self.peek(), self.input.get(self.pos + 1)) {
            (Some(b'0'), Some(b'x' | b'X')) => (16, self.pos + 2),
            (Some(b'0'), Some(b'0'..=b'9')) => (8, self.pos + 1),
            (Some(b'0'..=b'9'), _) => (10, self.pos),
            _ => return Err(self.err("expected a digit")),
        };
        self.pos = digits_start;
        while matches!(self.peek(), Some(b) if b.is_ascii_hexdigit()) {
            // Hex digits are only digits in hex; `1e3` must reach the
            // exponent check below, not be read as one token.
            if radix != 16 && !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                break;
            }
            self.pos += 1;
        }
        if matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
            return Err(self.err("fractions and exponents are not accepted"));
        }
        let digits =
            std::str::from_utf8(self.input.get(digits_start..self.pos).unwrap_or_default())
                .map_err(|_| self.err("bad number"))?;
        if digits.is_empty() {
            return Err(ParseError {
                offset: start,
                reason: "number without digits",
            });
        }
        let magnitude = u64::from_str_radix(digits, radix).map_err(|_| ParseError {
            offset: start,
            reason: "number out of range",
        })?;
        Ok(if negative && magnitude != 0 {
            format!("-{magnitude}")
        } else {
            magnitude.to_string()
        })
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let b = self.bump().ok_or_else(|| self.err("unterminated string"))?;
            match b {
                b'"' => break,
                b'\\' => {
                    let e = self.bump().ok_or_else(|| self.err("unterminated escape"))?;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0C),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let c = self.unicode_escape()?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return Err(self.err("unknown escape")),
                    }
                }
                0x00..=0x1F => return Err(self.err("control character in string")),
                other => out.push(other),
            }
        }
        String::from_utf8(out).map_err(|_| self.err("string is not UTF-8"))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self
            .input
            .get(self.pos..self.pos + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.err("bad \\u escape"))?;
        self.pos += 4;
        Ok(digits)
    }

    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.input.get(self.pos..self.pos + 2) != Some(b"\\u") {
                return Err(self.err("lone surrogate"));
            }
            self.pos += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.err("lone surrogate"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.err("lone surrogate"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(input: &str) -> Vec<(String, BodyValue)> {
        match parse(input.as_bytes()).unwrap() {
            BodyValue::Object(m) => m,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn strings_numbers_booleans() {
        let m =
            obj(r#" { "a" : "x\"y\u00e9\ud83d\ude00", "b": -12, "c": 0, "d": false, "e": null } "#);
        assert_eq!(m[0].1.as_text(), Some("x\"yé😀"));
        assert_eq!(m[1].1.as_text(), Some("-12"));
        assert_eq!(m[2].1.as_text(), Some("0"));
        assert_eq!(m[3].1.as_text(), Some("false"));
        assert_eq!(m[4].1.as_text(), Some(""));
    }

    #[test]
    fn octal_and_hex() {
        let m = obj(r#"{"o": 017, "h": 0xff, "H": 0XFF}"#);
        assert_eq!(m[0].1.as_text(), Some("15"));
        assert_eq!(m[1].1.as_text(), Some("255"));
        assert_eq!(m[2].1.as_text(), Some("255"));
    }

    #[test]
    fn lists_nest() {
        let m = obj(r#"{".proplist":["address","interface"],".query":[]}"#);
        assert_eq!(
            m[0].1,
            BodyValue::List(vec![
                BodyValue::Text("address".into()),
                BodyValue::Text("interface".into())
            ])
        );
        assert_eq!(m[1].1, BodyValue::List(vec![]));
    }

    #[test]
    fn refusals() {
        for bad in [
            "{\"a\": 1e3}",
            "{\"a\": 1.5}",
            "{\"a\": 08}",
            "{\"a\": 0x}",
            "{\"a\": \"x}",
            "{\"a\" 1}",
            "{\"a\": 1,}",
            "{a: 1}",
            "{} x",
            "",
            "{\"a\": tru}",
            "{\"a\": \"\\ud800\"}",
            "{\"a\": 99999999999999999999999}",
            "{\"a\": \"\x01\"}",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn depth_is_limited() {
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert_eq!(
            parse(deep.as_bytes()).unwrap_err().reason,
            "nesting too deep"
        );
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(ok.as_bytes()).is_ok());
    }

    #[test]
    fn never_panics_on_prefixes() {
        let text = br#"{"a":[1,0x2,"\u00e9",{"b":true}],"c":null}"#;
        for end in 0..text.len() {
            let _ = parse(&text[..end]);
        }
        assert!(parse(text).is_ok());
    }
}
