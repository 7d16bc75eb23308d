//! `sim mikrotik ...`: a simulated RouterOS device on loopback.
//!
//! Once listening it prints one machine-readable line per listener on
//! stdout, then runs until SIGINT/SIGTERM:
//!
//! ```text
//! api 127.0.0.1:8728
//! api-ssl 127.0.0.1:8729 sha256=AB:CD:...
//! rest 127.0.0.1:8080
//! rest-tls 127.0.0.1:8443 sha256=AB:CD:...
//! ```
//!
//! Every listener serves the same simulated device: a change made over one
//! protocol is seen over the others.

use std::net::{Ipv4Addr, SocketAddr};

use anyhow::Context;
use routerctl_core::Secret;
use routerctl_mikrotik::sim::{ApiServer, Device, RestServer, SimConfig};

use super::Shutdown;
use super::sim_listeners::Announcements;
use crate::cli::{MikrotikSimArgs, SimArgs, SimPassword, SimVendor};
use crate::usage::UsageError;

/// Plain API address when no listener is given.
const DEFAULT_API: SocketAddr = SocketAddr::new(std::net::IpAddr::V4(Ipv4Addr::LOCALHOST), 8728);

pub async fn run(args: SimArgs) -> anyhow::Result<u8> {
    match args.vendor {
        SimVendor::Mikrotik(m) => mikrotik(*m).await,
        SimVendor::Ixon(args) => super::sim_ixon::ixon(*args).await,
        SimVendor::Openwrt(args) => super::sim_ixon::openwrt(*args).await,
    }
}

/// The password of the simulated user.
pub(super) fn password(p: &SimPassword) -> Result<Secret, UsageError> {
    match (&p.password_env, &p.password_file, &p.password) {
        (Some(var), _, _) => Secret::from_env(var).map_err(UsageError),
        (_, Some(file), _) => Secret::from_file(file).map_err(UsageError),
        (_, _, Some(pw)) => Ok(Secret::new(pw.clone())),
        _ => Err(UsageError(
            "give --password-env, --password-file or --password".into(),
        )),
    }
}

async fn mikrotik(m: MikrotikSimArgs) -> anyhow::Result<u8> {
    let password = password(&m.password)?;
    let mut config = SimConfig::new(&m.user, password.expose());
    config.version = m.os_version.clone();
    config.legacy_login = m.legacy_login;
    config.identity = m.identity.clone();
    config.seed = m.seed;
    let device = Device::new(config);

    let none_given =
        m.api.is_none() && m.api_tls.is_none() && m.rest.is_none() && m.rest_tls.is_none();
    let api = if none_given { Some(DEFAULT_API) } else { m.api };
    let mut stop = Shutdown::install().context("cannot listen for SIGINT/SIGTERM")?;
    let mut announced = Announcements::default();
    let mut servers = Vec::new();
    if let Some(addr) = api {
        let bind = |tls| ApiServer::bind(device.clone(), addr, tls);
        servers.push(announced.plain("api", "the API", addr, bind).await?);
    }
    if let Some(addr) = m.api_tls {
        let bind = |tls| ApiServer::bind(device.clone(), addr, tls);
        servers.push(announced.tls("api-ssl", "api-ssl", addr, bind).await?);
    }
    let mut rest_servers = Vec::new();
    if let Some(addr) = m.rest {
        let bind = |tls| RestServer::bind(device.clone(), addr, tls);
        rest_servers.push(announced.plain("rest", "REST", addr, bind).await?);
    }
    if let Some(addr) = m.rest_tls {
        let bind = |tls| RestServer::bind(device.clone(), addr, tls);
        let server = announced.tls("rest-tls", "REST over HTTPS", addr, bind);
        rest_servers.push(server.await?);
    }
    announced.print()?;
    eprintln!(
        "simulated RouterOS {} \"{}\" (user {}) is running; Ctrl-C stops it",
        m.os_version, m.identity, m.user
    );
    stop.wait().await;
    drop(servers);
    drop(rest_servers);
    Ok(0)
}
