//! What both flavours share, over the plain ubus client: the router's
//! name and client, raw calls, the ubus "object not found" code, and
//! OpenWrt's UCI security names (an IXrouter's configuration uses them
//! too). Knows neither flavour.

use std::sync::Arc;

use routerctl_core::vocab::Security;
use routerctl_core::{Error, ErrorContext, Result};
use serde_json::{Value, json};

use crate::client::UbusClient;

/// What every flavour's router holds: its inventory name (for errors) and
/// the client, shared with clones of the router.
#[derive(Debug, Clone)]
pub struct Ubus {
    /// The inventory name, used in errors.
    pub name: String,
    /// The client every call goes through.
    pub client: Arc<UbusClient>,
}

impl Ubus {
    /// A router called `name` reached through `client`.
    pub fn new(name: &str, client: Arc<UbusClient>) -> Self {
        Self {
            name: name.to_string(),
            client,
        }
    }

    /// One ubus call without arguments.
    pub async fn call(&self, object: &str, method: &str) -> Result<Value> {
        self.client.call(object, method, json!({})).await
    }

    /// `words` = `[object, method, optional JSON args object]`, or
    /// `["list", patterns...]`; the reply's data object.
    pub async fn raw(&self, words: &[String]) -> Result<Value> {
        raw(&self.client, &self.name, words).await
    }
}

/// [`Ubus::raw`] on a bare client; `router` names the router in errors.
async fn raw(client: &UbusClient, router: &str, words: &[String]) -> Result<Value> {
    let ctx = ErrorContext::new(router, "raw");
    match words {
        [list, patterns @ ..] if list == "list" => {
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            client.list(&patterns).await
        }
        [object, method] => client.call(object, method, json!({})).await,
        [object, method, args] => {
            let args: Value = serde_json::from_str(args)
                .map_err(|e| ctx.config(format!("arguments are not JSON: {e}")))?;
            if !args.is_object() {
                return Err(ctx.config("arguments must be a JSON object"));
            }
            client.call(object, method, args).await
        }
        _ => Err(ctx.config(
            "usage: OBJECT METHOD [JSON-ARGS] (e.g. ixon.ui.overview get '{}'), or list [PATTERN...]",
        )),
    }
}

/// `-32000 Object not found`: the router lacks the package behind an object.
pub fn is_object_missing(e: &Error) -> bool {
    e.vendor_code().is_some_and(|c| c.starts_with("-32000"))
}

/// The security mode of an OpenWrt UCI `encryption` name (`psk2`,
/// `sae-mixed`, ...; a suffix such as `+ccmp` names the cipher). In UCI a
/// bare `wpa2` is WPA2-Enterprise, which is why this table is here and not
/// in [`Security::from_vendor`].
pub fn security_of_uci(name: &str) -> Security {
    let mode = name.split('+').next().unwrap_or_default();
    match mode {
        "none" | "" => Security::Open,
        "psk" => Security::WpaPersonal,
        "psk2" => Security::Wpa2Personal,
        "psk-mixed" => Security::WpaWpa2Personal,
        "sae" => Security::Wpa3Personal,
        "sae-mixed" => Security::Wpa2Wpa3Personal,
        "wpa" => Security::WpaEnterprise,
        "wpa2" => Security::Wpa2Enterprise,
        "wpa3" => Security::Wpa3Enterprise,
        "wpa3-mixed" => Security::Wpa2Wpa3Enterprise,
        "owe" => Security::Owe,
        m if m.starts_with("wep") => Security::Wep,
        _ => Security::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uci_security_names() {
        assert_eq!(security_of_uci("sae-mixed"), Security::Wpa2Wpa3Personal);
        assert_eq!(security_of_uci("none"), Security::Open);
        assert_eq!(security_of_uci("psk2+ccmp"), Security::Wpa2Personal);
        assert_eq!(security_of_uci("wpa2"), Security::Wpa2Enterprise);
        assert_eq!(security_of_uci("wep-open"), Security::Wep);
        assert_eq!(security_of_uci("bogus"), Security::Other);
    }
}
