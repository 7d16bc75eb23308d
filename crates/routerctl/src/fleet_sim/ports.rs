//! Free loopback ports for a fleet started without `--base-port`.
//!
//! Asking the kernel for port 0 ten thousand times is slow (each bind
//! searches the ephemeral range, which fills up: 10,000 listeners took
//! 10-25 s that way against 1 s on known ports), and it takes ports the
//! clients' own connections need. So the fleet picks ports itself, below
//! the usual ephemeral range, probing each before use.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};

/// Where the search starts, and where it ends (Linux's ephemeral range
/// starts at 32768).
const FIRST: u16 = 20_000;
const LAST: u16 = 32_767;

/// `count` ports that were free a moment ago, in increasing order; `0`
/// (a port of the kernel's choice) for the ones that did not fit below
/// [`LAST`].
pub fn pick(count: usize, offset: u64) -> Vec<u16> {
    let span = u64::from(LAST - FIRST);
    let mut port = FIRST + (offset % (span / 4)) as u16;
    let mut ports = Vec::with_capacity(count);
    while ports.len() < count && port <= LAST {
        if is_free(port) {
            ports.push(port);
        }
        port = match port.checked_add(1) {
            Some(p) => p,
            None => break,
        };
    }
    ports.resize(count, 0);
    ports
}

fn is_free(port: u16) -> bool {
    TcpListener::bind(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_distinct_free_ports_and_skips_taken_ones() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let ports = pick(50, 0);
        assert_eq!(ports.len(), 50);
        let mut unique = ports.clone();
        unique.dedup();
        assert_eq!(unique.len(), 50);
        let held = taken.local_addr().unwrap_or_else(|e| panic!("{e}")).port();
        assert!(!ports.contains(&held) || held == 0);
        assert!(ports.iter().all(|p| (FIRST..=LAST).contains(p)));
    }
}
