//! The neutral [`Router`] for Linksys Smart Wi-Fi and Velop routers.
//!
//! - facts: `core/GetDeviceInfo` + the host name from
//!   `router/GetLANSettings` (JNAP reports no uptime);
//! - wan_links: `router/GetWANStatus[2,3]`;
//! - clients: `devicelist/GetDevices[3]` joined with
//!   `networkconnections/GetNetworkConnections[2]` by MAC (online when the
//!   device lists connections; name from `userDeviceName`, then
//!   `friendlyName`), the SSID from the radios and guest network; mesh
//!   nodes and the router itself are left out;
//! - dhcp_leases: `router/GetDHCPClientLeases` (reservations marked static);
//! - wifi_networks: one per radio plus one per guest radio;
//! - config_get: the settings actions' outputs as one JSON object;
//! - reboot: `core/Reboot`;
//! - raw: `[action]` or `[action, '{json input}']` (`core/Transaction`
//!   takes a JSON array); the router's reply envelope comes back.
//!
//! Interfaces are not served: JNAP has no interface table.
//!
//! The first operation checks the password once
//! (`core/CheckAdminPassword[2,3]`), because many reads are open on JNAP
//! and a wrong password would otherwise go unnoticed until a write.

use std::sync::Arc;
use std::time::SystemTime;

use async_trait::async_trait;
use routerctl_core::vocab::{Band, Security, mac_address as mac};
use routerctl_core::{
    Capability, Client, Config, ConnectSpec, DhcpLease, DriverDescriptor, Error, Facts,
    ProtocolSpec, Result, Router, WanLink, WifiNetwork,
};
use serde_json::{Map, Value, json};
use tokio::sync::OnceCell;

use crate::client::{ClientConfig, JnapClient};
use crate::mapping::wan_kind;
use crate::timefmt::parse_iso8601;
use crate::wire::{ActionName, TRANSACTION, VENDOR};

const CAPABILITIES: &[Capability] = &[
    Capability::Facts,
    Capability::WanLinks,
    Capability::Clients,
    Capability::DhcpLeases,
    Capability::WifiNetworks,
    Capability::ConfigGet,
    Capability::Reboot,
    Capability::Raw,
];

/// JNAP over plain HTTP (the default: what the routers serve on the LAN)
/// or HTTPS.
pub const PROTOCOLS: &[ProtocolSpec] = &[ProtocolSpec::HTTP, ProtocolSpec::HTTPS];

/// The Linksys driver as the binary's registry lists it.
///
/// ```
/// assert_eq!(routerctl_linksys::LINKSYS_DRIVER.vendor, "linksys");
/// assert_eq!(routerctl_linksys::LINKSYS_DRIVER.default_protocol().map(|p| p.name), Some("http"));
/// ```
pub const LINKSYS_DRIVER: DriverDescriptor = DriverDescriptor {
    vendor: VENDOR,
    summary: "Linksys Smart Wi-Fi routers and Velop mesh over JNAP at /JNAP/ (http, https)",
    protocols: PROTOCOLS,
    connect: |spec| Box::pin(connect(spec)),
};

/// Client settings for `spec`.
pub fn client_config(spec: &ConnectSpec) -> Result<ClientConfig> {
    let origin = ProtocolSpec::select(PROTOCOLS, spec)?.http_origin(spec);
    let credentials = (!spec.credentials.username.is_empty()).then(|| spec.credentials.clone());
    Ok(ClientConfig {
        url: origin,
        label: spec.name.clone(),
        tls: spec.tls.clone(),
        timeout: spec.timeout,
        credentials,
    })
}

/// Connect to a Linksys router as `spec` says. Nothing is sent until the
/// first operation.
///
/// ```no_run
/// # async fn demo() -> routerctl_core::Result<()> {
/// use routerctl_core::{ConnectSpec, Credentials};
/// let spec = ConnectSpec::new("home", "linksys", "192.168.1.1", Credentials::new("admin", "pw"));
/// let router = routerctl_linksys::connect(&spec).await?;
/// println!("{:?}", router.facts().await?);
/// # Ok(()) }
/// ```
pub async fn connect(spec: &ConnectSpec) -> Result<Box<dyn Router>> {
    let client = JnapClient::new(client_config(spec)?)?;
    let checks_password = !spec.credentials.username.is_empty();
    Ok(Box::new(LinksysRouter::new(
        &spec.name,
        Arc::new(client),
        checks_password,
    )))
}

/// A Linksys router speaking the neutral model.
#[derive(Debug)]
pub struct LinksysRouter {
    name: String,
    client: Arc<JnapClient>,
    checks_password: bool,
    checked: OnceCell<()>,
}

impl LinksysRouter {
    /// A router called `name` reached through `client`; with
    /// `checks_password` the first operation verifies the credentials.
    pub fn new(name: &str, client: Arc<JnapClient>, checks_password: bool) -> Self {
        Self {
            name: name.to_string(),
            client,
            checks_password,
            checked: OnceCell::new(),
        }
    }

    /// The client underneath, for calls the neutral model does not cover.
    pub fn client(&self) -> &JnapClient {
        &self.client
    }

    async fn ready(&self) -> Result<&JnapClient> {
        if self.checks_password {
            self.checked
                .get_or_try_init(|| self.client.check_admin_password())
                .await?;
        }
        Ok(&self.client)
    }

    fn relabel(&self, e: Error) -> Error {
        e.with_router(&self.name)
    }

    fn json_of<T: serde::Serialize>(&self, value: &T) -> Result<Value> {
        serde_json::to_value(value).map_err(|e| {
            routerctl_core::ErrorContext::new(&self.name, "config_get").protocol(e.to_string())
        })
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_string())
}

#[async_trait]
impl Router for LinksysRouter {
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
        let client = self.ready().await?;
        let info = client.device_info().await?;
        let lan = client.lan_settings().await?;
        Ok(Facts {
            vendor: VENDOR.to_string(),
            model: non_empty(&info.model_number),
            serial_number: non_empty(&info.serial_number),
            os_version: non_empty(&info.firmware_version),
            hostname: non_empty(&lan.host_name),
            uptime_seconds: None,
        })
    }

    async fn wan_links(&self) -> Result<Vec<WanLink>> {
        let wan = self.ready().await?.wan_status().await?;
        let connection = wan.wan_connection.as_ref();
        let wan_type = connection
            .map(|c| c.wan_type.clone())
            .or(wan.detected_wan_type.clone())
            .unwrap_or_default();
        let dns = connection
            .map(|c| {
                [&c.dns_server1, &c.dns_server2, &c.dns_server3]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        Ok(vec![WanLink {
            name: "wan".to_string(),
            kind: wan_kind(&wan_type),
            is_up: Some(wan.wan_status == "Connected"),
            ip_address: connection.and_then(|c| non_empty(&c.ip_address)),
            prefix_length: connection
                .map(|c| c.network_prefix_length)
                .filter(|p| *p > 0),
            gateway: connection
                .and_then(|c| c.gateway.clone())
                .filter(|g| !g.is_empty()),
            dns_servers: dns,
            uptime_seconds: None,
            signal_dbm: None,
        }])
    }

    async fn clients(&self) -> Result<Vec<Client>> {
        let client = self.ready().await?;
        let devices = client.devices(None).await?;
        let links = client.network_connections().await?;
        // Device list and links are open on JNAP; the radios (for SSIDs)
        // need the password, so without credentials clients come without
        // SSIDs rather than not at all.
        let (radios, guest) = if self.checks_password {
            (
                client.radio_info().await?,
                client.guest_radio_settings().await?,
            )
        } else {
            Default::default()
        };
        let mut out = Vec::new();
        for device in &devices.devices {
            if device.is_authority || device.model.device_type == "Infrastructure" {
                continue;
            }
            let connection = device.connections.first();
            let Some(mac_address) = connection
                .map(|c| c.mac_address.as_str())
                .or(device.mac_addresses().first().copied())
                .and_then(mac)
            else {
                continue;
            };
            let link = links
                .connections
                .iter()
                .find(|l| mac(&l.mac_address).as_deref() == Some(mac_address.as_str()));
            let wireless = link.and_then(|l| l.wireless.as_ref());
            let known = device
                .known_interfaces
                .iter()
                .find(|i| mac(&i.mac_address).as_deref() == Some(mac_address.as_str()));
            let is_wireless = match (link, wireless, known) {
                (Some(_), Some(_), _) => Some(true),
                (Some(_), None, _) => Some(false),
                (None, _, Some(k)) if k.interface_type == "Wireless" => Some(true),
                (None, _, Some(k)) if k.interface_type == "Wired" => Some(false),
                _ => None,
            };
            let ssid = wireless.and_then(|w| {
                if w.is_guest {
                    guest
                        .radios
                        .iter()
                        .find(|g| g.radio_id == w.radio_id)
                        .map(|g| g.guest_ssid.clone())
                } else {
                    radios
                        .radios
                        .iter()
                        .find(|r| r.radio_id == w.radio_id)
                        .map(|r| r.settings.ssid.clone())
                }
            });
            out.push(Client {
                mac_address,
                ip_address: connection.and_then(|c| c.ip_address.clone()),
                hostname: device.display_name().map(str::to_string),
                interface: wireless.map(|w| w.radio_id.clone()),
                is_wireless,
                ssid,
                band: wireless
                    .and_then(|w| Band::from_vendor(&w.band))
                    .or_else(|| {
                        known
                            .and_then(|k| k.band.as_deref())
                            .and_then(Band::from_vendor)
                    }),
                signal_dbm: wireless.map(|w| w.signal_dbm()),
                is_active: Some(device.is_online()),
            });
        }
        Ok(out)
    }

    async fn dhcp_leases(&self) -> Result<Vec<DhcpLease>> {
        let client = self.ready().await?;
        let leases = client.dhcp_client_leases().await?;
        let lan = client.lan_settings().await?;
        let now = SystemTime::now();
        Ok(leases
            .leases
            .iter()
            .filter_map(|l| {
                let mac_address = mac(&l.mac_address)?;
                let is_static = lan
                    .dhcp_settings
                    .reservations
                    .iter()
                    .any(|r| mac(&r.mac_address).as_deref() == Some(mac_address.as_str()));
                Some(DhcpLease {
                    mac_address,
                    ip_address: non_empty(&l.ip_address),
                    hostname: l.host_name.clone().filter(|h| !h.is_empty()),
                    client_id: l.client_id.clone(),
                    server: None,
                    is_static: Some(is_static),
                    status: None,
                    expires_in_seconds: parse_iso8601(&l.expiration)
                        .and_then(|t| t.duration_since(now).ok())
                        .map(|d| d.as_secs()),
                })
            })
            .collect())
    }

    async fn wifi_networks(&self) -> Result<Vec<WifiNetwork>> {
        let client = self.ready().await?;
        let radios = client.radio_info().await?;
        let guest = client.guest_radio_settings().await?;
        let mut out: Vec<WifiNetwork> = radios
            .radios
            .iter()
            .map(|r| WifiNetwork {
                radio: Some(r.radio_id.clone()),
                ssid: r.settings.ssid.clone(),
                band: Band::from_vendor(&r.band),
                channel: (r.settings.channel != 0).then_some(r.settings.channel),
                is_enabled: Some(r.settings.is_enabled),
                is_hidden: Some(!r.settings.broadcast_ssid),
                security: Some(Security::from_vendor(&r.settings.security)),
            })
            .collect();
        for g in &guest.radios {
            let radio = radios.radios.iter().find(|r| r.radio_id == g.radio_id);
            out.push(WifiNetwork {
                radio: Some(g.radio_id.clone()),
                ssid: g.guest_ssid.clone(),
                band: radio.and_then(|r| Band::from_vendor(&r.band)),
                channel: radio.map(|r| r.settings.channel).filter(|c| *c != 0),
                is_enabled: Some(guest.is_guest_network_enabled && g.is_enabled),
                is_hidden: Some(!g.broadcast_guest_ssid),
                // Guest SSIDs carry a WPA2 passphrase or none (**inferred**:
                // JNAP names no guest security mode).
                security: Some(if g.guest_wpa_passphrase.is_empty() {
                    Security::Open
                } else {
                    Security::Wpa2Personal
                }),
            });
        }
        Ok(out)
    }

    async fn config_get(&self) -> Result<Config> {
        let client = self.ready().await?;
        let time = client.time_settings().await?;
        let sections = [
            (
                "router/GetLANSettings",
                self.json_of(&client.lan_settings().await?)?,
            ),
            (
                "wirelessap/GetRadioInfo",
                self.json_of(&client.radio_info().await?)?,
            ),
            (
                "guestnetwork/GetGuestRadioSettings",
                self.json_of(&client.guest_radio_settings().await?)?,
            ),
            (
                "parentalcontrol/GetParentalControlSettings",
                self.json_of(&client.parental_control_settings().await?)?,
            ),
            (
                "locale/GetTimeSettings",
                json!({"timeZoneID": time.time_zone_id, "autoAdjustForDST": time.auto_adjust_for_dst}),
            ),
            (
                "firmwareupdate/GetFirmwareUpdateSettings",
                self.json_of(&client.firmware_update_settings().await?)?,
            ),
            (
                "routerlog/GetLogSettings",
                self.json_of(&client.log_settings().await?)?,
            ),
            (
                "routerleds/GetRouterLEDSettings",
                self.json_of(&client.router_led_settings().await?)?,
            ),
        ];
        let config: Map<String, Value> = sections
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        Ok(Config::Json(Value::Object(config)))
    }

    async fn reboot(&self) -> Result<()> {
        self.ready().await?.reboot().await.map(|_| ())
    }

    async fn raw(&self, words: &[String]) -> Result<Value> {
        let ctx = routerctl_core::ErrorContext::new(&self.name, "raw");
        let (action, input) = match words {
            [action] => (action, json!({})),
            [action, input] => {
                let parsed: Value = serde_json::from_str(input)
                    .map_err(|e| ctx.config(format!("input is not JSON: {e}")))?;
                (action, parsed)
            }
            _ => {
                return Err(ctx.config(
                    "raw takes an action and at most one JSON input: [action] or [action, '{json}']",
                ));
            }
        };
        let name = ActionName::parse(action).map_err(|e| ctx.config(e))?;
        if name.short() != TRANSACTION && !input.is_object() {
            return Err(ctx.config("the input of an action must be a JSON object"));
        }
        let client = self.ready().await?;
        let reply = client
            .post(&name, &input)
            .await
            .map_err(|e| self.relabel(e))?;
        if !reply.is_ok() {
            let op = routerctl_core::ErrorContext::new(&self.name, name.short());
            let failing = reply
                .responses
                .as_ref()
                .and_then(|r| r.iter().position(|e| !e.is_ok()).map(|i| (i, r)));
            if let Some((index, responses)) = failing {
                if let Some(entry) = responses.get(index) {
                    let op = routerctl_core::ErrorContext::new(
                        &self.name,
                        format!("{TRANSACTION}[{index}]"),
                    );
                    return Err(crate::client::reply_error(&op, entry));
                }
            }
            return Err(crate::client::reply_error(&op, &reply));
        }
        serde_json::to_value(&reply).map_err(|e| ctx.protocol(e.to_string()))
    }
}
