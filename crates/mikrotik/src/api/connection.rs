//! Opening the byte stream (TCP, optionally TLS) and reading and writing
//! whole sentences on it one at a time.
//!
//! The sequential [`Framed`] form serves the login exchange, which happens
//! before any concurrent command. Afterwards the connection task takes the
//! parts over ([`Framed::into_parts`]) and multiplexes; leftover bytes that
//! arrived behind the last login reply go with it, so nothing is lost.

use std::fmt;
use std::io;
use std::time::Duration;

use bytes::BytesMut;
use routerctl_core::{ErrorContext, Result, tls};
use socket2::{SockRef, TcpKeepalive};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

use super::config::ClientConfig;
use super::proto::{Decoder, FrameError, Response, Sentence};
use super::view::FrameDecoder;
use crate::record::Command;

/// A byte stream the client can talk over: plain TCP or TLS over TCP (or,
/// in tests, anything else that reads and writes).
pub(crate) trait Io: AsyncRead + AsyncWrite + Unpin + Send + 'static {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + 'static> Io for T {}

pub(crate) type BoxedIo = Box<dyn Io>;

/// Open TCP and, when the config asks for api-ssl, run the TLS handshake;
/// both under the connect timeout.
pub(crate) async fn open(config: &ClientConfig) -> Result<BoxedIo> {
    let ctx = ErrorContext::new(config.label.clone(), "connect");
    let tls_setup = match &config.tls {
        None => None,
        Some(policy) => {
            let client_config = policy.client_config().map_err(|e| ctx.config(e))?;
            let name = tls::server_name(&config.host).map_err(|e| ctx.config(e))?;
            Some((client_config, name))
        }
    };
    let work = async {
        let tcp = TcpStream::connect((config.host.as_str(), config.port))
            .await
            .map_err(|e| ctx.io(connect_error(config, e)))?;
        tune_tcp(&tcp);
        match tls_setup {
            None => Ok(Box::new(tcp) as BoxedIo),
            Some((client_config, name)) => {
                let connector = tokio_rustls::TlsConnector::from(client_config);
                let stream = connector
                    .connect(name, tcp)
                    .await
                    .map_err(|e| tls_error(&ctx, config, e))?;
                Ok(Box::new(stream) as BoxedIo)
            }
        }
    };
    tokio::time::timeout(config.timeouts.connect, work)
        .await
        .map_err(|_| ctx.timeout(config.timeouts.connect))?
}

/// A failed connect, naming the address and, when refused, hinting at the
/// usual causes: the router is down, or the port belongs to the other
/// protocol (8728 api, 8729 api-ssl).
fn connect_error(config: &ClientConfig, e: io::Error) -> io::Error {
    let addr = format!("{}:{}", config.host, config.port);
    let text = if e.kind() == io::ErrorKind::ConnectionRefused {
        let protocol = if config.tls.is_some() {
            "api-ssl"
        } else {
            "api"
        };
        format!(
            "connection refused at {addr}: is the router up, and is {} the port of protocol {protocol}?",
            config.port
        )
    } else {
        format!("cannot connect to {addr}: {e}")
    };
    io::Error::new(e.kind(), text)
}

/// Idle time before the first keepalive probe.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(60);

/// Socket options for a client connection. Best effort: a connection that
/// cannot have them still works, only less well.
///
/// Keepalive matters because a stream (`listen`) may rightly stay silent
/// for hours: without probes, a router that vanishes without a RST (power
/// loss, a dropped route) would leave the stream waiting for ever. With
/// them, the kernel notices within minutes and the read fails.
fn tune_tcp(tcp: &TcpStream) {
    // Sentences are small and latency-bound; do not wait to coalesce.
    let _ = tcp.set_nodelay(true);
    let keepalive = TcpKeepalive::new().with_time(KEEPALIVE_IDLE);
    // Then a probe every 10 s, where the platform lets us say so.
    #[cfg(any(
        target_os = "linux",
        target_os = "android",
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "windows",
    ))]
    let keepalive = keepalive.with_interval(Duration::from_secs(10));
    if let Err(e) = SockRef::from(tcp).set_tcp_keepalive(&keepalive) {
        tracing::debug!(error = %e, "could not enable TCP keepalive");
    }
}

/// Turn a failed handshake into `Error::Tls`, described by the shared
/// [`tls::tls_failure_in`] so a pin mismatch (the most common reason with
/// self-signed routers) reads the same as over REST and ubus, naming the
/// pinned and the presented fingerprint. A peer that hangs up or answers
/// with bytes that are no TLS is most likely a plain-API port: that gets a
/// hint naming the address.
fn tls_error(ctx: &ErrorContext, config: &ClientConfig, e: io::Error) -> routerctl_core::Error {
    let port = config.port;
    let hint = format!(
        " at {}:{port}: is {port} the port of protocol api-ssl (plain api is usually 8728)?",
        config.host
    );
    if let Some(text) = tls::tls_failure_in(&e) {
        if text.contains("corrupt message") {
            return ctx.tls(format!("{text}{hint}"));
        }
        return ctx.tls(text);
    }
    if e.kind() == io::ErrorKind::UnexpectedEof {
        return ctx.io(io::Error::new(
            e.kind(),
            format!("the router closed the connection during the TLS handshake{hint}"),
        ));
    }
    if matches!(
        e.kind(),
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput
    ) {
        ctx.tls(format!("handshake failed: {e}"))
    } else {
        ctx.io(e)
    }
}

/// Why reading the next reply failed.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The peer closed the connection.
    Closed,
    Io(io::Error),
    Frame(FrameError),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Closed => f.write_str("the router closed the connection"),
            ReadError::Io(e) => write!(f, "connection failed: {e}"),
            ReadError::Frame(e) => write!(f, "unreadable reply: {e}"),
        }
    }
}

/// A byte stream with a sentence decoder and its read buffer.
pub(crate) struct Framed {
    io: BoxedIo,
    decoder: Decoder,
    rbuf: BytesMut,
    wbuf: BytesMut,
}

impl Framed {
    pub(crate) fn new(io: BoxedIo, decoder: Decoder) -> Self {
        Self {
            io,
            decoder,
            rbuf: BytesMut::with_capacity(8 * 1024),
            wbuf: BytesMut::new(),
        }
    }

    /// Write one untagged command and flush it.
    pub(crate) async fn send(&mut self, command: &Command) -> io::Result<()> {
        self.wbuf.clear();
        command.encode(None, &mut self.wbuf);
        self.io.write_all(&self.wbuf).await?;
        self.io.flush().await
    }

    /// Read the next complete sentence.
    pub(crate) async fn next_sentence(&mut self) -> Result<Sentence, ReadError> {
        loop {
            if let Some(s) = self
                .decoder
                .decode(&mut self.rbuf)
                .map_err(ReadError::Frame)?
            {
                return Ok(s);
            }
            let n = self
                .io
                .read_buf(&mut self.rbuf)
                .await
                .map_err(ReadError::Io)?;
            if n == 0 {
                return Err(ReadError::Closed);
            }
        }
    }

    /// Read the next reply; a sentence that is not a valid reply is
    /// returned as its description.
    pub(crate) async fn next_response(
        &mut self,
    ) -> Result<std::result::Result<Response, String>, ReadError> {
        let s = self.next_sentence().await?;
        Ok(Response::parse(&s).map_err(|e| format!("{e} in {s:?}")))
    }

    /// The stream, a borrowing decoder with the same limits, and any bytes
    /// already read. The sequential decoder holds no partial sentence
    /// here: [`next_sentence`](Self::next_sentence) returns whole ones and
    /// leaves the bytes behind them in the buffer, which the connection
    /// task frames next.
    pub(crate) fn into_parts(self) -> (BoxedIo, FrameDecoder, BytesMut) {
        (self.io, FrameDecoder::new(self.decoder.limits()), self.rbuf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn client_sockets_have_keepalive_and_nodelay() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let tcp = TcpStream::connect(addr).await.unwrap();
        let sock = SockRef::from(&tcp);
        assert!(!sock.keepalive().unwrap(), "off until tuned");
        tune_tcp(&tcp);
        assert!(sock.keepalive().unwrap());
        assert!(tcp.nodelay().unwrap());
    }
}
