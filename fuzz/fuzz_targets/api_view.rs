//! The borrowed RouterOS API framing and reply view (`api::view`) on
//! arbitrary bytes, fed in chunks as the connection task reads a socket
//! (`FrameDecoder::next`: frame, route, drop the sentence). Beside it the owned
//! decoder and parser read the same bytes: both must frame the same
//! sentences, type them the same (or fail the same), and fail at the same
//! point. Must never panic, and must respect the limits.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use routerctl_mikrotik::api::proto::{Decoder, Limits, Reply, Response, Sentence};
use routerctl_mikrotik::api::view::{FrameDecoder, SentenceRef};
use routerctl_mikrotik::values::TypedAttributes;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_word: 4096,
        max_sentence: 16 * 1024,
        max_words: 64,
    };
    let (step, rest) = match data.split_first() {
        Some((s, rest)) => (usize::from(*s).max(1), rest),
        None => return,
    };
    let mut owned = Decoder::new(limits);
    let mut owned_buf = BytesMut::new();
    let mut frames = FrameDecoder::new(limits);
    let mut buf = BytesMut::new();
    for chunk in rest.chunks(step) {
        owned_buf.extend_from_slice(chunk);
        buf.extend_from_slice(chunk);
        loop {
            let expected = owned.decode(&mut owned_buf);
            let got = frames.next(&mut buf, |view| {
                let Ok(Some(sentence)) = &expected else {
                    panic!("the view framed {view:?}, the owned decoder {expected:?}");
                };
                check(view, sentence);
            });
            match (expected, got) {
                (Ok(Some(_)), Ok(Some(()))) => {}
                (Ok(None), Ok(None)) => break,
                (Err(a), Err(b)) => {
                    assert_eq!(a, b);
                    return;
                }
                (a, b) => panic!("owned {a:?}, view {b:?}"),
            }
        }
        // Only the sentence being read stays buffered (no empty ones).
        assert!(buf.len() <= limits.max_sentence + 5 * (limits.max_words + 1) + step);
    }
});

/// The view of one sentence against the owned decoder's and parser's.
fn check(view: SentenceRef<'_>, sentence: &Sentence) {
    assert!(view.len() <= 64);
    assert!(view.words().eq(sentence.words().iter().map(|w| w.as_ref())));
    assert_eq!(&view.to_sentence(), sentence);
    match (Response::parse(sentence), view.reply()) {
        (Ok(r), Ok(v)) => {
            assert_eq!(v.to_response(), r);
            if let Reply::Re(attrs) = &r.reply {
                for (name, _) in attrs.iter() {
                    let name = String::from_utf8_lossy(name);
                    assert_eq!(v.get(&name), attrs.get(&name));
                    assert_eq!(v.text(&name), attrs.text(&name));
                }
            }
            let _ = (v.u64("mtu"), v.bool("disabled"), v.duration_secs("uptime"));
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("owned {a:?}, view {b:?}"),
    }
}
