//! The REST client against the REST front end of the simulator: CRUD
//! round trips, every status code and error body of the reference
//! (`reference/routeros/rest/errors.tsv`, README §2-3), policies, what
//! RouterOS answers over a limit (413) and the version knobs. The listener's
//! own robustness (slow and non-reading clients, floods) is tested once, in
//! `routerctl-kit`'s `tests/listener.rs`.

use std::io::{Read, Write};
use std::time::Duration;

use routerctl_core::{Credentials, ErrorContext, SelfSigned, TlsPolicy};
use routerctl_kit::http::header::HeaderMap;
use routerctl_kit::http::{HttpClient, HttpConfig, Method, RequestBuilder};
use routerctl_mikrotik::rest::{RestClient, RestConfig, RestReply};
use routerctl_mikrotik::sim::{Device, RestServer, RestSettings, SimConfig};
use serde_json::{Value, json};

/// The shared HTTP client, for requests below the REST client.
struct Raw(HttpClient);

impl Raw {
    fn request(&self, method: Method, url: String) -> RequestBuilder {
        self.0.request(method, &url)
    }

    fn get(&self, url: String) -> RequestBuilder {
        self.request(Method::GET, url)
    }

    fn put(&self, url: String) -> RequestBuilder {
        self.request(Method::PUT, url)
    }
}

struct Lab {
    device: Device,
    server: RestServer,
}

impl Lab {
    async fn new() -> Self {
        Self::with(SimConfig::new("admin", "pw"), RestSettings::default()).await
    }

    async fn with(config: SimConfig, settings: RestSettings) -> Self {
        let device = Device::new(config);
        let server = RestServer::bind_with(
            device.clone(),
            "127.0.0.1:0".parse().unwrap(),
            None,
            settings,
        )
        .await
        .unwrap();
        Self { device, server }
    }

    fn client(&self, user: &str, password: &str) -> RestClient {
        RestClient::new(RestConfig::http(
            "127.0.0.1",
            self.server.local_addr().port(),
            Credentials::new(user, password),
        ))
        .unwrap()
    }

    fn admin(&self) -> RestClient {
        self.client("admin", "pw")
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.server.local_addr())
    }

    /// A plain HTTP client for exact status/header/body checks.
    fn http(&self) -> Raw {
        let config = HttpConfig::new("lab", "mikrotik", None, Duration::from_secs(10));
        Raw(HttpClient::new(config).unwrap())
    }

    async fn send(&self, req: RequestBuilder) -> (u16, HeaderMap, String) {
        let ctx = ErrorContext::new("lab", "raw request");
        let reply = self.http().0.send(&ctx, req).await.unwrap();
        let body = String::from_utf8_lossy(&reply.body).into_owned();
        (reply.status.as_u16(), reply.headers, body)
    }

    /// `method path` as admin with a raw body and content type.
    async fn call(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: Option<&str>,
    ) -> (u16, String) {
        let mut req = self
            .http()
            .request(method, self.url(path))
            .basic_auth("admin", Some("pw"));
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        if let Some(b) = body {
            req = req.body(b.to_string());
        }
        let (status, _, text) = self.send(req).await;
        (status, text)
    }
}

/// Send raw bytes, read the reply until the server closes (bounded by a
/// read timeout).
async fn raw_exchange(addr: std::net::SocketAddr, request: Vec<u8>) -> String {
    tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        // The server may answer and close before the whole body is written.
        let _ = s.write_all(&request);
        let mut reply = Vec::new();
        let _ = s.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    })
    .await
    .unwrap()
}

fn bad_request(detail: &str) -> String {
    json!({"detail": detail, "error": 400, "message": "Bad Request"}).to_string()
}

const NOT_FOUND: &str = r#"{"error":404,"message":"Not Found"}"#;
const UNAUTHORIZED: &str = r#"{"error":401,"message":"Unauthorized"}"#;
const JSON: Option<&str> = Some("application/json");

#[tokio::test]
async fn get_lists_records_singletons_and_proplists() {
    let lab = Lab::new().await;
    let c = lab.admin();

    let addresses = c.list("/ip/address", &[], &[]).await.unwrap();
    assert!(!addresses.is_empty());
    for row in &addresses {
        assert!(row.get_str(".id").is_some_and(|id| id.starts_with('*')));
        let disabled = row.get_str("disabled").unwrap();
        assert!(disabled == "true" || disabled == "false", "{disabled}");
    }

    // Singleton: a bare object.
    let (status, body) = lab
        .call(Method::GET, "/rest/system/resource", None, None)
        .await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert!(v.is_object(), "{body}");
    assert!(
        v["version"].as_str().unwrap().starts_with("7.20.5"),
        "{body}"
    );
    assert!(v.get(".id").is_none());

    // A list GET with .proplist always adds .id; every value is a string.
    let (status, body) = lab
        .call(
            Method::GET,
            "/rest/interface?type=ether&.proplist=name",
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    let rows = v.as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
        assert_eq!(keys, [".id", "name"], "{body}");
    }

    // Filter by a boolean with yes/no.
    let running_yes = c
        .list("/interface", &[("running", "yes")], &["name"])
        .await
        .unwrap();
    let running_true = c
        .list("/interface", &[("running", "true")], &["name"])
        .await
        .unwrap();
    assert_eq!(running_yes, running_true);

    // One record: by id, by name; a single-object GET adds no .id.
    let first_id = addresses[0].get_str(".id").unwrap().into_owned();
    let one = c
        .get("/ip/address", &first_id, &["address", "interface"])
        .await
        .unwrap();
    assert!(one.get(".id").is_none());
    assert_eq!(one.get("address"), addresses[0].get("address"));
    let ether1 = c.get("/interface", "ether1", &[]).await.unwrap();
    assert_eq!(ether1.get_str("name").as_deref(), Some("ether1"));

    // Empty result: [] not an error.
    let none = c
        .list("/ip/address", &[("comment", "no such comment")], &[])
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn crud_round_trip() {
    let lab = Lab::new().await;
    let c = lab.admin();

    let req = lab
        .http()
        .put(lab.url("/rest/ip/address"))
        .basic_auth("admin", Some("pw"))
        .json(&json!({"address": "192.168.99.1/24", "interface": "ether2"}));
    let (status, headers, body) = lab.send(req).await;
    assert_eq!(status, 201, "{body}");
    let new: Value = serde_json::from_str(&body).unwrap();
    let id = new[".id"].as_str().unwrap().to_string();
    assert_eq!(new["address"], "192.168.99.1/24");
    assert_eq!(new["network"], "192.168.99.0");
    assert_eq!(new["disabled"], "false");
    let location = headers["location"].to_str().unwrap();
    assert!(
        location.ends_with(&format!("/rest/ip/address/{id}")),
        "{location}"
    );

    let updated = c
        .update("/ip/address", &id, &[("comment", "test")])
        .await
        .unwrap();
    assert_eq!(updated.get_str("comment").as_deref(), Some("test"));
    assert_eq!(
        updated.get_str("address").as_deref(),
        Some("192.168.99.1/24"),
        "PATCH returns the whole record"
    );
    let read = c.get("/ip/address", &id, &[]).await.unwrap();
    assert_eq!(read, updated);

    let (status, body) = lab
        .call(
            Method::DELETE,
            &format!("/rest/ip/address/{id}"),
            None,
            None,
        )
        .await;
    assert_eq!((status, body.as_str()), (204, ""));
    let (status, body) = lab
        .call(
            Method::DELETE,
            &format!("/rest/ip/address/{id}"),
            None,
            None,
        )
        .await;
    assert_eq!((status, body.as_str()), (404, NOT_FOUND));
    let (status, body) = lab
        .call(Method::GET, &format!("/rest/ip/address/{id}"), None, None)
        .await;
    assert_eq!((status, body.as_str()), (404, NOT_FOUND));
    let e = c.get("/ip/address", &id, &[]).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("404"));
    let e = c
        .update("/ip/address", &id, &[("comment", "x")])
        .await
        .unwrap_err();
    assert_eq!(e.vendor_code(), Some("404"));

    // Same entry twice: the console's failure text.
    let dup = [("list", "blocked"), ("address", "203.0.113.45")];
    c.create("/ip/firewall/address-list", &dup).await.unwrap();
    let e = c
        .create("/ip/firewall/address-list", &dup)
        .await
        .unwrap_err();
    assert_eq!(e.vendor_code(), Some("400"));
    assert!(e.to_string().contains("already have such entry"), "{e}");
}

#[tokio::test]
async fn lenient_request_values() {
    let lab = Lab::new().await;
    let (status, body) = lab
        .call(
            Method::PATCH,
            "/rest/interface/ether3",
            JSON,
            Some(r#"{"mtu": 0x5DC, "disabled": "yes", "comment": 017}"#),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["mtu"], "1500");
    assert_eq!(v["disabled"], "true");
    assert_eq!(v["comment"], "15");
    let (status, body) = lab
        .call(
            Method::PATCH,
            "/rest/interface/ether3",
            JSON,
            Some(r#"{"disabled": false}"#),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["disabled"],
        "false"
    );
}

#[tokio::test]
async fn error_statuses_and_bodies_follow_the_reference() {
    let lab = Lab::new().await;
    use Method as M;

    // 401: missing credentials also get WWW-Authenticate: Basic.
    let (status, headers, body) = lab.send(lab.http().get(lab.url("/rest/ip/address"))).await;
    assert_eq!((status, body.as_str()), (401, UNAUTHORIZED));
    let www = headers["www-authenticate"].to_str().unwrap();
    assert!(www.starts_with("Basic"), "{www}");
    let (status, _, body) = lab
        .send(
            lab.http()
                .get(lab.url("/rest/ip/address"))
                .basic_auth("admin", Some("wrong")),
        )
        .await;
    assert_eq!((status, body.as_str()), (401, UNAUTHORIZED));
    let (status, _, _) = lab
        .send(
            lab.http()
                .get(lab.url("/rest/ip/address"))
                .basic_auth("nobody", Some("pw")),
        )
        .await;
    assert_eq!(status, 401);

    // (method, path, content type, body, status, exact reply body)
    type Case<'a> = (M, &'a str, Option<&'a str>, Option<&'a str>, u16, String);
    let cases: &[Case] = &[
        (
            M::GET,
            "/rest/nonexistent",
            None,
            None,
            400,
            bad_request("no such command or directory (nonexistent)"),
        ),
        (
            M::GET,
            "/rest/ip/firewall/filter/print",
            None,
            None,
            400,
            bad_request("no such command"),
        ),
        (
            M::GET,
            "/rest/ip/firewall/filter/some-comment",
            None,
            None,
            400,
            bad_request("no such command prefix"),
        ),
        (
            M::GET,
            "/rest/ip/address/%2A1",
            None,
            None,
            400,
            bad_request("no such command prefix"),
        ),
        (
            M::PUT,
            "/rest/ip/address",
            JSON,
            Some(r#"{"address":"10.9.9.9/24","interface":"ether2","bogus":"1"}"#),
            400,
            bad_request("unknown parameter bogus"),
        ),
        (
            M::PUT,
            "/rest/ip/address",
            JSON,
            Some(r#"{"interface":"ether2"}"#),
            400,
            bad_request("missing =address="),
        ),
        (
            M::POST,
            "/rest/ip/address/print",
            JSON,
            Some(r#"{"count-only": "", "#),
            400,
            bad_request("Failed to parse json"),
        ),
        (
            M::PATCH,
            "/rest/interface/ether2",
            JSON,
            Some(r#"{"mtu": 1e3}"#),
            400,
            bad_request("Failed to parse json"),
        ),
        (
            M::POST,
            "/rest/interface/remove",
            JSON,
            Some(r#"{".id":"ether2"}"#),
            400,
            bad_request("no such command or directory (remove)"),
        ),
        (
            M::PUT,
            "/rest/interface",
            JSON,
            Some(r#"{"name":"x"}"#),
            400,
            bad_request("no such command or directory (add)"),
        ),
        (
            M::PATCH,
            "/rest/ip/address",
            JSON,
            Some(r#"{"comment":"x"}"#),
            400,
            bad_request("missing or invalid resource identifier"),
        ),
        (
            M::DELETE,
            "/rest/ip/address",
            None,
            None,
            400,
            bad_request("missing or invalid resource identifier"),
        ),
        (M::HEAD, "/rest/ip/address", None, None, 501, String::new()),
    ];
    for (method, path, ct, body, want_status, want_body) in cases {
        let (status, got) = lab.call(method.clone(), path, *ct, *body).await;
        assert_eq!(
            (status, got.as_str()),
            (*want_status, want_body.as_str()),
            "{method} {path}"
        );
    }

    // A console value error carries the console's text.
    let (status, body) = lab
        .call(
            M::PATCH,
            "/rest/interface/ether2",
            JSON,
            Some(r#"{"mtu":"99999"}"#),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert!(v["detail"].as_str().unwrap().contains("mtu"), "{body}");

    // 415 without Content-Type: application/json.
    let (status, _) = lab
        .call(
            M::PUT,
            "/rest/ip/address",
            Some("text/plain"),
            Some(r#"{"address":"10.1.1.1/24","interface":"ether2"}"#),
        )
        .await;
    assert_eq!(status, 415);
    let (status, _) = lab
        .call(M::POST, "/rest/ip/address/print", None, Some("{}"))
        .await;
    assert_eq!(status, 415);

    // OPTIONS: 503, no CORS headers.
    let (status, headers, _) = lab
        .send(lab.http().request(M::OPTIONS, lab.url("/rest/ip/address")))
        .await;
    assert_eq!(status, 503);
    assert!(headers.get("access-control-allow-origin").is_none());

    // Outside /rest: not the API.
    let (status, _) = lab.call(M::GET, "/webfig/", None, None).await;
    assert_eq!(status, 404);

    // The client sees the same errors, status as code.
    let e = lab
        .admin()
        .list("/nonexistent", &[], &[])
        .await
        .unwrap_err();
    assert_eq!(e.vendor_code(), Some("400"));
    assert!(
        e.to_string()
            .ends_with("error 400: no such command or directory (nonexistent)"),
        "{e}"
    );
    let e = lab
        .client("admin", "wrong")
        .list("/ip/address", &[], &[])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "auth");
}

#[tokio::test]
async fn post_runs_console_commands() {
    let lab = Lab::new().await;
    let c = lab.admin();

    let rows = c
        .print(
            "/interface",
            &["name", "type"],
            &["type=ether", "type=bridge", "#|"],
        )
        .await
        .unwrap();
    assert!(!rows.is_empty());
    for r in &rows {
        let t = r.get_str("type").unwrap();
        assert!(t == "ether" || t == "bridge", "{t}");
        assert!(r.get(".id").is_none(), "POST print adds no .id");
    }

    let reply = c
        .command("/interface/print", &[("count-only", "")])
        .await
        .unwrap();
    let all = c.list("/interface", &[], &[]).await.unwrap();
    assert_eq!(
        reply,
        RestReply::Object([("ret", all.len().to_string())].into_iter().collect())
    );

    let reply = c
        .command("/system/identity/set", &[("name", "branch-office-1")])
        .await
        .unwrap();
    assert_eq!(reply, RestReply::List(vec![]));
    let identity = c.singleton("/system/identity", &[]).await.unwrap();
    assert_eq!(identity.get_str("name").as_deref(), Some("branch-office-1"));

    let reply = c
        .command(
            "/ip/address/add",
            &[("address", "10.77.0.1/24"), ("interface", "ether4")],
        )
        .await
        .unwrap();
    let RestReply::Object(done) = reply else {
        panic!("add gives {{\"ret\": id}}: {reply:?}")
    };
    let id = done.get_str("ret").unwrap().into_owned();
    assert!(id.starts_with('*'));
    c.delete("/ip/address", &id).await.unwrap();

    // A finite stream (ping with count) is played out; rows come as a list.
    let reply = c
        .command("/ping", &[("address", "127.0.0.1"), ("count", "2")])
        .await
        .unwrap();
    let RestReply::List(pings) = reply else {
        panic!("{reply:?}")
    };
    assert_eq!(pings.len(), 2);

    // The .query in a URL is not a query: it names a property.
    let (status, body) = lab
        .call(Method::GET, "/rest/interface?.query=type=ether", None, None)
        .await;
    assert_eq!((status, body.as_str()), (200, "[]"));
}

#[tokio::test]
async fn policies_decide_who_may_do_what() {
    let config = SimConfig::new("admin", "pw").with_user("viewer", "v", "read");
    let lab = Lab::with(config, RestSettings::default()).await;
    let admin = lab.admin();
    admin
        .create(
            "/user/group",
            &[("name", "rest-only"), ("policy", "read,rest-api")],
        )
        .await
        .unwrap();
    admin
        .create(
            "/user/group",
            &[("name", "api-only"), ("policy", "read,api")],
        )
        .await
        .unwrap();
    admin
        .create(
            "/user",
            &[("name", "r"), ("group", "rest-only"), ("password", "r")],
        )
        .await
        .unwrap();
    admin
        .create(
            "/user",
            &[("name", "a"), ("group", "api-only"), ("password", "a")],
        )
        .await
        .unwrap();

    // Read-only: reads work, writes are refused with the console's text.
    let viewer = lab.client("viewer", "v");
    assert!(
        !viewer
            .list("/interface", &[], &[])
            .await
            .unwrap()
            .is_empty()
    );
    let e = viewer
        .create(
            "/ip/address",
            &[("address", "10.5.5.5/24"), ("interface", "ether2")],
        )
        .await
        .unwrap_err();
    assert_eq!(e.vendor_code(), Some("500"), "{e}");
    assert!(e.to_string().contains("not enough permissions (9)"), "{e}");
    let e = viewer
        .update("/interface", "ether2", &[("comment", "x")])
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not enough permissions (9)"), "{e}");

    // rest-api without api: 500 std failure: not allowed (9).
    let (status, _, body) = lab
        .send(
            lab.http()
                .get(lab.url("/rest/interface"))
                .basic_auth("r", Some("r")),
        )
        .await;
    assert_eq!(
        (status, body),
        (
            500,
            json!({"detail": "std failure: not allowed (9)", "error": 500, "message": "Internal Server Error"})
                .to_string()
        )
    );
    // The policy is checked only after the password: a wrong password
    // for that user is a plain 401.
    let (status, _, body) = lab
        .send(
            lab.http()
                .get(lab.url("/rest/interface"))
                .basic_auth("r", Some("wrong")),
        )
        .await;
    assert_eq!(
        (status, body),
        (
            401,
            json!({"error": 401, "message": "Unauthorized"}).to_string()
        )
    );
    // api without rest-api: 401, with the right password too.
    let (status, _, body) = lab
        .send(
            lab.http()
                .get(lab.url("/rest/interface"))
                .basic_auth("a", Some("a")),
        )
        .await;
    assert_eq!(
        (status, body),
        (
            401,
            json!({"error": 401, "message": "Unauthorized"}).to_string()
        )
    );
    let e = lab
        .client("a", "a")
        .list("/interface", &[], &[])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "auth");
}

/// REST logins the router recorded: its log has one "logged in via
/// rest-api" line per login, whether or not the session is still active
/// (a login that replaces an expired cached one logs the old one out).
async fn rest_logins_logged(c: &RestClient) -> usize {
    let log = c.list("/log", &[], &[]).await.unwrap();
    log.iter()
        .filter(|r| {
            r.get_str("message")
                .is_some_and(|m| m.contains("logged in via rest-api"))
        })
        .count()
}

#[tokio::test]
async fn logins_are_cached_not_repeated() {
    let lab = Lab::new().await;
    let c = lab.admin();
    for _ in 0..5 {
        c.list("/interface", &[], &["name"]).await.unwrap();
    }
    let active = c.list("/user/active", &[], &[]).await.unwrap();
    let rest_logins = active
        .iter()
        .filter(|r| r.get_str("via").as_deref() == Some("rest-api"))
        .count();
    assert_eq!(rest_logins, 1, "{active:?}");
    // Six requests (the /user/active one too), one login.
    assert_eq!(rest_logins_logged(&c).await, 1);
}

/// The check above can fail: with the cache off, every request logs in.
#[tokio::test]
async fn without_the_login_cache_every_request_logs_in() {
    let settings = RestSettings {
        login_cache: Duration::ZERO,
        ..RestSettings::default()
    };
    let lab = Lab::with(SimConfig::new("admin", "pw"), settings).await;
    let c = lab.admin();
    for _ in 0..5 {
        c.list("/interface", &[], &["name"]).await.unwrap();
    }
    assert_eq!(rest_logins_logged(&c).await, 6);
}

/// A cached REST login of a user whose password an admin changes over the
/// API, who is disabled or who is removed is refused at once: 401 on the
/// next GET and PUT, although the cache was fresh and every hit used it.
#[tokio::test]
async fn revoked_users_get_401_at_once_despite_the_login_cache() {
    use routerctl_mikrotik::record::Attributes;
    for change in ["password", "disable", "remove"] {
        let config = SimConfig::new("admin", "pw").with_user("ops", "o", "full");
        let lab = Lab::with(config, RestSettings::default()).await;
        let http = lab.http();
        let get = || {
            http.get(lab.url("/rest/ip/address"))
                .basic_auth("ops", Some("o"))
        };
        let put = |address: &str| {
            http.put(lab.url("/rest/ip/address"))
                .basic_auth("ops", Some("o"))
                .header("content-type", "application/json")
                .body(json!({"address": address, "interface": "bridge"}).to_string())
        };
        assert_eq!(lab.send(get()).await.0, 200, "{change}");
        assert_eq!(lab.send(put("10.9.9.1/24")).await.0, 201, "{change}");

        // The admin, over the API front end's command path.
        let admin = lab.device.authenticate(b"admin", b"pw").unwrap();
        let mut args = Attributes::new();
        args.push("numbers", "ops");
        let command: &[u8] = match change {
            "password" => {
                args.push("password", "new");
                b"/user/set"
            }
            "disable" => b"/user/disable",
            _ => b"/user/remove",
        };
        let replies = lab.device.execute(&admin, command, &args, &[]);
        assert!(
            !replies
                .iter()
                .any(|r| matches!(r, routerctl_mikrotik::api::proto::Reply::Trap(_))),
            "{change}: {replies:?}"
        );

        let (status, _, body) = lab.send(get()).await;
        assert_eq!(
            (status, body.as_str()),
            (401, UNAUTHORIZED),
            "{change}: GET"
        );
        let (status, _, body) = lab.send(put("10.9.9.2/24")).await;
        assert_eq!(
            (status, body.as_str()),
            (401, UNAUTHORIZED),
            "{change}: PUT"
        );
        // The admin's own REST login is unaffected.
        assert_eq!(
            lab.call(Method::GET, "/rest/ip/address", None, None)
                .await
                .0,
            200
        );
    }
}

#[tokio::test]
async fn endless_commands_end_with_session_closed() {
    let settings = RestSettings {
        command_limit: Duration::from_millis(300),
        ..RestSettings::default()
    };
    let config = SimConfig::new("admin", "pw").with_user("other", "o", "full");
    let lab = Lab::with(config, settings).await;
    let admin = lab.admin();
    let queued = lab.admin();
    let other = lab.client("other", "o");

    let endless = admin.command("/ping", &[("address", "127.0.0.1")]);
    let behind = async {
        // Queue a request of the same user behind the endless one.
        tokio::time::sleep(Duration::from_millis(100)).await;
        queued.list("/interface", &[], &["name"]).await
    };
    let parallel = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        other.list("/interface", &[], &["name"]).await
    };
    let (endless, behind, parallel) = tokio::join!(endless, behind, parallel);
    let e = endless.unwrap_err();
    assert_eq!(e.vendor_code(), Some("400"));
    assert!(e.to_string().contains("Session closed"), "{e}");
    let e = behind.unwrap_err();
    assert!(e.to_string().contains("Session closed"), "{e}");
    assert!(parallel.is_ok(), "another user is not held up");
    // The user's next request runs normally.
    assert!(admin.list("/interface", &[], &["name"]).await.is_ok());
}

#[tokio::test]
async fn bodies_are_limited() {
    let settings = RestSettings {
        max_body: 4096,
        ..RestSettings::default()
    };
    let lab = Lab::with(SimConfig::new("admin", "pw"), settings).await;
    let big = format!(r#"{{"comment":"{}"}}"#, "x".repeat(10_000));
    let (status, _) = lab
        .call(Method::PATCH, "/rest/interface/ether2", JSON, Some(&big))
        .await;
    assert_eq!(status, 413);
    // Without a length announced (chunked), the limit holds while reading.
    let mut request = String::from(
        "PATCH /rest/interface/ether2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Authorization: Basic YWRtaW46cHc=\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\n\r\n",
    );
    for _ in 0..10 {
        request.push_str(&format!("3e8\r\n{}\r\n", "x".repeat(1000)));
    }
    request.push_str("0\r\n\r\n");
    let reply = raw_exchange(lab.server.local_addr(), request.into_bytes()).await;
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    // The server still serves.
    assert!(lab.admin().list("/interface", &[], &[]).await.is_ok());
}

#[tokio::test]
async fn https_with_pinned_fingerprint() {
    let device = Device::new(SimConfig::new("admin", "pw"));
    let identity = SelfSigned::generate(&[]).unwrap();
    let fingerprint = identity.fingerprint;
    let server = RestServer::bind(device, "127.0.0.1:0".parse().unwrap(), Some(identity))
        .await
        .unwrap();
    assert_eq!(server.fingerprint(), Some(fingerprint));
    let config = |tls| {
        RestConfig::https("127.0.0.1", Credentials::new("admin", "pw"), tls)
            .with_port(server.local_addr().port())
    };
    let client = RestClient::new(config(TlsPolicy::Pinned(fingerprint))).unwrap();
    assert!(client.check().await.unwrap().starts_with("7.20.5"));
    let other = SelfSigned::generate(&[]).unwrap().fingerprint;
    let wrong = RestClient::new(config(TlsPolicy::Pinned(other))).unwrap();
    let e = wrong.check().await.unwrap_err();
    assert_eq!(e.kind(), "tls");
    assert!(e.to_string().contains("fingerprint mismatch"), "{e}");
}

#[tokio::test]
async fn disabled_rest_serves_an_html_403() {
    let settings = RestSettings {
        disabled: true,
        ..RestSettings::default()
    };
    let lab = Lab::with(SimConfig::new("admin", "pw"), settings).await;
    let (status, headers, body) = lab
        .send(
            lab.http()
                .get(lab.url("/rest/interface"))
                .basic_auth("admin", Some("pw")),
        )
        .await;
    assert_eq!(status, 403);
    assert!(headers["content-type"].to_str().unwrap().contains("html"));
    assert!(body.starts_with("<!DOCTYPE html>"));
    let e = lab.admin().list("/interface", &[], &[]).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("403"));
    assert!(e.to_string().contains("HTML page"), "{e}");
}

#[tokio::test]
async fn version_knobs() {
    let settings = RestSettings {
        legacy_statuses: true,
        singleton_as_list: true,
        raw_control_chars: true,
        ..RestSettings::default()
    };
    let lab = Lab::with(SimConfig::new("admin", "pw"), settings).await;
    use Method as M;
    let (status, body) = lab
        .call(
            M::PUT,
            "/rest/ip/address",
            JSON,
            Some(r#"{"address":"10.8.8.8/24","interface":"ether2","comment":"a\u001bb"}"#),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("a\u{1b}b"),
        "control character sent raw: {body:?}"
    );
    let id = lab
        .admin()
        .list("/ip/address", &[("address", "10.8.8.8/24")], &[])
        .await
        .unwrap()[0]
        .get_str(".id")
        .unwrap()
        .into_owned();
    let (status, _) = lab
        .call(M::DELETE, &format!("/rest/ip/address/{id}"), None, None)
        .await;
    assert_eq!(status, 200);
    let (status, body) = lab
        .call(M::POST, "/rest/interface/remove", JSON, Some("{}"))
        .await;
    assert_eq!(status, 406, "{body}");
    let (_, body) = lab.call(M::GET, "/rest/system/resource", None, None).await;
    assert!(body.starts_with("[{"), "{body}");
    // The client reads the 7.1beta shape and the raw control characters.
    let row = lab
        .admin()
        .singleton("/system/resource", &[])
        .await
        .unwrap();
    assert!(row.get_str("version").is_some());
}

#[tokio::test]
async fn rest_changes_are_device_changes() {
    use routerctl_mikrotik::api::proto::{Attributes, Reply};
    let lab = Lab::new().await;
    let c = lab.admin();
    c.update("/interface", "ether5", &[("comment", "via rest")])
        .await
        .unwrap();
    // The console (the API front end's path into the device) sees it.
    let session = lab.device.authenticate(b"admin", b"pw").unwrap();
    let mut args = Attributes::new();
    args.push(".proplist", "comment");
    let replies = lab.device.execute(
        &session,
        b"/interface/print",
        &args,
        &[bytes::Bytes::from_static(b"name=ether5")],
    );
    assert!(
        matches!(&replies[0], Reply::Re(row) if row.get("comment") == Some(&b"via rest"[..])),
        "{replies:?}"
    );
    // And back: a console change is what REST reads.
    let mut set = Attributes::new();
    set.push(".id", "ether5");
    set.push("comment", "via console");
    lab.device.execute(&session, b"/interface/set", &set, &[]);
    let row = c.get("/interface", "ether5", &["comment"]).await.unwrap();
    assert_eq!(row.get_str("comment").as_deref(), Some("via console"));
}

/// 300 idle connections, far over the listener's pre-auth quota: every
/// healthy request between waves of them is served, and a keep-alive
/// connection whose credentials were accepted is not evicted (the REST
/// front end tells the listener when a request authenticated).
#[tokio::test]
async fn idle_flood_does_not_lock_out_authenticated_clients() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let lab = Lab::new().await;
    let addr = lab.server.local_addr();
    let request = |close: bool| {
        format!(
            "GET /rest/system/identity HTTP/1.1\r\nHost: x\r\nAuthorization: Basic YWRtaW46cHc=\r\n{}\r\n",
            if close { "Connection: close\r\n" } else { "" }
        )
    };
    let mut kept = tokio::net::TcpStream::connect(addr).await.unwrap();
    kept.write_all(request(false).as_bytes()).await.unwrap();
    let mut first = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), kept.read(&mut first))
        .await
        .unwrap()
        .unwrap();
    assert!(first[..n].starts_with(b"HTTP/1.1 200"));
    let mut hostile = Vec::new();
    for _ in 0..300 {
        hostile.push(tokio::net::TcpStream::connect(addr).await.unwrap());
    }
    for _ in 0..10 {
        let reply = raw_exchange(addr, request(true).into_bytes()).await;
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        for _ in 0..10 {
            hostile.push(tokio::net::TcpStream::connect(addr).await.unwrap());
        }
    }
    kept.write_all(request(true).as_bytes()).await.unwrap();
    let mut rest = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), kept.read_to_end(&mut rest)).await;
    assert!(
        rest.starts_with(b"HTTP/1.1 200"),
        "the authenticated keep-alive connection was evicted"
    );
}

/// The monitoring menus over REST (issue 14): the bridge host table and
/// the health sensors list, the SNMP singleton as a bare object.
#[tokio::test]
async fn get_bridge_hosts_health_and_snmp() {
    let lab = Lab::new().await;
    let c = lab.admin();
    let hosts = c
        .list("/interface/bridge/host", &[("local", "false")], &[])
        .await
        .unwrap();
    assert_eq!(hosts.len(), 4);
    for h in &hosts {
        assert_eq!(h.get_str("dynamic").as_deref(), Some("true"));
        assert!(h.get_str("mac-address").is_some());
    }
    let health = c.list("/system/health", &[], &[]).await.unwrap();
    assert_eq!(
        health[0].get_str("name").as_deref(),
        Some("cpu-temperature")
    );
    let (status, body) = lab.call(Method::GET, "/rest/snmp", None, None).await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["enabled"], "false", "{body}");
    let (status, body) = lab
        .call(
            Method::GET,
            "/rest/ip/pool/used?.proplist=address,owner",
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(4), "{body}");
}

/// `/user address`: Basic auth from a network outside the user's list is
/// refused like a wrong password, even with a cached login; widening the
/// list lets the same client in.
#[tokio::test]
async fn user_address_restricts_rest_logins() {
    use routerctl_mikrotik::record::Attributes;
    let config = SimConfig::new("admin", "pw").with_user("ops", "o", "full");
    let lab = Lab::with(config, RestSettings::default()).await;
    let http = lab.http();
    let get = || {
        http.get(lab.url("/rest/system/identity"))
            .basic_auth("ops", Some("o"))
    };
    assert_eq!(lab.send(get()).await.0, 200, "no list: any address");
    let admin = lab.device.authenticate(b"admin", b"pw").unwrap();
    let set = |list: &str| {
        let mut args = Attributes::new();
        args.push("numbers", "ops");
        args.push("address", list.to_string());
        lab.device.execute(&admin, b"/user/set", &args, &[])
    };
    set("10.0.0.0/8,2001:db8::/32");
    let (status, _, body) = lab.send(get()).await;
    assert_eq!((status, body.as_str()), (401, UNAUTHORIZED));
    set("10.0.0.0/8,127.0.0.0/8");
    assert_eq!(lab.send(get()).await.0, 200);
    // Other users are not affected by ops' list.
    set("192.0.2.1");
    assert_eq!(
        lab.call(Method::GET, "/rest/system/identity", None, None)
            .await
            .0,
        200
    );
    assert_eq!(lab.send(get()).await.0, 401);
}

/// `POST /rest/execute` with `as-string` answers the output as
/// `{"ret": ...}` (the RouterOS 7 REST manual's example); a traceroute
/// with a count plays out as a list of hop rows.
#[tokio::test]
async fn post_execute_and_traceroute() {
    let lab = Lab::new().await;
    let c = lab.admin();
    let reply = c
        .command(
            "/execute",
            &[
                ("script", ":put [/system/identity/get name]"),
                ("as-string", ""),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        reply,
        RestReply::Object([("ret", "MikroTik".to_string())].into_iter().collect())
    );
    let reply = c
        .command(
            "/tool/traceroute",
            &[("address", "8.8.8.8"), ("count", "1")],
        )
        .await
        .unwrap();
    let RestReply::List(hops) = reply else {
        panic!("{reply:?}")
    };
    assert_eq!(hops.len(), 2);
    assert_eq!(hops[1].get_str("address").as_deref(), Some("8.8.8.8"));
}

/// terraform-routeros' way with the RouterOS 7 menus: PUT creates with
/// the 7.x defaults (dotted names included), PATCH edits, GET by name.
#[tokio::test]
async fn ros7_menus_over_rest() {
    let lab = Lab::new().await;
    let c = lab.admin();
    let req = lab
        .http()
        .put(lab.url("/rest/routing/bgp/connection"))
        .basic_auth("admin", Some("pw"))
        .json(&json!({
            "name": "ix",
            "local.role": "ebgp-peer",
            "remote.address": "203.0.113.9",
            "remote.as": "64511"
        }));
    let (status, _, body) = lab.send(req).await;
    assert_eq!(status, 201, "{body}");
    let new: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(new["templates"], "default");
    assert_eq!(new["connect"], "true");
    let id = new[".id"].as_str().unwrap().to_string();
    let updated = c
        .update("/routing/bgp/connection", &id, &[("remote.as", "64512")])
        .await
        .unwrap();
    assert_eq!(updated.get_str("remote.as").as_deref(), Some("64512"));

    let req = lab
        .http()
        .put(lab.url("/rest/system/scheduler"))
        .basic_auth("admin", Some("pw"))
        .json(&json!({"name": "nightly", "interval": "1d", "on-event": ":log info tick"}));
    let (status, _, body) = lab.send(req).await;
    assert_eq!(status, 201, "{body}");
    let new: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(new["start-time"], "startup");
    assert_eq!(new["owner"], "admin");
    let (status, body) = lab
        .call(Method::GET, "/rest/system/scheduler/nightly", None, None)
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = lab.call(Method::GET, "/rest/ip/vrf", None, None).await;
    assert_eq!(status, 200);
    assert!(body.contains("\"builtin\":\"true\""), "{body}");
}
