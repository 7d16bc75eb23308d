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
use crate::routeros::{self, Menu};
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
        let pipelined = self.targets.get(index).is_some_and(|t| t.pipelined);
        let result = if router.vendor() == ROUTEROS {
            routeros(router.as_ref(), pipelined).await
        } else {
            neutral_getters(router.as_ref(), pipelined).await
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
fn optional<T>(result: Result<Vec<T>, Error>) -> Result<Vec<T>, Error> {
    match result {
        Ok(samples) => Ok(samples),
        Err(e) if breaks_session(&e) => Err(e),
        Err(e) => {
            tracing::debug!(error = %e, "optional collection skipped");
            Ok(Vec::new())
        }
    }
}

/// Run `reads` together when the session is `pipelined`, else one after
/// the other; results in the order given.
async fn run_all<F: std::future::Future>(reads: Vec<F>, pipelined: bool) -> Vec<F::Output> {
    if pipelined {
        return join_all(reads).await;
    }
    let mut out = Vec::with_capacity(reads.len());
    for read in reads {
        out.push(read.await);
    }
    out
}

/// Every [`Menu`] over the one session, then the ethernet monitor of the
/// running ports; `/system/resource` must answer, the rest may be missing
/// (no wifi package, no health sensors, no IPv6).
async fn routeros(router: &dyn Router, pipelined: bool) -> Result<Vec<Sample>, Error> {
    let reads: Vec<_> = Menu::ALL
        .iter()
        .map(|menu| async move {
            let words: Vec<String> = menu.words().iter().map(|w| w.to_string()).collect();
            (*menu, router.raw(&words).await)
        })
        .collect();
    let mut out = Vec::new();
    let mut monitor = None;
    let mut poe_ports = None;
    for (menu, result) in run_all(reads, pipelined).await {
        let reply = if menu == Menu::Resource {
            Some(result?)
        } else {
            optional(result.map(|r| vec![r]))?.pop()
        };
        let Some(reply) = reply else {
            continue;
        };
        match menu {
            Menu::Interface => monitor = routeros::monitor_words(&reply),
            // Mapped below, with its monitor.
            Menu::Poe => {
                poe_ports = Some(reply);
                continue;
            }
            _ => {}
        }
        out.extend(menu.map(&reply));
    }
    out.extend(routeros::connections_total(&out));
    // Second round: the monitors of what the first one found.
    if let Some(words) = monitor {
        let reply = optional(router.raw(&words).await.map(|r| vec![r]))?;
        if let Some(reply) = reply.first() {
            out.extend(routeros::monitor(reply));
        }
    }
    if let Some(ports) = poe_ports {
        let live = match routeros::poe_monitor_words(&ports) {
            Some(words) => optional(router.raw(&words).await.map(|r| vec![r]))?.pop(),
            None => None,
        };
        out.extend(routeros::poe(&ports, live.as_ref()));
    }
    if router.capabilities().contains(&Capability::WanLinks) {
        out.extend(optional(
            router.wan_links().await.map(|l| neutral::wan_links(&l)),
        )?);
    }
    Ok(out)
}

/// A neutral getter's samples, boxed so the getters form one list.
type Read<'a> = futures_util::future::BoxFuture<'a, Result<Vec<Sample>, Error>>;

/// The neutral getters the driver declares; `facts` must answer.
async fn neutral_getters(router: &dyn Router, pipelined: bool) -> Result<Vec<Sample>, Error> {
    let has = |c| router.capabilities().contains(&c);
    // Facts first in either mode: the resources' labels come from them.
    let facts_read = router.facts();
    let mut reads: Vec<Read<'_>> = Vec::new();
    if has(Capability::Interfaces) {
        reads.push(Box::pin(async {
            optional(router.interfaces().await.map(|l| neutral::interfaces(&l)))
        }));
    }
    if has(Capability::WanLinks) {
        reads.push(Box::pin(async {
            optional(router.wan_links().await.map(|l| neutral::wan_links(&l)))
        }));
    }
    if has(Capability::DhcpLeases) {
        reads.push(Box::pin(async {
            optional(router.dhcp_leases().await.map(|l| neutral::dhcp_leases(&l)))
        }));
    }
    if has(Capability::Clients) {
        reads.push(Box::pin(async {
            optional(
                router
                    .clients()
                    .await
                    .map(|l| neutral::wireless_clients(&l)),
            )
        }));
    }
    let resources_read = async {
        if !has(Capability::Resources) {
            return Ok(None);
        }
        match router.resources().await {
            Ok(r) => Ok(Some(r)),
            Err(e) if breaks_session(&e) => Err(e),
            Err(_) => Ok(None),
        }
    };
    let (facts, resources, results) = if pipelined {
        tokio::join!(facts_read, resources_read, join_all(reads))
    } else {
        let facts = facts_read.await;
        let resources = match &facts {
            Ok(_) => resources_read.await,
            Err(_) => Ok(None),
        };
        let results = match &facts {
            Ok(_) => run_all(reads, false).await,
            Err(_) => Vec::new(),
        };
        (facts, resources, results)
    };
    let facts = facts?;
    let mut out = neutral::facts(&facts);
    if let Some(r) = resources? {
        out.extend(neutral::resources(&r, &facts));
    }
    for samples in results {
        out.extend(samples?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backoff::Backoff;
    use crate::metrics::encode;
    use routerctl_core::{BoxFuture, ErrorContext, Facts, Interface};
    use std::sync::atomic::AtomicUsize;

    /// How a fake router behaves.
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Fine,
        /// `facts` never answers.
        Hang,
        /// The session breaks (`disconnected`) on every read.
        Broken,
        /// Optional getters fail with a vendor error; facts work.
        PartlyUnsupported,
        Panic,
    }

    struct Fake {
        name: String,
        mode: Mode,
    }

    #[async_trait::async_trait]
    impl Router for Fake {
        fn name(&self) -> &str {
            &self.name
        }
        fn vendor(&self) -> &'static str {
            "fake"
        }
        fn capabilities(&self) -> &'static [Capability] {
            &[Capability::Facts, Capability::Interfaces]
        }
        async fn facts(&self) -> routerctl_core::Result<Facts> {
            let ctx = ErrorContext::new(self.name.clone(), "facts");
            match self.mode {
                Mode::Hang => {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                    Err(ctx.timeout(Duration::from_secs(3600)))
                }
                Mode::Broken => Err(ctx.disconnected("peer went away")),
                Mode::Panic => panic!("driver bug"),
                _ => Ok(Facts {
                    vendor: "fake".into(),
                    hostname: Some(self.name.clone()),
                    uptime_seconds: Some(5),
                    ..Facts::default()
                }),
            }
        }
        async fn interfaces(&self) -> routerctl_core::Result<Vec<Interface>> {
            if self.mode == Mode::PartlyUnsupported {
                let ctx = ErrorContext::new(self.name.clone(), "interfaces");
                return Err(ctx.vendor("fake", None, "no such menu"));
            }
            Ok(vec![Interface {
                name: "eth0".into(),
                rx_bytes: Some(7),
                ..Interface::default()
            }])
        }
    }

    struct Fleet {
        modes: Vec<Mode>,
        connects: AtomicUsize,
    }

    impl Connect for Fleet {
        fn connect(&self, index: usize) -> BoxFuture<'_, routerctl_core::Result<Box<dyn Router>>> {
            self.connects.fetch_add(1, Ordering::SeqCst);
            let mode = self.modes.get(index).copied().unwrap_or(Mode::Fine);
            Box::pin(async move {
                Ok(Box::new(Fake {
                    name: format!("r{index}"),
                    mode,
                }) as Box<dyn Router>)
            })
        }
    }

    fn collector(modes: &[Mode]) -> (Arc<Collector>, Arc<Fleet>) {
        let fleet = Arc::new(Fleet {
            modes: modes.to_vec(),
            connects: AtomicUsize::new(0),
        });
        let targets = (0..modes.len())
            .map(|i| Target {
                name: format!("r{i}"),
                vendor: "fake".into(),
                address: format!("192.0.2.{i}"),
                timeout: Duration::from_secs(5),
                pipelined: false,
            })
            .collect();
        let settings = Settings {
            concurrency: 2,
            backoff: Backoff {
                first: Duration::from_secs(1),
                max: Duration::from_secs(2),
            },
        };
        (
            Arc::new(Collector::new(targets, fleet.clone(), settings)),
            fleet,
        )
    }

    fn line<'a>(text: &'a str, start: &str) -> &'a str {
        text.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no {start} in\n{text}"))
    }

    #[tokio::test(start_paused = true)]
    async fn one_bad_router_never_fails_the_others() {
        let modes = [
            Mode::Fine,
            Mode::Hang,
            Mode::Broken,
            Mode::PartlyUnsupported,
            Mode::Panic,
        ];
        let (collector, fleet) = collector(&modes);
        let text = encode(collector.scrape_all().await);
        let up = |i: usize| {
            line(
                &text,
                &format!("routerctl_up{{router=\"r{i}\",vendor=\"fake\"}}"),
            )
        };
        assert!(up(0).ends_with(" 1"));
        assert!(up(1).ends_with(" 0"), "a hung router times out");
        assert!(up(2).ends_with(" 0"));
        assert!(
            up(3).ends_with(" 1"),
            "a missing optional menu is not an error"
        );
        assert!(up(4).ends_with(" 0"), "a panicking driver is contained");
        assert!(
            text.contains("mktxp_interface_rx_byte_total{name=\"eth0\",routerboard_name=\"r0\"")
        );
        assert!(!text.contains("routerboard_name=\"r1\""));
        let status = collector.status();
        assert!(
            status[1]
                .last
                .as_ref()
                .unwrap()
                .error
                .as_ref()
                .unwrap()
                .contains("no answer within 5.0s")
        );
        assert_eq!(fleet.connects.load(Ordering::SeqCst), 5);

        // Second scrape: the fine ones reuse their sessions; the broken
        // and the hung one lost theirs, reconnect, and fail again.
        let text = encode(collector.scrape_all().await);
        let errors = |i: usize| {
            line(
                &text,
                &format!("routerctl_scrape_errors_total{{router=\"r{i}\",vendor=\"fake\"}}"),
            )
            .rsplit(' ')
            .next()
            .unwrap()
            .to_string()
        };
        assert_eq!(errors(0), "0");
        assert_eq!(errors(1), "2");
        assert_eq!(errors(2), "2");
        assert!(line(&text, "routerctl_connects_total{router=\"r0\"").ends_with(" 1"));
        assert!(line(&text, "routerctl_connects_total{router=\"r3\"").ends_with(" 1"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_probe_reads_one_router_and_unknown_names_are_not_found() {
        let (collector, fleet) = collector(&[Mode::Fine, Mode::Fine]);
        let index = collector.find("r1").unwrap();
        let text = encode(collector.scrape(index).await);
        assert!(text.contains("routerctl_up{router=\"r1\",vendor=\"fake\"} 1"));
        assert!(!text.contains("r0"));
        assert_eq!(fleet.connects.load(Ordering::SeqCst), 1);
        assert_eq!(collector.find("192.0.2.1"), None);
    }
}
