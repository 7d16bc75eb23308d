//! Typed replies of the endpoints the driver reads. Parsing is tolerant
//! where firmware versions differ (absent fields are `None`, unknown
//! fields are ignored) and strict where a wrong shape means a wrong
//! endpoint.

use routerctl_core::Secret;
use serde::Deserialize;
use serde_json::Value;

use crate::wire::keyed_in_order;

/// Items of a keyed collection, in `order`, parsed as `T` and tagged with
/// their id.
pub fn keyed_items<T: serde::de::DeserializeOwned>(
    value: &Value,
    what: &str,
) -> Result<Vec<(u64, T)>, String> {
    keyed_in_order(value)
        .map_err(|e| format!("{what}: {e}"))?
        .into_iter()
        .map(|(id, item)| {
            serde_json::from_value(item)
                .map(|t| (id, t))
                .map_err(|e| format!("{what} {id}: {e}"))
        })
        .collect()
}

/// One firmware image of `info.firmware`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FirmwareImage {
    /// `8.5.2 build 5400`.
    pub version: String,
    /// Whether the device may boot it.
    #[serde(default)]
    pub bootable: Option<bool>,
    /// Whether it is running.
    #[serde(default)]
    pub in_use: Option<bool>,
}

/// The device block of the Web Admin's unofficial `status.system.info`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceInfo {
    /// `AB12-BC34-DE56`.
    #[serde(default)]
    pub serial_number: Option<String>,
    /// The device name an administrator gave it.
    #[serde(default)]
    pub name: Option<String>,
    /// `Peplink Balance 710`.
    #[serde(default)]
    pub model: Option<String>,
    /// `BPL-710`.
    #[serde(default)]
    pub product_code: Option<String>,
    /// `8.5.1 build 5340`.
    #[serde(default)]
    pub firmware_version: Option<String>,
    /// Host name.
    #[serde(default)]
    pub host: Option<String>,
}

/// `info.location`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Location {
    /// Whether the device has a GPS receiver.
    #[serde(default)]
    pub gps: Option<bool>,
    /// The fix, when there is one.
    #[serde(default)]
    pub location: Option<Fix>,
}

/// A GPS fix.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Fix {
    /// Degrees north.
    pub latitude: f64,
    /// Degrees east.
    pub longitude: f64,
    /// Metres.
    #[serde(default)]
    pub altitude: Option<f64>,
    /// Speed as the device reports it.
    #[serde(default)]
    pub speed: Option<f64>,
    /// Degrees.
    #[serde(default)]
    pub heading: Option<f64>,
    /// Unix time of the fix.
    #[serde(default)]
    pub timestamp: Option<u64>,
}

/// One WAN of `status.wan.connection`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WanConnection {
    /// WAN name.
    pub name: String,
    /// Administratively enabled.
    #[serde(default)]
    pub enable: Option<bool>,
    /// Address, when connected.
    #[serde(default)]
    pub ip: Option<String>,
    /// `green`, `gray`, … (there is no `status` field).
    #[serde(default)]
    pub status_led: Option<String>,
    /// `Connected`, `Disabled`, …
    #[serde(default)]
    pub message: Option<String>,
    /// Seconds connected.
    #[serde(default)]
    pub uptime: Option<u64>,
    /// `ethernet`, `cellular` (`gobi` before 8.0.1), `modem`, `wireless`, …
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Absent when disabled.
    #[serde(default)]
    pub priority: Option<u64>,
    /// DNS servers.
    #[serde(default)]
    pub dns: Vec<String>,
    /// Prefix length.
    #[serde(default)]
    pub mask: Option<u8>,
    /// Default gateway.
    #[serde(default)]
    pub gateway: Option<String>,
    /// `dhcp`, `staticIp`, `ppp`.
    #[serde(default)]
    pub method: Option<String>,
    /// MTU.
    #[serde(default)]
    pub mtu: Option<u32>,
    /// Cellular details (signal under `band[].signal`).
    #[serde(default)]
    pub cellular: Option<Value>,
    /// Cellular details before 8.0.1.
    #[serde(default)]
    pub gobi: Option<Value>,
    /// USB modem details.
    #[serde(default)]
    pub modem: Option<Value>,
    /// Wi-Fi WAN details.
    #[serde(default)]
    pub wireless: Option<Value>,
}

impl WanConnection {
    /// Signal strength in dBm: the RSSI of the first cellular band (or of
    /// the modem), or the Wi-Fi WAN's RSSI.
    pub fn signal_dbm(&self) -> Option<i32> {
        let rssi = |v: &Value| {
            v.get("rssi")
                .and_then(Value::as_f64)
                .map(|f| f.round() as i32)
        };
        [&self.cellular, &self.gobi, &self.modem]
            .into_iter()
            .flatten()
            .find_map(|c| {
                c.get("band")
                    .and_then(Value::as_array)
                    .and_then(|bands| bands.first())
                    .and_then(|b| b.get("signal"))
                    .and_then(rssi)
                    .or_else(|| c.get("signal").and_then(rssi))
            })
            .or_else(|| {
                self.wireless
                    .as_ref()
                    .and_then(|w| w.get("signal"))
                    .and_then(rssi)
            })
    }
}

/// A DHCP lease as `status.client` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lease {
    /// Seconds left.
    #[serde(default)]
    pub expires_in: Option<u64>,
    /// `dhcp`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

/// One host of `status.client`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LanClient {
    /// MAC address (upper case on the device).
    pub mac: String,
    /// Address.
    #[serde(default)]
    pub ip: Option<String>,
    /// Host name.
    #[serde(default)]
    pub name: Option<String>,
    /// `ethernet` or `wireless`.
    #[serde(default)]
    pub connection_type: Option<String>,
    /// The DHCP lease, when the address came from the device's server.
    #[serde(default)]
    pub lease: Option<Lease>,
    /// Seen recently.
    #[serde(default)]
    pub active: Option<bool>,
    /// VLAN.
    #[serde(default)]
    pub vlan_id: Option<u64>,
    /// SSID, for wireless hosts.
    #[serde(default)]
    pub essid: Option<String>,
    /// AP BSSID, for wireless hosts.
    #[serde(default)]
    pub bssid: Option<String>,
    /// Signal (8.1.0+), with `rssi` in dBm.
    #[serde(default)]
    pub signal: Option<Value>,
}

/// One LAN profile of `status.lan.profile`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LanProfile {
    /// Absent for the untagged LAN.
    #[serde(default)]
    pub name: Option<String>,
    /// The router's address.
    #[serde(default)]
    pub ip: Option<String>,
    /// Prefix length.
    #[serde(default)]
    pub mask: Option<u8>,
    /// VLAN id; absent for the untagged LAN.
    #[serde(default)]
    pub vlan_id: Option<u64>,
}

/// One SSID profile of `config.ssid.profile`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsidProfile {
    /// The SSID.
    pub name: String,
    /// Served.
    #[serde(default)]
    pub enable: Option<bool>,
    /// Broadcast in beacons.
    #[serde(default)]
    pub broadcast: Option<bool>,
    /// VLAN.
    #[serde(default)]
    pub vlan_id: Option<u64>,
    /// `{policy: "WPA2 Personal", wpa2Personal: {...}}`.
    #[serde(default)]
    pub security: Option<Value>,
}

impl SsidProfile {
    /// The security policy name (`WPA2 Personal`, `Open`, …).
    pub fn policy(&self) -> Option<&str> {
        self.security.as_ref()?.get("policy")?.as_str()
    }
}

/// One SMS of `cmd.sms.get`, flattened out of its sender group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsMessage {
    /// Id for `cmd.sms.delete`.
    pub id: u64,
    /// Sender number.
    pub sender: String,
    /// Unix time.
    pub timestamp: Option<u64>,
    /// Text.
    pub message: String,
}

#[derive(Deserialize)]
struct SmsGroup {
    sender: String,
    #[serde(default)]
    message: Vec<SmsPart>,
}

#[derive(Deserialize)]
struct SmsPart {
    id: u64,
    #[serde(default)]
    timestamp: Option<u64>,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize)]
struct SmsInbox {
    #[serde(default)]
    sms: Vec<SmsGroup>,
}

/// The messages of a `cmd.sms.get` reply, in the device's order.
pub fn sms_messages(response: &Value) -> Result<Vec<SmsMessage>, String> {
    let inbox: SmsInbox =
        serde_json::from_value(response.clone()).map_err(|e| format!("SMS inbox: {e}"))?;
    Ok(inbox
        .sms
        .into_iter()
        .flat_map(|g| {
            let sender = g.sender;
            g.message.into_iter().map(move |m| SmsMessage {
                id: m.id,
                sender: sender.clone(),
                timestamp: m.timestamp,
                message: m.message,
            })
        })
        .collect())
}

/// One network of `cmd.wifi.scan`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WifiScanEntry {
    /// Network name.
    pub ssid: String,
    /// Access point.
    #[serde(default)]
    pub bssid: Option<String>,
    /// dBm.
    #[serde(default)]
    pub signal: Option<i64>,
    /// Channel.
    #[serde(default)]
    pub channel: Option<u64>,
    /// `wpa-psk`, `open`, …
    #[serde(default)]
    pub security_policy: Option<String>,
    /// `{inUse, connected}`.
    #[serde(default)]
    pub status: Option<Value>,
}

/// `cmd.ap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApState {
    /// The device has an access point.
    #[serde(default)]
    pub support: Option<bool>,
    /// The access point is on.
    #[serde(default)]
    pub enable: Option<bool>,
    /// The access point follows WAN state.
    #[serde(default)]
    pub wan_dependent: Option<bool>,
}

/// An API client (`auth.client`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    /// Display name.
    pub name: String,
    /// Client id.
    pub client_id: String,
    /// Client secret.
    pub client_secret: Secret,
    /// `api` or `api.read-only`.
    pub scope: String,
    /// Unix time.
    pub create_timestamp: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiClientWire {
    name: String,
    client_id: String,
    #[serde(default)]
    client_secret: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    create_timestamp: Option<u64>,
}

impl ApiClient {
    /// Read one client object.
    pub fn from_value(v: &Value) -> Result<Self, String> {
        let w: ApiClientWire =
            serde_json::from_value(v.clone()).map_err(|e| format!("API client: {e}"))?;
        Ok(ApiClient {
            name: w.name,
            client_id: w.client_id,
            client_secret: Secret::new(w.client_secret),
            scope: w.scope,
            create_timestamp: w.create_timestamp,
        })
    }
}

/// A token of `auth.client.token`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// The token.
    pub access_token: Secret,
    /// Its client.
    pub client_id: String,
    /// Its client's name.
    pub client_name: Option<String>,
    /// `api` or `api.read-only`.
    pub scope: Option<String>,
}

impl TokenInfo {
    /// Read one token object.
    pub fn from_value(v: &Value) -> Result<Self, String> {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        Ok(TokenInfo {
            access_token: Secret::new(text("accessToken").ok_or("token has no accessToken")?),
            client_id: text("clientId").ok_or("token has no clientId")?,
            client_name: text("clientName"),
            scope: text("scope"),
        })
    }
}

/// `auth.token.grant`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenGrant {
    /// The token, for the `accessToken` query parameter.
    pub access_token: Secret,
    /// `api` or `api.read-only`.
    pub scope: Option<String>,
    /// Seconds until it expires (172800 on the device).
    pub expires_in: u64,
}

impl TokenGrant {
    /// Read a grant reply; `expiresIn` may be a number or a numeric string.
    pub fn from_value(v: &Value) -> Result<Self, String> {
        let token = v
            .get("accessToken")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .ok_or("grant has no accessToken")?;
        let expires_in = match v.get("expiresIn") {
            Some(Value::Number(n)) => n.as_u64().ok_or("expiresIn is not a whole number")?,
            Some(Value::String(s)) => s.trim().parse().map_err(|_| "expiresIn is not numeric")?,
            _ => return Err("grant has no expiresIn".into()),
        };
        Ok(TokenGrant {
            access_token: Secret::new(token),
            scope: v.get("scope").and_then(Value::as_str).map(str::to_string),
            expires_in,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reference_payloads_parse() {
        let wan = json!({"1": {"name": "Peak Wifi", "ip": "10.10.10.101", "type": "ethernet",
            "mask": 22, "dns": ["8.8.4.4"], "priority": 1, "statusLed": "green"},
            "8": {"name": "Mobile Internet", "type": "modem"}, "order": [1, 8],
            "supportGatewayProxy": true, "connection": []});
        let items: Vec<(u64, WanConnection)> = keyed_items(&wan, "WAN").unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].1.mask, Some(22));
        assert_eq!(items[1].1.kind.as_deref(), Some("modem"));

        let cell = WanConnection {
            cellular: Some(json!({"band": [{"name": "B3", "signal": {"rssi": -71, "rsrp": -99}}]})),
            ..serde_json::from_value(json!({"name": "c"})).unwrap()
        };
        assert_eq!(cell.signal_dbm(), Some(-71));

        let grant = TokenGrant::from_value(&json!({"accessToken": "43c6", "authorizationType": 3,
            "scope": "api", "expiresIn": 172800}))
        .unwrap();
        assert_eq!(grant.expires_in, 172_800);
        assert_eq!(format!("{:?}", grant.access_token), "***");
        assert!(TokenGrant::from_value(&json!({"accessToken": "x"})).is_err());
        assert_eq!(
            TokenGrant::from_value(&json!({"accessToken": "x", "expiresIn": "60"}))
                .unwrap()
                .expires_in,
            60
        );

        let inbox = json!({"connId": 6, "simId": 1, "sms": [
            {"sender": "988", "message": [{"id": 1, "timestamp": 1581774925, "message": "a"}]},
            {"sender": "+81", "message": [{"id": 2, "message": "b"}, {"id": 6, "message": "c"}]}]});
        let msgs = sms_messages(&inbox).unwrap();
        assert_eq!(msgs.iter().map(|m| m.id).collect::<Vec<_>>(), vec![1, 2, 6]);
        assert_eq!(msgs[2].sender, "+81");
    }
}
