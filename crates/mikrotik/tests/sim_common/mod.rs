//! A raw RouterOS API client for simulator tests, built on the sans-IO
//! codec only (the real client is tested elsewhere).
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use routerctl_mikrotik::api::proto::{Decoder, Limits, Reply, Response, encode_sentence};
// Shared by several test binaries; not each uses all of them.
#[allow(unused_imports)]
pub use routerctl_mikrotik::sim::replies::{ret, rows, traps};
use routerctl_mikrotik::sim::{ApiServer, Device, SimConfig};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

/// Every wait in these tests is bounded by this.
pub const WAIT: Duration = Duration::from_secs(10);

pub struct Raw<S> {
    pub io: S,
    buf: BytesMut,
    dec: Decoder,
}

pub async fn start(config: SimConfig) -> (Device, ApiServer) {
    let dev = Device::new(config);
    let server = ApiServer::bind(dev.clone(), "127.0.0.1:0".parse().unwrap(), None)
        .await
        .expect("bind");
    (dev, server)
}

pub async fn connect(addr: SocketAddr) -> Raw<TcpStream> {
    let io = tokio::time::timeout(WAIT, TcpStream::connect(addr))
        .await
        .expect("connect timeout")
        .expect("connect");
    Raw::new(io)
}

/// Connect and log in as admin/pw.
pub async fn admin(addr: SocketAddr) -> Raw<TcpStream> {
    let mut c = connect(addr).await;
    c.login("admin", "pw").await;
    c
}

impl<S: AsyncRead + AsyncWrite + Unpin> Raw<S> {
    pub fn new(io: S) -> Self {
        Self {
            io,
            buf: BytesMut::new(),
            dec: Decoder::new(Limits::default()),
        }
    }

    pub async fn send(&mut self, words: &[&[u8]]) {
        let mut out = BytesMut::new();
        encode_sentence(words, &mut out);
        tokio::time::timeout(WAIT, self.io.write_all(&out))
            .await
            .expect("write timeout")
            .expect("write");
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        let _ = tokio::time::timeout(WAIT, self.io.write_all(bytes)).await;
    }

    /// The next reply, or `None` at end of stream.
    pub async fn recv(&mut self) -> Option<Response> {
        let s = self.recv_sentence().await?;
        Some(Response::parse(&s).expect("well-formed reply"))
    }

    pub async fn recv_sentence(&mut self) -> Option<routerctl_mikrotik::api::proto::Sentence> {
        loop {
            if let Some(s) = self.dec.decode(&mut self.buf).expect("framing") {
                return Some(s);
            }
            let n = tokio::time::timeout(WAIT, self.io.read_buf(&mut self.buf))
                .await
                .expect("reply timeout");
            match n {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }

    /// Replies up to and including the `!done` with `tag`.
    pub async fn until_done(&mut self, tag: Option<&str>) -> Vec<Response> {
        let want = tag.map(|t| Bytes::copy_from_slice(t.as_bytes()));
        let mut out = Vec::new();
        loop {
            let r = self.recv().await.expect("connection closed before !done");
            let end = matches!(r.reply, Reply::Done { .. }) && r.tag == want;
            out.push(r);
            if end {
                return out;
            }
        }
    }

    /// Send an untagged command and collect its replies.
    pub async fn call(&mut self, words: &[&[u8]]) -> Vec<Reply> {
        self.send(words).await;
        self.until_done(None)
            .await
            .into_iter()
            .map(|r| r.reply)
            .collect()
    }

    pub async fn login(&mut self, user: &str, password: &str) {
        let name = format!("=name={user}");
        let pw = format!("=password={password}");
        let r = self
            .call(&[b"/login", name.as_bytes(), pw.as_bytes()])
            .await;
        assert!(
            matches!(r.as_slice(), [Reply::Done { ret: None, .. }]),
            "login failed: {r:?}"
        );
    }

    /// True when the peer closed the connection (bounded wait).
    pub async fn closed(&mut self) -> bool {
        let mut scratch = vec![0u8; 64 * 1024];
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            match tokio::time::timeout_at(deadline, self.io.read(&mut scratch)).await {
                Err(_) => return false,
                Ok(Ok(0)) | Ok(Err(_)) => return true,
                Ok(Ok(_)) => {}
            }
        }
    }
}

pub fn is_done(r: &Reply) -> bool {
    matches!(r, Reply::Done { .. })
}
