//! A scripted fake router on an in-memory pipe, for client tests that need
//! what the public API does not offer: other reply limits, a pipe that
//! stops being read, paused time.
//!
//! The client starts already logged in ([`ApiClient::start`]); the test
//! plays the router's side with [`Peer`].

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

use super::budget::ReplyLimits;
use super::client::ApiClient;
use super::config::Timeouts;
use super::connection::Framed;
use super::proto::{Decoder, Limits, Reply, Request, Response, Trap, encode_sentence};
use crate::record::Attributes;

/// Upper bound on any single step, so a bug fails instead of hanging
/// (virtual time under `start_paused`).
pub(crate) const STEP: Duration = Duration::from_secs(30);

/// The router side of the pipe.
pub(crate) struct Peer {
    pub(crate) io: DuplexStream,
    decoder: Decoder,
    buf: BytesMut,
}

/// A client over a pipe buffering `pipe_bytes` each way, and its router.
pub(crate) fn start(
    limits: ReplyLimits,
    timeouts: Timeouts,
    pipe_bytes: usize,
) -> (ApiClient, Peer) {
    let (client_end, router_end) = tokio::io::duplex(pipe_bytes);
    let framed = Framed::new(Box::new(client_end), Decoder::new(Limits::default()));
    let client = ApiClient::start(framed, "fake".into(), timeouts, limits);
    let peer = Peer {
        io: router_end,
        decoder: Decoder::new(Limits::default()),
        buf: BytesMut::new(),
    };
    (client, peer)
}

impl Peer {
    /// The next command; `None` once the client closed its end.
    pub(crate) async fn read(&mut self) -> Option<Request> {
        loop {
            if let Some(s) = self.decoder.decode(&mut self.buf).expect("client framing") {
                return Some(Request::parse(&s).expect("client sentence"));
            }
            let n = tokio::time::timeout(STEP, self.io.read_buf(&mut self.buf))
                .await
                .expect("client went silent")
                .ok()?;
            if n == 0 {
                return None;
            }
        }
    }

    pub(crate) async fn expect(&mut self, command: &str) -> Request {
        let r = self.read().await.expect("client closed early");
        assert_eq!(String::from_utf8_lossy(&r.command), command);
        r
    }

    /// Send one reply; false once the client is gone.
    pub(crate) async fn send(&mut self, tag: Option<&Bytes>, reply: Reply) -> bool {
        let mut out = BytesMut::new();
        Response {
            tag: tag.cloned(),
            reply,
        }
        .encode(&mut out);
        self.io.write_all(&out).await.is_ok()
    }

    /// Raw words, for sentences `Response` cannot build.
    pub(crate) async fn send_words(&mut self, words: &[&[u8]]) -> bool {
        let mut out = BytesMut::new();
        encode_sentence(words, &mut out);
        self.io.write_all(&out).await.is_ok()
    }

    /// Answer a `/cancel` the way a router does: the target's
    /// `interrupted` trap, the cancel's `!done`, the target's `!done`.
    pub(crate) async fn answer_cancel(&mut self, target: Option<&Bytes>) {
        let cancel = self.expect("/cancel").await;
        assert_eq!(cancel.attributes.get("tag"), target.map(|t| &t[..]));
        self.send(target, trap("interrupted")).await;
        self.send(cancel.tag.as_ref(), done()).await;
        self.send(target, done()).await;
    }
}

pub(crate) fn row(pairs: &[(&str, &str)]) -> Reply {
    Reply::Re(
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
    )
}

pub(crate) fn done() -> Reply {
    Reply::Done {
        ret: None,
        attributes: Attributes::new(),
    }
}

pub(crate) fn trap(message: &str) -> Reply {
    Reply::Trap(Trap {
        category: None,
        message: Bytes::copy_from_slice(message.as_bytes()),
        attributes: Attributes::new(),
    })
}
