//! [`HttpClient`]: a reqwest client built the one routerctl way.

use std::fmt;
use std::time::Duration;

use bytes::BytesMut;
use routerctl_core::{ErrorContext, Result, TlsPolicy};

use super::errors::transport_error;
use super::reply::HttpReply;

/// Default reply size limit: generous for a router's largest listing, small
/// enough that a runaway peer cannot exhaust memory.
pub const DEFAULT_MAX_BODY: usize = 16 * 1024 * 1024;

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
}

impl HttpConfig {
    /// A config with `timeout` for connecting and for each request, the
    /// default body limit and a 20 s pool idle timeout.
    ///
    /// ```
    /// use std::time::Duration;
    /// use routerctl_kit::http::HttpConfig;
    /// let c = HttpConfig::new("r1", "peplink", None, Duration::from_secs(3));
    /// assert_eq!(c.request_timeout, Duration::from_secs(3));
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
/// the pool.
#[derive(Clone)]
pub struct HttpClient {
    inner: reqwest::Client,
    label: String,
    vendor: &'static str,
    request_timeout: Duration,
    max_body: usize,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("label", &self.label)
            .field("vendor", &self.vendor)
            .field("request_timeout", &self.request_timeout)
            .field("max_body", &self.max_body)
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
        let inner = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("routerctl/", env!("CARGO_PKG_VERSION")))
            .pool_idle_timeout(config.pool_idle_timeout)
            .use_preconfigured_tls((*tls).clone())
            .build()
            .map_err(|e| ctx.config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self {
            inner,
            label: config.label,
            vendor: config.vendor,
            request_timeout: config.request_timeout,
            max_body: config.max_body,
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
    pub async fn send(
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
        Ok(HttpReply {
            status,
            headers,
            body: body.freeze(),
        })
    }
}
