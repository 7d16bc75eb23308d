//! One scrape: every router collected at once, at most `concurrency` in
//! flight across all scrapes, each within its own time limit. A router
//! that fails gives `routerctl_up 0` and one more
//! `routerctl_scrape_errors_total`; it never fails the scrape of the
//! others.
//!
//! What is read depends on the family: RouterOS routers answer the
//! [`Menu`]s (mktxp's families) over their kept API session; the others
//! answer the neutral getters their driver declares.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use futures_util::future::join_all;
use routerctl_core::{Capability, Error, Router};
use tokio::sync::Semaphore;

use crate::families::{CONNECTS, SCRAPE_DURATION, SCRAPE_ERRORS, UP};
use crate::metrics::{Labels, RouterSamples, Sample, Value};
use crate::neutral;
use crate::pool::{Pool, Unavailable};
use crate::routeros::Menu;
use crate::target::{Connect, Target};

/// The vendor whose routers are read through RouterOS menus.
const ROUTEROS: &str = "mikrotik";

/// How a fleet is collected.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Routers collected at the same time, across concurrent scrapes.
    pub concurrency: usize,
    /// Waits before reconnecting to a router that failed.
    pub backoff: crate::backoff::Backoff,
}

/// How the last collection of a router went (for `/`).
#[derive(Debug, Clone, PartialEq)]
pub struct LastScrape {
    /// Whether it answered.
    pub up: bool,
    /// When the collection ended.
    pub at: SystemTime,
    /// How long it took.
    pub duration: Duration,
    /// The error when it did not answer.
    pub error: Option<String>,
}

#[derive(Default)]
struct State {
    errors: AtomicU64,
    last: std::sync::Mutex<Option<LastScrape>>,
}

/// A target with its last collection, for the status page.
#[derive(Debug, Clone)]
pub struct Status {
    /// The router.
    pub target: Target,
    /// `None` before the first collection.
    pub last: Option<LastScrape>,
    /// Failed collections so far.
    pub errors: u64,
    /// Sessions opened so far.
    pub connects: u64,
}

/// The fleet, its kept sessions and its collection state.
pub struct Collector {
    targets: Vec<Target>,
    pool: Pool,
    states: Vec<State>,
    permits: Arc<Semaphore>,
}

/// Errors after which a session is not trusted any more.
fn breaks_session(e: &Error) -> bool {
    matches!(
        e.kind(),
        "timeout" | "io" | "disconnected" | "tls" | "auth" | "protocol"
    )
}

impl Collector {
    /// A collector for `targets`, connecting through `connector`.
    pub fn new(targets: Vec<Target>, connector: Arc<dyn Connect>, settings: Settings) -> Self {
        let count = targets.len();
        Self {
            pool: Pool::new(connector, count, settings.backoff),
            states: (0..count).map(|_| State::default()).collect(),
            permits: Arc::new(Semaphore::new(settings.concurrency.max(1))),
            targets,
        }
    }

    /// The routers, in inventory order.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// The index of the router called `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.targets.iter().position(|t| t.name == name)
    }

    /// Every router's samples, in inventory order: its own and the
    /// exporter's view of it (`routerctl_up` ...).
    pub async fn scrape_all(self: &Arc<Self>) -> Vec<RouterSamples> {
        let tasks: Vec<_> = (0..self.targets.len())
            .map(|index| {
                let me = self.clone();
                tokio::spawn(async move { me.scrape(index).await })
            })
            .collect();
        let mut out = Vec::with_capacity(tasks.len() * 2);
        for (index, task) in tasks.into_iter().enumerate() {
            match task.await {
                Ok(samples) => out.extend(samples),
                // A driver panicked: that router is down, the rest go on.
                Err(e) => out.extend(self.record(
                    index,
                    Instant::now(),
                    Vec::new(),
                    Some(format!("collection crashed: {e}")),
                )),
            }
        }
        out
    }

    /// The samples of router `index` alone (the `/probe` endpoint).
    pub async fn scrape(self: &Arc<Self>, index: usize) -> Vec<RouterSamples> {
        let Ok(_permit) = self.permits.clone().acquire_owned().await else {
            return Vec::new();
        };
        let Some(limit) = self.targets.get(index).map(|t| t.timeout) else {
            return Vec::new();
        };
        let started = Instant::now();
        let result = tokio::time::timeout(limit, self.collect(index)).await;
        let (samples, error) = match result {
            Ok(Ok(samples)) => (samples, None),
            Ok(Err(message)) => (Vec::new(), Some(message)),
            Err(_) => {
                // A hung session is not reused.
                self.pool.timed_out(index, limit).await;
                (
                    Vec::new(),
                    Some(format!("no answer within {:.1}s", limit.as_secs_f64())),
                )
            }
        };
        self.record(index, started, samples, error)
    }

    /// Book the outcome and build both sample sets of router `index`.
    fn record(
        &self,
        index: usize,
        started: Instant,
        samples: Vec<Sample>,
        error: Option<String>,
    ) -> Vec<RouterSamples> {
        let (Some(target), Some(state)) = (self.targets.get(index), self.states.get(index)) else {
            return Vec::new();
        };
        let duration = started.elapsed();
        let up = error.is_none();
        if !up {
            state.errors.fetch_add(1, Ordering::Relaxed);
        }
        if let Ok(mut last) = state.last.lock() {
            *last = Some(LastScrape {
                up,
                at: SystemTime::now(),
                duration,
                error,
            });
        }
        let own = vec![
            Sample::new(&UP, Vec::new(), Value::Unsigned(u64::from(up))),
            Sample::new(
                &SCRAPE_DURATION,
                Vec::new(),
                Value::Float(duration.as_secs_f64()),
            ),
            Sample::new(
                &SCRAPE_ERRORS,
                Vec::new(),
                Value::Unsigned(state.errors.load(Ordering::Relaxed)),
            ),
            Sample::new(
                &CONNECTS,
                Vec::new(),
                Value::Unsigned(self.pool.connects(index)),
            ),
        ];
        let mut out = vec![RouterSamples {
            common: vec![
                ("router", target.name.clone()),
                ("vendor", target.vendor.clone()),
            ],
            samples: own,
        }];
        if !samples.is_empty() {
            let mut common: Labels = vec![
                ("routerboard_name", target.name.clone()),
                ("routerboard_address", target.address.clone()),
            ];
            if target.vendor != ROUTEROS {
                common.push(("vendor", target.vendor.clone()));
            }
            let mut device = RouterSamples { common, samples };
            device.dedup();
            out.push(device);
        }
        out
    }

    /// Read router `index` over its kept session; an error message when
    /// it did not answer.
    async fn collect(&self, index: usize) -> Result<Vec<Sample>, String> {
        let router = self.pool.get(index).await.map_err(|e| match e {
            Unavailable::Connect(e) => e.to_string(),
            other => other.to_string(),
        })?;
        let result = if router.vendor() == ROUTEROS {
            routeros(router.as_ref()).await
        } else {
            neutral_getters(router.as_ref()).await
        };
        match result {
            Ok(samples) => Ok(samples),
            Err(e) => {
                if breaks_session(&e) {
                    self.pool.discard(index, &router).await;
                }
                Err(e.to_string())
            }
        }
    }

    /// Every router with its last collection.
    pub fn status(&self) -> Vec<Status> {
        self.targets
            .iter()
            .zip(&self.states)
            .enumerate()
            .map(|(index, (target, state))| Status {
                target: target.clone(),
                last: state.last.lock().ok().and_then(|l| l.clone()),
                errors: state.errors.load(Ordering::Relaxed),
                connects: self.pool.connects(index),
            })
            .collect()
    }

    /// Close every kept session.
    pub async fn close(&self) {
        self.pool.close_all().await;
    }
}

/// An optional read: its samples, nothing when the router lacks it, the
/// error when the session broke.
fn optional(result: Result<Vec<Sample>, Error>) -> Result<Vec<Sample>, Error> {
    match result {
        Ok(samples) => Ok(samples),
        Err(e) if breaks_session(&e) => Err(e),
        Err(e) => {
            tracing::debug!(error = %e, "optional collection skipped");
            Ok(Vec::new())
        }
    }
}

/// Every [`Menu`] at once over the one session; `/system/resource` must
/// answer, the rest may be missing (no wifi package, no health sensors).
async fn routeros(router: &dyn Router) -> Result<Vec<Sample>, Error> {
    let reads = Menu::ALL.iter().map(|menu| async move {
        let words = [menu.words().to_string()];
        let reply = router.raw(&words).await;
        (*menu, reply.map(|r| menu.map(&r)))
    });
    let mut out = Vec::new();
    for (menu, result) in join_all(reads).await {
        let samples = if menu == Menu::Resource {
            result?
        } else {
            optional(result)?
        };
        out.extend(samples);
    }
    if router.capabilities().contains(&Capability::WanLinks) {
        out.extend(optional(
            router.wan_links().await.map(|l| neutral::wan_links(&l)),
        )?);
    }
    Ok(out)
}

/// The neutral getters the driver declares, at once; `facts` must answer.
async fn neutral_getters(router: &dyn Router) -> Result<Vec<Sample>, Error> {
    let has = |c| router.capabilities().contains(&c);
    let facts = router.facts();
    let interfaces = async {
        if has(Capability::Interfaces) {
            optional(router.interfaces().await.map(|l| neutral::interfaces(&l)))
        } else {
            Ok(Vec::new())
        }
    };
    let wan = async {
        if has(Capability::WanLinks) {
            optional(router.wan_links().await.map(|l| neutral::wan_links(&l)))
        } else {
            Ok(Vec::new())
        }
    };
    let leases = async {
        if has(Capability::DhcpLeases) {
            optional(router.dhcp_leases().await.map(|l| neutral::dhcp_leases(&l)))
        } else {
            Ok(Vec::new())
        }
    };
    let clients = async {
        if has(Capability::Clients) {
            optional(
                router
                    .clients()
                    .await
                    .map(|l| neutral::wireless_clients(&l)),
            )
        } else {
            Ok(Vec::new())
        }
    };
    let resources = async {
        if has(Capability::Resources) {
            match router.resources().await {
                Ok(r) => Ok(Some(r)),
                Err(e) if breaks_session(&e) => Err(e),
                Err(_) => Ok(None),
            }
        } else {
            Ok(None)
        }
    };
    let (facts, interfaces, wan, leases, clients, resources) =
        tokio::join!(facts, interfaces, wan, leases, clients, resources);
    let facts = facts?;
    let mut out = neutral::facts(&facts);
    if let Some(r) = resources? {
        out.extend(neutral::resources(&r, &facts));
    }
    out.extend(interfaces?);
    out.extend(wan?);
    out.extend(leases?);
    out.extend(clients?);
    Ok(out)
}
