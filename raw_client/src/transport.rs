//! The connection: TCP, and for `https://` TLS around the same socket.
//!
//! HTTPS is HTTP/1.1 inside TLS: the request bytes are exactly the ones an
//! `http://` request would send; only the stream they are written to is
//! wrapped. [`Stream`] is either the plain `TcpStream` or rustls's stream
//! around it, and the rest of the client cannot tell which.
//!
//! Time limits are deadlines, not per-call waits: before each read or
//! write the socket's timeout is set to the time left, so `-m 10` means ten
//! seconds in all, however the bytes trickle in.

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::{ClientConnection, StreamOwned};
use rustls_pki_types::ServerName;
use wire::HttpUrl;
use wire::url::Scheme;

use crate::ClientError;

// ANCHOR: stream
/// A connection, plain or TLS.
#[derive(Debug)]
pub enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}
// ANCHOR_END: stream

impl Stream {
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(tcp) => tcp,
            Stream::Tls(tls) => &tls.sock,
        }
    }

    /// The address of the other end, for `-v`.
    pub fn peer(&self) -> String {
        self.tcp()
            .peer_addr()
            .map_or_else(|_| "?".to_string(), |a| a.to_string())
    }

    /// Reads what has already arrived, without waiting: `Ok(None)` when
    /// nothing has. The read loop looks this way while it is still sending
    /// the body, to notice a server that answers early.
    pub fn read_now(&mut self, buf: &mut [u8]) -> io::Result<Option<usize>> {
        self.tcp().set_nonblocking(true)?;
        let read = match self {
            Stream::Plain(tcp) => tcp.read(buf),
            // Not `tls.read()`: rustls's stream first finishes writing the
            // body's records it holds, which is what cannot go just now.
            // Take the records that came in and decrypt them instead.
            Stream::Tls(tls) => read_tls_now(&mut tls.conn, &mut tls.sock, buf),
        };
        self.tcp().set_nonblocking(false)?;
        match read {
            Ok(n) => Ok(Some(n)),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Makes the next reads and writes give up at `deadline`.
    pub fn set_deadline(&self, deadline: Option<Instant>) -> Result<(), ClientError> {
        set_deadline(self.tcp(), deadline)
    }
}

/// The plaintext that has arrived on a non-blocking TLS connection:
/// `WouldBlock` when there is none yet.
fn read_tls_now(
    conn: &mut ClientConnection,
    sock: &mut TcpStream,
    buf: &mut [u8],
) -> io::Result<usize> {
    loop {
        match conn.reader().read(buf) {
            // No plaintext yet: read records off the socket, if any came.
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            // Bytes, the server's close_notify (0), or a close without it.
            other => return other,
        }
        // `WouldBlock` here: nothing on the socket either. 0 (the peer
        // closed) is noticed by the reader on the next turn.
        conn.read_tls(sock)?;
        conn.process_new_packets()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    }
}

/// Sets a socket's read and write timeouts to the time left before `deadline`.
fn set_deadline(tcp: &TcpStream, deadline: Option<Instant>) -> Result<(), ClientError> {
    let left = match deadline {
        None => None,
        Some(at) => match at.checked_duration_since(Instant::now()) {
            Some(left) if !left.is_zero() => Some(left),
            _ => return Err(ClientError::Receive(io::ErrorKind::TimedOut.into())),
        },
    };
    tcp.set_read_timeout(left)
        .and_then(|()| tcp.set_write_timeout(left))
        .map_err(ClientError::Receive)
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(tcp) => tcp.read(buf),
            Stream::Tls(tls) => tls.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(tcp) => tcp.write(buf),
            Stream::Tls(tls) => tls.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(tcp) => tcp.flush(),
            Stream::Tls(tls) => tls.flush(),
        }
    }
}

/// How to connect: time limits, and whom to trust for `https://`.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// `--connect-timeout`: for TCP and the TLS handshake together.
    pub connect_timeout: Option<Duration>,
    /// The TLS settings, made once per run (see [`tls_config`]).
    pub tls: Option<Arc<rustls::ClientConfig>>,
}

/// Opens a connection to the URL's host and port, trying each address the
/// name resolves to in turn, and for `https://` does the TLS handshake.
/// `deadline` (from `-m`) bounds it too.
pub fn connect(
    url: &HttpUrl,
    options: &ConnectOptions,
    deadline: Option<Instant>,
) -> Result<Stream, ClientError> {
    let resolve_error = |source| ClientError::Resolve {
        host: url.host.clone(),
        source,
    };
    let addrs = (url.host.as_str(), url.port)
        .to_socket_addrs()
        .map_err(resolve_error)?;
    let connect_by = [
        deadline,
        options.connect_timeout.map(|t| Instant::now() + t),
    ]
    .into_iter()
    .flatten()
    .min();
    // `localhost` names both ::1 and 127.0.0.1, and a server may listen on
    // only one: try each in turn, and report the last failure.
    let mut last_error = None;
    let mut tcp = None;
    for addr in addrs {
        let attempt = match connect_by.map(|at| at.saturating_duration_since(Instant::now())) {
            Some(left) if left.is_zero() => Err(io::ErrorKind::TimedOut.into()),
            Some(left) => TcpStream::connect_timeout(&addr, left),
            None => TcpStream::connect(addr),
        };
        match attempt {
            Ok(stream) => {
                tcp = Some(stream);
                break;
            }
            Err(source) => {
                last_error = Some(ClientError::Connect {
                    addr: addr.to_string(),
                    source,
                })
            }
        }
    }
    let Some(tcp) = tcp else {
        return Err(last_error.unwrap_or_else(|| resolve_error(io::ErrorKind::NotFound.into())));
    };
    // Small requests go out at once instead of waiting to be batched.
    let _ = tcp.set_nodelay(true);
    // ANCHOR: wrap
    let stream = match url.scheme {
        Scheme::Http => Stream::Plain(tcp),
        Scheme::Https => handshake(tcp, url, options, connect_by)?,
    };
    // ANCHOR_END: wrap
    stream.set_deadline(deadline)?;
    Ok(stream)
}

// ANCHOR: handshake
/// The TLS handshake, done now rather than on the first write, so a
/// certificate problem is reported as one (exit 60), not as a failed send.
fn handshake(
    tcp: TcpStream,
    url: &HttpUrl,
    options: &ConnectOptions,
    by: Option<Instant>,
) -> Result<Stream, ClientError> {
    let Some(config) = options.tls.clone() else {
        return Err(ClientError::Tls(
            "no TLS settings were made for an https URL".into(),
        ));
    };
    // The name the certificate must be for: SNI tells the server which one we want.
    let name = ServerName::try_from(url.host.clone())
        .map_err(|_| ClientError::Tls(format!("{:?} is not a valid TLS server name", url.host)))?;
    let mut conn =
        ClientConnection::new(config, name).map_err(|e| ClientError::Tls(e.to_string()))?;
    let mut tcp = tcp;
    set_deadline(&tcp, by)?;
    // The server's first bytes are kept, to say what it answered if it
    // did not answer in TLS.
    let mut watched = crate::tls::FirstBytes::new(&mut tcp);
    while conn.is_handshaking() {
        conn.complete_io(&mut watched).map_err(|e| {
            // A server that takes the TCP connection and never answers the
            // ClientHello: the handshake is part of connecting, so its time
            // is --connect-timeout's, and running out is a timeout (28).
            if crate::error::timed_out(&e) {
                ClientError::Connect {
                    addr: url.authority(),
                    source: e,
                }
            } else {
                crate::tls::classify_handshake_error(&e, watched.first())
            }
        })?;
    }
    Ok(Stream::Tls(Box::new(StreamOwned::new(conn, tcp))))
}
// ANCHOR_END: handshake

/// The TLS settings for this run: `-k` trusts anyone (with a warning);
/// `--cacert FILE` trusts the CAs in that file; otherwise the system's CAs.
/// Reading the file and the system store is the I/O; [`crate::tls`] makes the
/// settings from what was read.
pub fn tls_config(
    cacert: Option<&std::path::Path>,
    insecure: bool,
) -> Result<Arc<rustls::ClientConfig>, ClientError> {
    use crate::tls::{Trust, certificates_from_pem, client_config};
    let trust = if insecure {
        Trust::Insecure
    } else if let Some(path) = cacert {
        let pem = std::fs::read(path)
            .map_err(|e| ClientError::CaCert(format!("cannot read {}: {e}", path.display())))?;
        let certs = certificates_from_pem(&pem)
            .map_err(|e| ClientError::CaCert(format!("{}: {e}", path.display())))?;
        Trust::Roots(certs)
    } else {
        let found = rustls_native_certs::load_native_certs();
        if found.certs.is_empty() {
            return Err(ClientError::CaCert(
                "no CA certificates found on this system; name a file with --cacert".into(),
            ));
        }
        Trust::Roots(found.certs)
    };
    client_config(trust).map_err(|e| ClientError::CaCert(e.to_string()))
}
