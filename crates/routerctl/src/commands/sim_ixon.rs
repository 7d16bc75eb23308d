//! `sim ixon ...` and `sim openwrt ...`: a simulated IXON IXrouter or stock
//! OpenWrt router (ubus JSON-RPC at `/ubus`) on loopback.
//!
//! Once listening it prints one machine-readable line per listener on
//! stdout, in the same style as `sim mikrotik`, then runs until
//! SIGINT/SIGTERM:
//!
//! ```text
//! http 127.0.0.1:8080
//! https 127.0.0.1:8443 sha256=AB:CD:...
//! ```

use anyhow::Context;
use routerctl_core::Secret;
use routerctl_ixon::sim::{Access, Flavor, HttpServer, IxonSim, IxonSimConfig};

use super::Shutdown;
use super::sim::password;
use super::sim_listeners::Announcements;
use crate::cli::{IxonSimArgs, UbusFlavor, UbusSimArgs};
use crate::usage::UsageError;

/// `sim ixon`: the flavor comes from `--flavor` (IXON by default).
pub async fn ixon(args: IxonSimArgs) -> anyhow::Result<u8> {
    let flavor = match args.flavor {
        UbusFlavor::Ixon => Flavor::Ixon,
        UbusFlavor::Openwrt => Flavor::OpenWrt,
    };
    run(flavor, args.ubus).await
}

/// `sim openwrt`: `sim ixon --flavor openwrt` under its own name.
pub async fn openwrt(args: UbusSimArgs) -> anyhow::Result<u8> {
    run(Flavor::OpenWrt, args).await
}

/// The simulator's settings from the command line (reads the passwords).
fn config(flavor: Flavor, args: &UbusSimArgs) -> Result<IxonSimConfig, UsageError> {
    let admin = password(&args.password)?;
    let mut config = IxonSimConfig::new(flavor, &args.user, admin.expose());
    if let Some(name) = &args.readonly_user {
        let secret = match (&args.readonly_password_env, &args.readonly_password_file) {
            (Some(var), _) => Secret::from_env(var).map_err(UsageError)?,
            (_, Some(file)) => Secret::from_file(file).map_err(UsageError)?,
            _ => {
                return Err(UsageError(
                    "--readonly-user needs --readonly-password-env or --readonly-password-file"
                        .into(),
                ));
            }
        };
        if name == &args.user {
            return Err(UsageError(format!(
                "--readonly-user {name:?} is already the administrator (--user)"
            )));
        }
        config = config.with_user(name, secret.expose(), Access::ReadOnly);
    }
    if let Some(hostname) = &args.hostname {
        config.hostname = hostname.clone();
    }
    config.seed = args.seed;
    Ok(config)
}

/// What the simulated device is called in the "running" message.
fn describe(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::Ixon => "IXON IXrouter3 (firmware 3.19)",
        Flavor::OpenWrt => "OpenWrt 24.10 router",
    }
}

async fn run(flavor: Flavor, args: UbusSimArgs) -> anyhow::Result<u8> {
    let config = config(flavor, &args)?;
    let hostname = config.hostname.clone();
    let sim = IxonSim::new(config);

    // Before any line is printed, so a signal sent right after reading
    // the addresses stops the simulator cleanly.
    let mut stop = Shutdown::install().context("cannot listen for SIGINT/SIGTERM")?;
    let mut announced = Announcements::default();
    let mut servers = Vec::new();
    if let Some(addr) = args.http {
        let bind = |tls| HttpServer::bind(sim.clone(), addr, tls);
        servers.push(announced.plain("http", "HTTP", addr, bind).await?);
    }
    if let Some(addr) = args.https {
        let bind = |tls| HttpServer::bind(sim.clone(), addr, tls);
        servers.push(announced.tls("https", "HTTPS", addr, bind).await?);
    }
    announced.print()?;
    let readonly = match &args.readonly_user {
        Some(name) => format!(", read-only user {name}"),
        None => String::new(),
    };
    eprintln!(
        "simulated {} \"{hostname}\" (user {}{readonly}) is running; Ctrl-C stops it",
        describe(flavor),
        args.user
    );
    stop.wait().await;
    drop(servers);
    Ok(0)
}
