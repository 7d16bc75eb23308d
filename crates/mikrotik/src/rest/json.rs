//! Records as REST JSON, in both directions.
//!
//! On the wire every value RouterOS sends is a JSON string (`"true"`,
//! `"1500"`, `"1d2h"`), objects are records and arrays are lists of
//! records. Here those become [`Attributes`], the record type of the binary
//! API, so a record read over REST and one read over the API are the same
//! Rust value. The simulator uses the same functions to render replies,
//! which keeps the two ends from drifting apart.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::record::Attributes;

/// The body of a successful REST reply, by shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestReply {
    /// An array: a menu listing, or the `!re` rows of a command.
    List(Vec<Attributes>),
    /// An object: one record, a singleton menu, or the data of `!done`.
    Object(Attributes),
    /// No body (204 No Content after DELETE).
    Nothing,
}

impl RestReply {
    /// Read a parsed JSON body. Anything but an array of objects or an
    /// object is refused with a message saying what came instead.
    pub fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| match item {
                    Value::Object(map) => Ok(object_to_attributes(&map)),
                    other => Err(format!(
                        "item {i} of the reply list is {} instead of an object",
                        kind_of(&other)
                    )),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(RestReply::List),
            Value::Object(map) => Ok(RestReply::Object(object_to_attributes(&map))),
            other => Err(format!(
                "reply is {} instead of an object or a list",
                kind_of(&other)
            )),
        }
    }

    /// The rows, whatever the shape: a list as is, an object as one row,
    /// nothing as none.
    pub fn into_rows(self) -> Vec<Attributes> {
        match self {
            RestReply::List(rows) => rows,
            RestReply::Object(row) => vec![row],
            RestReply::Nothing => Vec::new(),
        }
    }
}

/// Read a reply body straight into records, without building a
/// `serde_json::Value` tree first (a 1000-record listing is read into its
/// final [`Attributes`] in one pass). Tolerates raw control characters the
/// way [`parse_reply`] does, and keeps raw non-UTF-8 bytes as bytes.
pub fn parse_records(body: &[u8]) -> Result<RestReply, serde_json::Error> {
    match serde_json::from_slice::<RestReply>(body) {
        Ok(v) => Ok(v),
        Err(first) => match repair(body) {
            Some(fixed) => serde_json::from_slice(&fixed).map_err(|_| first),
            None => Err(first),
        },
    }
}

impl<'de> serde::Deserialize<'de> for RestReply {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ReplyVisitor)
    }
}

struct ReplyVisitor;

impl<'de> serde::de::Visitor<'de> for ReplyVisitor {
    type Value = RestReply;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object or a list of objects")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<RestReply, A::Error> {
        // No size hint is trusted: the body size already bounds the work.
        let mut rows = Vec::new();
        while let Some(Record(row)) = seq.next_element()? {
            rows.push(row);
        }
        Ok(RestReply::List(rows))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RestReply, A::Error> {
        record_from_map(map).map(RestReply::Object)
    }
}

/// One record of a reply list.
struct Record(Attributes);

impl<'de> serde::Deserialize<'de> for Record {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Record;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object in the reply list")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Record, A::Error> {
                record_from_map(map).map(Record)
            }
        }
        d.deserialize_map(V)
    }
}

fn record_from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Attributes, A::Error> {
    let mut row = Attributes::new();
    while let Some((name, Text(value))) = map.next_entry::<String, Text>()? {
        row.push(restore_raw_bytes(name), restore_raw_bytes(value));
    }
    Ok(row)
}

/// A reply value as text, as [`value_text`] reads it.
struct Text(String);

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        Ok(Text(match value {
            Value::String(s) => s,
            other => value_text(&other).into_owned(),
        }))
    }
}

/// A short name of a JSON value's type, for error messages.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The text of a reply value. RouterOS sends only strings; anything else
/// (a future version, a proxy) is read as its JSON text rather than lost,
/// and `null` as empty.
pub fn value_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        Value::Null => Cow::Borrowed(""),
        Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        other => Cow::Owned(other.to_string()),
    }
}

/// A JSON object as a record.
pub fn object_to_attributes(map: &Map<String, Value>) -> Attributes {
    map.iter()
        .map(|(k, v)| {
            (
                k.clone().into_bytes(),
                value_text(v).into_owned().into_bytes(),
            )
        })
        .collect()
}

/// A record as a JSON object of strings. Bytes that are not UTF-8 (cp1251
/// comments written by Winbox) are replaced, as JSON cannot carry them.
pub fn attributes_to_object(record: &Attributes) -> Map<String, Value> {
    record
        .iter()
        .map(|(k, v)| {
            (
                String::from_utf8_lossy(k).into_owned(),
                Value::String(String::from_utf8_lossy(v).into_owned()),
            )
        })
        .collect()
}

/// Name/value pairs as the JSON object of a request body (all strings).
pub fn params_object(params: &[(&str, &str)]) -> Map<String, Value> {
    params
        .iter()
        .map(|(k, v)| ((*k).to_string(), Value::String((*v).to_string())))
        .collect()
}

/// Parse a reply body into a JSON value (for raw calls). Bodies that
/// strict JSON refuses because of raw bytes (see [`repair`]) are read
/// after repair; raw non-UTF-8 bytes then show as U+FFFD, as the API
/// client's JSON shows them.
pub fn parse_reply(body: &[u8]) -> Result<Value, serde_json::Error> {
    match serde_json::from_slice(body) {
        Ok(v) => Ok(v),
        Err(first) => match repair(body) {
            Some(fixed) => {
                let mut v: Value = serde_json::from_slice(&fixed).map_err(|_| first)?;
                raw_bytes_as_replacement(&mut v);
                Ok(v)
            }
            None => Err(first),
        },
    }
}

/// First code point of the range that stands for one raw byte during a
/// repaired parse (plane 16 private use, `U+10FF00 + byte`).
const RAW_BYTE_BASE: u32 = 0x10_FF00;

/// Make a body strict JSON can read, or `None` when nothing needed fixing.
///
/// RouterOS does no transcoding: values hold whatever bytes were written
/// (cp1251/cp1252 comments from Winbox, `0x1B` in DHCP host names), and
/// older builds put them into JSON strings as they are. Raw control
/// characters inside strings are escaped; bytes that are not UTF-8 become
/// private-use characters that [`restore_raw_bytes`] turns back into the
/// same bytes, so records read over REST hold what the API would give.
pub fn repair(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len() + 16);
    let mut changed = false;
    let mut in_string = false;
    let mut escaped = false;
    for chunk in body.utf8_chunks() {
        for &b in chunk.valid().as_bytes() {
            if in_string && b < 0x20 {
                out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
                changed = true;
                escaped = false;
                continue;
            }
            out.push(b);
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
            } else if b == b'"' {
                in_string = true;
            }
        }
        for &b in chunk.invalid() {
            let stand_in = char::from_u32(RAW_BYTE_BASE + u32::from(b)).unwrap_or('\u{FFFD}');
            let mut buf = [0u8; 4];
            out.extend_from_slice(stand_in.encode_utf8(&mut buf).as_bytes());
            changed = true;
            escaped = false;
        }
    }
    changed.then_some(out)
}

/// The bytes of a string read from a repaired body: stand-ins for raw
/// bytes become those bytes again.
pub fn restore_raw_bytes(text: String) -> Vec<u8> {
    // Stand-ins encode as F4 8F BC..BF xx; most strings have no 0xF4.
    if !text.as_bytes().contains(&0xF4) {
        return text.into_bytes();
    }
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let code = u32::from(c);
        match u8::try_from(code.wrapping_sub(RAW_BYTE_BASE)) {
            Ok(byte) if code >= RAW_BYTE_BASE => out.push(byte),
            _ => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out
}

/// Replace raw-byte stand-ins in a JSON value by U+FFFD.
fn raw_bytes_as_replacement(value: &mut Value) {
    match value {
        Value::String(s) if s.chars().any(|c| u32::from(c) >= RAW_BYTE_BASE) => {
            *s = s
                .chars()
                .map(|c| {
                    if u32::from(c) >= RAW_BYTE_BASE {
                        '\u{FFFD}'
                    } else {
                        c
                    }
                })
                .collect();
        }
        Value::Array(items) => items.iter_mut().for_each(raw_bytes_as_replacement),
        Value::Object(map) => map.values_mut().for_each(raw_bytes_as_replacement),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_and_object_replies() {
        let list = RestReply::from_value(json!([{".id": "*1", "disabled": "false"}])).unwrap();
        let RestReply::List(rows) = list else {
            panic!("not a list")
        };
        assert_eq!(rows[0].get_str(".id").as_deref(), Some("*1"));
        let one = RestReply::from_value(json!({"ret": "*3"})).unwrap();
        assert_eq!(one.into_rows()[0].get_str("ret").as_deref(), Some("*3"));
    }

    #[test]
    fn odd_shapes_are_named() {
        let err = RestReply::from_value(json!("hello")).unwrap_err();
        assert!(err.contains("a string"), "{err}");
        let err = RestReply::from_value(json!([1])).unwrap_err();
        assert!(err.contains("item 0"), "{err}");
    }

    #[test]
    fn non_string_values_keep_their_text() {
        let a = object_to_attributes(json!({"a": 1, "b": true, "c": null}).as_object().unwrap());
        assert_eq!(a.get_str("a").as_deref(), Some("1"));
        assert_eq!(a.get_str("b").as_deref(), Some("true"));
        assert_eq!(a.get_str("c").as_deref(), Some(""));
    }

    #[test]
    fn raw_control_characters_in_strings_are_tolerated() {
        let body = b"[{\"host-name\":\"a\x1bb\",\n\"x\":\"q\\\"\x01\"}]";
        let v = parse_reply(body).unwrap();
        assert_eq!(v[0]["host-name"], "a\u{1b}b");
        assert_eq!(v[0]["x"], "q\"\u{1}");
    }

    #[test]
    fn records_are_read_in_one_pass() {
        let list = parse_records(br#"[{".id":"*1","mtu":1500,"x":null},{"a":"b"}]"#).unwrap();
        let RestReply::List(rows) = list else {
            panic!("not a list")
        };
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get_str("mtu").as_deref(), Some("1500"));
        assert_eq!(rows[0].get_str("x").as_deref(), Some(""));
        let one = parse_records(br#"{"ret":"*3"}"#).unwrap();
        assert_eq!(one.into_rows()[0].get_str("ret").as_deref(), Some("*3"));
        assert!(parse_records(b"\"hello\"").is_err());
        assert!(parse_records(b"[1]").is_err());
        let raw = parse_records(b"[{\"h\":\"a\x1bb\"}]").unwrap();
        assert_eq!(raw.into_rows()[0].get_str("h").as_deref(), Some("a\u{1b}b"));
    }

    #[test]
    fn raw_bytes_come_back_as_the_same_bytes() {
        let body = b"[{\"host-name\":\"caf\xe9-pc\",\"c\":\"\xcf\xf0\xe8\xe2\xe5\xf2 \xc3\xa9\"}]";
        let rows = parse_records(body).unwrap().into_rows();
        assert_eq!(rows[0].get("host-name"), Some(&b"caf\xe9-pc"[..]));
        assert_eq!(
            rows[0].get("c"),
            Some(&b"\xcf\xf0\xe8\xe2\xe5\xf2 \xc3\xa9"[..])
        );
        let v = parse_reply(body).unwrap();
        assert_eq!(v[0]["host-name"], "caf\u{FFFD}-pc");
        assert_eq!(restore_raw_bytes("plain é".into()), "plain é".as_bytes());
    }

    #[test]
    fn broken_json_stays_an_error() {
        assert!(parse_reply(b"<html>403</html>").is_err());
        assert!(repair(b"{\"a\":\n\"b\"}").is_none());
    }

    #[test]
    fn records_round_trip_through_json() {
        let rec: Attributes = [(".id", "*A"), ("comment", "x")].into_iter().collect();
        let back = object_to_attributes(&attributes_to_object(&rec));
        assert_eq!(back.get_str("comment").as_deref(), Some("x"));
        assert_eq!(back.get_str(".id").as_deref(), Some("*A"));
    }
}
