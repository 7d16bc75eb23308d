//! The HTTP side: `/metrics` (every router), `/probe?target=NAME` (one
//! router, the blackbox_exporter pattern; only inventory names are
//! accepted, so the exporter cannot be turned against arbitrary hosts),
//! and `/` (the routers and how their last collection went).
//!
//! It runs on the kit's hardened listener (header and write timeouts,
//! connection caps), plain or TLS from the operator's PEM files, with
//! optional HTTP basic auth. [`check_listen`] refuses to serve metrics
//! openly on a non-loopback address unless told to.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use axum::extract::Request;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use routerctl_core::{Fingerprint, Secret, SelfSigned};
use routerctl_kit::sim::{AuthHandle, HttpListener, Limits};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};

use crate::collect::Collector;
use crate::metrics::{self, CONTENT_TYPE};

/// Basic-auth credentials the listener requires.
#[derive(Debug, Clone)]
pub struct BasicAuth {
    /// Expected user name.
    pub username: String,
    /// Expected password (from an environment variable or a file, never
    /// the command line).
    pub password: Secret,
}

/// How the listener is exposed.
#[derive(Debug, Clone)]
pub struct Listen {
    /// Address to bind (port 0 picks a free one).
    pub addr: SocketAddr,
    /// Certificate chain and private key, PEM files: serve HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Require these credentials on every request.
    pub auth: Option<BasicAuth>,
    /// Serve on a non-loopback address without TLS and auth anyway.
    pub insecure: bool,
}

/// Whether `listen` may be served: `Ok(None)` when fine, `Ok(Some(warning))`
/// when allowed only by `insecure`, `Err` when refused.
///
/// ```
/// use routerctl_exporter::server::{check_listen, Listen};
/// let mut l = Listen { addr: "127.0.0.1:9436".parse().unwrap(), tls: None, auth: None, insecure: false };
/// assert_eq!(check_listen(&l), Ok(None));
/// l.addr = "0.0.0.0:9436".parse().unwrap();
/// assert!(check_listen(&l).is_err());
/// l.insecure = true;
/// assert!(check_listen(&l).unwrap().is_some());
/// ```
pub fn check_listen(listen: &Listen) -> Result<Option<String>, String> {
    if listen.addr.ip().is_loopback() || (listen.tls.is_some() && listen.auth.is_some()) {
        return Ok(None);
    }
    let missing = match (listen.tls.is_some(), listen.auth.is_some()) {
        (false, false) => "TLS and basic auth",
        (false, true) => "TLS",
        _ => "basic auth",
    };
    if listen.insecure {
        return Ok(Some(format!(
            "serving router metrics on {} without {missing}: anyone who reaches it can read them",
            listen.addr
        )));
    }
    Err(format!(
        "refusing to serve metrics on non-loopback {} without {missing}; give --tls-cert/--tls-key and basic auth, or --insecure-listen to accept the risk",
        listen.addr
    ))
}

/// A TLS server identity from the operator's PEM files.
pub fn load_tls(cert: &std::path::Path, key: &std::path::Path) -> Result<SelfSigned, String> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| format!("{}: {e}", cert.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", cert.display()))?;
    let first = chain
        .first()
        .ok_or_else(|| format!("{}: no certificate in the file", cert.display()))?;
    let fingerprint = Fingerprint::of_der(first.as_ref());
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("{}: {e}", key.display()))?;
    let config =
        rustls::ServerConfig::builder_with_provider(routerctl_core::tls::crypto_provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS setup: {e}"))?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| format!("TLS setup: {e}"))?;
    Ok(SelfSigned {
        config: Arc::new(config),
        fingerprint,
        cert_pem: String::new(),
    })
}

struct App {
    collector: Arc<Collector>,
    /// SHA-256 of `user:password`: compared without revealing where a
    /// wrong guess differs.
    auth: Option<[u8; 32]>,
}

fn digest(text: &[u8]) -> [u8; 32] {
    Sha256::digest(text).into()
}

impl App {
    fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(expected) = &self.auth else {
            return true;
        };
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b| {
                base64::engine::general_purpose::STANDARD
                    .decode(b.trim())
                    .ok()
            });
        match given {
            Some(pair) => {
                let got = digest(&pair);
                got.iter()
                    .zip(expected)
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
            }
            None => false,
        }
    }
}

fn unauthorized() -> Response {
    let mut response = (StatusCode::UNAUTHORIZED, "authentication required\n").into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"routerctl exporter\""),
    );
    response
}

fn openmetrics(text: String) -> Response {
    let mut response = text.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    response
}

/// Checks credentials on every request, whatever its path, and marks the
/// connection as authenticated (so the listener's pre-auth limits stop
/// applying), or answers 401. A layer rather than a call in each handler,
/// so a route added later cannot forget it.
async fn admit(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if !app.authorized(request.headers()) {
        return unauthorized();
    }
    if let Some(handle) = request.extensions().get::<AuthHandle>() {
        handle.mark_authenticated();
    }
    next.run(request).await
}

async fn metrics_handler(State(app): State<Arc<App>>) -> Response {
    let routers = app.collector.scrape_all().await;
    openmetrics(metrics::encode(routers))
}

async fn probe_handler(State(app): State<Arc<App>>, uri: Uri) -> Response {
    let target = form_target(uri.query().unwrap_or(""));
    let Some(name) = target else {
        return (StatusCode::BAD_REQUEST, "missing ?target=NAME\n").into_response();
    };
    let Some(index) = app.collector.find(&name) else {
        return (
            StatusCode::NOT_FOUND,
            format!(
                "no router called {:?} in the inventory\n",
                metrics::escape(&name)
            ),
        )
            .into_response();
    };
    openmetrics(metrics::encode(app.collector.scrape(index).await))
}

/// The `target` parameter of a query string, percent-decoded.
fn form_target(query: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == "target").then(|| percent_decode(value))
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|c| (*c as char).to_digit(16));
        match b {
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn index_handler(State(app): State<Arc<App>>) -> Response {
    let mut page = String::from(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>routerctl exporter</title></head><body>\n<h1>routerctl exporter</h1>\n<p><a href=\"/metrics\">/metrics</a> (every router) &middot; /probe?target=NAME (one router)</p>\n<table border=\"1\" cellpadding=\"4\">\n<tr><th>router</th><th>vendor</th><th>address</th><th>last scrape</th><th>seconds</th><th>errors</th><th>sessions opened</th><th>error</th></tr>\n",
    );
    let now = SystemTime::now();
    for s in app.collector.status() {
        let (state, took, error) = match &s.last {
            None => ("not yet".to_string(), String::new(), String::new()),
            Some(last) => {
                let ago = now
                    .duration_since(last.at)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                (
                    format!("{} ({ago}s ago)", if last.up { "up" } else { "DOWN" }),
                    format!("{:.3}", last.duration.as_secs_f64()),
                    last.error.clone().unwrap_or_default(),
                )
            }
        };
        let name = html_escape(&s.target.name);
        let _ = writeln!(
            page,
            "<tr><td><a href=\"/probe?target={}\">{name}</a></td><td>{}</td><td>{}</td><td>{state}</td><td>{took}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html_escape(&percent_encode(&s.target.name)),
            html_escape(&s.target.vendor),
            html_escape(&s.target.address),
            s.errors,
            s.connects,
            html_escape(&error),
        );
    }
    page.push_str("</table>\n</body></html>\n");
    let mut response = page.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A running exporter listener; dropping it stops serving.
#[derive(Debug)]
pub struct Server {
    listener: HttpListener,
}

impl Server {
    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr()
    }

    /// `http://addr` or `https://addr`.
    pub fn base_url(&self) -> String {
        self.listener.base_url()
    }
}

/// Serve `collector` as [`Listen`] says (call [`check_listen`] first).
pub async fn serve(collector: Arc<Collector>, listen: &Listen) -> Result<Server, String> {
    let tls = match &listen.tls {
        Some((cert, key)) => Some(load_tls(cert, key)?),
        None => None,
    };
    let auth = listen.auth.as_ref().map(|a| {
        let mut pair = a.username.clone().into_bytes();
        pair.push(b':');
        pair.extend_from_slice(a.password.expose().as_bytes());
        digest(&pair)
    });
    let app = Arc::new(App { collector, auth });
    let router = axum::Router::new()
        .route("/", get(index_handler))
        .route("/metrics", get(metrics_handler))
        .route("/probe", get(probe_handler))
        .layer(middleware::from_fn_with_state(app.clone(), admit))
        .with_state(app);
    let limits = Limits::default();
    let listener = HttpListener::bind(listen.addr, router, tls, limits)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", listen.addr))?;
    Ok(Server { listener })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_targets_are_percent_decoded() {
        assert_eq!(form_target("target=edge%2D1&x=y"), Some("edge-1".into()));
        assert_eq!(form_target("a=b&target=lab+1"), Some("lab 1".into()));
        assert_eq!(form_target("target=%zz"), Some("%zz".into()));
        assert_eq!(form_target("nothing"), None);
        assert_eq!(percent_encode("a b/c"), "a%20b%2Fc");
    }

    #[test]
    fn non_loopback_needs_both_tls_and_auth() {
        let auth = BasicAuth {
            username: "prom".into(),
            password: Secret::new("pw".to_string()),
        };
        let mut l = Listen {
            addr: "192.0.2.5:9436".parse().unwrap(),
            tls: Some(("c.pem".into(), "k.pem".into())),
            auth: None,
            insecure: false,
        };
        assert!(check_listen(&l).unwrap_err().contains("basic auth"));
        l.auth = Some(auth);
        assert_eq!(check_listen(&l), Ok(None));
        l.tls = None;
        assert!(check_listen(&l).unwrap_err().contains("TLS"));
        l.addr = "[::1]:9436".parse().unwrap();
        assert_eq!(check_listen(&l), Ok(None));
    }

    #[test]
    fn basic_auth_accepts_only_the_right_pair() {
        let app = App {
            collector: Arc::new(Collector::new(
                Vec::new(),
                Arc::new(Nobody),
                crate::collect::Settings {
                    concurrency: 1,
                    backoff: crate::backoff::Backoff::default(),
                },
            )),
            auth: Some(digest(b"prom:s3cret")),
        };
        let with = |value: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
            h
        };
        let good = base64::engine::general_purpose::STANDARD.encode("prom:s3cret");
        let bad = base64::engine::general_purpose::STANDARD.encode("prom:s3cres");
        assert!(app.authorized(&with(&format!("Basic {good}"))));
        assert!(!app.authorized(&with(&format!("Basic {bad}"))));
        assert!(!app.authorized(&with("Basic !!!")));
        assert!(!app.authorized(&HeaderMap::new()));
    }

    #[test]
    fn tls_identities_load_from_pem_files_and_bad_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
        let cert = dir.path().join("cert.pem");
        let key = dir.path().join("key.pem");
        std::fs::write(&cert, certified.cert.pem()).unwrap();
        std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
        let loaded = load_tls(&cert, &key).unwrap();
        assert_eq!(
            loaded.fingerprint,
            Fingerprint::of_der(certified.cert.der())
        );

        let junk = dir.path().join("junk.pem");
        std::fs::write(&junk, "not a certificate").unwrap();
        let e = load_tls(&junk, &key).err().unwrap();
        assert!(e.contains("junk.pem"), "{e}");
        let e = load_tls(&cert, &dir.path().join("missing.pem"))
            .err()
            .unwrap();
        assert!(e.contains("missing.pem"), "{e}");
    }

    #[tokio::test]
    async fn tls_and_basic_auth_serve_metrics() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let dir = tempfile::tempdir().unwrap();
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
        let (cert, key) = (dir.path().join("c.pem"), dir.path().join("k.pem"));
        std::fs::write(&cert, certified.cert.pem()).unwrap();
        std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
        let collector = Arc::new(Collector::new(
            Vec::new(),
            Arc::new(Nobody),
            crate::collect::Settings {
                concurrency: 1,
                backoff: crate::backoff::Backoff::default(),
            },
        ));
        let listen = Listen {
            addr: "127.0.0.1:0".parse().unwrap(),
            tls: Some((cert, key)),
            auth: Some(BasicAuth {
                username: "prom".into(),
                password: Secret::new("s3cret"),
            }),
            insecure: false,
        };
        let server = serve(collector, &listen).await.unwrap();
        assert!(server.base_url().starts_with("https://"));
        let pin = Fingerprint::of_der(certified.cert.der());
        let config = routerctl_core::TlsPolicy::Pinned(pin)
            .client_config()
            .unwrap();
        let get = |authorization: &'static str| {
            let config = config.clone();
            let addr = server.local_addr();
            async move {
                let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
                let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
                let mut tls = tokio_rustls::TlsConnector::from(config)
                    .connect(name, tcp)
                    .await
                    .unwrap();
                let request = format!(
                    "GET /metrics HTTP/1.1\r\nHost: localhost\r\n{authorization}Connection: close\r\n\r\n"
                );
                tls.write_all(request.as_bytes()).await.unwrap();
                let mut reply = String::new();
                let _ = tls.read_to_string(&mut reply).await;
                reply
            }
        };
        let denied = get("").await;
        assert!(denied.starts_with("HTTP/1.1 401"), "{denied}");
        // prom:s3cret
        let ok = get("Authorization: Basic cHJvbTpzM2NyZXQ=\r\n").await;
        assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
        assert!(
            ok.contains("application/openmetrics-text") && ok.ends_with("# EOF\n"),
            "{ok}"
        );
    }

    struct Nobody;
    impl crate::target::Connect for Nobody {
        fn connect(
            &self,
            _: usize,
        ) -> routerctl_core::BoxFuture<'_, routerctl_core::Result<Box<dyn routerctl_core::Router>>>
        {
            Box::pin(async {
                Err(routerctl_core::ErrorContext::new("x", "connect").config("none"))
            })
        }
    }
}
