//! Why a command failed, as the connection task and the stream queue see
//! it, before the caller adds its context (router and command) and turns it
//! into the shared error.

use routerctl_core::{Error, ErrorContext};

use super::proto::TrapList;
use crate::VENDOR;

/// Why a command did not succeed, before the caller adds its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The router answered `!trap` (one or more) before `!done`.
    Traps(TrapList),
    /// `!fatal`, end of stream or a broken socket.
    Disconnected(String),
    /// The router sent something that does not follow the protocol, or the
    /// client gave up on the command for a local reason.
    Protocol(String),
}

impl Failure {
    pub(crate) fn into_error(self, ctx: &ErrorContext) -> Error {
        match self {
            Failure::Traps(traps) => {
                let code = traps.category().map(|c| c.to_string());
                ctx.vendor(VENDOR, code, traps.message())
            }
            Failure::Disconnected(reason) => ctx.disconnected(reason),
            Failure::Protocol(message) => ctx.protocol(message),
        }
    }
}
