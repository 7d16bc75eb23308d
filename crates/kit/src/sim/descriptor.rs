//! [`SimDescriptor`]: what a vendor crate tells the binary about a
//! simulator, and [`Family`]: a vendor crate's drivers and simulators
//! together, the one thing the binary's registry names per crate.
//!
//! The binary builds `routerctl sim NAME` from a descriptor (one flag per
//! listener and option, plus the flags every simulator shares: `--user`,
//! a password source, `--seed`), calls [`SimDescriptor::start`], prints
//! what the [`RunningSim`] bound, and starts the [`DemoRouter`]s for
//! `routerctl demo`. Nothing in the binary names a vendor.
//!
//! ```
//! use routerctl_core::{BoxFuture, Secret};
//! use routerctl_kit::sim::{
//!     DemoRouter, HttpListener, Limits, ListenerSpec, RunningSim, SimDescriptor, SimOption,
//!     SimSetup, StartError,
//! };
//!
//! fn start(setup: SimSetup) -> BoxFuture<'static, Result<RunningSim, StartError>> {
//!     Box::pin(async move {
//!         let name = setup.option("hostname").unwrap_or("example").to_string();
//!         let description = format!("example router \"{name}\" (user {})", setup.user);
//!         let mut running = RunningSim::new("example", description, name);
//!         for &(spec, addr) in &setup.listeners {
//!             let app = axum::Router::new();
//!             let bind = |tls| HttpListener::bind(addr, app, tls, Limits::default());
//!             running.serve(spec, addr, bind).await?;
//!         }
//!         Ok(running)
//!     })
//! }
//!
//! const SIM: SimDescriptor = SimDescriptor {
//!     name: "example",
//!     about: "A simulated example router (JSON over HTTPS).",
//!     vendor: "example",
//!     device: "example router",
//!     listeners: &[ListenerSpec {
//!         name: "https",
//!         flag: "https",
//!         what: "HTTPS",
//!         help: "Serve the API over HTTPS here.",
//!         tls: true,
//!         protocol: "https",
//!         default_addr: Some("127.0.0.1:0"),
//!     }],
//!     options: &[SimOption::value("hostname", "NAME", "Host name it reports.")],
//!     readonly_user: false,
//!     start,
//!     demo: &[DemoRouter {
//!         name: "lab-1",
//!         listener: "https",
//!         seed: 7,
//!         options: &[("hostname", "lab-1")],
//!         groups: &["lab"],
//!         labels: &[],
//!         example_call: None,
//!     }],
//! };
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let setup = SIM.demo_setup(&SIM.demo[0], "admin", Secret::new("pw")).unwrap();
//! let running = (SIM.start)(setup).await.unwrap();
//! assert_eq!(running.device_name, "lab-1");
//! let line = running.listeners[0].announcement();
//! assert!(line.starts_with("https 127.0.0.1:") && line.contains(" sha256="));
//! # });
//! ```

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};

use routerctl_core::{BoxFuture, DriverDescriptor, Secret};

use super::running::RunningSim;
use super::setup::{SimSetup, StartError};
use super::spec::{DemoRouter, ListenerSpec, SimOption};

/// Starts a simulator: binds its listeners and returns once all are
/// serving.
pub type StartFn = fn(SimSetup) -> BoxFuture<'static, Result<RunningSim, StartError>>;

/// A simulator a vendor crate exports (behind its `sim` feature).
#[derive(Clone, Copy)]
pub struct SimDescriptor {
    /// The subcommand: `routerctl sim NAME`.
    pub name: &'static str,
    /// Help text of the subcommand; the first line is the summary.
    pub about: &'static str,
    /// The driver vendor it serves by default (its listeners' protocols
    /// are that driver's).
    pub vendor: &'static str,
    /// One simulated device in prose, plural by adding `s`
    /// (`MikroTik router`); the demo's narration counts with it.
    pub device: &'static str,
    /// Listeners, in the order they are opened and announced.
    pub listeners: &'static [ListenerSpec],
    /// Its own flags.
    pub options: &'static [SimOption],
    /// Whether it can add a read-only user (`--readonly-user NAME` with
    /// `--readonly-password-env VAR` or `--readonly-password-file FILE`).
    pub readonly_user: bool,
    /// Binds the listeners of a [`SimSetup`].
    pub start: StartFn,
    /// The routers `routerctl demo` starts from it.
    pub demo: &'static [DemoRouter],
}

impl std::fmt::Debug for SimDescriptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimDescriptor")
            .field("name", &self.name)
            .field("vendor", &self.vendor)
            .field("listeners", &self.listeners)
            .field("options", &self.options)
            .field("demo", &self.demo)
            .finish_non_exhaustive()
    }
}

impl SimDescriptor {
    /// The listener called `name`.
    pub fn listener(&self, name: &str) -> Option<&'static ListenerSpec> {
        self.listeners.iter().find(|l| l.name == name)
    }

    /// Every option's default value.
    pub fn default_options(&self) -> BTreeMap<String, String> {
        self.options
            .iter()
            .filter_map(|o| Some((o.name.to_string(), o.default?.to_string())))
            .collect()
    }

    /// The setup of demo router `router`: its listener on `127.0.0.1:0`,
    /// its seed, the default options overridden by its own.
    pub fn demo_setup(
        &self,
        router: &DemoRouter,
        user: &str,
        password: Secret,
    ) -> Result<SimSetup, StartError> {
        let listener = self.listener(router.listener).ok_or_else(|| {
            StartError::Failed(format!(
                "demo router {} names listener {:?}, which sim {} does not have",
                router.name, router.listener, self.name
            ))
        })?;
        let mut options = self.default_options();
        for (name, value) in router.options {
            options.insert(name.to_string(), value.to_string());
        }
        Ok(SimSetup {
            user: user.to_string(),
            password,
            seed: router.seed,
            listeners: vec![(listener, SocketAddr::new(Ipv4Addr::LOCALHOST.into(), 0))],
            options,
            readonly: None,
        })
    }
}

/// A vendor crate's drivers and simulators: what the binary's registry
/// lists, one line per crate (`routerctl_mikrotik::FAMILY`).
#[derive(Debug, Clone, Copy)]
pub struct Family {
    /// The drivers, one per inventory `vendor`.
    pub drivers: &'static [DriverDescriptor],
    /// The simulators, one per `routerctl sim` subcommand.
    pub sims: &'static [SimDescriptor],
}
