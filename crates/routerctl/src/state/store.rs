//! The storage trait every backend implements.

use super::model::{NewSnapshot, Recorded, Version};

/// Persistent state. Kept small on purpose: each method is one question a
/// command asks, so a second backend (PostgreSQL) is a short file.
pub trait Store: Send {
    /// Record `snapshot` as the router's newest version, unless its content
    /// equals the newest version already (then nothing is written). Contents
    /// are stored once per SHA-256, whichever routers share them.
    fn record(&mut self, snapshot: &NewSnapshot<'_>) -> anyhow::Result<Recorded>;

    /// The router's versions, oldest first.
    fn versions(&self, router: &str) -> anyhow::Result<Vec<Version>>;

    /// The content stored under `sha256`.
    fn content(&self, sha256: &str) -> anyhow::Result<Option<String>>;
}
