//! The RouterOS API word/sentence decoder on arbitrary bytes, fed in
//! chunks as a socket would; every decoded sentence also goes through the
//! reply and request parsers. Must never panic, and must respect its
//! limits.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use routerctl_mikrotik::api::proto::{Decoder, Limits, Request, Response};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_word: 4096,
        max_sentence: 16 * 1024,
        max_words: 64,
    };
    let mut decoder = Decoder::new(limits);
    let mut buf = BytesMut::new();
    // The first byte picks the chunk size, so split lengths get exercised.
    let (step, rest) = match data.split_first() {
        Some((s, rest)) => (usize::from(*s).max(1), rest),
        None => return,
    };
    for chunk in rest.chunks(step) {
        buf.extend_from_slice(chunk);
        loop {
            match decoder.decode(&mut buf) {
                Ok(Some(sentence)) => {
                    assert!(sentence.words().len() <= limits.max_words);
                    let _ = Response::parse(&sentence);
                    let _ = Request::parse(&sentence);
                }
                Ok(None) => break,
                Err(_) => return,
            }
        }
    }
});
