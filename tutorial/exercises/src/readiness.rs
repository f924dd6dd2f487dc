//! What ex25 gives you: one connection's state on a readiness loop.
//!
//! On an event loop a connection cannot keep its state in the local
//! variables of a thread: it is put down whenever its socket would block,
//! and picked up again when the loop is told the socket is ready. So what
//! it needs between two wake-ups lives in a [`LoopConn`]: `wire`'s
//! connection machine, and the bytes queued for the socket that it has
//! not taken yet. socket_api's `event_loop/conn.rs` is the full version
//! (TLS, deadlines, streamed bodies, lingering close); this one keeps
//! only what ex25 is about.
//!
//! The requests it answers ([`LoopConn::handle`] does it for you):
//!
//! | request                 | answer                                           |
//! |-------------------------|--------------------------------------------------|
//! | `GET /hello?name=Ann`   | `200`, `Hello, Ann!\n` (`Hello, world!\n` with no name) |
//! | `POST /echo`            | `200`, the request body, byte for byte           |
//! | `GET /big?n=5000`       | `200`, a body of `n` bytes (at most 100,000)      |
//! | anything else           | `404`                                            |

use std::io::{Read, Write};
use std::time::{Instant, SystemTime};

use wire::server::{Event, Limits, ServerConnection};
use wire::{RequestHead, StatusCode};

/// Unsent output past which a connection is not read: backpressure.
/// socket_api's is 64 KiB; a smaller one here keeps the checks quick.
pub const OUT_BOUND: usize = 16 * 1024;

/// A non-blocking socket: `read` and `write` never wait, and say
/// `ErrorKind::WouldBlock` instead. (A trait of its own so that
/// `&mut dyn Socket` can be both; any `Read + Write` is one.)
pub trait Socket: Read + Write {}

impl<T: Read + Write> Socket for T {}

/// What the loop does with the connection after `on_ready` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Nothing more can be done now: put it down until the socket is
    /// ready again (readable, or writable after it was full).
    Wait,
    /// The connection is over and everything queued has been sent:
    /// close the socket.
    Close,
}

/// One connection between two wake-ups of the loop.
#[derive(Debug)]
pub struct LoopConn {
    /// HTTP itself: what to do next, and the bytes of every answer.
    pub machine: ServerConnection,
    /// Bytes queued for the socket that it has not taken yet, oldest first.
    pub out: Vec<u8>,
    /// The request being read: its head, then its body as it arrives.
    request: Option<(RequestHead, Vec<u8>)>,
}

impl Default for LoopConn {
    fn default() -> LoopConn {
        LoopConn::new()
    }
}

impl LoopConn {
    /// A connection just accepted.
    pub fn new() -> LoopConn {
        LoopConn {
            machine: ServerConnection::new(Limits::default(), Instant::now()),
            out: Vec::new(),
            request: None,
        }
    }

    /// Acts on one event of the machine, other than `NeedData` (the
    /// socket's business, and yours): collects the request and, when it
    /// is complete, queues its answer in `out`. A refused request gets its
    /// error status (`400`, `413`...) and `Connection: close`.
    pub fn handle(&mut self, event: Event) {
        match event {
            Event::Head { head, .. } => self.request = Some((head, Vec::new())),
            Event::SendContinue => self.out.extend_from_slice(wire::server::CONTINUE),
            Event::Data(bytes) => {
                if let Some((_, body)) = &mut self.request {
                    body.extend_from_slice(&bytes);
                }
            }
            Event::EndOfRequest => {
                if let Some((head, body)) = self.request.take() {
                    let (status, answer) = answer(&head, &body);
                    self.send(status, &answer, false);
                }
            }
            Event::Error { error, .. } => {
                self.request = None;
                // Without a status (the client left), the machine just closes.
                if let Some(status) = error.status() {
                    self.send(status, error.to_string().as_bytes(), true);
                }
            }
            Event::NeedData { .. } | Event::Paused | Event::Closed => {}
        }
    }

    fn send(&mut self, status: StatusCode, body: &[u8], close: bool) {
        let date = wire::date::http_date(SystemTime::now());
        let fields = [("Content-Type", "text/plain; charset=utf-8")];
        let sent = self
            .machine
            .send_response(status, &fields, body, &date, close, Instant::now());
        // The machine refuses only a response nobody asked for: none here.
        self.out.extend(sent.unwrap_or_default());
    }
}

/// The routes in the table above: a status and a body.
pub fn answer(head: &RequestHead, body: &[u8]) -> (StatusCode, Vec<u8>) {
    let query = wire::form::decode(head.query().unwrap_or_default().as_bytes());
    let param = |name: &str| query.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    match (head.method.as_str(), head.path()) {
        ("GET", "/hello") => {
            let name = param("name").map_or("world", String::as_str);
            (StatusCode::OK, format!("Hello, {name}!\n").into_bytes())
        }
        ("POST", "/echo") => (StatusCode::OK, body.to_vec()),
        ("GET", "/big") => match param("n").and_then(|n| n.parse::<usize>().ok()) {
            Some(n) if n <= 100_000 => (StatusCode::OK, big_body(n)),
            _ => (
                StatusCode::BAD_REQUEST,
                b"n: a number up to 100000\n".to_vec(),
            ),
        },
        _ => (StatusCode::NOT_FOUND, b"no such route\n".to_vec()),
    }
}

/// `n` bytes of lines, `0000 ...\n`, `0001 ...\n`: a body whose every
/// part is different, so a byte lost or repeated shows.
pub fn big_body(n: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(n + 32);
    let mut line = 0;
    while body.len() < n {
        body.extend(format!("{line:04} the quick brown fox jumps\n").bytes());
        line += 1;
    }
    body.truncate(n);
    body
}
