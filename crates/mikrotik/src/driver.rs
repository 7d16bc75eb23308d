//! `Router` for RouterOS.
//!
//! SKELETON: signature agreed with the CLI work.

use routerctl_core::{ConnectSpec, Result, Router};

/// Connect to a RouterOS device as `spec` says (`protocol`: `api` (default)
/// or `api-ssl`) and return the neutral driver.
pub async fn connect(spec: &ConnectSpec) -> Result<Box<dyn Router>> {
    let _ = spec;
    todo!("client helper")
}
