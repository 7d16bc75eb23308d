//! [`LINKSYS_SIM`]: how `routerctl sim linksys` and `routerctl demo` run the
//! JNAP simulator — its HTTP and HTTPS listeners, its flags and its demo
//! router.

use futures_util::future::BoxFuture;
use routerctl_core::Fingerprint;
use routerctl_kit::sim::{
    DemoRouter, ListenerSpec, RunningSim, SimDescriptor, SimOption, SimServer, SimSetup, StartError,
};

use super::config::{Generation, SimConfig};
use super::engine::LinksysSim;
use super::server::JnapServer;
use crate::wire::ADMIN_USER;

/// `/JNAP/` over plain HTTP (what Linksys routers serve on the LAN) and
/// over HTTPS; at least one is required.
const LISTENERS: &[ListenerSpec] = &[
    ListenerSpec {
        name: "http",
        flag: "http",
        what: "HTTP",
        help: "Serve `/JNAP/` over plain HTTP here (port 0 picks a free one).",
        tls: false,
        protocol: "http",
        default_addr: None,
    },
    ListenerSpec {
        name: "https",
        flag: "https",
        what: "HTTPS",
        help: "Serve `/JNAP/` over HTTPS here with a fresh self-signed certificate.",
        tls: true,
        protocol: "https",
        default_addr: None,
    },
];

/// The simulated Linksys router: `routerctl sim linksys`.
pub const LINKSYS_SIM: SimDescriptor = SimDescriptor {
    name: "linksys",
    about: "A simulated Linksys Smart Wi-Fi router or Velop node (JNAP at POST /JNAP/).\n\n\
            `--generation velop` (default) serves a Velop WHW03 on firmware 2.1.20 with \
            its real service list (GetWANStatus3, CheckAdminPassword3 with lock-out); \
            `--generation classic` an older EA7500-like router (GetWANStatus2, \
            CheckAdminPassword2). The user is always `admin`.",
    vendor: crate::wire::VENDOR,
    device: "Linksys router",
    listeners: LISTENERS,
    options: &[
        SimOption::value(
            "generation",
            "GENERATION",
            "Which firmware generation to simulate.",
        )
        .with_default("velop")
        .one_of(&["velop", "classic"]),
        SimOption::value(
            "hostname",
            "NAME",
            "Host name the router reports [default: Linksys39173 / Linksys00042].",
        ),
        SimOption::switch(
            "locked-down",
            "Require the password for every action (by default the reads real firmware \
             leaves open, such as GetDeviceInfo and GetDevices, need none).",
        ),
        SimOption::value(
            "available-firmware",
            "VERSION",
            "A newer firmware that firmwareupdate/UpdateFirmwareNow finds and installs.",
        ),
        SimOption::switch(
            "vendor-error",
            "Answer every action but the password checks with `{\"result\":\"_ErrorUnexpected\"}` \
             (fault injection).",
        ),
        SimOption::switch(
            "evict-idle",
            "Drop the device state after every request that changed nothing; it is rebuilt \
             from the seed on the next (for large fleets).",
        ),
    ],
    readonly_user: false,
    start,
    demo: &[LINKSYS_DEMO],
};

/// The router `routerctl demo` starts (see [`LINKSYS_SIM`]'s `demo`).
pub const LINKSYS_DEMO: DemoRouter = DemoRouter {
    name: "home-linksys",
    listener: "http",
    seed: 9,
    options: &[("hostname", "home-linksys")],
    groups: &["home"],
    labels: &[("site", "home")],
    example_call: Some("router/GetWANStatus3"),
};

impl SimServer for JnapServer {
    fn local_addr(&self) -> std::net::SocketAddr {
        JnapServer::local_addr(self)
    }
    fn fingerprint(&self) -> Option<Fingerprint> {
        JnapServer::fingerprint(self)
    }
}

fn start(setup: SimSetup) -> BoxFuture<'static, Result<RunningSim, StartError>> {
    Box::pin(async move {
        if setup.user != ADMIN_USER {
            return Err(StartError::Usage(format!(
                "JNAP routers have one account, {ADMIN_USER:?}; --user {:?} cannot log in",
                setup.user
            )));
        }
        let generation = setup
            .parse::<Generation>("generation")?
            .unwrap_or(Generation::Velop);
        let mut config = SimConfig::new(generation, setup.password.expose());
        if let Some(hostname) = setup.option("hostname") {
            config.hostname = hostname.to_string();
        }
        if setup.switch("locked-down") {
            config = config.locked_down();
        }
        config.available_firmware = setup.option("available-firmware").map(str::to_string);
        config.seed = setup.seed;
        config.vendor_error = setup.switch("vendor-error");
        config.evict_idle = setup.switch("evict-idle");
        let model = match generation {
            Generation::Classic => "Linksys EA7500 (classic firmware 2.0.8)",
            Generation::Velop => "Linksys Velop WHW03 (firmware 2.1.20)",
        };
        let description = format!("{model} \"{}\" (user {ADMIN_USER})", config.hostname);
        let mut running =
            RunningSim::new(crate::wire::VENDOR, description, config.hostname.clone());
        let sim = LinksysSim::new(config);
        for &(spec, addr) in &setup.listeners {
            let bind = |tls| JnapServer::bind(sim.clone(), addr, tls);
            running.serve(spec, addr, bind).await?;
        }
        Ok(running)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use routerctl_core::Secret;

    #[tokio::test]
    async fn the_demo_router_starts_and_options_are_checked() {
        let router = &LINKSYS_DEMO;
        let setup = LINKSYS_SIM
            .demo_setup(router, "admin", Secret::new("pw"))
            .unwrap_or_else(|e| panic!("{e}"));
        let running = (LINKSYS_SIM.start)(setup)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(running.vendor, "linksys");
        assert_eq!(running.device_name, "home-linksys");
        assert_eq!(running.listeners.len(), 1);

        let mut setup = LINKSYS_SIM
            .demo_setup(router, "admin", Secret::new("pw"))
            .unwrap_or_else(|e| panic!("{e}"));
        setup.options.insert("generation".into(), "ancient".into());
        let Err(StartError::Usage(message)) = (LINKSYS_SIM.start)(setup).await else {
            panic!("an unknown generation is a usage error")
        };
        assert!(message.contains("ancient"), "{message}");

        let setup = LINKSYS_SIM
            .demo_setup(router, "root", Secret::new("pw"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            (LINKSYS_SIM.start)(setup).await,
            Err(StartError::Usage(_))
        ));
    }
}
