//! The parts of a server the server-level exercises give you.
//!
//! Each server-level exercise asks for one idea (answering `HEAD`, reading a
//! body in pieces, keep-alive, a timeout, shutdown); the rest of the server
//! is here, written plainly, so you can read it too. It is a small cousin of
//! `socket_api`: a thread per connection, heads parsed by `wire`, bodies
//! framed by `Content-Length` only.
//!
//! The routes every exercise server answers (a server you write in another
//! language answers the same, for `check --addr`):
//!
//! | request                 | answer                                              |
//! |-------------------------|-----------------------------------------------------|
//! | `GET /hello?name=Ann`   | `200`, `Hello, Ann!\n` (`Hello, world!\n` with no name) |
//! | `POST /echo`            | `200`, the request body, byte for byte              |
//! | `GET /slow`             | `200`, its head at once and its body 300 ms later    |
//! | anything else           | `404`                                               |
//!
//! [`serve`] is also the answer to ex16 (shutdown): write yours before you
//! read it.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use wire::{HeadLimits, Parsed, RequestHead};

/// The largest body these servers read. socket_api's default is 1 MiB.
pub const MAX_BODY: usize = 64 * 1024;

/// How long `/slow` takes between its head and its body.
pub const SLOW: Duration = Duration::from_millis(300);

/// One request, read whole.
#[derive(Debug, Clone)]
pub struct Request {
    pub head: RequestHead,
    pub body: Vec<u8>,
}

impl Request {
    pub fn method(&self) -> &str {
        &self.head.method
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.head.path()
    }

    /// The first value of header `name`, ignoring ASCII case (`content-length`
    /// and `Content-Length` are the same field).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.headers.get(name)
    }

    /// The `name` parameter of the query, percent-decoded.
    pub fn query_param(&self, name: &str) -> Option<String> {
        let query = self.head.query()?;
        wire::form::decode(query.as_bytes())
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value)
    }

    /// Is this `HTTP/1.0`?
    pub fn is_http10(&self) -> bool {
        self.head.version == wire::Version::Http10
    }
}

/// Accepts connections until `stop` is set, each served by `handle` on a
/// thread of its own; then stops accepting, waits for the connections being
/// served, and returns.
///
/// `accept` blocks and cannot be told to stop, so the listener is made
/// non-blocking and polled every 10 ms. socket_api wakes its blocking
/// `accept` with a connection of its own instead; an event loop would wait
/// on the listener and on a wake-up at once.
pub fn serve(
    listener: TcpListener,
    stop: Arc<AtomicBool>,
    handle: fn(TcpStream) -> io::Result<()>,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut connections = Vec::new();
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _peer)) => {
                // On some systems an accepted socket inherits non-blocking.
                stream.set_nonblocking(false)?;
                connections.push(thread::spawn(move || handle(stream)));
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                thread::sleep(Duration::from_millis(10));
            }
            // A connection reset before we took it is the client's business.
            Err(_) => {}
        }
        connections.retain(|c| !c.is_finished());
    }
    drop(listener);
    for connection in connections {
        // A connection that failed or panicked is over either way.
        let _ = connection.join();
    }
    Ok(())
}

/// Reads until `buf` holds a whole request head, and takes it off `buf`
/// (what follows it, a body or the next request, stays in `buf`).
/// `Ok(None)`: the client closed the connection before sending a byte.
pub fn read_head(stream: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<Option<RequestHead>> {
    loop {
        match wire::head::parse_request_head(buf, HeadLimits::default()) {
            Ok(Parsed::Complete { head, len }) => {
                buf.drain(..len);
                return Ok(Some(head));
            }
            Ok(Parsed::Partial) => {}
            Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, e.to_string())),
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return if buf.is_empty() {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// The request's `Content-Length`, or 0 without one. `None`: not a number.
/// (Chunked request bodies are not read by these servers: ex12 decodes them.)
pub fn content_length(head: &RequestHead) -> Option<usize> {
    match head.headers.get("Content-Length") {
        None => Some(0),
        Some(value) if value.bytes().all(|b| b.is_ascii_digit()) => value.parse().ok(),
        Some(_) => None,
    }
}

/// Reads one whole request: its head, then its body by `Content-Length`.
/// `Ok(None)`: the client closed the connection before sending a byte.
pub fn read_request(stream: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<Option<Request>> {
    let Some(head) = read_head(stream, buf)? else {
        return Ok(None);
    };
    let length = match content_length(&head) {
        Some(n) if n <= MAX_BODY => n,
        _ => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "bad Content-Length",
            ));
        }
    };
    while buf.len() < length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf.drain(..length).collect();
    Ok(Some(Request { head, body }))
}

/// A whole response: status line, `Content-Type`, `Content-Length`,
/// `Connection: close` when `close`, the blank line and the body.
pub fn response(status: u16, reason: &str, body: &[u8], close: bool) -> Vec<u8> {
    let mut out = response_head(status, reason, body.len(), close);
    out.extend_from_slice(body);
    out
}

/// The head of [`response`] alone, for a body of `length` bytes.
pub fn response_head(status: u16, reason: &str, length: usize, close: bool) -> Vec<u8> {
    let connection = if close { "Connection: close\r\n" } else { "" };
    format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {length}\r\n{connection}\r\n"
    )
    .into_bytes()
}

/// The body `GET /hello` answers with.
pub fn hello_body(request: &Request) -> String {
    let name = request.query_param("name");
    format!("Hello, {}!\n", name.as_deref().unwrap_or("world"))
}

/// Answers `request` by the table at the top of this file, saying
/// `Connection: close` when `close`.
pub fn answer(stream: &mut impl Write, request: &Request, close: bool) -> io::Result<()> {
    match (request.method(), request.path()) {
        ("GET", "/hello") => {
            stream.write_all(&response(200, "OK", hello_body(request).as_bytes(), close))
        }
        ("POST", "/echo") => stream.write_all(&response(200, "OK", &request.body, close)),
        ("GET", "/slow") => {
            let body = b"slow, but here\n";
            stream.write_all(&response_head(200, "OK", body.len(), close))?;
            stream.flush()?;
            thread::sleep(SLOW);
            stream.write_all(body)
        }
        _ => stream.write_all(&response(404, "Not Found", b"no such route\n", close)),
    }
}

/// Closes a connection without losing the answer just written.
///
/// Closing a socket with unread bytes in it makes the kernel send a reset,
/// and a reset can destroy the answer before the client reads it. So: say
/// we are done writing (a FIN), then read and throw away what the client
/// still sends, until it closes too or a second has passed. socket_api
/// calls this a lingering close.
pub fn close_gently(mut stream: TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let until = Instant::now() + Duration::from_secs(1);
    let mut sink = [0u8; 4096];
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}
