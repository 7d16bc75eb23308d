//! A simulated IXON IXrouter (or stock OpenWrt router) behind uhttpd's
//! `/ubus` endpoint.
//!
//! [`IxonSim`] holds the device state, the users and the rpcd session
//! table; [`IxonSim::handle_body`] answers one HTTP request body exactly as
//! uhttpd + rpcd would, with no I/O, so the protocol can be tested without
//! sockets. [`HttpServer`] puts it on HTTP or HTTPS.
//!
//! ```
//! use routerctl_ixon::sim::{Flavor, IxonSim, IxonSimConfig};
//! let sim = IxonSim::new(IxonSimConfig::new(Flavor::Ixon, "admin", "secret"));
//! let reply = sim.handle_body(br#"{"jsonrpc":"2.0","id":7,"method":"call",
//!     "params":["00000000000000000000000000000000","ixon.ui.overview","get",{}]}"#);
//! let reply: serde_json::Value = serde_json::from_slice(&reply).unwrap();
//! assert_eq!(reply["result"][0], 0);
//! assert_eq!(reply["result"][1]["device"]["model"], "IXrouter3 4G-EU");
//! ```

pub mod acl;
mod config;
pub mod descriptor;
pub mod device;
mod flavor;
pub mod objects;
mod rpc;
#[cfg(test)]
mod rpc_tests;
pub mod server;
pub mod sessions;
mod simulator;
mod state;

pub use acl::Access;
pub use config::{IxonSimConfig, SimFault, SimUser};
pub use flavor::Flavor;
pub use server::HttpServer;
pub use simulator::IxonSim;
pub use state::SimState;
