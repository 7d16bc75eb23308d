//! The IXON IXrouter flavour: every getter reads one of IXON's two UI
//! objects, `ixon.ui.overview get` (no login needed) and
//! `ixon.ui.configuration get`.

use std::sync::Arc;

use async_trait::async_trait;
use routerctl_core::{
    Capability, Client, Config, DhcpLease, Facts, Interface, Result, Router, WanLink, WifiNetwork,
};
use serde_json::Value;

use crate::VENDOR_IXON;
use crate::client::UbusClient;
use crate::driver::ubus::Ubus;

mod mapping;

/// Everything but reboot: IXON's ACL grants the UI objects and nothing
/// else.
const CAPABILITIES: &[Capability] = &[
    Capability::Facts,
    Capability::Interfaces,
    Capability::WanLinks,
    Capability::Clients,
    Capability::DhcpLeases,
    Capability::WifiNetworks,
    Capability::ConfigGet,
    Capability::Raw,
];

/// An IXON IXrouter speaking the neutral model.
#[derive(Debug, Clone)]
pub struct IxonRouter {
    ubus: Ubus,
}

impl IxonRouter {
    /// A router called `name` (used in errors) reached through `client`
    /// (built for vendor `ixon`).
    pub fn new(name: &str, client: Arc<UbusClient>) -> Self {
        Self {
            ubus: Ubus::new(name, client),
        }
    }

    /// The client underneath, for calls the neutral model does not cover.
    pub fn client(&self) -> &UbusClient {
        &self.ubus.client
    }

    /// Set one configuration field, e.g. `wlan.wlanSsid`, by reading the
    /// whole configuration, changing that field, and writing it all back.
    /// The field must already exist, so a typo cannot add a key. Returns the
    /// configuration written.
    pub async fn set_config_value(&self, path: &str, value: Value) -> Result<Value> {
        let path = path.to_string();
        self.ubus
            .client
            .update_configuration(move |cfg| {
                let pointer = format!("/{}", path.replace('.', "/"));
                match cfg.pointer_mut(&pointer) {
                    Some(slot) => {
                        *slot = value;
                        Ok(())
                    }
                    None => Err(format!("configuration has no field {path:?}")),
                }
            })
            .await
    }
}

#[async_trait]
impl Router for IxonRouter {
    fn name(&self) -> &str {
        &self.ubus.name
    }

    fn vendor(&self) -> &'static str {
        VENDOR_IXON
    }

    fn capabilities(&self) -> &'static [Capability] {
        CAPABILITIES
    }

    async fn facts(&self) -> Result<Facts> {
        Ok(mapping::facts(&self.client().overview().await?))
    }

    async fn interfaces(&self) -> Result<Vec<Interface>> {
        Ok(mapping::interfaces(&self.client().overview().await?))
    }

    async fn wan_links(&self) -> Result<Vec<WanLink>> {
        Ok(mapping::wan_links(&self.client().overview().await?))
    }

    async fn clients(&self) -> Result<Vec<Client>> {
        Ok(mapping::clients(&self.client().overview().await?))
    }

    async fn dhcp_leases(&self) -> Result<Vec<DhcpLease>> {
        Ok(mapping::dhcp_leases(&self.client().overview().await?))
    }

    async fn wifi_networks(&self) -> Result<Vec<WifiNetwork>> {
        let configuration = self.client().configuration().await?;
        Ok(mapping::wifi_networks(&configuration))
    }

    async fn config_get(&self) -> Result<Config> {
        Ok(Config::Json(self.client().configuration().await?))
    }

    /// `words` = `[object, method, optional JSON args object]`, or
    /// `["list", patterns...]`. Returns the reply's data object.
    async fn raw(&self, words: &[String]) -> Result<Value> {
        self.ubus.raw(words).await
    }

    async fn close(&self) {
        self.client().logout().await;
    }
}
