//! Kept sessions: one per router, opened on first use and reused by every
//! scrape (the RouterOS API keeps one connection with tagged commands, the
//! HTTP families keep their client and login). A session that fails is
//! dropped; reconnecting then waits out a [`Backoff`] that grows with each
//! failed attempt, so a router that went away costs one quick check per
//! backoff period, not a connect timeout on every scrape.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use routerctl_core::{Error, Router};
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::backoff::Backoff;
use crate::target::Connect;

/// Longest wait for a polite close of a dropped session.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

#[derive(Default)]
struct Slot {
    router: Option<Arc<dyn Router>>,
    /// Failed connects in a row.
    failures: u32,
    /// No connect before this.
    retry_at: Option<Instant>,
    /// Why the last connect failed, for the backoff message.
    last_error: Option<String>,
}

/// Why no session could be had.
#[derive(Debug)]
pub enum Unavailable {
    /// Connecting failed just now.
    Connect(Error),
    /// A recent connect failed; the next try is not due yet.
    Backoff {
        /// Time left before the next try.
        retry_in: Duration,
        /// The error of the last try.
        last_error: String,
    },
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unavailable::Connect(e) => write!(f, "{e}"),
            Unavailable::Backoff {
                retry_in,
                last_error,
            } => write!(
                f,
                "not retried for another {:.1}s after: {last_error}",
                retry_in.as_secs_f64()
            ),
        }
    }
}

/// The sessions of a fleet.
pub struct Pool {
    connector: Arc<dyn Connect>,
    slots: Vec<Mutex<Slot>>,
    connects: Vec<AtomicU64>,
    backoff: Backoff,
}

impl Pool {
    /// A pool for `targets` routers, none connected yet.
    pub fn new(connector: Arc<dyn Connect>, targets: usize, backoff: Backoff) -> Self {
        Self {
            connector,
            slots: (0..targets).map(|_| Mutex::new(Slot::default())).collect(),
            connects: (0..targets).map(|_| AtomicU64::new(0)).collect(),
            backoff,
        }
    }

    /// Sessions opened to target `index` so far.
    pub fn connects(&self, index: usize) -> u64 {
        self.connects
            .get(index)
            .map_or(0, |c| c.load(Ordering::Relaxed))
    }

    /// The kept session of target `index`, connecting when there is none
    /// and the backoff allows. Concurrent callers share one connect.
    pub async fn get(&self, index: usize) -> Result<Arc<dyn Router>, Unavailable> {
        let Some(slot) = self.slots.get(index) else {
            return Err(Unavailable::Backoff {
                retry_in: Duration::ZERO,
                last_error: format!("no target number {index}"),
            });
        };
        let mut slot = slot.lock().await;
        if let Some(router) = &slot.router {
            return Ok(router.clone());
        }
        if let Some(at) = slot.retry_at {
            let now = Instant::now();
            if at > now {
                return Err(Unavailable::Backoff {
                    retry_in: at - now,
                    last_error: slot.last_error.clone().unwrap_or_default(),
                });
            }
        }
        if let Some(c) = self.connects.get(index) {
            c.fetch_add(1, Ordering::Relaxed);
        }
        match self.connector.connect(index).await {
            Ok(router) => {
                let router: Arc<dyn Router> = Arc::from(router);
                slot.router = Some(router.clone());
                slot.failures = 0;
                slot.retry_at = None;
                slot.last_error = None;
                Ok(router)
            }
            Err(e) => {
                slot.failures = slot.failures.saturating_add(1);
                slot.retry_at = Some(Instant::now() + self.backoff.delay_jittered(slot.failures));
                slot.last_error = Some(e.to_string());
                Err(Unavailable::Connect(e))
            }
        }
    }

    /// Forget `router`, the session of target `index`, because it failed
    /// (I/O error, timeout, dropped connection): the next scrape
    /// reconnects. A session that was already replaced is left alone.
    pub async fn discard(&self, index: usize, router: &Arc<dyn Router>) {
        let Some(slot) = self.slots.get(index) else {
            return;
        };
        let mut slot = slot.lock().await;
        let same = slot
            .router
            .as_ref()
            .is_some_and(|kept| Arc::ptr_eq(kept, router));
        if !same {
            return;
        }
        if let Some(old) = slot.router.take() {
            tokio::spawn(async move {
                let _ = tokio::time::timeout(CLOSE_GRACE, old.close()).await;
            });
        }
    }

    /// Target `index` ran out of time: a kept session is dropped (it may
    /// hang), and a connect that was cut short counts as a failed one, so
    /// the next try waits out the backoff.
    pub async fn timed_out(&self, index: usize, limit: Duration) {
        let Some(slot) = self.slots.get(index) else {
            return;
        };
        let mut slot = slot.lock().await;
        if let Some(old) = slot.router.take() {
            tokio::spawn(async move {
                let _ = tokio::time::timeout(CLOSE_GRACE, old.close()).await;
            });
            return;
        }
        slot.failures = slot.failures.saturating_add(1);
        slot.retry_at = Some(Instant::now() + self.backoff.delay_jittered(slot.failures));
        slot.last_error = Some(format!(
            "connecting took longer than {:.1}s",
            limit.as_secs_f64()
        ));
    }

    /// Close every kept session (on shutdown), each within a short grace.
    pub async fn close_all(&self) {
        let mut closing = Vec::new();
        for slot in &self.slots {
            if let Some(router) = slot.lock().await.router.take() {
                closing.push(async move {
                    let _ = tokio::time::timeout(CLOSE_GRACE, router.close()).await;
                });
            }
        }
        futures_util::future::join_all(closing).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use routerctl_core::{BoxFuture, Capability, ErrorContext, Result};
    use std::sync::atomic::AtomicBool;

    struct Fake;
    #[async_trait::async_trait]
    impl Router for Fake {
        fn name(&self) -> &str {
            "r"
        }
        fn vendor(&self) -> &'static str {
            "fake"
        }
        fn capabilities(&self) -> &'static [Capability] {
            &[]
        }
    }

    /// Connects while `up` is set, else fails with an I/O-like error.
    struct Switch {
        up: AtomicBool,
    }
    impl Connect for Switch {
        fn connect(&self, _: usize) -> BoxFuture<'_, Result<Box<dyn Router>>> {
            let up = self.up.load(Ordering::SeqCst);
            Box::pin(async move {
                if up {
                    Ok(Box::new(Fake) as Box<dyn Router>)
                } else {
                    Err(ErrorContext::new("r", "connect").config("refused"))
                }
            })
        }
    }

    fn pool(up: bool) -> (Arc<Switch>, Pool) {
        let switch = Arc::new(Switch {
            up: AtomicBool::new(up),
        });
        let backoff = Backoff {
            first: Duration::from_secs(10),
            max: Duration::from_secs(60),
        };
        (switch.clone(), Pool::new(switch, 1, backoff))
    }

    #[tokio::test]
    async fn a_session_is_kept_until_discarded() {
        let (_, pool) = pool(true);
        let a = pool.get(0).await.unwrap();
        let b = pool.get(0).await.unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(pool.connects(0), 1);
        pool.discard(0, &a).await;
        let c = pool.get(0).await.unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(pool.connects(0), 2);
        // A stale handle does not throw away the new session.
        pool.discard(0, &a).await;
        assert!(Arc::ptr_eq(&c, &pool.get(0).await.unwrap()));
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_connect_waits_out_the_backoff() {
        let (switch, pool) = pool(false);
        assert!(matches!(pool.get(0).await, Err(Unavailable::Connect(_))));
        assert!(matches!(
            pool.get(0).await,
            Err(Unavailable::Backoff { .. })
        ));
        assert_eq!(pool.connects(0), 1, "no connect during the backoff");
        switch.up.store(true, Ordering::SeqCst);
        tokio::time::advance(Duration::from_secs(11)).await;
        assert!(pool.get(0).await.is_ok());
        assert_eq!(pool.connects(0), 2);
    }

    #[tokio::test]
    async fn an_unknown_index_is_an_error_not_a_panic() {
        let (_, pool) = pool(true);
        assert!(pool.get(7).await.is_err());
        assert_eq!(pool.connects(7), 0);
    }
}
