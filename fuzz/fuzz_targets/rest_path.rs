//! The REST front end's request-target parser: `/rest` prefix,
//! percent-decoding, segments and query pairs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(target) = std::str::from_utf8(data) {
        let _ = routerctl_mikrotik::sim::rest_server::parse_target(target);
    }
});
