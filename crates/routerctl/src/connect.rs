//! The real [`Connector`]: inventory entry + password -> `ConnectSpec` ->
//! the vendor's driver from the registry.

use async_trait::async_trait;
use routerctl_core::{ConnectSpec, Credentials, Error, ErrorContext, MemoryBudget, Router};
use std::sync::Arc;

use crate::inventory::RouterEntry;
use crate::registry;
use crate::runner::Connector;
use crate::secrets::Secrets;

/// Connects inventory routers through the driver registry.
pub struct DriverConnector {
    secrets: Arc<Secrets>,
    /// The run's reply budget, shared by every spec this connector builds.
    memory: MemoryBudget,
}

impl DriverConnector {
    pub fn new(secrets: Arc<Secrets>, memory: MemoryBudget) -> Self {
        Self { secrets, memory }
    }
}

/// The driver-facing description of `router` with `password` filled in.
pub fn spec(router: &RouterEntry, password: routerctl_core::Secret) -> ConnectSpec {
    let mut spec = ConnectSpec::new(
        &router.name,
        router.vendor,
        &router.host,
        Credentials {
            username: router.username.clone(),
            password,
        },
    );
    spec.protocol = Some(router.protocol.to_string());
    spec.port = router.port;
    spec.tls = router.tls.clone();
    spec.timeout = router.timeout;
    spec
}

#[async_trait]
impl Connector for DriverConnector {
    async fn connect(&self, router: &RouterEntry) -> Result<Box<dyn Router>, Error> {
        let driver = registry::find(router.vendor).ok_or_else(|| {
            ErrorContext::new(router.name.clone(), "connect").config(format!(
                "no driver for vendor {:?} in this build",
                router.vendor
            ))
        })?;
        let password = self.secrets.password(router)?;
        let mut spec = spec(router, password);
        spec.memory = self.memory.clone();
        (driver.connect)(&spec).await
    }
}
