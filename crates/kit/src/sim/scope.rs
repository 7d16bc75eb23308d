//! [`ConnectionScope`]: somewhere an HTTP application keeps a value for as
//! long as the client's keep-alive connection lasts.
//!
//! A simulated router counts the connections it serves, so it can drop an
//! idle device's state; HTTP handlers see requests, not connections. A
//! handler parks the device's "being served" guard in the scope on the
//! first request, and the connection's end drops it: the device stays
//! built across the requests of one client session instead of being
//! rebuilt for each.

use std::any::Any;
use std::sync::{Arc, Mutex};

/// Per-connection storage, carried by every request of an
/// [`HttpListener`](super::HttpListener) as an `Extension<ConnectionScope>`;
/// what it holds is dropped when the connection closes.
///
/// ```
/// use routerctl_kit::sim::ConnectionScope;
/// let scope = ConnectionScope::default();
/// assert!(!scope.is_holding());
/// scope.keep_first(|| "a guard");
/// scope.keep_first(|| "not this one");
/// assert!(scope.is_holding());
/// ```
#[derive(Clone, Default)]
pub struct ConnectionScope {
    slot: Arc<Mutex<Option<Box<dyn Any + Send>>>>,
}

impl std::fmt::Debug for ConnectionScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionScope")
            .field("holding", &self.is_holding())
            .finish()
    }
}

impl ConnectionScope {
    /// Keep what `make` gives until the connection closes, unless
    /// something is kept already (then `make` is not called).
    pub fn keep_first<T: Any + Send>(&self, make: impl FnOnce() -> T) {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(Box::new(make()));
        }
    }

    /// Whether a value is kept.
    pub fn is_holding(&self) -> bool {
        self.slot
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }
}
