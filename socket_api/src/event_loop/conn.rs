//! One connection on the event loop: its machine, its buffers, where it is.
//!
//! The blocking driver ([`crate::connection`]) keeps this state in local
//! variables of a function that runs top to bottom on its own thread. On
//! the loop a connection must be put down whenever its socket would block,
//! and picked up again when `poll` says it is ready, so everything it
//! needs lives in a [`Conn`]: the same machine, an output buffer, and a
//! [`Phase`]. [`Conn::drive`] does as much as it can without waiting and
//! returns; it is called again on the next readiness or deadline.
//!
//! ```text
//!   ┌─────────┐  error response queued   ┌──────────────────────┐  sent   ┌───────────┐
//!   │ Serving │ ───────────────────────> │ Closing{linger:true} │ ──────> │ Lingering │ ─┐
//!   └─────────┘                          └──────────────────────┘         └───────────┘  │ eof, 2 s
//!        │ machine Closed                ┌───────────────────────┐  sent  ┌──────┐       │ or 1 MiB
//!        └─────────────────────────────> │ Closing{linger:false} │ ─────> │ Done │ <─────┘
//!                                        └───────────────────────┘        └──────┘
//! ```

use std::io::{self, ErrorKind, Read, Write};
use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use wire::server::{Event, RequestError, ServerConnection, State, Wait};
use wire::{RequestHead, StatusCode};

use super::socket::{PlainHttp, Socket};
use super::worker::Job;
use crate::access_log::log;
use crate::compress::compress;
use crate::handshake::plain_http_refusal;
use crate::reply::answer;
use crate::response::{Body, field_pairs};
use crate::routes::Router;
use crate::{Config, Request, Response};

// ANCHOR: out_bound
/// Unsent output past which a connection is not read: backpressure. A
/// client that sends requests and never reads the answers stops being
/// read, instead of making the server hold every answer. 64 KiB is one
/// file piece ([`crate::response::PIECE`]); nginx's default is similar.
pub(crate) const OUT_BOUND: usize = 64 * 1024;
// ANCHOR_END: out_bound

/// Lingering close, as [`crate::blocking::linger_close`]: 2 s and 1 MiB at most.
const LINGER_TIME: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 1024 * 1024;

/// What the loop shares with every connection.
pub(crate) struct Shared<'a> {
    pub config: &'a Arc<Config>,
    pub router: &'a Router,
    /// The server is shutting down: every response says `Connection: close`.
    pub closing: bool,
}

/// Where a connection is, beyond what its machine knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Reading requests and answering them.
    Serving,
    /// The last bytes are queued: send them, then linger or close.
    Closing { linger: bool },
    /// After an error response: discard what the client still sends.
    Lingering { until: Instant, discarded: usize },
    /// A request that waits on purpose goes to a worker thread once the
    /// output before it is sent (see `worker.rs`); the loop lets go of it.
    HandOff,
    /// Close the socket.
    Done,
}

/// A response whose body is being pulled piece by piece as the socket takes it.
struct Streaming {
    pieces: Box<dyn Iterator<Item = io::Result<Vec<u8>>> + Send>,
    /// Logged when the last piece is queued.
    head: RequestHead,
    status: StatusCode,
}

/// One connection.
pub(crate) struct Conn {
    pub socket: Socket,
    pub peer: SocketAddr,
    pub machine: ServerConnection,
    phase: Phase,
    /// The request being read: its head, then its body as it arrives.
    request: Option<Request>,
    pub started: Instant,
    /// Bytes queued for the socket and not yet taken by it.
    out: Vec<u8>,
    /// When the socket last took bytes (or output was first queued): a
    /// client that reads nothing for `header_timeout` is closed, as the
    /// threads driver's write timeout does.
    wrote_at: Instant,
    streaming: Option<Streaming>,
    /// What a worker is to do, in [`Phase::HandOff`].
    pub handoff: Option<(Request, Job)>,
    /// Over HTTPS: when the handshake must be over (`--header-timeout`
    /// after the accept, as on `--io threads`).
    handshake_until: Instant,
    /// A read took less than it asked for: the socket is empty, and the
    /// next readiness event says when that changes. One `read` saved per
    /// request (tokio does the same). Plain sockets only: rustls may hold
    /// more plaintext than one read takes.
    drained: bool,
    /// `poll` said the client closed or reset: a short read no longer means
    /// "empty", the close itself is still to be read, and no new event
    /// will come for it.
    hung_up: bool,
    /// The machine's deadline, while it waits for bytes.
    waiting: Option<Instant>,
    /// The deadline the timer heap holds for this connection, and its generation.
    pub scheduled: Option<Instant>,
    pub generation: u64,
}

impl Conn {
    /// A connection with its machine: a new one, or one back from a worker.
    pub(crate) fn new(
        mut socket: Socket,
        peer: SocketAddr,
        machine: ServerConnection,
        config: &Config,
        now: Instant,
    ) -> Conn {
        // Small responses go out at once instead of waiting to be batched.
        let _ = socket.tcp().set_nodelay(true);
        Conn {
            socket,
            peer,
            machine,
            phase: Phase::Serving,
            request: None,
            started: now,
            out: Vec::new(),
            wrote_at: now,
            streaming: None,
            handoff: None,
            handshake_until: now + config.header_timeout,
            drained: false,
            hung_up: false,
            waiting: None,
            scheduled: None,
            generation: 0,
        }
    }

    /// Done: the loop closes the socket and forgets the connection.
    pub(crate) fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// Between requests, with nothing of the next one read and nothing to
    /// send: what a shutdown closes at once.
    pub(crate) fn is_idle(&self) -> bool {
        self.phase == Phase::Serving
            && !self.has_output()
            && self.streaming.is_none()
            && matches!(self.machine.state(), State::Idle)
    }

    /// Ready for its worker: in [`Phase::HandOff`] with its output all sent.
    pub(crate) fn is_ready_to_hand_off(&self) -> bool {
        self.phase == Phase::HandOff && !self.has_output()
    }

    /// Bytes queued that the socket has not taken: ours, or TLS records.
    fn has_output(&self) -> bool {
        !self.out.is_empty() || self.socket.pending()
    }

    /// The soonest deadline this connection has, if any.
    pub(crate) fn deadline(&self, config: &Config) -> Option<Instant> {
        let writing = self
            .has_output()
            .then(|| self.wrote_at + config.header_timeout);
        let other = match self.phase {
            Phase::Lingering { until, .. } => Some(until),
            Phase::Serving if self.socket.is_handshaking() => Some(self.handshake_until),
            Phase::Serving => self.waiting,
            Phase::Closing { .. } | Phase::HandOff | Phase::Done => None,
        };
        match (writing, other) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// A deadline has come: a client that stopped reading is dropped; one
    /// that stopped sending is the machine's business (408, or a close).
    pub(crate) fn deadline_passed(&mut self, cx: &Shared<'_>, now: Instant) {
        if self.has_output() && now >= self.wrote_at + cx.config.header_timeout {
            tracing::debug!("{}: not reading its response; closed", self.peer);
            self.phase = Phase::Done;
            return;
        }
        match self.phase {
            Phase::Lingering { until, .. } if now >= until => self.phase = Phase::Done,
            Phase::Serving if self.socket.is_handshaking() && now >= self.handshake_until => {
                tracing::debug!("{}: TLS handshake not finished in time; closed", self.peer);
                self.phase = Phase::Done;
            }
            // Mid-handshake, only the handshake's deadline counts.
            Phase::Serving if self.socket.is_handshaking() => {}
            Phase::Serving if self.waiting.is_some_and(|d| now >= d) => {
                tracing::debug!("{}: deadline passed", self.peer);
                self.waiting = None;
                self.machine.deadline_passed();
                self.drive(cx, now);
            }
            _ => {}
        }
    }

    /// `poll` said there is something to read, or that the client closed.
    pub(crate) fn readable(&mut self, hung_up: bool) {
        self.drained = false;
        self.hung_up |= hung_up;
    }

    // ANCHOR: drive
    /// Does everything that can be done without waiting: writes queued
    /// output, reads what has arrived, answers complete requests. Called on
    /// every readiness event: mio is edge-triggered, so each call reads
    /// and writes until the socket would block (or backpressure stops it),
    /// or no new event would come for what is left.
    pub(crate) fn drive(&mut self, cx: &Shared<'_>, now: Instant) {
        loop {
            if !self.flush(now) {
                self.phase = Phase::Done;
                return;
            }
            match self.phase {
                Phase::Serving => {}
                Phase::HandOff => return, // the loop takes it from here
                Phase::Closing { .. } if self.has_output() => return,
                Phase::Closing { linger: false } | Phase::Done => {
                    self.socket.close_write();
                    self.phase = Phase::Done;
                    return;
                }
                Phase::Closing { linger: true } => {
                    // Stop sending; read and discard for a moment (see blocking.rs).
                    self.socket.close_write();
                    self.phase = Phase::Lingering {
                        until: now + LINGER_TIME,
                        discarded: 0,
                    };
                    continue;
                }
                Phase::Lingering { until, discarded } => {
                    return self.discard(until, discarded);
                }
            }
            // Backpressure: wait until the socket takes some of what is queued.
            if self.out.len() >= OUT_BOUND {
                return;
            }
            if self.streaming.is_some() {
                self.pull_piece(now);
                continue;
            }
            if !self.step(cx, now) {
                return;
            }
        }
    }
    // ANCHOR_END: drive

    /// Acts on the machine's next event. Returns false when it must wait
    /// for the socket.
    fn step(&mut self, cx: &Shared<'_>, now: Instant) -> bool {
        match self.machine.next_event() {
            // ANCHOR: need_data
            Event::NeedData { wait, deadline } => {
                self.waiting = Some(deadline);
                if self.drained {
                    return false;
                }
                let mut chunk = [0u8; 8 * 1024];
                match self.socket.read(&mut chunk) {
                    Ok(0) => self.machine.receive_eof(),
                    Ok(n) => {
                        self.drained = n < chunk.len()
                            && !self.hung_up
                            && matches!(self.socket, Socket::Plain(_));
                        if wait == Wait::Idle {
                            // The first byte of a request: its time starts now.
                            self.started = now;
                        }
                        self.machine.receive(&chunk[..n], now);
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => return false,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) if e.get_ref().is_some_and(|e| e.is::<PlainHttp>()) => {
                        self.refuse_plain_http();
                        return true;
                    }
                    Err(e) => {
                        if wait == Wait::Idle {
                            tracing::debug!("{}: {e}", self.peer); // a TLS handshake failed, say
                        }
                        self.machine.receive_eof();
                    }
                }
                self.waiting = None;
            }
            // ANCHOR_END: need_data
            Event::Head { head, target } => {
                let mut new = Request::new(head, target, self.peer, Arc::clone(cx.config));
                match cx.router.streaming(&mut new) {
                    // Its handler reads the body with blocking reads, as it
                    // arrives: a worker's job, not the loop's.
                    Some(handler) => {
                        self.handoff = Some((new, Job::ReadBody(handler)));
                        self.phase = Phase::HandOff;
                    }
                    None => self.request = Some(new),
                }
            }
            Event::SendContinue => self.out.extend_from_slice(wire::server::CONTINUE),
            Event::Data(bytes) => {
                if let Some(request) = &mut self.request {
                    request.body.extend_from_slice(&bytes);
                }
            }
            Event::EndOfRequest => {
                let Some(mut request) = self.request.take() else {
                    self.phase = Phase::Done; // the machine always sends Head first
                    return false;
                };
                request.raw = self.machine.raw_request().to_vec();
                // Inline, on the loop's thread: see mod.rs for why that is fine here.
                let response = answer(|| cx.router.respond(&mut request));
                self.respond(cx, request, response, now);
            }
            Event::Error { error, head } => {
                let head = head.or(self.request.take().map(|r| r.head));
                self.refuse(error, head.as_ref());
            }
            Event::Paused | Event::Closed => {
                self.phase = Phase::Closing { linger: false };
            }
        }
        true
    }

    /// Queues the response to a complete request.
    fn respond(&mut self, cx: &Shared<'_>, request: Request, response: Response, now: Instant) {
        let response = compress(&request, response);
        // A body with no length of its own (`/stream`, `/events`) waits
        // between its pieces, on the thread that makes them: a worker's.
        if let Body::Stream { length: None, .. } = response.body {
            self.handoff = Some((request, Job::Send(response)));
            self.phase = Phase::HandOff;
            return;
        }
        let Response {
            status,
            headers,
            body,
        } = response;
        let date = wire::date::http_date(SystemTime::now());
        let fields = field_pairs(&headers);
        match body {
            Body::Full(body) => {
                let bytes = self
                    .machine
                    .send_response(status, &fields, &body, &date, cx.closing, now);
                self.queue(bytes);
                log(Some(&request.head), self.peer, status, self.started, None);
                // A pipelined request may already be waiting: its time starts now.
                self.started = now;
            }
            Body::Stream { length, pieces } => {
                let head = self
                    .machine
                    .send_head(status, &fields, length, &date, cx.closing);
                self.queue(head);
                self.streaming = Some(Streaming {
                    pieces,
                    head: request.head,
                    status,
                });
            }
        }
    }

    /// One more piece of a streamed body (a file: a read from disk, which
    /// the loop does itself; see mod.rs), or its end.
    fn pull_piece(&mut self, now: Instant) {
        let Some(streaming) = &mut self.streaming else {
            return;
        };
        // HEAD, 204, 304: the head said it all; the pieces are not even made.
        let wanted = !matches!(
            self.machine.state(),
            State::SendingBody {
                framing: wire::server::BodyFraming::None,
                ..
            }
        );
        // The pieces are handler code, run after the handler returned: a
        // panic in one costs this connection (its piece is an error), not
        // the loop and every connection on it, as `answer` does for handlers.
        let next = if wanted {
            catch_unwind(AssertUnwindSafe(|| streaming.pieces.next()))
                .unwrap_or_else(|_| Some(Err(io::Error::other("the handler's stream panicked"))))
        } else {
            None
        };
        match next {
            Some(piece) => {
                // A piece that cannot be made (a file read failed) ends the connection.
                let framed = piece.ok().and_then(|p| self.machine.send_data(&p).ok());
                match framed {
                    Some(bytes) => self.out.extend(bytes),
                    None => self.phase = Phase::Closing { linger: false },
                }
            }
            None => {
                let end = self.machine.end_body(now);
                if let Some(done) = self.streaming.take() {
                    log(Some(&done.head), self.peer, done.status, self.started, None);
                }
                self.queue(end);
                self.started = now;
            }
        }
    }

    /// Bytes from the machine, or the end of the connection when it will
    /// not make them (a handler's bug: a body of the wrong length).
    fn queue<E>(&mut self, bytes: Result<Vec<u8>, E>) {
        match bytes {
            Ok(bytes) => self.out.extend(bytes),
            Err(_) => self.phase = Phase::Closing { linger: false },
        }
    }

    /// A request that cannot be served: its error status, then a lingering
    /// close; without one (the client left), just the close.
    fn refuse(&mut self, error: RequestError, head: Option<&RequestHead>) {
        let Some(status) = error.status() else {
            tracing::debug!("{}: {error}", self.peer);
            self.phase = Phase::Closing { linger: false };
            return;
        };
        let response = Response::error(status, &error.to_string());
        let date = wire::date::http_date(SystemTime::now());
        let body = response.bytes().unwrap_or_default();
        let bytes = self.machine.send_response(
            status,
            &response.fields(),
            body,
            &date,
            true,
            Instant::now(),
        );
        self.queue(bytes);
        log(head, self.peer, status, self.started, Some(&error));
        self.phase = Phase::Closing { linger: true };
    }

    // ANCHOR: flush
    /// Writes queued output until the socket would block. False if the
    /// socket failed (the client is gone).
    fn flush(&mut self, now: Instant) -> bool {
        let mut sent = 0;
        let records = self.socket.records_sent();
        while sent < self.out.len() {
            match self.socket.write(&self.out[sent..]) {
                Ok(0) => return false,
                Ok(n) => sent += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
        // TLS records made earlier and not all taken by the socket yet.
        if self.out.is_empty() && self.socket.pending() {
            match self.socket.flush() {
                Ok(()) => sent += 1, // progress: the deadline below moves
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                Err(_) => return false,
            }
        }
        // Over TLS, records that left count too, though no new plaintext went in.
        if sent > 0 || self.socket.records_sent() != records || !self.has_output() {
            self.wrote_at = now;
        }
        self.out.drain(..sent.min(self.out.len()));
        true
    }
    // ANCHOR_END: flush

    /// Plain HTTP came to the HTTPS port: a plain-text `400`, as the
    /// threads driver gives ([`crate::handshake`]), then a lingering close.
    fn refuse_plain_http(&mut self) {
        if let Socket::Tls(tls) = &self.socket {
            tls.plain_line().log(self.peer);
        }
        self.out.extend(plain_http_refusal());
        self.phase = Phase::Closing { linger: true };
    }

    /// Lingering: reads and drops what arrives, until the client closes,
    /// the time is up, or it has sent too much.
    fn discard(&mut self, until: Instant, mut discarded: usize) {
        let mut sink = [0u8; 8 * 1024];
        loop {
            // The socket itself: over TLS, the records are not even decrypted.
            match self.socket.tcp().read(&mut sink) {
                Ok(0) => break,
                Ok(n) => {
                    discarded += n;
                    if discarded >= LINGER_BYTES {
                        break;
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    self.phase = Phase::Lingering { until, discarded };
                    return;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        self.phase = Phase::Done;
    }
}
