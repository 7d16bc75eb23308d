//! What client handles send to the connection task (module `mux`), and
//! what it answers a finished command with.

use std::sync::Arc;

use tokio::sync::oneshot;

use super::failure::Failure;
use super::queue::RowQueue;
use crate::record::{Command, CommandOutput};

/// How a `run` ends: everything the command returned, or why it failed.
pub(crate) type RunResult = Result<CommandOutput, Failure>;

/// What callers ask the connection task to do.
pub(crate) enum Request {
    /// Run a command to its `!done` and send back everything it returned.
    Run {
        tag: u64,
        command: Command,
        done: oneshot::Sender<RunResult>,
    },
    /// Start a streaming command; `written` fires once it is on the wire.
    Stream {
        tag: u64,
        command: Command,
        queue: Arc<RowQueue>,
        written: oneshot::Sender<()>,
    },
    /// Cancel `target`; `done` (if any) gets the `/cancel`'s own result.
    Cancel {
        target: u64,
        done: Option<oneshot::Sender<RunResult>>,
    },
}
