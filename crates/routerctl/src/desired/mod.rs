//! Desired state (issue 13): a TOML file declares what must be true on
//! which routers; [`plan`] turns a router's current records into the
//! operations that make it so, each with what undoes it.
//!
//! RouterOS and IXON so far. RouterOS: entries of list menus (identified by key fields,
//! with unlisted entries in scope ignored or removed; dynamic entries are
//! never touched) and settings of singleton menus.

mod file;
mod ops;
mod plan;

pub use file::{DesiredFile, IxonStanza, PeplinkStanza, Stanza};
pub use ops::Op;
pub use plan::{plan, plan_json, plan_peplink, records};
