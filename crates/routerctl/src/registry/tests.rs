//! The registry against the descriptors it lists: what the binary offers
//! (inventory vendors and protocols, `sim` subcommands, demo routers) is
//! exactly what the vendor crates export, and the descriptors are
//! consistent with each other.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::Path;

use clap::CommandFactory;

use super::*;
use crate::inventory::Inventory;

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
    assert!(!FAMILIES.is_empty());
    // `routerctl sim` offers one subcommand per simulator descriptor, in
    // registry order, with the descriptor's flags.
    let cli = crate::cli::Cli::command();
    let sim = cli.find_subcommand("sim").expect("a sim command");
    let offered: Vec<&str> = sim
        .get_subcommands()
        .map(|c| c.get_name())
        .filter(|n| *n != "help" && *n != crate::fleet_sim::args::FLEET)
        .collect();
    let described: Vec<&str> = sims().map(|s| s.name).collect();
    assert!(
        !described.contains(&crate::fleet_sim::args::FLEET),
        "`sim fleet` is taken"
    );
    assert_eq!(offered, described);
    for s in sims() {
        let cmd = sim.find_subcommand(s.name).expect("listed above");
        let longs: Vec<&str> = cmd.get_arguments().filter_map(|a| a.get_long()).collect();
        let own = s.listeners.iter().map(|l| l.flag);
        for flag in own.chain(s.options.iter().map(|o| o.name)) {
            assert!(longs.contains(&flag), "sim {} lacks --{flag}", s.name);
        }
        for common in ["user", "password-env", "password-file", "password", "seed"] {
            assert!(longs.contains(&common), "sim {} lacks --{common}", s.name);
        }
        assert_eq!(
            longs.contains(&"readonly-user"),
            s.readonly_user,
            "{}",
            s.name
        );
    }

    // The inventory accepts exactly the drivers' vendors and protocols,
    // with the default protocol first and TLS where the descriptor says.
    let mut text = String::from("[defaults]\nhost = \"192.0.2.1\"\nusername = \"u\"\n");
    for d in drivers() {
        text.push_str(&format!(
            "[routers.{}]\nvendor = \"{}\"\n",
            d.vendor, d.vendor
        ));
        for p in d.protocols {
            text.push_str(&format!(
                "[routers.{}-{}]\nvendor = \"{}\"\nprotocol = \"{}\"\n",
                d.vendor, p.name, d.vendor, p.name
            ));
        }
    }
    let path = Path::new("registry.toml");
    let inventory = Inventory::parse(path, &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let mut routers = inventory.routers.iter();
    for d in drivers() {
        let default = routers.next().expect("one router per vendor");
        assert_eq!(
            (default.vendor, default.protocol),
            (d.vendor, d.protocols[0].name)
        );
        for p in d.protocols {
            let r = routers.next().expect("one router per protocol");
            assert_eq!(
                (r.vendor, r.protocol, r.uses_tls),
                (d.vendor, p.name, p.tls)
            );
        }
    }
    let unknown = "[routers.x]\nvendor = \"no-such-vendor\"\nhost = \"h\"\nusername = \"u\"\n";
    let message = Inventory::parse(path, unknown)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        message.ends_with(&format!("this build knows: {}", vendor_names().join(", "))),
        "{message}"
    );
    assert!(find("no-such-vendor").is_none() && find_sim("no-such-sim").is_none());
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

#[test]
fn watch_is_refused_over_protocols_without_streams() {
    assert_eq!(streaming_refusal("mikrotik", "api"), None);
    assert_eq!(streaming_refusal("mikrotik", "api-ssl"), None);
    assert_eq!(
        streaming_refusal("mikrotik", "rest").as_deref(),
        Some("rest has no streams: streaming needs api or api-ssl")
    );
    let ixon = streaming_refusal("ixon", "https").unwrap_or_default();
    assert!(
        ixon.starts_with("ixon routers have no streaming commands"),
        "{ixon}"
    );
    assert_eq!(streaming_refusal("no-such-vendor", "x"), None);
}
