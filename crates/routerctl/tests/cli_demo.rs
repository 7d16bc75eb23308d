//! `routerctl demo` as a process: every vendor's simulators answered through
//! the normal fleet path, machine-readable with `-o json`, narrated in
//! table mode.

mod common;

use serde_json::Value;

/// The demo's routers, in inventory order, with their vendors.
const ROUTERS: [(&str, &str); 6] = [
    ("hq-core", "mikrotik"),
    ("branch-berlin", "mikrotik"),
    ("branch-lyon", "mikrotik"),
    ("plant-ixon", "ixon"),
    ("van-peplink", "peplink"),
    ("home-linksys", "linksys"),
];

#[test]
fn demo_runs_end_to_end() {
    let out = common::routerctl()
        .args(["-o", "json", "demo"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let runs: Vec<Value> = serde_json::Deserializer::from_slice(&out.stdout)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(runs.len(), 3, "facts, wan, clients");
    for run in &runs {
        let items = run.as_array().expect("one array per command");
        let seen: Vec<(&str, &str)> = items
            .iter()
            .map(|i| {
                (
                    i["router"].as_str().unwrap_or_default(),
                    i["vendor"].as_str().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(seen, ROUTERS, "{run}");
        for item in items {
            let rows = &item["result"];
            assert!(item.get("error").is_none(), "{item}");
            assert!(
                rows.is_object() || rows.as_array().is_some_and(|r| !r.is_empty()),
                "{item}"
            );
        }
    }
    let facts = &runs[0];
    assert_eq!(facts[1]["result"]["hostname"], "branch-berlin");
    assert_eq!(facts[3]["result"]["vendor"], "ixon");
    assert_eq!(facts[3]["result"]["hostname"], "plant-ixon");
    assert_eq!(facts[3]["result"]["model"], "IXrouter3 4G-EU");
    // The IXrouter's clients include its Wi-Fi ones, with the SSID filled in.
    let ixon_clients = runs[2][3]["result"].as_array().unwrap();
    assert!(
        ixon_clients
            .iter()
            .any(|c| c["is_wireless"] == true && c["ssid"].is_string()),
        "{ixon_clients:?}"
    );
    assert!(
        stderr
            .contains("three simulated MikroTik routers, one IXON IXrouter, one Peplink router and one Linksys router"),
        "{stderr}"
    );

    // Table mode narrates on stdout, with the pinned routers in the inventory.
    let out = common::routerctl()
        .args(["-o", "table", "demo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("tls_fingerprint").count(), 3, "{text}");
    assert!(
        text.contains("hq-core") && text.contains("vendor = \"ixon\""),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("plant-ixon ") && l.contains("IXrouter3")),
        "facts row of the IXrouter: {text}"
    );
}
