//! Connection logic driven without a socket: the output queue is read (or
//! not) by the test, on a paused clock, so a full queue is deterministic.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::sync::mpsc;

use super::{Conn, Flow};
use crate::api::proto::{Decoder, Limits, Reply, Response, Sentence};
use crate::sim::{Device, SimConfig};

/// A logged-out connection whose output queue holds `queue` sentences;
/// the receiver is the test's view of the wire.
fn conn(config: SimConfig, queue: usize) -> (Conn, mpsc::Receiver<Bytes>) {
    let device = Device::new(config);
    let settings = device.config().api.clone();
    let (out, rx) = mpsc::channel(queue);
    let peer = "127.0.0.1:0".parse().expect("address");
    let conn = Conn::new(device, settings, peer, out);
    (conn, rx)
}

fn sentence(words: &[&str]) -> Sentence {
    Sentence::new(words.iter().map(|w| Bytes::from(w.to_string())).collect())
}

/// Every reply in `chunks`, in order.
fn decode(chunks: &[Bytes]) -> Vec<Response> {
    let mut buf = BytesMut::new();
    for c in chunks {
        buf.extend_from_slice(c);
    }
    let mut dec = Decoder::new(Limits::default());
    let mut out = Vec::new();
    while let Some(s) = dec.decode(&mut buf).expect("framing") {
        out.push(Response::parse(&s).expect("reply"));
    }
    out
}

fn tagged<'a>(replies: &'a [Response], tag: &str) -> Vec<&'a Reply> {
    replies
        .iter()
        .filter(|r| r.tag.as_deref() == Some(tag.as_bytes()))
        .map(|r| &r.reply)
        .collect()
}

fn position(replies: &[Response], tag: &str, pred: impl Fn(&Reply) -> bool) -> usize {
    replies
        .iter()
        .position(|r| r.tag.as_deref() == Some(tag.as_bytes()) && pred(&r.reply))
        .unwrap_or_else(|| panic!("no such reply for {tag}: {replies:?}"))
}

fn is_done(r: &Reply) -> bool {
    matches!(r, Reply::Done { .. })
}

fn is_interrupted(r: &Reply) -> bool {
    matches!(r, Reply::Trap(t) if t.category == Some(2) && t.message.as_ref() == b"interrupted")
}

/// A stream stuck behind a full output queue cannot hand over its closing
/// replies within `write_timeout`; the cancel still ends its tag with the
/// trap and `!done`, in the usual order, and the stream sends nothing
/// after them.
#[tokio::test(start_paused = true)]
async fn cancel_of_a_stream_stuck_on_a_full_queue_still_ends_its_tag() {
    let mut config = SimConfig::new("admin", "pw");
    config.api.write_timeout = Duration::from_secs(1);
    let (mut conn, mut rx) = conn(config, 1);
    let login = sentence(&["/login", "=name=admin", "=password=pw"]);
    assert!(matches!(conn.handle(login).await, Flow::Continue));
    assert!(conn.flush().await);
    let login_reply = rx.recv().await.expect("login reply");
    assert!(matches!(
        decode(&[login_reply]).as_slice(),
        [Response {
            reply: Reply::Done { .. },
            ..
        }]
    ));

    let monitor = sentence(&[
        "/interface/monitor-traffic",
        "=interface=ether1",
        "=interval=100ms",
        ".tag=s",
    ]);
    assert!(matches!(conn.handle(monitor).await, Flow::Continue));
    assert!(conn.flush().await);
    // Nobody reads: the first sample fills the queue, the second one
    // blocks the stream task in its send.
    tokio::time::sleep(Duration::from_secs(5)).await;

    // Read the wire only well after the cancel has given up waiting.
    let reader = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(3)).await;
        let mut chunks = Vec::new();
        while let Some(c) = rx.recv().await {
            chunks.push(c);
        }
        chunks
    });
    let cancel = sentence(&["/cancel", "=tag=s", ".tag=c"]);
    assert!(matches!(conn.handle(cancel).await, Flow::Continue));
    assert!(conn.flush().await);
    // Let a stream task that survived the cancel run on for a while.
    tokio::time::sleep(Duration::from_secs(5)).await;
    drop(conn);
    let chunks = tokio::time::timeout(Duration::from_secs(60), reader)
        .await
        .expect("reader ends")
        .expect("reader");
    let replies = decode(&chunks);

    let s = tagged(&replies, "s");
    let rows = s.iter().filter(|r| matches!(r, Reply::Re(_))).count();
    assert!(rows >= 1, "{replies:?}");
    // Rows, then trap and !done (no !empty: rows were produced), nothing after.
    let end = &s[rows..];
    assert!(
        matches!(end, [t, d] if is_interrupted(t) && is_done(d)),
        "{replies:?}"
    );
    assert!(matches!(tagged(&replies, "c").as_slice(), [d] if is_done(d)));
    let trap_s = position(&replies, "s", is_interrupted);
    let done_c = position(&replies, "c", is_done);
    let done_s = position(&replies, "s", is_done);
    assert!(trap_s < done_c && done_c < done_s, "{replies:?}");
}
