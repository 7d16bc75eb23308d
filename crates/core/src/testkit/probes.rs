//! Local stand-ins for broken routers: a peer that accepts and never
//! answers, and a port that refuses.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Connections the silent peer holds open at once; later ones are
/// accepted and dropped, so a retrying driver cannot grow its memory.
const MAX_HELD: usize = 64;

/// A TCP listener on 127.0.0.1 that accepts every connection, reads
/// nothing and writes nothing: a router whose management service hangs.
/// Stops when dropped.
pub struct SilentPeer {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl SilentPeer {
    /// Listen on an ephemeral loopback port.
    pub async fn bind() -> io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            let mut held: Vec<TcpStream> = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                if held.len() < MAX_HELD {
                    held.push(stream);
                }
            }
        });
        Ok(Self { addr, task })
    }

    /// The port to point the driver at.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }
}

impl Drop for SilentPeer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A loopback port nothing listens on: bound, then released, so a connect
/// is refused.
pub async fn refused_port() -> io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    Ok(listener.local_addr()?.port())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::io::AsyncReadExt;

    #[tokio::test]
    async fn the_silent_peer_accepts_and_never_answers() {
        let peer = SilentPeer::bind().await.unwrap();
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, peer.port()))
            .await
            .unwrap();
        let mut byte = [0u8; 1];
        let read = tokio::time::timeout(Duration::from_millis(100), stream.read(&mut byte)).await;
        assert!(read.is_err(), "the peer answered: {read:?}");
    }

    #[tokio::test]
    async fn the_released_port_refuses() {
        let port = refused_port().await.unwrap();
        let e = TcpStream::connect((Ipv4Addr::LOCALHOST, port))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused);
    }
}
