//! Hardened listeners for simulators, written once for every vendor.
//!
//! A simulator is a protocol handler (an axum application, or a function
//! that serves one raw TCP connection) plus one of these listeners. The
//! listener owns everything a hostile or broken peer could abuse:
//!
//! - fair admission: a per-process connection budget shared by every
//!   listener, a per-listener cap, a per-source-address cap, and a small
//!   quota with a short deadline for connections that have not
//!   authenticated yet, whose oldest member is evicted when a cap is hit
//!   (handlers report authentication through [`AuthHandle`]); refusals
//!   are logged at most once per interval, with a count;
//! - a TLS handshake deadline, a header deadline (which also closes idle
//!   keep-alive connections), a body deadline and a body size limit;
//! - a write deadline: a peer that stops reading loses its connection
//!   instead of holding it for ever ([`WriteDeadline`]);
//! - shutdown: dropping the server (or [`TcpServer::shutdown`]) stops
//!   accepting and closes every connection; [`Shutdown`] waits for SIGINT
//!   or SIGTERM.
//!
//! It also holds what a simulator tells the binary about itself
//! ([`SimDescriptor`]: listeners, flags, demo routers, how to start) and
//! what a started one reports back ([`RunningSim`]), so `routerctl sim`
//! and `routerctl demo` need no code per vendor.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use routerctl_kit::sim::{HttpListener, Limits};
//! let app = axum::Router::new().route("/ping", axum::routing::get(|| async { "pong" }));
//! let listener = HttpListener::bind("127.0.0.1:0".parse().unwrap(), app, None, Limits::default()).await?;
//! println!("serving on {}", listener.base_url());
//! # Ok(()) }
//! ```

mod accept;
mod admission;
mod body;
mod cert;
mod conn;
mod descriptor;
mod faults;
mod http_listener;
mod limits;
pub mod resident;
mod running;
mod scope;
mod setup;
mod shutdown;
mod spec;
mod tcp;
pub mod write_deadline;

pub use accept::{Accepted, PeerAddr};
pub use admission::{AuthHandle, raise_process_budget};
pub use body::{BodyError, read_body};
pub use cert::self_signed;
pub use conn::Conn;
pub use descriptor::{Family, SimDescriptor, StartFn};
pub use faults::{Fault, FaultProxy, Refusing};
pub use http_listener::HttpListener;
pub use limits::Limits;
pub use routerctl_core::SelfSigned;
pub use running::{BoundListener, RunningSim, SimServer};
pub use scope::ConnectionScope;
pub use setup::{SimSetup, StartError};
pub use shutdown::Shutdown;
pub use spec::{DemoRouter, ListenerSpec, SimOption};
pub use tcp::TcpServer;
pub use write_deadline::WriteDeadline;
