//! The API client against a scripted fake router: each test spells out,
//! sentence by sentence, what the router receives and answers.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use routerctl_core::{Credentials, Error, Fingerprint, SelfSigned, TlsPolicy};
use routerctl_mikrotik::api::proto::{
    Attributes, Command, Decoder, Limits, Reply, Request, Response, Trap,
};
use routerctl_mikrotik::api::{
    ApiClient, ClientConfig, LoginMethod, Query, ReconnectPolicy, Timeouts,
};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Upper bound on any single test step, so a bug shows up as a failure
/// instead of a hung test run.
const STEP: Duration = Duration::from_secs(10);

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// The router side of one connection.
struct Peer {
    io: Box<dyn Io>,
    decoder: Decoder,
    buf: BytesMut,
}

impl Peer {
    /// The next command sentence; `None` when the client closed.
    async fn read(&mut self) -> Option<Request> {
        loop {
            if let Some(s) = self.decoder.decode(&mut self.buf).expect("client framing") {
                return Some(Request::parse(&s).expect("client sentence"));
            }
            let n = tokio::time::timeout(STEP, self.io.read_buf(&mut self.buf))
                .await
                .expect("client went silent")
                .ok()?;
            if n == 0 {
                return None;
            }
        }
    }

    async fn expect(&mut self, command: &str) -> Request {
        let r = self.read().await.expect("client closed early");
        assert_eq!(
            String::from_utf8_lossy(&r.command),
            command,
            "unexpected command"
        );
        r
    }

    async fn send(&mut self, tag: Option<&Bytes>, reply: Reply) {
        let mut out = BytesMut::new();
        Response {
            tag: tag.cloned(),
            reply,
        }
        .encode(&mut out);
        // The client may already be gone in failure tests.
        let _ = self.io.write_all(&out).await;
    }

    /// Raw words, for sentences `Response` cannot build.
    async fn send_words(&mut self, words: &[&[u8]]) {
        let mut out = BytesMut::new();
        routerctl_mikrotik::api::proto::encode_sentence(words, &mut out);
        let _ = self.io.write_all(&out).await;
    }

    async fn accept_plain_login(&mut self) {
        let login = self.expect("/login").await;
        assert_eq!(login.attributes.get("name"), Some(&b"admin"[..]));
        assert_eq!(login.attributes.get("password"), Some(&b"pw"[..]));
        self.send(None, done()).await;
    }
}

fn attrs(pairs: &[(&str, &str)]) -> Attributes {
    pairs
        .iter()
        .map(|(n, v)| {
            (
                Bytes::copy_from_slice(n.as_bytes()),
                Bytes::copy_from_slice(v.as_bytes()),
            )
        })
        .collect()
}

fn re(pairs: &[(&str, &str)]) -> Reply {
    Reply::Re(attrs(pairs))
}

fn done() -> Reply {
    Reply::Done {
        ret: None,
        attributes: Attributes::new(),
    }
}

fn done_ret(ret: &str) -> Reply {
    Reply::Done {
        ret: Some(Bytes::copy_from_slice(ret.as_bytes())),
        attributes: Attributes::new(),
    }
}

fn trap(category: Option<u8>, message: &str) -> Reply {
    Reply::Trap(Trap {
        category,
        message: Bytes::copy_from_slice(message.as_bytes()),
        attributes: Attributes::new(),
    })
}

/// Accept one connection and run `script` on it.
async fn serve<F, Fut>(script: F) -> (SocketAddr, JoinHandle<()>)
where
    F: FnOnce(Peer) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    serve_with(None, script).await
}

async fn serve_with<F, Fut>(tls: Option<SelfSigned>, script: F) -> (SocketAddr, JoinHandle<()>)
where
    F: FnOnce(Peer) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let io: Box<dyn Io> = match tls {
            None => Box::new(tcp),
            Some(identity) => {
                let acceptor = tokio_rustls::TlsAcceptor::from(identity.config);
                match acceptor.accept(tcp).await {
                    Ok(s) => Box::new(s),
                    // A refused handshake ends the script.
                    Err(_) => return,
                }
            }
        };
        script(Peer {
            io,
            decoder: Decoder::new(Limits::server()),
            buf: BytesMut::new(),
        })
        .await;
    });
    (addr, handle)
}

fn config(addr: SocketAddr) -> ClientConfig {
    let mut c = ClientConfig::new("127.0.0.1", Credentials::new("admin", "pw"));
    c.port = addr.port();
    c.label = "fake".into();
    c.timeouts = Timeouts::all(STEP);
    c
}

async fn connect(addr: SocketAddr) -> ApiClient {
    ApiClient::connect(config(addr)).await.expect("connect")
}

async fn finish(server: JoinHandle<()>) {
    tokio::time::timeout(STEP, server)
        .await
        .expect("server script did not finish")
        .expect("server script failed");
}

#[tokio::test]
async fn plain_login_then_print() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let r = p.expect("/system/identity/print").await;
        assert!(r.tag.is_some(), "commands are tagged");
        p.send(r.tag.as_ref(), re(&[("name", "MikroTik")])).await;
        p.send(r.tag.as_ref(), done()).await;
    })
    .await;
    let client = connect(addr).await;
    let rows = client
        .print("/system/identity", &Query::new())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get("name"), Some(&b"MikroTik"[..]));
    finish(server).await;
}

#[tokio::test]
async fn auto_login_falls_back_to_md5_challenge() {
    let (addr, server) = serve(|mut p| async move {
        // A pre-6.43 router ignores =password= and sends a challenge.
        p.expect("/login").await;
        p.send(None, done_ret("93b438ec9b80057c06dd9fe67d56aa9a"))
            .await;
        let r = p.expect("/login").await;
        assert_eq!(r.attributes.get("name"), Some(&b"admin"[..]));
        assert_eq!(
            r.attributes.get("response"),
            Some(&b"00e134102a9d330dd7b1849fedfea3cb57"[..]),
            "the manual's verified vector (empty password)"
        );
        assert!(r.attributes.get("password").is_none());
        p.send(None, done()).await;
        let r = p.expect("/system/identity/print").await;
        p.send(r.tag.as_ref(), done()).await;
    })
    .await;
    let mut cfg = config(addr);
    cfg.credentials = Credentials::new("admin", "");
    let client = ApiClient::connect(cfg).await.unwrap();
    client
        .print("/system/identity", &Query::new())
        .await
        .unwrap();
    finish(server).await;
}

#[tokio::test]
async fn legacy_login_asks_for_the_challenge_first() {
    let (addr, server) = serve(|mut p| async move {
        let r = p.expect("/login").await;
        assert!(r.attributes.is_empty(), "legacy login starts bare");
        p.send(None, done_ret("93b438ec9b80057c06dd9fe67d56aa9a"))
            .await;
        let r = p.expect("/login").await;
        assert_eq!(
            r.attributes.get("response"),
            Some(&b"00e134102a9d330dd7b1849fedfea3cb57"[..])
        );
        p.send(None, done()).await;
    })
    .await;
    let mut cfg = config(addr);
    cfg.credentials = Credentials::new("admin", "");
    cfg.login = LoginMethod::Legacy;
    ApiClient::connect(cfg).await.unwrap();
    finish(server).await;
}

#[tokio::test]
async fn plain_only_refuses_a_challenge() {
    let (addr, server) = serve(|mut p| async move {
        p.expect("/login").await;
        p.send(None, done_ret("93b438ec9b80057c06dd9fe67d56aa9a"))
            .await;
    })
    .await;
    let mut cfg = config(addr);
    cfg.login = LoginMethod::Plain;
    let err = ApiClient::connect(cfg).await.unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err}");
    assert!(err.to_string().contains("challenge"), "{err}");
    finish(server).await;
}

#[tokio::test]
async fn wrong_password_is_an_auth_error() {
    let (addr, server) = serve(|mut p| async move {
        p.expect("/login").await;
        p.send(None, trap(None, "invalid user name or password (6)"))
            .await;
        p.send(None, done()).await;
    })
    .await;
    let err = ApiClient::connect(config(addr)).await.unwrap_err();
    match &err {
        Error::Auth {
            router, message, ..
        } => {
            assert_eq!(router, "fake");
            assert_eq!(message, "invalid user name or password (6)");
        }
        other => panic!("expected Auth, got {other:?}"),
    }
    assert!(!err.to_string().contains("pw"), "no password in errors");
    finish(server).await;
}

#[tokio::test]
async fn endless_traps_during_login_are_cut_off() {
    use routerctl_mikrotik::api::MAX_TRAPS;
    let (addr, server) = serve(|mut p| async move {
        p.expect("/login").await;
        let mut out = BytesMut::new();
        for i in 0..MAX_TRAPS + 10 {
            Response {
                tag: None,
                reply: trap(None, &format!("no {i}")),
            }
            .encode(&mut out);
        }
        let _ = p.io.write_all(&out).await;
        // Hold the connection until the client gives up on it.
        let _ = p.read().await;
    })
    .await;
    let err = ApiClient::connect(config(addr)).await.unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains(&format!("more than {MAX_TRAPS} !trap")),
        "{err}"
    );
    finish(server).await;
}

#[tokio::test]
async fn legacy_wrong_password_is_an_auth_error() {
    let (addr, server) = serve(|mut p| async move {
        p.expect("/login").await;
        p.send(None, done_ret("93b438ec9b80057c06dd9fe67d56aa9a"))
            .await;
        p.expect("/login").await;
        p.send(None, trap(None, "cannot log in")).await;
        p.send(None, done()).await;
    })
    .await;
    let err = ApiClient::connect(config(addr)).await.unwrap_err();
    assert!(
        matches!(err, Error::Auth { ref message, .. } if message == "cannot log in"),
        "{err}"
    );
    finish(server).await;
}

#[tokio::test]
async fn hundred_concurrent_commands_answered_out_of_order() {
    const N: usize = 100;
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let mut received = Vec::new();
        for _ in 0..N {
            let r = p.expect("/test/echo").await;
            received.push(r);
        }
        // Answer newest first, interleaving two sentences per command.
        for r in received.iter().rev() {
            let n = String::from_utf8_lossy(r.attributes.get("n").unwrap()).into_owned();
            p.send(r.tag.as_ref(), re(&[("n", &n)])).await;
        }
        for r in received.iter() {
            p.send(r.tag.as_ref(), done()).await;
        }
    })
    .await;
    let client = connect(addr).await;
    let calls = (0..N).map(|i| {
        let client = client.clone();
        async move {
            let out = client
                .run(Command::new("/test/echo").attr("n", i.to_string()))
                .await
                .unwrap();
            assert_eq!(out.rows.len(), 1, "command {i}");
            assert_eq!(out.rows[0].get_str("n").unwrap(), i.to_string());
        }
    });
    futures_util::future::join_all(calls).await;
    finish(server).await;
}

#[tokio::test]
async fn stream_cancel_tolerates_late_sentences() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let listen = p.expect("/ip/address/listen").await;
        let t = listen.tag.clone();
        for i in 0..3 {
            p.send(t.as_ref(), re(&[(".id", &format!("*{i}"))])).await;
        }
        let cancel = p.expect("/cancel").await;
        assert_eq!(cancel.attributes.get("tag"), t.as_deref());
        // What a 7.24 router sends after /cancel: a late row, the
        // interrupted trap, the cancel's !done, then !empty and !done.
        p.send(t.as_ref(), re(&[(".id", "*late")])).await;
        p.send(t.as_ref(), trap(Some(2), "interrupted")).await;
        p.send(cancel.tag.as_ref(), done()).await;
        p.send(t.as_ref(), Reply::Empty).await;
        p.send(t.as_ref(), done()).await;
        // The connection still works and nothing leaks into the next command.
        let r = p.expect("/ip/address/print").await;
        p.send(t.as_ref(), re(&[(".id", "*stale")])).await;
        p.send(r.tag.as_ref(), re(&[(".id", "*9")])).await;
        p.send(r.tag.as_ref(), done()).await;
    })
    .await;
    let client = connect(addr).await;
    let mut stream = client
        .stream(Command::new("/ip/address/listen"))
        .await
        .unwrap();
    for i in 0..2 {
        let row = tokio::time::timeout(STEP, stream.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(row.get_str(".id").unwrap(), format!("*{i}"));
    }
    tokio::time::timeout(STEP, stream.cancel())
        .await
        .unwrap()
        .unwrap();
    let rows = client.print("/ip/address", &Query::new()).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get(".id"), Some(&b"*9"[..]));
    finish(server).await;
}

#[tokio::test]
async fn dropping_a_stream_sends_cancel() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let listen = p.expect("/interface/monitor-traffic").await;
        let t = listen.tag.clone();
        p.send(t.as_ref(), re(&[("name", "ether1"), (".section", "0")]))
            .await;
        let cancel = p.expect("/cancel").await;
        assert_eq!(cancel.attributes.get("tag"), t.as_deref());
        p.send(t.as_ref(), trap(Some(2), "interrupted")).await;
        p.send(cancel.tag.as_ref(), done()).await;
        p.send(t.as_ref(), done()).await;
        let r = p.expect("/system/identity/print").await;
        p.send(r.tag.as_ref(), done()).await;
    })
    .await;
    let client = connect(addr).await;
    let mut stream = client
        .stream(
            Command::new("/interface/monitor-traffic")
                .attr("interface", "ether1")
                .attr("interval", "1"),
        )
        .await
        .unwrap();
    let first = tokio::time::timeout(STEP, stream.next()).await.unwrap();
    assert!(first.unwrap().is_ok());
    drop(stream);
    client
        .print("/system/identity", &Query::new())
        .await
        .unwrap();
    finish(server).await;
}

#[tokio::test]
async fn stream_ends_with_trap_error_after_done() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let r = p.expect("/interface/wifi/registration-table/listen").await;
        p.send(
            r.tag.as_ref(),
            trap(None, "no such command or directory (wifi)"),
        )
        .await;
        p.send(r.tag.as_ref(), trap(None, "no such command prefix"))
            .await;
        p.send(r.tag.as_ref(), done()).await;
        // Keep the connection open until the client is done.
        let _ = p.read().await;
    })
    .await;
    let client = connect(addr).await;
    let mut stream = client
        .stream(Command::new("/interface/wifi/registration-table/listen"))
        .await
        .unwrap();
    let item = tokio::time::timeout(STEP, stream.next()).await.unwrap();
    let err = item.unwrap().unwrap_err();
    assert!(
        err.to_string()
            .contains("no such command or directory (wifi), no such command prefix"),
        "{err}"
    );
    assert!(
        tokio::time::timeout(STEP, stream.next())
            .await
            .unwrap()
            .is_none()
    );
    drop(client);
    drop(stream);
    finish(server).await;
}

#[tokio::test]
async fn fatal_mid_command_fails_every_pending_call() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        for _ in 0..3 {
            p.read().await.unwrap();
        }
        // A row for one of them first, then the router gives up.
        p.send_words(&[b"!fatal", b"router shutting down"]).await;
        // and closes the socket (dropping `p`).
    })
    .await;
    let client = connect(addr).await;
    let stream = client.stream(Command::new("/log/listen")).await.unwrap();
    let a = client.run(Command::new("/ip/address/print"));
    let b = client.run(Command::new("/interface/print"));
    let (a, b) = tokio::time::timeout(STEP, futures_util::future::join(a, b))
        .await
        .unwrap();
    for result in [a, b] {
        let err = result.unwrap_err();
        assert!(matches!(err, Error::Disconnected { .. }), "{err:?}");
        assert!(err.to_string().contains("router shutting down"), "{err}");
    }
    let items: Vec<_> = tokio::time::timeout(STEP, stream.collect::<Vec<_>>())
        .await
        .unwrap();
    assert_eq!(items.len(), 1);
    let err = items.into_iter().next().unwrap().unwrap_err();
    assert!(matches!(err, Error::Disconnected { .. }), "{err:?}");
    // Later calls fail at once, with the same reason.
    let err = client
        .run(Command::new("/system/identity/print"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("router shutting down"), "{err}");
    assert!(client.is_closed());
    let err = client
        .stream(Command::new("/log/listen"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Disconnected { .. }), "{err:?}");
    finish(server).await;
}

#[tokio::test]
async fn dropped_socket_fails_pending_commands() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        p.read().await.unwrap();
        // Close without a word.
    })
    .await;
    let client = connect(addr).await;
    let err = tokio::time::timeout(STEP, client.run(Command::new("/export")))
        .await
        .unwrap()
        .unwrap_err();
    assert!(matches!(err, Error::Disconnected { .. }), "{err:?}");
    assert!(err.to_string().contains("closed the connection"), "{err}");
    finish(server).await;
}

#[tokio::test]
async fn silent_router_times_out_and_the_command_is_cancelled() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let r = p.expect("/tool/sniffer/quick").await;
        // Never answer; the client gives up and cancels.
        let cancel = p.expect("/cancel").await;
        assert_eq!(cancel.attributes.get("tag"), r.tag.as_deref());
    })
    .await;
    let mut cfg = config(addr);
    cfg.timeouts.command = Duration::from_millis(200);
    let client = ApiClient::connect(cfg).await.unwrap();
    let err = client
        .run(Command::new("/tool/sniffer/quick"))
        .await
        .unwrap_err();
    match &err {
        Error::Timeout {
            router,
            operation,
            after,
        } => {
            assert_eq!(router, "fake");
            assert_eq!(operation, "/tool/sniffer/quick");
            assert_eq!(*after, Duration::from_millis(200));
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    finish(server).await;
}

#[tokio::test]
async fn silent_login_times_out() {
    let (addr, server) = serve(|mut p| async move {
        p.expect("/login").await;
        // Hold the connection without answering until the client leaves.
        let _ = p.read().await;
    })
    .await;
    let mut cfg = config(addr);
    cfg.timeouts.login = Duration::from_millis(200);
    let err = ApiClient::connect(cfg).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { ref operation, .. } if operation == "login"),
        "{err:?}"
    );
    finish(server).await;
}

#[tokio::test]
async fn trap_then_done_is_a_vendor_error_with_category() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let r = p.expect("/ip/address/add").await;
        p.send(
            r.tag.as_ref(),
            trap(Some(1), "input does not match any value of interface"),
        )
        .await;
        p.send(r.tag.as_ref(), done()).await;
        let r = p.expect("/ip/address/remove").await;
        assert_eq!(r.attributes.get(".id"), Some(&b"*1,*2"[..]));
        p.send(r.tag.as_ref(), trap(None, "no such item (4)")).await;
        p.send(r.tag.as_ref(), done()).await;
    })
    .await;
    let client = connect(addr).await;
    let err = client
        .add(
            "/ip/address",
            [("address", "192.168.88.1"), ("interface", "asdf")],
        )
        .await
        .unwrap_err();
    match &err {
        Error::Vendor {
            vendor,
            code,
            message,
            operation,
            ..
        } => {
            assert_eq!(vendor, "mikrotik");
            assert_eq!(code.as_deref(), Some("1"));
            assert_eq!(message, "input does not match any value of interface");
            assert_eq!(operation, "/ip/address/add");
        }
        other => panic!("expected Vendor, got {other:?}"),
    }
    let err = client
        .remove("/ip/address", &["*1", "*2"])
        .await
        .unwrap_err();
    assert_eq!(err.vendor_code(), None);
    assert!(err.to_string().ends_with("no such item (4)"), "{err}");
    finish(server).await;
}

#[tokio::test]
async fn replies_for_unknown_tags_are_ignored() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let r = p.expect("/ip/arp/print").await;
        let stranger = Bytes::from_static(b"999999");
        let junk = Bytes::from_static(b"not-a-number");
        p.send(Some(&stranger), re(&[("address", "10.0.0.99")]))
            .await;
        p.send(Some(&stranger), done()).await;
        p.send(Some(&junk), re(&[("address", "10.0.0.98")])).await;
        p.send(None, re(&[("address", "10.0.0.97")])).await;
        p.send(None, done()).await;
        p.send(r.tag.as_ref(), re(&[("address", "10.0.0.1")])).await;
        p.send(r.tag.as_ref(), done()).await;
    })
    .await;
    let client = connect(addr).await;
    let rows = client.print("/ip/arp", &Query::new()).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get("address"), Some(&b"10.0.0.1"[..]));
    finish(server).await;
}

#[tokio::test]
async fn empty_reply_sets_the_flag_and_queries_are_sent_in_order() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let r = p.expect("/interface/print").await;
        let queries: Vec<_> = r
            .queries
            .iter()
            .map(|q| String::from_utf8_lossy(q).into_owned())
            .collect();
        assert_eq!(queries, ["type=ether", "type=vlan", "#|"]);
        assert_eq!(r.attributes.get(".proplist"), Some(&b"name"[..]));
        p.send(r.tag.as_ref(), Reply::Empty).await;
        p.send(r.tag.as_ref(), done()).await;
    })
    .await;
    let client = connect(addr).await;
    let q = Query::new()
        .eq("type", "ether")
        .eq("type", "vlan")
        .or()
        .proplist(["name"]);
    let out = client.run(q.print_command("/interface")).await.unwrap();
    assert!(out.empty);
    assert!(out.rows.is_empty());
    finish(server).await;
}

#[tokio::test]
async fn add_returns_the_new_id_and_set_sends_it() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let r = p.expect("/ip/address/add").await;
        assert_eq!(r.attributes.get("interface"), Some(&b"ether1"[..]));
        p.send(r.tag.as_ref(), done_ret("*3")).await;
        let r = p.expect("/ip/address/set").await;
        assert_eq!(r.attributes.get(".id"), Some(&b"*3"[..]));
        assert_eq!(r.attributes.get("comment"), Some(&b"uplink"[..]));
        p.send(r.tag.as_ref(), done()).await;
    })
    .await;
    let client = connect(addr).await;
    let id = client
        .add(
            "/ip/address",
            [("address", "192.168.1.1/24"), ("interface", "ether1")],
        )
        .await
        .unwrap();
    assert_eq!(id, "*3");
    client
        .set("/ip/address", &id, [("comment", "uplink")])
        .await
        .unwrap();
    finish(server).await;
}

#[tokio::test]
async fn close_sends_quit_and_accepts_the_fatal() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        p.expect("/quit").await;
        p.send(
            None,
            Reply::Fatal {
                reason: Bytes::from_static(b"session terminated on request"),
            },
        )
        .await;
    })
    .await;
    let client = connect(addr).await;
    client.close().await.unwrap();
    assert!(client.is_closed());
    // Closing twice is fine.
    client.close().await.unwrap();
    finish(server).await;
}

#[tokio::test]
async fn malformed_reply_fails_only_its_command() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let a = p.expect("/one").await;
        let b = p.expect("/two").await;
        let tag = format!(".tag={}", String::from_utf8_lossy(a.tag.as_ref().unwrap()));
        p.send_words(&[b"!bogus", tag.as_bytes()]).await;
        p.send(a.tag.as_ref(), done()).await;
        p.send(b.tag.as_ref(), re(&[("ok", "yes")])).await;
        p.send(b.tag.as_ref(), done()).await;
    })
    .await;
    let client = connect(addr).await;
    let (a, b) = futures_util::future::join(
        client.run(Command::new("/one")),
        client.run(Command::new("/two")),
    )
    .await;
    let err = a.unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    assert_eq!(b.unwrap().rows.len(), 1);
    finish(server).await;
}

#[tokio::test]
async fn a_stream_failed_by_a_malformed_reply_is_cancelled_on_the_router() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let listen = p.expect("/log/listen").await;
        let t = listen.tag.clone();
        let tag = format!(".tag={}", String::from_utf8_lossy(t.as_ref().unwrap()));
        p.send_words(&[b"!re", b"no-equals-sign", tag.as_bytes()])
            .await;
        // The listen must not run on for the rest of the connection.
        let cancel = p.expect("/cancel").await;
        assert_eq!(cancel.attributes.get("tag"), t.as_deref());
        p.send(t.as_ref(), trap(Some(2), "interrupted")).await;
        p.send(cancel.tag.as_ref(), done()).await;
        p.send(t.as_ref(), done()).await;
        let r = p.expect("/system/identity/print").await;
        p.send(r.tag.as_ref(), done()).await;
    })
    .await;
    let client = connect(addr).await;
    let mut stream = client.stream(Command::new("/log/listen")).await.unwrap();
    let item = tokio::time::timeout(STEP, stream.next()).await.unwrap();
    let err = item.unwrap().unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    assert!(err.to_string().contains("malformed reply"), "{err}");
    client
        .print("/system/identity", &Query::new())
        .await
        .unwrap();
    finish(server).await;
}

#[tokio::test]
async fn oversized_word_from_the_router_is_a_protocol_error() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        p.read().await.unwrap();
        // A 4-byte length prefix announcing ~256 MiB.
        let _ = p.io.write_all(&[0xEF, 0xFF, 0xFF, 0xFF]).await;
        let _ = p.read().await;
    })
    .await;
    let mut cfg = config(addr);
    cfg.limits = Limits {
        max_word: 1024,
        ..Limits::default()
    };
    let client = ApiClient::connect(cfg).await.unwrap();
    let err = client.run(Command::new("/file/read")).await.unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    assert!(err.to_string().contains("limit"), "{err}");
    drop(client);
    finish(server).await;
}

fn tls_config(addr: SocketAddr, fingerprint: Fingerprint) -> ClientConfig {
    let mut cfg = config(addr);
    cfg.tls = Some(TlsPolicy::Pinned(fingerprint));
    cfg
}

#[tokio::test]
async fn api_ssl_with_the_pinned_fingerprint() {
    let identity = SelfSigned::generate(&[]).unwrap();
    let fingerprint = identity.fingerprint;
    let (addr, server) = serve_with(Some(identity), |mut p| async move {
        p.accept_plain_login().await;
        let r = p.expect("/system/resource/print").await;
        p.send(r.tag.as_ref(), re(&[("board-name", "CHR")])).await;
        p.send(r.tag.as_ref(), done()).await;
    })
    .await;
    let client = ApiClient::connect(tls_config(addr, fingerprint))
        .await
        .unwrap();
    let rows = client
        .print("/system/resource", &Query::new())
        .await
        .unwrap();
    assert_eq!(rows[0].get("board-name"), Some(&b"CHR"[..]));
    finish(server).await;
}

#[tokio::test]
async fn api_ssl_with_a_wrong_fingerprint_is_refused() {
    let identity = SelfSigned::generate(&[]).unwrap();
    let (addr, server) = serve_with(Some(identity), |_p| async move {
        panic!("the handshake must not succeed");
    })
    .await;
    let wrong: Fingerprint = "AB".repeat(32).parse().unwrap();
    let err = ApiClient::connect(tls_config(addr, wrong))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Tls { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains(&format!("certificate fingerprint mismatch: pinned {wrong}")),
        "{err}"
    );
    finish(server).await;
}

#[tokio::test]
async fn a_stream_consumer_that_falls_behind_is_cut_off_and_cancelled() {
    use routerctl_mikrotik::api::STREAM_BUFFER_ROWS;
    let (cancelled_tx, cancelled_rx) = tokio::sync::oneshot::channel();
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        let r = p.expect("/log/print").await;
        let mut out = BytesMut::new();
        for i in 0..STREAM_BUFFER_ROWS + 10 {
            Response {
                tag: r.tag.clone(),
                reply: re(&[("message", &format!("line {i}"))]),
            }
            .encode(&mut out);
        }
        p.io.write_all(&out).await.unwrap();
        let cancel = p.expect("/cancel").await;
        assert_eq!(cancel.attributes.get("tag"), r.tag.as_deref());
        cancelled_tx.send(()).unwrap();
        p.send(r.tag.as_ref(), trap(Some(2), "interrupted")).await;
        p.send(cancel.tag.as_ref(), done()).await;
        p.send(r.tag.as_ref(), done()).await;
        let _ = p.read().await;
    })
    .await;
    let client = connect(addr).await;
    let stream = client
        .stream(Command::new("/log/print").attr("follow", ""))
        .await
        .unwrap();
    // Do not read until the client has given up on this consumer.
    tokio::time::timeout(STEP, cancelled_rx)
        .await
        .unwrap()
        .unwrap();
    let items: Vec<_> = tokio::time::timeout(STEP, stream.collect::<Vec<_>>())
        .await
        .unwrap();
    assert_eq!(items.len(), STREAM_BUFFER_ROWS + 1);
    assert!(items[..STREAM_BUFFER_ROWS].iter().all(Result::is_ok));
    let err = items.last().unwrap().as_ref().unwrap_err();
    assert!(err.to_string().contains("fell more than"), "{err}");
    drop(client);
    finish(server).await;
}

/// One connection's script, boxed so several can be queued.
type Script = Box<dyn FnOnce(Peer) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// Accept connections one after another, each run by the next script.
async fn serve_each(scripts: Vec<Script>) -> (SocketAddr, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = tokio::spawn(async move {
        for script in scripts {
            let (tcp, _) = listener.accept().await.unwrap();
            script(Peer {
                io: Box::new(tcp),
                decoder: Decoder::new(Limits::server()),
                buf: BytesMut::new(),
            })
            .await;
        }
    });
    (addr, handle)
}

fn quick_reconnect() -> ReconnectPolicy {
    ReconnectPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        jitter: 0.5,
    }
}

#[tokio::test]
async fn with_a_reconnect_policy_the_next_call_connects_again() {
    let (addr, server) = serve_each(vec![
        Box::new(|mut p: Peer| {
            Box::pin(async move {
                p.accept_plain_login().await;
                p.expect("/log/listen").await;
                // The router reboots: the connection just ends.
                drop(p);
            })
        }),
        Box::new(|mut p: Peer| {
            Box::pin(async move {
                p.accept_plain_login().await;
                let r = p.expect("/system/identity/print").await;
                p.send(r.tag.as_ref(), re(&[("name", "edge")])).await;
                p.send(r.tag.as_ref(), done()).await;
            })
        }),
    ])
    .await;
    let mut cfg = config(addr);
    cfg.reconnect = Some(quick_reconnect());
    let client = ApiClient::connect(cfg).await.unwrap();
    let mut stream = client.stream(Command::new("/log/listen")).await.unwrap();
    // The stream opened before the reconnect ends, clearly, never silently.
    let item = tokio::time::timeout(STEP, stream.next()).await.unwrap();
    let err = item.unwrap().unwrap_err();
    assert!(matches!(err, Error::Disconnected { .. }), "{err:?}");
    assert!(stream.next().await.is_none());
    assert!(client.is_closed());
    let rows = client
        .print("/system/identity", &Query::new())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    finish(server).await;
}

#[tokio::test]
async fn without_a_reconnect_policy_a_dead_connection_stays_dead() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        p.expect("/system/identity/print").await;
    })
    .await;
    let client = connect(addr).await;
    let err = client
        .print("/system/identity", &Query::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Disconnected { .. }), "{err:?}");
    let again = client
        .print("/system/identity", &Query::new())
        .await
        .unwrap_err();
    assert!(matches!(again, Error::Disconnected { .. }), "{again:?}");
    finish(server).await;
}

#[tokio::test]
async fn reconnecting_gives_up_after_the_last_attempt() {
    let (addr, server) = serve(|mut p| async move {
        p.accept_plain_login().await;
        p.expect("/system/identity/print").await;
        // Then the listener is gone: every reconnect is refused.
    })
    .await;
    let mut cfg = config(addr);
    cfg.reconnect = Some(quick_reconnect());
    let client = ApiClient::connect(cfg).await.unwrap();
    let first = client.print("/system/identity", &Query::new()).await;
    assert!(
        matches!(first, Err(Error::Disconnected { .. })),
        "{first:?}"
    );
    finish(server).await;
    let err = tokio::time::timeout(STEP, client.print("/system/identity", &Query::new()))
        .await
        .expect("reconnecting must be bounded")
        .unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
}
