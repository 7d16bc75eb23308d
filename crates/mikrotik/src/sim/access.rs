//! `/user address`: the networks a user may log in from.
//!
//! The value is a comma list of IPv4 or IPv6 addresses with an optional
//! prefix length (`192.168.88.0/24,2001:db8::/32`); empty allows every
//! address. An entry that does not parse matches nothing (the simulator
//! stores the property as text).

use std::net::IpAddr;

/// Whether a login from `from` is allowed by the address list `list`.
pub fn address_allowed(list: &[u8], from: IpAddr) -> bool {
    let Ok(text) = std::str::from_utf8(list) else {
        return false;
    };
    let entries: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    if entries.is_empty() {
        return true;
    }
    let from = from.to_canonical();
    entries.iter().any(|e| matches(e, from))
}

fn matches(entry: &str, from: IpAddr) -> bool {
    let (addr, len) = match entry.split_once('/') {
        Some((a, l)) => match l.parse::<u8>() {
            Ok(l) => (a, Some(l)),
            Err(_) => return false,
        },
        None => (entry, None),
    };
    let Ok(net) = addr.parse::<IpAddr>() else {
        return false;
    };
    match (net, from) {
        (IpAddr::V4(n), IpAddr::V4(f)) => {
            let len = len.unwrap_or(32);
            len <= 32 && prefix_eq(u128::from(u32::from(n)), u128::from(u32::from(f)), len, 32)
        }
        (IpAddr::V6(n), IpAddr::V6(f)) => {
            let len = len.unwrap_or(128);
            len <= 128 && prefix_eq(u128::from(n), u128::from(f), len, 128)
        }
        _ => false,
    }
}

/// Do the first `len` of `bits` bits of `a` and `b` agree?
fn prefix_eq(a: u128, b: u128, len: u8, bits: u32) -> bool {
    let len = u32::from(len);
    if len == 0 {
        return true;
    }
    let shift = bits - len;
    (a >> shift) == (b >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn lists() {
        assert!(address_allowed(b"", ip("203.0.113.5")));
        assert!(address_allowed(b"192.168.88.0/24", ip("192.168.88.7")));
        assert!(!address_allowed(b"192.168.88.0/24", ip("192.168.89.7")));
        assert!(address_allowed(b"10.0.0.1,127.0.0.1", ip("127.0.0.1")));
        assert!(!address_allowed(b"10.0.0.1", ip("10.0.0.2")));
        assert!(address_allowed(b"0.0.0.0/0", ip("8.8.8.8")));
        assert!(address_allowed(b"2001:db8::/32", ip("2001:db8:1::5")));
        assert!(!address_allowed(b"2001:db8::/32", ip("2001:db9::5")));
        // An IPv4 client seen on a dual-stack socket.
        assert!(address_allowed(b"127.0.0.0/8", ip("::ffff:127.0.0.1")));
        // Nonsense matches nothing; other families never match.
        assert!(!address_allowed(b"garbage", ip("127.0.0.1")));
        assert!(!address_allowed(b"127.0.0.1/99", ip("127.0.0.1")));
        assert!(!address_allowed(b"::1", ip("127.0.0.1")));
        assert!(!address_allowed(b"\xff", ip("127.0.0.1")));
    }
}
