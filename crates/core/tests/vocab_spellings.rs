//! Pins every neutral spelling: changing one changes routerctl's JSON output
//! for every vendor, so it must show up as a snapshot diff and be reviewed.

use routerctl_core::vocab::{
    Band, InterfaceKind, Security, is_canonical_mac, link_is_up, mac_address,
};
use serde_json::{Value, json};

/// Every value of a vocabulary as serde writes it, next to `as_str()`, so
/// the two can never disagree unnoticed.
fn spellings<T: serde::Serialize + std::fmt::Display>(all: &[T]) -> Vec<Value> {
    all.iter()
        .map(|v| {
            let json = serde_json::to_value(v).unwrap();
            assert_eq!(
                json,
                Value::String(v.to_string()),
                "serde and Display agree"
            );
            json
        })
        .collect()
}

#[test]
fn every_spelling_is_pinned() {
    let macs: Vec<Value> = [
        "aa:bb:cc:dd:ee:ff",
        "AA-BB-CC-DD-EE-FF",
        "aabb.ccdd.eeff",
        "aabbccddeeff",
        "0:1a:2:3c:4d:5e",
    ]
    .iter()
    .map(|raw| {
        let mac = mac_address(raw).unwrap();
        assert!(is_canonical_mac(&mac));
        json!([raw, mac])
    })
    .collect();
    let links: Vec<Value> = [
        "up",
        "running",
        "connected",
        "down",
        "disconnected",
        "unknown",
    ]
    .iter()
    .map(|w| json!([w, link_is_up(w)]))
    .collect();
    insta::assert_json_snapshot!(
        "neutral_spellings",
        json!({
            "band": spellings(Band::ALL),
            "security": spellings(Security::ALL),
            "interface_kind": spellings(InterfaceKind::ALL),
            "mac_address": macs,
            "link_is_up": links,
        })
    );
}

#[test]
fn neutral_spellings_parse_back() {
    for b in Band::ALL {
        assert_eq!(b.as_str().parse::<Band>(), Ok(*b));
    }
    for s in Security::ALL {
        assert_eq!(s.as_str().parse::<Security>(), Ok(*s));
    }
    for k in InterfaceKind::ALL {
        assert_eq!(k.as_str().parse::<InterfaceKind>(), Ok(*k));
    }
    assert!("none".parse::<Security>().is_err(), "open is spelled open");
    assert!("ether".parse::<InterfaceKind>().is_err());
}
