//! The arguments of `routerctl sim`: one simulator (`sim NAME ...`,
//! [`SimCommand`]) or a whole fleet of them (`sim fleet ...`,
//! [`FleetArgs`]).

use std::path::PathBuf;

use clap::{ArgMatches, Args, Command, FromArgMatches};

use crate::sim_args::SimCommand;

/// The `fleet` subcommand name, next to the simulators' own names.
pub const FLEET: &str = "fleet";

/// `routerctl sim ...`.
#[derive(Debug)]
pub enum SimArgs {
    /// `sim NAME ...`: one simulator.
    One(SimCommand),
    /// `sim fleet ...`: many.
    Fleet(FleetArgs),
}

/// `routerctl sim fleet`: many simulated routers of every registered
/// vendor in one process, with a ready inventory.
#[derive(Debug, Clone, clap::Args)]
pub struct FleetArgs {
    /// How many routers.
    #[arg(long, value_name = "N")]
    pub count: usize,
    /// Shares of simulators, as `NAME=SHARE,...`; names are `SIM` or
    /// `SIM-LISTENER` (`mikrotik-api`, `mikrotik-rest`, `ixon`, `openwrt`)
    /// [default: mikrotik-api=40,mikrotik-rest=20,ixon=10,openwrt=5,peplink=15,linksys=10,
    /// without the ones this build lacks].
    #[arg(long, value_name = "NAME=SHARE,...")]
    pub mix: Option<String>,
    /// Seed of everything generated: which router is which, names, data,
    /// faults.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Listen on consecutive ports from this one (the n-th router on
    /// PORT+n) instead of free ones.
    #[arg(long, value_name = "PORT")]
    pub base_port: Option<u16>,
    /// Write the inventory here; the password goes beside it (FILE with
    /// `.password` for its extension, mode 0600).
    #[arg(long, value_name = "FILE")]
    pub inventory_out: PathBuf,
    /// Faults as `KIND=SHARE,...` with SHARE a percentage (`2%`) or a
    /// count (`3`); kinds: refuse, stall, slow (`slow=5%:300ms`),
    /// drop-mid-reply (inside TLS on TLS listeners), auth-fail,
    /// vendor-error. The inventory does not say which routers are faulty;
    /// stdout does (`fault NAME KIND`).
    #[arg(long, value_name = "KIND=SHARE,...", default_value = "")]
    pub faults: String,
    /// A fault for the routers of one name, as `NAME=KIND` (kinds as in
    /// --faults, `slow:DURATION` for another delay); NAME may be a glob
    /// (`*-0042`, `lyon-*`). Repeat for more; these come first and
    /// --faults shares go to the other routers.
    #[arg(long = "fault-router", value_name = "NAME=KIND")]
    pub fault_router: Vec<String>,
    /// Device states kept built while idle, fleet-wide: routers build
    /// their state on first use, and idle ones drop it again (rebuilt from
    /// the seed when next reached) only while more than this many are
    /// built. 0 drops every idle state at once (least memory, most CPU).
    #[arg(long, value_name = "N", default_value_t = 1500)]
    pub resident_states: usize,
    /// Login name of every router.
    #[arg(long, value_name = "NAME", default_value = "admin")]
    pub user: String,
    /// Per-router timeout written in the inventory's `[defaults]`.
    #[arg(long, value_name = "DURATION", default_value = "10s")]
    pub inventory_timeout: String,
}

impl FromArgMatches for SimArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        match matches.subcommand() {
            Some((FLEET, sub)) => Ok(SimArgs::Fleet(FleetArgs::from_arg_matches(sub)?)),
            _ => Ok(SimArgs::One(SimCommand::from_arg_matches(matches)?)),
        }
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for SimArgs {
    fn augment_args(cmd: Command) -> Command {
        let fleet = FleetArgs::augment_args(Command::new(FLEET))
            .about("Many simulated routers of every vendor in one process, with a ready inventory.")
            .long_about(
                "Many simulated routers of every vendor in one process, with a ready inventory.\n\n\
             Each router listens on its own loopback port with its own state (built on its \
             first connection). Once all listen it prints `fault NAME KIND` per faulty router \
             and then `listening N routers` on stdout, and runs until SIGINT/SIGTERM.\n\n\
             Faults by share and by name: `--faults refuse=2%,slow=5%:300ms` spreads them over \
             the fleet; `--fault-router 'lyon-edge-0007=stall' --fault-router '*-0042=slow:1s'` \
             gives them to the routers of that name or glob first.",
            );
        SimCommand::augment_args(cmd).subcommand(fleet)
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `args` as the binary would see them (`routerctl sim ...`), parsed
    /// by `sim`'s own definition.
    fn parse(args: &[&str]) -> Result<SimArgs, clap::Error> {
        let command = SimArgs::augment_args(clap::Command::new("sim"));
        let matches = command.try_get_matches_from(args.iter().skip(1))?;
        SimArgs::from_arg_matches(&matches)
    }

    #[test]
    fn fleet_sits_beside_the_simulators() {
        let Ok(SimArgs::Fleet(fleet)) = parse(&[
            "routerctl",
            "sim",
            "fleet",
            "--count",
            "5",
            "--base-port",
            "20000",
            "--inventory-out",
            "f.toml",
        ]) else {
            panic!("sim fleet not parsed as a fleet")
        };
        assert_eq!(fleet.count, 5);
        assert_eq!(fleet.base_port, Some(20000));
        assert_eq!(fleet.seed, 1);
        assert_eq!(fleet.inventory_timeout, "10s");
        let Ok(SimArgs::One(one)) = parse(&["routerctl", "sim", "mikrotik", "--password", "pw"])
        else {
            panic!("sim mikrotik not parsed as one simulator")
        };
        assert_eq!(one.sim.name, "mikrotik");
        assert!(parse(&["routerctl", "sim", "fleet", "--count", "5"]).is_err());
    }
}
