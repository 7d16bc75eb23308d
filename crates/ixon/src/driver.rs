//! The neutral [`Router`] over ubus, for `ixon` and `openwrt` routers.
//!
//! IXON: facts, interfaces, WAN links, clients and leases come from
//! `ixon.ui.overview get` (no login needed), Wi-Fi and `config_get` from
//! `ixon.ui.configuration get`. IXON's ACL grants nothing else, so reboot
//! is unsupported.
//!
//! OpenWrt: `system board`/`info`, `network.device status`,
//! `network.interface dump`, `luci-rpc getDHCPLeases`, `iwinfo` and `uci`,
//! as far as the user's ACL allows; `system reboot` reboots.
//!
//! The driver logs in lazily: the first call that the null session may not
//! make logs in, so `facts` on an IXrouter needs no password at all.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use routerctl_core::vocab::{Band, InterfaceKind, Security, mac_address};
use routerctl_core::{
    Capability, Client, Config, ConnectSpec, DhcpLease, Error, Facts, Interface, Result, Router,
    WanKind, WanLink, WifiNetwork,
};
use serde_json::{Map, Value, json};

use crate::client::{Call, ClientConfig, UbusClient};
use crate::configuration::band_of_channel;
use crate::jsonrpc::string_list;
use crate::overview::Overview;
use crate::{VENDOR_IXON, VENDOR_OPENWRT};

const IXON_CAPABILITIES: &[Capability] = &[
    Capability::Facts,
    Capability::Interfaces,
    Capability::WanLinks,
    Capability::Clients,
    Capability::DhcpLeases,
    Capability::WifiNetworks,
    Capability::ConfigGet,
    Capability::Raw,
];

const OPENWRT_CAPABILITIES: &[Capability] = &[
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

/// Build the client settings for `spec`: vendor `ixon` or `openwrt`,
/// protocol `https` (default, port 443) or `http` (port 80).
pub fn client_config(spec: &ConnectSpec) -> Result<ClientConfig> {
    let ctx = spec.context("connect");
    let vendor = match spec.vendor.as_str() {
        VENDOR_IXON => VENDOR_IXON,
        VENDOR_OPENWRT => VENDOR_OPENWRT,
        other => {
            return Err(ctx.config(format!(
                "vendor {other:?} is not served by the ubus driver (expected ixon or openwrt)"
            )));
        }
    };
    let (scheme, default_port) = match spec.protocol.as_deref() {
        None | Some("https") => ("https", 443),
        Some("http") => ("http", 80),
        Some(other) => {
            return Err(ctx.config(format!(
                "protocol {other:?} is not one of https, http for {vendor}"
            )));
        }
    };
    let host = if spec.host.contains(':') && !spec.host.starts_with('[') {
        format!("[{}]", spec.host)
    } else {
        spec.host.clone()
    };
    let port = spec.port.unwrap_or(default_port);
    let credentials = (!spec.credentials.username.is_empty()).then(|| spec.credentials.clone());
    Ok(ClientConfig {
        url: format!("{scheme}://{host}:{port}/ubus"),
        vendor,
        label: spec.name.clone(),
        tls: spec.tls.clone(),
        timeout: spec.timeout,
        credentials,
        session_timeout: crate::jsonrpc::DEFAULT_SESSION_TIMEOUT,
    })
}

/// Connect to an IXON or OpenWrt router as `spec` says. No request is sent
/// until the first operation.
pub async fn connect(spec: &ConnectSpec) -> Result<Box<dyn Router>> {
    let config = client_config(spec)?;
    let client = UbusClient::new(config)?;
    Ok(Box::new(IxonRouter::new(&spec.name, Arc::new(client))))
}

/// A ubus router speaking the neutral model.
#[derive(Debug, Clone)]
pub struct IxonRouter {
    name: String,
    client: Arc<UbusClient>,
}

impl IxonRouter {
    /// A router called `name` (used in errors) reached through `client`.
    pub fn new(name: &str, client: Arc<UbusClient>) -> Self {
        Self {
            name: name.to_string(),
            client,
        }
    }

    /// The client underneath, for calls the neutral model does not cover.
    pub fn client(&self) -> &UbusClient {
        &self.client
    }

    fn is_ixon(&self) -> bool {
        self.client.vendor() == VENDOR_IXON
    }

    /// Set one configuration field (IXON), e.g. `wlan.wlanSsid`, by reading
    /// the whole configuration, changing that field, and writing it all back.
    /// The field must already exist, so a typo cannot add a key. Returns the
    /// configuration written.
    pub async fn set_config_value(&self, path: &str, value: Value) -> Result<Value> {
        if !self.is_ixon() {
            return Err(self.unsupported_op("config_set"));
        }
        let path = path.to_string();
        self.client
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

    fn unsupported_op(&self, operation: &str) -> Error {
        routerctl_core::ErrorContext::new(&self.name, operation).unsupported(self.vendor())
    }

    async fn overview(&self) -> Result<Overview> {
        self.client.overview().await
    }

    /// The shape most getters share: an IXrouter answers from its overview,
    /// an OpenWrt router from one argument-less ubus call
    /// (`object`/`method`); each reply goes through its vendor's mapping.
    async fn overview_or_call<T>(
        &self,
        from_overview: impl FnOnce(&Overview) -> T,
        (object, method): (&str, &str),
        from_reply: impl FnOnce(&Value) -> T,
    ) -> Result<T> {
        if self.is_ixon() {
            return Ok(from_overview(&self.overview().await?));
        }
        let reply = self.client.call(object, method, json!({})).await?;
        Ok(from_reply(&reply))
    }
}

#[async_trait]
impl Router for IxonRouter {
    fn name(&self) -> &str {
        &self.name
    }

    fn vendor(&self) -> &'static str {
        self.client.vendor()
    }

    fn capabilities(&self) -> &'static [Capability] {
        if self.is_ixon() {
            IXON_CAPABILITIES
        } else {
            OPENWRT_CAPABILITIES
        }
    }

    async fn facts(&self) -> Result<Facts> {
        if self.is_ixon() {
            let device = self.overview().await?.device.unwrap_or_default();
            return Ok(Facts {
                vendor: VENDOR_IXON.to_string(),
                model: device.model,
                serial_number: device.serial_number,
                os_version: device.firmware_version,
                hostname: device.hostname,
                uptime_seconds: device.uptime,
            });
        }
        let replies = self
            .client
            .batch(&[
                Call::new("system", "board", json!({})),
                Call::new("system", "info", json!({})),
            ])
            .await?;
        let mut replies = replies.into_iter();
        let board = replies.next().unwrap_or(Ok(Value::Null))?;
        let info = replies.next().unwrap_or(Ok(Value::Null))?;
        Ok(openwrt::facts(&board, &info))
    }

    async fn interfaces(&self) -> Result<Vec<Interface>> {
        self.overview_or_call(
            ixon::interfaces,
            ("network.device", "status"),
            openwrt::interfaces,
        )
        .await
    }

    async fn wan_links(&self) -> Result<Vec<WanLink>> {
        self.overview_or_call(
            ixon::wan_links,
            ("network.interface", "dump"),
            openwrt::wan_links,
        )
        .await
    }

    async fn clients(&self) -> Result<Vec<Client>> {
        if self.is_ixon() {
            return Ok(ixon::clients(&self.overview().await?));
        }
        let leases = self
            .client
            .call("luci-rpc", "getDHCPLeases", json!({}))
            .await?;
        // Wireless details where the ACL allows iwinfo; leases alone otherwise.
        let radios = match self.openwrt_radios(true).await {
            Ok(radios) => radios,
            Err(e) if matches!(e, Error::Auth { .. }) || is_object_missing(&e) => {
                tracing::debug!(router = %self.name, error = %e, "no wireless details");
                Vec::new()
            }
            Err(e) => return Err(e),
        };
        Ok(openwrt::clients(&leases, &radios))
    }

    async fn dhcp_leases(&self) -> Result<Vec<DhcpLease>> {
        self.overview_or_call(
            ixon::dhcp_leases,
            ("luci-rpc", "getDHCPLeases"),
            openwrt::dhcp_leases,
        )
        .await
    }

    async fn wifi_networks(&self) -> Result<Vec<WifiNetwork>> {
        if self.is_ixon() {
            let configuration = self.client.configuration().await?;
            return Ok(ixon::wifi_networks(&configuration));
        }
        match self.openwrt_radios(false).await {
            Ok(radios) => Ok(radios.iter().filter_map(openwrt::wifi_network).collect()),
            Err(e) if is_object_missing(&e) => Err(self.unsupported(Capability::WifiNetworks)),
            Err(e) => Err(e),
        }
    }

    async fn config_get(&self) -> Result<Config> {
        if self.is_ixon() {
            return Ok(Config::Json(self.client.configuration().await?));
        }
        let configs = self.client.call("uci", "configs", json!({})).await?;
        let names = string_list(&configs, "configs");
        let calls: Vec<Call> = names
            .iter()
            .map(|n| Call::new("uci", "get", json!({ "config": n })))
            .collect();
        let replies = self.client.batch(&calls).await?;
        let mut all = Map::new();
        for (name, reply) in names.into_iter().zip(replies) {
            let values = reply?.get("values").cloned().unwrap_or(Value::Null);
            all.insert(name, values);
        }
        Ok(Config::Json(Value::Object(all)))
    }

    async fn reboot(&self) -> Result<()> {
        if self.is_ixon() {
            return Err(self.unsupported(Capability::Reboot));
        }
        self.client
            .call("system", "reboot", json!({}))
            .await
            .map(|_| ())?;
        self.client.forget_session();
        Ok(())
    }

    /// `words` = `[object, method, optional JSON args object]`, or
    /// `["list", patterns...]`. Returns the reply's data object.
    async fn raw(&self, words: &[String]) -> Result<Value> {
        let ctx = routerctl_core::ErrorContext::new(&self.name, "raw");
        match words {
            [list, patterns @ ..] if list == "list" => {
                let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
                self.client.list(&patterns).await
            }
            [object, method] => self.client.call(object, method, json!({})).await,
            [object, method, args] => {
                let args: Value = serde_json::from_str(args)
                    .map_err(|e| ctx.config(format!("arguments are not JSON: {e}")))?;
                if !args.is_object() {
                    return Err(ctx.config("arguments must be a JSON object"));
                }
                self.client.call(object, method, args).await
            }
            _ => Err(ctx.config(
                "usage: OBJECT METHOD [JSON-ARGS] (e.g. ixon.ui.overview get '{}'), or list [PATTERN...]",
            )),
        }
    }

    async fn close(&self) {
        self.client.logout().await;
    }
}

impl IxonRouter {
    /// `iwinfo devices`, then `info` (and `assoclist` when `with_clients`)
    /// for each, in one batch.
    async fn openwrt_radios(&self, with_clients: bool) -> Result<Vec<openwrt::Radio>> {
        let devices = self.client.call("iwinfo", "devices", json!({})).await?;
        let names = string_list(&devices, "devices");
        let mut calls = Vec::new();
        for name in &names {
            calls.push(Call::new("iwinfo", "info", json!({ "device": name })));
            if with_clients {
                calls.push(Call::new("iwinfo", "assoclist", json!({ "device": name })));
            }
        }
        let mut replies = self.client.batch(&calls).await?.into_iter();
        let mut radios = Vec::new();
        for name in names {
            let info = replies.next().unwrap_or(Ok(Value::Null))?;
            let assoc = if with_clients {
                replies.next().unwrap_or(Ok(Value::Null))?
            } else {
                Value::Null
            };
            radios.push(openwrt::Radio {
                device: name,
                info,
                assoc,
            });
        }
        Ok(radios)
    }
}

/// `-32000 Object not found`: the router lacks the package behind an object.
fn is_object_missing(e: &Error) -> bool {
    e.vendor_code().is_some_and(|c| c.starts_with("-32000"))
}

fn prefix_of_netmask(mask: &str) -> Option<u8> {
    let m: std::net::Ipv4Addr = mask.parse().ok()?;
    let bits = u32::from(m);
    let ones = bits.leading_ones();
    // A netmask must be contiguous ones followed by zeros.
    (bits.checked_shl(ones).unwrap_or(0) == 0).then_some(ones as u8)
}

/// The security mode of an OpenWrt UCI `encryption` name (`psk2`,
/// `sae-mixed`, ...; a suffix such as `+ccmp` names the cipher). In UCI a
/// bare `wpa2` is WPA2-Enterprise, which is why this table is here and not
/// in [`Security::from_vendor`].
fn security_of_uci(name: &str) -> Security {
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

mod ixon {
    //! Overview/configuration → neutral records.
    use super::*;

    pub fn interfaces(o: &Overview) -> Vec<Interface> {
        o.interfaces
            .iter()
            .map(|i| Interface {
                name: i.device.clone().unwrap_or_else(|| i.name.clone()),
                kind: i.kind.as_deref().map(InterfaceKind::from_vendor),
                description: i.device.as_ref().map(|_| i.name.clone()),
                is_enabled: i.enabled,
                is_up: i.up,
                mac_address: i.mac_address.as_deref().and_then(mac_address),
                mtu: i.mtu,
                speed_mbps: i.speed,
                rx_bytes: i.rx_bytes,
                tx_bytes: i.tx_bytes,
                rx_packets: i.rx_packets,
                tx_packets: i.tx_packets,
                rx_errors: i.rx_errors,
                tx_errors: i.tx_errors,
                rx_drops: i.rx_dropped,
                tx_drops: i.tx_dropped,
            })
            .collect()
    }

    pub fn wan_links(o: &Overview) -> Vec<WanLink> {
        let Some(wan) = &o.wan else {
            return Vec::new();
        };
        wan.interfaces
            .iter()
            .map(|w| WanLink {
                name: w.name.clone(),
                kind: match w.kind.as_str() {
                    "ethernet" => WanKind::Ethernet,
                    "cellular" => WanKind::Cellular,
                    "wifi" => WanKind::Wifi,
                    "pppoe" => WanKind::Pppoe,
                    _ => WanKind::Other,
                },
                is_up: w.connected,
                ip_address: w.ip_address.clone().filter(|s| !s.is_empty()),
                prefix_length: w.net_mask.as_deref().and_then(prefix_of_netmask),
                gateway: w.gateway.clone().filter(|s| !s.is_empty()),
                dns_servers: w.dns_servers.clone(),
                uptime_seconds: w.uptime,
                signal_dbm: w.signal_strength,
            })
            .collect()
    }

    pub fn clients(o: &Overview) -> Vec<Client> {
        let Some(lan) = &o.lan else {
            return Vec::new();
        };
        let wlan = o.wlan.as_ref();
        lan.clients
            .iter()
            .filter_map(|c| {
                let wireless = c.interface.as_deref().map(|i| i == "wlan");
                let on_wifi = wireless == Some(true);
                Some(Client {
                    mac_address: mac_address(&c.mac_address)?,
                    ip_address: c.ip_address.clone(),
                    hostname: c.hostname.clone(),
                    interface: c.interface.clone(),
                    is_wireless: wireless,
                    ssid: wlan.and_then(|w| w.ssid.clone()).filter(|_| on_wifi),
                    band: wlan
                        .and_then(|w| w.band.as_deref())
                        .and_then(Band::from_vendor)
                        .filter(|_| on_wifi),
                    signal_dbm: c.signal_strength,
                    is_active: c.active,
                })
            })
            .collect()
    }

    pub fn dhcp_leases(o: &Overview) -> Vec<DhcpLease> {
        let Some(lan) = &o.lan else {
            return Vec::new();
        };
        lan.dhcp_leases
            .iter()
            .filter_map(|l| {
                Some(DhcpLease {
                    mac_address: mac_address(&l.mac_address)?,
                    ip_address: l.ip_address.clone(),
                    hostname: l.hostname.clone(),
                    client_id: l.client_id.clone(),
                    server: Some("lan".to_string()),
                    is_static: l.is_static,
                    status: None,
                    expires_in_seconds: l.expires,
                })
            })
            .collect()
    }

    /// The access point configured in `wlan`; none while the radio is a
    /// WAN client (then it is a WAN link, not a network we serve).
    pub fn wifi_networks(configuration: &Value) -> Vec<WifiNetwork> {
        let Some(wlan) = configuration.get("wlan") else {
            return Vec::new();
        };
        if wlan.get("wlanMode").and_then(Value::as_str) == Some("client") {
            return Vec::new();
        }
        let Some(ssid) = wlan.get("wlanSsid").and_then(Value::as_str) else {
            return Vec::new();
        };
        let channel = wlan
            .get("wlanChannel")
            .and_then(Value::as_u64)
            .and_then(|c| u32::try_from(c).ok())
            .filter(|c| *c != 0);
        vec![WifiNetwork {
            radio: None,
            ssid: ssid.to_string(),
            band: channel.and_then(band_of_channel),
            channel,
            is_enabled: wlan.get("wlanEnable").and_then(Value::as_bool),
            is_hidden: wlan.get("wlanHidden").and_then(Value::as_bool),
            security: wlan
                .get("wlanEncryption")
                .and_then(Value::as_str)
                .map(security_of_uci),
        }]
    }
}

mod openwrt {
    //! rpcd / netifd / luci-rpc / iwinfo replies → neutral records.
    use super::*;

    /// One iwinfo device with its `info` and (optionally) `assoclist`.
    pub struct Radio {
        pub device: String,
        pub info: Value,
        pub assoc: Value,
    }

    fn s(v: &Value, key: &str) -> Option<String> {
        v.get(key).and_then(Value::as_str).map(str::to_string)
    }

    fn u(v: &Value, key: &str) -> Option<u64> {
        v.get(key).and_then(Value::as_u64)
    }

    pub fn facts(board: &Value, info: &Value) -> Facts {
        let release = board.get("release").cloned().unwrap_or(Value::Null);
        Facts {
            vendor: VENDOR_OPENWRT.to_string(),
            model: s(board, "model"),
            serial_number: None,
            os_version: s(&release, "description").or_else(|| s(&release, "version")),
            hostname: s(board, "hostname"),
            uptime_seconds: u(info, "uptime"),
        }
    }

    pub fn interfaces(devices: &Value) -> Vec<Interface> {
        let Some(map) = devices.as_object() else {
            return Vec::new();
        };
        map.iter()
            .map(|(name, d)| {
                let stats = d.get("statistics").cloned().unwrap_or(Value::Null);
                Interface {
                    name: name.clone(),
                    kind: s(d, "devtype")
                        .or_else(|| s(d, "type"))
                        .map(|k| InterfaceKind::from_vendor(&k)),
                    description: None,
                    is_enabled: d.get("present").and_then(Value::as_bool),
                    is_up: d
                        .get("carrier")
                        .and_then(Value::as_bool)
                        .or_else(|| d.get("up").and_then(Value::as_bool)),
                    mac_address: s(d, "macaddr").and_then(|m| mac_address(&m)),
                    mtu: u(d, "mtu").and_then(|m| u32::try_from(m).ok()),
                    // netifd writes "1000F" / "100H"; negative means unknown.
                    speed_mbps: s(d, "speed")
                        .and_then(|sp| sp.trim_end_matches(['F', 'H']).parse::<u64>().ok()),
                    rx_bytes: u(&stats, "rx_bytes"),
                    tx_bytes: u(&stats, "tx_bytes"),
                    rx_packets: u(&stats, "rx_packets"),
                    tx_packets: u(&stats, "tx_packets"),
                    rx_errors: u(&stats, "rx_errors"),
                    tx_errors: u(&stats, "tx_errors"),
                    rx_drops: u(&stats, "rx_dropped"),
                    tx_drops: u(&stats, "tx_dropped"),
                }
            })
            .collect()
    }

    fn is_default_route(r: &Value) -> bool {
        r.get("target").and_then(Value::as_str) == Some("0.0.0.0") && u(r, "mask") == Some(0)
    }

    /// Interfaces that carry a default route, or are named `wan*`.
    pub fn wan_links(dump: &Value) -> Vec<WanLink> {
        let Some(list) = dump.get("interface").and_then(Value::as_array) else {
            return Vec::new();
        };
        list.iter()
            .filter(|i| {
                let routes = i.get("route").and_then(Value::as_array);
                routes.is_some_and(|r| r.iter().any(is_default_route))
                    || s(i, "interface").is_some_and(|n| n.starts_with("wan"))
            })
            .map(|i| {
                let proto = s(i, "proto").unwrap_or_default();
                let device = s(i, "l3_device")
                    .or_else(|| s(i, "device"))
                    .unwrap_or_default();
                let kind = match proto.as_str() {
                    "pppoe" | "pppoa" => WanKind::Pppoe,
                    "qmi" | "ncm" | "mbim" | "3g" | "modemmanager" | "wwan" => WanKind::Cellular,
                    _ if device.starts_with("wlan")
                        || (device.starts_with("phy") && device.contains("-sta")) =>
                    {
                        WanKind::Wifi
                    }
                    "dhcp" | "static" | "dhcpv6" => WanKind::Ethernet,
                    _ => WanKind::Other,
                };
                let addr = i
                    .get("ipv4-address")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
                    .cloned()
                    .unwrap_or(Value::Null);
                let gateway = i
                    .get("route")
                    .and_then(Value::as_array)
                    .and_then(|r| r.iter().find(|r| is_default_route(r)))
                    .and_then(|r| s(r, "nexthop"));
                let up = i.get("up").and_then(Value::as_bool);
                WanLink {
                    name: s(i, "interface").unwrap_or_default(),
                    kind,
                    is_up: up,
                    ip_address: s(&addr, "address"),
                    prefix_length: u(&addr, "mask").and_then(|m| u8::try_from(m).ok()),
                    gateway,
                    dns_servers: string_list(i, "dns-server"),
                    uptime_seconds: if up == Some(true) {
                        u(i, "uptime")
                    } else {
                        None
                    },
                    signal_dbm: None,
                }
            })
            .collect()
    }

    fn lease_list(leases: &Value) -> impl Iterator<Item = &Value> {
        leases
            .get("dhcp_leases")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    }

    pub fn dhcp_leases(leases: &Value) -> Vec<DhcpLease> {
        lease_list(leases)
            .filter_map(|l| {
                Some(DhcpLease {
                    mac_address: mac_address(l.get("macaddr")?.as_str()?)?,
                    ip_address: s(l, "ipaddr"),
                    hostname: s(l, "hostname"),
                    client_id: s(l, "duid"),
                    server: None,
                    is_static: None,
                    status: None,
                    // `false` marks an infinite lease: no expiry to report.
                    expires_in_seconds: u(l, "expires"),
                })
            })
            .collect()
    }

    /// The band of an iwinfo `frequency` (MHz).
    fn band(info: &Value) -> Option<Band> {
        u(info, "frequency")
            .and_then(|f| u32::try_from(f).ok())
            .and_then(Band::from_frequency_mhz)
    }

    /// iwinfo's `encryption` object: `enabled`, the WPA generations in
    /// `wpa` and the key management in `authentication` (`psk`, `sae`,
    /// `802.1x`, `owe`); enabled without WPA generations is WEP.
    fn security(encryption: &Value) -> Option<Security> {
        if !encryption.get("enabled").and_then(Value::as_bool)? {
            return Some(Security::Open);
        }
        let versions: Vec<u8> = encryption
            .get("wpa")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_u64)
                    .filter_map(|v| u8::try_from(v).ok())
                    .collect()
            })
            .unwrap_or_default();
        let auths: Vec<&str> = encryption
            .get("authentication")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if auths.contains(&"owe") {
            return Some(Security::Owe);
        }
        if versions.is_empty() {
            return Some(Security::Wep);
        }
        let enterprise = auths.iter().any(|a| a.starts_with("802.1x") || *a == "eap");
        let personal = auths.iter().any(|a| matches!(*a, "psk" | "sae"));
        Some(match (personal, enterprise) {
            (true, true) => Security::Other,
            (false, true) => Security::wpa_enterprise(&versions),
            _ => Security::wpa_personal(&versions),
        })
    }

    /// Access points only (iwinfo mode `Master`).
    pub fn wifi_network(r: &Radio) -> Option<WifiNetwork> {
        if s(&r.info, "mode").as_deref() != Some("Master") {
            return None;
        }
        Some(WifiNetwork {
            radio: s(&r.info, "phy").or_else(|| Some(r.device.clone())),
            ssid: s(&r.info, "ssid").unwrap_or_default(),
            band: band(&r.info),
            channel: u(&r.info, "channel").and_then(|c| u32::try_from(c).ok()),
            is_enabled: Some(true),
            is_hidden: None,
            security: r.info.get("encryption").and_then(security),
        })
    }

    /// DHCP leases joined with wireless associations by MAC.
    pub fn clients(leases: &Value, radios: &[Radio]) -> Vec<Client> {
        let mut by_mac: BTreeMap<String, Client> = BTreeMap::new();
        for l in lease_list(leases) {
            let Some(mac) = l.get("macaddr").and_then(Value::as_str) else {
                continue;
            };
            let Some(mac) = mac_address(mac) else {
                continue;
            };
            by_mac.insert(
                mac.clone(),
                Client {
                    mac_address: mac,
                    ip_address: s(l, "ipaddr"),
                    hostname: s(l, "hostname"),
                    ..Default::default()
                },
            );
        }
        for r in radios {
            let ssid = s(&r.info, "ssid");
            let band = band(&r.info);
            let stations = r.assoc.get("results").and_then(Value::as_array);
            for st in stations.into_iter().flatten() {
                let Some(mac) = st.get("mac").and_then(Value::as_str) else {
                    continue;
                };
                let Some(mac) = mac_address(mac) else {
                    continue;
                };
                let entry = by_mac.entry(mac.clone()).or_insert_with(|| Client {
                    mac_address: mac,
                    ..Default::default()
                });
                entry.interface = Some(r.device.clone());
                entry.is_wireless = Some(true);
                entry.ssid = ssid.clone();
                entry.band = band;
                entry.signal_dbm = st
                    .get("signal")
                    .and_then(Value::as_i64)
                    .and_then(|v| i32::try_from(v).ok());
                entry.is_active = Some(true);
            }
        }
        by_mac.into_values().collect()
    }
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

    #[test]
    fn netmasks_and_security_names() {
        assert_eq!(prefix_of_netmask("255.255.255.0"), Some(24));
        assert_eq!(prefix_of_netmask("255.0.255.0"), None);
        assert_eq!(prefix_of_netmask("0.0.0.0"), Some(0));
        assert_eq!(security_of_uci("sae-mixed"), Security::Wpa2Wpa3Personal);
        assert_eq!(security_of_uci("none"), Security::Open);
        assert_eq!(security_of_uci("psk2+ccmp"), Security::Wpa2Personal);
        assert_eq!(security_of_uci("wpa2"), Security::Wpa2Enterprise);
        assert_eq!(security_of_uci("wep-open"), Security::Wep);
        assert_eq!(security_of_uci("bogus"), Security::Other);
    }

    #[cfg(feature = "sim")]
    #[test]
    fn ixon_client_mode_serves_no_network() {
        let mut cfg = crate::sim::device::default_configuration();
        assert_eq!(ixon::wifi_networks(&cfg).len(), 1);
        cfg["wlan"]["wlanMode"] = json!("client");
        assert!(ixon::wifi_networks(&cfg).is_empty());
    }

    #[test]
    fn openwrt_mappings_tolerate_junk() {
        assert!(openwrt::interfaces(&json!([1, 2])).is_empty());
        assert!(openwrt::wan_links(&json!({"interface": [1, {"route": 5}]})).is_empty());
        assert!(openwrt::dhcp_leases(&json!({"dhcp_leases": [{"macaddr": 5}]})).is_empty());
        let f = openwrt::facts(&json!(null), &json!({"uptime": -1}));
        assert_eq!(f.uptime_seconds, None);
    }
}
