//! Exercise 25 (chapter 21, the event loop): drive one connection on a
//! readiness loop.
//!
//! One thread serves every connection. Its sockets are non-blocking: a
//! `read` with nothing to read, or a `write` to a full socket, returns
//! `ErrorKind::WouldBlock` at once instead of waiting. The loop sleeps
//! until the kernel says some sockets are ready, then calls `on_ready`
//! for each. Yours does what can be done without waiting, and returns.
//!
//! The machine is `wire`'s, as in socket_api: it says when it needs
//! bytes, and [`LoopConn::handle`] answers complete requests into
//! `conn.out`. You move the bytes.

// What your code will need: unused until you write it.
#![allow(unused_imports)]

use std::io::ErrorKind;
use std::time::Instant;

use wire::server::Event;

use crate::readiness::{LoopConn, Next, OUT_BOUND, Socket};

// ANCHOR: task
/// Called by the loop each time `socket` may be ready: readable, writable,
/// both, or neither (a wake-up for nothing is allowed). Do everything that
/// can be done without waiting, in a loop:
///
/// 1. write `conn.out` until it is empty or the socket says `WouldBlock`.
///    A write may take only part of what you give it: drain from
///    `conn.out` exactly what it took;
/// 2. if `conn.out` still holds `OUT_BOUND` bytes or more, read nothing:
///    return `Next::Wait` (backpressure: you are called again when the
///    socket can take more);
/// 3. act on `conn.machine.next_event()`:
///    - `NeedData`: read once. `Ok(0)` is the client's close
///      (`conn.machine.receive_eof()`), `Ok(n)` goes to
///      `conn.machine.receive(&buf[..n], Instant::now())`, and
///      `WouldBlock` means nothing more has come: return `Next::Wait`;
///    - `Closed`: return `Next::Close` if `conn.out` is empty, else
///      `Next::Wait` (it is sent on the next wake-up, then you close);
///    - any other event: `conn.handle(event)`.
///
/// The loop is edge-triggered: it calls you when *new* bytes arrive, or
/// when a full socket *becomes* writable, not while bytes sit unread. So
/// read until `WouldBlock`: bytes left unread may never be announced again.
/// `ErrorKind::Interrupted` means "try again"; any other error, `Next::Close`.
pub fn on_ready(conn: &mut LoopConn, socket: &mut dyn Socket) -> Next {
    todo!("flush conn.out, then read until WouldBlock, feeding conn.machine")
}
// ANCHOR_END: task
