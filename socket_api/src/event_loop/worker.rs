//! Requests that take time, lent a thread so the loop never waits.
//!
//! A handler on the loop's thread holds up every other connection while it
//! runs. The route table's usual handlers take microseconds, and a file is
//! sent a piece at a time as the socket takes it, so both run on the loop.
//! Two kinds of request wait *on purpose*, and would stop the loop:
//!
//! - a `[streaming]` route (`/upload`), whose handler reads its body with
//!   blocking reads, as the client sends it: seconds, for a large upload;
//! - a body with no length of its own (`/stream`, `/events`), whose pieces
//!   are made with pauses in between: seconds, or until the client leaves.
//!
//! So the loop hands such a request over: it takes the socket out of its
//! poll and gives it, with its machine, to a thread, which serves that one
//! request with the blocking driver's own code ([`read_streaming`], [`send`]).
//! When the response is sent, the connection comes back through a channel,
//! and the loop's [`Waker`] tells it to look. So the loop's own thread only
//! ever does work that does not wait.
//!
//! One thread per such request, started when it comes, not a fixed pool:
//! a pool of N would let N event streams, which last as long as their
//! clients stay, starve the (N+1)th. The connection cap bounds the
//! threads, as it does for `--io threads`. tokio's `spawn_blocking` makes
//! the same choice (a pool that grows to 512 threads, then queues); nginx
//! has thread pools for blocking file reads.

use std::io;
use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::thread;
use std::time::Instant;

use mio::{Token, Waker};
use wire::server::{ServerConnection, State};

use super::socket::Socket;
use crate::access_log::log;
use crate::compress::compress;
use crate::connection::read_streaming;
use crate::reply::send;
use crate::routes::StreamingHandler;
use crate::{Config, Request, Response, Shutdown};

// ANCHOR: job
/// What a worker does with the connection it is lent.
pub(crate) enum Job {
    /// Run a `[streaming]` route's handler, which reads the body itself.
    ReadBody(StreamingHandler),
    /// Send a response whose body waits between its pieces.
    Send(Response),
}

/// A connection on its way to a worker.
pub(crate) struct Away {
    /// Its token on the loop, which names it when it comes back.
    pub token: Token,
    pub socket: Socket,
    pub machine: ServerConnection,
    pub request: Request,
    pub job: Job,
    /// When the request's first byte came, for the log line.
    pub started: Instant,
}

/// A connection a worker served and kept alive: its socket, its machine
/// (which may hold a pipelined request already) and its peer.
pub(crate) type Kept = (Socket, ServerConnection, SocketAddr);

/// What comes to a loop through its channel. A connection that comes
/// gets a new token: an old one may still be in the timer heap.
pub(crate) enum Arrival {
    /// From a worker: the connection it was lent (named by the token it
    /// had), served and kept alive (`None`: it closed). Boxed: a machine
    /// is a few hundred bytes, and every message in the channel would be
    /// as large as the largest.
    Back(Token, Option<Box<Kept>>),
    /// From another loop: a connection it accepted and dealt to this one.
    Dealt(Socket, SocketAddr),
}
// ANCHOR_END: job

/// How a worker reaches its loop again.
#[derive(Clone)]
pub(crate) struct Return {
    pub channel: Sender<Arrival>,
    pub waker: Arc<Waker>,
    pub shutdown: Shutdown,
    pub config: Arc<Config>,
}

// ANCHOR: hand_off
/// Starts a thread for `away`; it sends the connection back when done.
pub(crate) fn hand_off(away: Away, to: Return) -> io::Result<()> {
    thread::Builder::new()
        .name("slow-request".into())
        .spawn(move || {
            // The loop counts the connection as open until it hears back: a
            // panic in the handler's stream (its pieces run here) must still
            // send word, as a close (the socket closed as the panic unwound).
            let token = away.token;
            let conn = catch_unwind(AssertUnwindSafe(|| work(away, &to))).unwrap_or(None);
            // The loop may have stopped (a shutdown's grace is over): then
            // nobody listens, and the connection just closes here.
            if to
                .channel
                .send(Arrival::Back(token, conn.map(Box::new)))
                .is_ok()
            {
                let _ = to.waker.wake();
            }
        })
        .map(|_| ())
}

/// Serves the one request, on this thread, with the blocking driver's code.
fn work(away: Away, to: &Return) -> Option<Kept> {
    let Away {
        token: _,
        socket,
        mut machine,
        request,
        job,
        started,
    } = away;
    let mut stream = socket.into_blocking().ok()?;
    // As `--io threads` does: a client that stops reading frees the thread.
    let _ = stream
        .tcp()
        .set_write_timeout(Some(to.config.header_timeout));
    let response = match job {
        Job::ReadBody(handler) => {
            let config = &to.config;
            let response = read_streaming(
                &mut stream,
                &mut machine,
                &request,
                handler,
                config,
                started,
            )?;
            compress(&request, response)
        }
        Job::Send(response) => response,
    };
    let status = response.status;
    let sent = send(&mut stream, &mut machine, response, Some(&to.shutdown));
    log(Some(&request.head), request.peer, status, started, None);
    // Kept alive: back to the loop for its next request (which may have
    // come already, pipelined: the machine holds its bytes).
    if sent && !matches!(machine.state(), State::Closed) {
        let _ = stream.tcp().set_write_timeout(None);
        return Socket::from_blocking(stream)
            .ok()
            .map(|socket| (socket, machine, request.peer));
    }
    stream.close();
    None
}
// ANCHOR_END: hand_off
