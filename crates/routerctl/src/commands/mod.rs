//! One module per subcommand.

pub mod call;
pub mod completions;
pub mod demo;
pub mod getters;
mod inventory_entry;
pub mod inventory_tools;
pub mod sim;
pub mod watch;
