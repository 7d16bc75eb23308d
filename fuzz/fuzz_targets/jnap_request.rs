//! The Linksys JNAP simulator's request handling (action names in every
//! spelling, authorization headers, `core/Transaction` batches, every
//! action's input checks) on arbitrary requests.
//!
//! Input: one selector byte (0: no authorization, 1: the right password,
//! else a wrong one), then `action\nbody`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use routerctl_linksys::sim::{Generation, LinksysSim, SimConfig};

fn sim() -> &'static LinksysSim {
    static SIM: OnceLock<LinksysSim> = OnceLock::new();
    SIM.get_or_init(|| LinksysSim::new(SimConfig::new(Generation::Velop, "secret")))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let (action, body) = text.split_once('\n').unwrap_or((&text, ""));
    let authorization = match selector % 3 {
        0 => None,
        // base64("admin:secret")
        1 => Some("Basic YWRtaW46c2VjcmV0"),
        _ => Some("Basic YWRtaW46d3Jvbmc="),
    };
    let reply = sim().handle(Some(action), authorization, body.as_bytes());
    assert!(serde_json::to_vec(&reply).is_ok());
});
