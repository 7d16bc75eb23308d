//! Client-side view of an rpcd session.
//!
//! rpcd expires a session after `timeout` idle seconds, and every call that
//! passes the ACL check restarts that timer. The client mirrors this so it
//! can log in again *before* sending a call it knows would be refused, which
//! saves a round trip; the server stays the authority, and a `-32002` reply
//! still triggers one re-login (see [`crate::client`]).
//!
//! Pure logic, no I/O: every method takes `now`, so tests drive time.

use std::time::{Duration, Instant};

use serde_json::Value;

/// Margin kept before the server-side expiry, so a call sent just before the
/// deadline does not arrive just after it.
const EXPIRY_MARGIN: Duration = Duration::from_secs(2);

/// A logged-in session. `Debug` shows only the first four hex digits of
/// the id: the id is a bearer credential until it expires.
#[derive(Clone, PartialEq)]
pub struct Session {
    /// The 32-hex `ubus_rpc_session`.
    pub id: String,
    /// Idle timeout the server granted; `None` means it never expires
    /// (`timeout: 0`).
    pub timeout: Option<Duration>,
    /// When the server will drop the session if it is not used before;
    /// `None` when it never expires, or when the granted time lies beyond
    /// what `Instant` can represent (the router chooses the number, so a
    /// value like `u64::MAX` seconds must not panic; for all practical
    /// purposes such a session never expires either).
    pub expires_at: Option<Instant>,
    /// The user the session belongs to (`data.username`).
    pub username: Option<String>,
    /// `acls` as the login reply gave it (`ubus` and `access-group` maps).
    pub acls: Value,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("id", &format!("{}…", self.id.get(..4).unwrap_or_default()))
            .field("timeout", &self.timeout)
            .field("expires_at", &self.expires_at)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Read a `session.login` reply's data object.
    ///
    /// ```
    /// use routerctl_ixon::session::Session;
    /// let data = serde_json::json!({"ubus_rpc_session": "0a3e1036df206a33fcd6573a524c1ef2",
    ///     "timeout": 300, "expires": 300, "acls": {}, "data": {"username": "admin"}});
    /// let s = Session::from_login(&data, std::time::Instant::now()).unwrap();
    /// assert_eq!(s.username.as_deref(), Some("admin"));
    /// ```
    pub fn from_login(data: &Value, now: Instant) -> Result<Self, String> {
        let id = data
            .get("ubus_rpc_session")
            .and_then(Value::as_str)
            .ok_or("login reply has no ubus_rpc_session")?;
        if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "login reply session id {id:?} is not 32 hex digits"
            ));
        }
        let timeout = data.get("timeout").and_then(Value::as_u64).unwrap_or(0);
        let timeout = (timeout > 0).then(|| Duration::from_secs(timeout));
        // `expires` is what is left right now; prefer it over `timeout` when
        // the two differ (stock OpenWrt reports 299 for a 300 s session).
        let left = match data.get("expires").and_then(Value::as_u64) {
            Some(secs) if timeout.is_some() => Some(Duration::from_secs(secs)),
            _ => timeout,
        };
        Ok(Self {
            id: id.to_string(),
            timeout,
            expires_at: left.and_then(|d| deadline(now, d)),
            username: data
                .pointer("/data/username")
                .and_then(Value::as_str)
                .map(str::to_string),
            acls: data.get("acls").cloned().unwrap_or(Value::Null),
        })
    }

    /// True when the session is still usable at `now`, with a safety margin.
    pub fn is_fresh(&self, now: Instant) -> bool {
        match self.expires_at {
            None => true,
            Some(at) => deadline(now, EXPIRY_MARGIN).is_some_and(|t| t < at),
        }
    }

    /// Record a successful use: rpcd restarted the idle timer.
    pub fn touch(&mut self, now: Instant) {
        if let Some(timeout) = self.timeout {
            self.expires_at = deadline(now, timeout);
        }
    }

    /// Whether the login reply's ACL lists `object`/`method` (`*` wildcards
    /// as rpcd matches them). Advisory only: the server decides.
    pub fn acl_allows(&self, object: &str, method: &str) -> bool {
        let Some(map) = self.acls.get("ubus").and_then(Value::as_object) else {
            return false;
        };
        map.iter().any(|(pattern, methods)| {
            wildcard_match(pattern, object)
                && methods.as_array().is_some_and(|list| {
                    list.iter()
                        .filter_map(Value::as_str)
                        .any(|m| wildcard_match(m, method))
                })
        })
    }
}

/// `now + after`, or `None` ("never expires") when the sum does not fit in
/// an `Instant`. The durations come from the router, so plain `+` could be
/// made to panic by a hostile or buggy device.
fn deadline(now: Instant, after: Duration) -> Option<Instant> {
    now.checked_add(after)
}

/// rpcd's ACL pattern match: a pattern is literal, or a prefix ending in `*`.
pub fn wildcard_match(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => pattern == name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn login(timeout: u64, expires: u64) -> Value {
        json!({
            "ubus_rpc_session": "c95800fca267a2bf9d90c772ccfd458f",
            "timeout": timeout, "expires": expires,
            "acls": {"ubus": {"ixon.ui.*": ["*"], "session": ["access", "login"]}},
            "data": {"username": "admin"}
        })
    }

    #[test]
    fn idle_expiry_restarts_on_touch() {
        let t0 = Instant::now();
        let mut s = Session::from_login(&login(300, 299), t0).unwrap();
        assert!(s.is_fresh(t0 + Duration::from_secs(290)));
        assert!(!s.is_fresh(t0 + Duration::from_secs(298)));
        s.touch(t0 + Duration::from_secs(250));
        assert!(s.is_fresh(t0 + Duration::from_secs(500)));
        assert!(!s.is_fresh(t0 + Duration::from_secs(560)));
    }

    #[test]
    fn debug_hides_the_session_id() {
        let s = Session::from_login(&login(300, 300), Instant::now()).unwrap();
        let shown = format!("{s:?}");
        assert!(
            shown.contains("c958…") && !shown.contains("c95800fca267"),
            "{shown}"
        );
    }

    #[test]
    fn timeout_zero_never_expires() {
        let t0 = Instant::now();
        let mut s = Session::from_login(&login(0, 0), t0).unwrap();
        s.touch(t0);
        assert!(s.is_fresh(t0 + Duration::from_secs(86_400 * 365)));
    }

    #[test]
    fn huge_router_chosen_times_mean_never_expires_not_panic() {
        let t0 = Instant::now();
        for (timeout, expires) in [(u64::MAX, u64::MAX), (300, u64::MAX), (u64::MAX, 10)] {
            let mut s = Session::from_login(&login(timeout, expires), t0).unwrap();
            if expires == u64::MAX {
                assert_eq!(s.expires_at, None, "{timeout}/{expires}");
            }
            assert!(s.is_fresh(t0));
            s.touch(t0 + Duration::from_secs(5));
            if timeout == u64::MAX {
                assert_eq!(s.expires_at, None, "touch with {timeout}");
            }
            assert!(s.is_fresh(t0 + Duration::from_secs(6)));
        }
    }

    #[test]
    fn bad_session_ids_are_refused() {
        let t0 = Instant::now();
        for id in [json!("short"), json!(5), json!("zz".repeat(16))] {
            let mut data = login(300, 300);
            data["ubus_rpc_session"] = id;
            assert!(Session::from_login(&data, t0).is_err());
        }
        assert!(Session::from_login(&json!({}), t0).is_err());
    }

    #[test]
    fn acl_patterns_match_like_rpcd() {
        let s = Session::from_login(&login(300, 300), Instant::now()).unwrap();
        assert!(s.acl_allows("ixon.ui.configuration", "set"));
        assert!(s.acl_allows("session", "login"));
        assert!(!s.acl_allows("session", "destroy"));
        assert!(!s.acl_allows("system", "board"));
    }
}
