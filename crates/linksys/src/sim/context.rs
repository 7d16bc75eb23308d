//! What an action handler gets: the state, the version it was called as,
//! and the credentials the request carried.

use routerctl_core::Secret;

use super::state::DeviceState;

/// The `X-JNAP-Authorization` header as the request carried it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No header.
    Missing,
    /// A header that is not `Basic base64(user:password)`.
    Malformed,
    /// User and password from the header.
    Basic {
        /// User name (JNAP knows only `admin`).
        user: String,
        /// Password (`Debug` prints `***`).
        password: Secret,
    },
}

/// One action call in progress.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The router.
    pub state: &'a mut DeviceState,
    /// The action version called (`GetWANStatus3` -> 3).
    pub version: u32,
    /// The request's credentials.
    pub auth: &'a Auth,
}
