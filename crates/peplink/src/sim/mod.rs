//! A simulated Peplink router (firmware 8.5.2 Router API) behind `/api`.
//!
//! [`PeplinkSim`] answers one [`ApiRequest`] at a time with no I/O, so the
//! protocol is tested without sockets; [`server`] puts it on HTTP or HTTPS
//! through the shared hardened listener. See the crate README for what
//! each of the 59 endpoints does and for the failure codes chosen where
//! the reference is silent.

pub mod auth;
pub mod call;
pub mod config;
pub mod descriptor;
pub mod device;
pub mod dispatch;
pub mod endpoints;
pub mod handle;
pub mod params;
pub mod server;
pub mod state;

pub use call::{ApiReply, ApiRequest};
pub use config::{PeplinkSimConfig, Permission, SimUser};
pub use descriptor::SIM;
pub use handle::PeplinkSim;
pub use state::SimStats;
