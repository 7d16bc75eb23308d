//! [`HttpClient`]: a reqwest client built the one routerctl way.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use routerctl_core::{ErrorContext, Result, TlsPolicy};

use super::connect_gate::{GateLayer, Recent};
use super::errors::transport_error;
use super::reply::HttpReply;

/// Default reply size limit: generous for a router's largest listing, small
/// enough that a runaway peer cannot exhaust memory.
pub const DEFAULT_MAX_BODY: usize = 16 * 1024 * 1024;

/// Default cap on requests one [`HttpClient`] has in flight at once.
///
/// reqwest has no per-host connection limit: every request sent while the
/// pooled connections are busy opens a new TCP (and TLS) connection, so a
/// driver that fans out a dozen getters held a dozen sessions on the router.
/// Routers have few web sessions (RouterOS allows 20 for its whole web
/// service, small routers a handful), and keep-alive reuse makes requests
/// that wait their turn cheap. Two, not one, so a router that is slow on
/// one request still answers another.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 2;

/// How to reach one HTTP(S) endpoint.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Router name used in errors (the inventory name, or `host:port`).
    pub label: String,
    /// Vendor family named in errors and logs.
    pub vendor: &'static str,
    /// `Some`: HTTPS under this policy. `None`: plain HTTP, which sends
    /// credentials in clear; the client logs a warning once at build time.
    pub tls: Option<TlsPolicy>,
    /// TCP connect and TLS handshake.
    pub connect_timeout: Duration,
    /// One whole request: sending, waiting, reading the body.
    pub request_timeout: Duration,
    /// Largest reply body accepted, in bytes.
    pub max_body: usize,
    /// How long an idle pooled connection is kept. Shorter than a router's
    /// own keep-alive limit, so a pooled connection is not reused just as
    /// the server hangs up on it.
    pub pool_idle_timeout: Duration,
    /// Most requests in flight at once through one client (and its clones),
    /// and so most connections it holds to the router; further requests
    /// wait their turn, and the wait counts against their
    /// `request_timeout`. `0` is read as `1`. See [`DEFAULT_MAX_IN_FLIGHT`].
    pub max_in_flight: usize,
}

impl HttpConfig {
    /// A config with `timeout` for connecting and for each request, the
    /// default body limit, a 20 s pool idle timeout and at most
    /// [`DEFAULT_MAX_IN_FLIGHT`] requests in flight.
    ///
    /// ```
    /// use std::time::Duration;
    /// use routerctl_kit::http::HttpConfig;
    /// let c = HttpConfig::new("r1", "peplink", None, Duration::from_secs(3));
    /// assert_eq!(c.request_timeout, Duration::from_secs(3));
    /// assert_eq!(c.max_in_flight, routerctl_kit::http::DEFAULT_MAX_IN_FLIGHT);
    /// ```
    pub fn new(
        label: &str,
        vendor: &'static str,
        tls: Option<TlsPolicy>,
        timeout: Duration,
    ) -> Self {
        Self {
            label: label.to_string(),
            vendor,
            tls,
            connect_timeout: timeout,
            request_timeout: timeout,
            max_body: DEFAULT_MAX_BODY,
            pool_idle_timeout: Duration::from_secs(20),
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
        }
    }

    /// `http` or `https`, as this config speaks it.
    pub fn scheme(&self) -> &'static str {
        if self.tls.is_some() { "https" } else { "http" }
    }

    /// `scheme://host:port`, with IPv6 hosts bracketed.
    ///
    /// ```
    /// use std::time::Duration;
    /// use routerctl_kit::http::HttpConfig;
    /// let c = HttpConfig::new("r1", "ixon", None, Duration::from_secs(3));
    /// assert_eq!(c.origin("::1", 8080), "http://[::1]:8080");
    /// ```
    pub fn origin(&self, host: &str, port: u16) -> String {
        routerctl_core::descriptor::origin(self.scheme(), host, port)
    }
}

/// One vendor client's HTTP connection pool. Cheap to clone; clones share
/// the pool and its cap on requests in flight.
#[derive(Clone)]
pub struct HttpClient {
    inner: reqwest::Client,
    label: String,
    vendor: &'static str,
    request_timeout: Duration,
    max_body: usize,
    /// One permit per request in flight, held from sending until the body
    /// is read, never across another request (so no caller can deadlock
    /// on it, whatever the cap).
    in_flight: Arc<tokio::sync::Semaphore>,
    max_in_flight: usize,
    /// Tells the connector when a reply just gave its connection back.
    recent: Arc<Recent>,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("label", &self.label)
            .field("vendor", &self.vendor)
            .field("request_timeout", &self.request_timeout)
            .field("max_body", &self.max_body)
            .field("max_in_flight", &self.max_in_flight)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// Build the client; nothing is sent yet. Fails with
    /// [`routerctl_core::Error::Config`] when the TLS policy cannot be
    /// loaded (an unreadable CA file, ...).
    pub fn new(config: HttpConfig) -> Result<Self> {
        let ctx = ErrorContext::new(config.label.clone(), "HTTP setup");
        // reqwest must always be handed a rustls config: built without one
        // it looks for a process-wide crypto provider and panics when there
        // is none (routerctl ships ring only and never installs it
        // globally). Plain-HTTP clients get a web-PKI config that is never
        // used, so a CA-file policy is not read for them.
        let tls = match &config.tls {
            Some(policy) => {
                if policy.is_insecure() {
                    tracing::warn!(router = %config.label, vendor = config.vendor, "HTTPS without certificate verification (insecure)");
                }
                policy.client_config()
            }
            None => {
                tracing::debug!(router = %config.label, vendor = config.vendor, "plain HTTP: credentials travel in clear");
                TlsPolicy::SystemRoots.client_config()
            }
        }
        .map_err(|m| ctx.config(m))?;
        let max_in_flight = config
            .max_in_flight
            .clamp(1, tokio::sync::Semaphore::MAX_PERMITS);
        let recent = Arc::new(Recent::default());
        let inner = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("routerctl/", env!("CARGO_PKG_VERSION")))
            .pool_idle_timeout(config.pool_idle_timeout)
            .pool_max_idle_per_host(max_in_flight)
            .connector_layer(GateLayer {
                recent: recent.clone(),
            })
            .use_preconfigured_tls((*tls).clone())
            .build()
            .map_err(|e| ctx.config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self {
            inner,
            label: config.label,
            vendor: config.vendor,
            request_timeout: config.request_timeout,
            max_body: config.max_body,
            in_flight: Arc::new(tokio::sync::Semaphore::new(max_in_flight)),
            max_in_flight,
            recent,
        })
    }

    /// The router name used in errors.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The vendor named in errors.
    pub fn vendor(&self) -> &'static str {
        self.vendor
    }

    /// The request timeout, as reported in timeout errors.
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    /// Most requests this client has in flight at once.
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight
    }

    /// An error context naming this router and `operation`.
    pub fn ctx(&self, operation: impl Into<String>) -> ErrorContext {
        ErrorContext::new(self.label.clone(), operation)
    }

    /// Start a request; add headers and a body, then [`HttpClient::send`].
    pub fn request(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        self.inner.request(method, url)
    }

    /// Send `request` and read the whole reply body against the size limit.
    ///
    /// Every status comes back as an [`HttpReply`]; what a status means is
    /// the vendor's business ([`HttpReply::status_error`] is the generic
    /// reading). Transport failures become the shared error:
    /// [`Timeout`](routerctl_core::Error::Timeout),
    /// [`Tls`](routerctl_core::Error::Tls) (a pin mismatch names both
    /// fingerprints), [`Io`](routerctl_core::Error::Io) for refused or
    /// failed connections, [`Disconnected`](routerctl_core::Error::Disconnected)
    /// when the peer went away mid-reply.
    ///
    /// At most [`HttpConfig::max_in_flight`] requests run at once; a request
    /// that waits for its turn spends its own `request_timeout` waiting, so
    /// waiting plus sending plus reading never exceeds it. A request that
    /// finds no idle connection within a second of another reply first
    /// waits up to 200 ms for that reply's connection to come back to the
    /// pool, so a burst reuses connections instead of adding one.
    pub async fn send(
        &self,
        ctx: &ErrorContext,
        request: reqwest::RequestBuilder,
    ) -> Result<HttpReply> {
        let now = tokio::time::Instant::now();
        // A timeout too large to add is as good as none: a day still bounds
        // the wait.
        let deadline = now
            .checked_add(self.request_timeout)
            .unwrap_or_else(|| now + Duration::from_secs(24 * 3600));
        let _permit = tokio::time::timeout_at(deadline, self.in_flight.acquire())
            .await
            .map_err(|_| ctx.timeout(self.request_timeout))?
            .map_err(|_| ctx.disconnected("the HTTP client was shut down"))?;
        let remaining = deadline.saturating_duration_since(tokio::time::Instant::now());
        if remaining.is_zero() {
            return Err(ctx.timeout(self.request_timeout));
        }
        self.read_reply(ctx, request.timeout(remaining)).await
    }

    /// Send and read the whole body; the caller holds a permit.
    async fn read_reply(
        &self,
        ctx: &ErrorContext,
        request: reqwest::RequestBuilder,
    ) -> Result<HttpReply> {
        let mut response = request
            .send()
            .await
            .map_err(|e| transport_error(ctx, e, self.request_timeout))?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let limit = self.max_body;
        let too_big = |n: String| {
            ctx.protocol(format!(
                "reply body of {n} bytes exceeds the limit of {limit} bytes"
            ))
        };
        // The announced length is checked before anything is read.
        if let Some(len) = response.content_length()
            && usize::try_from(len).map_or(true, |l| l > limit)
        {
            return Err(too_big(len.to_string()));
        }
        let mut body = BytesMut::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| transport_error(ctx, e, self.request_timeout))?
        {
            if body.len().saturating_add(chunk.len()) > limit {
                return Err(too_big(format!("more than {limit}")));
            }
            body.extend_from_slice(&chunk);
        }
        if !closes(&headers) {
            self.recent.reusable_reply();
        }
        Ok(HttpReply {
            status,
            headers,
            body: body.freeze(),
        })
    }
}

/// Whether the server said it closes the connection after this reply, so
/// the pool does not get it back.
fn closes(headers: &reqwest::header::HeaderMap) -> bool {
    headers
        .get_all(reqwest::header::CONNECTION)
        .iter()
        .any(|v| {
            v.to_str()
                .is_ok_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case("close")))
        })
}
