//! Exercise 13 (chapter 8, server level): keep-alive, pipelining, HTTP/1.0.
//!
//! An HTTP/1.1 connection carries request after request, and a client may
//! send several before reading any answer (pipelining): answer them in
//! order, and close only when asked to.

use std::io;
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::kit::{self, Request};

/// The server: given. Each connection is served by your [`handle`].
pub fn serve(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    kit::serve(listener, stop, handle)
}

// ANCHOR: task
/// Serves one connection: read a request with [`kit::read_request`]
/// (keep ONE buffer for the whole connection: pipelined requests arrive in
/// the same read), answer it with [`kit::answer`], and go on with the next,
/// until the client closes (`Ok(None)`) or [`is_last`] says this was the
/// last request; then [`kit::close_gently`].
pub fn handle(stream: TcpStream) -> io::Result<()> {
    todo!("loop: read a request, answer it, stop after the last")
}

/// Is `request` the last on its connection (RFC 9112 §9.3)?
///
/// - HTTP/1.1: yes if `Connection` lists `close` (a comma-separated list of
///   tokens, compared ignoring case: `Connection: Close` counts);
/// - HTTP/1.0: yes, unless `Connection` lists `keep-alive`.
pub fn is_last(request: &Request) -> bool {
    todo!("read the Connection field and the version")
}
// ANCHOR_END: task
