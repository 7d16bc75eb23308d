//! The simulated API server under abuse: bad framing, huge length
//! prefixes, silent and non-reading peers, many connections, TLS.

mod sim_common;

use std::sync::Arc;
use std::time::Duration;

use routerctl_core::{SelfSigned, TlsPolicy};
use routerctl_mikrotik::api::proto::Reply;
use routerctl_mikrotik::sim::{ApiServer, Device, SimConfig};
use sim_common::*;
use tokio::io::AsyncWriteExt;

#[tokio::test]
async fn bad_framing_closes_only_that_connection() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let addr = server.local_addr();
    let mut good = admin(addr).await;

    // A reserved control byte, before login.
    let mut bad = connect(addr).await;
    bad.send_raw(&[0xF8]).await;
    assert!(bad.closed().await);

    // A reserved byte in the middle of a sentence, after login.
    let mut bad = admin(addr).await;
    bad.send_raw(&[0x05, b'/', b'q', b'u', b'i', b't', 0xFF, 0x00])
        .await;
    assert!(bad.closed().await);

    // A 5-byte length announcing 4 GiB: refused without allocating it.
    let mut bad = connect(addr).await;
    bad.send_raw(&[0xF0, 0xFF, 0xFF, 0xFF, 0xFF]).await;
    assert!(bad.closed().await);

    // Logged in, a 4-byte length of 256 MiB - 1, over the server limit.
    let mut bad = admin(addr).await;
    bad.send_raw(&[0xEF, 0xFF, 0xFF, 0xFF, b'x']).await;
    assert!(bad.closed().await);

    // Before login even 100 KiB is too much.
    let mut bad = connect(addr).await;
    bad.send_raw(&[0xC1, 0x86, 0xA0]).await;
    assert!(bad.closed().await);

    let r = good.call(&[b"/system/identity/print"]).await;
    assert_eq!(rows(&r).len(), 1);
}

#[tokio::test]
async fn fifty_connections_at_once() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let addr = server.local_addr();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..50 {
        tasks.spawn(async move {
            let mut c = admin(addr).await;
            let tag = format!(".tag={i}");
            c.send(&[b"/interface/print", b"=.proplist=name", tag.as_bytes()])
                .await;
            let got = c.until_done(Some(&i.to_string())).await;
            assert_eq!(got.len(), 10, "9 interfaces and !done");
            let r = c
                .call(&[b"/ip/dhcp-server/lease/print", b"=count-only="])
                .await;
            ret(&r).unwrap()
        });
    }
    let mut n = 0;
    while let Some(res) = tasks.join_next().await {
        assert_eq!(res.unwrap(), "5");
        n += 1;
    }
    assert_eq!(n, 50);
}

#[tokio::test]
async fn silent_peer_is_dropped_after_the_login_timeout() {
    let mut cfg = SimConfig::new("admin", "pw");
    cfg.api.login_timeout = Duration::from_millis(300);
    let (_dev, server) = start(cfg).await;
    let mut silent = connect(server.local_addr()).await;
    assert!(silent.closed().await);
    // A logged-in session is not subject to it.
    let mut c = admin(server.local_addr()).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(rows(&c.call(&[b"/system/identity/print"]).await).len(), 1);
}

#[tokio::test]
async fn chatty_peer_without_login_is_dropped() {
    let mut cfg = SimConfig::new("admin", "pw");
    cfg.api.max_prelogin_sentences = 5;
    let (_dev, server) = start(cfg).await;
    let mut c = connect(server.local_addr()).await;
    for _ in 0..5 {
        let r = c.call(&[b"/interface/print"]).await;
        assert_eq!(traps(&r).len(), 1);
    }
    c.send(&[b"/interface/print"]).await;
    assert!(c.closed().await);
}

#[tokio::test]
async fn peer_that_never_reads_is_dropped() {
    let mut cfg = SimConfig::new("admin", "pw");
    cfg.api.write_timeout = Duration::from_millis(300);
    cfg.api.output_queue = 4;
    let (_dev, server) = start(cfg).await;
    let addr = server.local_addr();
    let mut c = admin(addr).await;
    // Ask for far more output than socket buffers hold, never reading.
    let mut req = bytes::BytesMut::new();
    for _ in 0..2000 {
        routerctl_mikrotik::api::proto::encode_sentence([&b"/export"[..], b"=verbose="], &mut req);
    }
    let mut stalled = false;
    // At most ~80 MB: far beyond any socket buffer.
    for _ in 0..2000 {
        match tokio::time::timeout(Duration::from_secs(2), c.io.write_all(&req)).await {
            Ok(Ok(())) => {}
            // The server stopped reading us, or already closed.
            _ => {
                stalled = true;
                break;
            }
        }
    }
    assert!(
        stalled,
        "the server should stop reading a peer that does not read"
    );
    assert!(
        c.closed().await,
        "the connection is dropped after the write timeout"
    );
    // The server is fine.
    let mut other = admin(addr).await;
    assert_eq!(
        rows(&other.call(&[b"/system/identity/print"]).await).len(),
        1
    );
}

#[tokio::test]
async fn tls_handshake_and_fingerprint() {
    let cert = SelfSigned::generate(&[]).unwrap();
    let expected = cert.fingerprint;
    let dev = Device::new(SimConfig::new("admin", "pw"));
    let server = ApiServer::bind(dev, "127.0.0.1:0".parse().unwrap(), Some(cert))
        .await
        .unwrap();
    assert_eq!(server.fingerprint(), Some(expected));

    let config = TlsPolicy::Pinned(expected).client_config().unwrap();
    let connector = tokio_rustls::TlsConnector::from(Arc::clone(&config));
    let tcp = tokio::net::TcpStream::connect(server.local_addr())
        .await
        .unwrap();
    let name = routerctl_core::tls::server_name("127.0.0.1").unwrap();
    let tls = tokio::time::timeout(WAIT, connector.connect(name, tcp))
        .await
        .unwrap()
        .unwrap();
    let mut c = Raw::new(tls);
    c.login("admin", "pw").await;
    let r = c.call(&[b"/system/routerboard/print"]).await;
    assert_eq!(rows(&r)[0].get("model"), Some(&b"C52iG-5HaxD2HaxD"[..]));

    // A client pinning another certificate fails the handshake.
    let wrong = TlsPolicy::Pinned(routerctl_core::Fingerprint([7; 32]))
        .client_config()
        .unwrap();
    let tcp = tokio::net::TcpStream::connect(server.local_addr())
        .await
        .unwrap();
    let name = routerctl_core::tls::server_name("127.0.0.1").unwrap();
    let res = tokio::time::timeout(
        WAIT,
        tokio_rustls::TlsConnector::from(wrong).connect(name, tcp),
    )
    .await
    .unwrap();
    assert!(res.is_err());
}

#[tokio::test]
async fn shutdown_closes_connections_and_stops_accepting() {
    let (_dev, server) = start(SimConfig::new("admin", "pw")).await;
    let addr = server.local_addr();
    let mut c = admin(addr).await;
    server.shutdown();
    assert!(c.closed().await);
    drop(server);
    // Nothing accepts any more (refused, or closed at once).
    match tokio::net::TcpStream::connect(addr).await {
        Err(_) => {}
        Ok(s) => {
            let mut raw = Raw::new(s);
            raw.send_raw(b"\x06/login\x00").await;
            assert!(raw.closed().await);
        }
    }
    let _ = Reply::Empty;
}

/// 300 connections that never log in, far over the pre-login quota of 8:
/// every healthy login between waves of them succeeds, and logged-in
/// connections are never evicted by the flood (the API front end tells the
/// listener when a connection logged in).
#[tokio::test]
async fn never_login_flood_does_not_lock_out_healthy_logins() {
    let mut cfg = SimConfig::new("admin", "pw");
    cfg.api.max_prelogin_connections = 8;
    cfg.api.max_connections = 64;
    let (_dev, server) = start(cfg).await;
    let addr = server.local_addr();
    let mut hostile = Vec::new();
    for _ in 0..300 {
        hostile.push(tokio::net::TcpStream::connect(addr).await.unwrap());
    }
    let mut healthy = Vec::new();
    for _ in 0..10 {
        let mut c = connect(addr).await;
        c.login("admin", "pw").await;
        let r = c.call(&[b"/system/identity/print"]).await;
        assert_eq!(rows(&r).len(), 1);
        healthy.push(c);
        for _ in 0..10 {
            hostile.push(tokio::net::TcpStream::connect(addr).await.unwrap());
        }
    }
    for c in &mut healthy {
        let r = c.call(&[b"/system/identity/print"]).await;
        assert_eq!(rows(&r).len(), 1, "a logged-in connection was evicted");
    }
}
