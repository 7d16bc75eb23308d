//! The simulator's rpcd session table.
//!
//! Like rpcd: ids are 32 lowercase hex digits from a CSPRNG, expiry is idle
//! expiry (each successful ACL check restarts the timer), and `timeout: 0`
//! means the session never expires. Unlike rpcd the table is bounded, so a
//! client that logs in in a loop cannot grow it without limit.
//!
//! Time is passed in (`now`), so expiry is tested without sleeping.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::acl::Acl;

/// Sessions kept at most; the least recently used one goes first.
pub const MAX_SESSIONS: usize = 1024;

/// One logged-in session.
#[derive(Debug, Clone)]
pub struct SimSession {
    /// User the session logged in as.
    pub username: String,
    /// What the session may call, fixed at login.
    pub acl: Acl,
    /// Idle timeout; `None` never expires.
    pub timeout: Option<Duration>,
    /// When the session was last used; the idle timeout counts from here.
    pub last_used: Instant,
}

impl SimSession {
    fn expired(&self, now: Instant) -> bool {
        match self.timeout {
            Some(t) => now.saturating_duration_since(self.last_used) >= t,
            None => false,
        }
    }

    /// Seconds left before idle expiry (0 for never-expiring sessions, as
    /// rpcd reports them).
    pub fn expires_in(&self, now: Instant) -> u64 {
        match self.timeout {
            Some(t) => t
                .saturating_sub(now.saturating_duration_since(self.last_used))
                .as_secs(),
            None => 0,
        }
    }
}

/// All live sessions.
#[derive(Debug, Default)]
pub struct SessionTable {
    sessions: HashMap<String, SimSession>,
}

impl SessionTable {
    /// Create a session and return its id.
    pub fn create(&mut self, session: SimSession, now: Instant) -> String {
        self.purge(now);
        if self.sessions.len() >= MAX_SESSIONS
            && let Some(oldest) = self
                .sessions
                .iter()
                .min_by_key(|(_, s)| s.last_used)
                .map(|(id, _)| id.clone())
        {
            self.sessions.remove(&oldest);
        }
        let id = loop {
            let candidate = new_session_id();
            if !self.sessions.contains_key(&candidate) {
                break candidate;
            }
        };
        self.sessions.insert(id.clone(), session);
        id
    }

    /// The live session `id`, after dropping it if it has expired. Does not
    /// restart its timer.
    pub fn get(&mut self, id: &str, now: Instant) -> Option<&SimSession> {
        if self.sessions.get(id).is_some_and(|s| s.expired(now)) {
            self.sessions.remove(id);
        }
        self.sessions.get(id)
    }

    /// rpcd's ACL check: true when `id` is live and allows `object.method`;
    /// a successful check restarts the idle timer.
    pub fn check_and_touch(&mut self, id: &str, object: &str, method: &str, now: Instant) -> bool {
        if self.get(id, now).is_none() {
            return false;
        }
        match self.sessions.get_mut(id) {
            Some(s) if s.acl.allows(object, method) => {
                s.last_used = now;
                true
            }
            _ => false,
        }
    }

    /// Remove one session (`session destroy`).
    pub fn remove(&mut self, id: &str) -> bool {
        self.sessions.remove(id).is_some()
    }

    /// Drop every session (rpcd restart or reboot).
    pub fn clear(&mut self) {
        self.sessions.clear();
    }

    /// Drop the sessions of one user (after a password change).
    pub fn remove_user(&mut self, username: &str, except: &str) {
        self.sessions
            .retain(|id, s| s.username != username || id == except);
    }

    /// Live sessions.
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    /// True when no session is live.
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }

    fn purge(&mut self, now: Instant) {
        self.sessions.retain(|_, s| !s.expired(now));
    }
}

/// 32 lowercase hex digits from the thread CSPRNG.
fn new_session_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Flavor, acl::Access};

    fn session(timeout: u64, now: Instant) -> SimSession {
        SimSession {
            username: "admin".into(),
            acl: Acl::for_user(Flavor::Ixon, Access::Admin),
            timeout: (timeout > 0).then(|| Duration::from_secs(timeout)),
            last_used: now,
        }
    }

    #[test]
    fn idle_timer_restarts_on_each_access() {
        let t0 = Instant::now();
        let mut table = SessionTable::default();
        let id = table.create(session(300, t0), t0);
        assert_eq!(id.len(), 32);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        let s = |secs| t0 + Duration::from_secs(secs);
        assert!(table.check_and_touch(&id, "ixon.ui.configuration", "get", s(200)));
        assert!(table.check_and_touch(&id, "ixon.ui.configuration", "get", s(450)));
        assert_eq!(table.get(&id, s(450)).unwrap().expires_in(s(460)), 290);
        assert!(!table.check_and_touch(&id, "ixon.ui.configuration", "get", s(750)));
        assert!(table.is_empty());
    }

    #[test]
    fn acl_miss_does_not_touch() {
        let t0 = Instant::now();
        let mut table = SessionTable::default();
        let id = table.create(session(10, t0), t0);
        assert!(!table.check_and_touch(&id, "system", "board", t0 + Duration::from_secs(9)));
        assert!(table.get(&id, t0 + Duration::from_secs(10)).is_none());
    }

    #[test]
    fn timeout_zero_never_expires() {
        let t0 = Instant::now();
        let mut table = SessionTable::default();
        let id = table.create(session(0, t0), t0);
        let later = t0 + Duration::from_secs(10 * 365 * 86_400);
        assert!(table.check_and_touch(&id, "ixon.ui.overview", "get", later));
    }

    #[test]
    fn table_is_bounded() {
        let t0 = Instant::now();
        let mut table = SessionTable::default();
        let first = table.create(session(300, t0), t0);
        for i in 0..MAX_SESSIONS {
            let at = t0 + Duration::from_millis(i as u64 + 1);
            table.create(session(300, at), at);
        }
        assert_eq!(table.len(), MAX_SESSIONS);
        assert!(table.get(&first, t0).is_none(), "oldest was evicted");
    }
}
