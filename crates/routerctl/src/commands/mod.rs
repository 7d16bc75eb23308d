//! One module per subcommand.

pub mod apply;
pub mod backup;
pub mod call;
pub mod completions;
pub mod demo;
pub mod exporter;
pub mod getters;
pub mod history;
mod inventory_entry;
pub mod inventory_tools;
pub mod sim;
pub mod sim_fleet;
pub mod watch;
