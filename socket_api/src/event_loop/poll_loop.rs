//! The loops: one per core, each a thread that sleeps in `poll` until
//! something is ready, then lets every ready connection do what it can
//! without waiting.
//!
//! Each turn: sleep in [`Poll::poll`] until a socket is ready, the soonest
//! deadline comes, or the [`Waker`] rings (a shutdown began, or a worker
//! sent a connection back); accept every waiting connection; [`Conn::drive`]
//! each ready one; pass every due deadline to its connection; reschedule
//! what moved.
//!
//! All the loops watch the one listening socket, and whichever is awake
//! takes the next connection, as nginx's workers do by default. Left at
//! that, sixteen connections opened at once may land twelve on one loop
//! and four on the other, and one core would do three times the other's
//! work for as long as they last. So the loop that accepts deals the
//! connection to the loop holding the fewest ([`EventLoop::deal`]),
//! through that loop's channel. (`SO_REUSEPORT`, one listener per loop,
//! lets the kernel deal them out by a hash instead; it needs each socket
//! made with the option before `bind`, and tests hand us one already
//! bound.)

use std::collections::HashMap;
use std::io::{self, ErrorKind, Write};
use std::net::{SocketAddr, TcpListener as StdListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::{Duration, Instant};

use mio::net::TcpListener;
use mio::{Events, Interest, Poll, Token, Waker};
use wire::server::ServerConnection;

use super::conn::{Conn, Shared};
use super::socket::Socket;
use super::timers::Timers;
use super::worker::{Arrival, Away, Return, hand_off};
use crate::routes::Router;
use crate::server::{ACCEPT_PAUSE, too_many_connections};
use crate::{Config, Shutdown};

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);
/// Connections get tokens from here up, never reused: a stale timer entry
/// can never reach a newer connection.
const FIRST_CONNECTION: usize = 2;
/// With no deadline at all, `poll` still returns now and then.
const MAX_SLEEP: Duration = Duration::from_secs(60);

// ANCHOR: run
/// Serves `router` on `listener` with one loop per core until `shutdown`,
/// then lets requests in flight finish within `config.shutdown_grace`.
pub(crate) fn run(
    listener: StdListener,
    router: Router,
    config: Config,
    shutdown: Shutdown,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let loops = thread::available_parallelism().map_or(1, |n| n.get());
    tracing::info!(
        "listening on {}://{} (--io events: {loops} event loop(s), one per core)",
        if config.tls.is_some() {
            "https"
        } else {
            "http"
        },
        listener.local_addr()?
    );
    let config = Arc::new(config);
    // The cap counts connections on every loop, and those lent to workers.
    let open = Arc::new(AtomicUsize::new(0));
    let mut event_loops = Vec::new();
    for _ in 0..loops {
        let listener = listener.try_clone()?;
        event_loops.push(EventLoop::new(listener, &config, &shutdown, &open)?);
    }
    // Each loop can reach every loop, to deal it a connection.
    let all: Arc<Vec<Sibling>> = Arc::new(
        event_loops
            .iter()
            .map(|event_loop| Sibling {
                load: AtomicUsize::new(0),
                to: event_loop.to_loop.clone(),
            })
            .collect(),
    );
    let mut event_loops = event_loops.into_iter().enumerate();
    let Some((_, first)) = event_loops.next() else {
        return Ok(());
    };
    let mut others = Vec::new();
    for (n, mut event_loop) in event_loops {
        event_loop.siblings = Some((n, Arc::clone(&all)));
        let router = router.clone();
        let spawned = thread::Builder::new()
            .name(format!("event-loop-{n}"))
            .spawn(move || event_loop.run(&router));
        others.push(spawned?);
    }
    // The first loop runs on this thread: `run` returns when it stops.
    let mut first = first;
    first.siblings = Some((0, all));
    let result = first.run(&router);
    for other in others {
        if other.join().is_err() {
            tracing::error!("an event loop panicked");
        }
    }
    result
}
// ANCHOR_END: run

/// How one loop reaches another: how many connections it holds (as of its
/// last turn, plus those dealt to it since), and its channel.
struct Sibling {
    load: AtomicUsize,
    to: Return,
}

/// One loop: its poll, its connections, their deadlines.
struct EventLoop {
    poll: Poll,
    listener: Option<TcpListener>,
    conns: HashMap<Token, Conn>,
    /// Connections lent to a worker thread: still open, still counted.
    /// Each with a second handle on its socket: when a shutdown's grace
    /// period is over, the loop closes them through it, as the threads
    /// driver's tracker does (a worker may be waiting for a stalled upload).
    away: HashMap<Token, Option<socket2::Socket>>,
    /// `accept` failed (out of file descriptors, say): try again then. The
    /// listener's readiness is an edge that already came, so without this
    /// the waiting connections would wait for the next one to arrive.
    accept_again: Option<Instant>,
    timers: Timers,
    next_token: usize,
    open: Arc<AtomicUsize>,
    config: Arc<Config>,
    shutdown: Shutdown,
    /// Where workers send connections back, and how they wake us.
    arrivals: Receiver<Arrival>,
    to_loop: Return,
    /// Which loop this is, and all of them (itself included).
    siblings: Option<(usize, Arc<Vec<Sibling>>)>,
}

impl EventLoop {
    fn new(
        listener: StdListener,
        config: &Arc<Config>,
        shutdown: &Shutdown,
        open: &Arc<AtomicUsize>,
    ) -> io::Result<EventLoop> {
        let mut listener = TcpListener::from_std(listener);
        let poll = Poll::new()?;
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
        // `trigger` runs on another thread (Ctrl-C's, or a test's), and so
        // do workers: they cannot touch the loop's state, only wake it.
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        let on_shutdown = Arc::clone(&waker);
        shutdown.on_trigger(move || {
            let _ = on_shutdown.wake();
        });
        let (channel, arrivals) = channel();
        Ok(EventLoop {
            poll,
            listener: Some(listener),
            conns: HashMap::new(),
            away: HashMap::new(),
            accept_again: None,
            timers: Timers::default(),
            next_token: FIRST_CONNECTION,
            open: Arc::clone(open),
            config: Arc::clone(config),
            shutdown: shutdown.clone(),
            arrivals,
            siblings: None,
            to_loop: Return {
                channel,
                waker,
                shutdown: shutdown.clone(),
                config: Arc::clone(config),
            },
        })
    }

    fn run(mut self, router: &Router) -> io::Result<()> {
        let mut events = Events::with_capacity(1024);
        let mut grace_until: Option<Instant> = None;
        loop {
            let now = Instant::now();
            // ANCHOR: shutdown
            if self.shutdown.is_triggered() && grace_until.is_none() {
                tracing::debug!("event loop: shutting down, waiting for requests in flight");
                // No new connections: the listening socket closes now.
                if let Some(mut closed) = self.listener.take() {
                    let _ = self.poll.registry().deregister(&mut closed);
                }
                grace_until = Some(now + self.config.shutdown_grace);
                let open = &self.open;
                self.conns.retain(|_, conn| {
                    let keep = !conn.is_idle();
                    if !keep {
                        open.fetch_sub(1, Ordering::Relaxed);
                    }
                    keep
                });
            }
            if let Some(until) = grace_until {
                if self.conns.is_empty() && self.away.is_empty() {
                    return Ok(());
                }
                if now >= until {
                    tracing::warn!(
                        "shutdown: {} connection(s) still open after the grace period; closing them",
                        self.conns.len() + self.away.len()
                    );
                    // Those on this loop close as it drops them; those lent, here.
                    for lent in self.away.values().flatten() {
                        let _ = lent.shutdown(std::net::Shutdown::Both);
                    }
                    return Ok(());
                }
            }
            // ANCHOR_END: shutdown
            // ANCHOR: turn
            let mut sleep = self.timers.timeout(now, MAX_SLEEP);
            for until in [grace_until, self.accept_again].into_iter().flatten() {
                sleep = sleep.min(until.saturating_duration_since(now));
            }
            match self.poll.poll(&mut events, Some(sleep)) {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            let now = Instant::now();
            if self.accept_again.is_some_and(|at| now >= at) {
                self.accept_again = None;
                self.accept_all(now);
            }
            let config = Arc::clone(&self.config);
            let shared = Shared {
                config: &config,
                router,
                closing: self.shutdown.is_triggered(),
            };
            for event in events.iter() {
                match event.token() {
                    LISTENER => self.accept_all(now),
                    // A shutdown (looked at on the next turn), workers done,
                    // or connections dealt by another loop.
                    WAKER => self.welcome_back(&shared, now),
                    token => {
                        if let Some(conn) = self.conns.get_mut(&token) {
                            let hung_up = event.is_read_closed() || event.is_error();
                            if event.is_readable() || hung_up {
                                conn.readable(hung_up);
                            }
                            conn.drive(&shared, now);
                        }
                        self.settle(token, &shared);
                    }
                }
            }
            // ANCHOR_END: turn
            // ANCHOR: deadlines
            while let Some((token, generation)) = self.timers.pop_due(now) {
                let Some(conn) = self.conns.get_mut(&token) else {
                    continue; // closed since
                };
                if conn.generation != generation {
                    continue; // its deadline moved: a newer entry stands for it
                }
                conn.scheduled = None;
                conn.deadline_passed(&shared, now);
                self.settle(token, &shared);
            }
            // ANCHOR_END: deadlines
            // What this loop holds now, for the others dealing connections.
            if let Some((me, all)) = &self.siblings {
                all[*me]
                    .load
                    .store(self.conns.len() + self.away.len(), Ordering::Relaxed);
            }
        }
    }

    // ANCHOR: accept
    /// Takes every connection waiting on the listener (edge-triggered: one
    /// event may stand for many). Past the cap, a `503` and a close, as the
    /// threads driver does.
    fn accept_all(&mut self, now: Instant) {
        loop {
            let Some(listener) = &self.listener else {
                return;
            };
            let (mut stream, peer) = match listener.accept() {
                Ok(accepted) => accepted,
                // Taken by the other loop, or none left.
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                // Out of file descriptors, say: try again in a moment,
                // as the threads driver does, rather than spin.
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    self.accept_again = Some(now + ACCEPT_PAUSE);
                    return;
                }
            };
            if self.open.fetch_add(1, Ordering::Relaxed) >= self.config.max_connections {
                self.open.fetch_sub(1, Ordering::Relaxed);
                tracing::warn!("connection cap reached: refused {peer}");
                // A new socket's send buffer is empty: this small write fits,
                // without waiting. If it did not, the client just sees the close.
                // Over TLS, plain text would be noise to the client: just the close.
                if self.config.tls.is_none() {
                    let _ = stream.write(&too_many_connections());
                }
                continue;
            }
            let socket = match &self.config.tls {
                None => Socket::Plain(stream),
                Some(tls) => match Socket::tls(stream, tls) {
                    Ok(socket) => socket,
                    Err(e) => {
                        tracing::warn!("{peer}: cannot start TLS: {e}");
                        self.open.fetch_sub(1, Ordering::Relaxed);
                        continue;
                    }
                },
            };
            tracing::debug!("{peer}: connection accepted");
            if let Some(socket) = self.deal(socket, peer) {
                self.take(socket, peer, now);
            }
        }
    }

    /// A new connection's first deadline (idle) goes in the heap now; its
    /// first bytes, if already here, come as an event for it.
    fn take(&mut self, socket: Socket, peer: SocketAddr, now: Instant) {
        let machine = ServerConnection::new(self.config.connection_limits(), now);
        if let Some(token) = self.watch(Conn::new(socket, peer, machine, &self.config, now)) {
            self.reschedule(token);
        }
    }

    // ANCHOR: deal
    /// Gives a new connection to the loop holding the fewest, if that is
    /// another one; `Some` hands it back to keep.
    fn deal(&mut self, socket: Socket, peer: SocketAddr) -> Option<Socket> {
        let Some((me, all)) = &self.siblings else {
            return Some(socket);
        };
        let fewest =
            (0..all.len()).min_by_key(|&n| (all[n].load.load(Ordering::Relaxed), n != *me));
        let target = match fewest {
            Some(n) if n != *me => n,
            _ => {
                all[*me].load.fetch_add(1, Ordering::Relaxed);
                return Some(socket);
            }
        };
        // Counted now, so the next connection of a burst goes elsewhere.
        all[target].load.fetch_add(1, Ordering::Relaxed);
        let to = &all[target].to;
        if to.channel.send(Arrival::Dealt(socket, peer)).is_err() {
            // That loop has stopped (a shutdown's grace ran out): closed.
            self.open.fetch_sub(1, Ordering::Relaxed);
            return None;
        }
        let _ = to.waker.wake();
        None
    }
    // ANCHOR_END: deal
    // ANCHOR_END: accept

    // ANCHOR: watch
    /// Registers a connection with the poll, for both directions, once:
    /// readiness comes as edges, so it is told when it can read, and again
    /// when a full send buffer drains.
    fn watch(&mut self, mut conn: Conn) -> Option<Token> {
        let token = Token(self.next_token);
        self.next_token += 1;
        let interest = Interest::READABLE | Interest::WRITABLE;
        if let Err(e) = self
            .poll
            .registry()
            .register(conn.socket.tcp(), token, interest)
        {
            tracing::warn!("cannot watch {}: {e}", conn.peer);
            self.open.fetch_sub(1, Ordering::Relaxed);
            return None;
        }
        self.conns.insert(token, conn);
        Some(token)
    }
    // ANCHOR_END: watch

    // ANCHOR: welcome_back
    /// What came through the channel: connections another loop dealt to
    /// this one; and connections workers are done with, served and kept
    /// alive, back on this loop (under a new token), or closed.
    fn welcome_back(&mut self, shared: &Shared<'_>, now: Instant) {
        while let Ok(arrival) = self.arrivals.try_recv() {
            let (socket, machine, peer) = match arrival {
                Arrival::Dealt(socket, peer) => {
                    let machine = ServerConnection::new(self.config.connection_limits(), now);
                    (socket, machine, peer)
                }
                Arrival::Back(lent, kept) => {
                    self.away.remove(&lent);
                    let Some(kept) = kept else {
                        self.open.fetch_sub(1, Ordering::Relaxed);
                        continue;
                    };
                    *kept
                }
            };
            if let Some(token) = self.watch(Conn::new(socket, peer, machine, &self.config, now)) {
                // A request may be here already (pipelined behind the one a
                // worker served, or sent to a dealt connection): look now.
                // Settled at once, too: in a shutdown, one still idle closes
                // now, as the ones already on this loop did.
                if let Some(conn) = self.conns.get_mut(&token) {
                    conn.drive(shared, now);
                }
                self.settle(token, shared);
            }
        }
    }
    // ANCHOR_END: welcome_back

    /// After a connection did what it could: forget it if it is done (or
    /// idle in a shutdown), lend it to a worker if it is waiting for one,
    /// else [`reschedule`](Self::reschedule) it.
    fn settle(&mut self, token: Token, shared: &Shared<'_>) {
        let Some(conn) = self.conns.get_mut(&token) else {
            return;
        };
        if conn.is_done() || (shared.closing && conn.is_idle()) {
            tracing::debug!("{}: connection closed", conn.peer);
            // Dropping the socket closes it, which also takes it out of the poll.
            self.conns.remove(&token);
            self.open.fetch_sub(1, Ordering::Relaxed);
            return;
        }
        if conn.is_ready_to_hand_off() {
            return self.lend(token);
        }
        self.reschedule(token);
    }

    // ANCHOR: reschedule
    /// Makes sure the timer heap holds the connection's next deadline.
    fn reschedule(&mut self, token: Token) {
        let Some(conn) = self.conns.get_mut(&token) else {
            return;
        };
        let deadline = conn.deadline(&self.config);
        match (conn.scheduled, deadline) {
            // A deadline that moved *later* (the usual case: every request
            // pushes the idle deadline on) keeps its earlier entry. When that
            // comes up, nothing is due yet, and the real deadline is
            // scheduled then. So a busy connection adds one entry per
            // timeout, not one per request.
            (Some(scheduled), Some(deadline)) if scheduled <= deadline => {}
            (scheduled, deadline) if scheduled == deadline => {}
            (_, deadline) => {
                conn.generation += 1;
                conn.scheduled = deadline;
                if let Some(deadline) = deadline {
                    self.timers.schedule(deadline, token, conn.generation);
                }
            }
        }
    }
    // ANCHOR_END: reschedule

    // ANCHOR: lend
    /// Gives a connection to a worker thread (see `worker.rs`).
    fn lend(&mut self, token: Token) {
        let Some(mut conn) = self.conns.remove(&token) else {
            return;
        };
        let _ = self.poll.registry().deregister(conn.socket.tcp());
        let Some((request, job)) = conn.handoff.take() else {
            self.open.fetch_sub(1, Ordering::Relaxed);
            return;
        };
        // A second handle on the socket (a duplicate descriptor), to close
        // it at the end of a shutdown's grace period; without one (out of
        // descriptors), the worker's own deadlines end it.
        let handle = socket2::SockRef::from(&*conn.socket.tcp()).try_clone().ok();
        let away = Away {
            token,
            socket: conn.socket,
            machine: conn.machine,
            request,
            job,
            started: conn.started,
        };
        match hand_off(away, self.to_loop.clone()) {
            Ok(()) => {
                self.away.insert(token, handle);
            }
            // No thread to be had: the connection closes (its socket was in `away`).
            Err(e) => {
                tracing::warn!("cannot start a worker thread: {e}");
                self.open.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }
    // ANCHOR_END: lend
}
