//! The HTTP(S) client layer every HTTP vendor client is built on.
//!
//! A vendor client owns one [`HttpClient`] and speaks its protocol on top:
//! it builds requests with [`HttpClient::request`], sends them with
//! [`HttpClient::send`] (which maps every transport failure onto the shared
//! error and reads the body against a size limit), and reads the
//! [`HttpReply`]. What the vendor's replies mean stays in the vendor crate.
//!
//! ```no_run
//! # async fn demo() -> routerctl_core::Result<()> {
//! use std::time::Duration;
//! use routerctl_core::{Credentials, TlsPolicy};
//! use routerctl_kit::http::{basic_auth, HttpClient, HttpConfig, Method};
//! let config = HttpConfig::new("edge-1", "linksys", Some(TlsPolicy::Insecure), Duration::from_secs(5));
//! let client = HttpClient::new(config)?;
//! let ctx = client.ctx("core/GetDeviceInfo");
//! let auth = basic_auth(&Credentials::new("admin", "pw")).map_err(|e| ctx.config(e))?;
//! let request = client
//!     .request(Method::POST, "https://192.168.1.1/JNAP/")
//!     .header("X-JNAP-Authorization", auth)
//!     .body("{}");
//! let reply = client.send(&ctx, request).await?;
//! let value: serde_json::Value = reply.json(&ctx)?;
//! # let _ = value; Ok(()) }
//! ```

mod client;
mod connect_gate;
mod errors;
mod headers;
mod reply;

pub use client::{DEFAULT_MAX_BODY, DEFAULT_MAX_IN_FLIGHT, HttpClient, HttpConfig};
pub use errors::transport_error;
pub use headers::{basic_auth, sensitive_header};
pub use reply::HttpReply;
pub use reqwest::{Method, RequestBuilder, StatusCode, Url, header};
