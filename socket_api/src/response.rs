//! A response, as a handler builds it.
//!
//! Handlers build a [`Response`]: a status, a few fields, a body. The
//! connection machine ([`wire::server`]) turns it into bytes, adding the
//! fields every response needs and a handler should not have to think about:
//! `Content-Length` (or `Transfer-Encoding: chunked`), `Date`, and
//! `Connection` when it has something to say.
//!
//! A body is either all there ([`Body::Full`]) or made piece by piece
//! ([`Body::Stream`]): a file read 64 KiB at a time, or lines produced one
//! by one, each written as soon as it exists. A stream whose length is
//! known up front (a file) is sent with `Content-Length`; one whose length
//! is not is chunked (HTTP/1.1) or ends with the connection (HTTP/1.0).

use std::fmt;
use std::io::{self, Read};
use std::time::SystemTime;

use wire::StatusCode;
pub use wire::server::Persistence;

pub const TEXT_PLAIN: &str = "text/plain; charset=utf-8";
pub const TEXT_HTML: &str = "text/html; charset=utf-8";
pub const APPLICATION_JSON: &str = "application/json";

/// What a handler returns.
#[derive(Debug)]
pub struct Response {
    pub status: StatusCode,
    /// Fields besides `Content-Length`, `Date` and `Connection`, in order.
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

// ANCHOR: body
/// A response's body.
pub enum Body {
    /// All of it, in memory.
    Full(Vec<u8>),
    /// Made piece by piece; each piece is written as soon as it is made.
    Stream {
        /// The length in bytes, when known before the first piece.
        length: Option<u64>,
        /// The pieces. An `Err` ends the response early: the connection is
        /// closed, the only way left to tell the client mid-body.
        pieces: Box<dyn Iterator<Item = io::Result<Vec<u8>>> + Send>,
    },
}
// ANCHOR_END: body

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Full(bytes) => write!(f, "Full({} bytes)", bytes.len()),
            Body::Stream { length, .. } => write!(f, "Stream {{ length: {length:?} }}"),
        }
    }
}

/// How much of a file a streamed body reads at a time: large enough that
/// the system calls cost little, small enough that memory stays flat
/// whatever the file's size.
pub const PIECE: usize = 64 * 1024;

impl Response {
    /// A response with a body of the given media type.
    pub fn new(status: StatusCode, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Full(body.into()),
        }
    }

    /// A response whose body is made piece by piece, `length` bytes in all
    /// if known.
    pub fn stream(
        status: StatusCode,
        content_type: &str,
        length: Option<u64>,
        pieces: impl Iterator<Item = io::Result<Vec<u8>>> + Send + 'static,
    ) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Stream {
                length,
                pieces: Box::new(pieces),
            },
        }
    }

    // ANCHOR: from_reader
    /// A response that reads its body from `reader` (a file), [`PIECE`]
    /// bytes at a time: never more than that in memory.
    pub fn from_reader(
        status: StatusCode,
        content_type: &str,
        length: u64,
        mut reader: impl Read + Send + 'static,
    ) -> Response {
        let mut left = length;
        let pieces = std::iter::from_fn(move || {
            if left == 0 {
                return None;
            }
            let want = usize::try_from(left).unwrap_or(PIECE).min(PIECE);
            let mut piece = vec![0; want];
            match reader.read(&mut piece) {
                // Shorter than it said: end here; the connection closes.
                Ok(0) => None,
                Ok(n) => {
                    piece.truncate(n);
                    left -= n as u64;
                    Some(Ok(piece))
                }
                Err(e) => Some(Err(e)),
            }
        });
        Response::stream(status, content_type, Some(length), pieces)
    }
    // ANCHOR_END: from_reader

    /// The whole body, if it is all in memory (not a stream).
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.body {
            Body::Full(bytes) => Some(bytes),
            Body::Stream { .. } => None,
        }
    }

    /// `text/plain; charset=utf-8`.
    pub fn text(status: StatusCode, body: impl Into<Vec<u8>>) -> Response {
        Response::new(status, TEXT_PLAIN, body)
    }

    /// The response for an error: its status line again as text, then why.
    /// `400 Bad Request: invalid Content-Length`.
    pub fn error(status: StatusCode, why: &str) -> Response {
        Response::text(status, format!("{status}: {why}\n"))
    }

    /// Adds a header field.
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The handler's own fields, as the machine takes them.
    pub fn fields(&self) -> Vec<(&str, &str)> {
        field_pairs(&self.headers)
    }

    /// The bytes on the wire, outside a connection's machine (the `503`
    /// sent to a connection past the cap). `head_only` leaves the body off;
    /// `connection` says what, if anything, the `Connection` field says.
    pub fn to_bytes(&self, head_only: bool, connection: Persistence, now: SystemTime) -> Vec<u8> {
        let date = wire::date::http_date(now);
        let fields = self.fields();
        // A streamed body writes nothing here: only a whole one can be.
        let body = self.bytes().unwrap_or_default();
        wire::server::response_bytes(self.status, &fields, body, head_only, connection, &date)
    }
}

/// Fields as `(name, value)` string slices, as [`wire::server`] takes
/// them; for a driver that has taken a [`Response`] apart to move its body.
pub fn field_pairs(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn bytes_on_the_wire() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777);
        let response = Response::text(StatusCode::OK, "Hello");
        assert_eq!(
            String::from_utf8_lossy(&response.to_bytes(false, Persistence::Default, now)),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\
             Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nHello"
        );
        let head = response.to_bytes(true, Persistence::Close, now);
        assert!(head.ends_with(b"Content-Length: 5\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nConnection: close\r\n\r\n"));
    }

    #[test]
    fn error_bodies_repeat_the_status() {
        let response = Response::error(StatusCode::BAD_REQUEST, "invalid Content-Length");
        assert_eq!(
            response.bytes(),
            Some(&b"400 Bad Request: invalid Content-Length\n"[..])
        );
    }
}
