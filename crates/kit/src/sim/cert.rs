//! The certificate of a TLS listener. A leaf module: the listeners and
//! `RunningSim` use it, and `sim` re-exports it.

use routerctl_core::SelfSigned;

/// A fresh self-signed certificate for `localhost`, `127.0.0.1` and `::1`,
/// for a TLS listener.
pub fn self_signed() -> std::io::Result<SelfSigned> {
    SelfSigned::generate(&[]).map_err(std::io::Error::other)
}
