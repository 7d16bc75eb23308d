//! Conformance: the simulator answered with requests written from the
//! reference (IXON's documented login and password_set calls), and driven by
//! a third-party ubus client (aio-openwrt from PyPI) when it is installed.

mod common;

use std::process::Command;

use common::{ixon_sim, openwrt_sim};
use serde_json::{Value, json};

/// IXON's documented login request (password filled in).
const LOGIN_REQUEST: &str = r#"{"jsonrpc":"2.0","id":1,"method":"call","params":["00000000000000000000000000000000","session","login",{"username":"admin","password":"secret","timeout":300}]}"#;

/// IXON's documented login reply, session id aside.
fn documented_login_reply(session: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "result": [0, {
        "ubus_rpc_session": session, "timeout": 300, "expires": 300,
        "acls": {
            "access-group": {"admin": ["read", "write"], "unauthenticated": ["read"]},
            "ubus": {
                "ixon.ui.account": ["*"], "ixon.ui.configuration": ["*"],
                "ixon.ui.hardware": ["*"], "ixon.ui.overview": ["*", "get"],
                "session": ["access", "login"]
            }
        },
        "data": {"username": "admin"}
    }]})
}

async fn post(url: &str, body: &str) -> Value {
    let reply = raw_post(url, body).await;
    serde_json::from_str(&reply).unwrap()
}

/// A bare HTTP/1.1 POST over TCP, so this test does not share code with the
/// client under test.
async fn raw_post(url: &str, body: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = url.trim_start_matches("http://").trim_end_matches("/ubus");
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "POST /ubus HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).await.unwrap();
    assert!(buf.starts_with("HTTP/1.1 200"), "{buf}");
    assert!(
        buf.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{buf}"
    );
    buf.split("\r\n\r\n").nth(1).unwrap().to_string()
}

#[tokio::test]
async fn documented_login_and_password_set_exchanges() {
    let (_sim, server) = ixon_sim().await;
    let url = server.url();
    let reply = post(&url, LOGIN_REQUEST).await;
    let sid = reply["result"][1]["ubus_rpc_session"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        sid.len() == 32
            && sid
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    assert_eq!(reply, documented_login_reply(&sid));

    // IXON's documented password_set request, with our session id.
    let request = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"call","params":["{sid}","ixon.ui.account","password_set",{{"password":"t0ps3cr3t"}}]}}"#
    );
    assert_eq!(
        post(&url, &request).await,
        json!({"jsonrpc": "2.0", "id": 1, "result": [0]})
    );

    // The documented -32002 reply, for a session that no longer exists.
    let request = r#"{"jsonrpc":"2.0","id":1,"method":"call","params":["0a3e1036df206a33fcd6573a524c1ef2","ixon.ui.configuration","get",{}]}"#;
    assert_eq!(
        post(&url, request).await,
        json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32002, "message": "Access denied"}})
    );
}

/// The Python to use: `ROUTERCTL_PYTHON` (CI points it at a venv), else
/// `python3` from `PATH`.
fn python() -> String {
    std::env::var("ROUTERCTL_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

fn python_client_available() -> bool {
    Command::new(python())
        .args(["-c", "import aio_openwrt"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

async fn run_python_check(flavor: &str, user: &str) {
    if !python_client_available() {
        // CI that wants this check installs it: `pip install aio-openwrt`.
        assert!(
            std::env::var_os("ROUTERCTL_REQUIRE_CONFORMANCE").is_none(),
            "aio-openwrt is required but not importable"
        );
        eprintln!("skipping: python3 with aio-openwrt not available");
        return;
    }
    let (_sim, server) = match flavor {
        "ixon" => ixon_sim().await,
        _ => openwrt_sim().await,
    };
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/conformance/aio_openwrt_check.py"
    );
    let url = server.url();
    let user = user.to_string();
    let flavor = flavor.to_string();
    // The Python client talks to the server running on this runtime, so
    // wait for it off the async threads.
    let output = tokio::task::spawn_blocking(move || {
        Command::new(python())
            .args([script, &url, &flavor, &user, "secret"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert!(stdout.starts_with("OK"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aio_openwrt_drives_the_ixon_simulator() {
    run_python_check("ixon", "admin").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aio_openwrt_drives_the_openwrt_simulator() {
    run_python_check("openwrt", "root").await;
}
