//! The error for a mistake in how routerctl was invoked. A leaf module:
//! the commands, the fleet and the dispatch in `app` all raise it, and
//! `app` maps it to exit status 2.

/// A mistake in how routerctl was invoked; exits with status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}
