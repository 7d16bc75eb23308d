//! Properties of the sans-IO codec: round trips, input split anywhere, and
//! arbitrary bytes never panicking or over-allocating; the borrowed view
//! (`api::view`) agreeing with the owned decoder and parser everywhere.

use bytes::{Buf, Bytes, BytesMut};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use routerctl_mikrotik::api::proto::{
    Decoder, LengthPrefix, Limits, Request, Response, Sentence, decode_length, encode_length,
    encode_sentence,
};
use routerctl_mikrotik::api::view::FrameDecoder;

/// A reply stream as a router sends it: login, a tagged listen row with a
/// non-UTF-8 value, a trap with category, `!empty`, a long word whose length
/// prefix contains a zero byte, `!done` with `=ret=`, and a `!fatal`.
fn reference_stream() -> (BytesMut, Vec<Vec<Vec<u8>>>) {
    let long = {
        let mut w = b"=comment=".to_vec();
        w.resize(256, b'x');
        w
    };
    let sentences: Vec<Vec<Vec<u8>>> = vec![
        vec![b"!done".to_vec()],
        vec![
            b"!re".to_vec(),
            b".tag=10".to_vec(),
            b"=.id=*A".to_vec(),
            b"=host-name=caf\xE9-pc".to_vec(),
            b"=invalid=false".to_vec(),
        ],
        vec![
            b"!re".to_vec(),
            b".tag=10".to_vec(),
            b"=.id=*A".to_vec(),
            b"=.dead=true".to_vec(),
        ],
        vec![
            b"!trap".to_vec(),
            b".tag=10".to_vec(),
            b"=category=2".to_vec(),
            b"=message=interrupted".to_vec(),
        ],
        vec![b"!done".to_vec(), b".tag=20".to_vec()],
        vec![b"!empty".to_vec(), b".tag=10".to_vec()],
        vec![b"!re".to_vec(), long],
        vec![b"!done".to_vec(), b"=ret=*3".to_vec()],
        vec![
            b"!fatal".to_vec(),
            b"session terminated on request".to_vec(),
        ],
    ];
    let mut wire = BytesMut::new();
    for s in &sentences {
        encode_sentence(s, &mut wire);
    }
    (wire, sentences)
}

fn decode_all(decoder: &mut Decoder, buf: &mut BytesMut, out: &mut Vec<Vec<Vec<u8>>>) {
    while let Some(s) = decoder.decode(buf).expect("valid stream") {
        out.push(s.words().iter().map(|w| w.to_vec()).collect());
    }
}

#[test]
fn reference_replies_split_at_every_byte_boundary() {
    let (wire, expected) = reference_stream();
    for cut in 0..=wire.len() {
        let mut decoder = Decoder::new(Limits::default());
        let mut got = Vec::new();
        let mut buf = BytesMut::from(&wire[..cut]);
        decode_all(&mut decoder, &mut buf, &mut got);
        buf.extend_from_slice(&wire[cut..]);
        decode_all(&mut decoder, &mut buf, &mut got);
        assert_eq!(got, expected, "split at byte {cut}");
        assert!(buf.is_empty());
    }
}

#[test]
fn reference_replies_fed_one_byte_at_a_time() {
    let (wire, expected) = reference_stream();
    let mut decoder = Decoder::new(Limits::default());
    let mut got = Vec::new();
    let mut buf = BytesMut::new();
    for byte in wire.iter() {
        buf.extend_from_slice(&[*byte]);
        decode_all(&mut decoder, &mut buf, &mut got);
    }
    assert_eq!(got, expected);
    // Every sentence of the stream types cleanly.
    for words in &got {
        let s = Sentence::new(words.iter().map(|w| Bytes::copy_from_slice(w)).collect());
        Response::parse(&s).expect("reply parses");
    }
}

fn word() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => proptest::collection::vec(any::<u8>(), 1..200),
        1 => proptest::collection::vec(any::<u8>(), 200..20_000),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn sentences_round_trip(sentences in proptest::collection::vec(proptest::collection::vec(word(), 1..8), 1..6),
                            chunk in 1usize..64) {
        let mut wire = BytesMut::new();
        for s in &sentences {
            encode_sentence(s, &mut wire);
        }
        let mut decoder = Decoder::new(Limits::default());
        let mut got = Vec::new();
        let mut buf = BytesMut::new();
        for piece in wire.chunks(chunk) {
            buf.extend_from_slice(piece);
            decode_all(&mut decoder, &mut buf, &mut got);
        }
        prop_assert_eq!(got, sentences);
    }

    #[test]
    fn length_prefix_round_trips(len in 0u32..=u32::MAX) {
        let mut out = BytesMut::new();
        encode_length(len as usize, &mut out);
        prop_assert_eq!(
            decode_length(&out).unwrap(),
            LengthPrefix::Complete { size: out.len(), len: u64::from(len) }
        );
    }

    /// Garbage never panics, and the decoder never holds more than the
    /// limits allow, whatever length prefixes the garbage announces.
    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let limits = Limits { max_word: 512, max_sentence: 2048, max_words: 16 };
        let mut decoder = Decoder::new(limits);
        let mut buf = BytesMut::from(&data[..]);
        while let Ok(Some(s)) = decoder.decode(&mut buf) {
            prop_assert!(s.words().len() <= 16);
            let _ = Response::parse(&s);
            let _ = Request::parse(&s);
        }
        prop_assert!(buf.capacity() <= data.len().max(2048 + 8) + 64);
    }
}

// ---- The borrowed view (`api::view`) against the owned decoder ----

/// Feed `wire` in `chunk`-byte reads to both decoders, as the connection
/// task does (append, frame, advance by `frame_len`), and check that every
/// sentence and every reply (or error) is the same.
fn view_matches_owned(wire: &[u8], chunk: usize, limits: Limits) -> Result<usize, TestCaseError> {
    let mut owned_dec = Decoder::new(limits);
    let mut owned_buf = BytesMut::new();
    let mut owned = Vec::new();
    let mut owned_err = None;
    for piece in wire.chunks(chunk) {
        owned_buf.extend_from_slice(piece);
        loop {
            match owned_dec.decode(&mut owned_buf) {
                Ok(Some(s)) => owned.push(s),
                Ok(None) => break,
                Err(e) => {
                    owned_err = Some(e);
                    break;
                }
            }
        }
        if owned_err.is_some() {
            break;
        }
    }
    let mut frames = FrameDecoder::new(limits);
    let mut buf = BytesMut::new();
    let mut seen = 0;
    let mut view_err = None;
    'feed: for piece in wire.chunks(chunk) {
        buf.extend_from_slice(piece);
        loop {
            match frames.decode(&buf) {
                Ok(Some(view)) => {
                    let expected = owned.get(seen).expect("the owned decoder framed it too");
                    prop_assert_eq!(&view.to_sentence(), expected);
                    prop_assert!(view.words().eq(expected.words().iter().map(|w| w.as_ref())));
                    match (view.reply(), Response::parse(expected)) {
                        (Ok(v), Ok(r)) => {
                            prop_assert_eq!(v.to_response(), r.clone());
                            // Lookups agree with the owned attributes.
                            if let routerctl_mikrotik::api::proto::Reply::Re(attrs) = &r.reply {
                                for (name, _) in attrs.iter() {
                                    let name = String::from_utf8_lossy(name);
                                    prop_assert_eq!(v.get(&name), attrs.get(&name));
                                }
                                prop_assert_eq!(&v.to_attributes(), attrs);
                            }
                        }
                        (Err(a), Err(b)) => prop_assert_eq!(a, b),
                        (a, b) => prop_assert!(false, "view {:?} but owned {:?}", a, b),
                    }
                    let used = view.frame_len();
                    buf.advance(used);
                    seen += 1;
                }
                Ok(None) => break,
                Err(e) => {
                    view_err = Some(e);
                    break 'feed;
                }
            }
        }
    }
    prop_assert_eq!(seen, owned.len());
    prop_assert_eq!(view_err, owned_err);
    Ok(seen)
}

/// Words a reply is made of: reply words (valid and not), tags,
/// attributes with and without values or `=` inside them, bare words.
fn reply_word() -> impl Strategy<Value = Vec<u8>> {
    let name = proptest::collection::vec(
        prop_oneof![Just(b'a'), Just(b'.'), Just(b'-'), any::<u8>()],
        0..6,
    );
    let value = proptest::collection::vec(prop_oneof![Just(b'='), Just(b'1'), any::<u8>()], 0..12);
    prop_oneof![
        4 => (name.clone(), value).prop_map(|(n, v)| [&b"="[..], &n, b"=", &v].concat()),
        1 => name.clone().prop_map(|n| [&b"="[..], &n].concat()),
        1 => proptest::collection::vec(any::<u8>(), 0..4).prop_map(|t| [&b".tag="[..], &t].concat()),
        1 => Just(b"=category=3".to_vec()),
        1 => Just(b"=message=no such item".to_vec()),
        1 => word(),
    ]
}

fn reply_sentence() -> impl Strategy<Value = Vec<Vec<u8>>> {
    let kind = prop_oneof![
        Just(b"!re".to_vec()),
        Just(b"!done".to_vec()),
        Just(b"!trap".to_vec()),
        Just(b"!empty".to_vec()),
        Just(b"!fatal".to_vec()),
        word(),
    ];
    (kind, proptest::collection::vec(reply_word(), 0..12))
        .prop_map(|(k, rest)| std::iter::once(k).chain(rest).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// encode → view → owned equals the owned parse, whatever the reads.
    #[test]
    fn view_round_trips_like_the_owned_parse(sentences in proptest::collection::vec(reply_sentence(), 1..8),
                                             chunk in 1usize..80) {
        let mut wire = BytesMut::new();
        for s in &sentences {
            encode_sentence(s, &mut wire);
        }
        let n = view_matches_owned(&wire, chunk, Limits::default())?;
        prop_assert_eq!(n, sentences.len());
    }

    /// Garbage: the view never panics, frames what the owned decoder
    /// frames, fails where it fails, and never holds more than the limits.
    #[test]
    fn view_on_arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..4096), chunk in 1usize..300) {
        let limits = Limits { max_word: 512, max_sentence: 2048, max_words: 16 };
        view_matches_owned(&data, chunk, limits)?;
        let mut frames = FrameDecoder::new(limits);
        if let Ok(Some(s)) = frames.decode(&data) {
            prop_assert!(s.len() <= 16 && s.frame_len() <= data.len());
            if let Ok(r) = s.reply() {
                let _ = (r.tag(), r.get("message"), r.attributes().count(), r.fatal_reason(), format!("{r:?}"));
            }
        }
        prop_assert!(frames.wanted() <= data.len() + 5 + 512);
    }
}
