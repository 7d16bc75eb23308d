//! The RouterOS REST API (`https://router/rest/...`, RouterOS 7.1+).
//!
//! REST is a JSON wrapper of the same console the binary API drives: the
//! same menus, records and trap texts, reached with HTTP verbs instead of
//! sentences (GET = print, PUT = add, PATCH = set, DELETE = remove, POST =
//! any command). Records come back as [`Attributes`](crate::record::Attributes),
//! the type the API client returns, so typed readings of values and the
//! driver's mappings work the same over both protocols.
//!
//! - [`path`]: how menus, ids and query strings are spelled in a URL.
//! - [`json`]: records <-> JSON objects; the wire types client and
//!   simulator share.
//! - [`body`]: the lenient request-body reader RouterOS uses (octal and
//!   hex numbers, booleans), for the simulator.
//! - [`error`]: status codes and error bodies mapped onto the shared error.
//! - [`client`]: the async client.
//!
//! The driver over REST (`protocol = "rest"`) is [`crate::driver::rest`].
//!
//! ```no_run
//! # async fn demo() -> routerctl_core::Result<()> {
//! use routerctl_core::{Credentials, TlsPolicy};
//! use routerctl_mikrotik::rest::{RestClient, RestConfig};
//! let config = RestConfig::https("192.0.2.1", Credentials::new("admin", "pw"), TlsPolicy::Insecure);
//! let client = RestClient::new(config)?;
//! for row in client.list("/ip/address", &[("interface", "ether1")], &["address"]).await? {
//!     println!("{:?}", row.get_str("address"));
//! }
//! # Ok(()) }
//! ```

pub mod body;
pub mod client;
pub mod error;
pub mod json;
pub mod path;

pub use client::{RestClient, RestConfig, RestTimeouts};
pub use error::ErrorBody;
pub use json::RestReply;
