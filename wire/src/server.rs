//! # The server side of a connection, as a state machine
//!
//! [`ServerConnection`] is HTTP/1.1 from the server's seat with no socket and
//! no clock in it: the idea of h11's `Connection`. A driver (socket_api's
//! thread per connection, or an event loop) feeds it what the socket gave
//! and the time it is, asks it for the next [`Event`], and writes the bytes
//! it hands back. Everything HTTP decides is here: where a request ends,
//! whether `Host` is right, when to say `100 Continue`, how big is too big,
//! which deadline applies now, and whether the connection lives on.
//!
//! ```text
//!                first byte                 head ok                      body ends
//!   ┌──────┐  ──────────────> ┌─────────────┐ ──────> ┌─────────────┐ ──────────> ┌──────────┐
//!   │ Idle │                  │ ReadingHead │         │ ReadingBody │             │ Handling │
//!   └──────┘ <─┐              └─────────────┘         └─────────────┘             └──────────┘
//!     │        │                     │ bad head,             │ bad chunk,          │   │
//!     │        │ keep-alive          │ 408, 413 ...          │ 408, 413 ...        │   │
//!     │        │                     v                       v                     │   │
//!     │        │              ┌──────────────┐                                     │   │
//!     │        │              │ SendingError │ <───────────────────────────────────┘   │
//!     │        │              └──────────────┘            (never: a handler's 500      │
//!     │        │                     │ send_response       is an ordinary response)    │
//!     │        └─────────────────────┼───────────────────── send_response ─────────────┤
//!     │ eof or idle timeout          v                                                 │
//!     └─────────────────────────> ┌────────┐ <──── send_response, Connection: close ───┘
//!                                 │ Closed │
//!                                 └────────┘
//! ```
//!
//! (`ReadingHead` goes straight to `Closed`, with no answer, when the
//! client closes mid-head: there is nobody to answer.)
//!
//! A driver's loop, whatever drives it:
//!
//! ```no_run
//! # fn read(_: std::time::Instant) -> Option<Vec<u8>> { None }
//! # fn write(_: &[u8]) {}
//! use std::time::Instant;
//! use wire::server::{Event, Limits, ServerConnection};
//! use wire::StatusCode;
//!
//! let mut conn = ServerConnection::new(Limits::default(), Instant::now());
//! let mut body = Vec::new();
//! loop {
//!     match conn.next_event() {
//!         Event::NeedData { deadline, .. } => match read(deadline) {
//!             Some(bytes) if bytes.is_empty() => conn.receive_eof(),
//!             Some(bytes) => conn.receive(&bytes, Instant::now()),
//!             None => conn.deadline_passed(),
//!         },
//!         Event::Head { .. } => body.clear(),
//!         Event::SendContinue => write(wire::server::CONTINUE),
//!         Event::Data(bytes) => body.extend_from_slice(&bytes),
//!         Event::EndOfRequest => {
//!             let date = wire::date::http_date(std::time::SystemTime::now());
//!             let reply = conn.send_response(StatusCode::OK, &[], b"Hello", &date, false, Instant::now());
//!             write(&reply.unwrap_or_default());
//!         }
//!         Event::Error { error, .. } => {
//!             if let Some(status) = error.status() {
//!                 let date = wire::date::http_date(std::time::SystemTime::now());
//!                 let why = error.to_string();
//!                 let reply = conn.send_response(status, &[], why.as_bytes(), &date, true, Instant::now());
//!                 write(&reply.unwrap_or_default());
//!             }
//!             break;
//!         }
//!         Event::Paused | Event::Closed => break,
//!     }
//! }
//! ```
//!
//! | module | what it holds |
//! |---|---|
//! | [`check`] | the rules a head must pass: target, `Host`, method |
//! | [`error`](mod@error) | [`RequestError`]: each reason to refuse a request, and its status |
//! | [`response`] | [`Persistence`] and the bytes of a whole response |
//!
//! What a production server adds: streaming the body to the handler instead
//! of handing it over in pieces the driver collects, responses whose length
//! is not known in advance (chunked), and HTTP/2. What it does not change:
//! every one of these rules.

pub mod check;
pub mod error;
pub mod response;

use std::time::{Duration, Instant};

use crate::head::{Parsed, parse_request_head};
use crate::{BodyDecoder, BodyEvent, HeadLimits, RequestHead, StatusCode, Version};

pub use check::{check_head, origin_form};
pub use error::RequestError;
pub use response::{BodyFraming, Persistence, response_bytes, response_head_bytes};

/// The interim response a client that sent `Expect: 100-continue` waits
/// for before it sends its body (RFC 9110 §10.1.1, §15.2.1).
pub const CONTINUE: &[u8] = b"HTTP/1.1 100 Continue\r\n\r\n";

/// Stands in for a deadline too far away to compute.
const YEAR: Duration = Duration::from_secs(365 * 24 * 60 * 60);

// ANCHOR: limits
/// What a connection may take: sizes and times. The machine reads no clock:
/// it adds these to the `now` it is given and says when a deadline falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Size of a request head, and number of its fields.
    pub head: HeadLimits,
    /// The largest request body accepted, in bytes.
    pub max_body: usize,
    /// How long a whole head may take to arrive, and how long a body may
    /// go without a byte.
    pub header_timeout: Duration,
    /// How long a keep-alive connection may sit idle between requests.
    pub idle_timeout: Duration,
}
// ANCHOR_END: limits

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            head: HeadLimits::default(),
            max_body: 1024 * 1024,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
        }
    }
}

/// Which deadline a driver waits under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Between requests: past the deadline the connection just closes
    /// (RFC 9112 §9.5), with no answer.
    Idle,
    /// For the rest of a head that has begun: the deadline is for the
    /// whole head, so a client cannot trickle it a byte at a time. `408`.
    Head,
    /// For the next piece of a body: each piece restarts it. `408`.
    Body,
}

/// What happened, in the order it happened: the answer to [`ServerConnection::next_event`].
#[derive(Debug)]
pub enum Event {
    /// Read from the socket, until `deadline` at the latest, then call
    /// [`receive`](ServerConnection::receive), [`receive_eof`](ServerConnection::receive_eof)
    /// or [`deadline_passed`](ServerConnection::deadline_passed).
    NeedData { wait: Wait, deadline: Instant },
    /// A request head that passed every check; `target` is its origin-form.
    Head { head: RequestHead, target: String },
    /// Write [`CONTINUE`] now: the client is waiting for it to send the body.
    SendContinue,
    /// Some bytes of the body, de-chunked.
    Data(Vec<u8>),
    /// The request is complete: the handler's turn, then [`send_response`](ServerConnection::send_response).
    EndOfRequest,
    /// The request cannot be served. With a status, send it with
    /// [`send_response`](ServerConnection::send_response) and close; without
    /// one, just close. `head` is the refused head, when there is one the
    /// driver has not already seen.
    Error {
        error: RequestError,
        head: Option<RequestHead>,
    },
    /// Nothing happens until a response is sent.
    Paused,
    /// The connection is over: close the socket.
    Closed,
}

// ANCHOR: state
/// Where a connection is. The transitions are all in [`ServerConnection`]'s
/// methods; the diagram is at the top of this module.
#[derive(Debug)]
pub enum State {
    /// Between requests: no byte of the next one yet.
    Idle,
    /// Part of a head has arrived.
    ReadingHead,
    /// The head is accepted; the body is being taken off the buffer.
    ReadingBody {
        decoder: BodyDecoder,
        /// Body bytes so far, held to `limit`.
        received: usize,
        /// The most body this request may have: `max_body`, unless the
        /// driver set another for its route ([`ServerConnection::set_body_limit`]).
        limit: usize,
        /// Where the body is in its start.
        start: BodyStart,
    },
    /// The whole request has arrived: waiting for the response.
    Handling,
    /// The request was refused: waiting for the error response, then close.
    SendingError,
    /// A response's head is sent; its body goes out piece by piece
    /// ([`ServerConnection::send_data`], then [`ServerConnection::end_body`]).
    SendingBody {
        /// What is left to send, and how it is framed.
        framing: BodyFraming,
        /// What the head said about the connection after it.
        persistence: Persistence,
    },
    /// Nothing more is read or written.
    Closed,
}
// ANCHOR_END: state

/// The start of a request body, before its first byte is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyStart {
    /// The head has just been handed over: the driver may still set this
    /// request's body limit, and nothing is checked against it yet.
    Unchecked {
        /// The client sent `Expect: 100-continue` and waits for it.
        expects_continue: bool,
    },
    /// The limit allows it: `100 Continue` is owed before the body.
    ContinueOwed,
    /// The body is on its way.
    Flowing,
}

/// What the machine remembers about the request being answered.
#[derive(Debug, Clone, Copy)]
struct Current {
    version: Version,
    keep_alive: bool,
    /// `HEAD`: the response goes without its body.
    head_only: bool,
}

/// A response the machine will not send: a bug in the driver or the app,
/// never the client's doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// More body than the `Content-Length` the head announced.
    TooLong,
    /// The body ended short of the announced `Content-Length`, by this many
    /// bytes. The client is owed bytes it will never get: the connection
    /// is closed, the only way left to tell it.
    TooShort { missing: u64 },
    /// No request is waiting for a response (it is still being read, or
    /// was answered already).
    NotExpected,
    /// A 1xx status is interim, never the answer to a request
    /// (RFC 9110 §15.2); `100 Continue` is sent through [`Event::SendContinue`].
    Informational(StatusCode),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::NotExpected => f.write_str("no request is waiting for a response"),
            SendError::TooLong => f.write_str("more body than the Content-Length sent"),
            SendError::TooShort { missing } => {
                write!(
                    f,
                    "the body ended {missing} bytes short of its Content-Length"
                )
            }
            SendError::Informational(status) => {
                write!(f, "{status} is an interim status, not a final response")
            }
        }
    }
}

impl std::error::Error for SendError {}

/// The server side of one HTTP/1.1 connection. See the module docs.
#[derive(Debug)]
pub struct ServerConnection {
    state: State,
    limits: Limits,
    /// Bytes received and not yet taken: part of a head, of a body, or a
    /// pipelined request waiting its turn.
    buf: Vec<u8>,
    /// When the current wait began: the last response (idle), the head's
    /// first byte (head), or the body's last piece (body).
    since: Instant,
    /// When bytes last arrived: a body's first wait counts from the bytes
    /// that completed its head.
    last_receive: Instant,
    /// The client has closed its side: no more bytes will come. Final.
    eof: bool,
    /// The driver says the current deadline has passed with nothing read.
    /// Bytes that arrive after all (or a response sent) clear it.
    timed_out: bool,
    current: Option<Current>,
    /// The bytes of the current request as they came, head and body (chunk
    /// sizes and all), up to [`RAW_KEPT`]: what `/mirror?raw=1` shows.
    raw: Vec<u8>,
}

/// How much of a request's raw bytes is kept. A production server keeps
/// none; here they are for showing a learner what arrived, and a body
/// streamed to disk is not copied past this.
pub const RAW_KEPT: usize = 64 * 1024;

impl ServerConnection {
    /// A connection just accepted at `now`: idle, waiting for a request.
    pub fn new(limits: Limits, now: Instant) -> ServerConnection {
        ServerConnection {
            state: State::Idle,
            limits,
            buf: Vec::new(),
            since: now,
            last_receive: now,
            eof: false,
            timed_out: false,
            current: None,
            raw: Vec::new(),
        }
    }

    /// The current request's bytes as they arrived, head and body framing
    /// included, up to [`RAW_KEPT`] bytes; complete once the request is.
    pub fn raw_request(&self) -> &[u8] {
        &self.raw
    }

    /// Where the connection is now.
    pub fn state(&self) -> &State {
        &self.state
    }

    // ANCHOR: receive
    /// Right after [`Event::Head`]: how much body this request may have, in
    /// place of `max_body` (a route that streams uploads to disk takes more
    /// than one that holds its body in memory). `Err` at any other time.
    pub fn set_body_limit(&mut self, max_body: usize) -> Result<(), SendError> {
        match &mut self.state {
            State::ReadingBody {
                limit,
                start: BodyStart::Unchecked { .. },
                ..
            } => {
                *limit = max_body;
                Ok(())
            }
            _ => Err(SendError::NotExpected),
        }
    }

    /// Bytes the socket gave, at `now`.
    pub fn receive(&mut self, data: &[u8], now: Instant) {
        if data.is_empty() || matches!(self.state, State::Closed) {
            return;
        }
        self.last_receive = now;
        self.timed_out = false;
        match self.state {
            // The first byte of a request starts the head's deadline.
            State::Idle => {
                self.state = State::ReadingHead;
                self.since = now;
            }
            // Any piece of a body restarts the body's deadline.
            State::ReadingBody { .. } => self.since = now,
            _ => {}
        }
        self.buf.extend_from_slice(data);
    }
    // ANCHOR_END: receive

    /// The client closed its side (a read returned 0), or the socket failed.
    pub fn receive_eof(&mut self) {
        self.eof = true;
    }

    /// The deadline of the last [`Event::NeedData`] passed with nothing read.
    pub fn deadline_passed(&mut self) {
        self.timed_out = true;
    }

    /// The next thing that happened on the connection. Call it again after
    /// acting on each event; it never blocks and never reads a clock.
    pub fn next_event(&mut self) -> Event {
        match &mut self.state {
            State::Idle if self.eof || self.timed_out => {
                // Closing an idle connection needs no response (RFC 9112 §9.5).
                self.state = State::Closed;
                Event::Closed
            }
            State::Idle => self.need_data(Wait::Idle),
            State::ReadingHead => match parse_request_head(&self.buf, self.limits.head) {
                Ok(Parsed::Complete { head, len }) => {
                    self.raw.clear();
                    self.raw.extend(self.buf.drain(..len));
                    self.start_request(head)
                }
                Ok(Parsed::Partial) => self.need_data(Wait::Head),
                Err(e) => self.fail(e.into(), None),
            },
            // ANCHOR: too_large_up_front
            State::ReadingBody {
                decoder,
                limit,
                start: start @ BodyStart::Unchecked { .. },
                ..
            } => {
                // Too large by its own account: refused before a byte of
                // it is read, and before the client is invited to send it.
                if let BodyDecoder::Length { remaining } = decoder {
                    if *remaining > *limit as u64 {
                        let limit = *limit;
                        return self.fail(RequestError::BodyTooLarge { limit }, None);
                    }
                }
                let expects = matches!(
                    start,
                    BodyStart::Unchecked {
                        expects_continue: true
                    }
                );
                // Only when the body is not already on its way (RFC 9110 §10.1.1).
                *start = if expects && self.buf.is_empty() && !decoder.is_done() {
                    BodyStart::ContinueOwed
                } else {
                    BodyStart::Flowing
                };
                self.next_event()
            }
            // ANCHOR_END: too_large_up_front
            State::ReadingBody {
                start: start @ BodyStart::ContinueOwed,
                ..
            } => {
                *start = BodyStart::Flowing;
                Event::SendContinue
            }
            // ANCHOR: reading_body
            State::ReadingBody {
                decoder,
                received,
                limit,
                ..
            } => {
                // What the decoder takes off the buffer is kept as sent, up to a bound.
                let (kept, before) = (self.raw.len(), self.buf.len());
                if kept < RAW_KEPT {
                    self.raw.extend_from_slice(&self.buf);
                }
                // Requests are never close-delimited, so eof is never "the end".
                let decoded = decoder.decode(&mut self.buf, false);
                let taken = before - self.buf.len();
                self.raw.truncate((kept + taken).min(RAW_KEPT));
                match decoded {
                    Ok(BodyEvent::Data(data)) => {
                        *received += data.len();
                        if *received > *limit {
                            let limit = *limit;
                            return self.fail(RequestError::BodyTooLarge { limit }, None);
                        }
                        Event::Data(data)
                    }
                    Ok(BodyEvent::End) => {
                        self.state = State::Handling;
                        Event::EndOfRequest
                    }
                    Ok(BodyEvent::NeedMore) => self.need_data(Wait::Body),
                    Err(e) => self.fail(e.into(), None),
                }
            }
            // ANCHOR_END: reading_body
            State::Handling | State::SendingError | State::SendingBody { .. } => Event::Paused,
            State::Closed => Event::Closed,
        }
    }

    // ANCHOR: send_response
    /// The response to the request just read (or to the error just
    /// reported), as bytes to write. The machine adds `Content-Length`,
    /// `Date` (`date`, from the caller's clock) and `Connection`, and leaves
    /// the body off for `HEAD`. `close` says the server wants this to be
    /// the last response (it is shutting down); the client may say so too.
    /// Afterwards the connection is idle again, or closed.
    pub fn send_response(
        &mut self,
        status: StatusCode,
        fields: &[(&str, &str)],
        body: &[u8],
        date: &str,
        close: bool,
        now: Instant,
    ) -> Result<Vec<u8>, SendError> {
        let (current, persistence) = self.begin_response(status, close)?;
        let head_only = current.is_some_and(|c| c.head_only);
        let bytes = response_bytes(status, fields, body, head_only, persistence, date);
        self.finish_response(persistence, now);
        Ok(bytes)
    }
    // ANCHOR_END: send_response

    // ANCHOR: send_head
    /// The head of a response whose body comes in pieces: a file read from
    /// disk, lines produced one at a time. With its `length` known the head
    /// says `Content-Length`; without it, HTTP/1.1 gets `Transfer-Encoding:
    /// chunked` and HTTP/1.0, which knows no chunks, gets a body that ends
    /// when the connection closes. Then [`send_data`](Self::send_data) for
    /// each piece and [`end_body`](Self::end_body).
    pub fn send_head(
        &mut self,
        status: StatusCode,
        fields: &[(&str, &str)],
        length: Option<u64>,
        date: &str,
        close: bool,
    ) -> Result<Vec<u8>, SendError> {
        let (current, mut persistence) = self.begin_response(status, close)?;
        let head_only = current.is_some_and(|c| c.head_only);
        let http10 = current.is_none_or(|c| c.version == Version::Http10);
        let said = match length {
            _ if !response::may_have_body(status) => BodyFraming::None,
            Some(n) => BodyFraming::Length(n),
            None if http10 => BodyFraming::UntilClose,
            None => BodyFraming::Chunked,
        };
        if said == BodyFraming::UntilClose {
            persistence = Persistence::Close;
        }
        let bytes = response_head_bytes(status, fields, said, persistence, date);
        // HEAD is told how the body would be framed, and gets none of it.
        let framing = if head_only { BodyFraming::None } else { said };
        self.state = State::SendingBody {
            framing,
            persistence,
        };
        Ok(bytes)
    }

    /// One piece of the body, framed: as it is for `Content-Length` and
    /// until-close, as a chunk for chunked, nothing at all after `HEAD`.
    pub fn send_data(&mut self, data: &[u8]) -> Result<Vec<u8>, SendError> {
        let State::SendingBody { framing, .. } = &mut self.state else {
            return Err(SendError::NotExpected);
        };
        match framing {
            BodyFraming::None => Ok(Vec::new()),
            BodyFraming::Length(remaining) => {
                let n = data.len() as u64;
                if n > *remaining {
                    return Err(SendError::TooLong);
                }
                *remaining -= n;
                Ok(data.to_vec())
            }
            BodyFraming::Chunked => {
                let mut out = Vec::with_capacity(data.len() + 12);
                crate::chunked::encode_chunk(&mut out, data);
                Ok(out)
            }
            BodyFraming::UntilClose => Ok(data.to_vec()),
        }
    }

    /// The end of the body: the last chunk for chunked, nothing otherwise.
    /// Then the connection is idle again, or closed.
    pub fn end_body(&mut self, now: Instant) -> Result<Vec<u8>, SendError> {
        let State::SendingBody {
            framing,
            persistence,
        } = self.state
        else {
            return Err(SendError::NotExpected);
        };
        match framing {
            BodyFraming::Length(missing) if missing > 0 => {
                self.state = State::Closed;
                Err(SendError::TooShort { missing })
            }
            BodyFraming::Chunked => {
                self.finish_response(persistence, now);
                Ok(crate::chunked::LAST_CHUNK.to_vec())
            }
            _ => {
                self.finish_response(persistence, now);
                Ok(Vec::new())
            }
        }
    }
    // ANCHOR_END: send_head

    /// A response may start now: which request it answers, and what it
    /// says about the connection after it.
    fn begin_response(
        &mut self,
        status: StatusCode,
        close: bool,
    ) -> Result<(Option<Current>, Persistence), SendError> {
        let refused = match self.state {
            State::Handling => false,
            State::SendingError => true,
            _ => return Err(SendError::NotExpected),
        };
        if status.as_u16() < 200 {
            return Err(SendError::Informational(status));
        }
        let current = self.current.take();
        let persistence = match current {
            // After an error, nothing on the connection can be trusted.
            Some(c) if !refused => Persistence::for_request(c.version, c.keep_alive, close),
            _ => Persistence::Close,
        };
        Ok((current, persistence))
    }

    /// The response is out: the connection is idle again, or closed.
    fn finish_response(&mut self, persistence: Persistence, now: Instant) {
        if persistence == Persistence::Close {
            self.state = State::Closed;
        } else {
            // A pipelined request may be waiting in the buffer already.
            self.state = if self.buf.is_empty() {
                State::Idle
            } else {
                State::ReadingHead
            };
            self.since = now;
        }
        self.timed_out = false;
    }

    /// A head has arrived: check it, work out its body's framing, and
    /// decide whether the client waits for `100 Continue`.
    fn start_request(&mut self, head: RequestHead) -> Event {
        self.current = Some(Current {
            version: head.version,
            keep_alive: head.keep_alive(),
            head_only: head.method == "HEAD",
        });
        let target = match check_head(&head) {
            Ok(target) => target,
            Err(e) => return self.fail(e, Some(head)),
        };
        let kind = match crate::framing::request_body_kind(&head) {
            Ok(kind) => kind,
            Err(e) => return self.fail(e.into(), Some(head)),
        };
        // ANCHOR: expect_continue
        // `Expect` is a comma-separated list, in one field or several
        // (RFC 9110 §10.1.1); `100-continue` is the only expectation defined.
        let expectations: Vec<&str> = head
            .headers
            .get_all("Expect")
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .collect();
        if let Some(other) = expectations
            .iter()
            .find(|e| !e.eq_ignore_ascii_case("100-continue"))
        {
            let error = RequestError::Expectation(other.to_string());
            return self.fail(error, Some(head));
        }
        // An HTTP/1.0 client does not know 100 Continue (RFC 9110 §10.1.1).
        let expects_continue = !expectations.is_empty() && head.version == Version::Http11;
        // ANCHOR_END: expect_continue
        self.state = State::ReadingBody {
            decoder: BodyDecoder::new(kind),
            received: 0,
            limit: self.limits.max_body,
            start: BodyStart::Unchecked { expects_continue },
        };
        // The body's deadline counts from the bytes that ended the head.
        self.since = self.last_receive;
        Event::Head { head, target }
    }

    // ANCHOR: need_data
    /// Nothing to do but wait, unless the client has gone or the time is up.
    fn need_data(&mut self, wait: Wait) -> Event {
        if self.eof {
            return self.fail(RequestError::ClientGone, None);
        }
        if self.timed_out {
            return self.fail(RequestError::Timeout, None);
        }
        let limit = match wait {
            Wait::Idle => self.limits.idle_timeout,
            Wait::Head | Wait::Body => self.limits.header_timeout,
        };
        // A limit too large to add (the flags bound it) means "no deadline" in practice.
        let deadline = self.since.checked_add(limit).unwrap_or(self.since + YEAR);
        Event::NeedData { wait, deadline }
    }
    // ANCHOR_END: need_data

    /// The request cannot be served: answer with the error's status if it
    /// has one, then close.
    fn fail(&mut self, error: RequestError, head: Option<RequestHead>) -> Event {
        self.state = if error.status().is_some() {
            State::SendingError
        } else {
            State::Closed
        };
        Event::Error { error, head }
    }
}

#[cfg(test)]
mod tests;
