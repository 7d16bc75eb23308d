//! Reading the replies of [`Device::execute`](super::Device::execute):
//! the rows, the traps and the `=ret=` of a command's answer; and, for the
//! simulator's own commands, building them (`!trap`, `!done`).
//!
//! In-process users of the simulator (tests of this crate and of crates
//! that drive a simulated device) all need these, so they live here once.
//!
//! ```
//! use routerctl_mikrotik::record::Attributes;
//! use routerctl_mikrotik::sim::{Device, SimConfig, replies};
//! let dev = Device::new(SimConfig::new("admin", "pw"));
//! let s = dev.authenticate(b"admin", b"pw").unwrap();
//! let r = dev.execute(&s, b"/interface/print", &Attributes::new(), &[]);
//! assert!(!replies::rows(&r).is_empty());
//! let r = dev.execute(&s, b"/interface/print", &Attributes::new(), &[]);
//! assert!(replies::traps(&r).is_empty());
//! let r = dev.execute(&s, b"/nope/print", &Attributes::new(), &[]);
//! assert_eq!(replies::trap_messages(&r)[1], "no such command prefix");
//! ```

use bytes::Bytes;

use crate::api::proto::{Reply, Trap};
use crate::record::Attributes;

/// The `!re` rows, in order.
pub fn rows(replies: &[Reply]) -> Vec<&Attributes> {
    replies
        .iter()
        .filter_map(|r| match r {
            Reply::Re(a) => Some(a),
            _ => None,
        })
        .collect()
}

/// Every `!trap` as (category, message); the message is decoded lossily.
pub fn traps(replies: &[Reply]) -> Vec<(Option<u8>, String)> {
    replies
        .iter()
        .filter_map(|r| match r {
            Reply::Trap(t) => Some((t.category, t.message_lossy().into_owned())),
            _ => None,
        })
        .collect()
}

/// The messages of every `!trap`, without categories.
pub fn trap_messages(replies: &[Reply]) -> Vec<String> {
    traps(replies).into_iter().map(|(_, m)| m).collect()
}

/// The `=ret=` of the final `!done` (a new `.id`, a count, a challenge).
pub fn ret(replies: &[Reply]) -> Option<Bytes> {
    match replies.last() {
        Some(Reply::Done { ret, .. }) => ret.clone(),
        _ => None,
    }
}

/// `!trap` then `!done`.
pub(super) fn trap(message: impl Into<String>, category: Option<u8>) -> Vec<Reply> {
    vec![trap_reply(message, category), done()]
}

pub(super) fn trap_reply(message: impl Into<String>, category: Option<u8>) -> Reply {
    Reply::Trap(Trap {
        category,
        message: Bytes::from(message.into()),
        attributes: Attributes::new(),
    })
}

pub(super) fn done() -> Reply {
    Reply::Done {
        ret: None,
        attributes: Attributes::new(),
    }
}

pub(super) fn done_ret(ret: impl Into<Bytes>) -> Reply {
    Reply::Done {
        ret: Some(ret.into()),
        attributes: Attributes::new(),
    }
}
