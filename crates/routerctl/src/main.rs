//! `routerctl`: one command line for the management APIs of many routers.
//!
//! This file only wires modules together; every job lives in its own module
//! (see `app.rs` for the dispatch).

mod app;
mod cli;
mod color;
mod commands;
mod connect;
mod duration;
mod fleet;
mod inventory;
mod logging;
mod mask;
mod output;
mod registry;
mod runner;
mod secrets;
mod sim_args;
mod targets;
mod trailing;
mod usage;

fn main() -> std::process::ExitCode {
    app::main()
}
