//! The REST client against a tiny canned-reply HTTP server: what it sends
//! (paths, query strings, bodies, headers) and how it reads every kind of
//! reply, including the error shapes in the RouterOS reference.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use routerctl_core::{Credentials, SelfSigned, TlsPolicy};
use routerctl_kit::sim::{HttpListener, Limits};
use routerctl_mikrotik::api::proto::Command;
use routerctl_mikrotik::rest::{RestClient, RestConfig, RestReply, RestTimeouts};
use serde_json::json;

#[derive(Clone)]
struct Canned {
    status: u16,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    delay: Duration,
    chunked: bool,
}

impl Canned {
    fn json(status: u16, body: serde_json::Value) -> Self {
        Self {
            status,
            content_type: Some("application/json"),
            body: body.to_string().into_bytes(),
            delay: Duration::ZERO,
            chunked: false,
        }
    }
    fn raw(status: u16, content_type: Option<&'static str>, body: &[u8]) -> Self {
        Self {
            status,
            content_type,
            body: body.to_vec(),
            delay: Duration::ZERO,
            chunked: false,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Seen {
    method: String,
    path: String,
    query: Option<String>,
    content_type: Option<String>,
    authorization: Option<String>,
    body: Vec<u8>,
}

struct Mock {
    canned: Mutex<Canned>,
    seen: Mutex<Vec<Seen>>,
}

impl Mock {
    fn set(&self, c: Canned) {
        *self.canned.lock().unwrap() = c;
    }
    fn last(&self) -> Seen {
        self.seen
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("no request seen")
    }
    fn last_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.last().body).expect("request body is JSON")
    }
}

async fn handle(State(mock): State<Arc<Mock>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let header_text = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    mock.seen.lock().unwrap().push(Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_owned),
        content_type: header_text(header::CONTENT_TYPE),
        authorization: header_text(header::AUTHORIZATION),
        body: body.to_vec(),
    });
    let canned = mock.canned.lock().unwrap().clone();
    if !canned.delay.is_zero() {
        tokio::time::sleep(canned.delay).await;
    }
    let body = if canned.chunked {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            canned.body.chunks(1024).map(|c| Ok(c.to_vec())).collect();
        Body::from_stream(futures_util::stream::iter(chunks))
    } else {
        Body::from(canned.body)
    };
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(canned.status).unwrap();
    if let Some(ct) = canned.content_type {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    response
}

fn new_mock() -> Arc<Mock> {
    Arc::new(Mock {
        canned: Mutex::new(Canned::json(200, json!([]))),
        seen: Mutex::new(Vec::new()),
    })
}

fn app(mock: Arc<Mock>) -> axum::Router {
    axum::Router::new().fallback(handle).with_state(mock)
}

/// A plain-HTTP mock and a client for it.
async fn http_mock() -> (Arc<Mock>, RestClient) {
    let mock = new_mock();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(axum::serve(listener, app(mock.clone())).into_future());
    let mut config = RestConfig::http("127.0.0.1", port, Credentials::new("admin", "pw"));
    config.timeouts = RestTimeouts {
        connect: Duration::from_secs(5),
        request: Duration::from_secs(5),
    };
    (mock, RestClient::new(config).unwrap())
}

/// An HTTPS mock with a fresh self-signed certificate, on the shared
/// simulator listener; the mock serves while the listener lives.
async fn https_mock(identity: &SelfSigned) -> (Arc<Mock>, HttpListener) {
    let mock = new_mock();
    let listener = HttpListener::bind(
        "127.0.0.1:0".parse().unwrap(),
        app(mock.clone()),
        Some(identity.clone()),
        Limits::default(),
    )
    .await
    .unwrap();
    (mock, listener)
}

fn https_client(port: u16, tls: TlsPolicy) -> RestClient {
    RestClient::new(
        RestConfig::https("127.0.0.1", Credentials::new("admin", "pw"), tls).with_port(port),
    )
    .unwrap()
}

#[tokio::test]
async fn list_sends_filters_proplist_and_basic_auth() {
    let (mock, client) = http_mock().await;
    mock.set(Canned::json(
        200,
        json!([{".id": "*1", "address": "10.0.0.1/24"}]),
    ));
    let rows = client
        .list("/ip/address", &[("interface", "ether 1")], &["address"])
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get_str("address").as_deref(), Some("10.0.0.1/24"));
    let seen = mock.last();
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, "/rest/ip/address");
    assert_eq!(
        seen.query.as_deref(),
        Some("interface=ether%201&.proplist=address")
    );
    // base64("admin:pw")
    assert_eq!(seen.authorization.as_deref(), Some("Basic YWRtaW46cHc="));
    assert_eq!(seen.content_type, None, "GET carries no body");
}

#[tokio::test]
async fn get_keeps_star_ids_and_encodes_names() {
    let (mock, client) = http_mock().await;
    mock.set(Canned::json(200, json!({".id": "*1A", "name": "x"})));
    let row = client.get("/ip/address", "*1A", &[]).await.unwrap();
    assert_eq!(row.get_str(".id").as_deref(), Some("*1A"));
    assert_eq!(mock.last().path, "/rest/ip/address/*1A");
    client
        .get("/file", "flash/backup.rsc", &["name", "size"])
        .await
        .unwrap();
    assert_eq!(mock.last().path, "/rest/file/flash%2Fbackup.rsc");
    assert_eq!(mock.last().query.as_deref(), Some(".proplist=name,size"));
}

#[tokio::test]
async fn singleton_accepts_object_and_early_beta_list() {
    let (mock, client) = http_mock().await;
    mock.set(Canned::json(200, json!({"version": "7.20.5 (stable)"})));
    assert_eq!(client.check().await.unwrap(), "7.20.5 (stable)");
    assert_eq!(mock.last().query.as_deref(), Some(".proplist=version"));
    mock.set(Canned::json(
        200,
        json!([{"version": "7.1beta4 (development)"}]),
    ));
    let row = client.singleton("system/resource", &[]).await.unwrap();
    assert_eq!(
        row.get_str("version").as_deref(),
        Some("7.1beta4 (development)")
    );
    mock.set(Canned::json(200, json!([{"a": "1"}, {"a": "2"}])));
    let err = client.singleton("system/resource", &[]).await.unwrap_err();
    assert_eq!(err.kind(), "protocol");
    assert!(err.to_string().contains("list of 2"), "{err}");
}

#[tokio::test]
async fn create_update_delete() {
    let (mock, client) = http_mock().await;
    mock.set(Canned::json(
        201,
        json!({".id": "*18", "address": "192.168.99.1/24", "interface": "guest"}),
    ));
    let new = client
        .create(
            "/ip/address",
            &[("address", "192.168.99.1/24"), ("interface", "guest")],
        )
        .await
        .unwrap();
    assert_eq!(new.get_str(".id").as_deref(), Some("*18"));
    let seen = mock.last();
    assert_eq!(
        (seen.method.as_str(), seen.path.as_str()),
        ("PUT", "/rest/ip/address")
    );
    assert_eq!(seen.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        mock.last_json(),
        json!({"address": "192.168.99.1/24", "interface": "guest"})
    );

    mock.set(Canned::json(200, json!({".id": "*18", "comment": "test"})));
    let updated = client
        .update("/ip/address", "*18", &[("comment", "test")])
        .await
        .unwrap();
    assert_eq!(updated.get_str("comment").as_deref(), Some("test"));
    assert_eq!(mock.last().method, "PATCH");
    assert_eq!(mock.last().path, "/rest/ip/address/*18");
    assert_eq!(mock.last_json(), json!({"comment": "test"}));

    mock.set(Canned::raw(204, None, b""));
    client.delete("/ip/address", "*18").await.unwrap();
    assert_eq!(mock.last().method, "DELETE");
    assert_eq!(mock.last().content_type, None);
}

#[tokio::test]
async fn commands_and_print() {
    let (mock, client) = http_mock().await;
    mock.set(Canned::json(200, json!({"ret": "1"})));
    let reply = client
        .command("/ip/address/print", &[("count-only", "")])
        .await
        .unwrap();
    let RestReply::Object(done) = reply else {
        panic!("expected an object: {reply:?}")
    };
    assert_eq!(done.get_str("ret").as_deref(), Some("1"));
    assert_eq!(mock.last().method, "POST");
    assert_eq!(mock.last_json(), json!({"count-only": ""}));

    mock.set(Canned::json(200, json!([])));
    let reply = client
        .command("system/identity/set", &[("name", "b1")])
        .await
        .unwrap();
    assert_eq!(reply, RestReply::List(vec![]));
    assert_eq!(mock.last().path, "/rest/system/identity/set");

    mock.set(Canned::json(
        200,
        json!([{".id": "*8", "address": "10.1.1.1/24"}]),
    ));
    let rows = client
        .print(
            "/ip/address",
            &[".id", "address"],
            &["network=192.168.111.111", "dynamic=true", "#|"],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(mock.last().path, "/rest/ip/address/print");
    assert_eq!(
        mock.last_json(),
        json!({".proplist": ".id,address", ".query": ["network=192.168.111.111", "dynamic=true", "#|"]})
    );
}

#[tokio::test]
async fn api_commands_run_over_rest() {
    let (mock, client) = http_mock().await;
    mock.set(Canned::json(200, json!([])));
    let out = client
        .run(
            &Command::new("/interface/print")
                .attr(".proplist", "name")
                .word("?type=ether"),
        )
        .await
        .unwrap();
    assert!(out.rows.is_empty() && out.empty);
    assert_eq!(
        mock.last_json(),
        json!({".proplist": "name", ".query": ["type=ether"]})
    );
    mock.set(Canned::json(200, json!({"ret": "*3"})));
    let out = client
        .run(&Command::new("/ip/address/add").attr("address", "10.9.9.9/32"))
        .await
        .unwrap();
    assert_eq!(out.done.get_str("ret").as_deref(), Some("*3"));
    assert!(!out.empty);
}

#[tokio::test]
async fn error_statuses_keep_status_message_and_detail() {
    let (mock, client) = http_mock().await;

    mock.set(Canned::json(
        401,
        json!({"error": 401, "message": "Unauthorized"}),
    ));
    let e = client.list("/ip/address", &[], &[]).await.unwrap_err();
    assert_eq!(e.kind(), "auth");
    assert!(e.to_string().contains("HTTP 401 Unauthorized"), "{e}");

    mock.set(Canned::json(
        404,
        json!({"error": 404, "message": "Not Found"}),
    ));
    let e = client.delete("/ip/address", "*9").await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("404"));
    assert!(
        e.to_string().contains("REST DELETE /rest/ip/address/*9"),
        "{e}"
    );

    mock.set(Canned::json(
        400,
        json!({"detail": "no such command or directory (x)", "error": 400, "message": "Bad Request"}),
    ));
    let e = client.list("/x", &[], &[]).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("400"));
    assert!(
        e.to_string()
            .ends_with("mikrotik error 400: no such command or directory (x)"),
        "{e}"
    );

    mock.set(Canned::raw(415, None, b""));
    let e = client.create("/ip/address", &[]).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("415"));
    assert!(e.to_string().contains("Unsupported Media Type"), "{e}");

    mock.set(Canned::json(
        400,
        json!({"detail": "Session closed", "error": 400, "message": "Bad Request"}),
    ));
    let e = client
        .command("/ping", &[("address", "10.0.0.1")])
        .await
        .unwrap_err();
    assert!(e.to_string().contains("Session closed"), "{e}");

    mock.set(Canned::json(
        500,
        json!({"detail": "std failure: not allowed (9)", "error": 500, "message": "Internal Server Error"}),
    ));
    let e = client.list("/ip/address", &[], &[]).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("500"));
    assert!(e.to_string().contains("not allowed (9)"), "{e}");
}

#[tokio::test]
async fn html_and_garbage_are_clear_errors() {
    let (mock, client) = http_mock().await;
    mock.set(Canned::raw(
        403,
        Some("text/html"),
        b"<html><head><title>Forbidden</title></head><body>403</body></html>",
    ));
    let e = client.list("/ip/address", &[], &[]).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("403"));
    assert!(e.to_string().contains("HTML page"), "{e}");

    mock.set(Canned::raw(200, Some("text/html"), b"<html>hello</html>"));
    let e = client.list("/ip/address", &[], &[]).await.unwrap_err();
    assert_eq!(e.kind(), "protocol");
    assert!(e.to_string().contains("not JSON"), "{e}");

    mock.set(Canned::json(200, json!("just text")));
    let e = client.list("/ip/address", &[], &[]).await.unwrap_err();
    assert!(
        e.to_string().contains("expected an object or a list"),
        "{e}"
    );
    mock.set(Canned::json(200, json!([{"a": "1"}, 7])));
    let e = client.list("/ip/address", &[], &[]).await.unwrap_err();
    assert!(e.to_string().contains("an object in the reply list"), "{e}");
}

#[tokio::test]
async fn raw_control_characters_from_old_builds_are_read() {
    let (mock, client) = http_mock().await;
    mock.set(Canned::raw(
        200,
        Some("application/json"),
        b"[{\"host-name\":\"pc\x1b1\"}]",
    ));
    let rows = client
        .list("/ip/dhcp-server/lease", &[], &[])
        .await
        .unwrap();
    assert_eq!(rows[0].get_str("host-name").as_deref(), Some("pc\u{1b}1"));
}

#[tokio::test]
async fn oversized_replies_are_refused() {
    let mock = new_mock();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(axum::serve(listener, app(mock.clone())).into_future());
    let mut config = RestConfig::http("127.0.0.1", port, Credentials::new("a", "b"));
    config.max_body = 4096;
    let client = RestClient::new(config).unwrap();
    let big = json!([{"data": "x".repeat(10_000)}]);
    for chunked in [false, true] {
        let mut canned = Canned::json(200, big.clone());
        canned.chunked = chunked;
        mock.set(canned);
        let e = client.list("/file", &[], &[]).await.unwrap_err();
        assert!(e.to_string().contains("exceeds the limit of 4096"), "{e}");
    }
}

#[tokio::test]
async fn slow_replies_time_out() {
    let mock = new_mock();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(axum::serve(listener, app(mock.clone())).into_future());
    let mut config = RestConfig::http("127.0.0.1", port, Credentials::new("a", "b"));
    config.timeouts.request = Duration::from_millis(200);
    let client = RestClient::new(config).unwrap();
    let mut canned = Canned::json(200, json!([]));
    canned.delay = Duration::from_secs(5);
    mock.set(canned);
    let e = client.list("/log", &[], &[]).await.unwrap_err();
    assert_eq!(e.kind(), "timeout", "{e}");
}

#[tokio::test]
async fn refused_connection_is_an_io_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = RestClient::new(RestConfig::http(
        "127.0.0.1",
        port,
        Credentials::new("a", "b"),
    ))
    .unwrap();
    let e = client.list("/log", &[], &[]).await.unwrap_err();
    assert_eq!(e.kind(), "io", "{e}");
}

#[tokio::test]
async fn https_honours_pin_ca_file_and_insecure() {
    let identity = SelfSigned::generate(&[]).unwrap();
    let (mock, listener) = https_mock(&identity).await;
    let port = listener.local_addr().port();
    mock.set(Canned::json(200, json!({"version": "7.20.5 (stable)"})));

    let pinned = https_client(port, TlsPolicy::Pinned(identity.fingerprint));
    assert_eq!(pinned.check().await.unwrap(), "7.20.5 (stable)");

    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("router.pem");
    std::fs::write(&ca, &identity.cert_pem).unwrap();
    let by_ca = https_client(port, TlsPolicy::CaFile(ca));
    assert_eq!(by_ca.check().await.unwrap(), "7.20.5 (stable)");

    let insecure = https_client(port, TlsPolicy::Insecure);
    assert!(insecure.check().await.is_ok());

    let other = SelfSigned::generate(&[]).unwrap();
    let wrong = https_client(port, TlsPolicy::Pinned(other.fingerprint));
    let e = wrong.check().await.unwrap_err();
    assert_eq!(e.kind(), "tls", "{e}");
    let text = e.to_string();
    assert!(text.contains("fingerprint mismatch"), "{text}");
    assert!(text.contains(&identity.fingerprint.to_string()), "{text}");

    let web_pki = https_client(port, TlsPolicy::SystemRoots);
    assert_eq!(web_pki.check().await.unwrap_err().kind(), "tls");
}
