//! The kit against a fake driver: a well-behaved one passes every check,
//! and each misbehaviour is caught by the check meant for it (and only by
//! it), so no check is one that cannot fail.
//!
//! The fake's behaviour is picked by the spec's user name (a
//! [`ConnectFn`](crate::ConnectFn) is a plain function and cannot capture);
//! its password is `pw`. With a port set it really connects, so the
//! unreachable and refused probes run against real sockets.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

use super::{Check, Contract, Violation};
use crate::{
    BoxFuture, Capability, Client, Config, ConnectSpec, Credentials, DhcpLease, ErrorContext,
    Facts, Interface, Result, Router, WanKind, WanLink, WifiNetwork,
};

const PASSWORD: &str = "pw";

const ALL: &[Capability] = &[
    Capability::Facts,
    Capability::Interfaces,
    Capability::WanLinks,
    Capability::Clients,
    Capability::DhcpLeases,
    Capability::WifiNetworks,
    Capability::ConfigGet,
    Capability::Raw,
];

/// Lists clients it cannot serve and leaves out leases it serves.
const LYING: &[Capability] = &[
    Capability::Facts,
    Capability::Interfaces,
    Capability::WanLinks,
    Capability::WifiNetworks,
    Capability::ConfigGet,
    Capability::Clients,
    Capability::Clients,
];

struct Fake {
    name: String,
    scenario: String,
    password: String,
    /// Set while a getter runs, for the scenario that serves one at a time.
    busy: AtomicBool,
}

fn fake_connect(spec: &ConnectSpec) -> BoxFuture<'_, Result<Box<dyn Router>>> {
    Box::pin(connect(spec))
}

async fn connect(spec: &ConnectSpec) -> Result<Box<dyn Router>> {
    let scenario = spec.credentials.username.clone();
    if let Some(port) = spec.port {
        return reach(spec, &scenario, port).await;
    }
    let password = spec.credentials.password.expose().to_string();
    if scenario == "auth-at-connect" && password != PASSWORD {
        return Err(spec.context("login").auth("invalid user name or password"));
    }
    Ok(Box::new(Fake {
        name: if scenario == "wrong-name" {
            "someone-else".into()
        } else {
            spec.name.clone()
        },
        scenario,
        password,
        busy: AtomicBool::new(false),
    }))
}

/// What a network driver does against 127.0.0.1:`port`: connect and wait
/// for a greeting, each under the spec's timeout.
async fn reach(spec: &ConnectSpec, scenario: &str, port: u16) -> Result<Box<dyn Router>> {
    let label = if scenario == "mislabel" {
        format!("{}:{port}", spec.host)
    } else {
        spec.name.clone()
    };
    let ctx = ErrorContext::new(label, "connect");
    if scenario == "hang" {
        std::future::pending::<()>().await;
    }
    let connecting = TcpStream::connect((spec.host.as_str(), port));
    let mut stream = match tokio::time::timeout(spec.timeout, connecting).await {
        Err(_) => return Err(ctx.timeout(spec.timeout)),
        Ok(Err(e)) if scenario == "refused-kind" => return Err(ctx.protocol(e.to_string())),
        Ok(Err(e)) => return Err(ctx.io(e)),
        Ok(Ok(stream)) => stream,
    };
    let mut byte = [0u8; 1];
    match tokio::time::timeout(spec.timeout, stream.read(&mut byte)).await {
        Err(_) if scenario == "timeout-kind" => Err(ctx.disconnected("no greeting")),
        Err(_) => Err(ctx.timeout(spec.timeout)),
        Ok(_) => Err(ctx.protocol("unexpected greeting")),
    }
}

impl Fake {
    fn is(&self, scenario: &str) -> bool {
        self.scenario == scenario
    }

    fn ctx(&self, operation: &str) -> ErrorContext {
        ErrorContext::new(&self.name, operation)
    }

    /// Lazy login, as ubus drivers do: `facts` needs none, the rest do.
    fn login(&self, operation: &str) -> Result<()> {
        if self.password == PASSWORD || self.is("no-auth") {
            return Ok(());
        }
        if operation == "facts" && self.is("lazy-login") {
            return Ok(());
        }
        if self.is("auth-wrong-kind") {
            return Err(self.ctx(operation).protocol("unexpected reply"));
        }
        if self.is("leaks") {
            let message = format!("password {} refused", self.password);
            return Err(self.ctx(operation).auth(message));
        }
        Err(self.ctx(operation).auth("invalid user name or password"))
    }

    /// `not-reentrant` serves one getter at a time, as a driver with one
    /// unguarded session would; the others enter and leave at once.
    async fn enter(&self, operation: &str) -> Result<()> {
        if !self.is("not-reentrant") {
            return Ok(());
        }
        if self.busy.swap(true, Ordering::SeqCst) {
            return Err(self.ctx(operation).protocol("session busy"));
        }
        tokio::task::yield_now().await;
        self.busy.store(false, Ordering::SeqCst);
        Ok(())
    }

    fn bad(&self) -> bool {
        self.is("bad-records")
    }
}

#[async_trait]
impl Router for Fake {
    fn name(&self) -> &str {
        &self.name
    }

    fn vendor(&self) -> &'static str {
        if self.is("wrong-vendor") {
            "other"
        } else {
            "fake"
        }
    }

    fn capabilities(&self) -> &'static [Capability] {
        if self.is("lying") { LYING } else { ALL }
    }

    async fn facts(&self) -> Result<Facts> {
        self.enter("facts").await?;
        self.login("facts")?;
        Ok(Facts {
            vendor: "fake".into(),
            model: Some(if self.bad() { "" } else { "F1" }.into()),
            uptime_seconds: Some(if self.bad() { u64::MAX } else { 60 }),
            ..Facts::default()
        })
    }

    async fn interfaces(&self) -> Result<Vec<Interface>> {
        self.enter("interfaces").await?;
        self.login("interfaces")?;
        if self.is("empty") {
            return Ok(Vec::new());
        }
        if self.is("slow") {
            std::future::pending::<()>().await;
        }
        let good = Interface {
            name: "ether1".into(),
            kind: spelled("ethernet"),
            is_enabled: Some(true),
            is_up: Some(true),
            mac_address: Some("AA:BB:CC:00:00:01".into()),
            mtu: Some(1500),
            speed_mbps: Some(1000),
            rx_bytes: Some(6400),
            rx_packets: Some(100),
            ..Interface::default()
        };
        if !self.bad() {
            return Ok(vec![good]);
        }
        Ok(vec![
            Interface {
                mac_address: Some("aa:bb:cc:00:00:01".into()),
                mtu: Some(0),
                speed_mbps: Some(0),
                rx_bytes: Some(10),
                ..good.clone()
            },
            Interface {
                description: Some(String::new()),
                is_enabled: Some(false),
                tx_drops: Some(u64::MAX),
                ..good.clone()
            },
            Interface {
                name: String::new(),
                ..good
            },
        ])
    }

    async fn wan_links(&self) -> Result<Vec<WanLink>> {
        self.enter("wan_links").await?;
        self.login("wan_links")?;
        let good = WanLink {
            name: "wan".into(),
            kind: WanKind::Ethernet,
            ip_address: Some("192.0.2.2".into()),
            prefix_length: Some(24),
            gateway: Some("192.0.2.1".into()),
            dns_servers: vec!["192.0.2.53".into()],
            signal_dbm: Some(-70),
            ..WanLink::default()
        };
        if !self.bad() {
            return Ok(vec![good]);
        }
        Ok(vec![WanLink {
            ip_address: Some("300.1.1.1".into()),
            prefix_length: Some(200),
            gateway: Some("ether1".into()),
            dns_servers: vec!["dns.example".into()],
            signal_dbm: Some(5),
            ..good
        }])
    }

    async fn clients(&self) -> Result<Vec<Client>> {
        if self.is("lying") {
            return Err(self.unsupported(Capability::Clients));
        }
        self.enter("clients").await?;
        self.login("clients")?;
        let good = Client {
            mac_address: "AA:BB:CC:00:00:02".into(),
            ip_address: Some("192.168.1.10".into()),
            is_wireless: Some(true),
            ssid: Some("home".into()),
            band: spelled("5GHz"),
            signal_dbm: Some(-60),
            ..Client::default()
        };
        if !self.bad() {
            return Ok(vec![good]);
        }
        Ok(vec![
            Client {
                signal_dbm: Some(-200),
                ..good.clone()
            },
            Client {
                is_wireless: Some(false),
                ..good
            },
        ])
    }

    async fn dhcp_leases(&self) -> Result<Vec<DhcpLease>> {
        self.enter("dhcp_leases").await?;
        self.login("dhcp_leases")?;
        let good = DhcpLease {
            mac_address: "AA:BB:CC:00:00:02".into(),
            ip_address: Some("192.168.1.10".into()),
            expires_in_seconds: Some(600),
            ..DhcpLease::default()
        };
        if !self.bad() {
            return Ok(vec![good]);
        }
        Ok(vec![DhcpLease {
            mac_address: "AABB.CC00.0002".into(),
            ip_address: Some("192.168.1".into()),
            expires_in_seconds: Some(u64::from(u32::MAX)),
            ..good
        }])
    }

    async fn wifi_networks(&self) -> Result<Vec<WifiNetwork>> {
        self.enter("wifi_networks").await?;
        self.login("wifi_networks")?;
        let good = WifiNetwork {
            radio: Some("wifi1".into()),
            ssid: "home".into(),
            band: spelled("2.4GHz"),
            channel: Some(6),
            security: spelled("wpa2-personal"),
            ..WifiNetwork::default()
        };
        if !self.bad() {
            return Ok(vec![good]);
        }
        Ok(vec![WifiNetwork {
            ssid: "x".repeat(33),
            channel: Some(36),
            ..good
        }])
    }

    async fn config_get(&self) -> Result<Config> {
        self.enter("config_get").await?;
        self.login("config_get")?;
        Ok(Config::Text(if self.bad() { "" } else { "/x" }.into()))
    }

    async fn reboot(&self) -> Result<()> {
        panic!("the contract must never reboot");
    }

    async fn raw(&self, words: &[String]) -> Result<Value> {
        self.login("raw")?;
        if self.is("raw-broken") {
            return Err(self
                .ctx(&words.join(" "))
                .vendor("fake", None, "no such command"));
        }
        Ok(json!({"words": words}))
    }
}

/// A vocabulary value (band, security, interface kind) from its JSON
/// spelling, whether the model holds it as text or as a typed word. Wrong
/// spellings cannot be built through a typed field, so the spelling checks
/// are proven on JSON in `records`.
fn spelled<T: serde::de::DeserializeOwned>(word: &str) -> Option<T> {
    serde_json::from_value(Value::String(word.to_string())).ok()
}

fn spec(scenario: &str) -> ConnectSpec {
    let mut spec = ConnectSpec::new(
        "lab",
        "fake",
        "127.0.0.1",
        Credentials::new(scenario, PASSWORD),
    );
    spec.timeout = Duration::from_millis(200);
    spec
}

/// A contract with short probe timeouts, so the network checks are quick;
/// the slack stays generous (a busy machine must not fail a good driver),
/// so the scenarios that hang take about 2.6 s.
fn contract(scenario: &str) -> Contract {
    let mut contract = Contract::new(fake_connect, spec(scenario))
        .raw_call(&["/system/identity/print"])
        .expect_records(Capability::Interfaces);
    contract.settings.probe_timeout = Duration::from_millis(200);
    contract
}

/// For scenarios that never finish: a small slack only shortens the wait,
/// it cannot make a good driver fail.
fn impatient(scenario: &str) -> Contract {
    let mut contract = contract(scenario);
    contract.settings.slack = Duration::from_millis(100);
    contract
}

fn checks(violations: &[Violation]) -> BTreeSet<Check> {
    violations.iter().map(|v| v.check).collect()
}

fn subjects(violations: &[Violation], check: Check) -> BTreeSet<String> {
    violations
        .iter()
        .filter(|v| v.check == check)
        .map(|v| v.subject.clone())
        .collect()
}

async fn only(scenario: &str, contract: Contract, expected: &[Check]) -> Vec<Violation> {
    let found = contract.check().await;
    assert_eq!(
        checks(&found),
        expected.iter().copied().collect(),
        "{scenario}: {found:#?}"
    );
    found
}

#[tokio::test]
async fn a_well_behaved_driver_passes_everything() {
    only("good", contract("good"), &[]).await;
    only("auth-at-connect", contract("auth-at-connect"), &[]).await;
    only("lazy-login", contract("lazy-login"), &[]).await;
}

#[tokio::test]
async fn run_returns_for_a_well_behaved_driver() {
    contract("good").run().await;
}

#[tokio::test]
#[should_panic(expected = "driver contract violated by lab")]
async fn run_panics_with_the_report() {
    contract("empty").run().await;
}

#[tokio::test]
async fn every_record_invariant_can_fail() {
    let found = only("bad-records", contract("bad-records"), &[Check::Records]).await;
    let expected = [
        "facts.model",
        "facts.uptime_seconds",
        "interfaces[0].mac_address",
        "interfaces[0].mtu",
        "interfaces[0].speed_mbps",
        "interfaces[0].rx_packets",
        "interfaces[1].description",
        "interfaces[1].is_up",
        "interfaces[1].tx_drops",
        "interfaces[2].name",
        "interfaces.name",
        "wan_links[0].ip_address",
        "wan_links[0].prefix_length",
        "wan_links[0].gateway",
        "wan_links[0].dns_servers[0]",
        "wan_links[0].signal_dbm",
        "clients[0].signal_dbm",
        "clients[1].ssid",
        "clients[1].band",
        "clients[1].signal_dbm",
        "clients.mac_address",
        "dhcp_leases[0].mac_address",
        "dhcp_leases[0].ip_address",
        "dhcp_leases[0].expires_in_seconds",
        "wifi_networks[0].ssid",
        "wifi_networks[0].channel",
        "config_get.content",
    ];
    assert_eq!(
        subjects(&found, Check::Records),
        expected.iter().map(|s| s.to_string()).collect()
    );
}

#[tokio::test]
async fn identity_is_checked() {
    // A driver that names itself wrongly also labels its errors wrongly.
    let found = only(
        "wrong-name",
        contract("wrong-name"),
        &[Check::Identity, Check::ErrorNaming],
    )
    .await;
    assert_eq!(
        subjects(&found, Check::Identity),
        ["name".to_string()].into()
    );
    let found = only("wrong-vendor", contract("wrong-vendor"), &[Check::Identity]).await;
    assert_eq!(
        subjects(&found, Check::Identity),
        ["vendor".to_string(), "facts.vendor".to_string()].into()
    );
}

#[tokio::test]
async fn unsupported_must_match_capabilities() {
    let found = only(
        "lying",
        contract("lying"),
        &[Check::Capabilities, Check::Unsupported],
    )
    .await;
    assert_eq!(
        subjects(&found, Check::Unsupported),
        ["clients".to_string(), "dhcp_leases".to_string()].into()
    );
    // Clients listed twice, and raw given but not listed.
    assert_eq!(
        subjects(&found, Check::Capabilities),
        ["clients".to_string(), "raw".to_string()].into()
    );
}

#[tokio::test]
async fn an_unlisted_raw_must_be_unsupported() {
    let mut c = Contract::new(fake_connect, spec("lying"));
    c.settings.probe_timeout = Duration::from_millis(200);
    let found = c.check().await;
    assert!(
        found
            .iter()
            .any(|v| v.check == Check::Unsupported && v.subject == "raw (unlisted)"),
        "{found:#?}"
    );
}

#[tokio::test]
async fn expected_records_must_come() {
    let found = only("empty", contract("empty"), &[Check::ExpectRecords]).await;
    assert_eq!(
        subjects(&found, Check::ExpectRecords),
        ["interfaces".to_string()].into()
    );
    let c = contract("good").expect_records(Capability::Reboot);
    let found = only("good", c, &[Check::Capabilities]).await;
    assert_eq!(
        subjects(&found, Check::Capabilities),
        ["reboot".to_string()].into()
    );
}

#[tokio::test]
async fn raw_passthrough_must_work_and_be_proven() {
    only("raw-broken", contract("raw-broken"), &[Check::Raw]).await;
    let mut unproven = Contract::new(fake_connect, spec("good"));
    unproven.settings.probe_timeout = Duration::from_millis(200);
    let found = only("good", unproven, &[Check::Raw]).await;
    assert!(found[0].detail.contains("no raw_call"), "{found:#?}");
}

#[tokio::test]
async fn a_wrong_password_must_be_an_auth_error() {
    only("no-auth", contract("no-auth"), &[Check::WrongPassword]).await;
    let found = only(
        "auth-wrong-kind",
        contract("auth-wrong-kind"),
        &[Check::WrongPassword],
    )
    .await;
    assert_eq!(
        subjects(&found, Check::WrongPassword),
        ["facts (wrong password)".to_string()].into()
    );
}

#[tokio::test]
async fn errors_must_name_the_router_and_hide_the_password() {
    let found = only("mislabel", contract("mislabel"), &[Check::ErrorNaming]).await;
    assert_eq!(
        subjects(&found, Check::ErrorNaming),
        ["unreachable".to_string(), "refused".to_string()].into()
    );
    only("leaks", contract("leaks"), &[Check::Secrets]).await;
}

#[tokio::test]
async fn unreachable_and_refused_need_the_right_kind_in_time() {
    only("refused-kind", contract("refused-kind"), &[Check::Refused]).await;
    only(
        "timeout-kind",
        contract("timeout-kind"),
        &[Check::Unreachable],
    )
    .await;
    let found = only(
        "hang",
        impatient("hang"),
        &[Check::Unreachable, Check::Refused],
    )
    .await;
    assert!(
        found.iter().all(|v| v.detail.contains("still running")),
        "{found:#?}"
    );
}

#[tokio::test]
async fn a_getter_that_never_returns_is_caught() {
    let found = only("slow", impatient("slow"), &[Check::Hang]).await;
    assert_eq!(
        subjects(&found, Check::Hang),
        ["interfaces".to_string()].into()
    );
}

#[tokio::test]
async fn getters_must_work_at_once() {
    let found = only(
        "not-reentrant",
        contract("not-reentrant"),
        &[Check::Concurrency],
    )
    .await;
    // The first getter holds the session; every other one is refused.
    assert_eq!(subjects(&found, Check::Concurrency).len(), 6, "{found:#?}");
}

#[tokio::test]
async fn connect_must_succeed() {
    let mut s = spec("good");
    s.port = Some(super::probes::refused_port().await.unwrap());
    let mut c = Contract::new(fake_connect, s).raw_call(&["x"]);
    c.settings.probe_timeout = Duration::from_millis(200);
    let found = c.check().await;
    assert!(
        found.iter().any(|v| v.check == Check::Connect),
        "{found:#?}"
    );
}
