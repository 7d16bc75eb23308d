//! How the client authenticates, and the credential it currently holds.
//! Pure: time is passed in.

use std::time::{Duration, Instant};

use routerctl_core::{Credentials, Secret};

/// How a client proves who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// Nothing: only `info.firmware` (and `login`, `auth.token.grant`) work.
    None,
    /// Web Admin login (`POST /api/login`), session cookie `bauth`.
    /// Needed to manage API clients.
    Login(Credentials),
    /// An API client's id and secret, traded for access tokens that the
    /// client renews before they expire.
    Client {
        /// `clientId`.
        client_id: String,
        /// `clientSecret`.
        client_secret: Secret,
        /// Narrower scope to ask for (`api.read-only`), or the client's own.
        scope: Option<String>,
    },
    /// A fixed access token (not renewable: when it expires, calls fail).
    Token(Secret),
}

impl Auth {
    /// Whether a refused credential can be replaced by logging in again.
    pub fn can_renew(&self) -> bool {
        matches!(self, Auth::Login(_) | Auth::Client { .. })
    }
}

/// What the client currently sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// A `bauth` (or `pauth`) session cookie.
    Cookie {
        /// Cookie name as the device set it.
        name: String,
        /// Session id.
        value: Secret,
    },
    /// An access token.
    Token {
        /// The token.
        token: Secret,
        /// When to get a new one (before the device's expiry); `None`
        /// for a fixed token.
        renew_at: Option<Instant>,
    },
}

impl Held {
    /// A token granted at `now` for `expires_in` seconds, renewed
    /// `margin` before expiry — or half-way through a lifetime shorter
    /// than twice the margin.
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// use routerctl_core::Secret;
    /// use routerctl_peplink::credential::Held;
    /// let now = Instant::now();
    /// let held = Held::granted(Secret::new("t"), 172_800, Duration::from_secs(300), now);
    /// assert!(!held.needs_renewal(now + Duration::from_secs(172_000)));
    /// assert!(held.needs_renewal(now + Duration::from_secs(172_600)));
    /// ```
    pub fn granted(token: Secret, expires_in: u64, margin: Duration, now: Instant) -> Self {
        let life = Duration::from_secs(expires_in);
        let early = margin.min(life / 2);
        // A lifetime too long for the clock (the device's number is not
        // trusted) is a token that never needs renewing.
        Held::Token {
            token,
            renew_at: now.checked_add(life - early),
        }
    }

    /// Whether a token must be renewed before the next call.
    pub fn needs_renewal(&self, now: Instant) -> bool {
        matches!(self, Held::Token { renew_at: Some(at), .. } if now >= *at)
    }

    /// The secret this credential sends, for identity comparisons.
    pub fn secret(&self) -> &Secret {
        match self {
            Held::Cookie { value, .. } => value,
            Held::Token { token, .. } => token,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lifetimes_renew_half_way() {
        let now = Instant::now();
        let held = Held::granted(Secret::new("t"), 2, Duration::from_secs(300), now);
        assert!(!held.needs_renewal(now + Duration::from_millis(900)));
        assert!(held.needs_renewal(now + Duration::from_secs(1)));
        let fixed = Held::Token {
            token: Secret::new("t"),
            renew_at: None,
        };
        assert!(!fixed.needs_renewal(now + Duration::from_secs(1_000_000)));
        assert!(!Auth::Token(Secret::new("x")).can_renew());
        let forever = Held::granted(Secret::new("t"), u64::MAX, Duration::from_secs(300), now);
        assert!(!forever.needs_renewal(now + Duration::from_secs(1_000_000)));
    }
}
