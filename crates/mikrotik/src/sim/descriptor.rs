//! [`SIM`]: how `routerctl sim mikrotik` and `routerctl demo` run this
//! simulator — its listeners (API, api-ssl, REST, REST over HTTPS, all on
//! one device), its flags and its demo routers.

use routerctl_core::{BoxFuture, Fingerprint};
use routerctl_kit::sim::{
    DemoRouter, ListenerSpec, RunningSim, SimDescriptor, SimOption, SimServer, SimSetup, StartError,
};

use super::{ApiServer, Device, RestServer, SimConfig};

/// The simulated RouterOS device: `routerctl sim mikrotik`.
pub const SIM: SimDescriptor = SimDescriptor {
    name: "mikrotik",
    about: "A simulated MikroTik RouterOS 7 device (binary API, api-ssl and REST).\n\n\
            Every listener serves the same device: a change made over one protocol is \
            seen over the others.",
    vendor: "mikrotik",
    device: "MikroTik router",
    listeners: &[
        ListenerSpec {
            name: "api",
            flag: "api",
            what: "the API",
            help: "Serve the plain API here (port 0 picks a free one) \
                   [default: 127.0.0.1:8728 when no other listener is given].",
            tls: false,
            protocol: "api",
            default_addr: Some("127.0.0.1:8728"),
        },
        ListenerSpec {
            name: "api-ssl",
            flag: "api-tls",
            what: "api-ssl",
            help: "Serve api-ssl here with a fresh self-signed certificate.",
            tls: true,
            protocol: "api-ssl",
            default_addr: None,
        },
        ListenerSpec {
            name: "rest",
            flag: "rest",
            what: "REST",
            help: "Serve the REST API over plain HTTP here (same device state).",
            tls: false,
            protocol: "rest-http",
            default_addr: None,
        },
        ListenerSpec {
            name: "rest-tls",
            flag: "rest-tls",
            what: "REST over HTTPS",
            help: "Serve the REST API over HTTPS here with a fresh self-signed \
                   certificate (same device state).",
            tls: true,
            protocol: "rest",
            default_addr: None,
        },
    ],
    options: &[
        SimOption::value(
            "ros-version",
            "VERSION",
            "RouterOS version to report and emulate (`7.20.5`, `7.1beta4`, \
             optionally with a channel: `7.20.5 (stable)`).",
        )
        .with_default("7.20.5"),
        SimOption::switch(
            "legacy-login",
            "Emulate a pre-6.43 router (MD5 challenge login only).",
        ),
        SimOption::value("identity", "NAME", "`/system/identity` name.").with_default("MikroTik"),
        SimOption::switch(
            "vendor-error",
            "Answer every command after login with a `failure: timeout` trap (fault injection).",
        ),
        SimOption::switch(
            "evict-idle",
            "Drop the device's state while nobody is connected and nothing was changed \
             (rebuilt from the seed on the next connection; for large fleets).",
        ),
    ],
    readonly_user: true,
    start,
    demo: &[
        DemoRouter {
            name: "hq-core",
            listener: "api-ssl",
            seed: 11,
            options: &[("identity", "hq-core"), ("ros-version", "7.20.5")],
            groups: &["core", "hq"],
            labels: &[("site", "hq")],
            example_call: Some("/ip/address/print"),
        },
        DemoRouter {
            name: "branch-berlin",
            listener: "api",
            seed: 22,
            options: &[("identity", "branch-berlin"), ("ros-version", "7.20.5")],
            groups: &["branch"],
            labels: &[("site", "berlin")],
            example_call: None,
        },
        DemoRouter {
            name: "branch-lyon",
            listener: "api",
            seed: 33,
            options: &[("identity", "branch-lyon"), ("ros-version", "7.16.2")],
            groups: &["branch"],
            labels: &[("site", "lyon")],
            example_call: None,
        },
    ],
};

impl SimServer for ApiServer {
    fn local_addr(&self) -> std::net::SocketAddr {
        ApiServer::local_addr(self)
    }
    fn fingerprint(&self) -> Option<Fingerprint> {
        ApiServer::fingerprint(self)
    }
}

impl SimServer for RestServer {
    fn local_addr(&self) -> std::net::SocketAddr {
        RestServer::local_addr(self)
    }
    fn fingerprint(&self) -> Option<Fingerprint> {
        RestServer::fingerprint(self)
    }
}

/// The device's settings from the setup (`--ros-version`, `--identity`,
/// `--legacy-login`, a read-only user in group `read`).
fn config(setup: &SimSetup) -> Result<SimConfig, StartError> {
    let mut config = SimConfig::new(&setup.user, setup.password.expose());
    if let Some((name, password)) = &setup.readonly {
        config = config.with_user(name, password.expose(), "read");
    }
    if let Some(version) = setup.option("ros-version") {
        check_ros_version(version)
            .map_err(|e| StartError::Usage(format!("--ros-version {version:?}: {e}")))?;
        config.version = version.to_string();
    }
    if let Some(identity) = setup.option("identity") {
        config.identity = identity.to_string();
    }
    config.legacy_login = setup.switch("legacy-login");
    config.vendor_error = setup.switch("vendor-error");
    config.evict_idle = setup.switch("evict-idle");
    config.seed = setup.seed;
    Ok(config)
}

/// Release channels RouterOS names after its version number.
const CHANNELS: &[&str] = &["stable", "long-term", "testing", "development"];

/// A RouterOS version as the device reports it: `MAJOR.MINOR[.PATCH]`,
/// the last part possibly with a pre-release tag (`7.1beta4`, `7.15rc2`),
/// then optionally a channel, bare or in parentheses (`7.20.5 (stable)`).
/// The simulator's behaviour follows the number (7.18 on answers empty
/// prints with `!empty`), so anything else is refused rather than guessed.
fn check_ros_version(text: &str) -> Result<(), String> {
    let mut words = text.split_whitespace();
    let number = words.next().ok_or("empty")?;
    let parts: Vec<&str> = number.split('.').collect();
    if !(2..=3).contains(&parts.len()) {
        return Err("expected MAJOR.MINOR or MAJOR.MINOR.PATCH, like 7.20.5".into());
    }
    for (i, part) in parts.iter().enumerate() {
        let digits = part.chars().take_while(char::is_ascii_digit).count();
        let (num, tag) = part.split_at(digits);
        let tag_ok = tag.is_empty()
            || (i + 1 == parts.len()
                && ["beta", "rc"].iter().any(|t| {
                    tag.strip_prefix(t)
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                }));
        if num.is_empty() || !tag_ok {
            return Err(format!(
                "{part:?} is not a version number part (expected digits, like 7.20.5 or 7.1beta4)"
            ));
        }
    }
    match (words.next(), words.next()) {
        (None, _) => Ok(()),
        (Some(channel), None) => {
            let bare = channel
                .strip_prefix('(')
                .and_then(|c| c.strip_suffix(')'))
                .unwrap_or(channel);
            if CHANNELS.contains(&bare) {
                Ok(())
            } else {
                Err(format!(
                    "unknown channel {channel:?} (expected one of {})",
                    CHANNELS.join(", ")
                ))
            }
        }
        (Some(_), Some(_)) => Err("expected a version and at most one channel word".into()),
    }
}

fn start(setup: SimSetup) -> BoxFuture<'static, Result<RunningSim, StartError>> {
    Box::pin(async move {
        let config = config(&setup)?;
        let description = format!(
            "RouterOS {} \"{}\" (user {})",
            config.version, config.identity, setup.user
        );
        let mut running = RunningSim::new(SIM.vendor, description, config.identity.clone());
        let device = Device::new(config);
        for &(spec, addr) in &setup.listeners {
            let device = device.clone();
            match spec.protocol {
                "api" | "api-ssl" => {
                    let bind = |tls| ApiServer::bind(device, addr, tls);
                    running.serve(spec, addr, bind).await?;
                }
                _ => {
                    let bind = |tls| RestServer::bind(device, addr, tls);
                    running.serve(spec, addr, bind).await?;
                }
            }
        }
        Ok(running)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use routerctl_core::Secret;

    #[test]
    fn options_and_the_readonly_user_reach_the_device_config() {
        let mut setup = SIM
            .demo_setup(&SIM.demo[2], "admin", Secret::new("pw"))
            .unwrap_or_else(|e| panic!("{e}"));
        setup.readonly = Some(("viewer".into(), Secret::new("v")));
        setup.options.insert("legacy-login".into(), "true".into());
        let config = config(&setup).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (config.version.as_str(), config.identity.as_str()),
            ("7.16.2", "branch-lyon")
        );
        assert!(config.legacy_login);
        assert_eq!(config.seed, 33);
        let users: Vec<_> = config
            .users
            .iter()
            .map(|u| (u.name.as_str(), u.group.as_str()))
            .collect();
        assert_eq!(users, [("admin", "full"), ("viewer", "read")]);
    }

    #[test]
    fn ros_versions_are_checked() {
        for good in [
            "7.20.5",
            "6.40",
            "7.1beta4",
            "7.15rc2",
            "7.20.5 (stable)",
            "6.49.10 long-term",
        ] {
            assert_eq!(check_ros_version(good), Ok(()), "{good}");
        }
        for bad in [
            "banana",
            "",
            "7",
            "7.x",
            "7.20.5.1",
            "7.20.5 (nightly)",
            "7.20 stable now",
            "7.beta1.2",
        ] {
            assert!(check_ros_version(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn demo_routers_start_and_bind_their_listener() {
        for router in SIM.demo {
            let setup = SIM
                .demo_setup(router, "admin", Secret::new("pw"))
                .unwrap_or_else(|e| panic!("{e}"));
            let running = (SIM.start)(setup).await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(running.device_name, router.name);
            let [bound] = running.listeners.as_slice() else {
                panic!("one listener per demo router")
            };
            assert_eq!(bound.name, router.listener);
            assert_eq!(bound.fingerprint.is_some(), bound.protocol == "api-ssl");
            assert_ne!(bound.addr.port(), 0);
        }
    }
}
