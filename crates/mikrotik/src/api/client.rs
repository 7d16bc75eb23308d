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
//! A dead connection stays dead unless the config opts in to a
//! [`ReconnectPolicy`] (module `reconnect`): then the next call connects
//! and logs in again, and streams of the old connection end with a
//! `disconnected` error.
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

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use routerctl_core::{Error, ErrorContext, Result};
use tokio::sync::{mpsc, oneshot};

use super::budget::ReplyLimits;
pub use super::config::{ClientConfig, LoginMethod, Timeouts};
use super::connection::{self, Framed};
use super::login;
use super::mux::Task;
use super::proto::Decoder;
use super::query::Query;
use super::queue::RowQueue;
use super::reconnect::ReconnectPolicy;
use super::request::{Request, RunResult};
use super::shared::{ConnState, Shared};
pub use super::stream::ReplyStream;
use crate::record::{Attributes, Command, CommandOutput};

/// Commands waiting for the connection task; callers wait beyond this.
const REQUEST_QUEUE: usize = 256;

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
    link: Arc<Link>,
}

/// The connection every clone uses, and how to replace it.
#[derive(Debug)]
struct Link {
    /// The label errors carry (the same for every connection).
    label: String,
    current: Mutex<Arc<Shared>>,
    /// Present when the config asked for a [`ReconnectPolicy`].
    reconnect: Option<Reconnect>,
    /// [`ApiClient::close`] was called: a closed client stays closed.
    closed_by_caller: AtomicBool,
}

#[derive(Debug)]
struct Reconnect {
    config: ClientConfig,
    policy: ReconnectPolicy,
    /// One reconnect at a time; the others wait and use its result.
    lock: tokio::sync::Mutex<()>,
}

impl ApiClient {
    /// Connect, (optionally) TLS-handshake and log in.
    ///
    /// Errors: `Error::Io`/`Timeout` when the router cannot be reached,
    /// `Error::Tls` for a failed handshake (a pinned fingerprint that did
    /// not match says so), `Error::Auth` when the login is refused.
    pub async fn connect(config: ClientConfig) -> Result<Self> {
        let shared = Self::open(&config).await?;
        let reconnect = config.reconnect.map(|policy| Reconnect {
            config: config.clone(),
            policy,
            lock: tokio::sync::Mutex::new(()),
        });
        Ok(Self::with_link(shared, reconnect))
    }

    fn with_link(shared: Arc<Shared>, reconnect: Option<Reconnect>) -> Self {
        Self {
            link: Arc::new(Link {
                label: shared.state.label.clone(),
                current: Mutex::new(shared),
                reconnect,
                closed_by_caller: AtomicBool::new(false),
            }),
        }
    }

    /// Connect, log in and start the connection task.
    async fn open(config: &ClientConfig) -> Result<Arc<Shared>> {
        let io = connection::open(config).await?;
        let mut framed = Framed::new(io, Decoder::new(config.limits));
        let ctx = ErrorContext::new(config.label.clone(), "login");
        tokio::time::timeout(
            config.timeouts.login,
            login::login(&mut framed, &config.credentials, config.login, &ctx),
        )
        .await
        .map_err(|_| ctx.timeout(config.timeouts.login))??;
        let state = ConnState::with_budget(config.label.clone(), config.memory.clone());
        Ok(Self::spawn_task(
            framed,
            state,
            config.timeouts,
            ReplyLimits::for_budget(config.memory.as_ref()),
        ))
    }

    /// Start the connection task on an already logged-in connection.
    #[cfg(test)]
    pub(crate) fn start(
        framed: Framed,
        label: String,
        timeouts: Timeouts,
        limits: ReplyLimits,
    ) -> Self {
        let state = ConnState::new(label);
        Self::with_link(Self::spawn_task(framed, state, timeouts, limits), None)
    }

    fn spawn_task(
        framed: Framed,
        state: ConnState,
        timeouts: Timeouts,
        limits: ReplyLimits,
    ) -> Arc<Shared> {
        let state = Arc::new(state);
        let (requests, requests_rx) = mpsc::channel(REQUEST_QUEUE);
        let (cancels, cancels_rx) = mpsc::unbounded_channel();
        let (io, decoder, rbuf) = framed.into_parts();
        let task = Task::new(Arc::clone(&state), limits, timeouts.command);
        tokio::spawn(task.run(io, decoder, rbuf, requests_rx, cancels_rx));
        Arc::new(Shared {
            state,
            requests,
            cancels,
            timeouts,
        })
    }

    /// The connection in use now (maybe dead).
    fn current(&self) -> Arc<Shared> {
        Arc::clone(&self.link.current.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The connection to run the next command on: the current one, or,
    /// when it has ended and a [`ReconnectPolicy`] is set, a new one.
    async fn connection(&self) -> Result<Arc<Shared>> {
        let current = self.current();
        let Some(reconnect) = &self.link.reconnect else {
            return Ok(current);
        };
        if current.state.closed().is_none() || self.link.closed_by_caller.load(Ordering::Relaxed) {
            return Ok(current);
        }
        let _one_at_a_time = reconnect.lock.lock().await;
        let current = self.current();
        if current.state.closed().is_none() {
            return Ok(current); // another call reconnected meanwhile
        }
        let policy = reconnect.policy;
        let mut attempt = 0;
        loop {
            tokio::time::sleep(policy.delay_before(attempt)).await;
            tracing::debug!(router = %reconnect.config.label, attempt, "connecting again");
            match Self::open(&reconnect.config).await {
                Ok(fresh) => {
                    *self.link.current.lock().unwrap_or_else(|p| p.into_inner()) =
                        Arc::clone(&fresh);
                    return Ok(fresh);
                }
                // Wrong credentials or a bad config do not heal by waiting.
                Err(e @ (Error::Auth { .. } | Error::Config { .. })) => return Err(e),
                Err(e) if attempt.saturating_add(1) >= policy.max_attempts => return Err(e),
                Err(e) => {
                    tracing::debug!(router = %reconnect.config.label, attempt, error = %e, "reconnect failed");
                    attempt += 1;
                }
            }
        }
    }

    /// The label errors carry.
    pub fn label(&self) -> &str {
        &self.link.label
    }

    /// True once the connection has ended (`!fatal`, closed socket,
    /// [`close`](Self::close)); every call then fails at once, unless a
    /// [`ReconnectPolicy`] makes the next call connect again.
    pub fn is_closed(&self) -> bool {
        self.current().state.closed().is_some()
    }

    /// Reply memory the connection holds right now (tests check that
    /// every path gives it back).
    #[cfg(test)]
    pub(crate) fn held_bytes(&self) -> usize {
        self.current().state.held.get()
    }

    /// What handles share, for tests that need to reach inside (fill the
    /// request queue).
    #[cfg(test)]
    pub(crate) fn shared(&self) -> Arc<Shared> {
        self.current()
    }

    fn ctx_for(shared: &Shared, command: &Command) -> ErrorContext {
        shared.ctx(String::from_utf8_lossy(command.path()).into_owned())
    }

    /// Run one command to its `!done`.
    ///
    /// A `!trap` fails the command with `Error::Vendor` (code = the trap's
    /// category, message = the trap's message, several joined with ", ")
    /// once its `!done` arrives. Rows of a command that also trapped are
    /// discarded.
    pub async fn run(&self, command: Command) -> Result<CommandOutput> {
        let shared = self.connection().await?;
        let ctx = Self::ctx_for(&shared, &command);
        let shared = &*shared;
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
        let owner = self.connection().await?;
        let ctx = Self::ctx_for(&owner, &command);
        let shared = &*owner;
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
                Ok(ReplyStream::new(queue, tag, Arc::clone(&owner), ctx))
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
        let ctx = Self::ctx_for(&self.current(), &command);
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
        self.link.closed_by_caller.store(true, Ordering::Relaxed);
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
}
