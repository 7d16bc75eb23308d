//! [`IXON_SIM`] and [`OPENWRT_SIM`]: how `routerctl sim ixon`, `routerctl
//! sim openwrt` and `routerctl demo` run the ubus simulator — its HTTP and
//! HTTPS listeners, its flags and its demo router.

use routerctl_core::{BoxFuture, Fingerprint};
use routerctl_kit::sim::{
    DemoRouter, ListenerSpec, RunningSim, SimDescriptor, SimOption, SimServer, SimSetup, StartError,
};

use super::{Access, Flavor, HttpServer, IxonSim, IxonSimConfig};

/// `/ubus` over plain HTTP and over HTTPS; at least one is required (there
/// is no unprivileged default port for HTTP).
const LISTENERS: &[ListenerSpec] = &[
    ListenerSpec {
        name: "http",
        flag: "http",
        what: "HTTP",
        help: "Serve `/ubus` over plain HTTP here (port 0 picks a free one).",
        tls: false,
        protocol: "http",
        default_addr: None,
    },
    ListenerSpec {
        name: "https",
        flag: "https",
        what: "HTTPS",
        help: "Serve `/ubus` over HTTPS here with a fresh self-signed certificate.",
        tls: true,
        protocol: "https",
        default_addr: None,
    },
];

const HOSTNAME: SimOption = SimOption::value(
    "hostname",
    "NAME",
    "Host name the router reports [default: ixrouter / OpenWrt].",
);

const VENDOR_ERROR: SimOption = SimOption::switch(
    "vendor-error",
    "Answer every call but logins with `-32003 ubus request timed out` (fault injection).",
);

/// The simulated IXON IXrouter3: `routerctl sim ixon` (`--flavor openwrt`
/// makes it [`OPENWRT_SIM`]).
pub const IXON_SIM: SimDescriptor = SimDescriptor {
    name: "ixon",
    about: "A simulated IXON IXrouter3 (ubus JSON-RPC at /ubus over HTTP/HTTPS).\n\n\
            `--flavor openwrt` makes it a stock OpenWrt router instead, the same as \
            `sim openwrt`.",
    vendor: Flavor::Ixon.vendor(),
    device: "IXON IXrouter",
    listeners: LISTENERS,
    options: &[
        SimOption::value("flavor", "FLAVOR", "Which firmware to simulate.")
            .with_default("ixon")
            .one_of(&["ixon", "openwrt"]),
        HOSTNAME,
        VENDOR_ERROR,
    ],
    readonly_user: true,
    start: start_ixon,
    demo: &[DemoRouter {
        name: "plant-ixon",
        listener: "https",
        seed: 44,
        options: &[("hostname", "plant-ixon")],
        groups: &["plant"],
        labels: &[("site", "eindhoven")],
        example_call: Some("ixon.ui.overview get"),
    }],
};

/// A simulated stock OpenWrt 24.10 router: `routerctl sim openwrt`.
pub const OPENWRT_SIM: SimDescriptor = SimDescriptor {
    name: "openwrt",
    about: "A simulated stock OpenWrt router (ubus JSON-RPC at /ubus); the same as \
            `sim ixon --flavor openwrt`.",
    vendor: Flavor::OpenWrt.vendor(),
    device: "OpenWrt router",
    listeners: LISTENERS,
    options: &[HOSTNAME, VENDOR_ERROR],
    readonly_user: true,
    start: start_openwrt,
    demo: &[],
};

impl SimServer for HttpServer {
    fn local_addr(&self) -> std::net::SocketAddr {
        HttpServer::local_addr(self)
    }
    fn fingerprint(&self) -> Option<Fingerprint> {
        HttpServer::fingerprint(self)
    }
}

fn start_ixon(setup: SimSetup) -> BoxFuture<'static, Result<RunningSim, StartError>> {
    Box::pin(async move {
        let flavor = setup.parse::<Flavor>("flavor")?.unwrap_or(Flavor::Ixon);
        start(flavor, setup).await
    })
}

fn start_openwrt(setup: SimSetup) -> BoxFuture<'static, Result<RunningSim, StartError>> {
    Box::pin(start(Flavor::OpenWrt, setup))
}

/// What the simulated device is called in the "running" message.
fn describe(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::Ixon => "IXON IXrouter3 (firmware 3.19)",
        Flavor::OpenWrt => "OpenWrt 24.10 router",
    }
}

async fn start(flavor: Flavor, setup: SimSetup) -> Result<RunningSim, StartError> {
    let mut config = IxonSimConfig::new(flavor, &setup.user, setup.password.expose());
    if let Some((name, password)) = &setup.readonly {
        config = config.with_user(name, password.expose(), Access::ReadOnly);
    }
    if let Some(hostname) = setup.option("hostname") {
        config.hostname = hostname.to_string();
    }
    config.seed = setup.seed;
    config.vendor_error = setup.switch("vendor-error");
    let readonly = match &setup.readonly {
        Some((name, _)) => format!(", read-only user {name}"),
        None => String::new(),
    };
    let description = format!(
        "{} \"{}\" (user {}{readonly})",
        describe(flavor),
        config.hostname,
        setup.user
    );
    let mut running = RunningSim::new(flavor.vendor(), description, config.hostname.clone());
    let sim = IxonSim::new(config);
    for &(spec, addr) in &setup.listeners {
        let bind = |tls| HttpServer::bind(sim.clone(), addr, tls);
        running.serve(spec, addr, bind).await?;
    }
    Ok(running)
}

#[cfg(test)]
mod tests {
    use super::*;
    use routerctl_core::Secret;

    #[tokio::test]
    async fn flavor_picks_the_vendor_and_the_demo_router_pins_its_certificate() {
        let router = &IXON_SIM.demo[0];
        let mut setup = IXON_SIM
            .demo_setup(router, "admin", Secret::new("pw"))
            .unwrap_or_else(|e| panic!("{e}"));
        let running = (IXON_SIM.start)(setup)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(running.vendor, "ixon");
        assert_eq!(running.device_name, "plant-ixon");
        assert!(running.listeners.iter().all(|l| l.fingerprint.is_some()));

        setup = IXON_SIM
            .demo_setup(router, "admin", Secret::new("pw"))
            .unwrap_or_else(|e| panic!("{e}"));
        setup.options.insert("flavor".into(), "openwrt".into());
        let running = (IXON_SIM.start)(setup)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(running.vendor, "openwrt");

        setup = IXON_SIM
            .demo_setup(router, "admin", Secret::new("pw"))
            .unwrap_or_else(|e| panic!("{e}"));
        setup.options.insert("flavor".into(), "cisco".into());
        let Err(StartError::Usage(message)) = (IXON_SIM.start)(setup).await else {
            panic!("an unknown flavor is a usage error")
        };
        assert!(message.contains("cisco"), "{message}");
    }
}
