//! The workloads of the codec comparison, each a whole pass over one
//! buffer holding a 1000-row `/ip/dhcp-server/lease/print` reply (1000
//! tagged `!re` and a `!done`), as a router sends it.
//!
//! - framing only: our borrowed [`FrameDecoder`], our owned
//!   [`Decoder`] (words as `Bytes`), mikrotik-proto's `decode_sentence`;
//! - a typed reply per sentence: our [`Response::parse`] (owned
//!   attributes), our view turned into the same owned `Response`,
//!   mikrotik-proto's `CommandResponse::parse` (two hash maps per row);
//! - what a real caller wants, typed values: every row mapped into the
//!   vendor-neutral [`DhcpLease`] by the driver's own mapping
//!   ([`dhcp_lease`]), from our borrowed view, from our owned attributes,
//!   and from mikrotik-proto's parsed reply through the same mapping.
//!
//! Every workload starts from the same `&[u8]`; the owned decoder needs
//! the bytes in a `BytesMut`, so its workloads include that copy (as a
//! socket read into its buffer would).

use std::hint::black_box;

use bytes::{Bytes, BytesMut};
use routerctl_core::DhcpLease;
use routerctl_mikrotik::api::proto::{Attributes, Decoder, Limits, Reply, Response};
use routerctl_mikrotik::api::view::{FrameDecoder, ReplyKind};
use routerctl_mikrotik::driver::mapping::dhcp_lease;
use routerctl_mikrotik::values::{TypedAttributes, decode_display_text};

/// Rows in the reply.
pub const ROWS: usize = 1000;

/// Sentences in the reply: the rows and the `!done`.
pub const SENTENCES: usize = ROWS + 1;

/// One lease row with the fields RouterOS 7 prints for a lease (the
/// simulator's field set): every tenth is a static lease that never bound
/// (no active-* fields), some carry a comment or a class id, every
/// fiftieth host name is in cp1252 as Windows clients send it.
fn lease(i: usize) -> Attributes {
    let mac = format!(
        "E0:D9:E3:{:02X}:{:02X}:{:02X}",
        (i >> 16) & 0xFF,
        (i >> 8) & 0xFF,
        i & 0xFF
    );
    let ip = format!("10.70.{}.{}", i / 250, i % 250 + 2);
    let mut a: Vec<(String, Vec<u8>)> = vec![
        (".id".into(), format!("*{:X}", i + 1).into()),
        ("address".into(), ip.clone().into()),
        ("mac-address".into(), mac.clone().into()),
        ("address-lists".into(), Vec::new()),
        ("server".into(), b"dhcp-lan".to_vec()),
        ("dhcp-option".into(), Vec::new()),
    ];
    if i % 10 == 0 {
        a.push(("status".into(), b"waiting".to_vec()));
        a.push(("last-seen".into(), b"never".to_vec()));
        a.push(("dynamic".into(), b"false".to_vec()));
    } else {
        let cid = format!("1:{}", mac.to_lowercase());
        let host: Vec<u8> = if i % 50 == 1 {
            format!("caf\u{e9}-pc-{i}")
                .chars()
                .map(|c| c as u8)
                .collect()
        } else {
            format!(
                "android-{:016x}",
                (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            )
            .into()
        };
        a.push(("client-id".into(), cid.clone().into()));
        a.push(("status".into(), b"bound".to_vec()));
        a.push((
            "expires-after".into(),
            format!("{}m{}s", i % 60, i % 59).into(),
        ));
        a.push(("last-seen".into(), format!("{}s", i % 300).into()));
        a.push(("active-address".into(), ip.into()));
        a.push(("active-mac-address".into(), mac.into()));
        a.push(("active-client-id".into(), cid.into()));
        a.push(("active-server".into(), b"dhcp-lan".to_vec()));
        a.push(("host-name".into(), host));
        if i % 3 == 0 {
            a.push(("class-id".into(), b"android-dhcp-14".to_vec()));
        }
        a.push(("dynamic".into(), b"true".to_vec()));
    }
    if i % 7 == 0 {
        a.push(("comment".into(), format!("desk {i} / 2nd floor").into()));
    }
    a.push(("radius".into(), b"false".to_vec()));
    a.push(("blocked".into(), b"false".to_vec()));
    a.push(("disabled".into(), b"false".to_vec()));
    a.into_iter().collect()
}

/// The reply on the wire, each sentence tagged `.tag=42` (or untagged).
pub fn lease_reply(tagged: bool) -> Vec<u8> {
    let tag = tagged.then(|| Bytes::from_static(b"42"));
    let mut wire = BytesMut::new();
    for i in 0..ROWS {
        Response {
            tag: tag.clone(),
            reply: Reply::Re(lease(i)),
        }
        .encode(&mut wire);
    }
    Response {
        tag,
        reply: Reply::Done {
            ret: None,
            attributes: Attributes::new(),
        },
    }
    .encode(&mut wire);
    wire.to_vec()
}

// ---- framing only ----

/// Our borrowed framing: spans into `wire`, no allocation per sentence.
pub fn ours_frame_view(wire: &[u8]) -> usize {
    let mut frames = FrameDecoder::new(Limits::default());
    let mut at = 0;
    let mut n = 0;
    while let Ok(Some(s)) = frames.decode(wire.get(at..).unwrap_or_default()) {
        black_box(s.len());
        at += s.frame_len();
        n += 1;
    }
    n
}

/// Our owned framing: every word a `Bytes` of the read buffer.
pub fn ours_frame_owned(wire: &[u8]) -> usize {
    let mut buf = BytesMut::from(wire);
    let mut dec = Decoder::new(Limits::default());
    let mut n = 0;
    while let Ok(Some(s)) = dec.decode(&mut buf) {
        black_box(&s);
        n += 1;
    }
    n
}

/// mikrotik-proto's framing: spans into `wire` (a `Vec` per sentence).
pub fn peer_frame(wire: &[u8]) -> usize {
    let mut rest = wire;
    let mut n = 0;
    while let Ok(mikrotik_proto::codec::Decode::Complete {
        value,
        bytes_consumed,
    }) = mikrotik_proto::codec::decode_sentence(rest)
    {
        black_box(value.word_count());
        rest = rest.get(bytes_consumed..).unwrap_or_default();
        n += 1;
    }
    n
}

// ---- typed words: each attribute split into name and value ----

/// Our view: the reply typed in place, every attribute read as a
/// `(name, value)` pair of slices.
pub fn ours_view_words(wire: &[u8]) -> usize {
    let mut frames = FrameDecoder::new(Limits::default());
    let mut at = 0;
    let mut n = 0;
    while let Ok(Some(s)) = frames.decode(wire.get(at..).unwrap_or_default()) {
        at += s.frame_len();
        if let Ok(r) = s.reply() {
            for pair in r.attributes() {
                black_box(pair);
            }
            n += 1;
        }
    }
    n
}

/// mikrotik-proto's cheapest typed level: `typed_words()`, each word
/// parsed into its `Word` (tag, attribute with `&str` and raw value),
/// nothing collected.
pub fn peer_words(wire: &[u8]) -> usize {
    let mut rest = wire;
    let mut n = 0;
    while let Ok(mikrotik_proto::codec::Decode::Complete {
        value,
        bytes_consumed,
    }) = mikrotik_proto::codec::decode_sentence(rest)
    {
        if value.typed_words().all(|w| black_box(w).is_ok()) {
            n += 1;
        }
        rest = rest.get(bytes_consumed..).unwrap_or_default();
    }
    n
}

// ---- a typed reply per sentence ----

/// Our owned decoder and [`Response::parse`]: the path the issue measured.
pub fn ours_response_owned(wire: &[u8]) -> usize {
    let mut buf = BytesMut::from(wire);
    let mut dec = Decoder::new(Limits::default());
    let mut n = 0;
    while let Ok(Some(s)) = dec.decode(&mut buf) {
        if let Ok(r) = Response::parse(&s) {
            black_box(&r);
            n += 1;
        }
    }
    n
}

/// Our borrowed view, typed in place ([`ReplyView`] without building
/// anything): what the connection task does for every sentence before it
/// knows whether anybody keeps the row.
///
/// [`ReplyView`]: routerctl_mikrotik::api::view::ReplyView
pub fn ours_reply_view(wire: &[u8]) -> usize {
    let mut frames = FrameDecoder::new(Limits::default());
    let mut at = 0;
    let mut n = 0;
    while let Ok(Some(s)) = frames.decode(wire.get(at..).unwrap_or_default()) {
        at += s.frame_len();
        if let Ok(r) = s.reply() {
            black_box((r.kind(), r.tag()));
            n += 1;
        }
    }
    n
}

/// Our borrowed view turned into the owned `Response` (one compact copy
/// per row): what the connection task builds for a row a caller keeps.
pub fn ours_response_view(wire: &[u8]) -> usize {
    let mut frames = FrameDecoder::new(Limits::default());
    let mut at = 0;
    let mut n = 0;
    while let Ok(Some(s)) = frames.decode(wire.get(at..).unwrap_or_default()) {
        at += s.frame_len();
        if let Ok(r) = s.reply() {
            black_box(&r.to_response());
            n += 1;
        }
    }
    n
}

/// mikrotik-proto's typed reply: `CommandResponse::parse` per sentence.
pub fn peer_response(wire: &[u8]) -> usize {
    let mut rest = wire;
    let mut n = 0;
    while let Ok(mikrotik_proto::codec::Decode::Complete {
        value,
        bytes_consumed,
    }) = mikrotik_proto::codec::decode_sentence(rest)
    {
        if let Ok(r) = mikrotik_proto::CommandResponse::parse(&value) {
            black_box(&r);
            n += 1;
        }
        rest = rest.get(bytes_consumed..).unwrap_or_default();
    }
    n
}

// ---- typed values: every row into a `DhcpLease` ----

/// From our borrowed view: the driver's mapping reads the read buffer.
pub fn ours_leases_view(wire: &[u8]) -> Vec<DhcpLease> {
    let mut frames = FrameDecoder::new(Limits::default());
    let mut at = 0;
    let mut out = Vec::with_capacity(ROWS);
    while let Ok(Some(s)) = frames.decode(wire.get(at..).unwrap_or_default()) {
        at += s.frame_len();
        if let Ok(r) = s.reply() {
            if r.kind() == ReplyKind::Re {
                out.extend(dhcp_lease(&r));
            }
        }
    }
    out
}

/// From our owned decoder and `Response::parse`: the driver's mapping on
/// owned attributes.
pub fn ours_leases_owned(wire: &[u8]) -> Vec<DhcpLease> {
    let mut buf = BytesMut::from(wire);
    let mut dec = Decoder::new(Limits::default());
    let mut out = Vec::with_capacity(ROWS);
    while let Ok(Some(s)) = dec.decode(&mut buf) {
        if let Ok(Response {
            reply: Reply::Re(row),
            ..
        }) = Response::parse(&s)
        {
            out.extend(dhcp_lease(&row));
        }
    }
    out
}

/// A mikrotik-proto reply row read through the same [`TypedAttributes`]
/// the driver's mapping uses: text from its UTF-8 map, display text from
/// its raw map (so cp1252 host names come out as ours do).
struct PeerRow<'a>(&'a mikrotik_proto::response::ReplyResponse);

impl TypedAttributes for PeerRow<'_> {
    fn utf8(&self, name: &str) -> Option<&str> {
        self.0
            .attributes
            .get(name)
            .map(|v| v.as_deref().unwrap_or(""))
    }
    fn text(&self, name: &str) -> Option<String> {
        self.0
            .attributes_raw
            .get(name)
            .map(|v| decode_display_text(v.as_deref().unwrap_or_default()))
    }
}

/// From mikrotik-proto's parsed reply, through the same mapping.
pub fn peer_leases(wire: &[u8]) -> Vec<DhcpLease> {
    let mut rest = wire;
    let mut out = Vec::with_capacity(ROWS);
    while let Ok(mikrotik_proto::codec::Decode::Complete {
        value,
        bytes_consumed,
    }) = mikrotik_proto::codec::decode_sentence(rest)
    {
        if let Ok(mikrotik_proto::CommandResponse::Reply(row)) =
            mikrotik_proto::CommandResponse::parse(&value)
        {
            out.extend(dhcp_lease(&PeerRow(&row)));
        }
        rest = rest.get(bytes_consumed..).unwrap_or_default();
    }
    out
}

/// Panics unless every workload sees the whole reply and the three lease
/// mappings agree, so the benchmark compares equal work.
pub fn check(wire: &[u8]) {
    for (name, n) in [
        ("ours_frame_view", ours_frame_view(wire)),
        ("ours_frame_owned", ours_frame_owned(wire)),
        ("peer_frame", peer_frame(wire)),
        ("ours_view_words", ours_view_words(wire)),
        ("peer_words", peer_words(wire)),
        ("ours_response_owned", ours_response_owned(wire)),
        ("ours_reply_view", ours_reply_view(wire)),
        ("ours_response_view", ours_response_view(wire)),
        ("peer_response", peer_response(wire)),
    ] {
        assert_eq!(n, SENTENCES, "{name}");
    }
    let view = ours_leases_view(wire);
    assert_eq!(view.len(), ROWS);
    assert!(
        view.iter()
            .any(|l| l.hostname.as_deref() == Some("café-pc-1"))
    );
    assert_eq!(view, ours_leases_owned(wire), "owned mapping");
    assert_eq!(view, peer_leases(wire), "mikrotik-proto mapping");
}
