//! The connection task: the one owner of the socket after login.
//!
//! Callers hand it commands through a bounded queue; it tags each sentence
//! with the caller's tag, writes it, and routes every reply sentence to the
//! command with that `.tag`. So any number of commands run at once over one
//! connection, and a slow or endless one (a `listen`) holds up nobody.
//!
//! The task never waits on a caller: results go through oneshot channels,
//! stream rows into a capped queue. Reading continues while writes are
//! pending, so a router that is busy sending cannot deadlock us.
//!
//! A command ends on its `!done` only. Traps are collected (the first
//! [`TrapList::KEPT`], then only counted) and turned into the command's
//! error at `!done`; a command that traps more than the limit is failed
//! and cancelled. Reply memory is capped per command and per connection
//! (module `budget`): past the connection's cap, the command holding the
//! most is failed and cancelled, so no single bad actor takes the rest
//! down with it. A sentence that is malformed fails its command and
//! cancels it on the router too. Cancelled commands stay registered as
//! *draining* until their `!done`, so the late rows, the `interrupted`
//! trap and the `!empty` the router still sends are dropped quietly; a
//! `!done` that never comes is given up on after the command timeout, and
//! at most [`MAX_DRAINING`] wait at once. A stream whose command finished
//! keeps its unread rows for its consumer but no longer counts them
//! against the connection (module `queue`). If the task itself panics,
//! dropping it fails every open command and stream.
//! Replies with a tag nobody owns are logged at debug level and ignored,
//! never handed to another command. `!fatal`, end of stream or a broken
//! socket fail every pending command and stream; later calls fail at once.
//!
//! Writes have a deadline: while bytes wait to be written and none get
//! through for the command timeout, the router has stopped reading and the
//! connection is dropped (failing every stream that would otherwise wait
//! for ever). The task also ends as soon as every client handle is gone,
//! even while it is not taking requests (the cancel queue closes with
//! them), so a stuck socket never outlives its clients.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use super::budget::ReplyLimits;
use super::connection::{BoxedIo, ReadError};
use super::failure::Failure;
use super::proto::{Reply, Trap, TrapList, encode_length, encode_word, preview};
use super::queue::{RowQueue, STREAM_BUFFER_BYTES, STREAM_BUFFER_ROWS};
use super::request::{Request, RunResult};
use super::shared::ConnState;
use super::view::{FrameDecoder, ReplyKind, SentenceRef};
use crate::record::{Attributes, Command, CommandOutput};

/// Stop taking new commands while this many encoded bytes wait to be
/// written (backpressure reaches callers through the bounded queue).
const WRITE_HIGH_WATER: usize = 1024 * 1024;

/// Room kept free in the read buffer before each read.
const READ_CHUNK: usize = 16 * 1024;

/// Hashes our tags (sequential numbers we hand out ourselves, never
/// chosen by the router) with one multiplication: SipHash's protection
/// against chosen keys buys nothing here and costs on every reply.
#[derive(Default)]
struct TagHasher(u64);

impl Hasher for TagHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Most cancelled commands kept waiting for their `!done` at once; past
/// this the oldest is forgotten (its late replies are then ignored as
/// replies for an unknown tag), so a router that never finishes cancelled
/// commands cannot grow the table without end.
pub(crate) const MAX_DRAINING: usize = 1024;

/// One command the router has not finished.
enum Pending {
    Run {
        output: CommandOutput,
        /// Memory of the rows and kept traps collected so far.
        held: usize,
        traps: TrapList,
        done: oneshot::Sender<RunResult>,
    },
    Stream {
        queue: Arc<RowQueue>,
        /// Memory of the kept traps (the queue counts its own rows).
        held: usize,
        traps: TrapList,
    },
    /// Cancelled or abandoned: swallow everything up to `!done`, or until
    /// it is forgotten (see [`Task::forget_stale_drains`]).
    Draining,
}

/// What to do with rows a failed stream's consumer has not taken yet.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Buffered {
    /// Hand them over before the error (the consumer may want them).
    Keep,
    /// Drop them now: the failure is about the memory they take.
    Drop,
}

impl Pending {
    /// A command that just went out and waits for its first reply.
    fn run(done: oneshot::Sender<RunResult>) -> Self {
        Pending::Run {
            output: CommandOutput::default(),
            held: 0,
            traps: TrapList::new(),
            done,
        }
    }

    fn stream(queue: Arc<RowQueue>) -> Self {
        Pending::Stream {
            queue,
            held: 0,
            traps: TrapList::new(),
        }
    }

    /// Memory this command holds toward the connection's budget; `None`
    /// when it is no longer active (draining).
    fn held(&self) -> Option<usize> {
        match self {
            Pending::Run { held, .. } => Some(*held),
            Pending::Stream { queue, held, .. } => Some(held.saturating_add(queue.bytes())),
            Pending::Draining => None,
        }
    }
}

/// Why the task stopped.
enum Exit {
    /// Every client handle is gone; nothing can be waiting.
    ClientsGone,
    Fatal(String),
    Read(ReadError),
    Write(std::io::Error),
    /// Bytes waited to be written and none got through for this long.
    WriteStalled(Duration),
}

pub(crate) struct Task {
    shared: Arc<ConnState>,
    limits: ReplyLimits,
    /// How long writing may make no progress before the connection is
    /// given up (the command timeout).
    write_timeout: Duration,
    pending: HashMap<u64, Pending, BuildHasherDefault<TagHasher>>,
    wbuf: BytesMut,
    /// Bytes accepted by the transport so far / queued so far.
    written: u64,
    queued: u64,
    needs_flush: bool,
    /// Streams waiting to hear that their command is on the wire.
    write_acks: VecDeque<(u64, oneshot::Sender<()>)>,
    /// A malformed reply was logged at warn level already; further ones go
    /// to debug, so a broken peer cannot flood the log.
    warned_malformed: bool,
    /// Tags that became draining, oldest first, with when: a cancelled
    /// command whose `!done` never comes leaves the table after the
    /// command timeout, or when more than [`MAX_DRAINING`] wait.
    drains: VecDeque<(u64, Instant)>,
}

impl Task {
    pub(crate) fn new(
        shared: Arc<ConnState>,
        limits: ReplyLimits,
        write_timeout: Duration,
    ) -> Self {
        Self {
            shared,
            limits,
            write_timeout,
            pending: HashMap::default(),
            wbuf: BytesMut::with_capacity(4096),
            written: 0,
            queued: 0,
            needs_flush: false,
            write_acks: VecDeque::new(),
            warned_malformed: false,
            drains: VecDeque::new(),
        }
    }

    /// Run until the connection ends, then fail whatever is still pending.
    pub(crate) async fn run(
        mut self,
        io: BoxedIo,
        mut decoder: FrameDecoder,
        mut rbuf: BytesMut,
        mut requests: mpsc::Receiver<Request>,
        mut cancels: mpsc::UnboundedReceiver<u64>,
    ) {
        let (mut reader, mut writer) = tokio::io::split(io);
        // Bytes that arrived together with the last login reply.
        let mut exit = self.process_input(&mut decoder, &mut rbuf).err();
        // Armed while there is something to write; re-armed on progress.
        let stall = tokio::time::sleep(self.write_timeout);
        tokio::pin!(stall);
        let mut stall_armed = false;
        while exit.is_none() {
            let want_write = !self.wbuf.is_empty() || self.needs_flush;
            if !want_write {
                stall_armed = false;
            } else if !stall_armed {
                // Checked: `Duration::MAX` (no limit) must not overflow.
                stall.as_mut().reset(deadline(self.write_timeout));
                stall_armed = true;
            }
            let accept = self.wbuf.len() < WRITE_HIGH_WATER;
            // Room for a whole burst of replies in one read.
            if rbuf.capacity() - rbuf.len() < READ_CHUNK / 4 {
                rbuf.reserve(READ_CHUNK);
            }
            tokio::select! {
                read = reader.read_buf(&mut rbuf) => {
                    exit = match read {
                        Ok(0) => Some(Exit::Read(ReadError::Closed)),
                        Ok(_) => self.process_input(&mut decoder, &mut rbuf).err(),
                        Err(e) => Some(Exit::Read(ReadError::Io(e))),
                    };
                }
                wrote = write_some(&mut writer, &mut self.wbuf, &mut self.needs_flush), if want_write => {
                    match wrote {
                        Ok(n) => {
                            if n > 0 {
                                stall_armed = false;
                            }
                            self.on_written(n);
                        }
                        Err(e) => exit = Some(Exit::Write(e)),
                    }
                }
                () = &mut stall, if stall_armed => {
                    exit = Some(Exit::WriteStalled(self.write_timeout));
                }
                request = requests.recv(), if accept => match request {
                    Some(r) => {
                        self.on_queued(r, &mut cancels);
                        // Take the rest of a burst too, so that 64
                        // commands issued at once go out in one write.
                        while self.wbuf.len() < WRITE_HIGH_WATER {
                            match requests.try_recv() {
                                Ok(r) => self.on_queued(r, &mut cancels),
                                Err(_) => break,
                            }
                        }
                    }
                    None => exit = Some(Exit::ClientsGone),
                },
                // Polled even while not accepting: its closing is how the
                // task learns that every handle is gone.
                target = cancels.recv() => match target {
                    Some(target) => self.cancel(target, None),
                    None => exit = Some(Exit::ClientsGone),
                },
            }
        }
        let failure = match exit {
            Some(Exit::ClientsGone) | None => {
                let _ = tokio::time::timeout(Duration::from_secs(1), writer.shutdown()).await;
                Failure::Disconnected("the client was closed".to_string())
            }
            Some(Exit::Fatal(reason)) => {
                Failure::Disconnected(format!("router sent !fatal: {reason}"))
            }
            Some(Exit::Read(ReadError::Frame(e))) => {
                Failure::Protocol(format!("unreadable reply, connection dropped: {e}"))
            }
            Some(Exit::Read(e)) => Failure::Disconnected(e.to_string()),
            Some(Exit::Write(e)) => {
                Failure::Disconnected(format!("connection failed while writing: {e}"))
            }
            Some(Exit::WriteStalled(after)) => Failure::Disconnected(format!(
                "the router stopped reading: nothing could be written for {after:?}, so the connection was dropped"
            )),
        };
        let reason = match &failure {
            Failure::Disconnected(r) | Failure::Protocol(r) => r.clone(),
            Failure::Traps(_) => String::new(),
        };
        tracing::debug!(router = %self.shared.label, %reason, "connection ended");
        self.shared.mark_closed(failure.clone());
        requests.close();
        // Commands still queued were never sent; they fail like the rest.
        while let Ok(r) = requests.try_recv() {
            self.on_request(r);
        }
        for (_, p) in std::mem::take(&mut self.pending) {
            self.release(&p);
            match p {
                Pending::Run { done, .. } => {
                    let _ = done.send(Err(failure.clone()));
                }
                Pending::Stream { queue, .. } => queue.finish(Err(failure.clone())),
                Pending::Draining => {}
            }
        }
    }

    /// A request from the queue. Cancels first: a stream dropped before
    /// this command was issued has its /cancel written first.
    fn on_queued(&mut self, request: Request, cancels: &mut mpsc::UnboundedReceiver<u64>) {
        while let Ok(target) = cancels.try_recv() {
            self.cancel(target, None);
        }
        self.on_request(request);
    }

    fn queue_command(&mut self, command: &Command, tag: u64) {
        let before = self.wbuf.len();
        // The words, then `.tag=<decimal>` without building a String.
        for w in command.words() {
            encode_word(w, &mut self.wbuf);
        }
        let mut digits = [0u8; 25];
        let start = decimal(tag, &mut digits);
        let tag_digits = digits.get(start..).unwrap_or_default();
        encode_length(5 + tag_digits.len(), &mut self.wbuf);
        self.wbuf.extend_from_slice(b".tag=");
        self.wbuf.extend_from_slice(tag_digits);
        self.wbuf.extend_from_slice(&[0]);
        self.queued += (self.wbuf.len() - before) as u64;
    }

    fn on_request(&mut self, request: Request) {
        if let Some(failure) = self.shared.closed() {
            // Called only while failing queued requests after the end.
            match request {
                Request::Run { done, .. }
                | Request::Cancel {
                    done: Some(done), ..
                } => {
                    let _ = done.send(Err(failure));
                }
                Request::Stream { queue, .. } => queue.finish(Err(failure)),
                Request::Cancel { done: None, .. } => {}
            }
            return;
        }
        // Also here, not only on new cancels: a connection that keeps
        // working forgets cancelled commands that never finished.
        self.forget_stale_drains();
        match request {
            Request::Run { tag, command, done } => {
                if done.is_closed() {
                    return; // the caller gave up before we got to it
                }
                self.queue_command(&command, tag);
                self.pending.insert(tag, Pending::run(done));
            }
            Request::Stream {
                tag,
                command,
                queue,
                written,
            } => {
                if written.is_closed() {
                    return;
                }
                self.queue_command(&command, tag);
                self.pending.insert(tag, Pending::stream(queue));
                self.write_acks.push_back((self.queued, written));
            }
            Request::Cancel { target, done } => self.cancel(target, done),
        }
    }

    /// Send `/cancel =tag=<target>` and drain the target from now on. The
    /// `/cancel` itself runs under a new tag: as a normal command when a
    /// caller waits for it, else drained.
    fn cancel(&mut self, target: u64, done: Option<oneshot::Sender<RunResult>>) {
        let Some(old) = self.deactivate(target) else {
            // Already finished (or never started): nothing to cancel.
            if let Some(done) = done {
                let _ = done.send(Ok(CommandOutput::default()));
            }
            return;
        };
        if let Pending::Stream { queue, .. } = old {
            queue.finish(Err(Failure::Protocol("the stream was cancelled".into())));
        }
        let tag = self.send_cancel(target);
        if let Some(done) = done {
            self.pending.insert(tag, Pending::run(done));
        }
    }

    /// Stop routing replies to `tag` (they are drained up to its `!done`
    /// from now on) and give back the memory it held. Returns what it
    /// was, or `None` (changing nothing) when it was not active.
    fn deactivate(&mut self, tag: u64) -> Option<Pending> {
        self.pending.get(&tag).and_then(Pending::held)?;
        let old = self.drain(tag)?;
        self.release(&old);
        Some(old)
    }

    /// Mark `tag` draining (returning what it was) and forget drains that
    /// waited too long or too many.
    fn drain(&mut self, tag: u64) -> Option<Pending> {
        let old = self.pending.insert(tag, Pending::Draining);
        self.drains.push_back((tag, Instant::now()));
        self.forget_stale_drains();
        old
    }

    /// Drop draining entries whose `!done` did not come within the command
    /// timeout, and the oldest ones while more than [`MAX_DRAINING`] wait:
    /// a router that never finishes a cancelled command must not keep its
    /// entry (and the tag's routing) for the rest of the connection.
    pub(crate) fn forget_stale_drains(&mut self) {
        if self.drains.is_empty() {
            return;
        }
        let now = Instant::now();
        while let Some(&(tag, since)) = self.drains.front() {
            let expired = since
                .checked_add(self.write_timeout)
                .is_some_and(|end| end <= now);
            if !expired && self.drains.len() <= MAX_DRAINING {
                break;
            }
            self.drains.pop_front();
            if matches!(self.pending.get(&tag), Some(Pending::Draining)) {
                tracing::debug!(router = %self.shared.label, tag, "a cancelled command never finished; forgetting it");
                self.pending.remove(&tag);
            }
        }
    }

    /// Give back the memory a command held that is leaving the table.
    fn release(&self, pending: &Pending) {
        if let Pending::Run { held, .. } | Pending::Stream { held, .. } = pending {
            self.shared.held.release(*held);
        }
    }

    /// Fail an active command with `failure` and cancel it on the router.
    fn abort(&mut self, tag: u64, failure: Failure, buffered: Buffered) {
        match self.deactivate(tag) {
            Some(Pending::Run { done, .. }) => {
                let _ = done.send(Err(failure));
            }
            Some(Pending::Stream { queue, .. }) => match buffered {
                Buffered::Keep => queue.finish(Err(failure)),
                Buffered::Drop => queue.abandon(failure),
            },
            Some(Pending::Draining) | None => return,
        }
        self.send_cancel(tag);
    }

    /// Make room for `size` more bytes for `tag` within the connection's
    /// budget: while the total would pass it, fail and cancel whichever
    /// active command holds the most (counting `size` for `tag`). Returns
    /// false when that was `tag` itself.
    fn make_room(&mut self, tag: u64, size: usize) -> bool {
        let limit = self.limits.connection_bytes;
        while self.shared.held.get().saturating_add(size) > limit {
            let biggest = self
                .pending
                .iter()
                .filter_map(|(&t, p)| {
                    let incoming = if t == tag { size } else { 0 };
                    Some((p.held()?.saturating_add(incoming), t))
                })
                .max();
            let Some((held, victim)) = biggest else {
                return false;
            };
            tracing::debug!(router = %self.shared.label, tag = victim, held, limit, "reply budget exceeded; cancelling the biggest command");
            let failure = Failure::Protocol(format!(
                "reply too large: this connection's replies waiting to be taken passed {limit} bytes; this command held the most ({held} bytes) and was cancelled"
            ));
            self.abort(victim, failure, Buffered::Drop);
            if victim == tag {
                return false;
            }
        }
        if let Some(budget) = self.shared.held.shared_overflow(size) {
            // The run's budget is shared with other routers, whose
            // commands this connection cannot cancel: the command that
            // asks for more is the one that fails.
            let (limit, used) = (budget.limit(), budget.used());
            tracing::debug!(router = %self.shared.label, tag, used, limit, "run memory budget exhausted; cancelling the command");
            let failure = Failure::Protocol(format!(
                "reply too large: replies held across the run ({used} bytes) would pass the memory budget of {limit} bytes (--max-memory); the command was cancelled"
            ));
            self.abort(tag, failure, Buffered::Drop);
            return false;
        }
        true
    }

    /// Queue `/cancel =tag=<target>` under a fresh tag, registered as
    /// drained (a caller that waits re-registers it); returns that tag.
    fn send_cancel(&mut self, target: u64) -> u64 {
        let tag = self.shared.next_tag();
        let command = Command::new("/cancel").attr("tag", target.to_string());
        self.queue_command(&command, tag);
        self.drain(tag);
        tag
    }

    fn on_written(&mut self, n: usize) {
        self.written += n as u64;
        while let Some((offset, _)) = self.write_acks.front() {
            if *offset > self.written {
                break;
            }
            if let Some((_, ack)) = self.write_acks.pop_front() {
                let _ = ack.send(());
            }
        }
    }

    /// Frame and route every complete sentence in `rbuf`. Sentences are
    /// read in place (no allocation per word); owned values are built
    /// only for rows and traps a pending command keeps.
    fn process_input(
        &mut self,
        decoder: &mut FrameDecoder,
        rbuf: &mut BytesMut,
    ) -> Result<(), Exit> {
        loop {
            match decoder.next(rbuf, |sentence| self.on_sentence(sentence)) {
                Ok(Some(routed)) => routed?,
                Ok(None) => return Ok(()),
                Err(e) => return Err(Exit::Read(ReadError::Frame(e))),
            }
        }
    }

    fn on_sentence(&mut self, sentence: SentenceRef<'_>) -> Result<(), Exit> {
        let reply = match sentence.reply() {
            Ok(r) => r,
            Err(e) => {
                self.on_malformed(sentence, &e.to_string());
                return Ok(());
            }
        };
        if reply.kind() == ReplyKind::Fatal {
            return Err(Exit::Fatal(preview(&reply.fatal_reason())));
        }
        let Some(tag) = reply.tag().and_then(parse_tag) else {
            tracing::debug!(router = %self.shared.label, tag = ?reply.tag().map(preview), "ignoring a reply with no known tag");
            return Ok(());
        };
        let draining = match self.pending.get(&tag) {
            None => {
                tracing::debug!(router = %self.shared.label, tag, "ignoring a reply for an unknown tag");
                return Ok(());
            }
            Some(p) => matches!(p, Pending::Draining),
        };
        match reply.kind() {
            ReplyKind::Done => self.complete(tag, reply.to_attributes()),
            _ if draining => {
                tracing::trace!(router = %self.shared.label, tag, "dropping a reply for a cancelled command");
            }
            ReplyKind::Re => self.on_row(tag, reply.to_attributes()),
            ReplyKind::Trap => {
                if let Reply::Trap(trap) = reply.to_response().reply {
                    self.on_trap(tag, trap);
                }
            }
            // Streams end only on !done; !empty just means "nothing yet".
            ReplyKind::Empty => {
                if let Some(Pending::Run { output, .. }) = self.pending.get_mut(&tag) {
                    output.empty = true;
                }
            }
            ReplyKind::Fatal => {}
        }
        Ok(())
    }

    /// A `!re` for an active command: keep it, within the caps.
    fn on_row(&mut self, tag: u64, row: Attributes) {
        let size = row.memory_size();
        let run_limit = self.limits.run_bytes;
        if let Some(Pending::Run { held, .. }) = self.pending.get(&tag) {
            if held.saturating_add(size) > run_limit {
                let failure = Failure::Protocol(format!(
                    "reply too large: the reply exceeded {run_limit} bytes; the command was cancelled (use a stream for replies this big, or raise --max-memory)"
                ));
                return self.abort(tag, failure, Buffered::Keep);
            }
        }
        if !self.make_room(tag, size) {
            return;
        }
        let overflow = match self.pending.get_mut(&tag) {
            Some(Pending::Run { output, held, .. }) => {
                *held += size;
                self.shared.held.charge(size);
                output.rows.push(row);
                false
            }
            Some(Pending::Stream { queue, .. }) => queue.push(row).is_err(),
            Some(Pending::Draining) | None => false,
        };
        if overflow {
            let failure = Failure::Protocol(format!(
                "the stream's consumer fell more than {STREAM_BUFFER_ROWS} rows or {STREAM_BUFFER_BYTES} bytes behind; the command was cancelled"
            ));
            self.abort(tag, failure, Buffered::Keep);
        }
    }

    /// A `!trap` for an active command: keep the first few, count the
    /// rest, and give up on a command that traps past the limit.
    fn on_trap(&mut self, tag: u64, trap: Trap) {
        let (count, full) = match self.pending.get(&tag) {
            Some(Pending::Run { traps, .. } | Pending::Stream { traps, .. }) => {
                (traps.len(), traps.is_full())
            }
            Some(Pending::Draining) | None => return,
        };
        let limit = self.limits.traps;
        if count >= limit {
            let failure = Failure::Protocol(format!(
                "the router sent more than {limit} !trap replies for one command; the command was cancelled"
            ));
            return self.abort(tag, failure, Buffered::Keep);
        }
        let size = if full { 0 } else { trap.memory_size() };
        if size > 0 && !self.make_room(tag, size) {
            return;
        }
        if let Some(Pending::Run { traps, held, .. } | Pending::Stream { traps, held, .. }) =
            self.pending.get_mut(&tag)
        {
            if traps.push(trap) {
                *held += size;
                self.shared.held.charge(size);
            }
        }
    }

    /// `!done` for a pending command: deliver its result.
    fn complete(&mut self, tag: u64, attributes: Attributes) {
        let Some(pending) = self.pending.remove(&tag) else {
            return;
        };
        // The rows now belong to the caller, not to the connection.
        self.release(&pending);
        match pending {
            Pending::Run {
                mut output,
                traps,
                done,
                ..
            } => {
                let result = if traps.is_empty() {
                    output.done = attributes;
                    Ok(output)
                } else {
                    Err(Failure::Traps(traps))
                };
                let _ = done.send(result);
            }
            Pending::Stream { queue, traps, .. } => queue.finish(if traps.is_empty() {
                Ok(())
            } else {
                Err(Failure::Traps(traps))
            }),
            Pending::Draining => {}
        }
    }

    /// A sentence that is not a valid reply. If it names one of our tags,
    /// that command fails with a protocol error; otherwise it is ignored.
    /// `problem` quotes words only as [`preview`]s, so it stays short.
    fn on_malformed(&mut self, sentence: SentenceRef<'_>, problem: &str) {
        if self.warned_malformed {
            tracing::debug!(router = %self.shared.label, %problem, "malformed reply sentence");
        } else {
            self.warned_malformed = true;
            tracing::warn!(router = %self.shared.label, %problem, "malformed reply sentence (more on this connection are logged at debug level)");
        }
        let tag = sentence
            .words()
            .find_map(|w| w.strip_prefix(b".tag="))
            .and_then(parse_tag);
        let Some(tag) = tag.filter(|t| self.pending.contains_key(t)) else {
            return;
        };
        let is_done = sentence.word(0) == Some(b"!done");
        let failure = Failure::Protocol(format!("malformed reply: {problem}"));
        if !is_done {
            // Still running on the router (a `listen` would run for the
            // rest of the connection): cancel it there, and drain its
            // entry up to the `!done` the cancel brings.
            return self.abort(tag, failure, Buffered::Keep);
        }
        let old = self.pending.remove(&tag);
        if let Some(p) = &old {
            self.release(p);
        }
        match old {
            Some(Pending::Run { done, .. }) => {
                let _ = done.send(Err(failure));
            }
            Some(Pending::Stream { queue, .. }) => queue.finish(Err(failure)),
            Some(Pending::Draining) | None => {}
        }
    }
}

impl Drop for Task {
    /// Normally `run` has emptied the table by now. If the task panicked
    /// (or was dropped mid-way), fail what is left: a stream nobody ends
    /// would otherwise wait for ever, and later calls fail at once.
    fn drop(&mut self) {
        let failure = Failure::Disconnected("the connection task stopped unexpectedly".into());
        self.shared.mark_closed(failure.clone());
        for (_, p) in std::mem::take(&mut self.pending) {
            self.release(&p);
            match p {
                Pending::Run { done, .. } => {
                    let _ = done.send(Err(failure.clone()));
                }
                Pending::Stream { queue, .. } => queue.finish(Err(failure.clone())),
                Pending::Draining => {}
            }
        }
    }
}

/// `after` from now, or (when that overflows, as `Duration::MAX` does)
/// as far ahead as makes no difference.
fn deadline(after: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(after)
        .or_else(|| now.checked_add(FAR_FUTURE))
        .unwrap_or(now)
}

/// "Never", for a deadline: about 30 years.
const FAR_FUTURE: Duration = Duration::from_secs(86_400 * 365 * 30);

/// Write `n` in decimal at the end of `buf`; returns where it starts.
fn decimal(mut n: u64, buf: &mut [u8; 25]) -> usize {
    let mut at = buf.len();
    loop {
        at -= 1;
        if let Some(d) = buf.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            return at;
        }
    }
}

/// Our tags are decimal numbers; anything else is not ours.
fn parse_tag(tag: &[u8]) -> Option<u64> {
    let s = std::str::from_utf8(tag).ok()?;
    crate::values::parse_u64(s)
}

/// Write what is buffered; flush once the buffer is empty. Returns the
/// number of bytes the transport accepted. Safe to cancel: a write either
/// happened (and was counted) or did not; a cancelled flush is retried.
async fn write_some(
    writer: &mut tokio::io::WriteHalf<BoxedIo>,
    wbuf: &mut BytesMut,
    needs_flush: &mut bool,
) -> std::io::Result<usize> {
    if wbuf.is_empty() {
        writer.flush().await?;
        *needs_flush = false;
        return Ok(0);
    }
    let n = writer.write_buf(wbuf).await?;
    if n == 0 {
        return Err(std::io::ErrorKind::WriteZero.into());
    }
    *needs_flush = true;
    Ok(n)
}

#[cfg(test)]
#[path = "mux_tests.rs"]
mod tests;
