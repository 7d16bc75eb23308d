//! Diagnostics on stderr via tracing. Quiet by default (warnings only);
//! `-v` raises the level, and `RUST_LOG` overrides both when set.
//!
//! Log lines are for whoever reads stderr: on a terminal they carry
//! colour (unless `NO_COLOR` / `--color never`) and timestamps; piped into
//! a file or another program they are plain text without timestamps (the
//! collector adds its own), so no escape codes end up in log files.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Install the global subscriber. Safe to call once per process. `color`:
/// whether stderr gets colour (see [`crate::color::stderr`]).
pub fn init(verbose: u8, color: bool) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => EnvFilter::try_new(spec).unwrap_or_else(|e| {
            eprintln!("warning: ignoring RUST_LOG: {e}");
            EnvFilter::new(level)
        }),
        _ => EnvFilter::new(level),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(verbose >= 2);
    let _ = if std::io::stderr().is_terminal() {
        builder.try_init()
    } else {
        builder.without_time().try_init()
    };
}
