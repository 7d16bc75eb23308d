//! Who is logged in: Web Admin sessions (`bauth` cookie, idle timeout),
//! API clients (id + secret, scope) and the access tokens granted to them
//! (fixed lifetime, revocable). Time is passed in, so this is tested
//! without a clock.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rand::Rng;

use super::config::Permission;

/// At most this many sessions, clients and tokens are kept; the oldest
/// session or token is dropped first, further clients are refused.
pub const MAX_ENTRIES: usize = 256;

/// Longest token lifetime the clock is asked to represent (10 years);
/// longer ones are cut to it.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(10 * 365 * 86_400);

/// A Web Admin login.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who logged in.
    pub user: String,
    /// Admin or read-only.
    pub permission: Permission,
    /// Last request on this session; it expires `idle` after this.
    pub last_seen: Instant,
}

/// An API client created with `auth.client add`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    /// Display name.
    pub name: String,
    /// 32 hex digits.
    pub client_id: String,
    /// 32 hex digits.
    pub client_secret: String,
    /// `api` or `api.read-only`.
    pub permission: Permission,
    /// Seconds since the epoch.
    pub create_timestamp: u64,
}

/// A granted access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// 32 hex digits, passed as `accessToken`.
    pub token: String,
    /// The client it was granted to.
    pub client_id: String,
    /// At most the client's permission.
    pub permission: Permission,
    /// Seconds since the epoch.
    pub create_timestamp: u64,
    /// When it stops working.
    pub expires: Instant,
}

/// The whole authentication state of the device.
#[derive(Debug, Default)]
pub struct AuthState {
    sessions: HashMap<String, Session>,
    /// API clients in creation order.
    pub clients: Vec<ApiClient>,
    /// Tokens in grant order.
    pub tokens: Vec<Token>,
}

/// 32 lower-case hex digits, like the device's ids, secrets and tokens.
pub fn random_hex() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Seconds since the Unix epoch, for `createTimestamp`.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

impl AuthState {
    /// Start a session; returns its id.
    pub fn open_session(&mut self, user: &str, permission: Permission, now: Instant) -> String {
        if self.sessions.len() >= MAX_ENTRIES
            && let Some(oldest) = self
                .sessions
                .iter()
                .min_by_key(|(_, s)| s.last_seen)
                .map(|(id, _)| id.clone())
        {
            self.sessions.remove(&oldest);
        }
        let id = random_hex();
        self.sessions.insert(
            id.clone(),
            Session {
                user: user.to_string(),
                permission,
                last_seen: now,
            },
        );
        id
    }

    /// The live session `id`, touched; expired ones are removed.
    pub fn session(&mut self, id: &str, idle: Duration, now: Instant) -> Option<Session> {
        let live = self
            .sessions
            .get(id)
            .is_some_and(|s| now.saturating_duration_since(s.last_seen) < idle);
        if !live {
            self.sessions.remove(id);
            return None;
        }
        let s = self.sessions.get_mut(id)?;
        s.last_seen = now;
        Some(s.clone())
    }

    /// End session `id`.
    pub fn close_session(&mut self, id: &str) {
        self.sessions.remove(id);
    }

    /// Forget every session (reboot).
    pub fn clear_sessions(&mut self) {
        self.sessions.clear();
    }

    /// Live sessions.
    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// Create an API client; `None` when the table is full.
    pub fn add_client(&mut self, name: &str, permission: Permission) -> Option<ApiClient> {
        if self.clients.len() >= MAX_ENTRIES {
            return None;
        }
        let client = ApiClient {
            name: name.to_string(),
            client_id: random_hex(),
            client_secret: random_hex(),
            permission,
            create_timestamp: unix_now(),
        };
        self.clients.push(client.clone());
        Some(client)
    }

    /// Remove a client and every token granted to it; false when unknown.
    pub fn remove_client(&mut self, client_id: &str) -> bool {
        let before = self.clients.len();
        self.clients.retain(|c| c.client_id != client_id);
        self.tokens.retain(|t| t.client_id != client_id);
        self.clients.len() != before
    }

    /// Grant a token when id and secret match; the scope may narrow the
    /// client's permission, never widen it. `Err` carries the reason.
    pub fn grant(
        &mut self,
        client_id: &str,
        client_secret: &str,
        scope: Option<&str>,
        lifetime: Duration,
        now: Instant,
    ) -> Result<Token, &'static str> {
        let client = self
            .clients
            .iter()
            .find(|c| c.client_id == client_id && c.client_secret == client_secret)
            .cloned()
            .ok_or("Invalid client credentials")?;
        let permission = match scope {
            None => client.permission,
            Some(s) => match Permission::from_scope(s) {
                Some(p) if p <= client.permission => p,
                Some(_) => return Err("Scope exceeds the client's scope"),
                None => return Err("Invalid parameter: scope (expected api or api.read-only)"),
            },
        };
        self.purge(now);
        if self.tokens.len() >= MAX_ENTRIES {
            self.tokens.remove(0);
        }
        let lifetime = lifetime.min(MAX_TOKEN_LIFETIME);
        let token = Token {
            token: random_hex(),
            client_id: client.client_id,
            permission,
            create_timestamp: unix_now(),
            expires: now
                .checked_add(lifetime)
                .unwrap_or(now + MAX_TOKEN_LIFETIME),
        };
        self.tokens.push(token.clone());
        Ok(token)
    }

    /// The live token `token`; expired tokens are removed.
    pub fn token(&mut self, token: &str, now: Instant) -> Option<Token> {
        self.purge(now);
        self.tokens.iter().find(|t| t.token == token).cloned()
    }

    /// Revoke `token`; false when it is unknown.
    pub fn revoke(&mut self, token: &str) -> bool {
        let before = self.tokens.len();
        self.tokens.retain(|t| t.token != token);
        self.tokens.len() != before
    }

    /// The client `client_id`.
    pub fn client(&self, client_id: &str) -> Option<&ApiClient> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    fn purge(&mut self, now: Instant) {
        self.tokens.retain(|t| now < t.expires);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_expire_when_idle_and_are_touched_by_use() {
        let mut a = AuthState::default();
        let t0 = Instant::now();
        let idle = Duration::from_secs(60);
        let id = a.open_session("admin", Permission::Admin, t0);
        assert_eq!(id.len(), 32);
        assert!(a.session(&id, idle, t0 + Duration::from_secs(50)).is_some());
        assert!(
            a.session(&id, idle, t0 + Duration::from_secs(100))
                .is_some()
        );
        assert!(
            a.session(&id, idle, t0 + Duration::from_secs(161))
                .is_none()
        );
        assert_eq!(a.session_count(), 0);
    }

    #[test]
    fn tokens_expire_and_revoke_and_follow_their_client() {
        let mut a = AuthState::default();
        let t0 = Instant::now();
        let life = Duration::from_secs(10);
        let c = a.add_client("ro", Permission::ReadOnly).unwrap();
        assert_eq!(
            a.grant(&c.client_id, "wrong", None, life, t0).unwrap_err(),
            "Invalid client credentials"
        );
        assert!(
            a.grant(&c.client_id, &c.client_secret, Some("api"), life, t0)
                .is_err(),
            "a read-only client cannot get a read-write token"
        );
        let t = a
            .grant(&c.client_id, &c.client_secret, None, life, t0)
            .unwrap();
        assert_eq!(t.permission, Permission::ReadOnly);
        assert!(a.token(&t.token, t0 + Duration::from_secs(9)).is_some());
        assert!(a.token(&t.token, t0 + Duration::from_secs(10)).is_none());
        let t2 = a
            .grant(&c.client_id, &c.client_secret, None, life, t0)
            .unwrap();
        assert!(a.revoke(&t2.token));
        assert!(!a.revoke(&t2.token));
        let t3 = a
            .grant(&c.client_id, &c.client_secret, None, life, t0)
            .unwrap();
        assert!(a.remove_client(&c.client_id));
        assert!(a.token(&t3.token, t0).is_none());
    }
}
