//! Accepting connections: one thread per connection, with a cap.
//!
//! ## Why threads
//!
//! `std::net` gives blocking sockets, and the simplest correct way to serve
//! many blocking clients at once is a thread for each: a client that is slow,
//! idle or hostile blocks only its own thread, and the code of a connection
//! reads top to bottom like the protocol. The costs are bounded here:
//!
//! - at most `--max-connections` connections (default 1024) are served at
//!   once; one more gets `503 Service Unavailable` and is closed, so memory
//!   and threads stay bounded whatever clients do;
//! - each thread has a small stack (256 KiB), so a thousand idle
//!   connections cost little memory;
//! - every read and write has a timeout, and the lingering after an error
//!   response is bounded, so no thread waits forever on one client;
//! - each connection takes two file descriptors (the socket, and the second
//!   handle the tracker uses to close it at shutdown): with `ulimit -n 1024`
//!   about 500 connections fit, whatever `--max-connections` says. Past
//!   either limit a client gets `503` and a close.
//!
//! Measured with `cargo bench -p socket_api` on a 2-core machine: with
//! 1000 clients stalled mid-head, a new client's request took 0.12 ms at the
//! median and 0.30 ms at the 99th percentile (0.08 and 0.23 ms with none),
//! and the process held 33 MiB and 1002 threads.
//!
//! A thread pool would cap threads the same way but let a few slow clients
//! hold every worker; async I/O (what axum and tokio do, see
//! `framework_api`) serves tens of thousands of connections on a few
//! threads, at the price of code that no longer reads top to bottom.
//!
//! ## Shutdown
//!
//! On [`Shutdown::trigger`] the accept loop stops taking connections, idle
//! keep-alive connections are closed, and requests in flight are answered
//! (with `Connection: close`) before [`run`] returns, if they finish within
//! the grace period (`Config::shutdown_grace`, 5 s); what is still open
//! then is closed. A request whose first byte arrives in the very instant
//! of the shutdown can be cut off with its connection; production servers
//! share this race, and clients retry such requests on a new connection.

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{Shutdown as Both, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use wire::StatusCode;

use crate::connection::{self, Context};
use crate::response::Persistence;
use crate::routes::Router;
use crate::{Config, Response, Shutdown, app};

/// Serves the project's route table on `listener` until `shutdown` is
/// triggered, then waits for the requests in flight.
pub fn run(listener: TcpListener, config: Config, shutdown: Shutdown) -> io::Result<()> {
    run_router(listener, app::router(), config, shutdown)
}

/// [`run`] with another route table: build one with [`routes!`](crate::routes!).
pub fn run_router(
    listener: TcpListener,
    router: Router,
    config: Config,
    shutdown: Shutdown,
) -> io::Result<()> {
    let config = Arc::new(config);
    let router = Arc::new(router);
    let tracker = Arc::new(Tracker::default());
    let wake_addr = wake_address(listener.local_addr()?);
    {
        let tracker = Arc::clone(&tracker);
        shutdown.on_trigger(move || {
            tracker.close_idle();
            // `accept` blocks; a connection of our own wakes it up to see the flag.
            let _ = TcpStream::connect_timeout(&wake_addr, Duration::from_secs(1));
        });
    }
    tracing::info!("listening on http://{}", listener.local_addr()?);
    loop {
        let (stream, peer) = match listener.accept() {
            Ok(accepted) => accepted,
            Err(e) if shutdown.is_triggered() => return Err(e),
            // Errors such as "too many open files" pass; the loop goes on.
            Err(e) => {
                tracing::warn!("accept failed: {e}");
                continue;
            }
        };
        if shutdown.is_triggered() {
            break;
        }
        let id = match tracker.add(&stream, config.max_connections) {
            Ok(id) => id,
            Err(why) => {
                refuse(stream, peer, &why);
                continue;
            }
        };
        let shared = (
            Arc::clone(&config),
            Arc::clone(&router),
            shutdown.clone(),
            Arc::clone(&tracker),
        );
        let spawned = thread::Builder::new()
            .name(format!("conn-{peer}"))
            .stack_size(256 * 1024)
            .spawn(move || {
                let (config, router, shutdown, tracker) = shared;
                let cx = Context {
                    config: &config,
                    router: &router,
                    shutdown: &shutdown,
                    tracker: &tracker,
                    id,
                };
                connection::serve(stream, peer, cx);
                tracker.remove(id);
            });
        if let Err(e) = spawned {
            tracing::warn!("cannot start a thread for {peer}: {e}");
            tracker.remove(id);
        }
    }
    tracing::info!("shutting down: waiting for requests in flight");
    // Requests in flight get a grace period to finish; a client trickling
    // a body, or lingering after an error, does not get to keep the server
    // up past it.
    if !tracker.wait_until_empty(config.shutdown_grace) {
        tracing::warn!("grace period over: closing the connections still open");
        tracker.close_all();
        tracker.wait_until_empty(Duration::from_secs(5));
    }
    tracing::info!("stopped");
    Ok(())
}

/// Why a connection is not served.
#[derive(Debug)]
enum Refusal {
    /// `--max-connections` are open already.
    Cap,
    /// The system would not give a second handle to the socket.
    NoHandle(std::io::Error),
}

/// Past the connection cap, or out of resources: say so and close.
fn refuse(mut stream: TcpStream, peer: SocketAddr, why: &Refusal) {
    match why {
        Refusal::Cap => tracing::warn!("connection cap reached: refusing {peer} with 503"),
        Refusal::NoHandle(e) => tracing::warn!("cannot track {peer} ({e}): refusing it with 503"),
    }
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let response = Response::error(
        StatusCode::SERVICE_UNAVAILABLE,
        "too many connections, try again later",
    )
    .with_header("Retry-After", "1");
    let _ = stream.write_all(&response.to_bytes(false, Persistence::Close, SystemTime::now()));
}

/// Where to connect to reach our own listener: a listener on `0.0.0.0`
/// is reached on loopback.
fn wake_address(local: SocketAddr) -> SocketAddr {
    let mut addr = local;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    addr
}

/// The open connections: how many (for the cap), which are idle (to close
/// them at shutdown), and a way to wait until none are left.
#[derive(Debug, Default)]
pub(crate) struct Tracker {
    state: Mutex<TrackerState>,
    emptied: Condvar,
}

#[derive(Debug, Default)]
struct TrackerState {
    next_id: u64,
    closing: bool,
    /// Each connection's stream (a second handle to the same socket) and
    /// whether a request is in flight on it.
    open: HashMap<u64, (TcpStream, bool)>,
}

impl Tracker {
    fn lock(&self) -> MutexGuard<'_, TrackerState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a connection, or says why it cannot be served: `cap` are
    /// already open, or no second handle to its socket could be made (out
    /// of file descriptors: each connection takes two, see the module docs).
    fn add(&self, stream: &TcpStream, cap: usize) -> Result<u64, Refusal> {
        let mut state = self.lock();
        if state.open.len() >= cap {
            return Err(Refusal::Cap);
        }
        let handle = stream.try_clone().map_err(Refusal::NoHandle)?;
        state.next_id += 1;
        let id = state.next_id;
        state.open.insert(id, (handle, false));
        Ok(id)
    }

    fn remove(&self, id: u64) {
        let mut state = self.lock();
        state.open.remove(&id);
        if state.open.is_empty() {
            self.emptied.notify_all();
        }
    }

    /// Marks a request in flight (`true`) or finished (`false`). A connection
    /// that goes idle while the server is closing is closed at once.
    pub(crate) fn set_busy(&self, id: u64, busy: bool) {
        let mut state = self.lock();
        let closing = state.closing;
        if let Some((stream, flag)) = state.open.get_mut(&id) {
            *flag = busy;
            if closing && !busy {
                let _ = stream.shutdown(Both::Both);
            }
        }
    }

    /// Closes every idle connection; busy ones close after their response.
    fn close_idle(&self) {
        let mut state = self.lock();
        state.closing = true;
        for (stream, busy) in state.open.values() {
            if !busy {
                // Wakes the connection's thread from its blocking read.
                let _ = stream.shutdown(Both::Both);
            }
        }
    }

    /// Waits until every connection has ended, for at most `limit`.
    /// Returns whether they all did.
    fn wait_until_empty(&self, limit: Duration) -> bool {
        let until = Instant::now() + limit;
        let mut state = self.lock();
        while !state.open.is_empty() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = self
                .emptied
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }

    /// Closes every connection, busy or not: the end of the grace period.
    fn close_all(&self) {
        let state = self.lock();
        for (stream, _) in state.open.values() {
            let _ = stream.shutdown(Both::Both);
        }
    }
}
