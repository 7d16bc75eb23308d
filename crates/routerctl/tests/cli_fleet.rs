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
            "mikrotik-api=2,mikrotik-api-ssl=1,mikrotik-rest=1,ixon=1,openwrt-http=1,peplink=1,linksys=1",
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
                // Behind TLS too the cut falls after the handshake.
                assert!(
                    kind.is_some_and(|k| ["disconnected", "protocol"].contains(&k)),
                    "{name} (tls {tls}): {item}"
                );
            }
            Some(other) => panic!("unknown fault {other}"),
        }
    }
    assert_eq!(sim.terminate().code(), Some(0));
}

/// Every listener of every simulator the fleet can run.
const EVERY_KIND: &[&str] = &[
    "mikrotik-api",
    "mikrotik-api-ssl",
    "mikrotik-rest",
    "mikrotik-rest-tls",
    "ixon-http",
    "ixon-https",
    "openwrt-http",
    "openwrt-https",
    "peplink-http",
    "peplink-https",
    "linksys-http",
    "linksys-https",
];

/// Every fault kind, as `--fault-router` spells it.
const EVERY_FAULT: &[&str] = &[
    "refuse",
    "stall",
    "slow:100ms",
    "drop-mid-reply",
    "auth-fail",
    "vendor-error",
];

/// Start `sim fleet ARGS...` and read up to its `listening` line; the
/// `fault NAME KIND` lines it printed.
fn start_fleet(args: &[&str]) -> (SimProcess, BTreeMap<String, String>) {
    let mut full = vec!["fleet"];
    full.extend_from_slice(args);
    let sim = SimProcess::start(&full, &[]);
    let mut faults = BTreeMap::new();
    loop {
        let line = sim.next_line("the fleet's fault lines, then `listening`");
        if let Some(rest) = line.strip_prefix("fault ") {
            let (name, kind) = rest.split_once(' ').expect("`fault NAME KIND`");
            faults.insert(name.to_string(), kind.to_string());
            continue;
        }
        assert!(line.starts_with("listening "), "{line}");
        return (sim, faults);
    }
}

/// The `sim` label of every router of an inventory the fleet wrote.
fn kinds_of(inventory: &std::path::Path) -> BTreeMap<String, (String, bool)> {
    let text = std::fs::read_to_string(inventory).unwrap();
    let parsed: toml::Table = toml::from_str(&text).unwrap();
    parsed["routers"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(name, router)| {
            let sim = router["labels"]["sim"].as_str().unwrap().to_string();
            let tls = router.get("tls_fingerprint").is_some();
            (name.clone(), (sim, tls))
        })
        .collect()
}

#[test]
fn every_fault_kind_of_every_family_is_found_with_its_error_kind() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("fleet.toml");
    let inventory_arg = inventory.to_str().unwrap();
    let per_kind = EVERY_FAULT.len() + 1;
    let count = (EVERY_KIND.len() * per_kind).to_string();
    let mix: Vec<String> = EVERY_KIND.iter().map(|k| format!("{k}=1")).collect();
    let mix = mix.join(",");
    let common = [
        "--count",
        count.as_str(),
        "--seed",
        "11",
        "--mix",
        mix.as_str(),
        "--inventory-timeout",
        "2s",
        "--inventory-out",
        inventory_arg,
    ];
    // The seed fixes which router is which: learn it from a fleet without
    // faults, then name the faults router by router.
    let (sim, none) = start_fleet(&common);
    assert!(none.is_empty(), "{none:?}");
    let kinds = kinds_of(&inventory);
    assert_eq!(sim.terminate().code(), Some(0));
    let mut by_kind: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, (sim, _)) in &kinds {
        by_kind.entry(sim.as_str()).or_default().push(name.as_str());
    }
    assert_eq!(by_kind.len(), EVERY_KIND.len(), "{by_kind:?}");
    let mut named = Vec::new();
    for names in by_kind.values() {
        assert_eq!(names.len(), per_kind, "{by_kind:?}");
        for (name, fault) in names.iter().zip(EVERY_FAULT) {
            named.push(format!("{name}={fault}"));
        }
    }
    let mut args: Vec<&str> = common.to_vec();
    for n in &named {
        args.extend(["--fault-router", n.as_str()]);
    }
    let (sim, faults) = start_fleet(&args);
    assert_eq!(faults.len(), EVERY_KIND.len() * EVERY_FAULT.len());
    assert_eq!(kinds_of(&inventory), kinds, "the same fleet, pins and all");

    let out = common::routerctl_with(&inventory, &[])
        .args(["-o", "json", "facts", "all"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let items: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(items.len(), kinds.len());
    let mut wrong = Vec::new();
    for item in &items {
        let name = item["router"].as_str().unwrap();
        let (sim_kind, tls) = &kinds[name];
        let kind = item["error"]["kind"].as_str();
        let fault = faults.get(name).map(String::as_str);
        let ok = match fault {
            None | Some("slow") => {
                kind.is_none() && item["result"]["hostname"].as_str() == Some(name)
            }
            Some("refuse") => kind == Some("io"),
            Some("stall") => kind == Some("timeout"),
            Some("auth-fail") => kind == Some("auth"),
            Some("vendor-error") => kind == Some("vendor"),
            // Inside TLS too, after a complete handshake: never a TLS error.
            Some("drop-mid-reply") => {
                kind.is_some_and(|k| ["disconnected", "protocol"].contains(&k))
            }
            Some(other) => panic!("unknown fault {other}"),
        };
        if !ok {
            wrong.push(format!(
                "{name} ({sim_kind}, tls {tls}) with {fault:?}: {}",
                item
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(sim.terminate().code(), Some(0));
}
