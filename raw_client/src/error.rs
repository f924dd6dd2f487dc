//! Everything that can go wrong for a client, and the exit code each gets.
//!
//! Shared by `get_client` and `post_client`: one variant per kind of failure,
//! each mapped to curl's exit code in one place ([`ClientError::exit_code`]),
//! so a script that checks `$?` after `curl` can check it after these clients
//! too. Each client's `main` prints the error as one line,
//! `get_client: <what went wrong>`; nothing here panics. The type only
//! carries errors; the I/O that meets them is in [`transport`](crate::transport),
//! [`connection`](crate::connection) and [`session`](crate::session).
//!
//! curl has about a hundred codes (see `man curl`, EXIT CODES); these are the
//! ones an HTTP/1.1 client can hit, over TCP or TLS.

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Duration;

/// Why a request failed.
#[derive(Debug)]
pub enum ClientError {
    /// The command line asks for something that cannot be done. Exit 2,
    /// as clap uses for its own usage errors.
    Usage(String),
    /// The URL does not parse. curl: 3, URL malformed.
    BadUrl(wire::url::UrlError),
    /// The host name has no address. curl: 6, could not resolve host.
    Resolve { host: String, source: io::Error },
    /// No address of the host took the connection (refused, unreachable).
    /// curl: 7, failed to connect.
    Connect { addr: String, source: io::Error },
    /// Writing the request to the socket failed. curl: 55, failed sending.
    Send(io::Error),
    /// Reading the socket failed (e.g. reset by the server). curl: 56,
    /// failure receiving network data.
    Receive(io::Error),
    /// The response's bytes are not HTTP/1.1 (curl: 8, weird server reply),
    /// or it stopped before its framing said it was complete (56).
    Response(wire::Error),
    /// `--connect-timeout` or `-m` ran out. curl: 28, operation timed out.
    /// `connecting`: the connection (TCP, then TLS) was not made yet;
    /// `after`: how long the transfer had run; `received`: the body bytes
    /// that had arrived, which curl's message counts too.
    TimedOut {
        connecting: bool,
        after: Duration,
        received: u64,
    },
    /// Writing to stdout or stderr failed (e.g. a closed pipe). curl: 23.
    Output(io::Error),
    /// The TLS handshake failed for a reason other than the certificate: no
    /// protocol version or cipher suite in common, an alert from the server,
    /// bytes that are not TLS. curl: 35, SSL connect error.
    Tls(String),
    /// The server's certificate cannot be trusted: signed by no CA we trust,
    /// for another name, expired. curl: 60, peer certificate cannot be
    /// authenticated with known CA certificates.
    Certificate(String),
    /// The CA certificates to trust could not be used: a `--cacert` file
    /// with no certificate in it, or roots rustls refuses. curl: 77, problem
    /// with reading the SSL CA cert.
    CaCert(String),
    /// `-f`: the server answered with status 400 or above. curl: 22.
    HttpStatus { status: u16, reason: String },
    /// `-L`: more redirects than `--max-redirs`. curl: 47.
    TooManyRedirects { max: usize },
    /// `--compressed`: the body says it is gzip or deflate but does not
    /// decode. curl: 61, unrecognized transfer encoding.
    Decode(String),
    /// A file named on the command line (`-d @file`, `-F name=@file`)
    /// cannot be read. curl: 26, read error.
    ReadFile { path: String, source: io::Error },
}

impl ClientError {
    /// The process exit code for this error: curl's, for the same failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            ClientError::Usage(_) => 2,
            ClientError::BadUrl(_) => 3,
            ClientError::Resolve { .. } => 6,
            ClientError::Connect { source, .. } if timed_out(source) => 28,
            ClientError::Connect { .. } => 7,
            ClientError::Response(wire::Error::UnexpectedEof) => 56,
            ClientError::Response(_) => 8,
            ClientError::TimedOut { .. } => 28,
            ClientError::Output(_) => 23,
            ClientError::Send(source) | ClientError::Receive(source) if timed_out(source) => 28,
            ClientError::Send(_) => 55,
            ClientError::Receive(_) => 56,
            ClientError::Tls(_) => 35,
            ClientError::Certificate(_) => 60,
            ClientError::CaCert(_) => 77,
            ClientError::HttpStatus { .. } => 22,
            ClientError::TooManyRedirects { .. } => 47,
            ClientError::Decode(_) => 61,
            ClientError::ReadFile { .. } => 26,
        }
    }
}

impl ClientError {
    /// Did a socket give up because its time ran out (whatever the phase)?
    /// The [`session`](crate::session) turns such an error into
    /// [`ClientError::TimedOut`], which knows the phase and the time.
    pub fn is_timeout(&self) -> bool {
        match self {
            ClientError::Connect { source, .. }
            | ClientError::Send(source)
            | ClientError::Receive(source) => timed_out(source),
            ClientError::TimedOut { .. } => true,
            _ => false,
        }
    }
}

/// A socket with a timeout set reports it as `TimedOut` on some systems and
/// `WouldBlock` on others (Unix), so both count. curl: 28. The OS's words
/// for it ("Resource temporarily unavailable") say nothing to a user, so a
/// timeout is reported as [`ClientError::TimedOut`] instead.
pub fn timed_out(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// What a client's `main` does with the result of its run: nothing on
/// success; otherwise one line on stderr, `program: what went wrong` (none
/// with `-s`, as curl -s), and curl's exit code for the failure.
///
/// The line is written with `writeln!`, not `eprintln!`: `eprintln!` panics
/// when stderr is a closed pipe (`get_client -v URL 2>&1 | head -1`, once
/// head has its line), and that is exactly when the run failed with exit
/// 23. If stderr is gone there is nowhere to say so; the exit code says it.
/// (Rust ignores SIGPIPE, so a closed pipe is an error to handle, not a
/// signal that ends the process as it would a C program.)
pub fn exit(program: &str, silent: bool, result: Result<(), ClientError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !silent {
                let _ = writeln!(io::stderr(), "{program}: {e}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Usage(message) => f.write_str(message),
            ClientError::BadUrl(e) => write!(f, "{e}"),
            ClientError::Resolve { host, source } => {
                write!(f, "could not resolve host {host}: {source}")
            }
            ClientError::Connect { addr, source } => {
                write!(f, "could not connect to {addr}: {source}")
            }
            ClientError::Send(e) => write!(f, "sending the request failed: {e}"),
            ClientError::Receive(e) => write!(f, "receiving the response failed: {e}"),
            ClientError::Response(wire::Error::UnexpectedEof) => write!(
                f,
                "the server closed the connection before the response was complete"
            ),
            ClientError::Response(e) => write!(f, "weird server reply: {e}"),
            // curl's sentences (7.88: "Connection timed out after 1001
            // milliseconds", "Operation timed out after 2001 milliseconds
            // with 0 bytes received"). curl words a stalled TLS handshake
            // under --connect-timeout "SSL connection timeout"; one
            // sentence with the time in it says more.
            ClientError::TimedOut {
                connecting: true,
                after,
                ..
            } => write!(
                f,
                "Connection timed out after {} milliseconds",
                after.as_millis()
            ),
            ClientError::TimedOut {
                connecting: false,
                after,
                received,
            } => write!(
                f,
                "Operation timed out after {} milliseconds with {received} bytes received",
                after.as_millis()
            ),
            // curl: "Failure writing output to destination".
            ClientError::Output(e) => write!(f, "failure writing output to destination: {e}"),
            ClientError::Tls(message) => write!(f, "TLS handshake failed: {message}"),
            // curl says "SSL certificate problem: unable to get local issuer
            // certificate", and then how to go on; so do we.
            ClientError::Certificate(message) => write!(
                f,
                "SSL certificate problem: {message} (--cacert FILE trusts another CA; -k skips the check)"
            ),
            ClientError::CaCert(message) => {
                write!(f, "problem with the CA certificates: {message}")
            }
            ClientError::HttpStatus { status, reason } => {
                write!(f, "the requested URL returned error: {status} {reason}")
            }
            ClientError::TooManyRedirects { max } => {
                write!(f, "maximum ({max}) redirects followed")
            }
            ClientError::Decode(message) => write!(f, "{message}"),
            ClientError::ReadFile { path, source } => write!(f, "cannot read {path}: {source}"),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::BadUrl(e) => Some(e),
            ClientError::Resolve { source, .. } | ClientError::Connect { source, .. } => {
                Some(source)
            }
            ClientError::Send(e) | ClientError::Receive(e) | ClientError::Output(e) => Some(e),
            ClientError::ReadFile { source, .. } => Some(source),
            ClientError::Response(e) => Some(e),
            ClientError::Usage(_)
            | ClientError::Tls(_)
            | ClientError::Certificate(_)
            | ClientError::CaCert(_)
            | ClientError::HttpStatus { .. }
            | ClientError::TimedOut { .. }
            | ClientError::TooManyRedirects { .. }
            | ClientError::Decode(_) => None,
        }
    }
}

/// Bytes that cannot be HTTP, found by the response reader.
impl From<wire::Error> for ClientError {
    fn from(e: wire::Error) -> ClientError {
        ClientError::Response(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_curls() {
        let io = |kind| io::Error::from(kind);
        let cases: Vec<(ClientError, u8)> = vec![
            (ClientError::Usage("x".into()), 2),
            (ClientError::BadUrl(wire::url::UrlError("x".into())), 3),
            (
                ClientError::Resolve {
                    host: "nowhere.invalid".into(),
                    source: io(io::ErrorKind::NotFound),
                },
                6,
            ),
            (
                ClientError::Connect {
                    addr: "127.0.0.1:1".into(),
                    source: io(io::ErrorKind::ConnectionRefused),
                },
                7,
            ),
            (
                ClientError::Connect {
                    addr: "10.255.255.1:80".into(),
                    source: io(io::ErrorKind::TimedOut),
                },
                28,
            ),
            (ClientError::Response(wire::Error::InvalidContentLength), 8),
            (ClientError::Response(wire::Error::UnexpectedEof), 56),
            (
                ClientError::TimedOut {
                    connecting: false,
                    after: Duration::from_millis(2001),
                    received: 0,
                },
                28,
            ),
            (ClientError::Output(io(io::ErrorKind::BrokenPipe)), 23),
            (ClientError::Send(io(io::ErrorKind::BrokenPipe)), 55),
            (ClientError::Receive(io(io::ErrorKind::ConnectionReset)), 56),
            (ClientError::Receive(io(io::ErrorKind::WouldBlock)), 28),
            (ClientError::Tls("handshake failure".into()), 35),
            (ClientError::Certificate("UnknownIssuer".into()), 60),
            (ClientError::CaCert("no certificates".into()), 77),
            (
                ClientError::HttpStatus {
                    status: 404,
                    reason: "Not Found".into(),
                },
                22,
            ),
            (ClientError::TooManyRedirects { max: 10 }, 47),
            (ClientError::Decode("x".into()), 61),
            (
                ClientError::ReadFile {
                    path: "x".into(),
                    source: io(io::ErrorKind::NotFound),
                },
                26,
            ),
        ];
        for (error, code) in cases {
            assert_eq!(error.exit_code(), code, "{error}");
        }
    }
}
