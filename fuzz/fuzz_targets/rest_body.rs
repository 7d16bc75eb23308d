//! The lenient RouterOS REST JSON body parser (what the REST client reads
//! from a router, and the simulator reads from a client).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = routerctl_mikrotik::rest::body::parse(data);
});
