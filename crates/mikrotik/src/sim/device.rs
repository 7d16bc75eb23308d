//! The shared device handle: state behind a lock, the clock, the change
//! feed, and logging in. Running commands ([`Device::run`],
//! [`Device::execute`]) is the console's job, one layer up, in
//! `commands`.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use routerctl_kit::sim::resident::{self, Resident};
use tokio::sync::{broadcast, watch};

use super::clock::Clock;
use super::config::SimConfig;
use super::journal;
use super::seed;
use super::session::{CredentialVersion, Session, granted, md5_response, same_secret};
use super::state::{Rendered, State};

/// One change of a row, as `listen` sees it.
#[derive(Debug, Clone)]
pub struct Change {
    /// Menu path, e.g. `/ip/address`.
    pub menu: &'static str,
    /// The row's `.id` number (`*1F` is 0x1F).
    pub id: u32,
    /// The row after the change (all properties, sensitive ones
    /// included), or `None` when it was removed.
    pub row: Option<Arc<Rendered>>,
}

/// Shared state of one simulated device; clone freely.
#[derive(Clone)]
pub struct Device {
    inner: Arc<Inner>,
}

struct Inner {
    config: SimConfig,
    started: Instant,
    /// Device time at `started` (the seeded uptime).
    uptime0: f64,
    /// Unix time at `started`.
    unix0: i64,
    advanced_ms: AtomicU64,
    /// Seeded on first use, so a fleet of thousands of devices costs only
    /// the ones that are reached; dropped again while idle and unchanged
    /// when [`SimConfig::evict_idle`] is set.
    state: Mutex<Option<Built>>,
    /// Connections (API) and requests (REST) being served.
    active: AtomicUsize,
    /// A command that may change the configuration has run: the state is
    /// no longer what the seed gives, so it is never dropped.
    dirty: AtomicBool,
    /// Made on first subscription (its buffer is the largest part of an
    /// idle device).
    feed: OnceLock<broadcast::Sender<Change>>,
    reboots: watch::Sender<u64>,
}

impl fmt::Debug for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Device")
            .field("identity", &self.inner.config.identity)
            .field("version", &self.inner.config.version)
            .finish_non_exhaustive()
    }
}

/// A built state, counted in the process-wide budget of resident states.
struct Built {
    state: State,
    _resident: Resident,
}

/// The device state, locked; it exists for as long as the guard does.
pub(super) struct StateGuard<'a>(MutexGuard<'a, Option<Built>>);

impl Deref for StateGuard<'_> {
    type Target = State;
    fn deref(&self) -> &State {
        match self.0.as_ref() {
            Some(built) => &built.state,
            None => unreachable!("Device::lock seeds the state before handing it out"),
        }
    }
}

impl DerefMut for StateGuard<'_> {
    fn deref_mut(&mut self) -> &mut State {
        match self.0.as_mut() {
            Some(built) => &mut built.state,
            None => unreachable!("Device::lock seeds the state before handing it out"),
        }
    }
}

/// A connection or request being served ([`Device::hold`]).
#[derive(Debug)]
pub struct Hold {
    device: Device,
}

impl Drop for Hold {
    fn drop(&mut self) {
        self.device.release();
    }
}

/// Changes buffered per listener before it lags (and skips some).
const FEED_CAPACITY: usize = 4096;

impl Device {
    /// A device with the default configuration of a hAP ax^2.
    ///
    /// ```
    /// use routerctl_mikrotik::sim::{Device, SimConfig};
    /// use routerctl_mikrotik::api::proto::Reply;
    /// use routerctl_mikrotik::record::Attributes;
    /// let dev = Device::new(SimConfig::new("admin", "pw"));
    /// let s = dev.authenticate(b"admin", b"pw").unwrap();
    /// let replies = dev.execute(&s, b"/system/identity/print", &Attributes::new(), &[]);
    /// assert!(matches!(&replies[0], Reply::Re(a) if a.get("name") == Some(&b"MikroTik"[..])));
    /// ```
    ///
    /// Cheap: the state is seeded from the configuration on first use
    /// (as of the moment the device was made), so building thousands of
    /// devices that are never reached costs little.
    pub fn new(config: SimConfig) -> Self {
        let uptime0 = seed::initial_uptime(config.seed);
        let unix0 = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let (reboots, _) = watch::channel(0);
        Self {
            inner: Arc::new(Inner {
                config,
                started: Instant::now(),
                uptime0,
                unix0,
                advanced_ms: AtomicU64::new(0),
                state: Mutex::new(None),
                active: AtomicUsize::new(0),
                dirty: AtomicBool::new(false),
                feed: OnceLock::new(),
                reboots,
            }),
        }
    }

    /// The state as the seed gives it, as of when the device was made.
    fn seeded(&self) -> State {
        let clock = Clock {
            now: self.inner.uptime0,
            unix: self.inner.unix0,
        };
        seed::build(&self.inner.config, &clock)
    }

    /// Count a connection or request as being served until the returned
    /// guard drops. When the last one ends and nothing was changed, a
    /// device with [`SimConfig::evict_idle`] drops its state (it is
    /// rebuilt identically on the next use; logins recorded in `/log` and
    /// `/user/active` go with it) — once more states are built in the
    /// process than [`routerctl_kit::sim::resident`]'s budget allows.
    pub fn hold(&self) -> Hold {
        self.inner.active.fetch_add(1, Ordering::AcqRel);
        Hold {
            device: self.clone(),
        }
    }

    /// Note that a command that may change the configuration ran.
    pub(super) fn mark_dirty(&self) {
        self.inner.dirty.store(true, Ordering::Release);
    }

    fn release(&self) {
        if self.inner.active.fetch_sub(1, Ordering::AcqRel) != 1
            || !self.inner.config.evict_idle
            || self.inner.dirty.load(Ordering::Acquire)
            || !resident::over_budget()
        {
            return;
        }
        let mut state = self
            .inner
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Checked again under the lock: a new connection may have begun.
        if self.inner.active.load(Ordering::Acquire) == 0
            && !self.inner.dirty.load(Ordering::Acquire)
        {
            *state = None;
        }
    }

    fn feed(&self) -> &broadcast::Sender<Change> {
        self.inner
            .feed
            .get_or_init(|| broadcast::channel(FEED_CAPACITY).0)
    }

    /// The settings the device was built from.
    pub fn config(&self) -> &SimConfig {
        &self.inner.config
    }

    /// The device clock now.
    pub fn clock(&self) -> Clock {
        let adv = Duration::from_millis(self.inner.advanced_ms.load(Ordering::Relaxed));
        let elapsed = self.inner.started.elapsed() + adv;
        let unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
            + adv.as_secs() as i64;
        Clock {
            now: self.inner.uptime0 + elapsed.as_secs_f64(),
            unix,
        }
    }

    /// Move the device clock forward (counters, uptimes and lease timers
    /// follow). For tests and demos; real time keeps running too.
    pub fn advance(&self, by: Duration) {
        let ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.inner.advanced_ms.fetch_add(ms, Ordering::Relaxed);
    }

    pub(super) fn lock(&self) -> StateGuard<'_> {
        let mut guard = self
            .inner
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut built = guard.take().unwrap_or_else(|| Built {
            state: self.seeded(),
            _resident: Resident::new(),
        });
        super::expiry::expire(&mut built.state, &self.clock());
        *guard = Some(built);
        StateGuard(guard)
    }

    /// The raw change feed (every menu). `listen` filters it per menu.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.feed().subscribe()
    }

    /// Ticks once per `/system/reboot`; front ends close their sessions.
    pub fn reboots(&self) -> watch::Receiver<u64> {
        self.inner.reboots.subscribe()
    }

    pub(super) fn signal_reboot(&self) {
        self.inner.reboots.send_modify(|n| *n += 1);
    }

    /// Send the changes recorded in `state` to listeners. Called with the
    /// lock held, so listeners see changes in commit order and a snapshot
    /// taken under the same lock is consistent with the feed.
    pub(super) fn publish(&self, state: &mut State, clock: &Clock) {
        let touched = state.take_touched();
        let Some(feed) = self.inner.feed.get() else {
            return;
        };
        if feed.receiver_count() == 0 {
            return;
        }
        for t in touched {
            let row = if t.dead {
                None
            } else {
                state.table(t.menu).and_then(|table| {
                    let row = table.rows.iter().find(|r| r.id == t.id)?;
                    Some(Arc::new(state.render(table.menu, row, clock)))
                })
            };
            if !t.dead && row.is_none() {
                continue;
            }
            // No receivers is fine.
            let _ = feed.send(Change {
                menu: t.menu,
                id: t.id,
                row,
            });
        }
    }

    /// Check a user name and password for the API and log the user in:
    /// `last-logged-in`, a `/user/active` row (until [`Self::logout`]) and
    /// a log line, as a router records a login.
    pub fn authenticate(&self, user: &[u8], password: &[u8]) -> Option<Session> {
        self.login(user, "api", true, |stored| same_secret(stored, password))
    }

    /// [`Self::authenticate`] for another service (`rest-api` needs that
    /// policy instead of `api`). REST also needs `api`; its front end
    /// checks that on the returned session, after the password, so that it
    /// answers 500 `std failure: not allowed (9)` rather than 401. With
    /// `record == false` nothing is recorded: a REST front end checks Basic
    /// credentials per request but logs a login once per keep-alive
    /// connection, as RouterOS does.
    pub fn authenticate_via(
        &self,
        user: &[u8],
        password: &[u8],
        via: &str,
        record: bool,
    ) -> Option<Session> {
        self.login(user, via, record, |stored| same_secret(stored, password))
    }

    /// Check a pre-6.43 challenge response (`00` + 32 hex digits).
    pub fn authenticate_md5(
        &self,
        user: &[u8],
        response: &[u8],
        challenge: &[u8],
    ) -> Option<Session> {
        self.login(user, "api", true, |stored| {
            let expected = md5_response(stored, challenge);
            same_secret(expected.as_bytes(), &response.to_ascii_lowercase())
        })
    }

    fn login(
        &self,
        user: &[u8],
        via: &str,
        record: bool,
        check: impl Fn(&[u8]) -> bool,
    ) -> Option<Session> {
        let clock = self.clock();
        let mut st = self.lock();
        let id = st.find_by_name("/user", user)?;
        let row = st.row("/user", id)?;
        if row.is_true("disabled") {
            return None;
        }
        let password = row.props.get("password").cloned().unwrap_or_default();
        if !check(&password) {
            return None;
        }
        let credentials = CredentialVersion::of(id, user, &password, false);
        let group = row.props.get("group").cloned().unwrap_or_default();
        let gid = st.find_by_name("/user/group", &group)?;
        let policies = granted(st.row("/user/group", gid)?.props.get("policy")?);
        let service_policy = if via == "rest-api" { "rest-api" } else { "api" };
        if !policies.iter().any(|p| p == service_policy) {
            return None;
        }
        let user_s = String::from_utf8_lossy(user).into_owned();
        let active_id = if record {
            let active = journal::record_login(&mut st, &clock, id, &user_s, &group, via);
            self.publish(&mut st, &clock);
            active
        } else {
            None
        };
        Some(Session {
            user: user_s,
            group: String::from_utf8_lossy(&group).into_owned(),
            policies,
            via: via.to_string(),
            active_id,
            credentials,
        })
    }

    /// Whether user `user` may log in from `from` (its `address` list;
    /// empty allows every address). Front ends ask before checking the
    /// password and answer a refusal exactly like a wrong password
    /// (inferred: RouterOS does not tell a client why a login failed).
    pub fn login_allowed_from(&self, user: &[u8], from: std::net::IpAddr) -> bool {
        let st = self.lock();
        let Some(row) = st
            .find_by_name("/user", user)
            .and_then(|id| st.row("/user", id))
        else {
            return true;
        };
        super::access::address_allowed(
            row.props.get("address").map(|v| v.as_ref()).unwrap_or(b""),
            from,
        )
    }

    /// The version of user `name`'s credentials now, or `None` when no such
    /// user exists or it is disabled.
    fn credential_version(&self, st: &State, name: &[u8]) -> Option<CredentialVersion> {
        let id = st.find_by_name("/user", name)?;
        let row = st.row("/user", id)?;
        if row.is_true("disabled") {
            return None;
        }
        let password = row.props.get("password").cloned().unwrap_or_default();
        Some(CredentialVersion::of(id, name, &password, false))
    }

    /// Whether `session` still holds: its user exists, is enabled, and its
    /// credentials are the ones it logged in with. Every front end asks
    /// this on every request, so a password change, disable or removal
    /// takes effect on the next one (as on a router, where a removed user
    /// is out at once).
    ///
    /// ```
    /// use routerctl_mikrotik::sim::{Device, SimConfig};
    /// use routerctl_mikrotik::record::Attributes;
    /// let dev = Device::new(SimConfig::new("admin", "pw"));
    /// let s = dev.authenticate(b"admin", b"pw").unwrap();
    /// assert!(dev.session_current(&s));
    /// let mut args = Attributes::new();
    /// args.push("numbers", "admin");
    /// args.push("password", "new");
    /// dev.execute(&s, b"/user/set", &args, &[]);
    /// assert!(!dev.session_current(&s));
    /// ```
    pub fn session_current(&self, session: &Session) -> bool {
        let st = self.lock();
        self.credential_version(&st, session.user.as_bytes()) == Some(session.credentials)
    }

    /// The session ended (connection closed): drop its `/user/active` row.
    pub fn logout(&self, session: &Session) {
        let Some(id) = session.active_id else { return };
        let clock = self.clock();
        let mut st = self.lock();
        if st.remove("/user/active", id).is_some() {
            st.touch("/user/active", id, true);
            self.publish(&mut st, &clock);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Attributes;

    fn built(dev: &Device) -> bool {
        dev.inner
            .state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    fn identity(dev: &Device, session: &Session) -> Vec<u8> {
        let replies = dev.execute(session, b"/system/identity/print", &Attributes::new(), &[]);
        match replies.first() {
            Some(crate::api::proto::Reply::Re(row)) => {
                row.get("name").map(<[u8]>::to_vec).unwrap_or_default()
            }
            other => panic!("unexpected reply {other:?}"),
        }
    }

    #[test]
    fn an_idle_unchanged_device_drops_its_state_and_a_changed_one_keeps_it() {
        let mut config = SimConfig::new("admin", "pw");
        config.evict_idle = true;
        let dev = Device::new(config);
        assert!(!built(&dev), "nothing is built before the first use");
        let hold = dev.hold();
        let session = dev
            .authenticate(b"admin", b"pw")
            .unwrap_or_else(|| panic!("login refused"));
        assert_eq!(identity(&dev, &session), b"MikroTik");
        let second = dev.hold();
        drop(hold);
        assert!(built(&dev), "kept while a connection is open");
        drop(second);
        assert!(!built(&dev), "dropped once idle");

        let hold = dev.hold();
        let mut args = Attributes::new();
        args.push("name", "renamed");
        dev.execute(&session, b"/system/identity/set", &args, &[]);
        drop(hold);
        assert!(built(&dev), "a changed device keeps its state");
        assert_eq!(identity(&dev, &session), b"renamed");
    }

    #[test]
    fn without_the_switch_state_stays() {
        let dev = Device::new(SimConfig::new("admin", "pw"));
        let hold = dev.hold();
        let _ = dev.authenticate(b"admin", b"pw");
        drop(hold);
        assert!(built(&dev));
    }
}
