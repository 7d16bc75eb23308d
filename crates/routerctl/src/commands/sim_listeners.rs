//! What every `sim ...` command does per listener: bind it (a TLS one with
//! a fresh self-signed certificate) and note the machine-readable line it
//! announces, `NAME ADDR` or `NAME ADDR sha256=FINGERPRINT`. The lines are
//! printed together once every listener is up, so a reader that has seen
//! them all can connect to any of them.

use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;

use anyhow::{Context, anyhow};
use routerctl_core::{Fingerprint, SelfSigned};
use routerctl_ixon::sim::HttpServer;
use routerctl_mikrotik::sim::{ApiServer, RestServer};

/// A simulator server as the `sim` commands see it.
pub(super) trait Listener {
    /// The address actually bound (the real port when 0 was asked for).
    fn local_addr(&self) -> SocketAddr;
    /// The certificate's SHA-256 fingerprint, when serving TLS.
    fn fingerprint(&self) -> Option<Fingerprint>;
}

macro_rules! listener {
    ($server:ty) => {
        impl Listener for $server {
            fn local_addr(&self) -> SocketAddr {
                <$server>::local_addr(self)
            }
            fn fingerprint(&self) -> Option<Fingerprint> {
                <$server>::fingerprint(self)
            }
        }
    };
}
listener!(ApiServer);
listener!(RestServer);
listener!(HttpServer);

/// The lines of the listeners bound so far, in order.
#[derive(Debug, Default)]
pub(super) struct Announcements(Vec<String>);

impl Announcements {
    /// Bind a plain listener with `bind(None)`; announced as `NAME ADDR`.
    /// A failure reads `cannot serve WHAT on ADDR`.
    pub async fn plain<S, F>(
        &mut self,
        name: &str,
        what: &str,
        addr: SocketAddr,
        bind: impl FnOnce(Option<SelfSigned>) -> F,
    ) -> anyhow::Result<S>
    where
        S: Listener,
        F: Future<Output = std::io::Result<S>>,
    {
        let server = serve(what, addr, bind, None).await?;
        self.0.push(format!("{name} {}", server.local_addr()));
        Ok(server)
    }

    /// Bind a TLS listener with a new self-signed certificate; announced as
    /// `NAME ADDR sha256=FINGERPRINT`, the fingerprint a client pins.
    pub async fn tls<S, F>(
        &mut self,
        name: &str,
        what: &str,
        addr: SocketAddr,
        bind: impl FnOnce(Option<SelfSigned>) -> F,
    ) -> anyhow::Result<S>
    where
        S: Listener,
        F: Future<Output = std::io::Result<S>>,
    {
        let server = serve(what, addr, bind, Some(certificate()?)).await?;
        let fingerprint = server
            .fingerprint()
            .ok_or_else(|| anyhow!("the {name} listener reports no certificate fingerprint"))?;
        self.0.push(format!(
            "{name} {} sha256={fingerprint}",
            server.local_addr()
        ));
        Ok(server)
    }

    /// Print every line on stdout and flush.
    pub fn print(&self) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        for line in &self.0 {
            writeln!(out, "{line}")?;
        }
        out.flush()
    }
}

/// Bind with `identity`; a failure reads `cannot serve WHAT on ADDR`.
async fn serve<S, F>(
    what: &str,
    addr: SocketAddr,
    bind: impl FnOnce(Option<SelfSigned>) -> F,
    identity: Option<SelfSigned>,
) -> anyhow::Result<S>
where
    F: Future<Output = std::io::Result<S>>,
{
    bind(identity)
        .await
        .with_context(|| format!("cannot serve {what} on {addr}"))
}

/// A fresh self-signed certificate for a simulator listener.
pub(super) fn certificate() -> anyhow::Result<SelfSigned> {
    SelfSigned::generate(&[]).map_err(|e| anyhow!("cannot make a certificate: {e}"))
}
