//! A counting TCP relay on 127.0.0.1: every byte between the clients and the server passes
//! through it and is counted in each direction, which is the only way to see what a gzip
//! answer weighs on the wire (the HTTP client hands over the body already decompressed).
//!
//! It costs two extra copies per byte and one loopback hop per request, so only the
//! first-sync figures go through it (and say so); the round trip and the push throughput
//! talk to the server directly.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use crate::Result;

/// Bytes moved since the last [`Relay::take`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Wire {
    /// Client to server: requests with their headers.
    pub up: u64,
    /// Server to client: answers with their headers, as sent (compressed when gzip).
    pub down: u64,
}

pub struct Relay {
    pub url: String,
    addr: SocketAddr,
    up: Arc<AtomicU64>,
    down: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl Relay {
    /// Listens on a free port of 127.0.0.1 and relays each connection to `server`.
    pub fn start(server: SocketAddr) -> Result<Relay> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let up = Arc::new(AtomicU64::new(0));
        let down = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (u, d, s) = (up.clone(), down.clone(), stop.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let Ok(upstream) = TcpStream::connect(server) else {
                    continue;
                };
                let _ = client.set_nodelay(true);
                let _ = upstream.set_nodelay(true);
                let (Ok(c2), Ok(u2)) = (client.try_clone(), upstream.try_clone()) else {
                    continue;
                };
                let (u, d) = (u.clone(), d.clone());
                std::thread::spawn(move || pipe(client, upstream, &u));
                std::thread::spawn(move || pipe(u2, c2, &d));
            }
        });
        Ok(Relay {
            url: format!("http://{addr}"),
            addr,
            up,
            down,
            stop,
        })
    }

    /// The bytes moved since the last call, and zero from now on.
    pub fn take(&self) -> Wire {
        Wire {
            up: self.up.swap(0, Ordering::SeqCst),
            down: self.down.swap(0, Ordering::SeqCst),
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

/// Copies `from` to `to` until either side closes, counting into `bytes`.
fn pipe(mut from: TcpStream, mut to: TcpStream, bytes: &AtomicU64) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                // Counted before it is passed on, so a reader who saw the bytes sees the count.
                bytes.fetch_add(n as u64, Ordering::SeqCst);
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown(Shutdown::Write);
    let _ = from.shutdown(Shutdown::Read);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_relayed_and_counted_both_ways() {
        let echo = TcpListener::bind("127.0.0.1:0").unwrap();
        let server = echo.local_addr().unwrap();
        std::thread::spawn(move || {
            let (mut s, _) = echo.accept().unwrap();
            let mut buf = [0u8; 5];
            s.read_exact(&mut buf).unwrap();
            s.write_all(b"hello, world").unwrap();
        });
        let relay = Relay::start(server).unwrap();
        let mut c = TcpStream::connect(relay.addr).unwrap();
        c.write_all(b"hello").unwrap();
        let mut answer = Vec::new();
        c.read_to_end(&mut answer).unwrap();
        assert_eq!(answer, b"hello, world");
        assert_eq!(relay.take(), Wire { up: 5, down: 12 });
        assert_eq!(relay.take(), Wire::default());
    }
}
