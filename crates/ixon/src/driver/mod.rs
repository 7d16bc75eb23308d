//! The neutral [`Router`] over ubus: one driver per flavour, picked once
//! from the vendor name when connecting.
//!
//! - [`IxonRouter`] (`ixon`): facts, interfaces, WAN links, clients and
//!   leases from `ixon.ui.overview get` (no login needed), Wi-Fi and
//!   `config_get` from `ixon.ui.configuration get`. IXON's ACL grants
//!   nothing else, so reboot is unsupported.
//! - [`OpenWrtRouter`] (`openwrt`): `system board`/`info`, `network.device
//!   status`, `network.interface dump`, `luci-rpc getDHCPLeases`, `iwinfo`
//!   and `uci`, as far as the user's ACL allows; `system reboot` reboots.
//!
//! What both share (raw calls, ubus error codes, OpenWrt's UCI names) lives
//! in `ubus`, which knows neither flavour. OpenWrt logs in lazily: the
//! first call that the null session may not make logs in. An IXrouter
//! serves its overview (facts, interfaces, WAN, clients, leases) to the
//! null session, so a lazy login would let a wrong password pass unnoticed
//! until `config`; with credentials configured, [`connect`] therefore logs
//! in at once for `ixon`, and only a router configured without a user name
//! is read anonymously.

use std::sync::Arc;

use routerctl_core::{ConnectSpec, ErrorContext, ProtocolSpec, Result, Router};

use crate::client::{ClientConfig, UbusClient};
use crate::vendor::PROTOCOLS;
use crate::{VENDOR_IXON, VENDOR_OPENWRT};

mod ixon;
mod openwrt;
mod ubus;

pub use ixon::IxonRouter;
pub use openwrt::OpenWrtRouter;

/// Which driver serves a spec; decided once, in [`connect`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Ixon,
    OpenWrt,
}

impl Flavour {
    /// The flavour of `spec.vendor`, or the error naming what is served here.
    fn of(spec: &ConnectSpec, ctx: &ErrorContext) -> Result<Flavour> {
        match spec.vendor.as_str() {
            VENDOR_IXON => Ok(Flavour::Ixon),
            VENDOR_OPENWRT => Ok(Flavour::OpenWrt),
            other => Err(ctx.config(format!(
                "vendor {other:?} is not served by the ubus driver (expected ixon or openwrt)"
            ))),
        }
    }

    fn vendor(self) -> &'static str {
        match self {
            Flavour::Ixon => VENDOR_IXON,
            Flavour::OpenWrt => VENDOR_OPENWRT,
        }
    }
}

/// Build the client settings for `spec`: vendor `ixon` or `openwrt`,
/// protocol `https` (default, port 443) or `http` (port 80).
///
/// ```
/// use routerctl_core::{ConnectSpec, Credentials};
/// let spec = ConnectSpec::new("r1", "openwrt", "192.0.2.1", Credentials::new("root", "pw"));
/// let config = routerctl_ixon::driver::client_config(&spec).unwrap();
/// assert_eq!(config.url, "https://192.0.2.1:443/ubus");
/// ```
pub fn client_config(spec: &ConnectSpec) -> Result<ClientConfig> {
    let ctx = spec.context("connect");
    let vendor = Flavour::of(spec, &ctx)?.vendor();
    let origin = ProtocolSpec::select(PROTOCOLS, spec)?.http_origin(spec);
    let credentials = (!spec.credentials.username.is_empty()).then(|| spec.credentials.clone());
    Ok(ClientConfig {
        url: format!("{origin}/ubus"),
        vendor,
        label: spec.name.clone(),
        tls: spec.tls.clone(),
        timeout: spec.timeout,
        credentials,
        session_timeout: crate::jsonrpc::DEFAULT_SESSION_TIMEOUT,
    })
}

/// Connect to an IXON or OpenWrt router as `spec` says: the vendor name
/// picks the flavour's driver. For `ixon` with a user name configured this
/// logs in (a wrong password is an `Auth` error here, whatever the command);
/// otherwise no request is sent until the first operation.
pub async fn connect(spec: &ConnectSpec) -> Result<Box<dyn Router>> {
    let config = client_config(spec)?;
    let flavour = Flavour::of(spec, &spec.context("connect"))?;
    let login_now = flavour == Flavour::Ixon && config.credentials.is_some();
    let client = Arc::new(UbusClient::new(config)?);
    if login_now {
        client.login().await?;
    }
    Ok(match flavour {
        Flavour::Ixon => Box::new(IxonRouter::new(&spec.name, client)),
        Flavour::OpenWrt => Box::new(OpenWrtRouter::new(&spec.name, client)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use routerctl_core::Credentials;

    #[test]
    fn specs_become_urls() {
        let mut spec = ConnectSpec::new("r1", "ixon", "192.0.2.1", Credentials::new("admin", "pw"));
        assert_eq!(
            client_config(&spec).unwrap().url,
            "https://192.0.2.1:443/ubus"
        );
        spec.protocol = Some("http".into());
        assert_eq!(
            client_config(&spec).unwrap().url,
            "http://192.0.2.1:80/ubus"
        );
        spec.host = "fe80::1".into();
        spec.port = Some(8080);
        assert_eq!(
            client_config(&spec).unwrap().url,
            "http://[fe80::1]:8080/ubus"
        );
        spec.protocol = Some("ftp".into());
        assert!(
            client_config(&spec)
                .unwrap_err()
                .to_string()
                .contains("ftp")
        );
        spec.protocol = None;
        spec.vendor = "peplink".into();
        assert!(client_config(&spec).is_err());
    }

    #[tokio::test]
    async fn the_vendor_picks_the_flavour() {
        // No user name: nothing is sent at connect, for either flavour.
        let creds = Credentials::new("", "");
        for vendor in ["ixon", "openwrt"] {
            let spec = ConnectSpec::new("r1", vendor, "192.0.2.1", creds.clone());
            let router = connect(&spec).await.unwrap();
            assert_eq!(router.vendor(), vendor);
        }
        let spec = ConnectSpec::new("r1", "peplink", "192.0.2.1", creds);
        let err = connect(&spec).await.err().unwrap();
        assert!(err.to_string().contains("ixon or openwrt"), "{err}");
    }
}
