//! The RouterOS API reply parser (`!re`, `!done`, `!trap`, `!fatal`,
//! `!empty`, tags, attributes) on arbitrary words: the input split at NUL
//! bytes, one word each.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use routerctl_mikrotik::api::proto::{Response, Sentence};

fuzz_target!(|data: &[u8]| {
    let words: Vec<Bytes> = data
        .split(|&b| b == 0)
        .take(256)
        .map(Bytes::copy_from_slice)
        .collect();
    let _ = Response::parse(&Sentence::new(words));
});
