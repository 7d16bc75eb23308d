#![warn(missing_docs)]
//! routerctl-core: the vendor-neutral model, the [`Router`] trait, the shared
//! [`Error`], [`Credentials`] and [`TlsPolicy`].
//!
//! Nothing here knows a vendor. Vendor crates implement [`Router`] and map
//! their replies onto the records in [`model`], spelling bands, security
//! modes, interface kinds and MAC addresses as [`vocab`] does.
//!
//! ```
//! use routerctl_core::{Credentials, ConnectSpec, TlsPolicy};
//! let mut spec = ConnectSpec::new("edge-1", "mikrotik", "192.0.2.1", Credentials::new("admin", "pw"));
//! spec.tls = TlsPolicy::Insecure;
//! assert_eq!(spec.name, "edge-1");
//! ```

pub mod credentials;
pub mod descriptor;
pub mod error;
pub mod memory;
pub mod model;
pub mod router;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod tls;
pub mod vocab;

pub use credentials::{Credentials, Secret};
pub use descriptor::{DriverDescriptor, ProtocolSpec};
pub use error::{Error, ErrorContext, Result};
pub use memory::MemoryBudget;
pub use model::{
    Client, Config, DhcpLease, Facts, Interface, Resources, Temperature, WanKind, WanLink,
    WifiNetwork,
};
pub use router::{BoxFuture, Capability, ConnectFn, ConnectSpec, RawStream, Router};
#[cfg(feature = "self-signed")]
pub use tls::SelfSigned;
pub use tls::{Fingerprint, TlsPolicy};
pub use vocab::{Band, InterfaceKind, Security};
