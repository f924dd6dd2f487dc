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
//!   either limit a client gets `503` and a close. Over HTTPS it gets only
//!   the close: the `503` would have to be sent inside TLS, and a handshake
//!   on the accept loop's thread would let one slow client stop it
//!   accepting. (nginx, past `worker_connections`, also just closes.)
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

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, SystemTime};

use socket2::{Domain, Protocol, Socket, Type};
use wire::StatusCode;

use crate::connection::{self, Context};
use crate::response::Persistence;
use crate::routes::Router;
use crate::tracker::{Refusal, Tracker};
use crate::{Config, Io, Response, Shutdown, app};

/// Serves the project's route table on `listener` until `shutdown` is
/// triggered, then waits for the requests in flight.
pub fn run(listener: TcpListener, config: Config, shutdown: Shutdown) -> io::Result<()> {
    run_router(listener, app::router(), config, shutdown)
}

/// [`run`] with another route table: build one with [`routes!`](crate::routes!).
/// `config.io` picks the driver: threads (this file) or the event loop
/// ([`crate::event_loop`]).
pub fn run_router(
    listener: TcpListener,
    router: Router,
    config: Config,
    shutdown: Shutdown,
) -> io::Result<()> {
    match config.io {
        Io::Threads => run_threads(listener, router, config, shutdown),
        Io::Events => crate::event_loop::run(listener, router, config, shutdown),
    }
}

// ANCHOR: listen
/// Connections the kernel may hold, fully open, before we accept them.
/// `std`'s `TcpListener::bind` asks for 128; when thousands of clients
/// connect at once the rest are dropped and must try again a second
/// later. tokio asks for 1024, nginx for 511; Linux caps it at
/// `net.core.somaxconn` (4096 by default).
pub const BACKLOG: i32 = 1024;

/// A listening socket on the first of `addrs` that can be bound, as
/// `TcpListener::bind` makes one, with a backlog of [`BACKLOG`].
pub fn listen(addrs: &[SocketAddr]) -> io::Result<TcpListener> {
    let mut last = None;
    for addr in addrs {
        let socket = Socket::new(
            Domain::for_address(*addr),
            Type::STREAM,
            Some(Protocol::TCP),
        )?;
        // As std does on Unix: a restarted server can bind its port at once,
        // while connections of the old one are still in TIME_WAIT.
        #[cfg(unix)]
        socket.set_reuse_address(true)?;
        match socket
            .bind(&(*addr).into())
            .and_then(|()| socket.listen(BACKLOG))
        {
            Ok(()) => return Ok(socket.into()),
            Err(e) => last = Some(e),
        }
    }
    Err(last
        .unwrap_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no address to listen on")))
}
// ANCHOR_END: listen

/// How long an accept loop waits after `accept` failed (out of file
/// descriptors, say) before it tries again. Both drivers use it.
pub(crate) const ACCEPT_PAUSE: Duration = Duration::from_millis(10);

/// The thread-per-connection driver's accept loop.
fn run_threads(
    listener: TcpListener,
    router: Router,
    config: Config,
    shutdown: Shutdown,
) -> io::Result<()> {
    let config = Arc::new(config);
    let router = Arc::new(router);
    let tracker = Arc::new(Tracker::default());
    let wake_addr = wake_address(listener.local_addr()?);
    // ANCHOR: wake_on_trigger
    {
        let tracker = Arc::clone(&tracker);
        shutdown.on_trigger(move || {
            tracker.close_idle();
            // `accept` blocks; a connection of our own wakes it up to see the flag.
            let _ = TcpStream::connect_timeout(&wake_addr, Duration::from_secs(1));
        });
    }
    // ANCHOR_END: wake_on_trigger
    let scheme = if config.tls.is_some() {
        "https"
    } else {
        "http"
    };
    tracing::info!("listening on {scheme}://{}", listener.local_addr()?);
    // ANCHOR: accept_loop
    loop {
        let (stream, peer) = match listener.accept() {
            Ok(accepted) => accepted,
            Err(e) if shutdown.is_triggered() => return Err(e),
            // Errors such as "too many open files" pass; the loop goes on,
            // after a pause: the error would come back at once, and the
            // loop would spin on a core (tokio and nginx pause too).
            Err(e) => {
                tracing::warn!("accept failed: {e}");
                thread::sleep(ACCEPT_PAUSE);
                continue;
            }
        };
        if shutdown.is_triggered() {
            break;
        }
        let slot = match tracker.add(&stream, config.max_connections) {
            Ok(slot) => slot,
            Err(why) => {
                refuse(stream, peer, &why, config.tls.is_some());
                continue;
            }
        };
        tracing::debug!("{peer}: connection accepted");
        // ANCHOR: spawn
        let (config, router, shutdown) =
            (Arc::clone(&config), Arc::clone(&router), shutdown.clone());
        // The slot moves into the thread and is freed when it ends, however
        // it ends; if the thread never starts, the closure is dropped, and
        // the slot with it.
        let spawned = thread::Builder::new()
            .name(format!("conn-{peer}"))
            .stack_size(256 * 1024)
            .spawn(move || {
                let cx = Context {
                    config: &config,
                    router: &router,
                    shutdown: &shutdown,
                    slot: &slot,
                };
                connection::serve(stream, peer, cx);
            });
        // ANCHOR_END: spawn
        if let Err(e) = spawned {
            tracing::warn!("cannot start a thread for {peer}: {e}");
        }
    }
    // ANCHOR_END: accept_loop
    // ANCHOR: wait_in_flight
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
    // ANCHOR_END: wait_in_flight
}

/// Past the connection cap, or out of resources: say so and close. Over
/// TLS, only close: a plain-text 503 would be garbage to a TLS client.
fn refuse(mut stream: TcpStream, peer: SocketAddr, why: &Refusal, tls: bool) {
    let how = if tls { "closing" } else { "refusing with 503" };
    match why {
        Refusal::Cap => tracing::warn!("connection cap reached: {how} {peer}"),
        Refusal::NoHandle(e) => tracing::warn!("cannot track {peer} ({e}): {how}"),
        Refusal::Closing => tracing::debug!("shutting down: {how} {peer}"),
    }
    if tls {
        return;
    }
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = stream.write_all(&too_many_connections());
}

/// The `503` for a connection past the cap, as bytes: the same for both drivers.
pub(crate) fn too_many_connections() -> Vec<u8> {
    Response::error(
        StatusCode::SERVICE_UNAVAILABLE,
        "too many connections, try again later",
    )
    .with_header("Retry-After", "1")
    .to_bytes(false, Persistence::Close, SystemTime::now())
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
