//! The state database: configuration backups now, the apply journal and
//! audit log later (issue 13).
//!
//! Everything goes through the small [`Store`] trait so that a PostgreSQL
//! backend can follow for a fleet shared by several operators; the default
//! backend is an embedded SQLite file ([`SqliteStore`]).

mod location;
mod model;
mod normalize;
mod sqlite;
mod store;
mod time;

pub use location::resolve as location;
pub use model::{ApplyRecord, JournalOp, NewApply, NewSnapshot, SnapshotFormat, Version};
pub use normalize::normalize;
pub use sqlite::SqliteStore;
pub use store::Store;
pub use time::format_utc;
