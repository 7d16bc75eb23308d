//! The JNAP client: any action by name, `core/Transaction` batches,
//! version negotiation from `core/GetDeviceInfo`, and typed calls.
//!
//! Built on the kit's [`HttpClient`] (TLS policy, timeouts, body limit,
//! transport error mapping). There is no login: the credentials go with
//! every request in `X-JNAP-Authorization`.
//!
//! ```no_run
//! # async fn demo() -> routerctl_core::Result<()> {
//! use routerctl_core::Credentials;
//! use routerctl_linksys::client::{ClientConfig, JnapClient};
//! let mut config = ClientConfig::new("http://192.168.1.1");
//! config.credentials = Some(Credentials::new("admin", "secret"));
//! let client = JnapClient::new(config)?;
//! let wan = client.wan_status().await?; // GetWANStatus3 where Router5 exists
//! let raw = client.call("router/GetLANSettings", serde_json::json!({})).await?;
//! println!("{} {}", wan.wan_status, raw.output["hostName"]);
//! # Ok(()) }
//! ```

use std::sync::RwLock;
use std::time::Duration;

use routerctl_core::{Credentials, Error, ErrorContext, Result, Secret, TlsPolicy};
use routerctl_kit::http::{HttpClient, HttpConfig, Method, StatusCode, basic_auth, header};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::sync::OnceCell;

use crate::models::{
    AdminPasswordAuthStatus, AdminPasswordRestrictions, DeviceInfo, Devices, DhcpClientLeases,
    FirmwareUpdateSettings, FirmwareUpdateStatus, GuestNetworkSettings, GuestRadioSettings,
    LanSettings, LogEntries, LogKind, LogSettings, NetworkConnections, ParentalControlRule,
    ParentalControlSettings, Property, RadioInfo, RadioSettings, RouterLedSettings, TimeSettings,
    WEEKDAYS, WanStatus, check_schedule,
};
use crate::versions::{Services, best_action};
use crate::wire::{
    ACTION_HEADER, AUTH_HEADER, ActionName, MAX_BODY, PATH, Reply, SideEffect, TRANSACTION,
    TransactionEntry, VENDOR, result,
};

/// How to reach one router.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `http://host:port` or `https://host:port` (no path).
    pub url: String,
    /// Router name used in errors.
    pub label: String,
    /// Certificates to accept for `https` URLs.
    pub tls: TlsPolicy,
    /// Connect and per-request timeout.
    pub timeout: Duration,
    /// Admin credentials; `None` reaches only the open actions.
    pub credentials: Option<Credentials>,
}

impl ClientConfig {
    /// Defaults for `url`: web PKI, 10 s timeout, no credentials, the URL
    /// as label.
    pub fn new(url: &str) -> Self {
        Self {
            url: url.trim_end_matches('/').to_string(),
            label: url.to_string(),
            tls: TlsPolicy::default(),
            timeout: Duration::from_secs(10),
            credentials: None,
        }
    }
}

/// A successful action.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The action that answered (as called, short form).
    pub action: ActionName,
    /// The result string (`OK`).
    pub result: String,
    /// The `output` object (`{}` when the router sent none).
    pub output: Value,
    /// What the action does beyond its reply.
    pub side_effects: Vec<SideEffect>,
}

impl Response {
    fn from_reply(action: ActionName, reply: Reply) -> Self {
        Self {
            action,
            result: reply.result,
            output: reply.output.unwrap_or_else(|| json!({})),
            side_effects: reply
                .side_effects
                .iter()
                .map(|s| SideEffect::parse(s))
                .collect(),
        }
    }

    /// Whether the router restarts after this action.
    pub fn restarts(&self) -> bool {
        self.side_effects.contains(&SideEffect::DeviceRestart)
    }
}

/// One call of a transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The action.
    pub action: ActionName,
    /// Its input.
    pub input: Value,
}

impl Call {
    /// `action` (either spelling) with `input`.
    pub fn new(action: &str, input: Value) -> std::result::Result<Self, String> {
        Ok(Self {
            action: ActionName::parse(action)?,
            input,
        })
    }
}

/// Map a non-OK reply to the shared error. `_ErrorUnauthorized` and the
/// password errors of `CheckAdminPassword3` are [`Error::Auth`]; every
/// other result is [`Error::Vendor`] with the result as code and the
/// router's `error` text (or its output) as message.
///
/// ```
/// use routerctl_core::ErrorContext;
/// use routerctl_linksys::{client::reply_error, wire::Reply};
/// let ctx = ErrorContext::new("r1", "core/Reboot");
/// let e = reply_error(&ctx, &Reply::failure("_ErrorUnauthorized", None));
/// assert_eq!(e.kind(), "auth");
/// let e = reply_error(&ctx, &Reply::failure("ErrorRulesOverlap", Some("x".into())));
/// assert_eq!(e.vendor_code(), Some("ErrorRulesOverlap"));
/// ```
pub fn reply_error(ctx: &ErrorContext, reply: &Reply) -> Error {
    let detail = reply
        .error
        .clone()
        .or_else(|| reply.output.as_ref().map(|o| o.to_string()));
    match reply.result.as_str() {
        result::UNAUTHORIZED => ctx.auth(match detail {
            Some(d) => format!("{} ({d})", result::UNAUTHORIZED),
            None => format!(
                "{}: the router refused the admin password",
                result::UNAUTHORIZED
            ),
        }),
        result::INVALID_ADMIN_PASSWORD
        | result::PASSWORD_CHECK_DELAYED
        | result::ADMIN_ACCOUNT_LOCKED => ctx.auth(format!(
            "{}{}",
            reply.result,
            detail.map(|d| format!(": {d}")).unwrap_or_default()
        )),
        code => {
            let message = detail.unwrap_or_else(|| match code {
                result::UNKNOWN_ACTION => "the router does not know this action".to_string(),
                result::INVALID_INPUT => "the router rejected the input".to_string(),
                result::UNEXPECTED => "the router failed unexpectedly (may be retried)".to_string(),
                other => other.to_string(),
            });
            ctx.vendor(VENDOR, Some(code.to_string()), message)
        }
    }
}

/// A JNAP client for one router. Cheap to share behind an `Arc`.
pub struct JnapClient {
    http: HttpClient,
    endpoint: String,
    auth: RwLock<Option<header::HeaderValue>>,
    services: OnceCell<Services>,
}

impl std::fmt::Debug for JnapClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JnapClient")
            .field("endpoint", &self.endpoint)
            .field("label", &self.http.label())
            .finish_non_exhaustive()
    }
}

impl JnapClient {
    /// A client for `config`; nothing is sent yet.
    pub fn new(config: ClientConfig) -> Result<Self> {
        let ctx = ErrorContext::new(config.label.clone(), "connect");
        let tls = if config.url.starts_with("https://") {
            Some(config.tls.clone())
        } else if config.url.starts_with("http://") {
            None
        } else {
            return Err(ctx.config(format!(
                "URL {:?} is neither http:// nor https://",
                config.url
            )));
        };
        let mut http_config = HttpConfig::new(&config.label, VENDOR, tls, config.timeout);
        http_config.max_body = MAX_BODY;
        let http = HttpClient::new(http_config)?;
        let auth = match &config.credentials {
            Some(c) => Some(basic_auth(c).map_err(|e| ctx.config(e))?),
            None => None,
        };
        Ok(Self {
            http,
            endpoint: format!("{}{PATH}", config.url),
            auth: RwLock::new(auth),
            services: OnceCell::new(),
        })
    }

    /// The router name used in errors.
    pub fn label(&self) -> &str {
        self.http.label()
    }

    /// The `/JNAP/` URL.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn ctx(&self, operation: impl Into<String>) -> ErrorContext {
        self.http.ctx(operation)
    }

    fn auth_header(&self) -> Option<header::HeaderValue> {
        self.auth
            .read()
            .map(|a| a.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    /// Post one action and return the router's reply envelope, whatever its
    /// result; only transport, HTTP and JSON failures are errors.
    pub async fn post(&self, action: &ActionName, input: &Value) -> Result<Reply> {
        let ctx = self.ctx(action.short());
        let body = serde_json::to_vec(input).map_err(|e| ctx.config(e.to_string()))?;
        let mut request = self
            .http
            .request(Method::POST, &self.endpoint)
            .header(ACTION_HEADER, action.uri())
            .header(header::CONTENT_TYPE, "application/json; charset=UTF-8")
            .body(body);
        if let Some(auth) = self.auth_header() {
            request = request.header(AUTH_HEADER, auth);
        }
        let reply = self.http.send(&ctx, request).await?;
        if reply.status != StatusCode::OK {
            return Err(reply.status_error(&ctx, VENDOR));
        }
        reply.json::<Reply>(&ctx)
    }

    /// Call `action` (`service/Action` or a full URI, either prefix) with
    /// `input`; a non-OK result is an error (see [`reply_error`]).
    pub async fn call(&self, action: &str, input: Value) -> Result<Response> {
        let name = ActionName::parse(action).map_err(|e| self.ctx(action).config(e))?;
        self.call_action(&name, &input).await
    }

    /// [`JnapClient::call`] with a parsed name.
    pub async fn call_action(&self, action: &ActionName, input: &Value) -> Result<Response> {
        let reply = self.post(action, input).await?;
        if !reply.is_ok() {
            return Err(reply_error(&self.ctx(action.short()), &reply));
        }
        Ok(Response::from_reply(action.clone(), reply))
    }

    /// Run `calls` in one `core/Transaction`. Replies come back in request
    /// order; the first failing entry fails the whole call with an error
    /// whose operation names its index and action
    /// (`core/Transaction[1] core/Reboot`).
    pub async fn transaction(&self, calls: &[Call]) -> Result<Vec<Response>> {
        let ctx = self.ctx(TRANSACTION);
        let entries: Vec<TransactionEntry> = calls
            .iter()
            .map(|c| TransactionEntry::new(&c.action, c.input.clone()))
            .collect();
        let body = serde_json::to_value(&entries).map_err(|e| ctx.config(e.to_string()))?;
        let name = ActionName::parse(TRANSACTION).map_err(|e| ctx.config(e))?;
        let reply = self.post(&name, &body).await?;
        let responses = reply.responses.clone().unwrap_or_default();
        for (index, entry) in responses.iter().enumerate() {
            if !entry.is_ok() {
                let action = calls
                    .get(index)
                    .map(|c| c.action.short().to_string())
                    .unwrap_or_else(|| "?".into());
                let ctx = self.ctx(format!("{TRANSACTION}[{index}] {action}"));
                return Err(reply_error(&ctx, entry));
            }
        }
        if !reply.is_ok() {
            return Err(reply_error(&ctx, &reply));
        }
        if responses.len() != calls.len() {
            return Err(ctx.protocol(format!(
                "{} calls sent but {} replies received",
                calls.len(),
                responses.len()
            )));
        }
        Ok(calls
            .iter()
            .zip(responses)
            .map(|(c, r)| Response::from_reply(c.action.clone(), r))
            .collect())
    }

    async fn typed<T: DeserializeOwned>(&self, action: &ActionName, input: Value) -> Result<T> {
        let response = self.call_action(action, &input).await?;
        serde_json::from_value(response.output).map_err(|e| {
            self.ctx(action.short())
                .protocol(format!("unexpected output: {e}"))
        })
    }

    fn fixed(&self, action: &str) -> Result<ActionName> {
        ActionName::parse(action).map_err(|e| self.ctx(action).config(e))
    }

    /// The services the router lists (read once, then cached).
    pub async fn services(&self) -> Result<&Services> {
        self.services
            .get_or_try_init(|| async {
                let info = self.fetch_device_info().await?;
                Ok::<_, Error>(Services::parse(&info.services))
            })
            .await
    }

    /// The highest version of `family` (`router/GetWANStatus`) the router
    /// supports; [`Error::Unsupported`] when it has none.
    pub async fn negotiate(&self, family: &str) -> Result<ActionName> {
        let services = self.services().await?;
        best_action(services, family).ok_or_else(|| self.ctx(family).unsupported(VENDOR))
    }

    async fn fetch_device_info(&self) -> Result<DeviceInfo> {
        let action = self.fixed("core/GetDeviceInfo")?;
        self.typed(&action, json!({})).await
    }

    // --- typed calls -----------------------------------------------------

    /// `core/GetDeviceInfo` (also fills the services cache).
    pub async fn device_info(&self) -> Result<DeviceInfo> {
        let info = self.fetch_device_info().await?;
        let _ = self.services.set(Services::parse(&info.services));
        Ok(info)
    }

    /// `core/CheckAdminPassword[2,3]`: Ok when the configured password is
    /// right; an [`Error::Auth`] otherwise (with the attempt state on
    /// version 3).
    pub async fn check_admin_password(&self) -> Result<()> {
        let action = self.negotiate("core/CheckAdminPassword").await?;
        self.call_action(&action, &json!({})).await.map(|_| ())
    }

    /// `core/IsAdminPasswordDefault`.
    pub async fn is_admin_password_default(&self) -> Result<bool> {
        let v: Value = self
            .typed(&self.fixed("core/IsAdminPasswordDefault")?, json!({}))
            .await?;
        v.get("isAdminPasswordDefault")
            .and_then(Value::as_bool)
            .ok_or_else(|| {
                self.ctx("core/IsAdminPasswordDefault")
                    .protocol("output has no boolean isAdminPasswordDefault")
            })
    }

    /// `core/GetAdminPasswordHint`.
    pub async fn admin_password_hint(&self) -> Result<String> {
        let v: Value = self
            .typed(&self.fixed("core/GetAdminPasswordHint")?, json!({}))
            .await?;
        v.get("passwordHint")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| {
                self.ctx("core/GetAdminPasswordHint")
                    .protocol("output has no string passwordHint")
            })
    }

    /// `core/GetAdminPasswordRestrictions`.
    pub async fn admin_password_restrictions(&self) -> Result<AdminPasswordRestrictions> {
        self.typed(&self.fixed("core/GetAdminPasswordRestrictions")?, json!({}))
            .await
    }

    /// `core/GetAdminPasswordAuthStatus` (firmware with `Core7`).
    pub async fn admin_password_auth_status(&self) -> Result<AdminPasswordAuthStatus> {
        if !self.services().await?.has("core/Core", 7) {
            return Err(self
                .ctx("core/GetAdminPasswordAuthStatus")
                .unsupported(VENDOR));
        }
        self.typed(&self.fixed("core/GetAdminPasswordAuthStatus")?, json!({}))
            .await
    }

    /// `core/SetAdminPassword[2,3]`; the hint is sent where the version
    /// takes one. Later requests use the new password.
    pub async fn set_admin_password(&self, password: &Secret, hint: &str) -> Result<()> {
        let action = self.negotiate("core/SetAdminPassword").await?;
        let input = if action.base_and_version().1 >= 2 {
            json!({"adminPassword": password.expose(), "passwordHint": hint})
        } else {
            json!({"adminPassword": password.expose()})
        };
        self.call_action(&action, &input).await?;
        let header = basic_auth(&Credentials {
            username: crate::wire::ADMIN_USER.to_string(),
            password: password.clone(),
        })
        .map_err(|e| self.ctx(action.short()).config(e))?;
        match self.auth.write() {
            Ok(mut slot) => *slot = Some(header),
            Err(p) => *p.into_inner() = Some(header),
        }
        Ok(())
    }

    /// `core/Reboot`; the response carries the `DeviceRestart` side effect.
    pub async fn reboot(&self) -> Result<Response> {
        self.call_action(&self.fixed("core/Reboot")?, &json!({}))
            .await
    }

    /// `devicelist/GetDevices[3]`, all devices or those changed after
    /// `since_revision`.
    pub async fn devices(&self, since_revision: Option<u64>) -> Result<Devices> {
        let action = self.negotiate("devicelist/GetDevices").await?;
        let input = match since_revision {
            Some(r) => json!({"sinceRevision": r}),
            None => json!({}),
        };
        self.typed(&action, input).await
    }

    /// `devicelist/SetDeviceProperties`.
    pub async fn set_device_properties(
        &self,
        device_id: &str,
        modify: &[Property],
        remove: &[&str],
    ) -> Result<()> {
        let action = self.fixed("devicelist/SetDeviceProperties")?;
        let mut input = json!({"deviceID": device_id});
        if !modify.is_empty() {
            input["propertiesToModify"] = json!(modify);
        }
        if !remove.is_empty() {
            input["propertiesToRemove"] = json!(remove);
        }
        self.call_action(&action, &input).await.map(|_| ())
    }

    /// `networkconnections/GetNetworkConnections[2]`.
    pub async fn network_connections(&self) -> Result<NetworkConnections> {
        let action = self
            .negotiate("networkconnections/GetNetworkConnections")
            .await?;
        self.typed(&action, json!({})).await
    }

    /// `router/GetWANStatus[2,3]`.
    pub async fn wan_status(&self) -> Result<WanStatus> {
        let action = self.negotiate("router/GetWANStatus").await?;
        self.typed(&action, json!({})).await
    }

    /// `router/GetLANSettings`.
    pub async fn lan_settings(&self) -> Result<LanSettings> {
        self.typed(&self.fixed("router/GetLANSettings")?, json!({}))
            .await
    }

    /// `router/GetDHCPClientLeases`.
    pub async fn dhcp_client_leases(&self) -> Result<DhcpClientLeases> {
        self.typed(&self.fixed("router/GetDHCPClientLeases")?, json!({}))
            .await
    }

    /// `wirelessap/GetRadioInfo[2,3]`.
    pub async fn radio_info(&self) -> Result<RadioInfo> {
        let action = self.negotiate("wirelessap/GetRadioInfo").await?;
        self.typed(&action, json!({})).await
    }

    /// `wirelessap/SetRadioSettings[2,3]` for the given radios (others keep
    /// their settings). Expect `WirelessInterruption`.
    pub async fn set_radio_settings(&self, radios: &[(&str, RadioSettings)]) -> Result<Response> {
        let action = self.negotiate("wirelessap/SetRadioSettings").await?;
        let radios: Vec<Value> = radios
            .iter()
            .map(|(id, settings)| json!({"radioID": id, "settings": settings}))
            .collect();
        self.call_action(&action, &json!({ "radios": radios }))
            .await
    }

    /// `guestnetwork/GetGuestRadioSettings[2]`.
    pub async fn guest_radio_settings(&self) -> Result<GuestRadioSettings> {
        let action = self.negotiate("guestnetwork/GetGuestRadioSettings").await?;
        self.typed(&action, json!({})).await
    }

    /// `guestnetwork/SetGuestRadioSettings[2]` from a settings object as
    /// read (read-only members are left out).
    pub async fn set_guest_radio_settings(
        &self,
        settings: &GuestRadioSettings,
    ) -> Result<Response> {
        let action = self.negotiate("guestnetwork/SetGuestRadioSettings").await?;
        let radios: Vec<Value> = settings
            .radios
            .iter()
            .map(|r| {
                json!({
                    "radioID": r.radio_id,
                    "isEnabled": r.is_enabled,
                    "broadcastGuestSSID": r.broadcast_guest_ssid,
                    "guestSSID": r.guest_ssid,
                    "guestWPAPassphrase": r.guest_wpa_passphrase,
                })
            })
            .collect();
        let mut input = json!({
            "isGuestNetworkEnabled": settings.is_guest_network_enabled,
            "radios": radios,
        });
        if let (true, Some(captive)) = (
            action.base_and_version().1 >= 2,
            settings.is_guest_network_a_captive_portal,
        ) {
            input["isGuestNetworkACaptivePortal"] = json!(captive);
        }
        self.call_action(&action, &input).await
    }

    /// `guestnetwork/GetGuestNetworkSettings` (single-SSID view).
    pub async fn guest_network_settings(&self) -> Result<GuestNetworkSettings> {
        self.typed(
            &self.fixed("guestnetwork/GetGuestNetworkSettings")?,
            json!({}),
        )
        .await
    }

    /// `guestnetwork/SetGuestNetworkSettings`.
    pub async fn set_guest_network_settings(
        &self,
        settings: &GuestNetworkSettings,
    ) -> Result<Response> {
        let input = serde_json::to_value(settings).map_err(|e| {
            self.ctx("guestnetwork/SetGuestNetworkSettings")
                .config(e.to_string())
        })?;
        self.call_action(&self.fixed("guestnetwork/SetGuestNetworkSettings")?, &input)
            .await
    }

    /// `parentalcontrol/GetParentalControlSettings`.
    pub async fn parental_control_settings(&self) -> Result<ParentalControlSettings> {
        self.typed(
            &self.fixed("parentalcontrol/GetParentalControlSettings")?,
            json!({}),
        )
        .await
    }

    /// `parentalcontrol/SetParentalControlSettings`. Schedules are checked
    /// here first (48 `0`/`1` characters per day), so a malformed one never
    /// reaches the router.
    pub async fn set_parental_control_settings(
        &self,
        enabled: bool,
        rules: &[ParentalControlRule],
    ) -> Result<()> {
        let op = "parentalcontrol/SetParentalControlSettings";
        for (i, rule) in rules.iter().enumerate() {
            for (day, text) in WEEKDAYS.iter().zip(rule.wan_schedule.days()) {
                check_schedule(text).map_err(|why| {
                    self.ctx(op)
                        .config(format!("rules[{i}].wanSchedule.{day} {why}"))
                })?;
            }
        }
        let input = json!({"isParentalControlEnabled": enabled, "rules": rules});
        self.call_action(&self.fixed(op)?, &input).await.map(|_| ())
    }

    /// `locale/GetTimeSettings`.
    pub async fn time_settings(&self) -> Result<TimeSettings> {
        self.typed(&self.fixed("locale/GetTimeSettings")?, json!({}))
            .await
    }

    /// `locale/SetTimeSettings`.
    pub async fn set_time_settings(
        &self,
        time_zone_id: &str,
        auto_adjust_for_dst: bool,
    ) -> Result<()> {
        let input = json!({"timeZoneID": time_zone_id, "autoAdjustForDST": auto_adjust_for_dst});
        self.call_action(&self.fixed("locale/SetTimeSettings")?, &input)
            .await
            .map(|_| ())
    }

    /// `firmwareupdate/GetFirmwareUpdateSettings`.
    pub async fn firmware_update_settings(&self) -> Result<FirmwareUpdateSettings> {
        self.typed(
            &self.fixed("firmwareupdate/GetFirmwareUpdateSettings")?,
            json!({}),
        )
        .await
    }

    /// `firmwareupdate/SetFirmwareUpdateSettings`.
    pub async fn set_firmware_update_settings(
        &self,
        settings: &FirmwareUpdateSettings,
    ) -> Result<()> {
        let op = "firmwareupdate/SetFirmwareUpdateSettings";
        let input =
            serde_json::to_value(settings).map_err(|e| self.ctx(op).config(e.to_string()))?;
        self.call_action(&self.fixed(op)?, &input).await.map(|_| ())
    }

    /// `firmwareupdate/GetFirmwareUpdateStatus`.
    pub async fn firmware_update_status(&self) -> Result<FirmwareUpdateStatus> {
        self.typed(
            &self.fixed("firmwareupdate/GetFirmwareUpdateStatus")?,
            json!({}),
        )
        .await
    }

    /// `firmwareupdate/UpdateFirmwareNow`: only check, or check and
    /// install (then the response carries `DeviceRestart`).
    pub async fn update_firmware_now(&self, only_check: bool) -> Result<Response> {
        self.call_action(
            &self.fixed("firmwareupdate/UpdateFirmwareNow")?,
            &json!({"onlyCheck": only_check}),
        )
        .await
    }

    /// `routerlog/GetLogSettings`.
    pub async fn log_settings(&self) -> Result<LogSettings> {
        self.typed(&self.fixed("routerlog/GetLogSettings")?, json!({}))
            .await
    }

    /// `routerlog/SetLogSettings`.
    pub async fn set_log_settings(&self, enabled: bool) -> Result<()> {
        self.call_action(
            &self.fixed("routerlog/SetLogSettings")?,
            &json!({"isLoggingEnabled": enabled}),
        )
        .await
        .map(|_| ())
    }

    /// One page of a router log: entries `first` (1-based) on, at most
    /// `count`.
    pub async fn log_entries(&self, kind: LogKind, first: u32, count: u32) -> Result<LogEntries> {
        self.typed(
            &self.fixed(kind.action())?,
            json!({"firstEntryIndex": first, "entryCount": count}),
        )
        .await
    }

    /// `routerleds/GetRouterLEDSettings`.
    pub async fn router_led_settings(&self) -> Result<RouterLedSettings> {
        self.typed(&self.fixed("routerleds/GetRouterLEDSettings")?, json!({}))
            .await
    }

    /// `routerleds/SetRouterLEDSettings`.
    pub async fn set_router_led_settings(&self, switchport_leds: bool) -> Result<()> {
        self.call_action(
            &self.fixed("routerleds/SetRouterLEDSettings")?,
            &json!({"isSwitchportLEDEnabled": switchport_leds}),
        )
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_result_maps_to_the_shared_error() {
        let ctx = ErrorContext::new("r1", "x/Y");
        for (code, kind) in [
            ("_ErrorUnauthorized", "auth"),
            ("ErrorInvalidAdminPassword", "auth"),
            ("ErrorPasswordCheckDelayed", "auth"),
            ("ErrorAdminAccountLocked", "auth"),
            ("_ErrorUnknownAction", "vendor"),
            ("_ErrorInvalidInput", "vendor"),
            ("_ErrorInvalidOutput", "vendor"),
            ("_ErrorUnexpected", "vendor"),
            ("ErrorGuestSSIDConflict", "vendor"),
        ] {
            let e = reply_error(&ctx, &Reply::failure(code, Some("why".into())));
            assert_eq!(e.kind(), kind, "{code}");
            assert!(e.to_string().starts_with("r1: x/Y:"), "{e}");
            if kind == "vendor" {
                assert_eq!(e.vendor_code(), Some(code));
                assert!(e.to_string().contains("why"));
            } else {
                assert!(e.to_string().contains(code), "{e}");
            }
        }
    }

    #[test]
    fn only_http_urls_are_accepted() {
        assert!(JnapClient::new(ClientConfig::new("ftp://x")).is_err());
        let c = JnapClient::new(ClientConfig::new("http://127.0.0.1:1/")).unwrap();
        assert_eq!(c.endpoint(), "http://127.0.0.1:1/JNAP/");
    }
}
