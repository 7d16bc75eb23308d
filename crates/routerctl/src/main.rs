//! `routerctl`: one command line for the management APIs of many routers.
//!
//! This file only wires modules together; every job lives in its own module
//! (see `app.rs` for the dispatch).

mod app;
mod bytesize;
mod changes;
mod cli;
mod color;
mod commands;
mod connect;
mod desired;
mod duration;
mod fdlimit;
mod fleet;
mod fleet_sim;
mod inventory;
mod logging;
mod mask;
mod output;
mod registry;
mod run_args;
mod runner;
mod secrets;
mod sim_args;
mod state;
mod summary;
mod targets;
mod trailing;
mod usage;

fn main() -> std::process::ExitCode {
    app::main()
}
