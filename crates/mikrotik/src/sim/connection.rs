//! One API connection: read sentences, log in, run commands, multiplex
//! replies by `.tag`, run streams as tasks and cancel them.
//!
//! Replies go through a bounded queue to a writer task whose every write
//! has a timeout, so a peer that stops reading is dropped rather than
//! holding memory. The connection encodes the replies of every command in
//! hand into one buffer ([`super::wire`], no allocation per reply) and
//! queues it once the input holds no further complete sentence (or the
//! buffer passes [`BATCH_BYTES`]), so 64 pipelined commands cost one
//! queue hop and one socket write, not 64. Streams run as tasks that own their [`SimStream`]; a
//! `/cancel` asks the task for its closing replies so that the order on
//! the wire is the router's: the target's trap, the cancel's `!done`, then
//! the target's `!empty`/`!done`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinSet;
use tokio::time::{Instant, timeout};

use routerctl_kit::sim::{Accepted, AuthHandle};

use super::config::ApiSettings;
use super::device::Device;
use super::outcome::Outcome;
use super::replies::{done, done_ret, trap};
use super::session::Session;
use super::stream::{SimStream, interrupted};
use super::wire::encode_reply;
use crate::api::proto::{Decoder, Limits, Reply, Request, Sentence};

/// Limits before login: enough for `/login` with long names.
const PRELOGIN_LIMITS: Limits = Limits {
    max_word: 64 * 1024,
    max_sentence: 64 * 1024,
    max_words: 64,
};

/// Streams one connection may run at once.
const MAX_STREAMS: usize = 256;

/// Replies held back for one write before they are queued anyway: a
/// batch is at most this plus one command's replies.
const BATCH_BYTES: usize = 64 * 1024;

/// Room kept free in the read buffer before each read, so one read takes
/// in a whole burst of pipelined commands.
const READ_CHUNK: usize = 16 * 1024;

/// Most bytes the writer joins into one socket write.
const WRITE_COALESCE: usize = 256 * 1024;

/// The replies that end a cancelled stream: `head` (rows still ready,
/// then the trap) goes before the cancel's `!done`, `tail` (`!empty`,
/// `!done`) after it.
struct Closing {
    head: Vec<Reply>,
    tail: Vec<Reply>,
}

impl Closing {
    /// Split the ending replies of a stream after their trap.
    fn new(mut head: Vec<Reply>, mut ending: Vec<Reply>) -> Self {
        let tail = if ending.is_empty() {
            Vec::new()
        } else {
            ending.split_off(1)
        };
        head.extend(ending);
        Self { head, tail }
    }
}

type CancelRequest = oneshot::Sender<Closing>;

/// What a stream task and its connection share to agree on who sends the
/// stream's final `!done`: exactly one of them does, even when the task
/// is stuck behind a full output queue and cannot answer a cancel.
#[derive(Default)]
struct Ending {
    /// Set by whoever sends (or hands over) the final `!done`.
    claimed: AtomicBool,
    /// A `!re` row was sent or is being sent (decides `!empty`).
    produced: AtomicBool,
}

impl Ending {
    /// True for the first caller only.
    fn claim(&self) -> bool {
        !self.claimed.swap(true, Ordering::AcqRel)
    }
}

struct Running {
    tag: Option<Bytes>,
    cancel: oneshot::Sender<CancelRequest>,
    ending: Arc<Ending>,
}

enum Flow {
    Continue,
    /// Close after flushing what is queued (`/quit`).
    Close,
    /// Close at once (protocol abuse, dead writer).
    Abort,
}

struct Conn {
    device: Device,
    settings: ApiSettings,
    peer: SocketAddr,
    out: mpsc::Sender<Bytes>,
    /// Encoded replies not queued yet (see [`Conn::flush`]).
    batch: BytesMut,
    session: Option<Session>,
    challenge: Option<[u8; 16]>,
    prelogin_sentences: usize,
    running: Vec<Running>,
    streams: JoinSet<()>,
}

impl Conn {
    /// A fresh, logged-out connection from `peer` whose replies go to `out`.
    fn new(
        device: Device,
        settings: ApiSettings,
        peer: SocketAddr,
        out: mpsc::Sender<Bytes>,
    ) -> Self {
        Conn {
            device,
            settings,
            peer,
            out,
            batch: BytesMut::new(),
            session: None,
            challenge: None,
            prelogin_sentences: 0,
            running: Vec::new(),
            streams: JoinSet::new(),
        }
    }
}

fn encode(tag: &Option<Bytes>, reply: &Reply, buf: &mut BytesMut) {
    encode_reply(tag.as_deref(), reply, buf);
}

/// Serve one connection until it closes; a login marks it authenticated
/// for the listener's fair admission.
pub(super) async fn serve<S>(io: S, device: Device, accepted: Accepted)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let Accepted {
        peer, stop, auth, ..
    } = accepted;
    let settings = device.config().api.clone();
    let (rd, wr) = tokio::io::split(io);
    let (out, out_rx) = mpsc::channel(settings.output_queue.max(1));
    let mut writer = tokio::spawn(write_loop(wr, out_rx, settings.write_timeout));
    let mut conn = Conn::new(device, settings, peer, out);
    let mut flow = conn.read_loop(rd, stop, &mut writer, &auth).await;
    // Replies batched before a close (a refused login, `/quit`) go out
    // first; the writer's own timeouts bound the wait.
    if matches!(flow, Flow::Close | Flow::Continue) && !conn.flush().await {
        flow = Flow::Abort;
    }
    conn.streams.abort_all();
    if let Some(s) = conn.session.take() {
        conn.device.logout(&s);
    }
    let write_timeout = conn.settings.write_timeout;
    drop(conn);
    match flow {
        Flow::Close | Flow::Continue => {
            // The writer ends once every sender is gone and the queue is
            // flushed; it has its own write timeouts.
            let _ = timeout(write_timeout.saturating_mul(2), &mut writer).await;
            writer.abort();
        }
        Flow::Abort => writer.abort(),
    }
}

async fn write_loop<W>(mut wr: W, mut rx: mpsc::Receiver<Bytes>, limit: std::time::Duration)
where
    W: AsyncWrite + Unpin,
{
    // Reused for coalescing; a lone buffer is written as it is.
    let mut joined = BytesMut::new();
    while let Some(first) = rx.recv().await {
        let data: &[u8] = match rx.try_recv() {
            Err(_) => &first,
            Ok(second) => {
                joined.clear();
                joined.extend_from_slice(&first);
                joined.extend_from_slice(&second);
                // Coalesce what is already queued into one write.
                while joined.len() < WRITE_COALESCE {
                    match rx.try_recv() {
                        Ok(more) => joined.extend_from_slice(&more),
                        Err(_) => break,
                    }
                }
                &joined
            }
        };
        let ok = timeout(limit, async {
            wr.write_all(data).await?;
            wr.flush().await
        })
        .await;
        if !matches!(ok, Ok(Ok(()))) {
            tracing::debug!("api peer not reading; dropping the connection");
            return;
        }
    }
    let _ = timeout(limit, wr.shutdown()).await;
}

impl Conn {
    async fn read_loop<R>(
        &mut self,
        mut rd: R,
        mut stop: watch::Receiver<bool>,
        writer: &mut tokio::task::JoinHandle<()>,
        auth: &AuthHandle,
    ) -> Flow
    where
        R: AsyncRead + Unpin,
    {
        let mut reboots = self.device.reboots();
        let mut decoder = Decoder::new(PRELOGIN_LIMITS);
        let mut buf = BytesMut::with_capacity(4096);
        let now = Instant::now();
        // An absurd setting means "a year", not an overflow.
        let login_deadline = now
            .checked_add(self.settings.login_timeout)
            .unwrap_or(now + std::time::Duration::from_secs(365 * 86_400));
        loop {
            loop {
                match decoder.decode(&mut buf) {
                    Ok(Some(sentence)) => {
                        let was_logged_in = self.session.is_some();
                        match self.handle(sentence).await {
                            Flow::Continue => {}
                            other => return other,
                        }
                        if !was_logged_in && self.session.is_some() {
                            decoder.set_limits(Limits::server());
                            auth.mark_authenticated();
                        }
                    }
                    Ok(None) => break,
                    Err(e) => {
                        tracing::debug!(peer = %self.peer, error = %e, "api framing error; closing");
                        return Flow::Abort;
                    }
                }
            }
            // Every complete command is answered: out with the replies.
            if !self.flush().await {
                return Flow::Abort;
            }
            let logged_in = self.session.is_some();
            // Read in big chunks; the decoder has already reserved room
            // for an announced word (bounded by the limits).
            if buf.capacity() - buf.len() < READ_CHUNK / 4 {
                buf.reserve(READ_CHUNK);
            }
            tokio::select! {
                biased;
                _ = stop.changed() => return Flow::Abort,
                // A reboot drops every session after its replies are out.
                _ = reboots.changed() => return Flow::Close,
                _ = &mut *writer => return Flow::Abort,
                _ = tokio::time::sleep_until(login_deadline), if !logged_in => {
                    tracing::debug!(peer = %self.peer, "api login timeout");
                    return Flow::Abort;
                }
                r = rd.read_buf(&mut buf) => match r {
                    Ok(0) | Err(_) => return Flow::Continue,
                    Ok(_) => {}
                },
            }
        }
    }

    /// Add replies to the batch, queueing it once it is big; false when
    /// the writer is gone.
    async fn send(&mut self, tag: &Option<Bytes>, replies: Vec<Reply>) -> bool {
        for r in &replies {
            encode(tag, r, &mut self.batch);
        }
        if self.batch.len() >= BATCH_BYTES {
            return self.flush().await;
        }
        true
    }

    /// Queue the batched replies for the writer (waiting while its queue
    /// is full); false when the writer is gone. The batch buffer's memory
    /// is reused once the writer has written it.
    async fn flush(&mut self) -> bool {
        if self.batch.is_empty() {
            return true;
        }
        let ready = self.batch.split().freeze();
        self.out.send(ready).await.is_ok()
    }

    async fn handle(&mut self, sentence: Sentence) -> Flow {
        if self.session.is_none() {
            self.prelogin_sentences += 1;
            if self.prelogin_sentences > self.settings.max_prelogin_sentences {
                tracing::debug!(peer = %self.peer, "too many sentences before login");
                return Flow::Abort;
            }
        }
        let req = match Request::parse(&sentence) {
            Ok(r) => r,
            Err(_) => {
                let tag = sentence
                    .words()
                    .iter()
                    .find_map(|w| w.strip_prefix(b".tag=").map(Bytes::copy_from_slice))
                    .filter(|t| !t.is_empty());
                return self.reply(&tag, trap("no such command prefix", None)).await;
            }
        };
        match req.command.as_ref() {
            b"/login" => self.login(&req).await,
            b"/quit" => {
                encode(
                    &None,
                    &Reply::Fatal {
                        reason: Bytes::from_static(b"session terminated on request"),
                    },
                    &mut self.batch,
                );
                let _ = self.flush().await;
                Flow::Close
            }
            _ => {
                // `/cancel` too: before login there is nothing of this
                // connection to cancel, and it is refused like any command.
                let Some(session) = self.session.as_ref() else {
                    return self.reply(&req.tag, trap("not logged in", None)).await;
                };
                if !self.device.session_current(session) {
                    // The user was removed, disabled or given another
                    // password since this connection logged in: the
                    // session is over (inferred: RouterOS drops the
                    // sessions of a removed user).
                    tracing::debug!(peer = %self.peer, "api session revoked");
                    return self.revoked().await;
                }
                if req.command.as_ref() == b"/cancel" {
                    return self.cancel(&req).await;
                }
                let outcome = self
                    .device
                    .run(session, &req.command, &req.attributes, &req.queries);
                match outcome {
                    Outcome::Done(replies) => self.reply(&req.tag, replies).await,
                    Outcome::Stream(stream) => self.start_stream(req.tag, stream).await,
                }
            }
        }
    }

    /// End a connection whose user's credentials changed: `!fatal`, then
    /// close once it is flushed.
    async fn revoked(&mut self) -> Flow {
        encode(
            &None,
            &Reply::Fatal {
                reason: Bytes::from_static(b"not logged in"),
            },
            &mut self.batch,
        );
        let _ = self.flush().await;
        Flow::Close
    }

    async fn reply(&mut self, tag: &Option<Bytes>, replies: Vec<Reply>) -> Flow {
        if self.send(tag, replies).await {
            Flow::Continue
        } else {
            Flow::Abort
        }
    }

    async fn login(&mut self, req: &Request) -> Flow {
        let a = &req.attributes;
        let name = a.get("name");
        let legacy = self.device.config().legacy_login;
        // `/user address`: a login from elsewhere fails like a bad password.
        let allowed = name.is_none_or(|n| self.device.login_allowed_from(n, self.peer.ip()));
        let session = match (name, a.get("response")) {
            (Some(name), Some(response)) => {
                let challenge = self.challenge.take();
                let ok = match (legacy, challenge) {
                    (true, Some(c)) if allowed => self.device.authenticate_md5(name, response, &c),
                    _ => None,
                };
                match ok {
                    Some(s) => Ok(s),
                    None if legacy => Err("cannot log in"),
                    None => Err("invalid user name or password (6)"),
                }
            }
            (Some(name), None) if !legacy => {
                let password = a.get("password").unwrap_or_default();
                allowed
                    .then(|| self.device.authenticate(name, password))
                    .flatten()
                    .ok_or("invalid user name or password (6)")
            }
            _ => {
                // Bare /login, or a legacy router ignoring =password=:
                // hand out a challenge.
                let c = self
                    .settings
                    .fixed_challenge
                    .unwrap_or_else(rand::random::<[u8; 16]>);
                self.challenge = Some(c);
                return self.reply(&req.tag, vec![done_ret(hex::encode(c))]).await;
            }
        };
        match session {
            Ok(s) => {
                if !self.flush().await {
                    return Flow::Abort;
                }
                // A new login replaces the session. Commands of the
                // previous one must not go on with its rights: they end
                // as if cancelled, before the login's `!done`. (Inferred;
                // what RouterOS does is not documented.)
                self.running.retain(|r| !r.cancel.is_closed());
                let previous = std::mem::take(&mut self.running);
                let closings = self.close_streams(previous).await;
                if let Some(old) = self.session.replace(s) {
                    self.device.logout(&old);
                }
                match self.send_closings(closings, None).await {
                    Flow::Continue => self.reply(&req.tag, vec![done()]).await,
                    other => other,
                }
            }
            Err(message) => {
                let flow = self.reply(&req.tag, trap(message, None)).await;
                if self.settings.close_on_login_failure {
                    Flow::Close
                } else {
                    flow
                }
            }
        }
    }

    async fn start_stream(&mut self, tag: Option<Bytes>, stream: SimStream) -> Flow {
        // Replies before the stream's rows, in the order commands came.
        if !self.flush().await {
            return Flow::Abort;
        }
        self.running.retain(|r| !r.cancel.is_closed());
        while self.streams.try_join_next().is_some() {}
        if self.running.len() >= MAX_STREAMS {
            return self
                .reply(&tag, trap("failure: too many concurrent commands", None))
                .await;
        }
        let (cancel, cancel_rx) = oneshot::channel();
        let ending = Arc::new(Ending::default());
        self.running.push(Running {
            tag: tag.clone(),
            cancel,
            ending: ending.clone(),
        });
        self.streams.spawn(run_stream(
            stream,
            StreamLink {
                tag,
                out: self.out.clone(),
                cancel: cancel_rx,
                ending,
                lag_rows: self.settings.cancel_lag_rows,
            },
        ));
        Flow::Continue
    }

    /// End the streams in `chosen` and collect their closing replies (in
    /// `chosen` order); nothing is sent yet. Every task is asked at once,
    /// so the whole wait is bounded by one `write_timeout` (twice at worst).
    async fn close_streams(&self, chosen: Vec<Running>) -> Vec<(Option<Bytes>, Closing)> {
        let asked: Vec<_> = chosen
            .into_iter()
            .map(|r| {
                let (tx, rx) = oneshot::channel();
                let rx = r.cancel.send(tx).is_ok().then_some(rx);
                (r.tag, r.ending, rx)
            })
            .collect();
        let now = Instant::now();
        // An absurd setting means "a year", not an overflow.
        let deadline = now
            .checked_add(self.settings.write_timeout)
            .unwrap_or(now + std::time::Duration::from_secs(365 * 86_400));
        let mut closings = Vec::new();
        for (tag, ending, rx) in asked {
            if let Some(c) = self.close_stream(&ending, rx, deadline).await {
                closings.push((tag, c));
            }
        }
        closings
    }

    /// The closing replies of one asked stream task. A task stuck behind
    /// a full output queue until `deadline` is ended here instead (its
    /// trap, `!empty` if it sent no row, `!done`), so the client always
    /// sees the tag end.
    async fn close_stream(
        &self,
        ending: &Ending,
        mut rx: Option<oneshot::Receiver<Closing>>,
        deadline: Instant,
    ) -> Option<Closing> {
        if let Some(rx) = rx.as_mut() {
            if let Ok(Ok(closing)) = tokio::time::timeout_at(deadline, rx).await {
                return Some(closing);
            }
        }
        if ending.claim() {
            // The task will notice the claim and send nothing more.
            let produced = ending.produced.load(Ordering::Acquire);
            let replies = interrupted(produced, self.device.config().has_empty_reply());
            return Some(Closing::new(Vec::new(), replies));
        }
        // The task claimed the end first: its answer is on the way, or it
        // is sending the `!done` of a stream that ended by itself.
        let rx = rx?;
        match timeout(self.settings.write_timeout, rx).await {
            Ok(Ok(closing)) => Some(closing),
            _ => None,
        }
    }

    /// Send closing replies: every head, then `between` (the cancel's
    /// `!done`, if any), then every tail.
    async fn send_closings(
        &mut self,
        closings: Vec<(Option<Bytes>, Closing)>,
        between: Option<(&Option<Bytes>, Vec<Reply>)>,
    ) -> Flow {
        let mut tails = Vec::with_capacity(closings.len());
        for (tag, c) in closings {
            if !self.send(&tag, c.head).await {
                return Flow::Abort;
            }
            tails.push((tag, c.tail));
        }
        if let Some((tag, replies)) = between {
            if !self.send(tag, replies).await {
                return Flow::Abort;
            }
        }
        for (tag, tail) in tails {
            if !self.send(&tag, tail).await {
                return Flow::Abort;
            }
        }
        Flow::Continue
    }

    async fn cancel(&mut self, req: &Request) -> Flow {
        // Earlier replies first; the stream tasks write on their own.
        if !self.flush().await {
            return Flow::Abort;
        }
        let target = req.attributes.get("tag").map(Bytes::copy_from_slice);
        self.running.retain(|r| !r.cancel.is_closed());
        let (chosen, kept): (Vec<Running>, Vec<Running>) = std::mem::take(&mut self.running)
            .into_iter()
            .partition(|r| match &target {
                Some(t) => r.tag.as_ref() == Some(t),
                None => true,
            });
        self.running = kept;
        let closings = self.close_streams(chosen).await;
        self.send_closings(closings, Some((&req.tag, vec![done()])))
            .await
    }
}

/// A stream task's side of its connection.
struct StreamLink {
    tag: Option<Bytes>,
    out: mpsc::Sender<Bytes>,
    cancel: oneshot::Receiver<CancelRequest>,
    ending: Arc<Ending>,
    lag_rows: usize,
}

/// Drive one stream until it ends, the connection drops, or a cancel
/// request arrives (answered with the closing replies, which the
/// connection sends). Once the connection has claimed the stream's end
/// the task sends nothing more.
async fn run_stream(mut stream: SimStream, mut link: StreamLink) {
    loop {
        tokio::select! {
            biased;
            request = &mut link.cancel => {
                let Ok(reply_to) = request else { return };
                if !link.ending.claim() {
                    return;
                }
                let mut late = Vec::new();
                for _ in 0..link.lag_rows {
                    match stream.next_now() {
                        Some(r) => late.push(r),
                        None => break,
                    }
                }
                let _ = reply_to.send(Closing::new(late, stream.interrupt()));
                return;
            }
            item = stream.next() => {
                let Some(reply) = item else { return };
                let last = matches!(reply, Reply::Done { .. });
                if last {
                    if !link.ending.claim() {
                        return;
                    }
                } else if link.ending.claimed.load(Ordering::Acquire) {
                    return;
                } else {
                    link.ending.produced.store(true, Ordering::Release);
                }
                let mut buf = BytesMut::new();
                encode(&link.tag, &reply, &mut buf);
                if link.out.send(buf.freeze()).await.is_err() || last {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "connection_tests.rs"]
mod tests;
