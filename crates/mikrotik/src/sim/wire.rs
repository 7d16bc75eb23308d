//! Reply sentences written straight into an output buffer.
//!
//! [`Response::encode`](crate::api::proto::Response::encode) builds each
//! word first (a `Vec` per attribute) and is fine for tests and tools; the
//! simulator's connection writes thousands of replies per second, so here
//! every word's length prefix and bytes go into the buffer in one step,
//! with no allocation besides the buffer's own growth. The bytes are the
//! same (a unit test holds the two to it).

use bytes::{BufMut, BytesMut};

use crate::api::proto::{Reply, encode_length, length_prefix_size};
use crate::record::Attributes;

/// Append the word made of `parts` (concatenated).
fn word(parts: &[&[u8]], out: &mut BytesMut) {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    out.reserve(length_prefix_size(len) + len);
    encode_length(len, out);
    for p in parts {
        out.put_slice(p);
    }
}

/// Append `=name=value`.
fn attribute(name: &[u8], value: &[u8], out: &mut BytesMut) {
    word(&[b"=", name, b"=", value], out);
}

fn attributes(a: &Attributes, out: &mut BytesMut) {
    for (n, v) in a.iter() {
        attribute(n, v, out);
    }
}

/// Append one reply sentence with its `.tag` (none on `!fatal`), as
/// [`Response::encode`](crate::api::proto::Response::encode) writes it.
pub(super) fn encode_reply(tag: Option<&[u8]>, reply: &Reply, out: &mut BytesMut) {
    match reply {
        Reply::Re(a) => {
            word(&[b"!re"], out);
            attributes(a, out);
        }
        Reply::Done { ret, attributes: a } => {
            word(&[b"!done"], out);
            if let Some(r) = ret {
                if !a.contains("ret") {
                    attribute(b"ret", r, out);
                }
            }
            attributes(a, out);
        }
        Reply::Trap(t) => {
            word(&[b"!trap"], out);
            if !t.attributes.contains("category") {
                if let Some(c) = t.category {
                    let mut digits = itoa_u8(c);
                    attribute(b"category", digits.text(), out);
                }
            }
            if !t.attributes.contains("message") {
                attribute(b"message", &t.message, out);
            }
            attributes(&t.attributes, out);
        }
        Reply::Empty => word(&[b"!empty"], out),
        Reply::Fatal { reason } => {
            word(&[b"!fatal"], out);
            word(&[reason], out);
            out.put_u8(0);
            return;
        }
    }
    if let Some(tag) = tag {
        word(&[b".tag=", tag], out);
    }
    out.put_u8(0);
}

/// A `u8` in decimal without allocating.
struct Digits {
    buf: [u8; 3],
    start: usize,
}

impl Digits {
    fn text(&mut self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }
}

fn itoa_u8(mut n: u8) -> Digits {
    let mut buf = [b'0'; 3];
    let mut start = 3;
    loop {
        start -= 1;
        if let Some(d) = buf.get_mut(start) {
            *d = b'0' + n % 10;
        }
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    Digits { buf, start }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;
    use crate::api::proto::{Response, Trap};

    fn same(tag: Option<&str>, reply: Reply) {
        let mut ours = BytesMut::new();
        encode_reply(tag.map(str::as_bytes), &reply, &mut ours);
        let mut theirs = BytesMut::new();
        Response {
            tag: tag.map(|t| Bytes::copy_from_slice(t.as_bytes())),
            reply,
        }
        .encode(&mut theirs);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn same_bytes_as_response_encode() {
        let mut row = Attributes::new();
        row.push(".id", "*1");
        row.push("name", "x".repeat(300));
        row.push("e", "");
        for tag in [None, Some("7"), Some("a-long-tag")] {
            same(tag, Reply::Re(row.clone()));
            same(tag, Reply::Re(Attributes::new()));
            same(
                tag,
                Reply::Done {
                    ret: Some(Bytes::from_static(b"*5")),
                    attributes: Attributes::new(),
                },
            );
            same(
                tag,
                Reply::Done {
                    ret: Some(Bytes::from_static(b"*5")),
                    attributes: [("ret", "*5"), ("x", "y")].into_iter().collect(),
                },
            );
            for category in [None, Some(0), Some(2), Some(9), Some(42), Some(255)] {
                same(
                    tag,
                    Reply::Trap(Trap {
                        category,
                        message: Bytes::from_static(b"no such item (4)"),
                        attributes: Attributes::new(),
                    }),
                );
            }
            same(
                tag,
                Reply::Trap(Trap {
                    category: Some(1),
                    message: Bytes::from_static(b"m"),
                    attributes: [("category", "3"), ("message", "n"), ("z", "q")]
                        .into_iter()
                        .collect(),
                }),
            );
            same(tag, Reply::Empty);
            same(
                tag,
                Reply::Fatal {
                    reason: Bytes::from_static(b"session terminated on request"),
                },
            );
        }
    }
}
