//! The registry against the descriptors it lists: what the binary offers
//! (inventory vendors and protocols, `sim` subcommands, demo routers) is
//! exactly what the vendor crates export, and the descriptors are
//! consistent with each other.

use std::collections::BTreeSet;
use std::net::SocketAddr;

use super::*;

/// Flags every `sim` subcommand has (or inherits) besides the
/// descriptor's own; a descriptor must not reuse them.
const RESERVED_FLAGS: &[&str] = &[
    "user",
    "password",
    "password-env",
    "password-file",
    "seed",
    "readonly-user",
    "readonly-password-env",
    "readonly-password-file",
    "help",
    "inventory",
    "output",
    "concurrency",
    "timeout",
    "ask-password",
    "insecure",
    "verbose",
];

fn unique<'a>(what: &str, names: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    for name in names {
        assert!(seen.insert(name), "{what} {name:?} appears twice");
    }
    seen
}

#[test]
fn the_binary_lists_exactly_the_descriptors() {
    // What the binary offers, pinned: a vendor crate added or dropped
    // shows up here.
    let listed: Vec<(&str, Vec<&str>)> =
        drivers().map(|d| (d.vendor, d.protocol_names())).collect();
    assert_eq!(
        listed,
        [
            ("mikrotik", vec!["api", "api-ssl", "rest", "rest-http"]),
            ("ixon", vec!["https", "http"]),
            ("openwrt", vec!["https", "http"]),
            ("linksys", vec!["http", "https"]),
        ]
    );
    let names: Vec<&str> = sims().map(|s| s.name).collect();
    assert_eq!(names, ["mikrotik", "ixon", "openwrt", "linksys"]);

    // ... and it is the descriptors the crates export, nothing else.
    let exported = [
        routerctl_mikrotik::DRIVER,
        routerctl_ixon::IXON_DRIVER,
        routerctl_ixon::OPENWRT_DRIVER,
        routerctl_linksys::LINKSYS_DRIVER,
    ];
    for (d, e) in drivers().zip(exported.iter()) {
        assert_eq!(d.vendor, e.vendor);
        assert_eq!(d.protocols, e.protocols);
    }
    let exported = [
        routerctl_mikrotik::SIM,
        routerctl_ixon::IXON_SIM,
        routerctl_ixon::OPENWRT_SIM,
        routerctl_linksys::sim::LINKSYS_SIM,
    ];
    for (s, e) in sims().zip(exported.iter()) {
        assert_eq!(
            (s.name, s.listeners, s.options),
            (e.name, e.listeners, e.options)
        );
    }
    assert_eq!(vendor_names(), ["mikrotik", "ixon", "openwrt", "linksys"]);
    assert_eq!(find("mikrotik").map(|d| d.vendor), Some("mikrotik"));
    assert!(find("cisco").is_none());
    assert_eq!(find_sim("ixon").map(|s| s.name), Some("ixon"));
    assert!(find_sim("cisco").is_none());
}

#[test]
fn drivers_are_well_formed() {
    unique("vendor", drivers().map(|d| d.vendor));
    for d in drivers() {
        assert!(!d.summary.is_empty(), "{} has no summary", d.vendor);
        let Some(default) = d.default_protocol() else {
            panic!("{} has no protocol", d.vendor)
        };
        assert_eq!(default.name, d.protocols[0].name, "default first");
        unique("protocol", d.protocols.iter().map(|p| p.name));
        for p in d.protocols {
            assert_ne!(p.default_port, 0, "{} {}", d.vendor, p.name);
            assert_eq!(d.uses_tls(p.name), p.tls);
        }
    }
    // TLS protocols are flagged as such.
    let tls = |vendor: &str| -> Vec<&str> {
        let d = find(vendor).unwrap_or_else(|| panic!("{vendor} registered"));
        d.protocols
            .iter()
            .filter(|p| p.tls)
            .map(|p| p.name)
            .collect()
    };
    assert_eq!(tls("mikrotik"), ["api-ssl", "rest"]);
    assert_eq!(tls("ixon"), ["https"]);
    assert_eq!(tls("openwrt"), ["https"]);
}

#[test]
fn sims_are_well_formed_and_serve_their_family_drivers() {
    unique("sim", sims().map(|s| s.name));
    let mut demo_names = Vec::new();
    for family in FAMILIES {
        for s in family.sims {
            let driver = family
                .drivers
                .iter()
                .find(|d| d.vendor == s.vendor)
                .unwrap_or_else(|| panic!("sim {} serves {}, not in its family", s.name, s.vendor));
            assert!(!s.about.is_empty() && !s.device.is_empty(), "{}", s.name);
            assert!(!s.listeners.is_empty(), "sim {} has no listener", s.name);
            unique("listener", s.listeners.iter().map(|l| l.name));
            let flags = s.listeners.iter().map(|l| l.flag);
            let flags = unique("flag", flags.chain(s.options.iter().map(|o| o.name)));
            for reserved in RESERVED_FLAGS {
                assert!(
                    !flags.contains(reserved),
                    "sim {} redefines --{reserved}",
                    s.name
                );
            }
            for l in s.listeners {
                let protocol = driver.protocol(l.protocol).unwrap_or_else(|| {
                    panic!(
                        "sim {} listener {}: {} speaks no {}",
                        s.name, l.name, s.vendor, l.protocol
                    )
                });
                assert_eq!(protocol.tls, l.tls, "sim {} listener {}", s.name, l.name);
                if let Some(addr) = l.default_addr {
                    addr.parse::<SocketAddr>()
                        .unwrap_or_else(|e| panic!("sim {} {}: {addr}: {e}", s.name, l.name));
                }
            }
            for o in s.options {
                if let (Some(default), false) = (o.default, o.values.is_empty()) {
                    assert!(o.values.contains(&default), "sim {} --{}", s.name, o.name);
                }
                assert!(
                    o.value_name.is_some() || o.default.is_none(),
                    "a switch has no default"
                );
            }
            for r in s.demo {
                assert!(s.listener(r.listener).is_some(), "demo {}", r.name);
                for (name, _) in r.options {
                    assert!(
                        s.options.iter().any(|o| o.name == *name),
                        "demo {} --{name}",
                        r.name
                    );
                }
                demo_names.push(r.name);
            }
        }
    }
    unique("demo router", demo_names.iter().copied());
}
