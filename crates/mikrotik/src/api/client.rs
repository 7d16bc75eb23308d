//! The async RouterOS API client.
//!
//! [`ApiClient::connect`] opens TCP (or TLS for api-ssl), logs in, and
//! hands the socket to one connection task (module `mux`). Every command
//! then gets a fresh numeric `.tag`, goes to that task through a bounded
//! queue, and its replies come back by tag, so clones of one client can
//! run any number of commands at once over one connection.
//!
//! Timeouts: connecting (TCP and TLS handshake together), logging in, and
//! every command each have their own limit ([`Timeouts`]). A command that
//! times out is cancelled on the router. A stream's limit covers only
//! getting the command onto the wire; rows may take as long as they take.
//!
//! ```no_run
//! # async fn demo() -> routerctl_core::Result<()> {
//! use routerctl_core::Credentials;
//! use routerctl_mikrotik::api::{ApiClient, ClientConfig, Query};
//! let client = ApiClient::connect(ClientConfig::new("192.0.2.1", Credentials::new("admin", "pw"))).await?;
//! let rows = client.print("/ip/address", &Query::new().eq("interface", "ether1")).await?;
//! let id = client.add("/ip/address", [("address", "192.0.2.7/24"), ("interface", "ether2")]).await?;
//! client.remove("/ip/address", &[id.as_str()]).await?;
//! client.close().await?;
//! # let _ = rows; Ok(()) }
//! ```

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use routerctl_core::{Credentials, ErrorContext, Result, TlsPolicy};
use tokio::sync::{mpsc, oneshot};

use super::budget::{HeldBytes, ReplyLimits};
use super::connection::{self, Framed};
use super::login;
use super::mux::{Failure, Request, RunResult, Task};
use super::proto::{Decoder, Limits};
use super::query::Query;
pub use super::stream::ReplyStream;
use super::stream::RowQueue;
use crate::record::{Attributes, Command, CommandOutput};

/// Commands waiting for the connection task; callers wait beyond this.
const REQUEST_QUEUE: usize = 256;

/// Per-phase timeouts; every network operation has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// TCP connect plus TLS handshake.
    pub connect: Duration,
    /// The whole login exchange.
    pub login: Duration,
    /// Each command, from queueing to `!done`; for a stream, until the
    /// command is on the wire. Also the longest the connection may go
    /// without getting any queued byte written before it is dropped.
    pub command: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            login: Duration::from_secs(10),
            command: Duration::from_secs(30),
        }
    }
}

impl Timeouts {
    /// The same limit for every phase.
    pub fn all(limit: Duration) -> Self {
        Self {
            connect: limit,
            login: limit,
            command: limit,
        }
    }
}

/// Which login exchange to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LoginMethod {
    /// Send name and password (6.43+); fall back to the MD5 challenge when
    /// the router answers `!done =ret=<challenge>`.
    #[default]
    Auto,
    /// Only the plain 6.43+ login.
    Plain,
    /// Only the pre-6.43 MD5 challenge login.
    Legacy,
}

/// How to reach and log in to one router.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Name used in errors (inventory name, or `host:port`).
    pub label: String,
    /// Host name or IP address to connect to.
    pub host: String,
    /// TCP port: 8728 for plain API, 8729 for api-ssl.
    pub port: u16,
    /// `None`: plain TCP (8728). `Some`: api-ssl (8729) under this policy.
    pub tls: Option<TlsPolicy>,
    /// User name and password sent at login.
    pub credentials: Credentials,
    /// Which login exchange to use (plain 6.43+, legacy MD5, or try both).
    pub login: LoginMethod,
    /// Connect, login and per-request timeouts.
    pub timeouts: Timeouts,
    /// Size caps on received words and sentences (see [`Limits`]).
    pub limits: Limits,
}

impl ClientConfig {
    /// Plain API on port 8728 with default timeouts and limits, labelled
    /// `host:8728`.
    pub fn new(host: &str, credentials: Credentials) -> Self {
        Self {
            label: format!("{host}:8728"),
            host: host.to_string(),
            port: 8728,
            tls: None,
            credentials,
            login: LoginMethod::Auto,
            timeouts: Timeouts::default(),
            limits: Limits::default(),
        }
    }
}

/// State shared by the connection task and every client handle.
#[derive(Debug)]
pub(crate) struct ConnState {
    pub(crate) label: String,
    next_tag: AtomicU64,
    /// Reply memory held for this connection's commands (see `budget`).
    pub(crate) held: Arc<HeldBytes>,
    /// Set once when the connection ends; later calls fail with it.
    closed: Mutex<Option<Failure>>,
}

impl ConnState {
    pub(crate) fn next_tag(&self) -> u64 {
        self.next_tag.fetch_add(1, Ordering::Relaxed)
    }
    pub(crate) fn mark_closed(&self, failure: Failure) {
        let mut c = self.closed.lock().unwrap_or_else(|p| p.into_inner());
        c.get_or_insert(failure);
    }
    pub(crate) fn closed(&self) -> Option<Failure> {
        self.closed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
    fn closed_or_gone(&self) -> Failure {
        self.closed()
            .unwrap_or_else(|| Failure::Disconnected("the connection task stopped".into()))
    }
}

/// What client handles (and streams) hold: the way into the task. The task
/// itself does not hold this, so dropping every handle ends the task.
#[derive(Debug)]
pub(crate) struct Shared {
    state: Arc<ConnState>,
    requests: mpsc::Sender<Request>,
    /// Cancels from `Drop` (which cannot wait for queue space). At most one
    /// per command ever started, so bounded by the commands themselves.
    cancels: mpsc::UnboundedSender<u64>,
    timeouts: Timeouts,
}

impl Shared {
    fn ctx(&self, operation: impl Into<String>) -> ErrorContext {
        ErrorContext::new(self.state.label.clone(), operation)
    }

    pub(crate) fn cancel_in_background(&self, tag: u64) {
        let _ = self.cancels.send(tag);
    }

    /// Hand `request` to the connection task and wait for its `answer`,
    /// both under the command timeout. `None` means the time ran out; a
    /// `Failure` that the connection ended first (the task drops the
    /// answer's sender without a value then).
    async fn submit<T>(
        &self,
        request: Request,
        answer: oneshot::Receiver<T>,
    ) -> Option<std::result::Result<T, Failure>> {
        let work = async {
            self.requests
                .send(request)
                .await
                .map_err(|_| self.state.closed_or_gone())?;
            answer.await.map_err(|_| self.state.closed_or_gone())
        };
        tokio::time::timeout(self.timeouts.command, work).await.ok()
    }

    /// Send `/cancel` for `tag` and wait for the router to acknowledge it.
    pub(crate) async fn cancel_and_wait(&self, tag: u64) -> Result<()> {
        let ctx = self.ctx("/cancel");
        let (tx, rx) = oneshot::channel();
        let request = Request::Cancel {
            target: tag,
            done: Some(tx),
        };
        match self.submit(request, rx).await {
            None => Err(ctx.timeout(self.timeouts.command)),
            Some(result) => result
                .and_then(|r| r)
                .map(drop)
                .map_err(|f| f.into_error(&ctx)),
        }
    }
}

/// Sends `/cancel` for a command whose caller stopped waiting (timeout or
/// a dropped future), unless disarmed.
struct CancelOnDrop<'a> {
    shared: &'a Shared,
    tag: u64,
    armed: bool,
}

impl<'a> CancelOnDrop<'a> {
    /// Take the next tag for a command, armed: until the reply is in hand,
    /// dropping the caller's future cancels the command on the router.
    fn new_tag(shared: &'a Shared) -> Self {
        Self {
            shared,
            tag: shared.state.next_tag(),
            armed: true,
        }
    }
}

impl Drop for CancelOnDrop<'_> {
    fn drop(&mut self) {
        if self.armed {
            self.shared.cancel_in_background(self.tag);
        }
    }
}

/// A connected, logged-in API session. Cheap to clone; all clones share
/// one socket. The connection closes when the last clone (and the last
/// [`ReplyStream`]) is dropped, or on [`close`](Self::close).
#[derive(Debug, Clone)]
pub struct ApiClient {
    shared: Arc<Shared>,
}

impl ApiClient {
    /// Connect, (optionally) TLS-handshake and log in.
    ///
    /// Errors: `Error::Io`/`Timeout` when the router cannot be reached,
    /// `Error::Tls` for a failed handshake (a pinned fingerprint that did
    /// not match says so), `Error::Auth` when the login is refused.
    pub async fn connect(config: ClientConfig) -> Result<Self> {
        let io = connection::open(&config).await?;
        let mut framed = Framed::new(io, Decoder::new(config.limits));
        let ctx = ErrorContext::new(config.label.clone(), "login");
        tokio::time::timeout(
            config.timeouts.login,
            login::login(&mut framed, &config.credentials, config.login, &ctx),
        )
        .await
        .map_err(|_| ctx.timeout(config.timeouts.login))??;
        Ok(Self::start(
            framed,
            config.label,
            config.timeouts,
            ReplyLimits::default(),
        ))
    }

    /// Start the connection task on an already logged-in connection.
    pub(crate) fn start(
        framed: Framed,
        label: String,
        timeouts: Timeouts,
        limits: ReplyLimits,
    ) -> Self {
        let state = Arc::new(ConnState {
            label,
            next_tag: AtomicU64::new(1),
            held: Arc::default(),
            closed: Mutex::new(None),
        });
        let (requests, requests_rx) = mpsc::channel(REQUEST_QUEUE);
        let (cancels, cancels_rx) = mpsc::unbounded_channel();
        let (io, decoder, rbuf) = framed.into_parts();
        let task = Task::new(Arc::clone(&state), limits, timeouts.command);
        tokio::spawn(task.run(io, decoder, rbuf, requests_rx, cancels_rx));
        Self {
            shared: Arc::new(Shared {
                state,
                requests,
                cancels,
                timeouts,
            }),
        }
    }

    /// The label errors carry.
    pub fn label(&self) -> &str {
        &self.shared.state.label
    }

    /// True once the connection has ended (`!fatal`, closed socket,
    /// [`close`](Self::close)); every call then fails at once.
    pub fn is_closed(&self) -> bool {
        self.shared.state.closed().is_some()
    }

    /// Reply memory the connection holds right now (tests check that
    /// every path gives it back).
    #[cfg(test)]
    pub(crate) fn held_bytes(&self) -> usize {
        self.shared.state.held.get()
    }

    fn ctx_for(&self, command: &Command) -> ErrorContext {
        self.shared
            .ctx(String::from_utf8_lossy(command.path()).into_owned())
    }

    /// Run one command to its `!done`.
    ///
    /// A `!trap` fails the command with `Error::Vendor` (code = the trap's
    /// category, message = the trap's message, several joined with ", ")
    /// once its `!done` arrives. Rows of a command that also trapped are
    /// discarded.
    pub async fn run(&self, command: Command) -> Result<CommandOutput> {
        let ctx = self.ctx_for(&command);
        let shared = &*self.shared;
        let mut guard = CancelOnDrop::new_tag(shared);
        let tag = guard.tag;
        let (tx, rx) = oneshot::channel::<RunResult>();
        let request = Request::Run {
            tag,
            command,
            done: tx,
        };
        match shared.submit(request, rx).await {
            None => Err(ctx.timeout(shared.timeouts.command)),
            Some(result) => {
                guard.armed = false;
                result.and_then(|r| r).map_err(|f| f.into_error(&ctx))
            }
        }
    }

    /// Start a streaming command (`listen`, `print =follow=`,
    /// `monitor-traffic`, `ping`...). Returns once the command is on the
    /// wire; the command timeout covers only that. Errors the router
    /// reports (an unknown menu, a bad argument) arrive as the stream's
    /// first item.
    pub async fn stream(&self, command: Command) -> Result<ReplyStream> {
        let ctx = self.ctx_for(&command);
        let shared = &*self.shared;
        let mut guard = CancelOnDrop::new_tag(shared);
        let tag = guard.tag;
        let queue = Arc::new(RowQueue::new(Arc::clone(&shared.state.held)));
        let (tx, rx) = oneshot::channel();
        let request = Request::Stream {
            tag,
            command,
            queue: Arc::clone(&queue),
            written: tx,
        };
        match shared.submit(request, rx).await {
            None => Err(ctx.timeout(shared.timeouts.command)),
            Some(Err(f)) => {
                guard.armed = false;
                Err(f.into_error(&ctx))
            }
            Some(Ok(())) => {
                guard.armed = false;
                Ok(ReplyStream::new(queue, tag, Arc::clone(&self.shared), ctx))
            }
        }
    }

    /// `print` a menu (`/ip/address`; a path already ending in `/print` or
    /// `/getall` is used as is) with a query; the rows.
    pub async fn print(&self, menu: &str, query: &Query) -> Result<Vec<Attributes>> {
        let command = if menu.ends_with("/print") || menu.ends_with("/getall") {
            query.apply(Command::new(menu))
        } else {
            query.print_command(menu)
        };
        Ok(self.run(command).await?.rows)
    }

    /// `add` an item to a menu; the new item's `.id` (from `=ret=`).
    pub async fn add<I, K, V>(&self, menu: &str, attributes: I) -> Result<String>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        let command = with_attrs(Command::new(menu_command(menu, "add")), attributes);
        let ctx = self.ctx_for(&command);
        let output = self.run(command).await?;
        match output.ret() {
            Some(id) => Ok(String::from_utf8_lossy(id).into_owned()),
            None => Err(ctx.protocol(
                "the router added the item but returned no .id (=ret= missing from !done)",
            )),
        }
    }

    /// `set` properties of one item (`.id` like `*1A`, or a name in menus
    /// whose items have names). `=!name=` unsets a property.
    pub async fn set<I, K, V>(&self, menu: &str, id: &str, attributes: I) -> Result<()>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        let command = with_attrs(
            Command::new(menu_command(menu, "set")).attr(".id", id),
            attributes,
        );
        self.run(command).await.map(drop)
    }

    /// `remove` items by `.id` (sent as one comma list). No ids: nothing is
    /// sent.
    pub async fn remove(&self, menu: &str, ids: &[&str]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let command = Command::new(menu_command(menu, "remove")).attr(".id", ids.join(","));
        self.run(command).await.map(drop)
    }

    /// Any command with `=name=value` arguments, e.g.
    /// `command("/system/identity/set", [("name", "edge")])`.
    pub async fn command<I, K, V>(&self, path: &str, attributes: I) -> Result<CommandOutput>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        self.run(with_attrs(Command::new(path), attributes)).await
    }

    /// Log off: send `/quit` and wait for the router to close the session
    /// (it answers `!fatal`, which is the expected outcome here). Pending
    /// commands of other clones fail with `Error::Disconnected`.
    pub async fn close(&self) -> Result<()> {
        if self.is_closed() {
            return Ok(());
        }
        match self.run(Command::new("/quit")).await {
            Ok(_) => Ok(()),
            Err(routerctl_core::Error::Disconnected { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// `/ip/address` + `add` → `/ip/address/add`.
fn menu_command(menu: &str, verb: &str) -> String {
    format!("{}/{verb}", menu.trim_end_matches('/'))
}

fn with_attrs<I, K, V>(mut command: Command, attributes: I) -> Command
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<[u8]>,
    V: AsRef<[u8]>,
{
    for (k, v) in attributes {
        command = command.attr(k, v);
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_commands_join_cleanly() {
        assert_eq!(menu_command("/ip/address", "add"), "/ip/address/add");
        assert_eq!(menu_command("/ip/address/", "remove"), "/ip/address/remove");
    }

    #[test]
    fn config_defaults_to_plain_api() {
        let c = ClientConfig::new("192.0.2.1", Credentials::new("admin", ""));
        assert_eq!((c.port, c.tls.is_none()), (8728, true));
        assert_eq!(c.label, "192.0.2.1:8728");
    }
}
