//! The typed calls of [`PeplinkClient`]: the endpoints the driver reads,
//! the pending-configuration commands, SMS, Wi-Fi, and API-client
//! management. Each is a thin shape over [`PeplinkClient::call`].

use routerctl_core::{Result, Secret};
use routerctl_kit::http::Method;
use serde_json::{Value, json};

use crate::client::{Args, MANGA_PATH, PeplinkClient};
use crate::credential::Auth;
use crate::types::{
    ApState, ApiClient, DeviceInfo, FirmwareImage, LanClient, LanProfile, Location, SmsMessage,
    SsidProfile, TokenInfo, WanConnection, WifiScanEntry, keyed_items, sms_messages,
};
use crate::wire::{Envelope, VENDOR, codes, short};

impl PeplinkClient {
    // ---- typed calls ----------------------------------------------------

    /// `GET info.firmware`: the images in `order` (before login, only the
    /// one in use).
    pub async fn firmware(&self) -> Result<Vec<(u64, FirmwareImage)>> {
        let v = self.get("info.firmware", &[]).await?;
        self.parse("info.firmware", keyed_items(&v, "firmware image"))
    }

    /// `GET info.location`.
    pub async fn location(&self) -> Result<Location> {
        let v = self.get("info.location", &[]).await?;
        self.parse(
            "info.location",
            serde_json::from_value(v).map_err(|e| format!("location: {e}")),
        )
    }

    /// `GET status.wan.connection`: every WAN, in `order`.
    pub async fn wan_status(&self) -> Result<Vec<(u64, WanConnection)>> {
        let v = self.get("status.wan.connection", &[]).await?;
        self.parse("status.wan.connection", keyed_items(&v, "WAN connection"))
    }

    /// `GET status.wan.connection.allowance`: usage per WAN, in `order`.
    pub async fn wan_allowance(&self) -> Result<Vec<(u64, Value)>> {
        let v = self.get("status.wan.connection.allowance", &[]).await?;
        self.parse(
            "status.wan.connection.allowance",
            crate::wire::keyed_in_order(&v),
        )
    }

    /// `GET status.client`: LAN hosts with their leases.
    pub async fn clients(&self) -> Result<Vec<LanClient>> {
        let v = self.get("status.client", &[]).await?;
        let list = v
            .get("list")
            .or_else(|| v.get("client"))
            .cloned()
            .unwrap_or(Value::Array(Vec::new()));
        self.parse(
            "status.client",
            serde_json::from_value(list).map_err(|e| format!("client list: {e}")),
        )
    }

    /// `GET status.lan.profile`, in `order`.
    pub async fn lan_profiles(&self) -> Result<Vec<(u64, LanProfile)>> {
        let v = self.get("status.lan.profile", &[]).await?;
        self.parse("status.lan.profile", keyed_items(&v, "LAN profile"))
    }

    /// `GET status.pepvpn`, as sent.
    pub async fn pepvpn(&self) -> Result<Value> {
        self.get("status.pepvpn", &[]).await
    }

    /// `GET config.wan.connection`, in `order`.
    pub async fn wan_config(&self) -> Result<Vec<(u64, Value)>> {
        let v = self.get("config.wan.connection", &[]).await?;
        self.parse("config.wan.connection", crate::wire::keyed_in_order(&v))
    }

    /// `GET config.ssid.profile`, in `order`.
    pub async fn ssid_profiles(&self) -> Result<Vec<(u64, SsidProfile)>> {
        let v = self.get("config.ssid.profile", &[]).await?;
        self.parse("config.ssid.profile", keyed_items(&v, "SSID profile"))
    }

    /// `POST config.ssid.profile {action: update, id, …changes}`: pending
    /// until [`PeplinkClient::apply_config`].
    pub async fn update_ssid_profile(&self, id: u64, changes: Value) -> Result<Value> {
        let mut body = match changes {
            Value::Object(o) => o,
            _ => {
                return Err(self
                    .ctx("POST config.ssid.profile")
                    .config("changes must be a JSON object"));
            }
        };
        body.insert("action".into(), json!("update"));
        body.insert("id".into(), json!(id));
        self.post("config.ssid.profile", Value::Object(body)).await
    }

    /// `POST cmd.config.apply`: commit pending changes.
    pub async fn apply_config(&self) -> Result<Value> {
        self.post("cmd.config.apply", json!({})).await
    }

    /// `POST cmd.config.discard`: drop pending changes.
    pub async fn discard_config(&self) -> Result<()> {
        self.post("cmd.config.discard", json!({})).await.map(|_| ())
    }

    /// Make a pending change with `change`, then apply it; when the change
    /// fails, discard whatever it left pending.
    pub async fn change_and_apply<F, Fut>(&self, change: F) -> Result<Value>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Value>>,
    {
        match change().await {
            Ok(_) => self.apply_config().await,
            Err(e) => {
                if let Err(d) = self.discard_config().await {
                    tracing::warn!(router = %self.label(), error = %d, "discard after a failed change failed");
                }
                Err(e)
            }
        }
    }

    /// `POST cmd.system.reboot`.
    pub async fn reboot(&self) -> Result<()> {
        self.post("cmd.system.reboot", json!({})).await.map(|_| ())
    }

    /// `GET cmd.sms.get?connId=`: the inbox, flattened.
    pub async fn sms_inbox(&self, conn_id: u64) -> Result<Vec<SmsMessage>> {
        let id = conn_id.to_string();
        let v = self.get("cmd.sms.get", &[("connId", &id)]).await?;
        self.parse("cmd.sms.get", sms_messages(&v))
    }

    /// `POST cmd.sms.sendMessage {connId, address, content}`.
    pub async fn send_sms(&self, conn_id: u64, address: &str, content: &str) -> Result<()> {
        self.post(
            "cmd.sms.sendMessage",
            json!({"connId": conn_id, "address": address, "content": content}),
        )
        .await
        .map(|_| ())
    }

    /// `POST cmd.sms.delete {connId, id: [...]}`.
    pub async fn delete_sms(&self, conn_id: u64, ids: &[u64]) -> Result<()> {
        self.post("cmd.sms.delete", json!({"connId": conn_id, "id": ids}))
            .await
            .map(|_| ())
    }

    /// `GET cmd.wifi.scan`.
    pub async fn wifi_scan(&self) -> Result<Vec<WifiScanEntry>> {
        let v = self.get("cmd.wifi.scan", &[]).await?;
        self.parse(
            "cmd.wifi.scan",
            serde_json::from_value(v).map_err(|e| format!("scan list: {e}")),
        )
    }

    /// `GET cmd.ap`.
    pub async fn ap(&self) -> Result<ApState> {
        let v = self.get("cmd.ap", &[]).await?;
        self.parse(
            "cmd.ap",
            serde_json::from_value(v).map_err(|e| format!("AP state: {e}")),
        )
    }

    /// `POST cmd.ap {enable}`.
    pub async fn set_ap(&self, enable: bool) -> Result<ApState> {
        let v = self.post("cmd.ap", json!({"enable": enable})).await?;
        self.parse(
            "cmd.ap",
            serde_json::from_value(v).map_err(|e| format!("AP state: {e}")),
        )
    }

    /// The device's identity (model, serial number, name, host name)
    /// from the Web Admin's own, unofficial endpoint
    /// `GET /cgi-bin/MANGA/api.cgi?func=status.system.info&infoType=device`.
    /// It is not part of the Router API: it takes the login cookie, not an
    /// access token, so a token client gets `Unsupported`.
    pub async fn device_info(&self) -> Result<DeviceInfo> {
        const OPERATION: &str = "status.system.info";
        let ctx = self.ctx(OPERATION);
        if !matches!(self.auth(), Auth::Login(_)) {
            return Err(ctx.unsupported(VENDOR));
        }
        let args = Args::Pairs(vec![
            ("func".into(), "status.system.info".into()),
            ("infoType".into(), "device".into()),
        ]);
        let mut held = self.credential().await?;
        let mut attempt = 0;
        let env = loop {
            let (env, _) = self
                .exchange_at(&ctx, Method::GET, MANGA_PATH, &args, held.as_ref())
                .await?;
            match env {
                Envelope::Fail { code, .. } if code == codes::UNAUTHORIZED && attempt == 0 => {
                    attempt += 1;
                    held = self.replace(held.as_ref()).await?;
                }
                other => break other,
            }
        };
        let response = self.finish(&ctx, OPERATION, env)?;
        let device = response.response.get("device").cloned().unwrap_or_default();
        self.parse(
            OPERATION,
            serde_json::from_value(device).map_err(|e| format!("device info: {e}")),
        )
    }

    // ---- API clients and tokens (admin login) ---------------------------

    /// `POST auth.client {action: add, name, scope}`.
    pub async fn add_api_client(&self, name: &str, scope: &str) -> Result<ApiClient> {
        let v = self
            .post(
                "auth.client",
                json!({"action": "add", "name": name, "scope": scope}),
            )
            .await?;
        self.parse("auth.client", ApiClient::from_value(&v))
    }

    /// `GET auth.client`.
    pub async fn api_clients(&self) -> Result<Vec<ApiClient>> {
        let v = self.get("auth.client", &[]).await?;
        let items = v.as_array().cloned().ok_or_else(|| {
            self.ctx("auth.client")
                .protocol(format!("client list is not a list: {}", short(&v)))
        })?;
        items
            .iter()
            .map(|i| self.parse("auth.client", ApiClient::from_value(i)))
            .collect()
    }

    /// `POST auth.client {action: remove, clientId}`.
    pub async fn remove_api_client(&self, client_id: &str) -> Result<()> {
        self.post(
            "auth.client",
            json!({"action": "remove", "clientId": client_id}),
        )
        .await
        .map(|_| ())
    }

    /// `GET auth.client.token [clientId]`.
    pub async fn client_tokens(&self, client_id: Option<&str>) -> Result<Vec<TokenInfo>> {
        let query: Vec<(&str, &str)> = client_id.map(|c| ("clientId", c)).into_iter().collect();
        let v = self.get("auth.client.token", &query).await?;
        let items = v.as_array().cloned().ok_or_else(|| {
            self.ctx("auth.client.token")
                .protocol(format!("token list is not a list: {}", short(&v)))
        })?;
        items
            .iter()
            .map(|i| self.parse("auth.client.token", TokenInfo::from_value(i)))
            .collect()
    }

    /// `POST auth.token.revoke {accessToken}`.
    pub async fn revoke_token(&self, token: &Secret) -> Result<()> {
        self.post("auth.token.revoke", json!({"accessToken": token.expose()}))
            .await
            .map(|_| ())
    }
}
