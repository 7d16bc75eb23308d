//! [`RunningSim`]: a started simulator — which listeners it bound, what it
//! pretends to be — holding its servers alive until dropped.

use std::any::Any;
use std::future::Future;
use std::net::SocketAddr;

use routerctl_core::{Fingerprint, SelfSigned};

use super::cert::self_signed;
use super::setup::StartError;
use super::spec::ListenerSpec;
use super::{HttpListener, TcpServer};

/// A server a simulator runs: what the `sim` command announces about it.
/// Implemented by the kit's listeners and by vendor servers built on them.
pub trait SimServer: Send + Sync + 'static {
    /// The address actually bound (the real port when 0 was asked for).
    fn local_addr(&self) -> SocketAddr;
    /// The certificate's SHA-256 fingerprint, when serving TLS.
    fn fingerprint(&self) -> Option<Fingerprint>;
}

impl SimServer for HttpListener {
    fn local_addr(&self) -> SocketAddr {
        HttpListener::local_addr(self)
    }
    fn fingerprint(&self) -> Option<Fingerprint> {
        HttpListener::fingerprint(self)
    }
}

impl SimServer for TcpServer {
    fn local_addr(&self) -> SocketAddr {
        TcpServer::local_addr(self)
    }
    fn fingerprint(&self) -> Option<Fingerprint> {
        TcpServer::fingerprint(self)
    }
}

/// One listener a simulator opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundListener {
    /// [`ListenerSpec::name`].
    pub name: &'static str,
    /// The inventory protocol a client uses for it.
    pub protocol: &'static str,
    /// Where it listens.
    pub addr: SocketAddr,
    /// The certificate fingerprint a client pins, for TLS listeners.
    pub fingerprint: Option<Fingerprint>,
}

impl BoundListener {
    /// The machine-readable line `sim` prints: `NAME ADDR` or
    /// `NAME ADDR sha256=FINGERPRINT`.
    pub fn announcement(&self) -> String {
        match &self.fingerprint {
            Some(fp) => format!("{} {} sha256={fp}", self.name, self.addr),
            None => format!("{} {}", self.name, self.addr),
        }
    }
}

/// A simulator that is serving. Dropping it stops every server.
pub struct RunningSim {
    /// The driver vendor that talks to it (`ixon` or `openwrt` for the
    /// ubus simulator, by flavour).
    pub vendor: &'static str,
    /// What runs, for people: `RouterOS 7.20.5 "lab" (user admin)`.
    pub description: String,
    /// The name the device reports (identity, host name): a good
    /// inventory name for it.
    pub device_name: String,
    /// The listeners, in the order they were opened.
    pub listeners: Vec<BoundListener>,
    guards: Vec<Box<dyn Any + Send + Sync>>,
}

impl std::fmt::Debug for RunningSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningSim")
            .field("vendor", &self.vendor)
            .field("description", &self.description)
            .field("device_name", &self.device_name)
            .field("listeners", &self.listeners)
            .finish_non_exhaustive()
    }
}

impl RunningSim {
    /// A simulator with no listener yet.
    pub fn new(vendor: &'static str, description: String, device_name: String) -> Self {
        Self {
            vendor,
            description,
            device_name,
            listeners: Vec::new(),
            guards: Vec::new(),
        }
    }

    /// Open `spec` on `addr` with `bind`, which gets a fresh self-signed
    /// certificate when the listener is TLS; record it and keep the server
    /// alive as long as `self`. A failure reads `cannot serve WHAT on ADDR:
    /// REASON`.
    pub async fn serve<S, F, Fut>(
        &mut self,
        spec: &'static ListenerSpec,
        addr: SocketAddr,
        bind: F,
    ) -> Result<(), StartError>
    where
        S: SimServer,
        F: FnOnce(Option<SelfSigned>) -> Fut,
        Fut: Future<Output = std::io::Result<S>>,
    {
        let certificate = if spec.tls {
            let cert = self_signed()
                .map_err(|e| StartError::Failed(format!("cannot make a certificate: {e}")))?;
            Some(cert)
        } else {
            None
        };
        let server = bind(certificate).await.map_err(|e| {
            StartError::Failed(format!("cannot serve {} on {addr}: {e}", spec.what))
        })?;
        let fingerprint = server.fingerprint();
        if spec.tls && fingerprint.is_none() {
            return Err(StartError::Failed(format!(
                "the {} listener reports no certificate fingerprint",
                spec.name
            )));
        }
        self.listeners.push(BoundListener {
            name: spec.name,
            protocol: spec.protocol,
            addr: server.local_addr(),
            fingerprint,
        });
        self.guards.push(Box::new(server));
        Ok(())
    }

    /// Keep `value` (a shared device, a background task handle) alive as
    /// long as the simulator runs.
    pub fn keep(&mut self, value: impl Any + Send + Sync) {
        self.guards.push(Box::new(value));
    }
}
