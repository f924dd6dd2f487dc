//! What a connection's bytes travel over: the TCP socket itself (`http://`),
//! or TLS around that same socket (`https://`).
//!
//! HTTPS is HTTP/1.1 inside TLS: the request and response bytes are exactly
//! those of plain HTTP, and the same machine ([`wire::server`]) reads and
//! writes them. So the driver ([`connection`](crate::connection),
//! [`reply`](crate::reply), [`body_reader`](crate::body_reader),
//! [`blocking`](crate::blocking)) is written once, against [`Transport`]:
//! `Read` and `Write` for the bytes, and `Transport::tcp` for what only
//! the socket has (timeouts, the peer's address). The raw clients do the
//! same on their side (`raw_client::transport::Stream`).
//!
//! An enum, not a trait: there are exactly two kinds, and one `match` shows
//! both. A generic `S: Read + Write` would put a type parameter on every
//! function of the driver, and on [`BodyReader`](crate::body_reader::BodyReader).

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};

use rustls::{ServerConnection, StreamOwned};

// ANCHOR: transport
/// A connection's byte stream, plain or TLS.
#[derive(Debug)]
pub enum Transport {
    Plain(TcpStream),
    /// rustls's side of the session (keys, records in and out) and the
    /// socket the records travel on. Boxed: it is a few KiB, a socket is 4 bytes.
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
}
// ANCHOR_END: transport

impl Transport {
    /// The socket underneath, for what only it has: read timeouts, the
    /// peer's address. (Reading or writing it directly would bypass TLS.)
    pub(crate) fn tcp(&self) -> &TcpStream {
        match self {
            Transport::Plain(tcp) => tcp,
            Transport::Tls(tls) => &tls.sock,
        }
    }

    /// Stops sending, keeping the reading side open (for a lingering
    /// close). Over TLS, a `close_notify` alert goes first: it tells the
    /// client the data ended here on purpose, which a bare TCP close cannot
    /// (an attacker can forge one; rustls and curl warn of a "truncation").
    pub(crate) fn close_write(&mut self) {
        self.close_notify();
        let _ = self.tcp().shutdown(Shutdown::Write);
    }

    /// Ends the connection; the socket closes when `self` is dropped.
    pub(crate) fn close(mut self) {
        self.close_notify();
    }

    fn close_notify(&mut self) {
        if let Transport::Tls(tls) = self {
            // rustls sends it once, however often it is asked.
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    }
}

impl Read for Transport {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(tcp) => tcp.read(buf),
            // Reads records off the socket until one decrypts to some
            // plaintext: a read timeout on the socket is a timeout here too.
            Transport::Tls(tls) => tls.read(buf),
        }
    }
}

impl Write for Transport {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(tcp) => tcp.write(buf),
            Transport::Tls(tls) => {
                // rustls encrypts `buf` into records and tries to send them,
                // but keeps a failure to itself until the next call. Flushing
                // now makes a write that did not reach the socket fail here,
                // as it would on a plain socket.
                let n = tls.write(buf)?;
                tls.flush()?;
                Ok(n)
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Transport::Plain(tcp) => tcp.flush(),
            Transport::Tls(tls) => tls.flush(),
        }
    }
}
