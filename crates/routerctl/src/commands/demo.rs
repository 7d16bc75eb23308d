//! `demo`: the demo routers of every simulator in the registry (today
//! three MikroTik routers, an IXON IXrouter, a Peplink and a Linksys
//! router) on loopback, and
//! routerctl run against them exactly as against real ones.
//!
//! The demo writes a real inventory (into a temporary folder that is
//! removed afterwards), loads it with the normal loader and runs `facts`,
//! `wan` and `clients` (the getters every family serves) through the normal fleet path: inventory ->
//! runner -> driver registry -> vendor client -> simulator -> output.
//! Several vendors answer the same commands with the same record shapes.
//! Routers reached over TLS have their certificates pinned. Nothing here
//! names a vendor: the routers, their listeners, groups and labels come
//! from the simulator descriptors.

use std::hash::{BuildHasher, RandomState};
use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, anyhow};
use routerctl_core::Secret;
use routerctl_kit::sim::{DemoRouter, RunningSim, SimDescriptor};

use super::getters::{self, Getter};
use super::inventory_entry;
use crate::cli::OutputFormat;
use crate::fleet::{Fleet, FleetOptions};
use crate::inventory::Inventory;
use crate::registry;

/// The user every demo router has.
const USER: &str = "admin";

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

    let routers: Vec<(&'static SimDescriptor, &'static DemoRouter)> = registry::sims()
        .flat_map(|sim| sim.demo.iter().map(move |r| (sim, r)))
        .collect();
    say(&format!(
        "routerctl demo: starting {} on 127.0.0.1 ...",
        census(&routers)
    ))?;
    let dir = tempfile::Builder::new()
        .prefix("routerctl-demo-")
        .tempdir()?;
    let password = format!(
        "demo-{:016x}",
        RandomState::new().hash_one(std::process::id())
    );
    write_private(&dir.path().join("password"), &password)?;

    let mut running = Vec::new();
    let mut inventory = format!(
        "# Written by `routerctl demo`. Every router below is a simulator.\n\
         [defaults]\n\
         username = {}\n\
         password_file = \"password\"   # relative to this file\n\
         timeout = \"5s\"\n",
        inventory_entry::quoted(USER)
    );
    for &(sim, router) in &routers {
        let started = start(sim, router, &password).await?;
        inventory.push('\n');
        inventory.push_str(&entry(router, &started)?);
        running.push(started);
    }
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
        ("wan", Getter::WanLinks),
        ("clients", Getter::Clients),
    ] {
        say(&format!(
            "\n$ routerctl --inventory {} {command}",
            path.display()
        ))?;
        worst = worst.max(getters::run(&fleet, getter, &[]).await?);
    }

    say(&next_steps(&routers))?;
    drop(running);
    Ok(worst)
}

/// Start one demo router's simulator on 127.0.0.1:0.
async fn start(
    sim: &SimDescriptor,
    router: &DemoRouter,
    password: &str,
) -> anyhow::Result<RunningSim> {
    let setup = sim
        .demo_setup(router, USER, Secret::new(password))
        .map_err(|e| anyhow!("{e}"))?;
    (sim.start)(setup)
        .await
        .map_err(|e| anyhow!("{e}"))
        .with_context(|| format!("cannot start the simulator for {}", router.name))
}

/// The inventory entry of a started demo router: vendor, protocol and pin
/// from what it bound, groups and labels from its descriptor.
fn entry(router: &DemoRouter, running: &RunningSim) -> anyhow::Result<String> {
    let listener = running
        .listeners
        .iter()
        .find(|l| l.name == router.listener)
        .ok_or_else(|| {
            anyhow!(
                "{} did not open its {} listener",
                router.name,
                router.listener
            )
        })?;
    let extra = [
        inventory_entry::groups(router.groups),
        inventory_entry::labels(router.labels),
    ];
    Ok(inventory_entry::render(
        router.name,
        running.vendor,
        listener,
        &extra,
    ))
}

/// "three simulated MikroTik routers and one IXON IXrouter".
fn census(routers: &[(&SimDescriptor, &DemoRouter)]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (sim, _) in routers {
        match counts.iter_mut().find(|(device, _)| *device == sim.device) {
            Some((_, n)) => *n += 1,
            None => counts.push((sim.device, 1)),
        }
    }
    let parts: Vec<String> = counts
        .iter()
        .enumerate()
        .map(|(i, (device, n))| {
            let simulated = if i == 0 { "simulated " } else { "" };
            let plural = if *n == 1 { "" } else { "s" };
            format!("{} {simulated}{device}{plural}", number(*n))
        })
        .collect();
    match parts.split_last() {
        None => "no simulated routers".to_string(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// Small counts in words, as the narration reads.
fn number(n: usize) -> String {
    const WORDS: [&str; 10] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// What to try next: each demo simulator on its own, then fleet commands
/// against the demo's groups and labels and the demo routers' example
/// calls.
fn next_steps(routers: &[(&SimDescriptor, &DemoRouter)]) -> String {
    let mut text = String::from(
        "\nThat was routerctl against simulators; the same commands work on real routers.\n\
         Next, run one simulator on its own (port 0 picks a free port; it prints its\n\
         addresses and an inventory entry to paste):\n",
    );
    let mut sims: Vec<&str> = Vec::new();
    for (sim, _) in routers {
        let Some(first) = sim.listeners.first() else {
            continue;
        };
        if sims.contains(&sim.name) {
            continue;
        }
        sims.push(sim.name);
        let addr = first.default_addr.unwrap_or("127.0.0.1:0");
        text.push_str(&format!(
            "    routerctl sim {} --{} {addr} --password-env PW\n",
            sim.name, first.flag
        ));
    }
    text.push_str("and with an inventory like the one above try:\n");
    let demo: Vec<&DemoRouter> = routers.iter().map(|(_, r)| *r).collect();
    if let Some((group, members)) = busiest_group(&demo) {
        text.push_str(&format!("    routerctl facts @{group}\n"));
        let label = members.last().and_then(|r| r.labels.first());
        if let Some((key, value)) = label {
            text.push_str(&format!("    routerctl -o json clients {key}={value}\n"));
        }
    }
    for r in &demo {
        if let Some(call) = r.example_call {
            text.push_str(&format!("    routerctl call {} {call}\n", r.name));
        }
    }
    text.truncate(text.trim_end().len());
    text
}

/// The group with the most demo routers (the first such), and its members.
fn busiest_group<'a>(routers: &[&'a DemoRouter]) -> Option<(&'a str, Vec<&'a DemoRouter>)> {
    let mut best: Option<(&str, Vec<&DemoRouter>)> = None;
    for group in routers.iter().flat_map(|r| r.groups) {
        let members: Vec<&DemoRouter> = routers
            .iter()
            .copied()
            .filter(|r| r.groups.contains(group))
            .collect();
        if best.as_ref().is_none_or(|(_, m)| members.len() > m.len()) {
            best = Some((group, members));
        }
    }
    best
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

#[cfg(test)]
mod tests {
    use super::*;

    fn never(
        _: routerctl_kit::sim::SimSetup,
    ) -> routerctl_core::BoxFuture<'static, Result<RunningSim, routerctl_kit::sim::StartError>>
    {
        Box::pin(async { Err(routerctl_kit::sim::StartError::Failed("not started".into())) })
    }

    const fn sim(device: &'static str) -> SimDescriptor {
        SimDescriptor {
            name: device,
            about: "",
            vendor: device,
            device,
            listeners: &[],
            options: &[],
            readonly_user: false,
            start: never,
            demo: &[],
        }
    }

    const fn router(name: &'static str) -> DemoRouter {
        DemoRouter {
            name,
            listener: "api",
            seed: 1,
            options: &[],
            groups: &[],
            labels: &[],
            example_call: None,
        }
    }

    #[test]
    fn the_census_counts_devices_in_order() {
        const A: SimDescriptor = sim("MikroTik router");
        const B: SimDescriptor = sim("IXON IXrouter");
        const C: SimDescriptor = sim("Peplink router");
        let (r1, r2) = (router("r1"), router("r2"));
        let routers = [(&A, &r1), (&A, &r2), (&B, &r1), (&A, &r1), (&C, &r2)];
        assert_eq!(
            census(&routers),
            "three simulated MikroTik routers, one IXON IXrouter and one Peplink router"
        );
        assert_eq!(census(&routers[..2]), "two simulated MikroTik routers");
        assert_eq!(census(&[]), "no simulated routers");
        assert_eq!(number(12), "12");
    }

    #[test]
    fn next_steps_come_from_the_registry() {
        let routers: Vec<_> = registry::sims()
            .flat_map(|sim| sim.demo.iter().map(move |r| (sim, r)))
            .collect();
        let steps = next_steps(&routers);
        for line in [
            "routerctl sim mikrotik --api 127.0.0.1:8728 --password-env PW",
            "routerctl facts @branch",
            "routerctl -o json clients site=lyon",
            "routerctl call hq-core /ip/address/print",
        ] {
            assert!(steps.contains(line), "{line}: {steps}");
        }
    }
}
