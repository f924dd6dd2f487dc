//! One client connection, driven on its own thread: the blocking driver of
//! [`wire::server::ServerConnection`].
//!
//! The machine decides everything HTTP decides (where a request ends, what
//! is refused, when to say `100 Continue`, which deadline applies, whether
//! the connection lives on). This file only moves bytes: it reads when the
//! machine needs data, for no longer than the deadline it names, and writes
//! what the machine returns. An event loop could drive the same machine;
//! that is why no protocol rule lives here.
//!
//! Each connection has its own thread, so a slow client only ever holds up
//! itself; the deadlines are how a thread gets free of a client that stops
//! talking.
//!
//! Over HTTPS the thread first does the TLS handshake
//! ([`crate::handshake`]); after it, the driver is the same code
//! over a [`Transport`] that encrypts and decrypts, and the machine sees
//! the very bytes a plain connection would carry.

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Instant;

use wire::RequestHead;
use wire::server::{Event, RequestError, ServerConnection, Wait};

use crate::access_log::log;
use crate::blocking::{Got, linger_close, read_some};
use crate::body_reader::BodyReader;
use crate::compress::compress;
use crate::handshake;
use crate::reply::{answer, send};
use crate::routes::{Router, StreamingHandler};
use crate::tracker::Slot;
use crate::transport::Transport;
use crate::{Config, Request, Response, Shutdown};

/// What a connection needs from the server it belongs to.
pub(crate) struct Context<'a> {
    pub config: &'a Arc<Config>,
    pub router: &'a Router,
    pub shutdown: &'a Shutdown,
    pub slot: &'a Slot,
}

/// Serves requests on `stream` until it closes. Never panics on bad input:
/// every failure is a status code, a log line and a closed connection.
pub(crate) fn serve(tcp: TcpStream, peer: SocketAddr, cx: Context<'_>) {
    // Small responses go out at once instead of waiting to be batched.
    let _ = tcp.set_nodelay(true);
    // A client that never reads its answers must not hold this thread forever.
    let _ = tcp.set_write_timeout(Some(cx.config.header_timeout));
    // ANCHOR: transport
    let mut stream = match &cx.config.tls {
        None => Transport::Plain(tcp),
        // HTTPS: keys first, in the time a request head would have.
        Some(tls) => {
            let deadline = Instant::now() + cx.config.header_timeout;
            match handshake::accept(tcp, tls, deadline) {
                Ok(stream) => stream,
                Err(error) => return error.log(peer),
            }
        }
    };
    // ANCHOR_END: transport
    drive(&mut stream, peer, &cx);
    stream.close();
}

/// Reads requests and writes responses until the connection is done.
fn drive(stream: &mut Transport, peer: SocketAddr, cx: &Context<'_>) {
    let mut conn = ServerConnection::new(cx.config.connection_limits(), Instant::now());
    // The request being read: its head, then its body as it arrives.
    let mut request: Option<Request> = None;
    let mut started = Instant::now();
    let mut served = 0;
    loop {
        // Each event is acted on; a complete request gives a response to write.
        let (request, response) = match conn.next_event() {
            // ANCHOR: need_data
            Event::NeedData { wait, deadline } => {
                match read_some(stream, deadline) {
                    Got::Bytes(bytes) => {
                        if wait == Wait::Idle {
                            // The first byte of a request: it is in flight now
                            // (its head too), and a shutdown lets it finish.
                            started = Instant::now();
                            cx.slot.set_busy(true);
                        }
                        conn.receive(&bytes, Instant::now());
                    }
                    Got::Closed => conn.receive_eof(),
                    Got::TimedOut => {
                        tracing::debug!("{peer}: {wait:?} deadline passed");
                        conn.deadline_passed();
                    }
                }
                continue;
            }
            // ANCHOR_END: need_data
            // ANCHOR: body_events
            Event::Head { head, target } => {
                // In flight, also when it was pipelined behind the last one.
                cx.slot.set_busy(true);
                served += 1;
                if served > 1 {
                    tracing::debug!("{peer}: request {served} on this kept-alive connection");
                }
                let mut new = Request::new(head, target, peer, Arc::clone(cx.config));
                let Some(handler) = cx.router.streaming(&mut new) else {
                    request = Some(new); // its body is collected below
                    continue;
                };
                match read_streaming(stream, &mut conn, &new, handler, cx.config, started) {
                    Some(response) => (new, response),
                    None => continue, // refused
                }
            }
            Event::SendContinue => {
                if stream.write_all(wire::server::CONTINUE).is_err() {
                    return;
                }
                continue;
            }
            Event::Data(bytes) => {
                if let Some(request) = &mut request {
                    request.body.extend_from_slice(&bytes);
                }
                continue;
            }
            // ANCHOR_END: body_events
            Event::EndOfRequest => {
                let Some(mut request) = request.take() else {
                    return; // the machine always sends Head first
                };
                // A copy of at most 64 KiB, for `/mirror?raw=1`.
                request.raw = conn.raw_request().to_vec();
                let response = answer(|| cx.router.respond(&mut request));
                (request, response)
            }
            Event::Error { error, head } => {
                let head = head.or(request.take().map(|r| r.head));
                refuse(stream, &mut conn, error, head.as_ref(), peer, started);
                continue;
            }
            Event::Paused | Event::Closed => {
                tracing::debug!("{peer}: connection closed");
                return;
            }
        };
        // ANCHOR: end_of_request
        // Every route's answer is gzip-compressed here, if worth it and accepted.
        let response = compress(&request, response);
        let status = response.status;
        let sent = send(stream, &mut conn, response, Some(cx.shutdown));
        log(Some(&request.head), peer, status, started, None);
        if !sent {
            return;
        }
        cx.slot.set_busy(false);
        // A pipelined request may already be waiting: its time starts now.
        started = Instant::now();
        // ANCHOR_END: end_of_request
    }
}

/// A `[streaming]` route: its handler reads the body itself, as it
/// arrives. `None` when the body could not be read: the request has been
/// refused with its status instead. (The event loop's workers call this too.)
pub(crate) fn read_streaming(
    stream: &mut Transport,
    conn: &mut ServerConnection,
    request: &Request,
    handler: StreamingHandler,
    config: &Config,
    started: Instant,
) -> Option<Response> {
    let _ = conn.set_body_limit(config.max_upload);
    let mut body = BodyReader::new(stream, conn);
    let response = answer(|| handler(request, &mut body));
    match body.finish() {
        Ok(()) => Some(response),
        Err(error) => {
            let peer = request.peer;
            refuse(stream, conn, error, Some(&request.head), peer, started);
            None
        }
    }
}

/// A request that cannot be served: its error status, if it has one, then
/// a lingering close; without one (the client left), just the close.
pub(crate) fn refuse(
    stream: &mut Transport,
    conn: &mut ServerConnection,
    error: RequestError,
    head: Option<&RequestHead>,
    peer: SocketAddr,
    started: Instant,
) {
    let Some(status) = error.status() else {
        tracing::debug!("{peer}: {error}");
        return;
    };
    let response = Response::error(status, &error.to_string());
    let _ = send(stream, conn, response, None);
    log(head, peer, status, started, Some(&error));
    linger_close(stream);
}
