//! A simulated Peplink router on the command line, for third-party
//! clients (the conformance run) until the binary's generic
//! `routerctl sim peplink` serves it:
//!
//! ```text
//! PEP_PASSWORD=secret cargo run -p routerctl-peplink --features sim --example peplink_sim -- \
//!     --http 127.0.0.1:0 --https 127.0.0.1:0 --user admin --password-env PEP_PASSWORD
//! ```
//!
//! Prints one line per listener once it serves (`http ADDR`,
//! `https ADDR sha256=FINGERPRINT`) and runs until SIGINT or SIGTERM.

use std::net::SocketAddr;

use routerctl_core::Secret;
use routerctl_kit::sim::{Limits, Shutdown, self_signed};
use routerctl_peplink::sim::{PeplinkSim, PeplinkSimConfig, server};

fn usage(message: &str) -> ! {
    eprintln!(
        "peplink_sim: {message}\nusage: peplink_sim [--http ADDR] [--https ADDR] [--user NAME] --password-env VAR"
    );
    std::process::exit(2);
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut http: Option<SocketAddr> = None;
    let mut https: Option<SocketAddr> = None;
    let mut user = "admin".to_string();
    let mut password: Option<Secret> = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--http" => {
                http = Some(
                    value()
                        .parse()
                        .unwrap_or_else(|_| usage("bad --http address")),
                )
            }
            "--https" => {
                https = Some(
                    value()
                        .parse()
                        .unwrap_or_else(|_| usage("bad --https address")),
                )
            }
            "--user" => user = value(),
            "--password-env" => {
                password = Some(Secret::from_env(&value()).unwrap_or_else(|e| usage(&e)));
            }
            other => usage(&format!("unknown flag {other}")),
        }
    }
    let password = password.unwrap_or_else(|| usage("--password-env is required"));
    if http.is_none() && https.is_none() {
        usage("give --http and/or --https");
    }
    let sim = PeplinkSim::new(PeplinkSimConfig::new(&user, password.expose()));
    let mut shutdown = Shutdown::install()?;
    let mut listeners = Vec::new();
    if let Some(addr) = http {
        let l = server::serve(sim.clone(), addr, None, Limits::default()).await?;
        println!("http {}", l.local_addr());
        listeners.push(l);
    }
    if let Some(addr) = https {
        let l = server::serve(sim.clone(), addr, Some(self_signed()?), Limits::default()).await?;
        let fp = l.fingerprint().map(|f| f.to_string()).unwrap_or_default();
        println!("https {} sha256={fp}", l.local_addr());
        listeners.push(l);
    }
    shutdown.wait().await;
    Ok(())
}
