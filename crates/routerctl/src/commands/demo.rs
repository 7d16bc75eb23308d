//! `demo`: three simulated MikroTik routers and one simulated IXON IXrouter
//! on loopback, and routerctl run against them exactly as against real ones.
//!
//! The demo writes a real inventory (into a temporary folder that is
//! removed afterwards), loads it with the normal loader and runs `facts`,
//! `interfaces` and `clients` through the normal fleet path: inventory ->
//! runner -> driver registry -> vendor client -> simulator -> output.
//! Two vendors answer the same commands with the same record shapes. One
//! MikroTik is reached over api-ssl and the IXrouter over HTTPS, both with
//! their certificates pinned.

use std::fmt::Write as _;
use std::hash::{BuildHasher, RandomState};
use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use anyhow::{Context, anyhow};
use routerctl_ixon::sim::{Flavor, HttpServer, IxonSim, IxonSimConfig};
use routerctl_mikrotik::sim::{ApiServer, Device, SimConfig};

use super::getters::{self, Getter};
use super::sim_listeners::certificate;
use crate::cli::OutputFormat;
use crate::fleet::{Fleet, FleetOptions};
use crate::inventory::Inventory;

/// One simulated router of the demo.
struct DemoRouter {
    name: &'static str,
    version: &'static str,
    seed: u64,
    tls: bool,
    groups: &'static str,
    site: &'static str,
}

const ROUTERS: &[DemoRouter] = &[
    DemoRouter {
        name: "hq-core",
        version: "7.20.5",
        seed: 11,
        tls: true,
        groups: r#"["core", "hq"]"#,
        site: "hq",
    },
    DemoRouter {
        name: "branch-berlin",
        version: "7.20.5",
        seed: 22,
        tls: false,
        groups: r#"["branch"]"#,
        site: "berlin",
    },
    DemoRouter {
        name: "branch-lyon",
        version: "7.16.2",
        seed: 33,
        tls: false,
        groups: r#"["branch"]"#,
        site: "lyon",
    },
];

pub async fn run(options: FleetOptions) -> anyhow::Result<u8> {
    // Narration goes with the tables on stdout; with machine formats it
    // moves to stderr so stdout stays parseable.
    let narrate_to_stdout = options.format == OutputFormat::Table;
    let say = |text: &str| -> io::Result<()> {
        if narrate_to_stdout {
            let mut out = io::stdout().lock();
            writeln!(out, "{text}")?;
            out.flush()
        } else {
            writeln!(io::stderr().lock(), "{text}")
        }
    };

    say(
        "routerctl demo: starting three simulated MikroTik routers and one IXON IXrouter \
         on 127.0.0.1 ...",
    )?;
    let dir = tempfile::Builder::new()
        .prefix("routerctl-demo-")
        .tempdir()?;
    let password = format!(
        "demo-{:016x}",
        RandomState::new().hash_one(std::process::id())
    );
    write_private(&dir.path().join("password"), &password)?;

    let mut servers = Vec::new();
    let mut inventory = String::from(
        "# Written by `routerctl demo`. Every router below is a simulator.\n\
         [defaults]\n\
         vendor = \"mikrotik\"\n\
         username = \"admin\"\n\
         password_file = \"password\"   # relative to this file\n\
         timeout = \"5s\"\n",
    );
    let loopback = SocketAddr::new(Ipv4Addr::LOCALHOST.into(), 0);
    for r in ROUTERS {
        let mut config = SimConfig::new("admin", &password);
        config.identity = r.name.to_string();
        config.version = r.version.to_string();
        config.seed = r.seed;
        let device = Device::new(config);
        let tls = if r.tls { Some(certificate()?) } else { None };
        let server = ApiServer::bind(device, loopback, tls)
            .await
            .with_context(|| format!("cannot start the simulator for {}", r.name))?;
        let addr = server.local_addr();
        let _ = writeln!(inventory, "\n[routers.{}]", r.name);
        let _ = writeln!(
            inventory,
            "host = \"{}\"\nport = {}",
            addr.ip(),
            addr.port()
        );
        if r.tls {
            let fp = server
                .fingerprint()
                .ok_or_else(|| anyhow!("the api-ssl simulator reports no fingerprint"))?;
            let _ = writeln!(
                inventory,
                "protocol = \"api-ssl\"\ntls_fingerprint = \"{fp}\""
            );
        } else {
            let _ = writeln!(inventory, "protocol = \"api\"");
        }
        let _ = writeln!(
            inventory,
            "groups = {}\nlabels = {{ site = \"{}\" }}",
            r.groups, r.site
        );
        servers.push(server);
    }
    let ixon = start_ixon(&password, loopback, &mut inventory).await?;
    let path = dir.path().join("routers.toml");
    std::fs::write(&path, &inventory)
        .with_context(|| format!("cannot write {}", path.display()))?;

    say(&format!(
        "\nThe inventory it wrote ({}):\n\n{}",
        path.display(),
        indent(&inventory)
    ))?;
    let fleet = Fleet::new(Inventory::load(&path)?, options);

    let mut worst = 0;
    for (command, getter) in [
        ("facts", Getter::Facts),
        ("interfaces", Getter::Interfaces),
        ("clients", Getter::Clients),
    ] {
        say(&format!(
            "\n$ routerctl --inventory {} {command}",
            path.display()
        ))?;
        worst = worst.max(getters::run(&fleet, getter, &[]).await?);
    }

    say(
        "\nThat was routerctl against simulators; the same commands work on real routers.\n\
         Next: `routerctl sim mikrotik --api 127.0.0.1:8728 --password-env PW` or\n\
         `routerctl sim ixon --https 127.0.0.1:8443 --password-env PW` runs one\n\
         simulator on its own; write a routers.toml like the one above and try\n\
         `routerctl facts @branch`, `routerctl -o json clients site=lyon`,\n\
         `routerctl call hq-core /ip/address/print` or\n\
         `routerctl call plant-ixon ixon.ui.overview get`.",
    )?;
    drop(servers);
    drop(ixon);
    Ok(worst)
}

/// Start the demo's IXON IXrouter (`plant-ixon`) over HTTPS and add it to
/// `inventory` with its certificate pinned. The `[defaults]` name MikroTik,
/// so the entry sets its own vendor and protocol.
async fn start_ixon(
    password: &str,
    addr: SocketAddr,
    inventory: &mut String,
) -> anyhow::Result<HttpServer> {
    const NAME: &str = "plant-ixon";
    let mut config = IxonSimConfig::new(Flavor::Ixon, "admin", password);
    config.hostname = NAME.to_string();
    config.seed = 44;
    let tls = certificate()?;
    let server = HttpServer::bind(IxonSim::new(config), addr, Some(tls))
        .await
        .with_context(|| format!("cannot start the simulator for {NAME}"))?;
    let fp = server
        .fingerprint()
        .ok_or_else(|| anyhow!("the HTTPS simulator reports no fingerprint"))?;
    let addr = server.local_addr();
    let _ = writeln!(
        inventory,
        "\n[routers.{NAME}]\nvendor = \"ixon\"\nhost = \"{}\"\nport = {}\n\
         protocol = \"https\"\ntls_fingerprint = \"{fp}\"\n\
         groups = [\"plant\"]\nlabels = {{ site = \"eindhoven\" }}",
        addr.ip(),
        addr.port()
    );
    Ok(server)
}

/// Create `path` readable by the owner only, then write `text`.
fn write_private(path: &Path, text: &str) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(text.as_bytes())
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
