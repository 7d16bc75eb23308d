//! The run's memory budget (`--max-memory`) against hostile routers: each
//! hostile peer here is a TCP listener that logs the client in and then
//! answers every command with `!re` rows for ever. Run through the binary
//! next to a healthy simulator, every hostile router must fail with
//! "reply too large" and the healthy ones must finish.
//!
//! The peak memory of such a run is measured outside the tests (the
//! tests never assert on it): `crates/mikrotik/examples/hostile_memory.rs`.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use bytes::BytesMut;
use common::{SimProcess, host_port};
use routerctl_mikrotik::api::proto::{Decoder, Limits, Request, encode_sentence};

const PASSWORD_VAR: &str = "ROUTERCTL_MEMORY_PW";
const PASSWORD: &str = "memory-secret";
const ENV: &[(&str, &str)] = &[(PASSWORD_VAR, PASSWORD)];

/// A hostile router on 127.0.0.1; serves every connection on a thread
/// until the test process ends. Returns its port.
fn hostile_router() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for tcp in listener.incoming().map_while(Result::ok) {
            std::thread::spawn(move || serve_hostile(tcp));
        }
    });
    port
}

/// Read commands on a thread (collecting their tags), answer the login,
/// then write rows for every tag seen until the client goes away.
fn serve_hostile(tcp: TcpStream) {
    let Ok(mut reader) = tcp.try_clone() else {
        return;
    };
    let mut writer = tcp;
    let tags: Arc<Mutex<Vec<String>>> = Arc::default();
    let (login_tx, login_rx) = std::sync::mpsc::channel();
    {
        let tags = Arc::clone(&tags);
        std::thread::spawn(move || {
            let mut decoder = Decoder::new(Limits::server());
            let mut buf = BytesMut::new();
            let mut chunk = [0u8; 4096];
            loop {
                while let Ok(Some(sentence)) = decoder.decode(&mut buf) {
                    let Ok(request) = Request::parse(&sentence) else {
                        return;
                    };
                    match request.tag {
                        Some(tag) if request.command.as_ref() != b"/cancel" => tags
                            .lock()
                            .unwrap()
                            .push(String::from_utf8_lossy(&tag).into_owned()),
                        Some(_) => {}
                        None => {
                            let _ = login_tx.send(());
                        }
                    }
                }
                match reader.read(&mut chunk) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
        });
    }
    if login_rx.recv().is_err() {
        return;
    }
    let mut out = BytesMut::new();
    encode_sentence([b"!done"], &mut out);
    if writer.write_all(&out).is_err() {
        return;
    }
    loop {
        let current: Vec<String> = tags.lock().unwrap().clone();
        let mut out = BytesMut::new();
        for tag in &current {
            let tag = format!(".tag={tag}");
            for i in 0..100 {
                let id = format!("=.id=*{i:X}");
                encode_sentence(
                    [
                        b"!re",
                        id.as_bytes(),
                        b"=name=ether1",
                        b"=comment=a router that never stops sending",
                        tag.as_bytes(),
                    ],
                    &mut out,
                );
            }
        }
        if current.is_empty() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        } else if writer.write_all(&out).is_err() {
            return;
        }
    }
}

#[test]
fn hostile_routers_fail_with_reply_too_large_and_healthy_ones_finish() {
    let sim = SimProcess::start_listening(
        &[
            "mikrotik",
            "--api",
            "127.0.0.1:0",
            "--user",
            "admin",
            "--password-env",
            PASSWORD_VAR,
            "--identity",
            "healthy",
        ],
        ENV,
        &["api"],
    );
    let (host, port) = host_port(sim.plain("api"));
    let mut inventory = format!(
        "[defaults]\nvendor = \"mikrotik\"\nusername = \"admin\"\npassword_env = \"{PASSWORD_VAR}\"\n\
         timeout = \"30s\"\n\n\
         [routers.healthy-1]\nhost = \"{host}\"\nport = {port}\n\n\
         [routers.healthy-2]\nhost = \"{host}\"\nport = {port}\n"
    );
    for i in 0..16 {
        let port = hostile_router();
        inventory.push_str(&format!(
            "\n[routers.hostile-{i:02}]\nhost = \"127.0.0.1\"\nport = {port}\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let inv = common::save_inventory(dir.path(), &inventory);
    // 32 MiB for 18 routers in flight: about 1.8 MiB per reply.
    let items = common::json(
        &inv,
        ENV,
        &["--max-memory", "32MiB", "--concurrency", "18", "facts"],
        1,
    );
    let outcomes = common::outcomes(&items);
    assert_eq!(outcomes.len(), 18);
    for (router, _, outcome) in outcomes {
        if router.starts_with("healthy") {
            let facts = outcome.unwrap_or_else(|e| panic!("{router}: {e:?}"));
            assert_eq!(facts["hostname"], "healthy", "{router}");
        } else {
            let (kind, message) = outcome.expect_err("a hostile router cannot succeed");
            assert_eq!(kind, "protocol", "{router}: {message}");
            assert!(message.contains("reply too large"), "{router}: {message}");
        }
    }
}

#[test]
fn max_memory_must_be_a_size() {
    common::routerctl()
        .args(["--max-memory", "lots", "facts"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid size"));
}
