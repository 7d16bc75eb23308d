//! Options of fleet runs: how many routers, for how long, how hard to try.
//! Flattened into the fleet options (`FleetArgs`, see `cli.rs`).

use std::time::Duration;

use clap::Args;

/// `--limit`, `--dry-run`, `--deadline`, `--retries`.
#[derive(Debug, Clone, Default, Args)]
pub struct RunArgs {
    /// Use only the first N selected routers (inventory order).
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,

    /// Print the routers the targets select, then stop: nothing is sent.
    #[arg(long)]
    pub dry_run: bool,

    /// Overall time limit of a fleet run, besides the per-router timeout:
    /// routers not started by then are skipped, running ones cancelled.
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub deadline: Option<Duration>,

    /// Retry reads (facts, interfaces, ..., `call` of a `/.../print`) up to
    /// N more times after a timeout or a refused or dropped connection,
    /// with backoff. Writes are never retried.
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,
}
