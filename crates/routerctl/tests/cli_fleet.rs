//! `routerctl sim fleet` as a process, queried by `routerctl facts all`:
//! every injected fault is found with the right error kind, healthy
//! routers answer completely, the exit status is 1 and nothing hangs.

mod common;

use std::collections::BTreeMap;

use common::SimProcess;

/// Every fault kind twice in a fleet of 40, on plain and TLS listeners of
/// several vendors.
const FAULTS: &str = "refuse=2,stall=2,slow=2:200ms,drop-mid-reply=2,auth-fail=2,vendor-error=2";

#[test]
fn a_faulty_fleet_is_queried_in_one_command_with_the_right_error_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("fleet.toml");
    let inventory_arg = inventory.to_str().unwrap();
    let sim = SimProcess::start(
        &[
            "fleet",
            "--count",
            "40",
            "--seed",
            "7",
            "--mix",
            "mikrotik-api=2,mikrotik-api-ssl=1,mikrotik-rest=1,ixon=1,openwrt-http=1",
            "--faults",
            FAULTS,
            "--inventory-timeout",
            "2s",
            "--inventory-out",
            inventory_arg,
        ],
        &[],
    );
    let mut faults: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let line = sim.next_line("the fleet's fault lines, then `listening`");
        if let Some(rest) = line.strip_prefix("fault ") {
            let (name, kind) = rest.split_once(' ').expect("`fault NAME KIND`");
            faults.insert(name.to_string(), kind.to_string());
            continue;
        }
        assert!(line.starts_with("listening 40 routers"), "{line}");
        break;
    }
    assert_eq!(faults.len(), 12, "{faults:?}");

    let text = std::fs::read_to_string(&inventory).unwrap();
    let parsed: toml::Table = toml::from_str(&text).unwrap();
    let routers = parsed["routers"].as_table().unwrap();
    assert_eq!(routers.len(), 40);
    for word in [
        "refuse",
        "stall",
        "slow",
        "drop",
        "auth-fail",
        "vendor-error",
    ] {
        assert!(!text.contains(word), "the inventory marks nothing ({word})");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("fleet.password"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let out = common::routerctl_with(&inventory, &[])
        .args(["-o", "json", "facts", "all"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let items: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(items.len(), 40);
    for item in &items {
        let name = item["router"].as_str().unwrap();
        let tls = routers[name].get("tls_fingerprint").is_some();
        let kind = item["error"]["kind"].as_str();
        match faults.get(name).map(String::as_str) {
            None | Some("slow") => {
                assert!(kind.is_none(), "{name} failed: {item}");
                assert_eq!(item["result"]["hostname"].as_str(), Some(name), "{item}");
            }
            Some("refuse") => assert_eq!(kind, Some("io"), "{name}: {item}"),
            Some("stall") => assert_eq!(kind, Some("timeout"), "{name}: {item}"),
            Some("auth-fail") => assert_eq!(kind, Some("auth"), "{name}: {item}"),
            Some("vendor-error") => assert_eq!(kind, Some("vendor"), "{name}: {item}"),
            Some("drop-mid-reply") => {
                // Behind TLS the cut falls in the handshake's first flight.
                let expected: &[&str] = match tls {
                    false => &["disconnected", "protocol"],
                    true => &["disconnected", "protocol", "io", "tls"],
                };
                assert!(
                    kind.is_some_and(|k| expected.contains(&k)),
                    "{name}: {item}"
                );
            }
            Some(other) => panic!("unknown fault {other}"),
        }
    }
    assert_eq!(sim.terminate().code(), Some(0));
}
