//! [`SIM`]: how `routerctl sim peplink` and `routerctl demo` run the
//! Peplink simulator — its HTTP and HTTPS listeners, its flags and its demo
//! router.

use std::time::Duration;

use routerctl_core::BoxFuture;
use routerctl_kit::sim::{
    DemoRouter, Limits, ListenerSpec, RunningSim, SimDescriptor, SimOption, SimSetup, StartError,
};

use super::config::{PeplinkSimConfig, Permission};
use super::handle::PeplinkSim;
use super::server;

/// `/api` over plain HTTP and over HTTPS; at least one is required.
const LISTENERS: &[ListenerSpec] = &[
    ListenerSpec {
        name: "http",
        flag: "http",
        what: "HTTP",
        help: "Serve `/api` over plain HTTP here (port 0 picks a free one).",
        tls: false,
        protocol: "http",
        default_addr: None,
    },
    ListenerSpec {
        name: "https",
        flag: "https",
        what: "HTTPS",
        help: "Serve `/api` over HTTPS here with a fresh self-signed certificate.",
        tls: true,
        protocol: "https",
        default_addr: None,
    },
];

/// The simulated Peplink router: `routerctl sim peplink`.
pub const SIM: SimDescriptor = SimDescriptor {
    name: "peplink",
    about: "A simulated Peplink MAX BR1 Pro 5G (Router API of firmware 8.5.2 at /api over \
            HTTP/HTTPS).\n\n\
            Log in with the user and password given here (cookie `bauth`), or create API \
            clients with that login (`auth.client`) and use their access tokens.",
    vendor: crate::wire::VENDOR,
    device: "Peplink router",
    listeners: LISTENERS,
    options: &[
        SimOption::value(
            "name",
            "NAME",
            "Device name reported [default: peplink-sim].",
        ),
        SimOption::value(
            "token-lifetime",
            "SECONDS",
            "expiresIn of granted access tokens, in seconds.",
        )
        .with_default("172800"),
        SimOption::value(
            "session-timeout",
            "SECONDS",
            "Idle timeout of Web Admin login sessions, in seconds.",
        )
        .with_default("1800"),
        SimOption::switch(
            "vendor-error",
            "Answer every call but login and logout with `{\"stat\":\"fail\",\"code\":503,...}` \
             (fault injection).",
        ),
        SimOption::switch(
            "evict-idle",
            "Drop the device state while no login session is open and nothing was changed; \
             it is rebuilt from the seed on the next call (for large fleets).",
        ),
    ],
    readonly_user: true,
    start,
    demo: &[DemoRouter {
        name: "van-peplink",
        listener: "https",
        seed: 52,
        options: &[("name", "van-peplink")],
        groups: &["mobile"],
        labels: &[("site", "fleet")],
        example_call: Some("status.wan.connection id=3"),
    }],
};

fn seconds(setup: &SimSetup, name: &str) -> Result<Option<Duration>, StartError> {
    Ok(setup.parse::<u64>(name)?.map(Duration::from_secs))
}

fn start(setup: SimSetup) -> BoxFuture<'static, Result<RunningSim, StartError>> {
    Box::pin(async move {
        let mut config = PeplinkSimConfig::new(&setup.user, setup.password.expose());
        if let Some((name, password)) = &setup.readonly {
            config = config.with_user(name, password.expose(), Permission::ReadOnly);
        }
        if let Some(name) = setup.option("name") {
            config.name = name.to_string();
        }
        if let Some(lifetime) = seconds(&setup, "token-lifetime")? {
            config.token_lifetime = lifetime;
        }
        if let Some(idle) = seconds(&setup, "session-timeout")? {
            if idle.is_zero() {
                return Err(StartError::Usage(
                    "--session-timeout must be at least 1 second".into(),
                ));
            }
            config.session_idle = idle;
        }
        config.seed = setup.seed;
        config.vendor_error = setup.switch("vendor-error");
        config.evict_idle = setup.switch("evict-idle");
        let readonly = match &setup.readonly {
            Some((name, _)) => format!(", read-only user {name}"),
            None => String::new(),
        };
        let description = format!(
            "Peplink MAX BR1 Pro 5G (firmware 8.5.2) \"{}\" (user {}{readonly})",
            config.name, setup.user
        );
        let mut running = RunningSim::new(crate::wire::VENDOR, description, config.name.clone());
        let sim = PeplinkSim::new(config);
        for &(spec, addr) in &setup.listeners {
            let bind = |tls| server::serve(sim.clone(), addr, tls, Limits::default());
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
    async fn the_demo_router_serves_https_and_bad_options_are_usage_errors() {
        let router = &SIM.demo[0];
        let setup = SIM
            .demo_setup(router, "admin", Secret::new("pw"))
            .unwrap_or_else(|e| panic!("{e}"));
        let running = (SIM.start)(setup).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(running.vendor, "peplink");
        assert_eq!(running.device_name, "van-peplink");
        assert!(running.listeners.iter().all(|l| l.fingerprint.is_some()));

        let mut setup = SIM
            .demo_setup(router, "admin", Secret::new("pw"))
            .unwrap_or_else(|e| panic!("{e}"));
        setup.options.insert("token-lifetime".into(), "soon".into());
        let Err(StartError::Usage(message)) = (SIM.start)(setup).await else {
            panic!("a bad lifetime is a usage error")
        };
        assert!(message.contains("token-lifetime"), "{message}");
    }
}
