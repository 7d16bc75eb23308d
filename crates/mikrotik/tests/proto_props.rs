//! Properties of the sans-IO codec: round trips, input split anywhere, and
//! arbitrary bytes never panicking or over-allocating.

use bytes::{Bytes, BytesMut};
use proptest::prelude::*;
use routerctl_mikrotik::api::proto::{
    Decoder, LengthPrefix, Limits, Request, Response, Sentence, decode_length, encode_length,
    encode_sentence,
};

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
        // Stops at the first incomplete sentence or framing error.
        while let Ok(Some(s)) = decoder.decode(&mut buf) {
            prop_assert!(s.words().len() <= 16);
            let _ = Response::parse(&s);
            let _ = Request::parse(&s);
        }
        prop_assert!(buf.capacity() <= data.len().max(2048 + 8) + 64);
    }
}
