//! Commands that keep producing rows: change feeds (`listen`, `print
//! =follow=`) and periodic samplers (`monitor-traffic`, `ping`, `print
//! =interval=`).
//!
//! A [`SimStream`] knows nothing about tags or sockets; the API front end
//! drives it with [`SimStream::next`] and ends it with
//! [`SimStream::interrupt`] on `/cancel`.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::broadcast::{self, error::RecvError, error::TryRecvError};
use tokio::time::Instant;

use super::device::Change;
use super::query::Query;
use super::replies::{done, trap_reply};
use super::schema::Menu;
use super::state::Rendered;
use super::value::format_id;
use super::view::{project, query_matches, visible};
use crate::api::proto::Reply;
use crate::record::Attributes;

/// Produces the rows of sample number `section`.
pub(super) type Sampler = Box<dyn FnMut(u64) -> Vec<Attributes> + Send>;

/// Renders every row of a menu now, by id: what a feed polls for values
/// that change without a write (interface counters).
pub(super) type Snapshot = Box<dyn FnMut() -> Vec<(u32, Rendered)> + Send>;

/// A feed's poll of live values: every `interval` the menu is rendered
/// again and rows whose projection changed since they were last sent are
/// sent (inferred: RouterOS sends an interface row again when its
/// counters move; how often is not documented).
pub(super) struct Poll {
    interval: Duration,
    next_at: Option<Instant>,
    snapshot: Snapshot,
    last: HashMap<u32, Attributes>,
}

impl Poll {
    /// Poll `snapshot` every `interval`; the first poll is one interval
    /// after the stream is first read, against the rows as they were then.
    pub(super) fn new(interval: Duration, snapshot: Snapshot) -> Self {
        Self {
            interval: interval.max(Duration::from_millis(10)),
            next_at: None,
            snapshot,
            last: HashMap::new(),
        }
    }
}

/// Most rows [`SimStream::finish_now`] plays out for an endless stream.
const FINISH_NOW_ROWS: usize = 10_000;

/// A running command. See the module documentation.
pub struct SimStream {
    kind: Kind,
    produced: bool,
    empty_reply: bool,
    finished: bool,
}

enum Kind {
    Feed(Feed),
    Periodic(Periodic),
}

struct Feed {
    rx: broadcast::Receiver<Change>,
    menu: &'static Menu,
    query: Query,
    proplist: Option<Vec<Bytes>>,
    sensitive: bool,
    backlog: VecDeque<Attributes>,
    poll: Option<Poll>,
}

struct Periodic {
    interval: Duration,
    next_at: Option<Instant>,
    /// Samples still to take (`None`: endless).
    remaining: Option<u64>,
    section: u64,
    /// Add `=.section=N` to every row.
    sectioned: bool,
    pending: VecDeque<Attributes>,
    sample: Sampler,
}

impl fmt::Debug for SimStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            Kind::Feed(feed) => format!("feed of {}", feed.menu.path),
            Kind::Periodic(p) => format!("periodic every {:?}", p.interval),
        };
        f.debug_struct("SimStream")
            .field("kind", &kind)
            .field("produced", &self.produced)
            .field("finished", &self.finished)
            .finish()
    }
}

impl Feed {
    /// Turn a change into a row for this listener, if it concerns it.
    fn accept(&mut self, change: Change) {
        if change.menu != self.menu.path {
            return;
        }
        match change.row {
            None => {
                let mut a = Attributes::new();
                a.push(
                    Bytes::from_static(b".id"),
                    Bytes::from(format_id(change.id)),
                );
                a.push(Bytes::from_static(b".dead"), Bytes::from_static(b"true"));
                self.backlog.push_back(a);
            }
            Some(row) => {
                let row = visible(self.menu, (*row).clone(), self.sensitive);
                if query_matches(&self.query, &row) {
                    let a = project(&row, self.proplist.as_deref());
                    if let Some(p) = &mut self.poll {
                        p.last.insert(change.id, a.clone());
                    }
                    self.backlog.push_back(a);
                }
            }
        }
    }

    /// The rows as this listener sees them now, by id.
    fn seen_now(&mut self) -> Vec<(u32, Attributes)> {
        let Some(p) = &mut self.poll else {
            return Vec::new();
        };
        (p.snapshot)()
            .into_iter()
            .filter_map(|(id, row)| {
                let row = visible(self.menu, row, self.sensitive);
                query_matches(&self.query, &row)
                    .then(|| (id, project(&row, self.proplist.as_deref())))
            })
            .collect()
    }

    /// Start polling: remember the rows as they are.
    fn start_poll(&mut self) {
        let now = self.seen_now();
        if let Some(p) = &mut self.poll {
            p.last = now.into_iter().collect();
            p.next_at = Some(Instant::now() + p.interval);
        }
    }

    /// One poll: queue the rows that changed since last sent.
    fn tick(&mut self) {
        let now = self.seen_now();
        let Some(p) = &mut self.poll else { return };
        for (id, row) in now {
            if p.last.get(&id) != Some(&row) {
                self.backlog.push_back(row.clone());
                p.last.insert(id, row);
            }
        }
        let base = p.next_at.unwrap_or_else(Instant::now);
        p.next_at = Some(base.checked_add(p.interval).unwrap_or(base));
    }
}

impl Periodic {
    fn tick(&mut self) {
        let section = self.section;
        let mut rows = (self.sample)(section);
        if self.sectioned {
            for r in &mut rows {
                r.push(
                    Bytes::from_static(b".section"),
                    Bytes::from(section.to_string()),
                );
            }
        }
        self.pending.extend(rows);
        self.section += 1;
        if let Some(n) = &mut self.remaining {
            *n = n.saturating_sub(1);
        }
        let base = self.next_at.unwrap_or_else(Instant::now);
        self.next_at = Some(base.checked_add(self.interval).unwrap_or(base));
    }
}

/// The replies that end an interrupted stream: `!trap =category=2
/// =message=interrupted`, then `!empty` if it `produced` nothing and the
/// version has `!empty`, then `!done`. Also used by a front end that has
/// to end a stream whose task no longer answers.
pub(super) fn interrupted(produced: bool, empty_reply: bool) -> Vec<Reply> {
    let mut out = vec![trap_reply("interrupted", Some(2))];
    if !produced && empty_reply {
        out.push(Reply::Empty);
    }
    out.push(done());
    out
}

impl SimStream {
    pub(super) fn feed(
        rx: broadcast::Receiver<Change>,
        menu: &'static Menu,
        query: Query,
        proplist: Option<Vec<Bytes>>,
        sensitive: bool,
        backlog: VecDeque<Attributes>,
        empty_reply: bool,
    ) -> Self {
        // The poll starts on the first `next`: the caller may still hold
        // the device lock here (print =follow= takes its snapshot under it).
        let feed = Feed {
            rx,
            menu,
            query,
            proplist,
            sensitive,
            backlog,
            poll: None,
        };
        Self {
            kind: Kind::Feed(feed),
            produced: false,
            empty_reply,
            finished: false,
        }
    }

    /// Let a feed also poll live values ([`Poll`]); other streams ignore it.
    pub(super) fn with_poll(mut self, poll: Option<Poll>) -> Self {
        if let Kind::Feed(f) = &mut self.kind {
            f.poll = poll;
        }
        self
    }

    /// A sampler taking `count` samples (`None`: until cancelled), the
    /// first at once, then one per `interval`.
    pub(super) fn periodic(
        interval: Duration,
        count: Option<u64>,
        sectioned: bool,
        empty_reply: bool,
        sample: Sampler,
    ) -> Self {
        Self {
            kind: Kind::Periodic(Periodic {
                interval: interval.clamp(Duration::from_millis(10), Duration::from_secs(86_400)),
                next_at: None,
                remaining: count,
                section: 0,
                sectioned,
                pending: VecDeque::new(),
                sample,
            }),
            produced: false,
            empty_reply,
            finished: false,
        }
    }

    /// The next reply: a `!re` row, or `!done` when a finite stream ends
    /// (then `None` forever).
    pub async fn next(&mut self) -> Option<Reply> {
        if self.finished {
            return None;
        }
        loop {
            match &mut self.kind {
                Kind::Feed(f) => {
                    if let Some(a) = f.backlog.pop_front() {
                        self.produced = true;
                        return Some(Reply::Re(a));
                    }
                    if f.poll.as_ref().is_some_and(|p| p.next_at.is_none()) {
                        f.start_poll();
                    }
                    let poll_at = f.poll.as_ref().and_then(|p| p.next_at);
                    let received = match poll_at {
                        Some(at) => {
                            tokio::select! {
                                r = f.rx.recv() => Some(r),
                                () = tokio::time::sleep_until(at) => None,
                            }
                        }
                        None => Some(f.rx.recv().await),
                    };
                    match received {
                        None => f.tick(),
                        Some(Ok(change)) => f.accept(change),
                        // A slow listener misses changes, like a router
                        // dropping events under load.
                        Some(Err(RecvError::Lagged(_))) => {}
                        Some(Err(RecvError::Closed)) => {
                            self.finished = true;
                            return None;
                        }
                    }
                }
                Kind::Periodic(p) => {
                    if let Some(a) = p.pending.pop_front() {
                        self.produced = true;
                        return Some(Reply::Re(a));
                    }
                    if p.remaining == Some(0) {
                        self.finished = true;
                        return Some(done());
                    }
                    if let Some(at) = p.next_at {
                        tokio::time::sleep_until(at).await;
                    }
                    p.tick();
                }
            }
        }
    }

    /// A row that is ready without waiting (buffered changes, or the
    /// sample a periodic command has in flight): what a router still sends
    /// between `/cancel` and the trap.
    pub fn next_now(&mut self) -> Option<Reply> {
        if self.finished {
            return None;
        }
        let row = match &mut self.kind {
            Kind::Feed(f) => loop {
                if let Some(a) = f.backlog.pop_front() {
                    break Some(a);
                }
                match f.rx.try_recv() {
                    Ok(change) => f.accept(change),
                    Err(TryRecvError::Lagged(_)) => {}
                    Err(_) => break None,
                }
            },
            Kind::Periodic(p) => {
                if p.pending.is_empty() && p.remaining != Some(0) {
                    p.tick();
                }
                p.pending.pop_front()
            }
        };
        if row.is_some() {
            self.produced = true;
        }
        row.map(Reply::Re)
    }

    /// The replies that end a cancelled stream: `!trap =category=2
    /// =message=interrupted`, then `!empty` if nothing was produced (7.18+),
    /// then `!done`.
    pub fn interrupt(&mut self) -> Vec<Reply> {
        self.finished = true;
        interrupted(self.produced, self.empty_reply)
    }

    /// True once the stream has ended on its own or was interrupted.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// True for a stream that only ends when cancelled (`listen`,
    /// `print =follow=`, an interval without a count): its
    /// [`finish_now`](Self::finish_now) ends in the interrupt replies.
    pub fn is_endless(&self) -> bool {
        !matches!(&self.kind, Kind::Periodic(p) if p.remaining.is_some())
    }

    /// Play a finite stream out at once, without pacing; an endless one
    /// gives what is ready and then its interrupt replies.
    pub fn finish_now(mut self) -> Vec<Reply> {
        let mut out = Vec::new();
        if !self.is_endless() {
            if let Kind::Periodic(p) = &mut self.kind {
                while p.remaining != Some(0) && out.len() < FINISH_NOW_ROWS {
                    p.tick();
                    out.extend(p.pending.drain(..).map(Reply::Re));
                }
            }
            out.push(done());
            return out;
        }
        if let Kind::Feed(f) = &mut self.kind {
            out.extend(f.backlog.drain(..).take(FINISH_NOW_ROWS).map(Reply::Re));
        }
        self.produced |= !out.is_empty();
        out.extend(self.interrupt());
        out
    }
}
