//! The stock OpenWrt flavour: rpcd, netifd, luci-rpc, iwinfo and uci
//! objects, as far as the user's ACL allows.

use std::sync::Arc;

use async_trait::async_trait;
use routerctl_core::{
    Capability, Client, Config, DhcpLease, Error, Facts, Interface, Resources, Result, Router,
    WanLink, WifiNetwork,
};
use serde_json::{Map, Value, json};

use crate::VENDOR_OPENWRT;
use crate::client::{Call, UbusClient};
use crate::driver::ubus::{Ubus, is_object_missing};
use crate::jsonrpc::string_list;

mod mapping;

use mapping::Radio;

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
    Capability::Resources,
];

/// A stock OpenWrt router speaking the neutral model.
#[derive(Debug, Clone)]
pub struct OpenWrtRouter {
    ubus: Ubus,
}

impl OpenWrtRouter {
    /// A router called `name` (used in errors) reached through `client`
    /// (built for vendor `openwrt`).
    pub fn new(name: &str, client: Arc<UbusClient>) -> Self {
        Self {
            ubus: Ubus::new(name, client),
        }
    }

    /// The client underneath, for calls the neutral model does not cover.
    pub fn client(&self) -> &UbusClient {
        &self.ubus.client
    }

    /// `iwinfo devices`, then `info` (and `assoclist` when `with_clients`)
    /// for each, in one batch.
    async fn radios(&self, with_clients: bool) -> Result<Vec<Radio>> {
        let devices = self.ubus.call("iwinfo", "devices").await?;
        let names = string_list(&devices, "devices");
        let mut calls = Vec::new();
        for name in &names {
            calls.push(Call::new("iwinfo", "info", json!({ "device": name })));
            if with_clients {
                calls.push(Call::new("iwinfo", "assoclist", json!({ "device": name })));
            }
        }
        let mut replies = self.client().batch(&calls).await?.into_iter();
        let mut radios = Vec::new();
        for name in names {
            let info = replies.next().unwrap_or(Ok(Value::Null))?;
            let assoc = if with_clients {
                replies.next().unwrap_or(Ok(Value::Null))?
            } else {
                Value::Null
            };
            radios.push(Radio {
                device: name,
                info,
                assoc,
            });
        }
        Ok(radios)
    }
}

#[async_trait]
impl Router for OpenWrtRouter {
    fn name(&self) -> &str {
        &self.ubus.name
    }

    fn vendor(&self) -> &'static str {
        VENDOR_OPENWRT
    }

    fn capabilities(&self) -> &'static [Capability] {
        CAPABILITIES
    }

    async fn facts(&self) -> Result<Facts> {
        let replies = self
            .client()
            .batch(&[
                Call::new("system", "board", json!({})),
                Call::new("system", "info", json!({})),
            ])
            .await?;
        let mut replies = replies.into_iter();
        let board = replies.next().unwrap_or(Ok(Value::Null))?;
        let info = replies.next().unwrap_or(Ok(Value::Null))?;
        Ok(mapping::facts(&board, &info))
    }

    async fn resources(&self) -> Result<Resources> {
        let info = self.ubus.call("system", "info").await?;
        Ok(mapping::resources(&info))
    }

    async fn interfaces(&self) -> Result<Vec<Interface>> {
        let devices = self.ubus.call("network.device", "status").await?;
        Ok(mapping::interfaces(&devices))
    }

    async fn wan_links(&self) -> Result<Vec<WanLink>> {
        let dump = self.ubus.call("network.interface", "dump").await?;
        Ok(mapping::wan_links(&dump))
    }

    async fn clients(&self) -> Result<Vec<Client>> {
        let leases = self.ubus.call("luci-rpc", "getDHCPLeases").await?;
        // Wireless details where the ACL allows iwinfo; leases alone otherwise.
        let radios = match self.radios(true).await {
            Ok(radios) => radios,
            Err(e) if matches!(e, Error::Auth { .. }) || is_object_missing(&e) => {
                tracing::debug!(router = %self.ubus.name, error = %e, "no wireless details");
                Vec::new()
            }
            Err(e) => return Err(e),
        };
        Ok(mapping::clients(&leases, &radios))
    }

    async fn dhcp_leases(&self) -> Result<Vec<DhcpLease>> {
        let leases = self.ubus.call("luci-rpc", "getDHCPLeases").await?;
        Ok(mapping::dhcp_leases(&leases))
    }

    async fn wifi_networks(&self) -> Result<Vec<WifiNetwork>> {
        match self.radios(false).await {
            Ok(radios) => Ok(radios.iter().filter_map(mapping::wifi_network).collect()),
            Err(e) if is_object_missing(&e) => Err(self.unsupported(Capability::WifiNetworks)),
            Err(e) => Err(e),
        }
    }

    /// Every UCI config (`uci configs`, then `uci get` for each in one
    /// batch), as `{config: values}`.
    async fn config_get(&self) -> Result<Config> {
        let configs = self.ubus.call("uci", "configs").await?;
        let names = string_list(&configs, "configs");
        let calls: Vec<Call> = names
            .iter()
            .map(|n| Call::new("uci", "get", json!({ "config": n })))
            .collect();
        let replies = self.client().batch(&calls).await?;
        let mut all = Map::new();
        for (name, reply) in names.into_iter().zip(replies) {
            let values = reply?.get("values").cloned().unwrap_or(Value::Null);
            all.insert(name, values);
        }
        Ok(Config::Json(Value::Object(all)))
    }

    /// `system reboot`; the session dies with the router, so the next call
    /// logs in again.
    async fn reboot(&self) -> Result<()> {
        self.ubus.call("system", "reboot").await?;
        self.client().forget_session();
        Ok(())
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
