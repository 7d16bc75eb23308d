//! Desired state (issue 13): a TOML file declares what must be true on
//! which routers; [`plan`] turns a router's current records into the
//! operations that make it so, each with what undoes it.
//!
//! RouterOS: entries of list menus (identified by key fields, with
//! unlisted entries in scope ignored or removed; dynamic entries are never
//! touched; rule order kept with `place-before` and `move`; fields cleared
//! with `{ unset = true }`) and settings of singleton menus. IXON and
//! Peplink: fields of configuration objects. Linksys: radio, guest
//! network and parental-control settings.

mod file;
mod ops;
mod plan;

pub use file::DesiredFile;
pub use ops::Op;
pub use plan::{linksys_get, plan, plan_json, plan_linksys, plan_peplink, records};
