//! The open-file limit: a fleet of N simulated routers holds at least N
//! listening sockets, more than the usual soft limit of 1024.

/// Raise the soft open-file limit to the hard one and check that `needed`
/// descriptors fit; the error says what the limit is and how to raise it.
#[cfg(unix)]
pub fn ensure(needed: u64) -> Result<u64, String> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a valid, writable rlimit for getrlimit to fill.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(format!(
            "cannot read the open-file limit: {}",
            std::io::Error::last_os_error()
        ));
    }
    if limit.rlim_cur < limit.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: limit.rlim_max,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: `raised` is a valid rlimit; raising the soft limit up to
        // the hard one is always permitted.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit = raised;
        }
    }
    // `rlim_t` is u64 on Linux but not on every Unix.
    #[allow(clippy::useless_conversion)]
    let have = u64::try_from(limit.rlim_cur).unwrap_or(u64::MAX);
    if have < needed {
        return Err(format!(
            "the open-file limit is {have} (hard limit {}), and this fleet needs about \
             {needed}: raise it (`ulimit -n {needed}` as a user allowed to) or ask for \
             fewer routers",
            limit.rlim_max
        ));
    }
    Ok(have)
}

/// Elsewhere there is no limit to raise.
#[cfg(not(unix))]
pub fn ensure(_needed: u64) -> Result<u64, String> {
    Ok(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_need_fits_and_an_absurd_one_is_explained() {
        assert!(ensure(16).is_ok());
        let err = ensure(u64::MAX)
            .err()
            .unwrap_or_else(|| panic!("u64::MAX descriptors fit?"));
        assert!(err.contains("open-file limit"), "{err}");
    }
}
