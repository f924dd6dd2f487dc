//! `--io events`: the same connection machine, driven by a readiness loop.
//!
//! [`crate::connection`] gives each connection a thread that blocks in
//! `read` until bytes come. Here one thread serves every connection: all
//! sockets are non-blocking, and the loop asks the kernel (epoll on Linux,
//! kqueue on macOS, through [mio](https://docs.rs/mio), the layer tokio
//! stands on) which of them are ready, then lets each ready one do what it
//! can without waiting. The protocol is not touched:
//! [`wire::server::ServerConnection`] is the same machine, fed the same
//! way (`receive`, `receive_eof`, `deadline_passed`, `next_event`). That is
//! the point of keeping it sans-IO: only how we wait changed.
//!
//! | file           | what it holds                                                   |
//! |----------------|-----------------------------------------------------------------|
//! | `poll_loop`  | the loop: `poll`, accept with the cap, deadlines, shutdown       |
//! | `conn`       | one connection's state: machine, output buffer, phase; `drive`  |
//! | `timers`     | every connection's deadline in one heap                          |
//!
//! What the threads driver gets from its thread, this one does by hand:
//!
//! - **waiting for bytes**: a connection whose machine says `NeedData`
//!   reads until the socket would block, then is put down until `poll`
//!   says it is readable again;
//! - **deadlines**: a read timeout per thread becomes one heap of
//!   deadlines (`timers`), and `poll` sleeps until the soonest;
//! - **a slow reader**: output waits in a buffer per connection. Past
//!   `conn::OUT_BOUND` unsent bytes the connection is not read any more
//!   (backpressure), and a client that takes nothing for `header_timeout`
//!   is closed (the threads driver's write timeout);
//! - **shutdown**: a [`mio::Waker`] wakes the loop from `poll`; it stops
//!   listening, closes idle connections at once, and lets the others
//!   finish (with `Connection: close`) within the grace period.
//!
//! ## Handlers on the loop
//!
//! Handlers stay plain synchronous functions, and they run on the loop's
//! thread: while one runs, no other connection moves. That is fine for the
//! route table's whole-body handlers (they work in memory, in microseconds),
//! and for files read piece by piece (64 KiB from the page cache at a time,
//! pulled only when the socket has taken the previous piece). It is not
//! fine for what waits on purpose, so for now this driver refuses, with
//! `501 Not Implemented` and a sentence saying `--io events` does not
//! stream yet:
//!
//! - streaming handlers (`/upload`), which read their body from the socket
//!   with blocking reads the loop cannot lend them;
//! - bodies with no length of their own (`/stream`, `/events`), whose
//!   pieces are made with pauses in between.
//!
//! The way on (issue 10): run handlers on a small pool of worker threads
//! and send each response back through a channel and the `Waker`, so a
//! slow handler holds a worker, not the loop; a streamed body then comes
//! back piece by piece the same way. nginx solves it with thread pools for
//! blocking file reads; tokio with `spawn_blocking`.
//!
//! ## Not yet
//!
//! One loop thread: a second core is left idle. One loop per core, each
//! with its own listener (`SO_REUSEPORT`) or sharing one, is the next
//! step, and it is how nginx's workers run. HTTPS (`--tls-*`) is refused:
//! rustls can run over non-blocking sockets, but not in this step.

pub(crate) mod conn;
pub(crate) mod poll_loop;
pub(crate) mod timers;

pub(crate) use poll_loop::run;
