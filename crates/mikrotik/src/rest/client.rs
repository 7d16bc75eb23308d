//! The async RouterOS REST client.
//!
//! One [`RestClient`] holds one HTTP connection pool (keep-alive, as
//! RouterOS expects: it logs a REST user in once per connection) and sends
//! HTTP Basic credentials with every request. Every request has a timeout
//! and every reply body is read against a size limit before it is parsed.

use std::time::Duration;

use routerctl_core::{Credentials, ErrorContext, Result, TlsPolicy};
use routerctl_kit::http::Method;
use routerctl_kit::http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use routerctl_kit::http::{HttpClient, HttpConfig, HttpReply, basic_auth};
use serde_json::{Map, Value};

use super::error::status_error;
pub use super::json::RestReply;
use super::json::{params_object, parse_records, parse_reply};
use super::path::{menu_path, query_string, record_path};
use crate::record::{Attributes, Command, CommandOutput, split_attribute};

/// Timeouts of the REST client; every network operation has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestTimeouts {
    /// TCP connect and TLS handshake.
    pub connect: Duration,
    /// One whole request: sending, waiting, reading the body.
    pub request: Duration,
}

impl Default for RestTimeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// How to reach one router's REST API.
#[derive(Debug, Clone)]
pub struct RestConfig {
    /// Name used in errors (inventory name, or `host:port`).
    pub label: String,
    /// Host name or IP address to connect to.
    pub host: String,
    /// TCP port: 443 for www-ssl, 80 for www.
    pub port: u16,
    /// `Some`: HTTPS (www-ssl, 443) under this policy. `None`: plain HTTP
    /// (www, 80; RouterOS 7.9+), which sends the password in clear and is
    /// meant for tests; the client logs a warning.
    pub tls: Option<TlsPolicy>,
    /// User name and password, sent as HTTP Basic auth on every request.
    pub credentials: Credentials,
    /// Connect and request timeouts.
    pub timeouts: RestTimeouts,
    /// Largest reply body accepted, in bytes.
    pub max_body: usize,
}

/// Default reply size limit: a large `/log` or `/ip/firewall/connection`
/// listing fits, a runaway peer does not.
pub const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;

impl RestConfig {
    /// HTTPS on port 443 under `tls`.
    pub fn https(host: &str, credentials: Credentials, tls: TlsPolicy) -> Self {
        Self {
            label: format!("{host}:443"),
            host: host.to_string(),
            port: 443,
            tls: Some(tls),
            credentials,
            timeouts: RestTimeouts::default(),
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// Plain HTTP on `port` (tests and labs only).
    pub fn http(host: &str, port: u16, credentials: Credentials) -> Self {
        Self {
            label: format!("{host}:{port}"),
            host: host.to_string(),
            port,
            tls: None,
            credentials,
            timeouts: RestTimeouts::default(),
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// Same settings on another port.
    pub fn with_port(mut self, port: u16) -> Self {
        if self.label == format!("{}:{}", self.host, self.port) {
            self.label = format!("{}:{port}", self.host);
        }
        self.port = port;
        self
    }

    /// The base URL every request path is appended to.
    pub fn base_url(&self) -> String {
        format!("{}/rest", self.http_config().origin(&self.host, self.port))
    }

    /// The shared HTTP client's settings for this router.
    fn http_config(&self) -> HttpConfig {
        HttpConfig {
            connect_timeout: self.timeouts.connect,
            max_body: self.max_body,
            // Shorter than a server's idle keep-alive limit (the simulator
            // closes after 30 s), so a pooled connection is not reused just
            // as the server hangs up on it.
            pool_idle_timeout: Duration::from_secs(20),
            ..HttpConfig::new(
                &self.label,
                crate::VENDOR,
                self.tls.clone(),
                self.timeouts.request,
            )
        }
    }
}

/// A RouterOS REST session. Cheap to clone; clones share the connection
/// pool.
///
/// Values go out as JSON strings and come back as strings, in
/// [`Attributes`], the record type of the API client.
#[derive(Debug, Clone)]
pub struct RestClient {
    http: HttpClient,
    base: String,
    /// Basic credentials, marked sensitive (never in debug output).
    authorization: HeaderValue,
}

impl RestClient {
    /// Build a client. Nothing is sent until the first request (REST has no
    /// session to open); use [`RestClient::check`] to test the credentials.
    pub fn new(config: RestConfig) -> Result<Self> {
        let ctx = ErrorContext::new(config.label.clone(), "REST setup");
        if config.tls.is_none() {
            tracing::warn!(router = %config.label, "REST over plain HTTP: the password travels in clear");
        }
        let http = HttpClient::new(config.http_config())?;
        let authorization = basic_auth(&config.credentials)
            .map_err(|_| ctx.config("credentials cannot be sent in an HTTP header"))?;
        Ok(Self {
            http,
            base: config.base_url(),
            authorization,
        })
    }

    /// The label used in errors.
    pub fn label(&self) -> &str {
        self.http.label()
    }

    /// Test reachability and credentials with a small read
    /// (`/system/resource`'s `version`); returns the version text.
    pub async fn check(&self) -> Result<String> {
        let row = self.singleton("/system/resource", &["version"]).await?;
        Ok(row
            .get_str("version")
            .map(|v| v.into_owned())
            .unwrap_or_default())
    }

    /// GET a menu: `print` with exact-match `filters` (AND) and an optional
    /// `.proplist`. The reply is a list for ordinary menus and an object for
    /// singleton menus (`/system/resource`); both come back as rows.
    pub async fn list(
        &self,
        menu: &str,
        filters: &[(&str, &str)],
        proplist: &[&str],
    ) -> Result<Vec<Attributes>> {
        let path = with_query(menu_path(menu), &query_string(filters, proplist));
        Ok(self.send(Method::GET, &path, None).await?.into_rows())
    }

    /// GET one record by `.id` (`*1A`) or by name (`ether1`, in menus whose
    /// records have names). A missing record is a vendor error with code
    /// `404`.
    pub async fn get(&self, menu: &str, id: &str, proplist: &[&str]) -> Result<Attributes> {
        let path = with_query(record_path(menu, id), &query_string(&[], proplist));
        self.one(Method::GET, &path, None).await
    }

    /// GET a singleton menu (`/system/resource`, `/system/identity`). Early
    /// 7.1 betas answered with a one-element list; that is accepted too.
    pub async fn singleton(&self, menu: &str, proplist: &[&str]) -> Result<Attributes> {
        let path = with_query(menu_path(menu), &query_string(&[], proplist));
        self.one(Method::GET, &path, None).await
    }

    /// PUT: add one record; returns the new record (with its `.id`).
    pub async fn create(&self, menu: &str, values: &[(&str, &str)]) -> Result<Attributes> {
        let body = Value::Object(params_object(values));
        self.one(Method::PUT, &menu_path(menu), Some(&body)).await
    }

    /// PATCH: change one record; returns the whole updated record.
    pub async fn update(
        &self,
        menu: &str,
        id: &str,
        values: &[(&str, &str)],
    ) -> Result<Attributes> {
        let body = Value::Object(params_object(values));
        self.one(Method::PATCH, &record_path(menu, id), Some(&body))
            .await
    }

    /// DELETE: remove one record. Removing it again is a 404 error.
    pub async fn delete(&self, menu: &str, id: &str) -> Result<()> {
        self.send(Method::DELETE, &record_path(menu, id), None)
            .await
            .map(drop)
    }

    /// POST a console command (`/ip/address/print`, `/system/reboot`,
    /// `/execute`) with its parameters. `!re` rows come back as
    /// [`RestReply::List`], data of `!done` as [`RestReply::Object`].
    pub async fn command(&self, path: &str, params: &[(&str, &str)]) -> Result<RestReply> {
        let body = Value::Object(params_object(params));
        self.send(Method::POST, &menu_path(path), Some(&body)).await
    }

    /// POST `<menu>/print` with a `.proplist` and API query words (without
    /// the leading `?`: `["type=ether", "type=vlan", "#|"]`).
    pub async fn print(
        &self,
        menu: &str,
        proplist: &[&str],
        query: &[&str],
    ) -> Result<Vec<Attributes>> {
        let mut body = Map::new();
        if !proplist.is_empty() {
            body.insert(".proplist".into(), Value::String(proplist.join(",")));
        }
        if !query.is_empty() {
            body.insert(
                ".query".into(),
                Value::Array(query.iter().map(|q| Value::String((*q).into())).collect()),
            );
        }
        let path = format!("{}/print", menu_path(menu));
        Ok(self
            .send(Method::POST, &path, Some(&Value::Object(body)))
            .await?
            .into_rows())
    }

    /// Run an API [`Command`] over REST: the command path becomes the URL,
    /// `=name=value` words the body, `?query` words `.query`. The reply is
    /// shaped like the API client's, so callers can use either protocol.
    pub async fn run(&self, command: &Command) -> Result<CommandOutput> {
        let (body, is_print) = command_body(command);
        let path = menu_path(&String::from_utf8_lossy(command.path()));
        let reply = self
            .send(Method::POST, &path, Some(&Value::Object(body)))
            .await?;
        Ok(match reply {
            RestReply::List(rows) => CommandOutput {
                empty: rows.is_empty() && is_print,
                rows,
                done: Attributes::new(),
            },
            RestReply::Object(done) => CommandOutput {
                rows: Vec::new(),
                done,
                empty: false,
            },
            RestReply::Nothing => CommandOutput::default(),
        })
    }

    /// Run an API [`Command`] over REST and return the router's JSON reply
    /// as it came (`!re` rows as a list, `!done` data as an object, `[]`
    /// for nothing), for raw calls.
    pub async fn run_json(&self, command: &Command) -> Result<Value> {
        let (body, _) = command_body(command);
        let path = menu_path(&String::from_utf8_lossy(command.path()));
        self.request(Method::POST, &path, Some(&Value::Object(body)))
            .await
    }

    /// Any request, for raw calls: `method` on `path` (below `/rest`,
    /// already encoded, query string allowed) with an optional JSON body.
    /// Returns the reply JSON (`null` for an empty 2xx body).
    pub async fn request(&self, method: Method, path: &str, body: Option<&Value>) -> Result<Value> {
        let op = operation(&method, path);
        let (ctx, reply) = self.exchange(method, path, body, &op).await?;
        if reply.is_empty() {
            return Ok(Value::Null);
        }
        parse_reply(&reply.body).map_err(|e| ctx.protocol(format!("reply is not JSON: {e}")))
    }

    /// A request whose reply must be one record.
    async fn one(&self, method: Method, path: &str, body: Option<&Value>) -> Result<Attributes> {
        let op = operation(&method, path);
        match self.send(method, path, body).await? {
            RestReply::Object(row) => Ok(row),
            RestReply::List(rows) if rows.len() == 1 => {
                Ok(rows.into_iter().next().unwrap_or_default())
            }
            RestReply::List(rows) => Err(self
                .http
                .ctx(op)
                .protocol(format!("expected one record, got a list of {}", rows.len()))),
            RestReply::Nothing => Err(self
                .http
                .ctx(op)
                .protocol("expected one record, got an empty reply")),
        }
    }

    /// Send, check the status, parse the body into a [`RestReply`].
    async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Result<RestReply> {
        let op = operation(&method, path);
        let (ctx, reply) = self.exchange(method, path, body, &op).await?;
        if reply.is_empty() {
            return Ok(RestReply::Nothing);
        }
        parse_records(&reply.body).map_err(|e| reply.json_error(&ctx, &e))
    }

    /// The HTTP exchange: returns a 2xx reply, or the mapped error of any
    /// other status.
    async fn exchange(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        op: &str,
    ) -> Result<(ErrorContext, HttpReply)> {
        let ctx = self.http.ctx(op);
        let url = format!("{}{}", self.base, path);
        let mut request = self
            .http
            .request(method, &url)
            .header(AUTHORIZATION, self.authorization.clone());
        if let Some(body) = body {
            let bytes = serde_json::to_vec(body).map_err(|e| ctx.protocol(e.to_string()))?;
            request = request
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(bytes);
        }
        let reply = self.http.send(&ctx, request).await?;
        if reply.status.is_success() {
            Ok((ctx, reply))
        } else {
            Err(status_error(
                &ctx,
                reply.status.as_u16(),
                reply.content_type(),
                &reply.body,
            ))
        }
    }
}

/// The operation named in errors: `GET /rest/ip/address`.
fn operation(method: &Method, path: &str) -> String {
    let bare = path.split('?').next().unwrap_or(path);
    format!("REST {method} /rest{bare}")
}

fn with_query(path: String, query: &str) -> String {
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// The POST body of an API command, and whether it is a `print`.
fn command_body(command: &Command) -> (Map<String, Value>, bool) {
    let mut body = Map::new();
    let mut query = Vec::new();
    for word in command.words().iter().skip(1) {
        if let Some(q) = word.strip_prefix(b"?") {
            query.push(Value::String(String::from_utf8_lossy(q).into_owned()));
        } else if let Some((name, value)) = split_attribute(word) {
            body.insert(
                String::from_utf8_lossy(&name).into_owned(),
                Value::String(String::from_utf8_lossy(&value).into_owned()),
            );
        }
        // `.tag` and other API-only words have no REST meaning.
    }
    if !query.is_empty() {
        body.insert(".query".into(), Value::Array(query));
    }
    let is_print = command.path().ends_with(b"/print") || command.path().ends_with(b"/getall");
    (body, is_print)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_brackets_ipv6() {
        let c = RestConfig::http("::1", 8080, Credentials::new("a", "b"));
        assert_eq!(c.base_url(), "http://[::1]:8080/rest");
        let c = RestConfig::https("192.0.2.1", Credentials::new("a", "b"), TlsPolicy::Insecure);
        assert_eq!(c.base_url(), "https://192.0.2.1:443/rest");
        assert_eq!(c.clone().with_port(8443).label, "192.0.2.1:8443");
    }

    #[test]
    fn command_words_become_a_body() {
        let cmd = Command::new("/ip/address/print")
            .attr(".proplist", "address,interface")
            .word("?type=ether")
            .word("?#|");
        let (body, is_print) = command_body(&cmd);
        assert!(is_print);
        assert_eq!(body[".proplist"], "address,interface");
        assert_eq!(body[".query"], serde_json::json!(["type=ether", "#|"]));
    }

    #[test]
    fn debug_hides_credentials() {
        let c = RestClient::new(RestConfig::http(
            "127.0.0.1",
            1,
            Credentials::new("admin", "s3cret"),
        ))
        .unwrap();
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("s3cret") && !shown.contains("Basic"),
            "{shown}"
        );
    }

    #[test]
    fn operation_names_the_path_without_query() {
        assert_eq!(
            operation(&Method::GET, "/ip/address?.proplist=x"),
            "REST GET /rest/ip/address"
        );
    }
}
