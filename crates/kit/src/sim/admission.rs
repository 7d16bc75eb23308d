//! Fair admission: who gets a connection slot when there are not enough.
//!
//! Every listener of the process shares one registry, so a flood on one
//! listener cannot starve the others of file descriptors:
//!
//! - a per-process budget ([`Limits::process_budget`]) caps connections
//!   across all listeners;
//! - each listener caps its own connections ([`Limits::max_connections`])
//!   and those from one source address ([`Limits::max_per_source`]);
//! - connections that have not authenticated yet ("pre-auth") get a small
//!   quota of their own ([`Limits::max_preauth`]) and a short deadline
//!   ([`Limits::preauth_timeout`], enforced by the accept loop). When a
//!   cap is reached, the **oldest pre-auth connection is evicted** to make
//!   room instead of the new one being refused, so a flood of idle or
//!   never-logging-in connections cycles through the pre-auth quota while
//!   a healthy client connects, authenticates at once and keeps its slot.
//!   Only when every connection under a cap is authenticated is the new
//!   one refused.
//!
//! A protocol handler says when its connection authenticated with
//! [`AuthHandle::mark_authenticated`]; HTTP applications find the handle as
//! a request extension.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use tokio::sync::watch;
use tokio::task::AbortHandle;

use super::Limits;

/// Tells the listener that a connection has authenticated, which takes it
/// out of the pre-auth quota and lifts its pre-auth deadline.
///
/// Raw TCP handlers get it in [`Accepted::auth`](super::Accepted::auth);
/// HTTP handlers as a request extension (`Extension<AuthHandle>`), to mark
/// after the first request whose credentials were accepted.
///
/// ```
/// use routerctl_kit::sim::AuthHandle;
/// let auth = AuthHandle::default();
/// assert!(!auth.is_authenticated());
/// auth.mark_authenticated();
/// assert!(auth.is_authenticated());
/// ```
#[derive(Debug, Clone)]
pub struct AuthHandle {
    state: Arc<watch::Sender<bool>>,
}

impl Default for AuthHandle {
    fn default() -> Self {
        Self {
            state: Arc::new(watch::channel(false).0),
        }
    }
}

impl AuthHandle {
    /// The connection's peer proved who it is (logged in, sent accepted
    /// credentials). Idempotent.
    pub fn mark_authenticated(&self) {
        self.state
            .send_if_modified(|done| !std::mem::replace(done, true));
    }

    /// Whether [`Self::mark_authenticated`] was called.
    pub fn is_authenticated(&self) -> bool {
        *self.state.borrow()
    }

    /// Resolves once the connection authenticated.
    pub(super) async fn authenticated(&self) {
        let mut rx = self.state.subscribe();
        // The sender lives in `self`, so this cannot fail while we wait.
        let _ = rx.wait_for(|done| *done).await;
    }
}

/// Why a connection was not admitted; also the reason in the refusal log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// Every connection from this source address is authenticated and
    /// the per-source cap is reached.
    PerSource,
    /// Every connection of this listener is authenticated and its cap is
    /// reached.
    Listener,
    /// The process budget is used up by authenticated connections.
    Process,
}

impl Refusal {
    pub(super) fn text(self) -> &'static str {
        match self {
            Refusal::PerSource => "per-source cap",
            Refusal::Listener => "connection cap",
            Refusal::Process => "process connection budget",
        }
    }
}

/// One admitted connection's place in the registry; its [`Ticket`] gives
/// the place back (once, even if it was evicted before). No `Drop` here:
/// slots are dropped under the registry lock.
#[derive(Debug)]
pub(super) struct Slot {
    listener: u64,
    peer: IpAddr,
    counted: AtomicBool,
    pub(super) auth: AuthHandle,
}

impl Slot {
    /// Register the task serving this slot, so it can be evicted while it
    /// has not authenticated.
    pub(super) fn track(self: &Arc<Self>, task: AbortHandle) {
        if self.auth.is_authenticated() {
            return;
        }
        registry().preauth.push_back(PreAuth {
            slot: Arc::clone(self),
            task,
        });
    }
}

/// The guard a connection task holds; dropping it frees the slot.
#[derive(Debug)]
pub(super) struct Ticket(pub(super) Arc<Slot>);

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut reg = registry();
        reg.release(self.0.listener, self.0.peer, &self.0.counted);
    }
}

struct PreAuth {
    slot: Arc<Slot>,
    task: AbortHandle,
}

#[derive(Default)]
struct Counts {
    total: usize,
    per_source: HashMap<IpAddr, usize>,
}

#[derive(Default)]
struct Registry {
    next_listener: u64,
    in_use: usize,
    listeners: HashMap<u64, Counts>,
    /// Pre-auth connections of every listener, oldest first.
    preauth: VecDeque<PreAuth>,
    /// Raised by [`raise_process_budget`]; the budget in force is the
    /// larger of this and the listener's [`Limits::process_budget`].
    budget_floor: usize,
}

/// Let this process hold at least `connections` connections across all its
/// listeners, whatever their [`Limits::process_budget`] says (it never
/// lowers a budget). A process serving many simulated routers (`sim
/// fleet`) calls it after raising its open-file limit: clients that keep
/// their sessions open, such as a Prometheus exporter, hold one connection
/// per router at once, more than one simulator's default budget.
///
/// ```
/// routerctl_kit::sim::raise_process_budget(4096);
/// ```
pub fn raise_process_budget(connections: usize) {
    let mut reg = registry();
    reg.budget_floor = reg.budget_floor.max(connections);
}

fn registry() -> MutexGuard<'static, Registry> {
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    REGISTRY
        .get_or_init(|| Mutex::new(Registry::default()))
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

/// A new listener's id in the registry.
pub(super) fn register_listener() -> u64 {
    let mut reg = registry();
    reg.next_listener += 1;
    let id = reg.next_listener;
    reg.listeners.insert(id, Counts::default());
    id
}

/// The listener stopped; its counts go (its connections release theirs
/// as they close).
pub(super) fn unregister_listener(id: u64) {
    let mut reg = registry();
    if reg.listeners.get(&id).is_some_and(|c| c.total == 0) {
        reg.listeners.remove(&id);
    }
}

/// What admitting one connection did.
pub(super) struct Admitted {
    pub(super) ticket: Ticket,
    /// Pre-auth connections evicted to make room.
    pub(super) evicted: usize,
}

/// Admit a connection from `peer` on `listener`, evicting the oldest
/// pre-auth connections a full cap needs, or refuse it when every
/// connection under that cap has authenticated.
pub(super) fn admit(listener: u64, peer: IpAddr, limits: &Limits) -> Result<Admitted, Refusal> {
    let mut reg = registry();
    reg.purge();
    let mut evicted = 0;
    let counts = |reg: &Registry| {
        reg.listeners
            .get(&listener)
            .map(|c| (c.total, c.per_source.get(&peer).copied().unwrap_or(0)))
            .unwrap_or((0, 0))
    };
    if counts(&reg).1 >= limits.max_per_source.max(1) {
        if !reg.evict(|p| p.slot.listener == listener && p.slot.peer == peer) {
            return Err(Refusal::PerSource);
        }
        evicted += 1;
    }
    if counts(&reg).0 >= limits.max_connections.max(1) {
        if !reg.evict(|p| p.slot.listener == listener) {
            return Err(Refusal::Listener);
        }
        evicted += 1;
    }
    if reg.in_use >= limits.process_budget.max(reg.budget_floor).max(1) {
        if !reg.evict(|_| true) {
            return Err(Refusal::Process);
        }
        evicted += 1;
    }
    let preauth = reg
        .preauth
        .iter()
        .filter(|p| p.slot.listener == listener)
        .count();
    if preauth >= limits.max_preauth.max(1) && reg.evict(|p| p.slot.listener == listener) {
        evicted += 1;
    }
    reg.in_use += 1;
    let c = reg.listeners.entry(listener).or_default();
    c.total += 1;
    *c.per_source.entry(peer).or_default() += 1;
    let slot = Arc::new(Slot {
        listener,
        peer,
        counted: AtomicBool::new(true),
        auth: AuthHandle::default(),
    });
    Ok(Admitted {
        ticket: Ticket(slot),
        evicted,
    })
}

impl Registry {
    /// Forget pre-auth entries that authenticated or ended.
    fn purge(&mut self) {
        self.preauth
            .retain(|p| !p.slot.auth.is_authenticated() && !p.task.is_finished());
    }

    /// Evict the oldest pre-auth connection matching `which`: its task is
    /// aborted and its place released now. False when there is none.
    fn evict(&mut self, which: impl Fn(&PreAuth) -> bool) -> bool {
        let Some(i) = self.preauth.iter().position(which) else {
            return false;
        };
        let Some(victim) = self.preauth.remove(i) else {
            return false;
        };
        victim.task.abort();
        let slot = victim.slot;
        self.release(slot.listener, slot.peer, &slot.counted);
        true
    }

    /// Give a place back, once per slot.
    fn release(&mut self, listener: u64, peer: IpAddr, counted: &AtomicBool) {
        if !counted.swap(false, Ordering::AcqRel) {
            return;
        }
        self.in_use = self.in_use.saturating_sub(1);
        if let Some(c) = self.listeners.get_mut(&listener) {
            c.total = c.total.saturating_sub(1);
            if let Some(n) = c.per_source.get_mut(&peer) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    c.per_source.remove(&peer);
                }
            }
        }
    }
}
