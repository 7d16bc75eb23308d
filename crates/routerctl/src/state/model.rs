//! What the store keeps: versions of a router's configuration.

use serde::Serialize;

/// How a snapshot's content is to be read (and diffed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotFormat {
    /// A text export (RouterOS): line diffs.
    Text,
    /// Canonical JSON (sorted keys, pretty printed): structural diffs.
    Json,
}

impl SnapshotFormat {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            SnapshotFormat::Text => "text",
            SnapshotFormat::Json => "json",
        }
    }

    /// The format a stored name stands for.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "text" => Some(SnapshotFormat::Text),
            "json" => Some(SnapshotFormat::Json),
            _ => None,
        }
    }
}

/// A snapshot about to be recorded (content already normalised).
#[derive(Debug, Clone)]
pub struct NewSnapshot<'a> {
    pub router: &'a str,
    pub vendor: &'a str,
    pub format: SnapshotFormat,
    pub content: &'a str,
    /// Seconds since the Unix epoch.
    pub taken_at: i64,
}

/// What recording a snapshot did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recorded {
    /// The router's version number holding this content.
    pub version: u32,
    /// Whether a new version was made (false: same as the latest).
    pub changed: bool,
    pub sha256: String,
    pub size: u64,
}

/// One stored version of a router's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// 1, 2, ... per router.
    pub version: u32,
    pub vendor: String,
    /// Seconds since the Unix epoch.
    pub taken_at: i64,
    pub format: SnapshotFormat,
    pub sha256: String,
    pub size: u64,
}

/// An apply about to start (an audit log entry).
#[derive(Debug, Clone)]
pub struct NewApply<'a> {
    /// Seconds since the Unix epoch.
    pub started_at: i64,
    pub user: &'a str,
    pub file: &'a str,
    /// The plan, as JSON.
    pub plan: &'a str,
    /// Commit-confirm: revert unless confirmed by then (Unix seconds).
    pub deadline: Option<i64>,
}

/// An apply as the audit log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplyRecord {
    pub id: i64,
    /// Seconds since the Unix epoch.
    pub started_at: i64,
    pub user: String,
    pub file: String,
    pub status: String,
    /// The plan, as JSON text: router -> operation lines (filled in as
    /// each router's plan is known).
    pub plan: String,
    /// Per-router results, as JSON text (set when the apply ends).
    pub result: Option<String>,
}

/// One operation of an apply's journal, whatever its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalOp {
    pub id: i64,
    pub router: String,
    pub seq: u32,
    /// The operation (JSON of an `Op`).
    pub op: String,
    /// What undoes it (JSON of an `Op`), once it ran.
    pub inverse: Option<String>,
    /// `pending` (not started), `running` (sent; whether it took effect
    /// is unknown until the router is read), `done`, `failed`, `undone`,
    /// `undo-failed`.
    pub state: String,
}
