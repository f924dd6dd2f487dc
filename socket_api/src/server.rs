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
//! - every read has a timeout, so no thread waits forever.
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
//! (with `Connection: close`) before [`run`] returns.

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{Shutdown as Both, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, SystemTime};

use wire::StatusCode;

use crate::connection::{self, Context};
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
        let Some(id) = tracker.add(&stream, config.max_connections) else {
            refuse(stream, peer);
            continue;
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
    tracker.wait_until_empty();
    tracing::info!("stopped");
    Ok(())
}

/// Past the connection cap: say so and close.
fn refuse(mut stream: TcpStream, peer: SocketAddr) {
    tracing::warn!("connection cap reached: refusing {peer} with 503");
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let response = Response::error(
        StatusCode::SERVICE_UNAVAILABLE,
        "too many connections, try again later",
    )
    .with_header("Retry-After", "1");
    let _ = stream.write_all(&response.to_bytes(false, true, SystemTime::now()));
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

    /// Registers a connection, or `None` if `cap` are already open.
    fn add(&self, stream: &TcpStream, cap: usize) -> Option<u64> {
        let mut state = self.lock();
        if state.open.len() >= cap {
            return None;
        }
        let handle = stream.try_clone().ok()?;
        state.next_id += 1;
        let id = state.next_id;
        state.open.insert(id, (handle, false));
        Some(id)
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

    fn wait_until_empty(&self) {
        let mut state = self.lock();
        while !state.open.is_empty() {
            state = self
                .emptied
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}
