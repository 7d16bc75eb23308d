//! `plan FILE`, `apply FILE [--confirm-within D]`, `apply --resume [ID]`,
//! `confirm [APPLY_ID]`, `rollback APPLY_ID`, `log [--show ID]`: desired
//! state (RouterOS menus, IXON configuration fields, Peplink `config.*`
//! entries, Linksys settings) with a journal, automatic rollback and
//! commit-confirm.
//!
//! Routers run through the fleet runner (bounded concurrency, progress
//! bar). Per router: read each declared menu or object and compute the
//! operations ([`crate::desired::plan`]); `apply` then takes a backup
//! snapshot into the state database, writes the whole plan into the
//! journal, and runs the operations one by one, each marked `running`
//! *before* it is sent and `done` with its inverse after. If one fails,
//! what ran on that router is undone in reverse order and both results
//! are reported. Peplink changes are staged in the device's pending
//! configuration and committed together with `cmd.config.apply`; on
//! failure the pending configuration is discarded.
//!
//! A killed apply stays `running` in the audit log: `apply --resume`
//! reads the router for the one operation whose outcome is unknown and
//! finishes the rest; `rollback` undoes what ran.
//!
//! Commit-confirm (`--confirm-within 5m`): RouterOS safe mode belongs to
//! an interactive session and is not offered over the API, so routerctl
//! keeps the window itself. After applying it probes each changed router
//! (reconnect and read facts), marks the apply `awaiting-confirm` in the
//! state database and waits; `routerctl confirm` (from another shell)
//! marks it confirmed. If the window ends first, every change of that
//! apply is undone from the journal's inverses (a router that cannot be
//! reached is retried until a second window has passed).

mod commands;
mod journal;
mod log;
mod report;
mod targets;
mod verify;

pub use commands::{apply, confirm, plan, rollback};
pub use log::log;
