//! `exporter [TARGETS]`: serve Prometheus metrics of the selected routers
//! until Ctrl-C/SIGTERM (see `routerctl_exporter`).
//!
//! The binary's part is small: select the routers as every fleet command
//! does, hand the library a [`Connect`] over the fleet's driver registry
//! (passwords included), check the listener settings, print where it
//! listens, and close the kept sessions on the way out.

use std::io::{self, Write};
use std::sync::Arc;

use routerctl_core::{BoxFuture, ErrorContext, Result as CoreResult, Router, Secret};
use routerctl_exporter::backoff::Backoff;
use routerctl_exporter::server::{self, BasicAuth, Listen};
use routerctl_exporter::{Collector, Connect, Settings, Target};
use routerctl_kit::sim::Shutdown;

use crate::cli::ExporterArgs;
use crate::fleet::{Fleet, concurrency_for};
use crate::inventory::RouterEntry;
use crate::usage::UsageError;

/// Opens sessions through the fleet (registry, secrets, timeouts).
struct FleetConnect {
    fleet: Fleet,
    routers: Vec<RouterEntry>,
}

impl Connect for FleetConnect {
    fn connect(&self, index: usize) -> BoxFuture<'_, CoreResult<Box<dyn Router>>> {
        Box::pin(async move {
            let router = self.routers.get(index).ok_or_else(|| {
                ErrorContext::new(format!("#{index}"), "connect").config("no such target")
            })?;
            self.fleet.connect(router).await
        })
    }
}

/// `routerboard_address`: the host, with the port when the inventory
/// names one.
fn address(router: &RouterEntry) -> String {
    let host = if router.host.contains(':') {
        format!("[{}]", router.host)
    } else {
        router.host.clone()
    };
    match router.port {
        Some(port) => format!("{host}:{port}"),
        None => router.host.clone(),
    }
}

/// Whether the router's protocol carries many requests at once on one
/// connection. The streaming protocols (RouterOS API and API-SSL) are the
/// ones with tagged, multiplexed commands; the HTTP ones are not.
fn pipelined(router: &RouterEntry) -> bool {
    crate::registry::find(router.vendor)
        .and_then(|d| d.protocol(router.protocol))
        .is_some_and(|p| p.streams)
}

fn basic_auth(args: &ExporterArgs) -> Result<Option<BasicAuth>, UsageError> {
    let Some(username) = args.auth_user.clone() else {
        return Ok(None);
    };
    let password = match (&args.auth_password_env, &args.auth_password_file) {
        (Some(var), _) => Secret::from_env(var),
        (None, Some(path)) => Secret::from_file(path),
        (None, None) => {
            return Err(UsageError(
                "--auth-user needs --auth-password-env VAR or --auth-password-file FILE \
                 (never the password itself on the command line)"
                    .into(),
            ));
        }
    }
    .map_err(UsageError)?;
    if password.expose().is_empty() {
        return Err(UsageError("the basic-auth password is empty".into()));
    }
    Ok(Some(BasicAuth { username, password }))
}

pub async fn run(fleet: Fleet, args: ExporterArgs) -> anyhow::Result<u8> {
    let routers = fleet.select(&args.targets)?;
    if fleet.options.run.dry_run {
        crate::fleet::write_dry_run(&routers, &mut io::stdout().lock())?;
        return Ok(0);
    }
    let listen = Listen {
        addr: args.listen,
        tls: args.tls_cert.clone().zip(args.tls_key.clone()),
        auth: basic_auth(&args)?,
        insecure: args.insecure_listen,
    };
    if let Some(warning) = server::check_listen(&listen).map_err(UsageError)? {
        eprintln!("warning: {warning}");
    }
    let open_files = crate::fdlimit::raise();
    let concurrency = concurrency_for(routers.len(), fleet.options.concurrency, open_files)?;
    let targets: Vec<Target> = routers
        .iter()
        .map(|r| Target {
            name: r.name.clone(),
            vendor: r.vendor.to_string(),
            address: address(r),
            timeout: r.timeout,
            pipelined: pipelined(r),
        })
        .collect();
    let count = targets.len();
    let connector = Arc::new(FleetConnect { fleet, routers });
    let settings = Settings {
        concurrency,
        backoff: Backoff::default(),
    };
    let collector = Arc::new(Collector::new(targets, connector, settings));
    let mut stop = Shutdown::install()?;
    let serving = server::serve(collector.clone(), &listen)
        .await
        .map_err(UsageError)?;
    {
        let mut out = io::stdout().lock();
        writeln!(
            out,
            "listening {count} routers on {}/metrics",
            serving.base_url()
        )?;
        out.flush()?;
    }
    stop.wait().await;
    tracing::info!("stopping; closing router sessions");
    drop(serving);
    collector.close().await;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_streaming_protocols_are_pipelined() {
        let mut r = crate::inventory::tests_support::entry("r1");
        assert!(pipelined(&r), "RouterOS API");
        r.protocol = "rest";
        assert!(!pipelined(&r));
        r.vendor = "nonesuch";
        assert!(!pipelined(&r));
    }

    #[test]
    fn addresses_bracket_ipv6_only_with_a_port() {
        let mut r = crate::inventory::tests_support::entry("r1");
        r.host = "192.0.2.1".into();
        assert_eq!(address(&r), "192.0.2.1");
        r.port = Some(8728);
        assert_eq!(address(&r), "192.0.2.1:8728");
        r.host = "2001:db8::1".into();
        assert_eq!(address(&r), "[2001:db8::1]:8728");
    }
}
