//! What a connection's bytes travel over on the loop: a non-blocking
//! socket, plain or with TLS around it.
//!
//! [`crate::transport::Transport`] is the blocking driver's version. Over
//! TLS it lets rustls's `StreamOwned` move records, which waits for the
//! socket. Here nothing may wait, so [`Socket`] moves the records by hand,
//! the same four calls [`crate::handshake`] makes: `read_tls` what came
//! in, `process_new_packets` to decrypt it (and to handshake), `reader` for
//! the plaintext, `write_tls` what rustls wants sent. When the socket
//! would block, the error goes up as `WouldBlock`, as a plain socket's
//! does, and the connection waits for its next readiness event.
//!
//! The handshake needs no code of its own: it is records in and records
//! out before the first plaintext byte, so the first reads do it.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{self, Shutdown};
use std::sync::Arc;

use mio::net::TcpStream;
use rustls::{ServerConfig, ServerConnection, StreamOwned};

use crate::handshake::{HandshakeError, first_line};
use crate::transport::Transport;

// ANCHOR: socket
/// A connection's non-blocking byte stream.
pub(crate) enum Socket {
    Plain(TcpStream),
    /// Boxed: a TLS session is a few KiB; most connections on a plain
    /// server are not TLS, and the enum is as big as its largest variant.
    Tls(Box<Tls>),
}

pub(crate) struct Tls {
    tcp: TcpStream,
    session: ServerConnection,
    /// Its first bytes have been looked at: TLS, or plain HTTP by mistake.
    looked: bool,
    /// Plain HTTP came to this HTTPS port: it is answered in plain text.
    plain: bool,
    /// Record bytes the socket has taken, in all: see [`Socket::records_sent`].
    sent: u64,
}
// ANCHOR_END: socket

impl Socket {
    pub(crate) fn tls(tcp: TcpStream, config: &Arc<ServerConfig>) -> Result<Socket, rustls::Error> {
        let session = ServerConnection::new(Arc::clone(config))?;
        Ok(Socket::Tls(Box::new(Tls {
            tcp,
            session,
            looked: false,
            plain: false,
            sent: 0,
        })))
    }

    /// The socket itself, to register with `poll`.
    pub(crate) fn tcp(&mut self) -> &mut TcpStream {
        match self {
            Socket::Plain(tcp) => tcp,
            Socket::Tls(tls) => &mut tls.tcp,
        }
    }

    /// A TLS connection whose handshake is not over.
    pub(crate) fn is_handshaking(&self) -> bool {
        match self {
            Socket::Plain(_) => false,
            Socket::Tls(tls) => !tls.plain && tls.session.is_handshaking(),
        }
    }

    /// TLS records rustls has made and the socket has not taken yet: the
    /// connection has output pending even when its own buffer is empty.
    pub(crate) fn pending(&self) -> bool {
        match self {
            Socket::Plain(_) => false,
            Socket::Tls(tls) => tls.session.wants_write(),
        }
    }

    /// How many bytes of TLS records the socket has taken so far (0 for a
    /// plain socket). A slow reader may take less at a time than rustls
    /// holds encrypted; then no new plaintext goes in for a while, yet the
    /// client is reading, and that is what the write deadline asks.
    pub(crate) fn records_sent(&self) -> u64 {
        match self {
            Socket::Plain(_) => 0,
            Socket::Tls(tls) => tls.sent,
        }
    }

    /// Sends what rustls has queued, until it is all sent or the socket
    /// would block (`Err(WouldBlock)`).
    pub(crate) fn send_pending(&mut self) -> io::Result<()> {
        match self {
            Socket::Plain(_) => Ok(()),
            Socket::Tls(tls) => tls.send_records(),
        }
    }

    /// Stops sending (for a lingering close); over TLS, `close_notify` first.
    pub(crate) fn close_write(&mut self) {
        if let Socket::Tls(tls) = self {
            if !tls.plain {
                tls.session.send_close_notify();
                let _ = tls.send_records();
            }
        }
        let _ = self.tcp().shutdown(Shutdown::Write);
    }

    // ANCHOR: hand_over
    /// The same connection as a blocking [`Transport`], for a worker thread
    /// (see `worker.rs`). The caller has taken it out of the poll first.
    pub(crate) fn into_blocking(self) -> io::Result<Transport> {
        let blocking = |tcp: TcpStream| {
            let tcp = net::TcpStream::from(tcp);
            tcp.set_nonblocking(false).map(|()| tcp)
        };
        Ok(match self {
            Socket::Plain(tcp) => Transport::Plain(blocking(tcp)?),
            Socket::Tls(tls) => {
                let Tls { tcp, session, .. } = *tls;
                Transport::Tls(Box::new(StreamOwned::new(session, blocking(tcp)?)))
            }
        })
    }

    /// Back from a worker: non-blocking again, ready to register.
    pub(crate) fn from_blocking(transport: Transport) -> io::Result<Socket> {
        let non_blocking =
            |tcp: net::TcpStream| tcp.set_nonblocking(true).map(|()| TcpStream::from_std(tcp));
        Ok(match transport {
            Transport::Plain(tcp) => Socket::Plain(non_blocking(tcp)?),
            Transport::Tls(stream) => {
                let StreamOwned { conn, sock } = *stream;
                Socket::Tls(Box::new(Tls {
                    tcp: non_blocking(sock)?,
                    session: conn,
                    looked: true,
                    plain: false,
                    sent: 0,
                }))
            }
        })
    }
    // ANCHOR_END: hand_over
}

impl Read for Socket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Socket::Plain(tcp) => tcp.read(buf),
            Socket::Tls(tls) => tls.read(buf),
        }
    }
}

impl Write for Socket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Socket::Plain(tcp) => tcp.write(buf),
            Socket::Tls(tls) => tls.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send_pending()
    }
}

// ANCHOR: tls_read
impl Tls {
    /// Plaintext, decrypted from the records that have come; `WouldBlock`
    /// when a whole record has not come yet.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.plain {
            return self.tcp.read(buf);
        }
        if !self.looked {
            self.look_at_first_bytes()?;
            if self.plain {
                return Err(io::Error::new(ErrorKind::InvalidData, PlainHttp));
            }
        }
        loop {
            // What rustls has already decrypted (`Ok(0)`: the client's close_notify).
            match self.session.reader().read(buf) {
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                done => return done,
            }
            // Nothing yet: more records off the socket.
            if self.session.read_tls(&mut self.tcp)? == 0 {
                return Ok(0); // the client closed (with no close_notify)
            }
            if let Err(error) = self.session.process_new_packets() {
                // rustls has queued an alert telling the client why: send it.
                let _ = self.send_records();
                return Err(io::Error::new(ErrorKind::InvalidData, error));
            }
            // The handshake's answers (ServerHello, certificate, ...), if any.
            match self.send_records() {
                Err(e) if e.kind() != ErrorKind::WouldBlock => return Err(e),
                _ => {}
            }
        }
    }
    // ANCHOR_END: tls_read

    /// Encrypts what rustls will take now (it bounds what it holds unsent:
    /// 64 KiB by default) and sends what the socket takes.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.plain {
            return self.tcp.write(buf);
        }
        self.send_records()?;
        let taken = self.session.writer().write(buf)?;
        match self.send_records() {
            Err(e) if e.kind() != ErrorKind::WouldBlock => return Err(e),
            _ => {}
        }
        if taken == 0 && !buf.is_empty() {
            return Err(ErrorKind::WouldBlock.into());
        }
        Ok(taken)
    }

    fn send_records(&mut self) -> io::Result<()> {
        while self.session.wants_write() {
            match self.session.write_tls(&mut self.tcp)? {
                0 => return Err(ErrorKind::WriteZero.into()),
                n => self.sent += n as u64,
            }
        }
        Ok(())
    }

    /// A TLS record starts with its type (22 for a handshake), never with
    /// a capital letter, as an HTTP method does: see [`crate::handshake`].
    /// The bytes are peeked, not taken, so rustls still reads them all.
    fn look_at_first_bytes(&mut self) -> io::Result<()> {
        let mut first = [0u8; 1];
        if self.tcp.peek(&mut first)? > 0 {
            self.looked = true;
            self.plain = first[0].is_ascii_uppercase();
        }
        Ok(())
    }

    /// The first line plain HTTP sent, for the log.
    pub(crate) fn plain_line(&self) -> HandshakeError {
        let mut first = [0u8; 256];
        let n = self.tcp.peek(&mut first).unwrap_or(0);
        HandshakeError::PlainHttp(first_line(&first[..n]))
    }
}

/// The error a TLS socket's first read gives when plain HTTP came instead.
#[derive(Debug)]
pub(crate) struct PlainHttp;

impl std::fmt::Display for PlainHttp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("plain HTTP sent to the HTTPS port")
    }
}

impl std::error::Error for PlainHttp {}
