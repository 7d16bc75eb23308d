//! The binary API front end of the simulator.
//!
//! SKELETON: signatures agreed with the CLI work.

use std::net::SocketAddr;

use routerctl_core::{Fingerprint, SelfSigned};

use super::Device;

/// A running API listener. Dropping it stops accepting.
#[derive(Debug)]
pub struct ApiServer {}

impl ApiServer {
    /// Listen on `addr` (port 0 picks a free one). With `tls`, serve
    /// api-ssl with that certificate.
    pub async fn bind(
        device: Device,
        addr: SocketAddr,
        tls: Option<SelfSigned>,
    ) -> std::io::Result<Self> {
        let _ = (device, addr, tls);
        todo!("sim helper")
    }
    pub fn local_addr(&self) -> SocketAddr {
        todo!("sim helper")
    }
    /// SHA-256 fingerprint of the TLS certificate, when serving TLS.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        todo!("sim helper")
    }
}
