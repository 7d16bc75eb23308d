//! Who is logged in and what their group allows.
//!
//! A [`Session`] is what a front end gets from a successful login and
//! passes to every command. Policies are read from `/user/group` at login,
//! as RouterOS does (a group change applies to new logins).

use md5::{Digest, Md5};

/// A logged-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The `/user` name the session logged in as.
    pub user: String,
    /// The user's `/user/group` at login time.
    pub group: String,
    /// Granted policies (`read`, `write`, `policy`, `sensitive`, ...).
    pub policies: Vec<String>,
    /// How the user came in (`api`, `rest-api`), as `/user/active` shows it.
    pub via: String,
    /// The `/user/active` row of this session.
    pub active_id: Option<u32>,
    /// The version of the user record's credentials at login; front ends
    /// compare it with [`Device::session_current`](super::Device::session_current)
    /// on every request, so a password change, disable or removal ends
    /// the session at once.
    pub credentials: CredentialVersion,
}

/// The version of a `/user` record's credentials: a digest of its `.id`,
/// name, password and `disabled` flag. Any change to one of them (or
/// removing the user and adding it again) gives another version; other
/// edits (a comment, `last-logged-in`) do not, and neither does a group
/// change, which RouterOS applies to new logins only. Its `Debug` hides
/// the value, since it is derived from the password.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CredentialVersion(pub(super) u64);

impl std::fmt::Debug for CredentialVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CredentialVersion(***)")
    }
}

impl CredentialVersion {
    /// The version of user `id` named `name` with `password`, enabled or
    /// not.
    pub(super) fn of(id: u32, name: &[u8], password: &[u8], disabled: bool) -> Self {
        use std::hash::{Hash, Hasher};
        // SipHash with fixed keys: stable within the process, which is all
        // a version compared in memory needs.
        let mut h = std::hash::DefaultHasher::new();
        (id, name, password, disabled).hash(&mut h);
        CredentialVersion(h.finish())
    }
}

impl Session {
    /// Does the group grant `policy`?
    pub fn may(&self, policy: &str) -> bool {
        self.policies.iter().any(|p| p == policy)
    }
}

/// The granted policies of a RouterOS policy list (`!name` denies).
pub fn granted(policy_list: &[u8]) -> Vec<String> {
    policy_list
        .split(|&b| b == b',')
        .filter(|p| !p.is_empty() && !p.starts_with(b"!"))
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect()
}

/// The pre-6.43 challenge response: `00` + hex(md5(0x00 + password +
/// challenge)).
pub fn md5_response(password: &[u8], challenge: &[u8]) -> String {
    let mut h = Md5::new();
    h.update([0u8]);
    h.update(password);
    h.update(challenge);
    format!("00{}", hex::encode(h.finalize()))
}

/// Constant-time comparison of secrets.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verified vector from the reference transcript.
    #[test]
    fn md5_vector() {
        let challenge = hex::decode("93b438ec9b80057c06dd9fe67d56aa9a").unwrap();
        assert_eq!(
            md5_response(b"", &challenge),
            "00e134102a9d330dd7b1849fedfea3cb57"
        );
    }

    #[test]
    fn policy_lists() {
        assert_eq!(granted(b"read,!write,api"), vec!["read", "api"]);
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"ab"));
    }
}
