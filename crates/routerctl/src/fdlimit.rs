//! The open-file limit: each router in flight holds a socket, and the
//! usual soft limit (1024) is far below what a fleet of thousands needs,
//! while the hard limit usually allows much more.

/// Raise the soft `RLIMIT_NOFILE` to the hard limit where the system
/// allows, and return the limit now in force (`None`: unknown, e.g. on a
/// platform without rlimits).
pub fn raise() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::debug!("cannot raise the open-file limit: {e}");
            rlimit::getrlimit(rlimit::Resource::NOFILE)
                .ok()
                .map(|(soft, _)| soft)
        }
    }
}
