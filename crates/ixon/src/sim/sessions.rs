//! The simulator's rpcd session table.
//!
//! Like rpcd: ids are 32 lowercase hex digits from a CSPRNG, expiry is idle
//! expiry (each successful ACL check restarts the timer), and `timeout: 0`
//! means the session never expires. Unlike rpcd the table is bounded, so a
//! client that logs in in a loop cannot grow it without limit, and the
//! bound is fair: one user holds at most [`MAX_SESSIONS_PER_USER`]
//! sessions (its own least recently used one goes first), and when the
//! whole table is full the user holding the most sessions loses its least
//! recently used one. A read-only login in a loop therefore never evicts
//! the admin's idle session.
//!
//! Time is passed in (`now`), so expiry is tested without sleeping.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::acl::Acl;

/// Sessions kept at most.
pub const MAX_SESSIONS: usize = 1024;

/// Sessions one user keeps at most; past it, that user's least recently
/// used session goes.
pub const MAX_SESSIONS_PER_USER: usize = 256;

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
    /// The user's credential version at login; the session ends when it
    /// changes (password change, disable, removal).
    pub user_version: u64,
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
        let own = self
            .sessions
            .values()
            .filter(|s| s.username == session.username)
            .count();
        let victim = if own >= MAX_SESSIONS_PER_USER {
            Some(session.username.clone())
        } else if self.sessions.len() >= MAX_SESSIONS {
            self.busiest_user()
        } else {
            None
        };
        if let Some(user) = victim
            && let Some(oldest) = self
                .sessions
                .iter()
                .filter(|(_, s)| s.username == user)
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

    /// Session `id` as stored, expired or not; nothing changes.
    pub fn peek(&self, id: &str) -> Option<&SimSession> {
        self.sessions.get(id)
    }

    /// Set the credential version of every session of `username` (the
    /// caller of a password change keeps its session).
    pub fn set_user_version(&mut self, username: &str, version: u64) {
        for s in self
            .sessions
            .values_mut()
            .filter(|s| s.username == username)
        {
            s.user_version = version;
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

    /// The user holding the most sessions.
    fn busiest_user(&self) -> Option<String> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for s in self.sessions.values() {
            *counts.entry(s.username.as_str()).or_default() += 1;
        }
        counts
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map(|(user, _)| user.to_string())
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
            user_version: 0,
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

    fn user_session(user: &str, at: Instant) -> SimSession {
        SimSession {
            username: user.into(),
            ..session(300, at)
        }
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
        assert_eq!(table.len(), MAX_SESSIONS_PER_USER);
        assert!(table.get(&first, t0).is_none(), "oldest was evicted");
        // Many users fill the whole table; it stays at the bound.
        for i in 0..2 * MAX_SESSIONS {
            let at = t0 + Duration::from_secs(10) + Duration::from_millis(i as u64);
            table.create(user_session(&format!("u{}", i % 8), at), at);
        }
        assert_eq!(table.len(), MAX_SESSIONS);
    }

    /// 1,024 logins of one (read-only) user do not evict another user's
    /// idle session: the flood evicts its own sessions first.
    #[test]
    fn one_users_login_flood_keeps_other_users_sessions() {
        let t0 = Instant::now();
        let mut table = SessionTable::default();
        let admin = table.create(user_session("admin", t0), t0);
        for i in 0..MAX_SESSIONS + 10 {
            let at = t0 + Duration::from_millis(i as u64 + 1);
            table.create(user_session("viewer", at), at);
        }
        let later = t0 + Duration::from_secs(5);
        assert!(table.check_and_touch(&admin, "ixon.ui.configuration", "get", later));
        // Even with the table full of several users, the one holding the
        // most sessions pays.
        for i in 0..MAX_SESSIONS {
            let at = later + Duration::from_millis(i as u64 + 1);
            table.create(user_session(&format!("v{}", i % 4), at), at);
        }
        assert!(table.get(&admin, later).is_some());
        assert!(table.len() <= MAX_SESSIONS);
    }
}
