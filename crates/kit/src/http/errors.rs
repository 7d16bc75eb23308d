//! One mapping of transport failures onto the shared error.

use std::time::Duration;

use routerctl_core::tls::tls_failure_in;
use routerctl_core::{Error, ErrorContext};

/// A reqwest failure as the shared error: timeouts, refused connections and
/// TLS failures, with the innermost cause named (a pinned-fingerprint
/// mismatch says which fingerprint was pinned and which came).
///
/// `timeout` is the limit that applied, reported in
/// [`Error::Timeout`].
///
/// The request URL is dropped from the message (only host and port of a
/// failed connect are named): vendors put session tokens in query strings
/// (Peplink's `accessToken`), and errors end up in logs and on terminals.
pub fn transport_error(ctx: &ErrorContext, err: reqwest::Error, timeout: Duration) -> Error {
    if err.is_timeout() {
        return ctx.timeout(timeout);
    }
    let endpoint = err.url().map(endpoint_of);
    let err = err.without_url();
    if let Some(tls) = tls_failure_in(&err) {
        return ctx.tls(tls);
    }
    let chain = cause_chain(&err);
    if err.is_connect() {
        let kind = io_kind(&err).unwrap_or(std::io::ErrorKind::Other);
        return ctx.io(std::io::Error::new(
            kind,
            connect_failed(endpoint.as_ref(), kind, &chain),
        ));
    }
    if err.is_body() || err.is_decode() || err.is_request() {
        return ctx.disconnected(chain);
    }
    ctx.protocol(chain)
}

/// Every message in the error's source chain, outermost first, without
/// repeats (hyper and reqwest often repeat the inner text).
fn cause_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    for e in causes(err) {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

/// The error and its causes, opening `io::Error` payloads that `source()`
/// skips. Bounded, so a cyclic chain cannot hang us.
fn causes<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(err), |e| {
        match e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => e.source(),
        }
    })
    .take(32)
}

fn io_kind(err: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    causes(err)
        .find_map(|e| e.downcast_ref::<std::io::Error>())
        .map(std::io::Error::kind)
}

/// Where a request went, without path, query or user info: what a connect
/// error may name.
struct Endpoint {
    scheme: String,
    host: String,
    port: u16,
}

fn endpoint_of(url: &reqwest::Url) -> Endpoint {
    Endpoint {
        scheme: url.scheme().to_uppercase(),
        host: url.host_str().unwrap_or("?").to_string(),
        port: url.port_or_known_default().unwrap_or(0),
    }
}

/// A failed connect naming the address; a refused one hints at the usual
/// causes (router down, or a port that belongs to another protocol).
fn connect_failed(endpoint: Option<&Endpoint>, kind: std::io::ErrorKind, chain: &str) -> String {
    let Some(Endpoint { scheme, host, port }) = endpoint else {
        return format!("connect failed: {chain}");
    };
    if kind == std::io::ErrorKind::ConnectionRefused {
        format!(
            "connection refused at {host}:{port}: is the router up, and is {port} the port of {scheme}?"
        )
    } else {
        format!("cannot connect to {host}:{port}: {chain}")
    }
}
