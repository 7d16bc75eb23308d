//! [`RouterOs`]: the neutral `Router` over any [`MenuBackend`]. The
//! mapping onto the neutral model is written once, here and in
//! [`mapping`], for every transport.

use std::collections::HashMap;

use async_trait::async_trait;
use routerctl_core::{
    Capability, Client, Config, DhcpLease, Error, Facts, Interface, RawStream, Resources, Result,
    Router, WanLink, WifiNetwork,
};

use super::backend::{MenuBackend, optional};
use super::mapping;
use crate::VENDOR;
use crate::api::Query;
use crate::record::Attributes;
use crate::values::TypedAttributes;

/// The RouterOS driver over any [`MenuBackend`].
#[derive(Debug)]
pub struct RouterOs<B> {
    name: String,
    backend: B,
}

const CAPABILITIES: &[Capability] = &[
    Capability::Facts,
    Capability::Interfaces,
    Capability::WanLinks,
    Capability::Clients,
    Capability::DhcpLeases,
    Capability::WifiNetworks,
    Capability::ConfigGet,
    Capability::Reboot,
    Capability::Raw,
    Capability::Stream,
    Capability::Resources,
];

impl<B: MenuBackend> RouterOs<B> {
    /// A driver named `name` (used in errors) over `backend`.
    pub fn new(name: &str, backend: B) -> Self {
        Self {
            name: name.to_string(),
            backend,
        }
    }

    /// The backend, for calls the neutral model does not cover.
    pub fn backend(&self) -> &B {
        &self.backend
    }

    async fn print(&self, menu: &str, query: Query) -> Result<Vec<Attributes>> {
        self.backend.print(menu, &query).await
    }

    /// All rows of a menu, or none when the device lacks it.
    async fn print_optional(&self, menu: &str, query: Query) -> Result<Vec<Attributes>> {
        Ok(optional(self.print(menu, query)).await?.unwrap_or_default())
    }

    /// Link rates of running ethernet ports, from one `monitor =once=`.
    /// Best effort: a device or simulator without the command leaves the
    /// speed absent rather than failing the whole listing.
    async fn ethernet_speeds(&self, interfaces: &[Attributes]) -> HashMap<String, u64> {
        let names: Vec<String> = interfaces
            .iter()
            .filter(|r| r.utf8("type") == Some("ether") && r.bool("running") == Some(true))
            .filter_map(|r| r.non_empty_text("name"))
            .collect();
        if names.is_empty() {
            return HashMap::new();
        }
        let numbers = names.join(",");
        let args = [("numbers", numbers.as_str()), ("once", "")];
        match self
            .backend
            .command("/interface/ethernet/monitor", &args)
            .await
        {
            Ok(out) => mapping::ethernet_speeds(&out.rows),
            Err(e) => {
                tracing::debug!(router = %self.name, error = %e, "no ethernet link rates");
                HashMap::new()
            }
        }
    }
}

const INTERFACE_PROPS: &[&str] = &[
    "name",
    "type",
    "comment",
    "disabled",
    "running",
    "mac-address",
    "mtu",
    "actual-mtu",
    "rx-byte",
    "tx-byte",
    "rx-packet",
    "tx-packet",
    "rx-error",
    "tx-error",
    "rx-drop",
    "tx-drop",
];

#[async_trait]
impl<B: MenuBackend> Router for RouterOs<B> {
    fn name(&self) -> &str {
        &self.name
    }

    fn vendor(&self) -> &'static str {
        VENDOR
    }

    fn capabilities(&self) -> &'static [Capability] {
        CAPABILITIES
    }

    async fn facts(&self) -> Result<Facts> {
        let (resource, identity, routerboard) = tokio::join!(
            self.print(
                "/system/resource",
                Query::new().proplist(["board-name", "version", "uptime"])
            ),
            self.print("/system/identity", Query::new().proplist(["name"])),
            optional(self.print(
                "/system/routerboard",
                Query::new().proplist(["serial-number"])
            )),
        );
        let (resource, identity, routerboard) = (resource?, identity?, routerboard?);
        Ok(mapping::facts(
            resource.first(),
            identity.first(),
            routerboard.as_ref().and_then(|r| r.first()),
        ))
    }

    async fn interfaces(&self) -> Result<Vec<Interface>> {
        let rows = self
            .print(
                "/interface",
                Query::new().proplist(INTERFACE_PROPS.iter().copied()),
            )
            .await?;
        let speeds = self.ethernet_speeds(&rows).await;
        Ok(rows
            .iter()
            .filter_map(|r| mapping::interface(r, &speeds))
            .collect())
    }

    async fn wan_links(&self) -> Result<Vec<WanLink>> {
        let (dhcp, pppoe, interfaces, addresses, routes, dns) = tokio::join!(
            self.print_optional("/ip/dhcp-client", Query::new()),
            self.print_optional("/interface/pppoe-client", Query::new()),
            self.print(
                "/interface",
                Query::new().proplist(["name", "type", "running"])
            ),
            self.print("/ip/address", Query::new()),
            self.print("/ip/route", Query::new().eq("dst-address", "0.0.0.0/0")),
            self.print_optional("/ip/dns", Query::new()),
        );
        let (dhcp, pppoe, interfaces, addresses, routes, dns) =
            (dhcp?, pppoe?, interfaces?, addresses?, routes?, dns?);
        Ok(mapping::wan_links(&mapping::WanSources {
            dhcp_clients: &dhcp,
            pppoe_clients: &pppoe,
            interfaces: &interfaces,
            addresses: &addresses,
            routes: &routes,
            dns: dns.first(),
        }))
    }

    async fn clients(&self) -> Result<Vec<Client>> {
        let (arp, leases, wifi_reg, wireless_reg, wireless) = tokio::join!(
            self.print("/ip/arp", Query::new()),
            self.print_optional("/ip/dhcp-server/lease", Query::new()),
            self.print_optional("/interface/wifi/registration-table", Query::new()),
            self.print_optional("/interface/wireless/registration-table", Query::new()),
            self.print_optional(
                "/interface/wireless",
                Query::new().proplist(["name", "ssid", "band"])
            ),
        );
        let (arp, leases, wireless) = (arp?, leases?, wireless?);
        let mut registrations = wifi_reg?;
        registrations.extend(wireless_reg?);
        let radios = mapping::wireless_radios(&wireless);
        Ok(mapping::clients(&arp, &leases, &registrations, &radios))
    }

    async fn resources(&self) -> Result<Resources> {
        let (resource, health) = tokio::join!(
            self.print("/system/resource", Query::new()),
            self.print_optional("/system/health", Query::new()),
        );
        let (resource, health) = (resource?, health?);
        Ok(mapping::resources(resource.first(), &health))
    }

    async fn dhcp_leases(&self) -> Result<Vec<DhcpLease>> {
        let rows = self
            .print_optional("/ip/dhcp-server/lease", Query::new())
            .await?;
        Ok(rows.iter().filter_map(mapping::dhcp_lease).collect())
    }

    async fn wifi_networks(&self) -> Result<Vec<WifiNetwork>> {
        let (wifi, configs, securities, channels, wireless, profiles) = tokio::join!(
            self.print_optional("/interface/wifi", Query::new()),
            self.print_optional("/interface/wifi/configuration", Query::new()),
            self.print_optional("/interface/wifi/security", Query::new()),
            self.print_optional("/interface/wifi/channel", Query::new()),
            self.print_optional("/interface/wireless", Query::new()),
            self.print_optional("/interface/wireless/security-profiles", Query::new()),
        );
        let (wifi, configs, securities, channels) = (wifi?, configs?, securities?, channels?);
        let (wireless, profiles) = (wireless?, profiles?);
        let wifi_profiles = mapping::WifiProfiles {
            configurations: mapping::by_name(&configs),
            securities: mapping::by_name(&securities),
            channels: mapping::by_name(&channels),
        };
        let security_profiles = mapping::by_name(&profiles);
        let mut networks: Vec<WifiNetwork> = wifi
            .iter()
            .filter_map(|r| mapping::wifi_network(r, &wifi_profiles))
            .collect();
        networks.extend(
            wireless
                .iter()
                .filter_map(|r| mapping::wireless_network(r, &security_profiles)),
        );
        Ok(networks)
    }

    /// `/export` text. RouterOS 6.x answers a plain `/export` over the API
    /// with an empty `!done`; 7.x returns the text from
    /// `/execute =script=/export =as-string=`. Both are tried, in that order.
    async fn config_get(&self) -> Result<Config> {
        let out = self.backend.command("/export", &[]).await?;
        if let Some(text) = out.ret().filter(|t| !t.is_empty()) {
            return Ok(Config::Text(String::from_utf8_lossy(text).into_owned()));
        }
        let args = [("script", "/export"), ("as-string", "")];
        match self.backend.command("/execute", &args).await {
            Ok(out) => match out.ret().filter(|t| !t.is_empty()) {
                Some(text) => Ok(Config::Text(String::from_utf8_lossy(text).into_owned())),
                None => Err(self.ctx("config_get").protocol(
                    "the router returned no export text (neither /export nor /execute as-string gave any)",
                )),
            },
            Err(Error::Vendor { message, .. }) if message.contains("unknown parameter") => {
                // 6.x: no as-string, and /export does not answer over the API.
                Err(self.unsupported(Capability::ConfigGet))
            }
            Err(e) => Err(e),
        }
    }

    /// `/system/reboot`. The router may close the session before or after
    /// acknowledging; both count as success.
    async fn reboot(&self) -> Result<()> {
        match self.backend.command("/system/reboot", &[]).await {
            Ok(_) | Err(Error::Disconnected { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn raw(&self, words: &[String]) -> Result<serde_json::Value> {
        self.backend.raw(words).await
    }

    async fn stream(&self, words: &[String]) -> Result<RawStream> {
        self.backend.stream(words).await
    }

    async fn close(&self) {
        self.backend.close().await
    }
}

impl<B> RouterOs<B> {
    fn ctx(&self, operation: &str) -> routerctl_core::ErrorContext {
        routerctl_core::ErrorContext::new(self.name.clone(), operation)
    }
}
