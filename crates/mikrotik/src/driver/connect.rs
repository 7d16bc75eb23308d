//! Opening the driver: the protocol in a `ConnectSpec` picks the client
//! (binary API or REST) the neutral driver runs over.

use routerctl_core::{ConnectSpec, Result, Router};

use super::rest;
use super::router::RouterOs;
use crate::VENDOR;
use crate::api::proto::Limits;
use crate::api::{ApiClient, ClientConfig, LoginMethod, Timeouts};

/// Protocols `connect` understands, for error messages.
const PROTOCOLS: &str = "api (port 8728), api-ssl (port 8729, TLS), rest (HTTPS, port 443), rest-http (plain HTTP, port 80)";

/// Connect to a RouterOS device as `spec` says (`protocol`: `api` (default),
/// `api-ssl`, `rest` or `rest-http`) and return the neutral driver.
///
/// `spec.timeout` applies to connecting, logging in, and each command.
pub async fn connect(spec: &ConnectSpec) -> Result<Box<dyn Router>> {
    let (port, tls) = match spec.protocol.as_deref() {
        None | Some("api") => (8728, None),
        Some("api-ssl") => (8729, Some(spec.tls.clone())),
        Some("rest") => return rest::connect(spec, false).await,
        Some("rest-http") => return rest::connect(spec, true).await,
        Some(other) => {
            return Err(spec.context("connect").config(format!(
                "unknown protocol {other:?} for {VENDOR}; valid protocols: {PROTOCOLS}"
            )));
        }
    };
    let mut config = ClientConfig::new(&spec.host, spec.credentials.clone());
    config.label = spec.name.clone();
    config.port = spec.port.unwrap_or(port);
    config.tls = tls;
    config.login = LoginMethod::Auto;
    config.timeouts = Timeouts::all(spec.timeout);
    config.limits = Limits::default();
    config.memory = Some(spec.memory.clone());
    let client = ApiClient::connect(config).await?;
    Ok(Box::new(RouterOs::new(&spec.name, client)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use routerctl_core::{Credentials, Error};

    #[tokio::test]
    async fn unknown_protocol_is_a_config_error() {
        let mut spec = ConnectSpec::new("r1", "mikrotik", "127.0.0.1", Credentials::new("a", "b"));
        spec.protocol = Some("ssh".into());
        let err = connect(&spec).await.err().unwrap();
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("ssh") && text.contains("api-ssl"), "{text}");
    }
}
