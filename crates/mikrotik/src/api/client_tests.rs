//! Client tests against the in-memory fake router (`test_peer`), under
//! paused time: reply caps and the connection budget, trap limits, a
//! router that stops reading, what malformed replies log.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use routerctl_core::Error;
use tokio::io::AsyncWriteExt;
use tracing::field::{Field, Visit};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber, span};

use super::budget::ReplyLimits;
use super::config::Timeouts;
use super::proto::Reply;
use super::stream::ReplyStream;
use super::test_peer::{STEP, done, row, start, trap};
use crate::record::{Attributes, Command};

const PIPE: usize = 1 << 20;

fn limits(run_bytes: usize, connection_bytes: usize, traps: usize) -> ReplyLimits {
    ReplyLimits {
        run_bytes,
        connection_bytes,
        traps,
    }
}

/// A row whose memory size is a little over 1000 bytes.
fn kilobyte_row() -> Reply {
    row(&[("data", &"x".repeat(1000))])
}

#[tokio::test(start_paused = true)]
async fn empty_rows_count_toward_the_run_cap() {
    let (client, mut peer) = start(
        limits(64 * 1024, usize::MAX, 256),
        Timeouts::all(STEP),
        PIPE,
    );
    let router = tokio::spawn(async move {
        let r = peer.expect("/log/print").await;
        // No payload at all, yet ~100 KB of memory on the client.
        for _ in 0..4000 {
            peer.send(r.tag.as_ref(), Reply::Re(Attributes::new()))
                .await;
        }
        peer.answer_cancel(r.tag.as_ref()).await;
        peer
    });
    let err = client.run(Command::new("/log/print")).await.unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    assert!(err.to_string().contains("exceeded 65536 bytes"), "{err}");
    let _peer = router.await.unwrap();
    assert_eq!(client.held_bytes(), 0);
}

#[tokio::test(start_paused = true)]
async fn the_biggest_run_is_cancelled_when_the_connection_budget_is_full() {
    let (client, mut peer) = start(limits(1 << 20, 64 * 1024, 256), Timeouts::all(STEP), PIPE);
    let router = tokio::spawn(async move {
        let a = peer.expect("/a").await;
        let b = peer.expect("/b").await;
        // A holds ~42 KB, then B's rows push the total past 64 KiB.
        for _ in 0..40 {
            peer.send(a.tag.as_ref(), kilobyte_row()).await;
        }
        for _ in 0..25 {
            peer.send(b.tag.as_ref(), kilobyte_row()).await;
        }
        peer.answer_cancel(a.tag.as_ref()).await;
        peer.send(b.tag.as_ref(), done()).await;
        peer
    });
    let (a, b) = futures_util::future::join(
        client.run(Command::new("/a")),
        client.run(Command::new("/b")),
    )
    .await;
    let err = a.unwrap_err();
    assert!(err.to_string().contains("held the most"), "{err}");
    assert!(err.to_string().contains("passed 65536 bytes"), "{err}");
    assert_eq!(
        b.unwrap().rows.len(),
        25,
        "the smaller command is untouched"
    );
    let _peer = router.await.unwrap();
    assert_eq!(client.held_bytes(), 0);
}

#[tokio::test(start_paused = true)]
async fn an_unread_stream_counts_toward_the_connection_budget() {
    let (client, mut peer) = start(limits(1 << 20, 64 * 1024, 256), Timeouts::all(STEP), PIPE);
    let router = tokio::spawn(async move {
        let listen = peer.expect("/log/listen").await;
        let print = peer.expect("/ip/address/print").await;
        for _ in 0..40 {
            peer.send(listen.tag.as_ref(), kilobyte_row()).await;
        }
        for _ in 0..25 {
            peer.send(print.tag.as_ref(), kilobyte_row()).await;
        }
        peer.answer_cancel(listen.tag.as_ref()).await;
        peer.send(print.tag.as_ref(), done()).await;
        peer
    });
    let mut stream = client.stream(Command::new("/log/listen")).await.unwrap();
    let out = client.run(Command::new("/ip/address/print")).await.unwrap();
    assert_eq!(out.rows.len(), 25);
    // The stream's buffered rows were dropped to free the memory.
    let first = tokio::time::timeout(STEP, stream.next()).await.unwrap();
    let err = first.unwrap().unwrap_err();
    assert!(err.to_string().contains("held the most"), "{err}");
    assert!(stream.next().await.is_none());
    let _peer = router.await.unwrap();
    assert_eq!(client.held_bytes(), 0);
}

#[tokio::test(start_paused = true)]
async fn endless_traps_fail_and_cancel_the_command() {
    let (client, mut peer) = start(limits(1 << 20, 1 << 20, 20), Timeouts::all(STEP), PIPE);
    let router = tokio::spawn(async move {
        let r = peer.expect("/tool/fetch").await;
        for i in 0..25 {
            peer.send(r.tag.as_ref(), trap(&format!("t{i}"))).await;
        }
        peer.answer_cancel(r.tag.as_ref()).await;
        peer
    });
    let err = client.run(Command::new("/tool/fetch")).await.unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    assert!(err.to_string().contains("more than 20 !trap"), "{err}");
    let _peer = router.await.unwrap();
    assert_eq!(client.held_bytes(), 0);
}

#[tokio::test(start_paused = true)]
async fn only_the_first_traps_are_kept_and_the_rest_counted() {
    let (client, mut peer) = start(ReplyLimits::default(), Timeouts::all(STEP), PIPE);
    let router = tokio::spawn(async move {
        let r = peer.expect("/ip/address/add").await;
        for i in 0..20 {
            peer.send(r.tag.as_ref(), trap(&format!("t{i}"))).await;
        }
        peer.send(r.tag.as_ref(), done()).await;
        peer
    });
    let err = client
        .run(Command::new("/ip/address/add"))
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("t0, t1"), "{message}");
    assert!(message.ends_with("t15 (and 4 more traps)"), "{message}");
    let _peer = router.await.unwrap();
    assert_eq!(client.held_bytes(), 0);
}

/// A pipe this small fills with one bigger command once the router stops
/// reading.
const SMALL_PIPE: usize = 4096;

#[tokio::test(start_paused = true)]
async fn a_router_that_stops_reading_ends_the_connection() {
    let (client, mut peer) = start(
        ReplyLimits::default(),
        Timeouts::all(Duration::from_secs(5)),
        SMALL_PIPE,
    );
    let mut stream = client.stream(Command::new("/log/listen")).await.unwrap();
    peer.expect("/log/listen").await;
    // From here on the router reads nothing; this command cannot get out.
    let big = Command::new("/file/set").attr("contents", "x".repeat(64 * 1024));
    assert!(client.run(big).await.is_err());
    // The stream hears that the connection is gone instead of waiting for
    // ever on a connection nobody can use.
    let item = tokio::time::timeout(STEP, stream.next())
        .await
        .expect("the stream was left waiting");
    let err = item.unwrap().unwrap_err();
    assert!(matches!(err, Error::Disconnected { .. }), "{err:?}");
    assert!(err.to_string().contains("stopped reading"), "{err}");
    assert!(client.is_closed());
}

#[tokio::test(start_paused = true)]
async fn dropping_every_handle_ends_a_connection_whose_writes_are_stuck() {
    // A write timeout far beyond the test's patience: only noticing the
    // dropped handles can end this connection in time.
    let (client, mut peer) = start(
        ReplyLimits::default(),
        Timeouts::all(Duration::from_secs(3600)),
        SMALL_PIPE,
    );
    // More than the write high-water mark: the task stops taking requests.
    let big = Command::new("/file/set").attr("contents", "x".repeat(2 * 1024 * 1024));
    let gave_up = tokio::time::timeout(Duration::from_secs(1), client.run(big)).await;
    assert!(gave_up.is_err(), "the command cannot have finished");
    drop(client);
    // Without reading (which would let the writes through), wait for the
    // client's end of the pipe to close.
    let closed = tokio::time::timeout(STEP, async {
        while peer.io.write_all(&[0]).await.is_ok() {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the connection task outlived every client handle"
    );
}

/// Every event logged on this thread: its level and its fields as text.
#[derive(Clone, Default)]
struct LogCapture(Arc<Mutex<Vec<(Level, String)>>>);

impl LogCapture {
    fn events(&self) -> Vec<(Level, String)> {
        self.0.lock().unwrap().clone()
    }
}

struct FieldText(String);

impl Visit for FieldText {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
}

impl Subscriber for LogCapture {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        // Ask `enabled` every time: other tests' threads log elsewhere.
        Interest::sometimes()
    }
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        span::Id::from_u64(1)
    }
    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}
    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut text = FieldText(String::new());
        event.record(&mut text);
        self.0
            .lock()
            .unwrap()
            .push((*event.metadata().level(), text.0));
    }
    fn enter(&self, _: &span::Id) {}
    fn exit(&self, _: &span::Id) {}
}

#[tokio::test(start_paused = true)]
async fn malformed_replies_warn_once_and_never_log_whole_words() {
    let logs = LogCapture::default();
    let _guard = tracing::subscriber::set_default(logs.clone());
    let (client, mut peer) = start(ReplyLimits::default(), Timeouts::all(STEP), PIPE);
    let router = tokio::spawn(async move {
        let r = peer.expect("/system/resource/print").await;
        let huge = vec![b'z'; 1 << 20];
        for _ in 0..5 {
            // An unknown reply word, then a bare word in a !re.
            peer.send_words(&[&huge]).await;
            peer.send_words(&[b"!re", &huge]).await;
        }
        peer.send(r.tag.as_ref(), done()).await;
        peer
    });
    client
        .run(Command::new("/system/resource/print"))
        .await
        .unwrap();
    let _peer = router.await.unwrap();
    let malformed: Vec<_> = logs
        .events()
        .into_iter()
        .filter(|(_, text)| text.contains("malformed reply"))
        .collect();
    assert_eq!(malformed.len(), 10, "{malformed:?}");
    let warnings = malformed.iter().filter(|(l, _)| *l == Level::WARN).count();
    assert_eq!(warnings, 1, "one warning per connection, the rest at debug");
    for (_, text) in &malformed {
        assert!(text.len() < 400, "a log line of {} bytes", text.len());
        assert!(text.contains("(1048576 bytes)"), "{text}");
    }
}

#[tokio::test(start_paused = true)]
async fn timeouts_without_limit_do_not_overflow() {
    // `Duration::MAX` used to overflow `Instant` on the first write and
    // panic the connection task.
    let (client, mut peer) = start(ReplyLimits::default(), Timeouts::all(Duration::MAX), PIPE);
    let router = tokio::spawn(async move {
        let r = peer.expect("/system/identity/print").await;
        peer.send(r.tag.as_ref(), row(&[("name", "edge")])).await;
        peer.send(r.tag.as_ref(), done()).await;
        peer
    });
    let out = tokio::time::timeout(STEP, client.run(Command::new("/system/identity/print")))
        .await
        .expect("no answer")
        .unwrap();
    assert_eq!(out.rows.len(), 1);
    let _peer = router.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_cancel_that_could_not_be_queued_still_cancels_in_the_background() {
    let (client, mut peer) = start(ReplyLimits::default(), Timeouts::all(STEP), PIPE);
    let stream = client.stream(Command::new("/log/listen")).await.unwrap();
    let listen = peer.expect("/log/listen").await;
    // Fill the request queue, so the cancel cannot be queued in time.
    let shared = client.shared();
    let mut permits = Vec::new();
    while let Ok(p) = shared.requests.try_reserve() {
        permits.push(p);
    }
    let gave_up = tokio::time::timeout(Duration::from_secs(1), stream.cancel()).await;
    assert!(gave_up.is_err(), "the queue was full");
    drop(permits);
    // The /cancel still goes out, before the next command.
    let router = tokio::spawn(async move {
        peer.answer_cancel(listen.tag.as_ref()).await;
        let r = peer.expect("/system/identity/print").await;
        peer.send(r.tag.as_ref(), done()).await;
        peer
    });
    client
        .run(Command::new("/system/identity/print"))
        .await
        .unwrap();
    let _peer = router.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn rows_of_a_finished_unread_stream_do_not_starve_other_commands() {
    let (client, mut peer) = start(limits(1 << 20, 64 * 1024, 256), Timeouts::all(STEP), PIPE);
    let mut stream = client
        .stream(Command::new("/ip/address/print"))
        .await
        .unwrap();
    let router = tokio::spawn(async move {
        let print = peer.expect("/ip/address/print").await;
        // The stream finishes with ~42 KB its consumer has not read yet.
        for _ in 0..40 {
            peer.send(print.tag.as_ref(), kilobyte_row()).await;
        }
        peer.send(print.tag.as_ref(), done()).await;
        let run = peer.expect("/log/print").await;
        for _ in 0..40 {
            peer.send(run.tag.as_ref(), kilobyte_row()).await;
        }
        peer.send(run.tag.as_ref(), done()).await;
        peer
    });
    // Let the stream finish before the other command starts.
    tokio::time::timeout(STEP, async {
        while ReplyStream::buffered(&stream) < 40 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(10)).await;
    let out = client.run(Command::new("/log/print")).await.unwrap();
    assert_eq!(out.rows.len(), 40, "the innocent command is not failed");
    let mut rows = 0;
    while let Some(item) = stream.next().await {
        item.unwrap();
        rows += 1;
    }
    assert_eq!(rows, 40, "the finished stream keeps its rows");
    let _peer = router.await.unwrap();
    assert_eq!(client.held_bytes(), 0);
}
