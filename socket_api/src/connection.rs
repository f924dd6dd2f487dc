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

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Instant, SystemTime};

use wire::StatusCode;
use wire::server::{BodyFraming, Event, ServerConnection, State, Wait};

use crate::access_log::log;
use crate::blocking::{Got, linger_close, read_some};
use crate::response::Body;
use crate::routes::Router;
use crate::tracker::Slot;
use crate::{Config, Request, Response, Shutdown};

/// What a connection needs from the server it belongs to.
pub(crate) struct Context<'a> {
    pub config: &'a Config,
    pub router: &'a Router,
    pub shutdown: &'a Shutdown,
    pub slot: &'a Slot,
}

/// Serves requests on `stream` until it closes. Never panics on bad input:
/// every failure is a status code, a log line and a closed connection.
pub(crate) fn serve(mut stream: TcpStream, peer: SocketAddr, cx: Context<'_>) {
    // Small responses go out at once instead of waiting to be batched.
    let _ = stream.set_nodelay(true);
    // A client that never reads its answers must not hold this thread forever.
    let _ = stream.set_write_timeout(Some(cx.config.header_timeout));
    let mut conn = ServerConnection::new(cx.config.connection_limits(), Instant::now());
    // The request being read: its head, then its body as it arrives.
    let mut request: Option<Request> = None;
    let mut started = Instant::now();
    let mut served = 0;
    loop {
        match conn.next_event() {
            // ANCHOR: need_data
            Event::NeedData { wait, deadline } => match read_some(&mut stream, deadline) {
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
            },
            // ANCHOR_END: need_data
            // ANCHOR: body_events
            Event::Head { head, target } => {
                // In flight, also when it was pipelined behind the last one.
                cx.slot.set_busy(true);
                served += 1;
                if served > 1 {
                    tracing::debug!("{peer}: request {served} on this kept-alive connection");
                }
                request = Some(Request::new(head, target, peer));
            }
            Event::SendContinue => {
                if stream.write_all(wire::server::CONTINUE).is_err() {
                    return;
                }
            }
            Event::Data(bytes) => {
                if let Some(request) = &mut request {
                    request.body.extend_from_slice(&bytes);
                }
            }
            // ANCHOR_END: body_events
            // ANCHOR: end_of_request
            Event::EndOfRequest => {
                let Some(mut request) = request.take() else {
                    return; // the machine always sends Head first
                };
                let response = answer(cx.router, &mut request);
                let status = response.status;
                let sent = send(&mut stream, &mut conn, response, Some(cx.shutdown));
                log(Some(&request.head), peer, status, started, None);
                if !sent {
                    return;
                }
                cx.slot.set_busy(false);
                // A pipelined request may already be waiting: its time starts now.
                started = Instant::now();
            }
            // ANCHOR_END: end_of_request
            Event::Error { error, head } => {
                let head = head.or(request.take().map(|r| r.head));
                if let Some(status) = error.status() {
                    let response = Response::error(status, &error.to_string());
                    let _ = send(&mut stream, &mut conn, response, None);
                    log(head.as_ref(), peer, status, started, Some(&error));
                    linger_close(&mut stream);
                } else {
                    tracing::debug!("{peer}: {error}");
                }
            }
            Event::Paused | Event::Closed => {
                tracing::debug!("{peer}: connection closed");
                return;
            }
        }
    }
}

// ANCHOR: send
/// Writes the machine's bytes for `response`; a streamed body piece by
/// piece, each as soon as it is made. Without a `shutdown` to watch (an
/// error response) the connection closes after it. Returns whether it all went.
fn send(
    s: &mut TcpStream,
    conn: &mut ServerConnection,
    response: Response,
    shutdown: Option<&Shutdown>,
) -> bool {
    let date = wire::date::http_date(SystemTime::now());
    let closing = || shutdown.is_none_or(Shutdown::is_triggered);
    let fields: Vec<(&str, &str)> = response
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let (length, pieces) = match response.body {
        Body::Full(body) => {
            let bytes = conn.send_response(
                response.status,
                &fields,
                &body,
                &date,
                closing(),
                Instant::now(),
            );
            return bytes.is_ok_and(|bytes| s.write_all(&bytes).is_ok());
        }
        Body::Stream { length, pieces } => (length, pieces),
    };
    let head = conn.send_head(response.status, &fields, length, &date, closing());
    if !head.is_ok_and(|head| s.write_all(&head).is_ok()) {
        return false;
    }
    // HEAD, 204, 304: the head said it all; the pieces are not even made.
    let wanted = !matches!(
        conn.state(),
        State::SendingBody {
            framing: BodyFraming::None,
            ..
        }
    );
    for piece in pieces.take_while(|_| wanted) {
        // At shutdown, a stream with no end of its own (events, lines) ends here, cleanly.
        if length.is_none() && closing() {
            break;
        }
        // A piece that cannot be made (a file read failed) ends the connection.
        let framed = piece.ok().and_then(|piece| conn.send_data(&piece).ok());
        if framed.is_none_or(|bytes| s.write_all(&bytes).is_err()) {
            return false;
        }
    }
    conn.end_body(Instant::now())
        .is_ok_and(|end| s.write_all(&end).is_ok())
}
// ANCHOR_END: send

/// Runs the handler. A panic in it becomes a `500` for this request only:
/// the connection thread, and the server, go on.
fn answer(router: &Router, request: &mut Request) -> Response {
    match catch_unwind(AssertUnwindSafe(|| router.respond(request))) {
        Ok(response) => response,
        Err(_) => Response::error(StatusCode::INTERNAL_SERVER_ERROR, "the handler panicked"),
    }
}
