//! The `Router` trait every vendor driver implements, and what a driver needs
//! to connect.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use async_trait::async_trait;
use serde::Serialize;

use crate::{
    Client, Config, Credentials, DhcpLease, Error, ErrorContext, Facts, Interface, Resources,
    Result, TlsPolicy, WanLink, WifiNetwork,
};

/// The rows of a streaming raw command, as the vendor sends them. Dropping
/// the stream cancels the command on the router.
pub type RawStream = Pin<Box<dyn futures_core::Stream<Item = Result<serde_json::Value>> + Send>>;

/// A boxed, `Send` future borrowing for `'a`: what a [`ConnectFn`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A vendor's connect function as a plain function pointer, so a driver can
/// be handed around (registries, the contract test kit) without generics.
///
/// Every vendor crate's `async fn connect(&ConnectSpec)` fits after boxing:
///
/// ```
/// use routerctl_core::{BoxFuture, ConnectFn, ConnectSpec, Result, Router};
/// async fn connect(spec: &ConnectSpec) -> Result<Box<dyn Router>> {
///     Err(spec.context("connect").config("no such router"))
/// }
/// fn boxed(spec: &ConnectSpec) -> BoxFuture<'_, Result<Box<dyn Router>>> {
///     Box::pin(connect(spec))
/// }
/// let by_fn: ConnectFn = boxed;
/// let by_closure: ConnectFn = |spec| Box::pin(connect(spec));
/// # let _ = (by_fn, by_closure);
/// ```
pub type ConnectFn = for<'a> fn(&'a ConnectSpec) -> BoxFuture<'a, Result<Box<dyn Router>>>;

/// One operation of the neutral interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// [`Router::facts`].
    Facts,
    /// [`Router::interfaces`].
    Interfaces,
    /// [`Router::wan_links`].
    WanLinks,
    /// [`Router::clients`].
    Clients,
    /// [`Router::dhcp_leases`].
    DhcpLeases,
    /// [`Router::wifi_networks`].
    WifiNetworks,
    /// [`Router::config_get`].
    ConfigGet,
    /// [`Router::reboot`].
    Reboot,
    /// [`Router::raw`]: vendor calls passed through.
    Raw,
    /// Streaming commands (RouterOS `listen`, `monitor-traffic`, ...).
    Stream,
    /// [`Router::resources`].
    Resources,
}

impl Capability {
    /// The operation name used in errors and output.
    pub fn operation(self) -> &'static str {
        match self {
            Capability::Facts => "facts",
            Capability::Interfaces => "interfaces",
            Capability::WanLinks => "wan_links",
            Capability::Clients => "clients",
            Capability::DhcpLeases => "dhcp_leases",
            Capability::WifiNetworks => "wifi_networks",
            Capability::ConfigGet => "config_get",
            Capability::Reboot => "reboot",
            Capability::Raw => "raw",
            Capability::Stream => "stream",
            Capability::Resources => "resources",
        }
    }
}

/// Everything a driver needs to reach one router. Built by the inventory.
#[derive(Debug, Clone)]
pub struct ConnectSpec {
    /// The inventory name; used in every error.
    pub name: String,
    /// Vendor family; picks the driver (`mikrotik`, `ixon`, `openwrt`).
    pub vendor: String,
    /// Vendor-specific protocol (`api`, `api-ssl`, `rest`, ...); `None` picks
    /// the vendor's default.
    pub protocol: Option<String>,
    /// Host name or IP address (IPv6 without brackets).
    pub host: String,
    /// `None` picks the protocol's default port.
    pub port: Option<u16>,
    /// Who to log in as.
    pub credentials: Credentials,
    /// Which certificates to accept on TLS protocols.
    pub tls: TlsPolicy,
    /// Applies to connecting, logging in, and each request.
    pub timeout: Duration,
    /// The byte budget for replies this router shares with the rest of
    /// the run (clients size their per-reply caps from it).
    pub memory: crate::MemoryBudget,
}

impl ConnectSpec {
    /// A spec with defaults: no protocol, default port, web PKI, 10 s timeout.
    pub fn new(name: &str, vendor: &str, host: &str, credentials: Credentials) -> Self {
        Self {
            name: name.to_string(),
            vendor: vendor.to_string(),
            protocol: None,
            host: host.to_string(),
            port: None,
            credentials,
            tls: TlsPolicy::default(),
            timeout: Duration::from_secs(10),
            memory: crate::MemoryBudget::default(),
        }
    }

    /// An error context naming this router.
    pub fn context(&self, operation: &str) -> ErrorContext {
        ErrorContext::new(self.name.clone(), operation)
    }
}

/// A connected router speaking the neutral model.
///
/// Every getter has a default that fails with [`Error::Unsupported`], so a
/// driver implements what its API can serve and `capabilities()` says which.
///
/// ```
/// use routerctl_core::{Router, Capability, Facts, Result};
/// struct Fixed;
/// #[async_trait::async_trait]
/// impl Router for Fixed {
///     fn name(&self) -> &str { "lab" }
///     fn vendor(&self) -> &'static str { "example" }
///     fn capabilities(&self) -> &'static [Capability] { &[Capability::Facts] }
///     async fn facts(&self) -> Result<Facts> { Ok(Facts { vendor: "example".into(), ..Default::default() }) }
/// }
/// # tokio_test(async {
/// let r = Fixed;
/// assert!(r.interfaces().await.unwrap_err().to_string().contains("not supported"));
/// # });
/// # fn tokio_test<F: std::future::Future>(f: F) { tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f); }
/// ```
#[async_trait]
pub trait Router: Send + Sync {
    /// The inventory name of this router.
    fn name(&self) -> &str;
    /// The vendor family (`mikrotik`, `ixon`, ...).
    fn vendor(&self) -> &'static str;
    /// Which operations this driver serves.
    fn capabilities(&self) -> &'static [Capability];

    /// Identity of the device.
    async fn facts(&self) -> Result<Facts> {
        Err(self.unsupported(Capability::Facts))
    }
    /// Interfaces with state and counters.
    async fn interfaces(&self) -> Result<Vec<Interface>> {
        Err(self.unsupported(Capability::Interfaces))
    }
    /// Uplinks to the internet.
    async fn wan_links(&self) -> Result<Vec<WanLink>> {
        Err(self.unsupported(Capability::WanLinks))
    }
    /// Hosts the router knows (ARP, DHCP, wireless joined by MAC).
    async fn clients(&self) -> Result<Vec<Client>> {
        Err(self.unsupported(Capability::Clients))
    }
    /// DHCP server leases.
    async fn dhcp_leases(&self) -> Result<Vec<DhcpLease>> {
        Err(self.unsupported(Capability::DhcpLeases))
    }
    /// Wi-Fi networks per radio.
    async fn wifi_networks(&self) -> Result<Vec<WifiNetwork>> {
        Err(self.unsupported(Capability::WifiNetworks))
    }
    /// CPU, memory, storage and temperatures, where the API reports them
    /// (monitoring; fields the device does not report are `None`).
    async fn resources(&self) -> Result<Resources> {
        Err(self.unsupported(Capability::Resources))
    }
    /// The configuration as the vendor exports it.
    async fn config_get(&self) -> Result<Config> {
        Err(self.unsupported(Capability::ConfigGet))
    }
    /// Restart the device.
    async fn reboot(&self) -> Result<()> {
        Err(self.unsupported(Capability::Reboot))
    }
    /// A vendor call that skips the neutral model. The words are the
    /// vendor's own (RouterOS: a command and its `=`/`?` words; JSON
    /// vendors: a path or action and a JSON argument). The reply is the
    /// vendor's, as JSON.
    async fn raw(&self, words: &[String]) -> Result<serde_json::Value> {
        let _ = words;
        Err(self.unsupported(Capability::Raw))
    }
    /// A streaming vendor command (RouterOS `listen`, `monitor-traffic`,
    /// `print =follow=`...). Each item is one row as JSON.
    async fn stream(&self, words: &[String]) -> Result<RawStream> {
        let _ = words;
        Err(self.unsupported(Capability::Stream))
    }
    /// Close the session politely. Dropping also closes, less politely.
    async fn close(&self) {}

    /// The error a getter returns when this driver cannot serve it.
    fn unsupported(&self, capability: Capability) -> Error {
        ErrorContext::new(self.name(), capability.operation()).unsupported(self.vendor())
    }
}
