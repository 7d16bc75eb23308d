//! `routerctl`: one command line for the management APIs of many routers.
//!
//! This file only wires modules together; every job lives in its own module
//! (see `app.rs` for the dispatch).

mod app;
mod cli;
mod color;
mod commands;
mod connect;
mod drivers;
mod duration;
mod fleet;
mod inventory;
mod logging;
mod mask;
mod output;
mod runner;
mod secrets;
mod targets;
mod trailing;

fn main() -> std::process::ExitCode {
    app::main()
}
