//! `--io events`: the same connection machine, driven by readiness loops.
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
//! | file         | what it holds                                                        |
//! |--------------|----------------------------------------------------------------------|
//! | `poll_loop`  | the loops, one per core: `poll`, accept with the cap, deadlines, shutdown |
//! | `conn`       | one connection's state: machine, output buffer, phase; `drive`       |
//! | `socket`     | the non-blocking socket, plain or TLS (rustls's records moved by hand) |
//! | `worker`     | a thread lent to a request that waits on purpose (uploads, streams)  |
//! | `timers`     | every connection's deadline in one heap                              |
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
//! Handlers stay plain synchronous functions. The route table's usual
//! ones run on the loop's thread: they work in memory, in microseconds,
//! and a file is read 64 KiB at a time from the page cache, only when the
//! socket has taken the piece before. What waits *on purpose* (an upload
//! read as the client sends it, a stream with pauses between its pieces)
//! is lent a thread of its own, and the connection comes back to the loop
//! when its response is sent: see `worker.rs` for why, and why not a
//! fixed pool. A production server would also move large-file reads off
//! the loop when the disk is slow (nginx's `aio threads`).
//!
//! ## One loop per core
//!
//! One loop is one thread: it can use one core. `run` starts one per core,
//! each with its own poll and connections, all watching the one listening
//! socket. The loop that accepts a connection deals it to the loop holding
//! the fewest, through that loop's channel. Nothing else is shared between
//! them but the connection count (an atomic) and the shutdown flag. This is
//! how nginx's workers run, and tokio's multi-threaded runtime too (which
//! also lets an idle worker steal another's ready tasks).
//!
//! HTTPS runs on the loop as well: rustls is sans-IO, like `wire`, so its
//! records are moved by the same non-blocking reads and writes (`socket.rs`).

pub(crate) mod conn;
pub(crate) mod poll_loop;
pub(crate) mod socket;
pub(crate) mod timers;
pub(crate) mod worker;

pub(crate) use poll_loop::run;
