//! The ubus JSON-RPC request handling of the simulator (envelope, batch,
//! `call` params, session and ACL checks, every object's argument
//! parsing) on arbitrary bodies. One simulated router serves every input,
//! as one router serves every request.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use routerctl_ixon::sim::{Flavor, IxonSim, IxonSimConfig};

fn sim() -> &'static IxonSim {
    static SIM: OnceLock<IxonSim> = OnceLock::new();
    SIM.get_or_init(|| IxonSim::new(IxonSimConfig::new(Flavor::Ixon, "admin", "secret")))
}

fuzz_target!(|data: &[u8]| {
    // uhttpd refuses bodies over 64 KiB before parsing.
    if data.len() > routerctl_ixon::jsonrpc::MAX_REQUEST_BODY {
        return;
    }
    let reply = sim().handle_body(data);
    assert!(serde_json::from_slice::<serde_json::Value>(&reply).is_ok());
});
