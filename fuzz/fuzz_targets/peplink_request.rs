//! The Peplink simulator's request handling (method, endpoint, query
//! string, JSON and form bodies, the envelope, every endpoint's parameter
//! checks) on arbitrary requests, with and without a logged-in session.
//!
//! Input: one selector byte (bit 0: POST, bit 1: form body, bit 2: send
//! the session cookie), then `endpoint\nquery\nbody`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use routerctl_peplink::sim::call::ApiRequest;
use routerctl_peplink::sim::config::PeplinkSimConfig;
use routerctl_peplink::sim::handle::PeplinkSim;

fn request(method: &str, endpoint: &str, body: &[u8], cookie: Option<String>) -> ApiRequest {
    ApiRequest {
        method: method.to_string(),
        endpoint: endpoint.to_string(),
        query: String::new(),
        content_type: Some("application/json".to_string()),
        cookie,
        body: body.to_vec(),
    }
}

/// One simulated router for every input, and the cookie of an admin login.
fn sim() -> &'static (PeplinkSim, Option<String>) {
    static SIM: OnceLock<(PeplinkSim, Option<String>)> = OnceLock::new();
    SIM.get_or_init(|| {
        let sim = PeplinkSim::new(PeplinkSimConfig::new("admin", "secret"));
        let login = br#"{"username":"admin","password":"secret"}"#;
        let reply = sim.handle(&request("POST", "login", login, None));
        let cookie = reply
            .set_cookie
            .and_then(|c| c.split(';').next().map(str::to_string));
        (sim, cookie)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.splitn(3, '\n');
    let endpoint = parts.next().unwrap_or_default();
    let query = parts.next().unwrap_or_default();
    let body = parts.next().unwrap_or_default();
    let (sim, cookie) = sim();
    let mut req = request(
        if selector & 1 == 1 { "POST" } else { "GET" },
        endpoint,
        body.as_bytes(),
        if selector & 4 == 4 { cookie.clone() } else { None },
    );
    req.query = query.to_string();
    if selector & 2 == 2 {
        req.content_type = Some("application/x-www-form-urlencoded".to_string());
    }
    let reply = sim.handle(&req);
    if let Some(body) = reply.body {
        assert!(serde_json::to_vec(&body).is_ok());
    }
});
