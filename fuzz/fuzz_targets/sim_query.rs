//! The simulator's `print` query parser (`?name=value`, `?>x`, `?#|&!`
//! stack operations) on arbitrary words, one per input line, then a match
//! against a row.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use routerctl_mikrotik::sim::query::Query;

fuzz_target!(|data: &[u8]| {
    let words: Vec<Bytes> = data
        .split(|&b| b == b'\n')
        .take(256)
        .map(Bytes::copy_from_slice)
        .collect();
    if let Ok(query) = Query::parse(&words) {
        let row = |name: &[u8]| match name {
            b"name" => Some(Bytes::from_static(b"ether1")),
            b"disabled" => Some(Bytes::from_static(b"false")),
            b"mtu" => Some(Bytes::from_static(b"1500")),
            _ => None,
        };
        let _ = query.matches(&row);
    }
});
