//! The storage trait every backend implements.

use super::model::{ApplyRecord, JournalOp, NewApply, NewSnapshot, Recorded, Version};

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

    /// Start an apply (the audit log entry): status `running`.
    fn begin_apply(&mut self, apply: &NewApply<'_>) -> anyhow::Result<i64>;

    /// Journal a router's whole plan before any of it runs (state
    /// `pending`, seq from 1), in one transaction; returns the ids.
    fn journal_ops(&mut self, apply: i64, router: &str, ops: &[String])
    -> anyhow::Result<Vec<i64>>;

    /// Every journaled operation of `apply`, by router and seq.
    fn ops(&self, apply: i64) -> anyhow::Result<Vec<JournalOp>>;

    /// Replace an apply's plan (JSON text).
    fn set_apply_plan(&mut self, apply: i64, plan: &str) -> anyhow::Result<()>;

    /// One apply of the audit log.
    fn apply_record(&self, apply: i64) -> anyhow::Result<Option<ApplyRecord>>;

    /// The latest apply still marked `running` (its process ended
    /// without finishing it: killed or crashed).
    fn latest_interrupted(&self) -> anyhow::Result<Option<i64>>;

    /// Record how an operation went (`done` with its inverse, `failed`,
    /// `undone`, `undo-failed`).
    fn set_op_state(&mut self, op: i64, state: &str, inverse: Option<&str>) -> anyhow::Result<()>;

    /// Update an apply's status (`awaiting-confirm`, `applied`,
    /// `rolled-back`, `reverted`, `failed`) and result text.
    fn set_apply_status(
        &mut self,
        apply: i64,
        status: &str,
        result: Option<&str>,
    ) -> anyhow::Result<()>;

    /// An apply's status.
    fn apply_status(&self, apply: i64) -> anyhow::Result<Option<String>>;

    /// Confirm an apply awaiting confirmation (`None`: the latest one);
    /// returns the apply confirmed, if any.
    fn confirm(&mut self, apply: Option<i64>) -> anyhow::Result<Option<i64>>;

    /// The latest `limit` applies, newest first (the audit log).
    fn applies(&self, limit: u32) -> anyhow::Result<Vec<ApplyRecord>>;
}
