//! `sim fleet`: N simulated routers of the registry's simulators in this
//! process, each on its own loopback port with its own state, a ready
//! inventory for them, and faults where asked.
//!
//! Every router is started through its simulator descriptor's `start`,
//! like `sim NAME`, so a vendor crate's simulator joins the fleet by being
//! registered. Simulators build their device state on first use, so an
//! idle fleet of 10,000 costs little more than its sockets. Faults that
//! live on the network (refuse, stall, slow, drop-mid-reply) are put in
//! front of the simulator by the kit ([`Refusing`], [`FaultProxy`]; a TLS
//! listener's drop happens inside TLS, after the handshake);
//! auth-fail gives the simulator another password than the inventory's;
//! vendor-error sets the simulator's `vendor-error` switch.
//!
//! Once every router listens it prints, on stdout, `fault NAME KIND` per
//! faulty router and then `listening N routers`, and runs until
//! SIGINT/SIGTERM.

use std::fmt::Write as _;
use std::hash::{BuildHasher, RandomState};
use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, anyhow};
use futures_util::StreamExt;
use routerctl_core::Secret;
use routerctl_kit::sim::{
    BoundListener, Fault, FaultProxy, Refusing, Shutdown, SimSetup, StartError,
};

use super::inventory_entry;
use crate::fleet_sim::args::FleetArgs;
use crate::fleet_sim::faults::{self, FaultKind};
use crate::fleet_sim::mix::{self, DEFAULT_MIX};
use crate::fleet_sim::plan::{self, RouterPlan};
use crate::fleet_sim::{nofile, ports};
use crate::registry;
use crate::usage::UsageError;

/// Routers started at once while the fleet comes up.
const STARTING_AT_ONCE: usize = 64;
/// Descriptors beyond one per router: proxies' second sockets, clients'
/// connections, the runtime's own.
const SPARE_FILES: u64 = 512;

/// What keeps one router serving (its simulator, proxy or reserved
/// port); dropping it stops the router.
type Serving = Box<dyn std::any::Any + Send>;

pub async fn run(args: FleetArgs) -> anyhow::Result<u8> {
    let kinds = mix::kinds(registry::sims());
    let mix = match &args.mix {
        Some(text) => mix::parse(text, &kinds, false),
        None => mix::parse(DEFAULT_MIX, &kinds, true),
    }
    .map_err(UsageError)?;
    let faults = faults::parse(&args.faults).map_err(UsageError)?;
    let named: Vec<faults::Named> = args
        .fault_router
        .iter()
        .map(|text| faults::parse_named(text))
        .collect::<Result<_, _>>()
        .map_err(UsageError)?;
    if args.count == 0 {
        return Err(UsageError("--count must be at least 1".into()).into());
    }
    if let Some(base) = args.base_port {
        let last = usize::from(base) + args.count - 1;
        if base == 0 || last > usize::from(u16::MAX) {
            return Err(UsageError(format!(
                "--base-port {base} with --count {}: ports run past 65535",
                args.count
            ))
            .into());
        }
    }
    crate::duration::parse(&args.inventory_timeout).map_err(|e| {
        UsageError(format!(
            "--inventory-timeout {:?}: {e}",
            args.inventory_timeout
        ))
    })?;
    let plans = plan::plan(args.count, &mix, &faults, &named, args.seed).map_err(UsageError)?;
    routerctl_kit::sim::resident::set_budget(args.resident_states);
    let proxied = plans
        .iter()
        .filter(|r| {
            matches!(
                r.fault,
                Some(FaultKind::Stall | FaultKind::Slow(_) | FaultKind::DropMidReply)
            )
        })
        .count() as u64;
    let listeners = args.count as u64 + proxied;
    let open_files = nofile::ensure(listeners + SPARE_FILES).map_err(|e| anyhow!(e))?;
    // Every descriptor the listeners and spares leave may be a connection:
    // clients that keep sessions (`routerctl exporter`) hold one per router.
    let room = open_files.saturating_sub(listeners + SPARE_FILES);
    routerctl_kit::sim::raise_process_budget(usize::try_from(room).unwrap_or(usize::MAX));
    let password = format!(
        "fleet-{:016x}",
        RandomState::new().hash_one((std::process::id(), Instant::now()))
    );
    let password_path = password_path(&args.inventory_out);
    write_private(&password_path, &password)?;

    // Before any line is printed, so a signal sent right after reading
    // the announcement stops the fleet cleanly.
    let mut stop = Shutdown::install().context("cannot listen for SIGINT/SIGTERM")?;
    let started = Instant::now();
    let user = args.user.clone();
    let ports: Vec<u16> = match args.base_port {
        Some(base) => (0..plans.len()).map(|i| base + i as u16).collect(),
        None => ports::pick(plans.len(), args.seed),
    };
    let retry_elsewhere = args.base_port.is_none();
    let results: Vec<anyhow::Result<(Serving, String)>> =
        futures_util::stream::iter(plans.iter().zip(ports))
            .map(|(router, port)| {
                let addr = SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port);
                let (user, password) = (user.clone(), password.clone());
                async move {
                    let first = start(router, addr, user.clone(), password.clone()).await;
                    match first {
                        // A picked port taken since it was probed: any
                        // free one will do.
                        Err(_) if retry_elsewhere && port != 0 => {
                            let any = SocketAddr::new(Ipv4Addr::LOCALHOST.into(), 0);
                            start(router, any, user, password).await
                        }
                        result => result,
                    }
                }
            })
            .buffered(STARTING_AT_ONCE)
            .collect()
            .await;
    let mut serving = Vec::with_capacity(results.len());
    let mut inventory = header(&args, &password_path, plans.len());
    for result in results {
        let (server, entry) = result?;
        inventory.push('\n');
        inventory.push_str(&entry);
        serving.push(server);
    }
    std::fs::write(&args.inventory_out, &inventory)
        .with_context(|| format!("cannot write {}", args.inventory_out.display()))?;
    announce(&plans, &args.inventory_out)?;
    eprintln!(
        "sim fleet: {} routers up in {:.2}s ({}); inventory {}; Ctrl-C stops them",
        plans.len(),
        started.elapsed().as_secs_f64(),
        census(&plans),
        args.inventory_out.display()
    );
    stop.wait().await;
    drop(serving);
    Ok(0)
}

/// Start one router on `addr` with its fault; return what keeps it
/// serving and its inventory entry.
async fn start(
    router: &RouterPlan,
    addr: SocketAddr,
    user: String,
    password: String,
) -> anyhow::Result<(Serving, String)> {
    let spec = router.kind.listener;
    let proxy_fault = match router.fault {
        Some(FaultKind::Stall) => Some(Fault::Stall),
        Some(FaultKind::Slow(delay)) => Some(Fault::Slow(delay)),
        Some(FaultKind::DropMidReply) => Some(Fault::DropMidReply),
        _ => None,
    };
    if router.fault == Some(FaultKind::Refuse) {
        let port = Refusing::bind(addr)
            .with_context(|| format!("{}: cannot reserve {addr}", router.name))?;
        // A pin like any other TLS router's, so the inventory gives
        // nothing away.
        let fingerprint = match spec.tls {
            true => Some(
                routerctl_kit::sim::self_signed()
                    .context("cannot make a certificate")?
                    .fingerprint,
            ),
            false => None,
        };
        let bound = BoundListener {
            name: spec.name,
            protocol: spec.protocol,
            addr: port.local_addr(),
            fingerprint,
        };
        let entry = entry(router, router.kind.sim.vendor, &bound);
        return Ok((Box::new(port), entry));
    }
    let sim_addr = match proxy_fault {
        Some(_) => SocketAddr::new(Ipv4Addr::LOCALHOST.into(), 0),
        None => addr,
    };
    let password = match router.fault {
        Some(FaultKind::AuthFail) => format!("{password}-not-this-one"),
        _ => password,
    };
    let setup = SimSetup {
        user,
        password: Secret::new(password),
        seed: router.seed,
        listeners: vec![(spec, sim_addr)],
        options: router.options.clone(),
        readonly: None,
    };
    let running = (router.kind.sim.start)(setup)
        .await
        .map_err(|e| match e {
            StartError::Usage(m) | StartError::Failed(m) => anyhow!(m),
        })
        .with_context(|| format!("cannot start {}", router.name))?;
    let mut bound = running
        .listeners
        .first()
        .cloned()
        .ok_or_else(|| anyhow!("{}: the simulator opened no listener", router.name))?;
    let entry_for = |bound: &BoundListener| entry(router, running.vendor, bound);
    match proxy_fault {
        None => {
            let entry = entry_for(&bound);
            Ok((Box::new(running), entry))
        }
        Some(fault) => {
            // A TLS listener's reply is cut inside TLS, after the
            // handshake: the proxy ends TLS itself, and its certificate is
            // the one pinned.
            let proxy = match (fault, bound.fingerprint) {
                (Fault::DropMidReply, Some(pin)) => {
                    FaultProxy::bind_tls(addr, bound.addr, pin, fault).await
                }
                _ => FaultProxy::bind(addr, bound.addr, fault).await,
            }
            .with_context(|| format!("{}: cannot listen on {addr}", router.name))?;
            bound.addr = proxy.local_addr();
            if let Some(own) = proxy.fingerprint() {
                bound.fingerprint = Some(own);
            }
            let entry = entry_for(&bound);
            Ok((Box::new((running, proxy)), entry))
        }
    }
}

/// `[routers.NAME]` with groups by site and role and labels.
fn entry(router: &RouterPlan, vendor: &str, bound: &BoundListener) -> String {
    let extra = [
        inventory_entry::groups(&[router.site, router.role]),
        inventory_entry::labels(&[
            ("site", router.site),
            ("role", router.role),
            ("sim", &router.kind.key),
        ]),
    ];
    inventory_entry::render(&router.name, vendor, bound, &extra)
}

fn header(args: &FleetArgs, password_path: &Path, count: usize) -> String {
    let file = password_path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# Written by `routerctl sim fleet --count {count} --seed {}`: every router below\n\
         # is a simulator in that process, reachable while it runs.",
        args.seed
    );
    let _ = writeln!(text, "[defaults]");
    let _ = writeln!(text, "username = {}", inventory_entry::quoted(&args.user));
    let _ = writeln!(
        text,
        "password_file = {}   # relative to this file",
        inventory_entry::quoted(&file)
    );
    let _ = writeln!(
        text,
        "timeout = {}",
        inventory_entry::quoted(&args.inventory_timeout)
    );
    text
}

/// `fleet.toml` -> `fleet.password` beside it.
fn password_path(inventory: &Path) -> PathBuf {
    inventory.with_extension("password")
}

/// Write `text` readable by the owner only (0600 on Unix).
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // An existing file keeps its mode on open: tighten it.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// `fault NAME KIND` per faulty router, then `listening N routers`, on
/// stdout at once.
fn announce(plans: &[RouterPlan], inventory: &Path) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for router in plans {
        if let Some(fault) = router.fault {
            writeln!(out, "fault {} {fault}", router.name)?;
        }
    }
    writeln!(
        out,
        "listening {} routers inventory {}",
        plans.len(),
        inventory.display()
    )?;
    out.flush()
}

/// `mikrotik-api 40, ixon 10, ...; faults: refuse 1, ...`.
fn census(plans: &[RouterPlan]) -> String {
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    let mut faults: Vec<(&str, usize)> = Vec::new();
    for router in plans {
        count(&mut kinds, &router.kind.key);
        if let Some(fault) = router.fault {
            count(&mut faults, fault.name());
        }
    }
    let list = |items: &[(&str, usize)]| {
        items
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match faults.is_empty() {
        true => list(&kinds),
        false => format!("{}; faults: {}", list(&kinds), list(&faults)),
    }
}

fn count<'a>(counts: &mut Vec<(&'a str, usize)>, key: &'a str) {
    match counts.iter_mut().find(|(k, _)| *k == key) {
        Some((_, n)) => *n += 1,
        None => counts.push((key, 1)),
    }
}
