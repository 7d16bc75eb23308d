//! Tests of the ubus JSON-RPC handling (module `rpc`) through the
//! simulator's public entry point, [`IxonSim::handle_body`]: envelope
//! errors, ACL order, login, sessions, batches and faults as uhttpd and
//! rpcd produce them.

use serde_json::{Value, json};

use crate::sim::{Access, Flavor, IxonSim, IxonSimConfig, SimFault};

fn sim() -> IxonSim {
    IxonSim::new(
        IxonSimConfig::new(Flavor::Ixon, "admin", "secret").with_user(
            "viewer",
            "viewpass1",
            Access::ReadOnly,
        ),
    )
}

fn ask(sim: &IxonSim, body: Value) -> Value {
    serde_json::from_slice(&sim.handle_body(body.to_string().as_bytes())).unwrap()
}

fn call(sid: &str, object: &str, method: &str, args: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "call", "params": [sid, object, method, args]})
}

const NULL: &str = "00000000000000000000000000000000";

fn login(sim: &IxonSim, user: &str, pw: &str) -> String {
    let r = ask(
        sim,
        call(
            NULL,
            "session",
            "login",
            json!({"username": user, "password": pw}),
        ),
    );
    r["result"][1]["ubus_rpc_session"]
        .as_str()
        .unwrap()
        .to_string()
}

fn error_code(v: &Value) -> i64 {
    v["error"]["code"].as_i64().unwrap_or(0)
}

#[test]
fn envelope_errors_follow_uhttpd() {
    let s = sim();
    let parse = |body: &[u8]| -> Value { serde_json::from_slice(&s.handle_body(body)).unwrap() };
    for bad in [&b"{"[..], b"42", b"\"x\"", b"", b"null"] {
        let r = parse(bad);
        assert_eq!(
            r,
            json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": "Parse error"}})
        );
    }
    let r = ask(&s, json!({"id": 3, "method": "call", "params": []}));
    assert_eq!((error_code(&r), r["id"].clone()), (-32700, json!(3)));
    let r = ask(&s, json!({"jsonrpc": "2.0", "id": 3, "method": "exec"}));
    assert_eq!(
        r["error"],
        json!({"code": -32601, "message": "Method not found"})
    );
    let r = ask(
        &s,
        json!({"jsonrpc": "2.0", "id": 3, "method": "call", "params": [NULL, "session", "login"]}),
    );
    assert_eq!(error_code(&r), -32700, "args object is required");
    let r = ask(
        &s,
        call(NULL, "session", "login", json!({"ubus_rpc_session": "x"})),
    );
    assert_eq!(
        r["error"],
        json!({"code": -32602, "message": "Invalid parameters"})
    );
}

#[test]
fn object_lookup_comes_before_the_acl() {
    let s = sim();
    let r = ask(&s, call(NULL, "no.such.object", "get", json!({})));
    assert_eq!(
        r["error"],
        json!({"code": -32000, "message": "Object not found"})
    );
    let r = ask(
        &s,
        call(
            "ffffffffffffffffffffffffffffffff",
            "ixon.ui.configuration",
            "get",
            json!({}),
        ),
    );
    assert_eq!(
        r["error"],
        json!({"code": -32002, "message": "Access denied"})
    );
}

#[test]
fn login_statuses_and_reply_shape() {
    let s = sim();
    let r = ask(
        &s,
        call(
            NULL,
            "session",
            "login",
            json!({"username": "admin", "password": "nope"}),
        ),
    );
    assert_eq!(r["result"], json!([6]));
    let r = ask(
        &s,
        call(NULL, "session", "login", json!({"username": "admin"})),
    );
    assert_eq!(r["result"], json!([2]));
    let r = ask(
        &s,
        call(
            NULL,
            "session",
            "login",
            json!({"username": "admin", "password": "secret", "timeout": 300}),
        ),
    );
    let data = &r["result"][1];
    assert_eq!(data["timeout"], 300);
    assert_eq!(data["expires"], 300);
    assert_eq!(data["data"], json!({"username": "admin"}));
    assert_eq!(
        data["acls"]["ubus"]["ixon.ui.overview"],
        json!(["*", "get"])
    );
}

#[test]
fn read_only_sessions_are_denied_writes() {
    let s = sim();
    let sid = login(&s, "viewer", "viewpass1");
    let r = ask(&s, call(&sid, "ixon.ui.configuration", "get", json!({})));
    assert_eq!(r["result"][0], 0);
    let r = ask(
        &s,
        call(
            &sid,
            "ixon.ui.configuration",
            "set",
            json!({"configuration": {}}),
        ),
    );
    assert_eq!(error_code(&r), -32002);
    let r = ask(
        &s,
        call(
            &sid,
            "ixon.ui.account",
            "password_set",
            json!({"password": "longenough"}),
        ),
    );
    assert_eq!(error_code(&r), -32002);
}

#[test]
fn unknown_method_on_allowed_object_is_status_3() {
    let s = sim();
    let sid = login(&s, "admin", "secret");
    let r = ask(
        &s,
        call(&sid, "ixon.ui.configuration", "frobnicate", json!({})),
    );
    assert_eq!(r["result"], json!([3]));
}

#[test]
fn set_validates_and_changes_nothing_on_error() {
    let s = sim();
    let sid = login(&s, "admin", "secret");
    let before = s.configuration();
    for bad in [
        json!({"configuration": {"lan": {"ipAddress": 5}}}),
        json!({"configuration": {"lan": {"ipAddress": "10.0.0.1", "extra": true}}}),
        json!({"configuration": "x"}),
        json!({}),
    ] {
        let r = ask(&s, call(&sid, "ixon.ui.configuration", "set", bad.clone()));
        assert_eq!(r["result"], json!([2]), "{bad}");
        assert_eq!(s.configuration(), before);
    }
    let r = ask(
        &s,
        call(
            &sid,
            "ixon.ui.configuration",
            "set",
            json!({"configuration": {"lan": {"ipAddress": "10.0.0.1"}}}),
        ),
    );
    assert_eq!(r["result"], json!([0]));
    assert_eq!(s.configuration()["lan"]["ipAddress"], "10.0.0.1");
    assert_eq!(
        s.configuration()["lan"]["netMask"],
        before["lan"]["netMask"]
    );
}

#[test]
fn password_set_needs_eight_characters_and_ends_other_sessions() {
    let s = sim();
    let sid = login(&s, "admin", "secret");
    let other = login(&s, "admin", "secret");
    let r = ask(
        &s,
        call(
            &sid,
            "ixon.ui.account",
            "password_set",
            json!({"password": "short"}),
        ),
    );
    assert_eq!(r["result"], json!([2]));
    let r = ask(
        &s,
        call(
            &sid,
            "ixon.ui.account",
            "password_set",
            json!({"password": "t0ps3cr3t"}),
        ),
    );
    assert_eq!(r, json!({"jsonrpc": "2.0", "id": 1, "result": [0]}));
    let r = ask(&s, call(&other, "ixon.ui.configuration", "get", json!({})));
    assert_eq!(error_code(&r), -32002);
    let r = ask(
        &s,
        call(
            NULL,
            "session",
            "login",
            json!({"username": "admin", "password": "secret"}),
        ),
    );
    assert_eq!(r["result"], json!([6]));
    assert_eq!(login(&s, "admin", "t0ps3cr3t").len(), 32);
}

#[test]
fn sessions_expire_when_idle_and_survive_while_used() {
    let s = sim();
    let sid = login(&s, "admin", "secret");
    let get = call(&sid, "ixon.ui.configuration", "get", json!({}));
    s.advance_clock(std::time::Duration::from_secs(200));
    assert_eq!(ask(&s, get.clone())["result"][0], 0);
    s.advance_clock(std::time::Duration::from_secs(200));
    assert_eq!(
        ask(&s, get.clone())["result"][0],
        0,
        "timer restarted on use"
    );
    s.advance_clock(std::time::Duration::from_secs(301));
    assert_eq!(error_code(&ask(&s, get)), -32002);

    let r = ask(
        &s,
        call(
            NULL,
            "session",
            "login",
            json!({"username": "admin", "password": "secret", "timeout": 0}),
        ),
    );
    let forever = r["result"][1]["ubus_rpc_session"]
        .as_str()
        .unwrap()
        .to_string();
    s.advance_clock(std::time::Duration::from_secs(10 * 86_400));
    let r = ask(
        &s,
        call(&forever, "ixon.ui.configuration", "get", json!({})),
    );
    assert_eq!(r["result"][0], 0);
}

#[test]
fn batches_answer_in_order_with_null_ids_for_junk() {
    let s = sim();
    let r = ask(
        &s,
        json!([
            call(NULL, "ixon.ui.overview", "get", json!({})),
            42,
            {"jsonrpc": "2.0", "id": "b", "method": "list", "params": ["session"]},
        ]),
    );
    assert_eq!(r[0]["result"][0], 0);
    assert_eq!(
        r[1],
        json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": "Parse error"}})
    );
    assert_eq!(r[2]["id"], "b");
    assert_eq!(r[2]["result"]["session"]["login"]["username"], "string");
    assert_eq!(ask(&s, json!([])), json!([]));
}

#[test]
fn injected_faults_fire_once() {
    let s = sim();
    s.inject_fault("ixon.ui.overview", "get", SimFault::Timeout);
    s.inject_fault("ixon.ui.overview", "get", SimFault::InternalError);
    let get = call(NULL, "ixon.ui.overview", "get", json!({}));
    assert_eq!(
        ask(&s, get.clone())["error"]["message"],
        "ubus request timed out"
    );
    assert_eq!(ask(&s, get.clone())["error"]["code"], -32603);
    assert_eq!(ask(&s, get)["result"][0], 0);
}

#[test]
fn openwrt_objects_and_reboot() {
    let s = IxonSim::new(IxonSimConfig::new(Flavor::OpenWrt, "root", "pw"));
    let r = ask(&s, call(NULL, "ixon.ui.overview", "get", json!({})));
    assert_eq!(error_code(&r), -32000);
    let r = ask(&s, call(NULL, "system", "board", json!({})));
    assert_eq!(error_code(&r), -32002);
    let sid = login(&s, "root", "pw");
    let r = ask(&s, call(&sid, "system", "board", json!({})));
    assert_eq!(r["result"][1]["release"]["distribution"], "OpenWrt");
    let r = ask(
        &s,
        call(&sid, "iwinfo", "info", json!({"device": "phy1-ap0"})),
    );
    assert_eq!(r["result"][1]["channel"], 36);
    let r = ask(&s, call(&sid, "iwinfo", "info", json!({"device": "nope"})));
    assert_eq!(r["result"], json!([4]));
    let r = ask(
        &s,
        call(
            &sid,
            "uci",
            "get",
            json!({"config": "network", "section": "lan", "option": "ipaddr"}),
        ),
    );
    assert_eq!(r["result"][1]["value"], "192.168.1.1");
    let r = ask(&s, call(&sid, "system", "reboot", json!({})));
    assert_eq!(r["result"], json!([0]));
    let r = ask(&s, call(&sid, "system", "board", json!({})));
    assert_eq!(error_code(&r), -32002, "sessions die with a reboot");
}

/// A session of a user whose password an admin changes, who is disabled
/// or who is removed ends on its next call (-32002), and the old password
/// no longer logs in; other users' sessions go on.
#[test]
fn revoked_users_sessions_end_on_their_next_call() {
    let get = |sid: &str| call(sid, "ixon.ui.overview", "get", json!({}));
    for change in ["password", "disable", "remove"] {
        let s = sim();
        let viewer = login(&s, "viewer", "viewpass1");
        let admin = login(&s, "admin", "secret");
        assert_eq!(ask(&s, get(&viewer))["result"][0], 0, "{change}");
        let done = match change {
            "password" => s.set_user_password("viewer", "another1"),
            "disable" => s.set_user_disabled("viewer", true),
            _ => s.remove_user("viewer"),
        };
        assert!(done, "{change}");
        assert_eq!(error_code(&ask(&s, get(&viewer))), -32002, "{change}");
        let again = ask(
            &s,
            call(
                NULL,
                "session",
                "login",
                json!({"username": "viewer", "password": "viewpass1"}),
            ),
        );
        assert_eq!(again["result"][0], 6, "{change}: old password refused");
        assert_eq!(ask(&s, get(&admin))["result"][0], 0, "{change}: admin kept");
    }
    // Enabled again, the user logs in again with its password.
    let s = sim();
    assert!(s.set_user_disabled("viewer", true));
    assert!(s.set_user_disabled("viewer", false));
    let viewer = login(&s, "viewer", "viewpass1");
    assert_eq!(ask(&s, get(&viewer))["result"][0], 0);
}

/// `password_set` keeps the caller's session and ends the user's others.
#[test]
fn password_set_keeps_the_callers_session_only() {
    let s = sim();
    let a = login(&s, "admin", "secret");
    let b = login(&s, "admin", "secret");
    let r = ask(
        &s,
        call(
            &a,
            "ixon.ui.account",
            "password_set",
            json!({"password": "newsecret1"}),
        ),
    );
    assert_eq!(r["result"][0], 0, "{r}");
    let get = |sid: &str| call(sid, "ixon.ui.overview", "get", json!({}));
    assert_eq!(ask(&s, get(&a))["result"][0], 0);
    assert_eq!(error_code(&ask(&s, get(&b))), -32002);
}

/// 1,024 read-only logins do not evict the admin's idle session.
#[test]
fn readonly_login_flood_keeps_the_admins_session() {
    let s = sim();
    let admin = login(&s, "admin", "secret");
    for _ in 0..1024 {
        login(&s, "viewer", "viewpass1");
    }
    let r = ask(&s, call(&admin, "ixon.ui.overview", "get", json!({})));
    assert_eq!(r["result"][0], 0, "{r}");
}
