//! The neutral [`Router`] over the Peplink Router API.
//!
//! | getter | source |
//! |---|---|
//! | facts | `info.firmware` (the image in use); model, serial and host name from the Web Admin's unofficial `status.system.info` when logged in (absent with tokens) |
//! | interfaces | `status.port` (physical ports: link, speed, MAC), then the LAN profiles of `status.lan.profile` (bridge / VLAN, address in the description) |
//! | wan_links | `status.wan.connection` (cellular and Wi-Fi WAN signal → `signal_dbm`) |
//! | clients | `status.client`, LAN names from `status.lan.profile` |
//! | dhcp_leases | `status.client` hosts with a `lease` |
//! | wifi_networks | `config.ssid.profile` (SSID profiles are not per radio: no radio, band or channel) |
//! | config_get | the `config.*` GET endpoints, one JSON object keyed by endpoint |
//! | reboot | `cmd.system.reboot` |
//! | raw | any endpoint, see [`parse_raw`] |
//!
//! Authentication follows the spec's credentials: a user name logs in to
//! the Web Admin (cookie); a user name of the form `client:<clientId>`
//! with the client secret as password uses an API client's access tokens.

use std::sync::Arc;

use async_trait::async_trait;
use routerctl_core::vocab::{InterfaceKind, Security, mac_address};
use routerctl_core::{
    Capability, Client, Config, ConnectSpec, DhcpLease, DriverDescriptor, ErrorContext, Facts,
    Interface, ProtocolSpec, Result, Router, WanKind, WanLink, WifiNetwork,
};
use routerctl_kit::http::Method;
use serde_json::{Map, Value};

use crate::client::{Args, ClientConfig, PeplinkClient};
use crate::credential::Auth;
use crate::types::keyed_items;
use crate::wire::VENDOR;

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
];

/// Protocols: `https` (default, port 443) and `http` (port 80); no
/// streaming commands.
pub const PROTOCOLS: &[ProtocolSpec] = &[ProtocolSpec::HTTPS, ProtocolSpec::HTTP];

/// The Peplink driver as the binary's registry lists it.
///
/// ```
/// assert_eq!(routerctl_peplink::DRIVER.vendor, "peplink");
/// assert_eq!(routerctl_peplink::DRIVER.default_protocol().map(|p| p.name), Some("https"));
/// ```
pub const DRIVER: DriverDescriptor = DriverDescriptor {
    vendor: VENDOR,
    summary: "Peplink routers over the Router API at /api (https, http; login or API-client tokens)",
    protocols: PROTOCOLS,
    connect: |spec| Box::pin(connect(spec)),
};

/// The `config.*` endpoints `config_get` reads.
pub const CONFIG_ENDPOINTS: &[&str] = &[
    "config.wan.connection",
    "config.ssid.profile",
    "config.port",
    "config.mesh",
    "config.speedfusionConnectProtect",
];

/// User-name prefix that selects API-client authentication.
pub const CLIENT_PREFIX: &str = "client:";

/// Build the client settings for `spec`.
pub fn client_config(spec: &ConnectSpec) -> Result<ClientConfig> {
    let ctx = spec.context("connect");
    if spec.vendor != VENDOR {
        return Err(ctx.config(format!(
            "vendor {:?} is not served by the Peplink driver",
            spec.vendor
        )));
    }
    let origin = ProtocolSpec::select(PROTOCOLS, spec)?.http_origin(spec);
    let mut config = ClientConfig::new(&origin);
    config.label = spec.name.clone();
    config.tls = spec.tls.clone();
    config.timeout = spec.timeout;
    let user = &spec.credentials.username;
    config.auth = match user.strip_prefix(CLIENT_PREFIX) {
        Some(client_id) => Auth::Client {
            client_id: client_id.to_string(),
            client_secret: spec.credentials.password.clone(),
            scope: None,
        },
        None if user.is_empty() => Auth::None,
        None => Auth::Login(spec.credentials.clone()),
    };
    Ok(config)
}

/// Connect to a Peplink router as `spec` says. No request is sent until
/// the first operation.
pub async fn connect(spec: &ConnectSpec) -> Result<Box<dyn Router>> {
    let client = PeplinkClient::new(client_config(spec)?)?;
    Ok(Box::new(PeplinkRouter::new(&spec.name, Arc::new(client))))
}

/// How a raw call's words are read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCall {
    /// GET or POST.
    pub method: Method,
    /// The endpoint.
    pub endpoint: String,
    /// Query pairs or body.
    pub args: Args,
}

/// Read raw words:
///
/// - `ENDPOINT [k=v ...]`: GET with those query parameters;
/// - `ENDPOINT '{json}'`: POST with that JSON body;
/// - `GET ENDPOINT [k=v ... | '{json}']`, `POST ENDPOINT [k=v ... | '{json}']`:
///   the method named (pairs of a POST go as a JSON object of strings).
///
/// ```
/// use routerctl_peplink::driver::parse_raw;
/// let call = parse_raw(&["status.wan.connection".into(), "id=1".into()]).unwrap();
/// assert_eq!(call.method.as_str(), "GET");
/// let call = parse_raw(&["cmd.ap".into(), r#"{"enable":false}"#.into()]).unwrap();
/// assert_eq!(call.method.as_str(), "POST");
/// ```
pub fn parse_raw(words: &[String]) -> std::result::Result<RawCall, String> {
    let (explicit, rest) = match words.first().map(String::as_str) {
        Some("GET") | Some("get") => (Some(Method::GET), words.get(1..).unwrap_or_default()),
        Some("POST") | Some("post") => (Some(Method::POST), words.get(1..).unwrap_or_default()),
        _ => (None, words),
    };
    let Some((endpoint, args)) = rest.split_first() else {
        return Err("a raw call needs an endpoint, e.g. status.wan.connection".into());
    };
    let json_arg = match args {
        [one] if one.trim_start().starts_with('{') => Some(
            serde_json::from_str::<Value>(one)
                .map_err(|e| format!("the JSON argument does not parse: {e}"))?,
        ),
        _ => None,
    };
    let (method, args) = match json_arg {
        Some(v) => (explicit.unwrap_or(Method::POST), Args::Json(v)),
        None if args.is_empty() => (explicit.unwrap_or(Method::GET), Args::None),
        None => {
            let pairs = args
                .iter()
                .map(|w| {
                    w.split_once('=')
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .ok_or_else(|| format!("{w:?} is neither key=value nor a JSON object"))
                })
                .collect::<std::result::Result<Vec<_>, _>>()?;
            (explicit.unwrap_or(Method::GET), Args::Pairs(pairs))
        }
    };
    Ok(RawCall {
        method,
        endpoint: endpoint.clone(),
        args,
    })
}

/// `AA:BB:CC:DD:EE:FF` from any common MAC spelling, or `None`.
fn mac(text: &str) -> Option<String> {
    mac_address(text)
}

/// A non-empty trimmed text, or `None`.
fn text(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// The neutral security mode of an SSID security policy (`WPA2 Personal`,
/// `WPA2/WPA3 Personal`, …); [`Security::Other`] for a policy without a
/// neutral name.
pub fn security_of(policy: &str) -> Security {
    match policy {
        "Open" => Security::Open,
        "WPA2 Personal" => Security::Wpa2Personal,
        "WPA3 Personal" => Security::Wpa3Personal,
        "WPA/WPA2 Personal" => Security::WpaWpa2Personal,
        "WPA2/WPA3 Personal" => Security::Wpa2Wpa3Personal,
        "WPA2 Enterprise" => Security::Wpa2Enterprise,
        "WPA3 Enterprise" => Security::Wpa3Enterprise,
        "WPA2/WPA3 Enterprise" => Security::Wpa2Wpa3Enterprise,
        "WEP" => Security::Wep,
        other => Security::from_vendor(other),
    }
}

fn wan_kind(kind: Option<&str>, method: Option<&str>) -> WanKind {
    match (kind, method) {
        (Some("cellular" | "gobi" | "modem"), _) => WanKind::Cellular,
        (Some("wireless" | "wifi"), _) => WanKind::Wifi,
        (Some("ethernet"), Some("pppoe")) => WanKind::Pppoe,
        (Some("ethernet"), _) => WanKind::Ethernet,
        _ => WanKind::Other,
    }
}

/// `1000` from `1000 Mbps Full Duplex`.
fn speed_mbps(text: &str) -> Option<u64> {
    let first = text.split_whitespace().next()?;
    let digits: String = first.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| *n > 0)
}

/// A Peplink router speaking the neutral model.
#[derive(Debug, Clone)]
pub struct PeplinkRouter {
    name: String,
    client: Arc<PeplinkClient>,
}

impl PeplinkRouter {
    /// A router called `name` (used in errors) reached through `client`.
    pub fn new(name: &str, client: Arc<PeplinkClient>) -> Self {
        Self {
            name: name.to_string(),
            client,
        }
    }

    /// The client underneath, for calls the neutral model does not cover.
    pub fn client(&self) -> &PeplinkClient {
        &self.client
    }

    fn ctx(&self, operation: &str) -> ErrorContext {
        ErrorContext::new(self.name.clone(), operation)
    }

    /// LAN names by VLAN id (0 = the untagged LAN, named `LAN`).
    async fn lan_names(&self) -> Result<Vec<(u64, String)>> {
        Ok(self
            .client
            .lan_profiles()
            .await?
            .into_iter()
            .map(|(_, p)| {
                let vlan = p.vlan_id.unwrap_or(0);
                let name = text(p.name.as_deref()).unwrap_or_else(|| "LAN".to_string());
                (vlan, name)
            })
            .collect())
    }
}

fn lan_name(names: &[(u64, String)], vlan: Option<u64>) -> Option<String> {
    let vlan = vlan.unwrap_or(0);
    names
        .iter()
        .find(|(v, _)| *v == vlan)
        .map(|(_, n)| n.clone())
}

#[async_trait]
impl Router for PeplinkRouter {
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
        let images = self.client.firmware().await?;
        let version = images
            .iter()
            .find(|(_, i)| i.in_use == Some(true))
            .or(images.first())
            .map(|(_, i)| i.version.clone());
        // Model, serial and name come from the Web Admin's own endpoint,
        // which takes a login session only; without it they stay absent.
        let device = match self.client.device_info().await {
            Ok(d) => Some(d),
            Err(e) => {
                tracing::debug!(router = %self.name, error = %e, "no device info");
                None
            }
        };
        let device = device.as_ref();
        Ok(Facts {
            vendor: VENDOR.to_string(),
            model: text(device.and_then(|d| d.model.as_deref())),
            serial_number: text(device.and_then(|d| d.serial_number.as_deref())),
            os_version: text(version.as_deref()),
            hostname: text(device.and_then(|d| d.host.as_deref().or(d.name.as_deref()))),
            ..Facts::default()
        })
    }

    async fn interfaces(&self) -> Result<Vec<Interface>> {
        let v = self.client.get("status.port", &[]).await?;
        let ports: Vec<(u64, Value)> =
            crate::wire::keyed_in_order(&v).map_err(|e| self.ctx("interfaces").protocol(e))?;
        let mut out: Vec<Interface> = ports
            .into_iter()
            .map(|(id, p)| {
                let s = |k: &str| p.get(k).and_then(Value::as_str);
                let up = p.get("linkUp").and_then(Value::as_bool);
                Interface {
                    name: text(s("name")).unwrap_or_else(|| format!("port {id}")),
                    kind: Some(InterfaceKind::Ethernet),
                    description: text(s("type")),
                    is_enabled: p.get("enable").and_then(Value::as_bool),
                    is_up: up,
                    mac_address: s("mac").and_then(mac),
                    speed_mbps: if up == Some(true) {
                        s("speed").and_then(speed_mbps)
                    } else {
                        None
                    },
                    ..Interface::default()
                }
            })
            .collect();
        // LAN profiles are the router's own networks: the untagged LAN
        // (a bridge of the LAN ports) and one VLAN each; the address goes
        // into the description, as the model has no address field.
        for (_, lan) in self.client.lan_profiles().await? {
            let vlan = lan.vlan_id.filter(|v| *v > 0);
            let name = text(lan.name.as_deref()).unwrap_or_else(|| "LAN".to_string());
            if out.iter().any(|i| i.name == name) {
                continue;
            }
            let address = match (text(lan.ip.as_deref()), lan.mask) {
                (Some(ip), Some(mask)) => Some(format!("{ip}/{mask}")),
                (ip, _) => ip,
            };
            out.push(Interface {
                name,
                kind: Some(if vlan.is_some() {
                    InterfaceKind::Vlan
                } else {
                    InterfaceKind::Bridge
                }),
                description: address,
                ..Interface::default()
            });
        }
        Ok(out)
    }

    async fn wan_links(&self) -> Result<Vec<WanLink>> {
        let wans = self.client.wan_status().await?;
        Ok(wans
            .into_iter()
            .map(|(id, w)| {
                let is_up = w.message.as_deref() == Some("Connected")
                    || w.status_led.as_deref() == Some("green");
                let ip = text(w.ip.as_deref());
                WanLink {
                    name: text(Some(&w.name)).unwrap_or_else(|| format!("WAN {id}")),
                    kind: wan_kind(w.kind.as_deref(), w.method.as_deref()),
                    is_up: Some(is_up),
                    prefix_length: ip.as_ref().and(w.mask).filter(|m| *m <= 32),
                    ip_address: ip,
                    gateway: text(w.gateway.as_deref()),
                    dns_servers: w.dns.iter().filter_map(|d| text(Some(d))).collect(),
                    uptime_seconds: w.uptime.filter(|_| is_up),
                    signal_dbm: w.signal_dbm().filter(|s| (-150..=0).contains(s)),
                }
            })
            .collect())
    }

    async fn clients(&self) -> Result<Vec<Client>> {
        let hosts = self.client.clients().await?;
        let names = self.lan_names().await?;
        let mut out: Vec<Client> = Vec::new();
        for h in hosts {
            let Some(mac_address) = mac(&h.mac) else {
                continue;
            };
            if out.iter().any(|c| c.mac_address == mac_address) {
                continue;
            }
            let wireless = h.connection_type.as_deref() == Some("wireless");
            let signal = h
                .signal
                .as_ref()
                .and_then(|s| s.get("rssi"))
                .and_then(Value::as_i64)
                .and_then(|r| i32::try_from(r).ok())
                .filter(|r| (-150..=0).contains(r));
            out.push(Client {
                mac_address,
                ip_address: text(h.ip.as_deref()),
                hostname: text(h.name.as_deref()),
                interface: lan_name(&names, h.vlan_id),
                is_wireless: h.connection_type.as_ref().map(|_| wireless),
                ssid: if wireless {
                    text(h.essid.as_deref())
                } else {
                    None
                },
                band: None,
                signal_dbm: if wireless { signal } else { None },
                is_active: h.active,
            });
        }
        Ok(out)
    }

    async fn dhcp_leases(&self) -> Result<Vec<DhcpLease>> {
        let hosts = self.client.clients().await?;
        let names = self.lan_names().await?;
        Ok(hosts
            .into_iter()
            .filter_map(|h| {
                let lease = h.lease.clone()?;
                Some(DhcpLease {
                    mac_address: mac(&h.mac)?,
                    ip_address: text(h.ip.as_deref()),
                    hostname: text(h.name.as_deref()),
                    client_id: None,
                    server: lan_name(&names, h.vlan_id),
                    is_static: Some(false),
                    status: text(lease.kind.as_deref()),
                    expires_in_seconds: lease.expires_in.filter(|s| *s < u64::from(u32::MAX)),
                })
            })
            .collect())
    }

    async fn wifi_networks(&self) -> Result<Vec<WifiNetwork>> {
        let profiles = self.client.ssid_profiles().await?;
        Ok(profiles
            .into_iter()
            .filter_map(|(_, p)| {
                let ssid = text(Some(&p.name)).filter(|s| s.len() <= 32)?;
                Some(WifiNetwork {
                    radio: None,
                    ssid,
                    band: None,
                    channel: None,
                    is_enabled: p.enable,
                    is_hidden: p.broadcast.map(|b| !b),
                    security: p.policy().map(security_of),
                })
            })
            .collect())
    }

    async fn config_get(&self) -> Result<Config> {
        let mut out = Map::new();
        for endpoint in CONFIG_ENDPOINTS {
            match self.client.get(endpoint, &[]).await {
                Ok(v) => {
                    out.insert((*endpoint).to_string(), v);
                }
                // A model without mesh or SpeedFusion Connect Protect
                // answers "unknown function"; leave that section out.
                Err(e)
                    if e.vendor_code()
                        == Some(&crate::wire::codes::UNKNOWN_FUNCTION.to_string()) => {}
                Err(e) => return Err(e),
            }
        }
        // Keyed sections are checked for a sane `order` so that what is
        // exported can be read back.
        for key in ["config.wan.connection", "config.ssid.profile"] {
            if let Some(v) = out.get(key) {
                keyed_items::<Value>(v, key).map_err(|e| self.ctx("config_get").protocol(e))?;
            }
        }
        Ok(Config::Json(Value::Object(out)))
    }

    async fn reboot(&self) -> Result<()> {
        self.client.reboot().await
    }

    async fn raw(&self, words: &[String]) -> Result<Value> {
        let call = parse_raw(words).map_err(|e| self.ctx("raw").config(e))?;
        let reply = self
            .client
            .call(call.method, &call.endpoint, call.args)
            .await?;
        Ok(reply.to_envelope())
    }

    async fn close(&self) {
        if let Err(e) = self.client.logout().await {
            tracing::debug!(router = %self.name, error = %e, "logout failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_words() {
        let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let c = parse_raw(&w(&["info.firmware"])).unwrap();
        assert_eq!((c.method, c.args), (Method::GET, Args::None));
        let c = parse_raw(&w(&["POST", "cmd.sms.delete", "connId=3", "id=1"])).unwrap();
        assert_eq!(c.method, Method::POST);
        assert_eq!(
            c.args,
            Args::Pairs(vec![
                ("connId".into(), "3".into()),
                ("id".into(), "1".into())
            ])
        );
        let c = parse_raw(&w(&["GET", "status.client", r#"{"activeOnly":"yes"}"#])).unwrap();
        assert_eq!(c.method, Method::GET);
        assert!(parse_raw(&w(&[])).is_err());
        assert!(parse_raw(&w(&["GET"])).is_err());
        assert!(
            parse_raw(&w(&["x", "novalue"]))
                .unwrap_err()
                .contains("novalue")
        );
        assert!(parse_raw(&w(&["x", "{bad"])).unwrap_err().contains("JSON"));
    }

    #[test]
    fn mappings() {
        assert_eq!(
            mac("aa-bb-cc-00-01-02").as_deref(),
            Some("AA:BB:CC:00:01:02")
        );
        assert_eq!(mac("nonsense"), None);
        assert_eq!(security_of("WPA2 Personal"), Security::Wpa2Personal);
        assert_eq!(
            security_of("WPA2/WPA3 Personal"),
            Security::Wpa2Wpa3Personal
        );
        assert_eq!(speed_mbps("1000 Mbps Full Duplex"), Some(1000));
        assert_eq!(speed_mbps("Down"), None);
        assert_eq!(wan_kind(Some("gobi"), None), WanKind::Cellular);
        assert_eq!(wan_kind(Some("ipsec"), None), WanKind::Other);
    }

    #[test]
    fn specs_pick_auth_and_url() {
        use routerctl_core::Credentials;
        let mut spec = ConnectSpec::new("r", "peplink", "::1", Credentials::new("admin", "pw"));
        let c = client_config(&spec).unwrap();
        assert_eq!(c.base_url, "https://[::1]:443");
        assert!(matches!(c.auth, Auth::Login(_)));
        spec.protocol = Some("http".into());
        spec.port = Some(8080);
        spec.credentials = Credentials::new("client:abc", "secret");
        let c = client_config(&spec).unwrap();
        assert_eq!(c.base_url, "http://[::1]:8080");
        assert!(matches!(c.auth, Auth::Client { ref client_id, .. } if client_id == "abc"));
        spec.protocol = Some("ssh".into());
        assert_eq!(client_config(&spec).unwrap_err().kind(), "config");
    }
}
