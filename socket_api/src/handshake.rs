//! The TLS handshake, on the connection's own thread before its first
//! request: bounded in time, and telling plain HTTP apart from TLS.
//!
//! Before any HTTP byte goes over HTTPS, client and server agree on keys:
//! the client's `ClientHello`, the server's certificate and its proof that
//! it holds the key, a few messages each way (one round trip in TLS 1.3).
//! rustls does the cryptography. This file only moves its records, as
//! [`connection`](crate::connection) moves HTTP bytes for
//! [`wire::server`]: `read_tls` what came in, `write_tls` what rustls wants
//! sent, until it is no longer handshaking.
//!
//! Two things rustls leaves to the server:
//!
//! - **Time.** A client may connect and never finish, or trickle a byte a
//!   second. The whole handshake must be over by one deadline
//!   (`--header-timeout` after the connection was accepted, the time a
//!   request head gets), or the connection is closed and its thread is
//!   free. (framework_api gives 10 s, fixed: its `tls::HANDSHAKE_TIME`.)
//! - **Plain HTTP on the HTTPS port**, someone who typed `http://` for
//!   `https://`. A TLS connection opens with a handshake record, whose
//!   first byte is 22 (`0x16`); an HTTP request opens with a method in
//!   capital letters. Such a client gets a plain-text `400 Bad Request`
//!   saying what went wrong, and the log says so too, as nginx ("The plain
//!   HTTP request was sent to HTTPS port"), Caddy and Go's `net/http` do.
//!   Left to rustls, the client would see a connection closed for no
//!   reason it could read. framework_api does leave it to rustls: there
//!   the handshake fails, rustls sends a TLS alert (`decode_error`) that
//!   a plain HTTP client cannot read, and the connection closes.

use std::fmt;
use std::io::{self, ErrorKind, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use rustls::{ServerConfig, ServerConnection, StreamOwned};
use wire::StatusCode;

use crate::Response;
use crate::blocking::linger_close;
use crate::response::Persistence;
use crate::transport::Transport;

/// Why a connection got no TLS session.
#[derive(Debug)]
pub(crate) enum HandshakeError {
    /// The handshake was not over by the deadline.
    TimedOut,
    /// The client closed, or the socket failed.
    Io(io::Error),
    /// The client spoke plain HTTP (its first line, as far as it came);
    /// it was answered with a `400`.
    PlainHttp(String),
    /// rustls refused what the client sent: not TLS at all, nothing in
    /// common, or the client refused our certificate (its alert says why).
    Tls(rustls::Error),
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandshakeError::TimedOut => write!(f, "TLS handshake not finished in time; closed"),
            HandshakeError::Io(e) => write!(f, "TLS handshake: {e}"),
            HandshakeError::PlainHttp(line) => write!(
                f,
                "plain HTTP sent to the HTTPS port ({line:?}) -> {}",
                StatusCode::BAD_REQUEST
            ),
            HandshakeError::Tls(e) => write!(f, "TLS handshake failed: {e}"),
        }
    }
}

impl HandshakeError {
    /// One line in the log: at `info` what a person at the other end was
    /// shown (a 400, or a certificate their client refused), at `debug`
    /// the rest.
    pub(crate) fn log(&self, peer: std::net::SocketAddr) {
        match self {
            HandshakeError::PlainHttp(_) | HandshakeError::Tls(_) => {
                tracing::info!("{peer}: {self}");
            }
            HandshakeError::TimedOut | HandshakeError::Io(_) => tracing::debug!("{peer}: {self}"),
        }
    }
}

// ANCHOR: accept
/// Does the server's side of the handshake on `tcp`, over by `deadline`.
/// Plain HTTP is answered with a `400` here, and closed.
pub(crate) fn accept(
    mut tcp: TcpStream,
    config: &Arc<ServerConfig>,
    deadline: Instant,
) -> Result<Transport, HandshakeError> {
    // A TLS record's first byte is its type, 20 to 24 (a handshake is 22):
    // never a capital letter, as an HTTP method's is.
    let first = peek_first_bytes(&tcp, deadline)?;
    if first.first().is_some_and(u8::is_ascii_uppercase) {
        return Err(refuse_plain_http(tcp, &first));
    }
    let mut conn = ServerConnection::new(Arc::clone(config)).map_err(HandshakeError::Tls)?;
    while conn.is_handshaking() {
        // What rustls has to say first (ServerHello, certificate, ...).
        while conn.wants_write() {
            conn.write_tls(&mut tcp).map_err(HandshakeError::Io)?;
        }
        if !conn.is_handshaking() {
            break;
        }
        wait_until(&tcp, deadline)?;
        match conn.read_tls(&mut tcp) {
            Ok(0) => return Err(HandshakeError::Io(ErrorKind::UnexpectedEof.into())),
            Ok(_) => {}
            Err(e) if timed_out(&e) => return Err(HandshakeError::TimedOut),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(HandshakeError::Io(e)),
        }
        if let Err(error) = conn.process_new_packets() {
            // rustls has queued an alert telling the client why: send it.
            let _ = conn.write_tls(&mut tcp);
            return Err(HandshakeError::Tls(error));
        }
    }
    // TLS 1.3's session tickets, sent after the handshake.
    while conn.wants_write() {
        conn.write_tls(&mut tcp).map_err(HandshakeError::Io)?;
    }
    Ok(Transport::Tls(Box::new(StreamOwned::new(conn, tcp))))
}
// ANCHOR_END: accept

/// The first bytes the client sent, without taking them off the socket
/// (`peek`), so rustls still reads them all. At least one: a client that
/// closes first is an error.
fn peek_first_bytes(tcp: &TcpStream, deadline: Instant) -> Result<Vec<u8>, HandshakeError> {
    let mut first = [0u8; 256];
    loop {
        wait_until(tcp, deadline)?;
        return match tcp.peek(&mut first) {
            Ok(0) => Err(HandshakeError::Io(ErrorKind::UnexpectedEof.into())),
            Ok(n) => Ok(first[..n].to_vec()),
            Err(e) if timed_out(&e) => Err(HandshakeError::TimedOut),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => Err(HandshakeError::Io(e)),
        };
    }
}

// ANCHOR: refuse_plain_http
/// Answers plain HTTP with a plain `400` (no TLS: the client would not
/// understand it), then closes without losing it (a lingering close).
fn refuse_plain_http(mut tcp: TcpStream, first: &[u8]) -> HandshakeError {
    if tcp.write_all(&plain_http_refusal()).is_ok() {
        linger_close(&mut Transport::Plain(tcp));
    }
    HandshakeError::PlainHttp(first_line(first))
}

/// The `400` plain HTTP gets on the HTTPS port, in plain text.
pub(crate) fn plain_http_refusal() -> Vec<u8> {
    let response = Response::error(
        StatusCode::BAD_REQUEST,
        "this port speaks HTTPS (HTTP inside TLS); use an https:// URL",
    );
    response.to_bytes(false, Persistence::Close, SystemTime::now())
}
// ANCHOR_END: refuse_plain_http

/// The first line of what a client sent, for the log.
pub(crate) fn first_line(first: &[u8]) -> String {
    let line = first.split(|&b| b == b'\r' || b == b'\n').next();
    String::from_utf8_lossy(line.unwrap_or_default()).into_owned()
}

// ANCHOR: wait_until
/// Sets the socket's read timeout to the time left, or says it is up.
fn wait_until(tcp: &TcpStream, deadline: Instant) -> Result<(), HandshakeError> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() || tcp.set_read_timeout(Some(left)).is_err() {
        return Err(HandshakeError::TimedOut);
    }
    Ok(())
}
// ANCHOR_END: wait_until

/// A read timeout shows up as `WouldBlock` on Unix and `TimedOut` on Windows.
fn timed_out(e: &io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}
