//! The loop: one thread, `poll` for readiness, then let every ready
//! connection do what it can without waiting.
//!
//! Each turn: sleep in [`Poll::poll`] until a socket is ready, the soonest
//! deadline comes, or the [`Waker`] says a shutdown began; accept every
//! waiting connection; [`Conn::drive`] each ready one; pass every due
//! deadline to its connection; reschedule what moved.

use std::collections::HashMap;
use std::io::{self, ErrorKind, Write};
use std::net::TcpListener as StdListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::net::TcpListener;
use mio::{Events, Interest, Poll, Registry, Token, Waker};

use super::conn::{Conn, Shared};
use super::timers::Timers;
use crate::routes::Router;
use crate::server::too_many_connections;
use crate::{Config, Shutdown};

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);
/// Connections get tokens from here up, never reused: a stale timer entry
/// can never reach a newer connection.
const FIRST_CONNECTION: usize = 2;
/// With no deadline at all, `poll` still returns now and then.
const MAX_SLEEP: Duration = Duration::from_secs(60);

// ANCHOR: run
/// Serves `router` on `listener` on this thread until `shutdown`, then
/// lets requests in flight finish within `config.shutdown_grace`.
pub(crate) fn run(
    listener: StdListener,
    router: Router,
    config: Config,
    shutdown: Shutdown,
) -> io::Result<()> {
    if config.tls.is_some() {
        return Err(io::Error::new(
            ErrorKind::InvalidInput,
            "--io events serves plain HTTP only: TLS on the event loop is not built yet",
        ));
    }
    listener.set_nonblocking(true)?;
    let mut listener = TcpListener::from_std(listener);
    let mut poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    // `trigger` runs on another thread (Ctrl-C's, or a test's): it cannot
    // touch the loop's state, only wake it to look at the flag.
    let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
    shutdown.on_trigger(move || {
        let _ = waker.wake();
    });
    tracing::info!(
        "listening on http://{} (--io events: one thread, an event loop)",
        listener.local_addr()?
    );
    let config = Arc::new(config);
    let mut listener = Some(listener);
    let mut conns: HashMap<Token, Conn> = HashMap::new();
    let mut timers = Timers::default();
    let mut next_token = FIRST_CONNECTION;
    let mut events = Events::with_capacity(1024);
    let mut grace_until: Option<Instant> = None;
    loop {
        let now = Instant::now();
        // ANCHOR: shutdown
        if shutdown.is_triggered() && grace_until.is_none() {
            tracing::info!("shutting down: waiting for requests in flight");
            // No new connections: the listening socket closes now.
            if let Some(mut closed) = listener.take() {
                let _ = poll.registry().deregister(&mut closed);
            }
            grace_until = Some(now + config.shutdown_grace);
            conns.retain(|_, conn| !conn.is_idle());
        }
        if let Some(until) = grace_until {
            if conns.is_empty() {
                return Ok(());
            }
            if now >= until {
                tracing::warn!(
                    "shutdown: {} connection(s) still open after the grace period; closing them",
                    conns.len()
                );
                return Ok(());
            }
        }
        // ANCHOR_END: shutdown
        let mut sleep = timers.timeout(now, MAX_SLEEP);
        if let Some(until) = grace_until {
            sleep = sleep.min(until.saturating_duration_since(now));
        }
        match poll.poll(&mut events, Some(sleep)) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
        let now = Instant::now();
        let shared = Shared {
            config: &config,
            router: &router,
            closing: shutdown.is_triggered(),
        };
        for event in events.iter() {
            match event.token() {
                LISTENER => {
                    if let Some(listener) = &listener {
                        accept_all(
                            listener,
                            poll.registry(),
                            &mut conns,
                            &mut next_token,
                            &config,
                            now,
                        );
                    }
                }
                WAKER => {} // the shutdown flag is looked at on the next turn
                token => {
                    if let Some(conn) = conns.get_mut(&token) {
                        conn.drive(&shared, now);
                    }
                    settle(&mut conns, token, &mut timers, &shared);
                }
            }
        }
        // ANCHOR: deadlines
        while let Some((token, generation)) = timers.pop_due(now) {
            let Some(conn) = conns.get_mut(&token) else {
                continue; // closed since
            };
            if conn.generation != generation {
                continue; // its deadline moved: a newer entry stands for it
            }
            conn.scheduled = None;
            conn.deadline_passed(&shared, now);
            settle(&mut conns, token, &mut timers, &shared);
        }
        // ANCHOR_END: deadlines
    }
}
// ANCHOR_END: run

// ANCHOR: accept
/// Takes every connection waiting on the listener (edge-triggered: one
/// event may stand for many). Past the cap, a `503` and a close, as the
/// threads driver does.
fn accept_all(
    listener: &TcpListener,
    registry: &Registry,
    conns: &mut HashMap<Token, Conn>,
    next_token: &mut usize,
    config: &Config,
    now: Instant,
) {
    loop {
        let (mut stream, peer) = match listener.accept() {
            Ok(accepted) => accepted,
            Err(e) if e.kind() == ErrorKind::WouldBlock => return,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            // Out of file descriptors, say: the ones waiting are taken
            // with the next connection's event.
            Err(e) => {
                tracing::warn!("accept failed: {e}");
                return;
            }
        };
        if conns.len() >= config.max_connections {
            tracing::warn!("connection cap reached: refused {peer}");
            // A new socket's send buffer is empty: this small write fits,
            // without waiting. If it did not, the client just sees the close.
            let _ = stream.write(&too_many_connections());
            continue;
        }
        let token = Token(*next_token);
        *next_token += 1;
        // Both directions, once: readiness comes as edges, so a connection
        // is told when it can read, and again when a full send buffer drains.
        if let Err(e) =
            registry.register(&mut stream, token, Interest::READABLE | Interest::WRITABLE)
        {
            tracing::warn!("cannot watch {peer}: {e}");
            continue;
        }
        tracing::debug!("{peer}: connection accepted");
        conns.insert(token, Conn::new(stream, peer, config, now));
    }
}
// ANCHOR_END: accept

/// After a connection did what it could: forget it if it is done (or idle
/// in a shutdown), else make sure the timer heap holds its next deadline.
fn settle(
    conns: &mut HashMap<Token, Conn>,
    token: Token,
    timers: &mut Timers,
    shared: &Shared<'_>,
) {
    let Some(conn) = conns.get_mut(&token) else {
        return;
    };
    if conn.is_done() || (shared.closing && conn.is_idle()) {
        tracing::debug!("{}: connection closed", conn.peer);
        // Dropping the stream closes the socket, which also takes it out of the poll.
        conns.remove(&token);
        return;
    }
    let deadline = conn.deadline(shared.config);
    if deadline != conn.scheduled {
        conn.generation += 1;
        conn.scheduled = deadline;
        if let Some(deadline) = deadline {
            timers.schedule(deadline, token, conn.generation);
        }
    }
}
