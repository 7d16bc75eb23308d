//! A simulated Linksys Smart Wi-Fi router (or Velop node) answering JNAP at
//! `POST /JNAP/`.
//!
//! - [`engine::LinksysSim`] holds the router and answers one request
//!   without I/O; [`server`] puts it on HTTP or HTTPS.
//! - [`config`]: firmware generation, password, open actions, lock-out.
//! - [`state`]: what the router holds; [`actions`]: one handler per
//!   action; [`registry`]: which action needs which service version.
//!
//! ```
//! use routerctl_linksys::sim::{Generation, LinksysSim, SimConfig};
//! let sim = LinksysSim::new(SimConfig::new(Generation::Classic, "secret"));
//! assert!(sim.answered_actions().contains(&"router/GetWANStatus2"));
//! assert!(!sim.answered_actions().contains(&"router/GetWANStatus3"));
//! ```

pub mod actions;
pub mod clock;
pub mod config;
pub mod context;
pub mod descriptor;
pub mod device;
pub mod engine;
pub mod input;
pub mod registry;
pub mod seed;
pub mod server;
pub mod state;

pub use config::{DEFAULT_OPEN_ACTIONS, Generation, LockoutPolicy, SimConfig};
pub use descriptor::{LINKSYS_DEMO, LINKSYS_SIM};
pub use engine::LinksysSim;
pub use server::JnapServer;
