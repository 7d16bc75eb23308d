//! A fast hash for maps keyed by menu paths.
//!
//! The simulator looks menus and their tables up by path several times per
//! command; with the standard SipHash that was about a tenth of the
//! instructions of a small command. The keys of these maps are the fixed
//! menu paths of the schema, never something a peer adds, so the
//! flooding that SipHash defends against cannot happen here; a peer's
//! path is only ever looked up.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a, 64 bits.
#[derive(Debug, Clone, Copy)]
pub(super) struct PathHasher(u64);

impl Default for PathHasher {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for PathHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The [`std::hash::BuildHasher`] of path-keyed maps.
pub(super) type PathHash = BuildHasherDefault<PathHasher>;

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn paths_hash_apart_and_look_up() {
        let mut m: HashMap<&str, u32, PathHash> = HashMap::default();
        m.insert("/ip/address", 1);
        m.insert("/ip/route", 2);
        m.insert("/ip", 3);
        assert_eq!(m.get("/ip/address"), Some(&1));
        assert_eq!(m.get("/ip/route"), Some(&2));
        assert_eq!(m.get("/ip"), Some(&3));
        assert_eq!(m.get("/ip/"), None);
    }
}
