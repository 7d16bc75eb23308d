//! The runner against fake routers: order, bound, isolation, timeouts.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use routerctl_core::{Capability, Facts};
use tokio::sync::{Barrier, Notify};

use super::*;
use crate::inventory::tests_support::entry;

/// What a fake router does when asked for facts.
#[derive(Clone)]
enum Behaviour {
    Ok,
    FailConnect,
    /// Connecting never finishes (a filtered port, TLS to a plain port).
    HangConnect,
    FailOp,
    Panic,
    Hang,
    /// Wait for this notify before answering.
    WaitFor(Arc<Notify>),
    /// Meet another target at the barrier (proves they overlap).
    Meet(Arc<Barrier>),
    /// Connecting is refused while the counter is above zero (counts down).
    RefuseTimes(Arc<AtomicUsize>),
}

#[derive(Default)]
struct Stats {
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    closed: Mutex<Vec<String>>,
}

struct FakeConnector {
    behaviours: HashMap<String, Behaviour>,
    stats: Arc<Stats>,
}

struct FakeRouter {
    name: String,
    behaviour: Behaviour,
    stats: Arc<Stats>,
}

#[async_trait]
impl Connector for FakeConnector {
    async fn connect(&self, router: &RouterEntry) -> Result<Box<dyn Router>, Error> {
        let behaviour = self
            .behaviours
            .get(&router.name)
            .cloned()
            .unwrap_or(Behaviour::Ok);
        if matches!(behaviour, Behaviour::HangConnect) {
            std::future::pending::<()>().await;
        }
        let refuse_now = match &behaviour {
            Behaviour::RefuseTimes(left) => left
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok(),
            _ => false,
        };
        if matches!(behaviour, Behaviour::FailConnect) || refuse_now {
            return Err(ErrorContext::new("10.0.0.1:8728", "connect")
                .io(std::io::ErrorKind::ConnectionRefused.into()));
        }
        Ok(Box::new(FakeRouter {
            name: router.name.clone(),
            behaviour,
            stats: self.stats.clone(),
        }))
    }
}

#[async_trait]
impl Router for FakeRouter {
    fn name(&self) -> &str {
        &self.name
    }
    fn vendor(&self) -> &'static str {
        "fake"
    }
    fn capabilities(&self) -> &'static [Capability] {
        &[Capability::Facts]
    }
    async fn facts(&self) -> routerctl_core::Result<Facts> {
        let now = self.stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let result = match &self.behaviour {
            Behaviour::Ok
            | Behaviour::FailConnect
            | Behaviour::HangConnect
            | Behaviour::RefuseTimes(_) => Ok(()),
            Behaviour::FailOp => Err(ErrorContext::new(self.name.clone(), "facts").vendor(
                "fake",
                Some("9".into()),
                "no",
            )),
            Behaviour::Panic => panic!("fake driver bug"),
            Behaviour::Hang => std::future::pending().await,
            Behaviour::WaitFor(n) => {
                n.notified().await;
                Ok(())
            }
            Behaviour::Meet(b) => {
                b.wait().await;
                Ok(())
            }
        };
        self.stats.in_flight.fetch_sub(1, Ordering::SeqCst);
        result.map(|()| Facts {
            vendor: "fake".into(),
            hostname: Some(self.name.clone()),
            ..Facts::default()
        })
    }
    async fn close(&self) {
        self.stats.closed.lock().unwrap().push(self.name.clone());
    }
}

fn runner(behaviours: &[(&str, Behaviour)], concurrency: usize) -> (Runner, Arc<Stats>) {
    let stats = Arc::new(Stats::default());
    let connector = FakeConnector {
        behaviours: behaviours
            .iter()
            .map(|(n, b)| (n.to_string(), b.clone()))
            .collect(),
        stats: stats.clone(),
    };
    (Runner::new(Arc::new(connector), concurrency, false), stats)
}

fn facts_op(r: Arc<dyn Router>) -> BoxFuture<'static, Result<Option<String>, Error>> {
    Box::pin(async move { Ok(r.facts().await?.hostname) })
}

fn targets(names: &[&str]) -> Vec<RouterEntry> {
    names.iter().map(|n| entry(n)).collect()
}

#[tokio::test]
async fn results_come_back_in_inventory_order_while_callbacks_see_completion_order() {
    let gates: Vec<Arc<Notify>> = (0..3).map(|_| Arc::new(Notify::new())).collect();
    let (runner, _) = runner(
        &[
            ("a", Behaviour::WaitFor(gates[0].clone())),
            ("b", Behaviour::WaitFor(gates[1].clone())),
            ("c", Behaviour::WaitFor(gates[2].clone())),
        ],
        8,
    );
    // Release c, then b, then a: each only after the previous finished.
    let finished = Arc::new(Mutex::new(Vec::new()));
    let seen = finished.clone();
    let release = {
        let gates = gates.clone();
        let seen = seen.clone();
        tokio::spawn(async move {
            for (i, gate) in gates.iter().enumerate().rev() {
                gate.notify_one();
                while seen.lock().unwrap().len() < 3 - i {
                    tokio::task::yield_now().await;
                }
            }
        })
    };
    let out = runner
        .run(&targets(&["a", "b", "c"]), "facts", facts_op, |o| {
            seen.lock().unwrap().push(o.router.clone())
        })
        .await;
    release.await.unwrap();
    assert_eq!(*finished.lock().unwrap(), ["c", "b", "a"]);
    let names: Vec<_> = out.iter().map(|o| o.router.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(out[0].result, Ok(Some("a".to_string())));
    assert!(out.iter().all(|o| o.vendor == "mikrotik"));
}

#[tokio::test]
async fn concurrency_is_bounded_and_used() {
    // Pairs meet at a barrier of two: this finishes only if two run at once,
    // and the counter shows never more than two.
    let barrier = Arc::new(Barrier::new(2));
    let names = ["a", "b", "c", "d", "e", "f"];
    let behaviours: Vec<_> = names
        .iter()
        .map(|n| (*n, Behaviour::Meet(barrier.clone())))
        .collect();
    let (runner, stats) = runner(&behaviours, 2);
    let out = tokio::time::timeout(
        Duration::from_secs(30),
        runner.run(&targets(&names), "facts", facts_op, |_| {}),
    )
    .await
    .expect("targets did not run two at a time");
    assert!(out.iter().all(|o| o.result.is_ok()));
    assert_eq!(stats.max_in_flight.load(Ordering::SeqCst), 2);
    assert_eq!(
        stats.closed.lock().unwrap().len(),
        6,
        "every session is closed"
    );
}

#[tokio::test(start_paused = true)]
async fn one_failure_never_stops_the_others() {
    let (runner, stats) = runner(
        &[
            ("refused", Behaviour::FailConnect),
            ("vendor-error", Behaviour::FailOp),
            ("crashes", Behaviour::Panic),
            ("hangs", Behaviour::Hang),
        ],
        2,
    );
    let mut list = targets(&[
        "ok-1",
        "refused",
        "vendor-error",
        "crashes",
        "hangs",
        "ok-2",
    ]);
    list[4].timeout = Duration::from_millis(1500);
    let mut done = 0;
    let out = runner.run(&list, "facts", facts_op, |_| done += 1).await;
    assert_eq!(done, 6);
    let summary: Vec<(&str, Result<&str, &str>)> = out
        .iter()
        .map(|o| {
            (
                o.router.as_str(),
                o.result.as_ref().map(|_| "ok").map_err(|f| f.kind.as_str()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("ok-1", Ok("ok")),
            ("refused", Err("io")),
            ("vendor-error", Err("vendor")),
            ("crashes", Err("internal")),
            ("hangs", Err("timeout")),
            ("ok-2", Ok("ok")),
        ]
    );
    let message = |i: usize| out[i].result.as_ref().unwrap_err().message.clone();
    assert!(
        message(1).starts_with("refused: connect:"),
        "relabelled with the inventory name: {}",
        message(1)
    );
    assert_eq!(message(2), "vendor-error: facts: fake error 9: no");
    assert!(
        message(3).starts_with("crashes: facts: the driver crashed"),
        "{}",
        message(3)
    );
    assert_eq!(message(4), "hangs: facts: timed out after 1500ms");
    let closed = stats.closed.lock().unwrap().clone();
    assert!(
        closed.contains(&"vendor-error".to_string()),
        "closed after an error too"
    );
    assert!(!closed.contains(&"hangs".to_string()));
}

#[tokio::test]
async fn no_targets_is_no_work() {
    let (runner, _) = runner(&[], 4);
    let out: Vec<Outcome<Option<String>>> = runner.run(&[], "facts", facts_op, |_| {}).await;
    assert!(out.is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_timeout_while_connecting_names_the_address_and_protocol() {
    let (runner, _) = runner(
        &[
            ("silent", Behaviour::HangConnect),
            ("slow", Behaviour::Hang),
        ],
        2,
    );
    let mut list = targets(&["silent", "slow"]);
    for t in &mut list {
        t.timeout = Duration::from_millis(1500);
        t.host = "192.0.2.7".into();
        t.port = Some(8729);
    }
    let out = runner.run(&list, "facts", facts_op, |_| {}).await;
    let message = |i: usize| out[i].result.as_ref().unwrap_err().message.clone();
    assert_eq!(
        message(0),
        format!(
            "silent: connect: timed out after 1500ms (no answer from 192.0.2.7:8729: is the \
             router reachable, and is 8729 the port of protocol {}?)",
            list[0].protocol
        )
    );
    assert_eq!(message(1), "slow: facts: timed out after 1500ms");
}

fn kinds<T>(out: &[Outcome<T>]) -> Vec<(&str, &str)> {
    out.iter()
        .map(|o| {
            (
                o.router.as_str(),
                o.result
                    .as_ref()
                    .map(|_| "ok")
                    .unwrap_or_else(|f| f.kind.as_str()),
            )
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn the_deadline_cancels_running_targets_and_skips_the_rest() {
    let (runner, _) = runner(&[("stuck", Behaviour::Hang)], 1);
    let runner = runner.deadline(Some(Duration::from_secs(3)));
    let mut list = targets(&["fast", "stuck", "never-1", "never-2"]);
    list[1].timeout = Duration::from_secs(60);
    let out = runner.run(&list, "facts", facts_op, |_| {}).await;
    assert_eq!(
        kinds(&out),
        [
            ("fast", "ok"),
            ("stuck", "cancelled"),
            ("never-1", "skipped"),
            ("never-2", "skipped")
        ]
    );
    let message = |i: usize| out[i].result.as_ref().unwrap_err().message.clone();
    assert_eq!(
        message(1),
        "stuck: facts: cancelled: the overall deadline of 3s passed"
    );
    assert_eq!(
        message(2),
        "never-1: facts: not started: the overall deadline of 3s passed"
    );
}

#[tokio::test(start_paused = true)]
async fn stopping_keeps_what_finished() {
    let gate = Arc::new(Notify::new());
    let (runner, _) = runner(&[("waits", Behaviour::WaitFor(gate.clone()))], 1);
    let runner = Arc::new(runner);
    let list = targets(&["done", "waits", "later"]);
    let stopper = runner.clone();
    let out = runner
        .run(&list, "facts", facts_op, move |o| {
            if o.router == "done" {
                stopper.stop_now(Stop::Interrupted);
            }
        })
        .await;
    assert_eq!(out[0].result, Ok(Some("done".to_string())));
    assert_eq!(
        kinds(&out)[1..],
        [("waits", "cancelled"), ("later", "skipped")]
    );
    assert!(
        out[2]
            .result
            .as_ref()
            .unwrap_err()
            .message
            .ends_with("interrupted (Ctrl-C or SIGTERM)")
    );
}

#[tokio::test(start_paused = true)]
async fn reads_retry_transient_failures_and_plain_runs_never_retry() {
    let left = Arc::new(AtomicUsize::new(2));
    let (runner, _) = runner(
        &[
            ("flaky", Behaviour::RefuseTimes(left.clone())),
            ("bad", Behaviour::FailOp),
        ],
        4,
    );
    let list = targets(&["flaky", "bad"]);
    let out = runner.run_read(&list, "facts", 2, facts_op, |_| {}).await;
    assert_eq!(kinds(&out), [("flaky", "ok"), ("bad", "vendor")]);
    assert_eq!(left.load(Ordering::SeqCst), 0);

    left.store(1, Ordering::SeqCst);
    let out = runner.run(&list, "facts", facts_op, |_| {}).await;
    assert_eq!(kinds(&out), [("flaky", "io"), ("bad", "vendor")]);

    left.store(5, Ordering::SeqCst);
    let out = runner.run_read(&list, "facts", 2, facts_op, |_| {}).await;
    assert_eq!(kinds(&out)[0], ("flaky", "io"), "gives up after 2 retries");
    assert_eq!(left.load(Ordering::SeqCst), 2);
    assert_eq!(backoff(0), Duration::from_millis(200));
    assert_eq!(backoff(3), Duration::from_millis(1600));
    assert_eq!(backoff(40), MAX_BACKOFF);
}
