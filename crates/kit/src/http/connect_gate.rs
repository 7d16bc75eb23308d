//! Keeping a capped client from opening connections it does not need.
//!
//! hyper hands a connection back to its pool from a task of its own, a
//! moment after the reply body was read. A request started in that moment
//! (the next one in line for [`super::HttpClient`]'s in-flight cap) finds
//! no idle connection and races a new connect against the pool; when the
//! pool wins, hyper finishes the connect in the background and parks the
//! extra connection. That alone made a client capped at one request in
//! flight hold two connections. This connector layer closes the gap: right
//! after a reply that left its connection reusable, a connect first waits
//! a short grace for the pool, and a connect hyper moved to the background
//! (the request was served by a pooled connection) gives up instead of
//! connecting.

use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::Instant;

/// How long a connect right after a reusable reply waits for the pool.
const GRACE: Duration = Duration::from_millis(200);

/// How recent a reusable reply must be for a connect to wait: the pool gets
/// a connection back within moments, or not at all.
const RECENT: Duration = Duration::from_secs(1);

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// When the client last finished a reply whose connection goes back to the
/// pool; shared by the client and its connector.
#[derive(Debug, Default)]
pub(crate) struct Recent {
    last_reusable: Mutex<Option<Instant>>,
}

impl Recent {
    /// A reply was read in full on a connection the server keeps open.
    pub(crate) fn reusable_reply(&self) {
        if let Ok(mut last) = self.last_reusable.lock() {
            *last = Some(Instant::now());
        }
    }

    fn pool_may_refill(&self) -> bool {
        self.last_reusable
            .lock()
            .ok()
            .and_then(|last| *last)
            .is_some_and(|t| t.elapsed() < RECENT)
    }
}

/// The connector layer; see the module docs.
#[derive(Debug, Clone)]
pub(crate) struct GateLayer {
    pub(crate) recent: Arc<Recent>,
}

impl<S> tower::Layer<S> for GateLayer {
    type Service = Gate<S>;

    fn layer(&self, inner: S) -> Gate<S> {
        Gate {
            inner,
            recent: self.recent.clone(),
        }
    }
}

/// The connector wrapped by [`GateLayer`].
#[derive(Debug, Clone)]
pub(crate) struct Gate<S> {
    inner: S,
    recent: Arc<Recent>,
}

impl<S, R> tower::Service<R> for Gate<S>
where
    S: tower::Service<R, Error = BoxError>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, dst: R) -> Self::Future {
        let connect = self.inner.call(dst);
        let recent = self.recent.clone();
        Box::pin(async move {
            // hyper polls a connect first inside the requesting task, and
            // spawns it into a task of its own once the pool served the
            // request instead: a change of task means nobody waits for us.
            let home = tokio::task::try_id();
            let wait = recent.pool_may_refill();
            let mut grace = pin!(tokio::time::sleep(GRACE));
            let mut connect = pin!(connect);
            poll_fn(|cx| {
                if tokio::task::try_id() != home {
                    return Poll::Ready(Err(BoxError::from(
                        "connect dropped: a pooled connection served the request",
                    )));
                }
                if wait && grace.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                connect.as_mut().poll(cx)
            })
            .await
        })
    }
}
