//! `facts`, `interfaces`, `wan`, `clients`, `leases`, `wifi`, `config`: one
//! neutral getter across the selected routers.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use routerctl_core::{Capability, Error, Router};

use crate::fleet::Fleet;
use crate::output::{self, Payload};

/// The neutral getters the CLI exposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Getter {
    Facts,
    Interfaces,
    WanLinks,
    Clients,
    DhcpLeases,
    WifiNetworks,
    Config,
}

impl Getter {
    fn capability(self) -> Capability {
        match self {
            Getter::Facts => Capability::Facts,
            Getter::Interfaces => Capability::Interfaces,
            Getter::WanLinks => Capability::WanLinks,
            Getter::Clients => Capability::Clients,
            Getter::DhcpLeases => Capability::DhcpLeases,
            Getter::WifiNetworks => Capability::WifiNetworks,
            Getter::Config => Capability::ConfigGet,
        }
    }

    /// The fields of its records, in model order (the CSV header).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Getter::Facts => output::FACTS,
            Getter::Interfaces => output::INTERFACE,
            Getter::WanLinks => output::WAN_LINK,
            Getter::Clients => output::CLIENT,
            Getter::DhcpLeases => output::DHCP_LEASE,
            Getter::WifiNetworks => output::WIFI_NETWORK,
            Getter::Config => output::CONFIG,
        }
    }

    /// Call this getter on `router`.
    pub fn call(self, router: Arc<dyn Router>) -> BoxFuture<'static, Result<Payload, Error>> {
        Box::pin(async move {
            Ok(match self {
                Getter::Facts => Payload::Facts(router.facts().await?),
                Getter::Interfaces => Payload::Interfaces(router.interfaces().await?),
                Getter::WanLinks => Payload::WanLinks(router.wan_links().await?),
                Getter::Clients => Payload::Clients(router.clients().await?),
                Getter::DhcpLeases => Payload::DhcpLeases(router.dhcp_leases().await?),
                Getter::WifiNetworks => Payload::WifiNetworks(router.wifi_networks().await?),
                Getter::Config => Payload::Config(router.config_get().await?),
            })
        })
    }
}

/// Run `getter` on `targets` and print the result. Secrets in
/// configurations are masked unless `--show-secrets` (see [`crate::mask`]).
pub async fn run(fleet: &Fleet, getter: Getter, targets: &[String]) -> anyhow::Result<u8> {
    let mask = getter == Getter::Config && !fleet.options.show_secrets;
    fleet
        .run_with_fields(
            targets,
            getter.capability().operation(),
            getter.fields(),
            move |r| {
                let call = getter.call(r);
                Box::pin(async move {
                    match call.await? {
                        Payload::Config(c) if mask => Ok(Payload::Config(crate::mask::config(c))),
                        other => Ok(other),
                    }
                })
            },
        )
        .await
}
