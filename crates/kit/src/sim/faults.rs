//! Network faults in front of any simulator, whatever its protocol: a
//! port that refuses connections ([`Refusing`]) and a byte-level proxy
//! ([`FaultProxy`]) that stalls, slows down or cuts replies short.
//!
//! They sit in front of a simulator's real listener rather than inside
//! it, so every vendor gets them without a line of its own, and a
//! healthy listener pays nothing for them. The plain proxy
//! ([`FaultProxy::bind`]) copies bytes, so a TLS listener behind it keeps
//! its certificate (and its pin), but "the middle of a reply" would be
//! the middle of the TLS handshake; [`FaultProxy::bind_tls`] ends TLS
//! itself (with a certificate of its own, pinned instead of the
//! simulator's) and talks TLS to the simulator, so the fault falls in the
//! middle of the reply's application bytes, after a complete handshake.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use std::time::Duration;
//! use routerctl_kit::sim::{Fault, FaultProxy};
//! let upstream = "127.0.0.1:8728".parse().unwrap();
//! let proxy = FaultProxy::bind("127.0.0.1:0".parse().unwrap(), upstream, Fault::Slow(Duration::from_millis(300))).await?;
//! println!("slow API on {}", proxy.local_addr());
//! # Ok(()) }
//! ```

use std::future::pending;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use routerctl_core::{Fingerprint, TlsPolicy};
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::{TlsAcceptor, TlsConnector};

use super::cert::self_signed;

/// What a [`FaultProxy`] does to the connections it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Accept and never answer: the peer's requests are read and dropped.
    Stall,
    /// Forward, holding every chunk of request bytes back this long
    /// before it reaches the simulator (added latency per request).
    Slow(Duration),
    /// Forward the requests; of the first reply, forward half and close
    /// the connection.
    DropMidReply,
}

/// Connections one proxy serves at once; more are closed on accept.
const MAX_CONNECTIONS: usize = 256;
/// Time to reach the simulator behind the proxy (TLS handshake included).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Time a client has to finish its TLS handshake with the proxy.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Buffer per direction of a forwarded connection.
const CHUNK: usize = 16 * 1024;

/// A port that is bound but never listens: every connection to it is
/// refused, and the port stays reserved (nothing else can take it) as
/// long as the value lives.
#[derive(Debug)]
pub struct Refusing {
    local_addr: SocketAddr,
    _socket: TcpSocket,
}

impl Refusing {
    /// Reserve `addr` (port 0 picks a free one) without listening.
    pub fn bind(addr: SocketAddr) -> io::Result<Self> {
        let socket = match addr {
            SocketAddr::V4(_) => TcpSocket::new_v4()?,
            SocketAddr::V6(_) => TcpSocket::new_v6()?,
        };
        socket.bind(addr)?;
        Ok(Self {
            local_addr: socket.local_addr()?,
            _socket: socket,
        })
    }

    /// The reserved address.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }
}

/// A listener that forwards to `upstream` with a [`Fault`]. Dropping it
/// stops accepting and closes every connection.
#[derive(Debug)]
pub struct FaultProxy {
    local_addr: SocketAddr,
    fingerprint: Option<Fingerprint>,
    task: JoinHandle<()>,
}

/// Both TLS ends of a [`FaultProxy::bind_tls`] proxy.
#[derive(Clone)]
struct TlsEnds {
    acceptor: TlsAcceptor,
    connector: TlsConnector,
    name: ServerName<'static>,
}

impl FaultProxy {
    /// Listen on `addr` (port 0 picks a free one) and serve each
    /// connection with `fault` in front of `upstream`.
    pub async fn bind(addr: SocketAddr, upstream: SocketAddr, fault: Fault) -> io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let task = tokio::spawn(accept(listener, upstream, fault, None));
        Ok(Self {
            local_addr,
            fingerprint: None,
            task,
        })
    }

    /// Listen on `addr` with TLS (a fresh self-signed certificate: pin
    /// [`Self::fingerprint`]), and forward the decrypted bytes over TLS to
    /// the simulator at `upstream`, whose certificate must be
    /// `upstream_pin`. The fault applies to the application bytes: a
    /// dropped reply is cut after a complete handshake, mid-reply.
    pub async fn bind_tls(
        addr: SocketAddr,
        upstream: SocketAddr,
        upstream_pin: Fingerprint,
        fault: Fault,
    ) -> io::Result<Self> {
        let own = self_signed()?;
        let client = TlsPolicy::Pinned(upstream_pin)
            .client_config()
            .map_err(io::Error::other)?;
        let ends = TlsEnds {
            acceptor: TlsAcceptor::from(own.config.clone()),
            connector: TlsConnector::from(client),
            name: ServerName::IpAddress(upstream.ip().into()),
        };
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let task = tokio::spawn(accept(listener, upstream, fault, Some(ends)));
        Ok(Self {
            local_addr,
            fingerprint: Some(own.fingerprint),
            task,
        })
    }

    /// The address clients connect to.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The proxy's own certificate, for a [`Self::bind_tls`] proxy.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.fingerprint
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept(listener: TcpListener, upstream: SocketAddr, fault: Fault, tls: Option<TlsEnds>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let socket = match listener.accept().await {
            Ok((socket, _)) => socket,
            Err(e) => {
                tracing::debug!(error = %e, "sim: fault proxy accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            continue;
        };
        let tls = tls.clone();
        connections.spawn(async move {
            let _permit = permit;
            match tls {
                None => serve(socket, upstream, fault).await,
                Some(ends) => serve_tls(socket, upstream, fault, ends).await,
            }
        });
    }
}

async fn serve(mut client: TcpStream, upstream: SocketAddr, fault: Fault) {
    let _ = client.set_nodelay(true);
    if fault == Fault::Stall {
        let mut buf = vec![0u8; 1024];
        while let Ok(1..) = client.read(&mut buf).await {}
        return;
    }
    let upstream = match tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(upstream)).await {
        Ok(Ok(stream)) => stream,
        _ => return,
    };
    let _ = upstream.set_nodelay(true);
    relay(client, upstream, fault).await;
}

/// [`serve`] with TLS ended on both sides: the fault sees plain bytes.
async fn serve_tls(client: TcpStream, upstream: SocketAddr, fault: Fault, ends: TlsEnds) {
    let _ = client.set_nodelay(true);
    let client = match tokio::time::timeout(HANDSHAKE_TIMEOUT, ends.acceptor.accept(client)).await {
        Ok(Ok(stream)) => stream,
        _ => return,
    };
    if fault == Fault::Stall {
        let mut client = client;
        let mut buf = vec![0u8; 1024];
        while let Ok(1..) = client.read(&mut buf).await {}
        return;
    }
    let connect = async {
        let tcp = TcpStream::connect(upstream).await?;
        let _ = tcp.set_nodelay(true);
        ends.connector.connect(ends.name.clone(), tcp).await
    };
    let upstream = match tokio::time::timeout(CONNECT_TIMEOUT, connect).await {
        Ok(Ok(stream)) => stream,
        _ => return,
    };
    relay(client, upstream, fault).await;
}

/// Copy requests to `upstream` and replies back, with `fault` applied.
async fn relay<C, U>(client: C, upstream: U, fault: Fault)
where
    C: AsyncRead + AsyncWrite + Send + 'static,
    U: AsyncRead + AsyncWrite + Send + 'static,
{
    let delay = match fault {
        Fault::Slow(delay) => delay,
        _ => Duration::ZERO,
    };
    let (mut client_rx, mut client_tx) = tokio::io::split(client);
    let (mut upstream_rx, mut upstream_tx) = tokio::io::split(upstream);
    let requests = async move {
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = match client_rx.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let Some(chunk) = buf.get(..n) else { break };
            if upstream_tx.write_all(chunk).await.is_err() {
                break;
            }
        }
        let _ = upstream_tx.shutdown().await;
        // The replies decide when the connection ends.
        pending::<()>().await;
    };
    let replies = async move {
        if fault == Fault::DropMidReply {
            let mut buf = vec![0u8; CHUNK];
            if let Ok(n @ 1..) = upstream_rx.read(&mut buf).await {
                let half = buf.get(..n.div_ceil(2)).unwrap_or_default();
                let _ = client_tx.write_all(half).await;
                let _ = client_tx.flush().await;
            }
            // Dropping both halves closes the connection mid-reply.
            return;
        }
        let _ = tokio::io::copy(&mut upstream_rx, &mut client_tx).await;
        let _ = client_tx.shutdown().await;
    };
    tokio::select! {
        _ = requests => {}
        _ = replies => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn echo() -> (TcpListener, SocketAddr) {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        (listener, addr)
    }

    fn serve_echo(listener: TcpListener) {
        tokio::spawn(async move {
            while let Ok((mut s, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut buf = [0u8; 64];
                    while let Ok(n @ 1..) = s.read(&mut buf).await {
                        let _ = s.write_all(&buf[..n]).await;
                    }
                });
            }
        });
    }

    async fn connect(addr: SocketAddr) -> TcpStream {
        TcpStream::connect(addr)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[tokio::test]
    async fn a_refusing_port_refuses() {
        let port = Refusing::bind("127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
        let err = TcpStream::connect(port.local_addr())
            .await
            .err()
            .unwrap_or_else(|| panic!("connected to a port that does not listen"));
        assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
    }

    #[tokio::test]
    async fn slow_forwards_and_drop_cuts_the_first_reply_in_half() {
        let (listener, upstream) = echo().await;
        serve_echo(listener);
        let any = "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}"));
        let slow = FaultProxy::bind(any, upstream, Fault::Slow(Duration::from_millis(1)))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut s = connect(slow.local_addr()).await;
        s.write_all(b"ping").await.unwrap_or_else(|e| panic!("{e}"));
        let mut buf = [0u8; 4];
        s.read_exact(&mut buf)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&buf, b"ping");

        let cut = FaultProxy::bind(any, upstream, Fault::DropMidReply)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut s = connect(cut.local_addr()).await;
        s.write_all(b"abcdef")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut got = Vec::new();
        let _ = s.read_to_end(&mut got).await;
        assert_eq!(got, b"abc");
    }

    #[tokio::test(start_paused = true)]
    async fn stall_never_answers() {
        let (listener, upstream) = echo().await;
        serve_echo(listener);
        let any = "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}"));
        let stall = FaultProxy::bind(any, upstream, Fault::Stall)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut s = connect(stall.local_addr()).await;
        s.write_all(b"ping").await.unwrap_or_else(|e| panic!("{e}"));
        let mut buf = [0u8; 4];
        let read = tokio::time::timeout(Duration::from_secs(60), s.read(&mut buf)).await;
        assert!(read.is_err(), "a stalled connection answered: {read:?}");
    }

    #[tokio::test]
    async fn behind_tls_the_drop_falls_after_the_handshake_mid_reply() {
        let (listener, upstream) = echo().await;
        let cert = self_signed().unwrap_or_else(|e| panic!("{e}"));
        let acceptor = TlsAcceptor::from(cert.config.clone());
        tokio::spawn(async move {
            while let Ok((s, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(mut s) = acceptor.accept(s).await else {
                        return;
                    };
                    let mut buf = [0u8; 64];
                    while let Ok(n @ 1..) = s.read(&mut buf).await {
                        let _ = s.write_all(&buf[..n]).await;
                        let _ = s.flush().await;
                    }
                });
            }
        });
        let any = "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}"));
        let cut = FaultProxy::bind_tls(any, upstream, cert.fingerprint, Fault::DropMidReply)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let pin = cut
            .fingerprint()
            .unwrap_or_else(|| panic!("a TLS proxy has a certificate"));
        assert_ne!(pin, cert.fingerprint, "the proxy pins its own certificate");
        let config = TlsPolicy::Pinned(pin)
            .client_config()
            .unwrap_or_else(|e| panic!("{e}"));
        let tcp = connect(cut.local_addr()).await;
        let name = ServerName::IpAddress(cut.local_addr().ip().into());
        let mut s = TlsConnector::from(config)
            .connect(name, tcp)
            .await
            .unwrap_or_else(|e| panic!("the handshake completes: {e}"));
        s.write_all(b"abcdef")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        s.flush().await.unwrap_or_else(|e| panic!("{e}"));
        let mut got = Vec::new();
        let end = s.read_to_end(&mut got).await;
        assert_eq!(got, b"abc", "half the reply, decrypted");
        let err = end
            .err()
            .unwrap_or_else(|| panic!("the cut is not a clean TLS close"));
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof, "{err}");
    }
}
