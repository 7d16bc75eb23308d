//! What a command gives back: all its replies at once, or a stream.

use super::replies::trap;
use super::stream::SimStream;
use super::value::Refused;
use crate::api::proto::Reply;

/// What a command gives back.
#[derive(Debug)]
pub enum Outcome {
    /// All replies, ending with `!done`.
    Done(Vec<Reply>),
    /// A command that goes on producing rows.
    Stream(SimStream),
}

/// A refusal as the command's answer: its trap, then `!done`.
pub(super) fn refused(r: Refused) -> Outcome {
    Outcome::Done(trap(r.message, r.category))
}
