//! The driver over REST gives the same neutral output as over the API, for
//! one simulated device served by both front ends; and a change made
//! through one protocol is seen through the other.

use routerctl_core::{ConnectSpec, Credentials, Router, SelfSigned, TlsPolicy};
use routerctl_mikrotik::api::{ApiClient, ClientConfig, Query};
use routerctl_mikrotik::rest::{RestClient, RestConfig};
use routerctl_mikrotik::sim::{ApiServer, Device, RestServer, SimConfig};
use serde_json::Value;

struct Lab {
    _device: Device,
    api: ApiServer,
    rest: RestServer,
    rest_tls: RestServer,
}

async fn lab() -> Lab {
    let device = Device::new(SimConfig::new("admin", "pw"));
    let any = "127.0.0.1:0".parse().unwrap();
    let api = ApiServer::bind(device.clone(), any, None).await.unwrap();
    let rest = RestServer::bind(device.clone(), any, None).await.unwrap();
    let tls = SelfSigned::generate(&[]).unwrap();
    let rest_tls = RestServer::bind(device.clone(), any, Some(tls))
        .await
        .unwrap();
    Lab {
        _device: device,
        api,
        rest,
        rest_tls,
    }
}

fn spec(protocol: &str, port: u16, tls: TlsPolicy) -> ConnectSpec {
    let mut s = ConnectSpec::new(
        "lab",
        "mikrotik",
        "127.0.0.1",
        Credentials::new("admin", "pw"),
    );
    s.protocol = Some(protocol.to_string());
    s.port = Some(port);
    s.tls = tls;
    s
}

/// Every getter's neutral output as JSON.
async fn snapshot(r: &dyn Router) -> Vec<(&'static str, Value)> {
    let j = |v: Result<Value, serde_json::Error>| v.unwrap();
    vec![
        ("facts", j(serde_json::to_value(r.facts().await.unwrap()))),
        (
            "interfaces",
            j(serde_json::to_value(r.interfaces().await.unwrap())),
        ),
        (
            "wan_links",
            j(serde_json::to_value(r.wan_links().await.unwrap())),
        ),
        (
            "clients",
            j(serde_json::to_value(r.clients().await.unwrap())),
        ),
        (
            "dhcp_leases",
            j(serde_json::to_value(r.dhcp_leases().await.unwrap())),
        ),
        (
            "wifi_networks",
            j(serde_json::to_value(r.wifi_networks().await.unwrap())),
        ),
        (
            "config",
            j(serde_json::to_value(r.config_get().await.unwrap())),
        ),
    ]
}

/// `rest` equals `before` except where a value moves with time (counters,
/// uptimes, lease timers, the export's time stamp): there it must lie
/// between the API readings taken before and after it.
fn same_but_for_time(path: &str, before: &Value, rest: &Value, after: &Value) {
    match (before, rest, after) {
        (Value::Object(b), Value::Object(r), Value::Object(a)) => {
            let keys = |m: &serde_json::Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(b), keys(r), "{path}: fields differ");
            for (k, bv) in b {
                let av = a.get(k).unwrap_or(bv);
                same_but_for_time(&format!("{path}.{k}"), bv, &r[k], av);
            }
        }
        (Value::Array(b), Value::Array(r), Value::Array(a)) => {
            assert_eq!(b.len(), r.len(), "{path}: lengths differ");
            for (i, (bv, rv)) in b.iter().zip(r).enumerate() {
                same_but_for_time(&format!("{path}[{i}]"), bv, rv, a.get(i).unwrap_or(bv));
            }
        }
        (Value::Number(b), Value::Number(r), Value::Number(a)) if b != r => {
            let (b, r, a) = (
                b.as_f64().unwrap(),
                r.as_f64().unwrap(),
                a.as_f64().unwrap(),
            );
            let (lo, hi) = if b <= a { (b, a) } else { (a, b) };
            assert!(lo <= r && r <= hi, "{path}: {r} not between {b} and {a}");
        }
        (Value::String(b), Value::String(r), Value::String(a)) if b != r => {
            // Multi-line text (the export): equal apart from comment lines
            // (the time stamp) that changed between the API readings too.
            let lines = |s: &str| {
                s.lines()
                    .filter(|l| !l.starts_with('#'))
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            };
            assert!(b != a || lines(b) != lines(r), "{path}: {b:?} != {r:?}");
            assert_eq!(lines(b), lines(r), "{path}");
        }
        _ => assert_eq!(before, rest, "{path}"),
    }
}

#[tokio::test]
async fn neutral_output_over_rest_equals_output_over_api() {
    let lab = lab().await;
    let api = routerctl_mikrotik::connect(&spec(
        "api",
        lab.api.local_addr().port(),
        TlsPolicy::default(),
    ))
    .await
    .unwrap();
    let rest_http = routerctl_mikrotik::connect(&spec(
        "rest-http",
        lab.rest.local_addr().port(),
        TlsPolicy::default(),
    ))
    .await
    .unwrap();
    let pin = TlsPolicy::Pinned(lab.rest_tls.fingerprint().unwrap());
    let rest_tls =
        routerctl_mikrotik::connect(&spec("rest", lab.rest_tls.local_addr().port(), pin))
            .await
            .unwrap();
    for rest in [&rest_http, &rest_tls] {
        let before = snapshot(api.as_ref()).await;
        let over_rest = snapshot(rest.as_ref()).await;
        let after = snapshot(api.as_ref()).await;
        for ((name, b), ((_, r), (_, a))) in before.iter().zip(over_rest.iter().zip(&after)) {
            assert!(
                !b.as_array().is_some_and(|v| v.is_empty()) || *name == "wan_links",
                "{name}: the simulator should give something to compare"
            );
            same_but_for_time(name, b, r, a);
        }
    }

    // Raw calls return the same REST-shaped JSON over both protocols.
    let words: Vec<String> = ["/interface/print", "=.proplist=name,type", "?type=ether"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        api.raw(&words).await.unwrap(),
        rest_http.raw(&words).await.unwrap()
    );
    let count = vec!["/interface/print".to_string(), "=count-only=".to_string()];
    assert_eq!(
        api.raw(&count).await.unwrap(),
        rest_http.raw(&count).await.unwrap()
    );
}

#[tokio::test]
async fn wrong_credentials_and_pin_fail_at_connect() {
    let lab = lab().await;
    let mut bad = spec(
        "rest-http",
        lab.rest.local_addr().port(),
        TlsPolicy::default(),
    );
    bad.credentials = Credentials::new("admin", "wrong");
    let e = routerctl_mikrotik::connect(&bad).await.err().unwrap();
    assert_eq!(e.kind(), "auth", "{e}");
    assert!(e.to_string().starts_with("lab: "), "{e}");

    let other = SelfSigned::generate(&[]).unwrap().fingerprint;
    let wrong_pin = spec(
        "rest",
        lab.rest_tls.local_addr().port(),
        TlsPolicy::Pinned(other),
    );
    let e = routerctl_mikrotik::connect(&wrong_pin).await.err().unwrap();
    assert_eq!(e.kind(), "tls", "{e}");
    assert!(e.to_string().contains("fingerprint mismatch"), "{e}");
}

#[tokio::test]
async fn changes_cross_between_api_and_rest() {
    let lab = lab().await;
    let mut api_config = ClientConfig::new("127.0.0.1", Credentials::new("admin", "pw"));
    api_config.port = lab.api.local_addr().port();
    let api = ApiClient::connect(api_config).await.unwrap();
    let rest = RestClient::new(RestConfig::http(
        "127.0.0.1",
        lab.rest.local_addr().port(),
        Credentials::new("admin", "pw"),
    ))
    .unwrap();

    // REST -> API: a record created over REST is printed over the API.
    let created = rest
        .create(
            "/ip/address",
            &[
                ("address", "198.51.100.1/24"),
                ("interface", "ether3"),
                ("comment", "made over REST"),
            ],
        )
        .await
        .unwrap();
    let id = created.get_str(".id").unwrap().into_owned();
    let rows = api
        .print(
            "/ip/address",
            &Query::new()
                .eq(".id", &id)
                .proplist(["address", "comment", "network"]),
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].get_str("comment").as_deref(),
        Some("made over REST")
    );
    assert_eq!(rows[0].get_str("network").as_deref(), Some("198.51.100.0"));

    // API -> REST: a change over the API is what REST reads.
    api.set("/ip/address", &id, [("comment", "changed over the API")])
        .await
        .unwrap();
    let row = rest.get("/ip/address", &id, &["comment"]).await.unwrap();
    assert_eq!(
        row.get_str("comment").as_deref(),
        Some("changed over the API")
    );

    // Removal over the API: REST answers 404.
    api.remove("/ip/address", &[id.as_str()]).await.unwrap();
    let e = rest.get("/ip/address", &id, &[]).await.unwrap_err();
    assert_eq!(e.vendor_code(), Some("404"));
}
