//! Exercise 16 (chapter 11, server level): graceful shutdown.
//!
//! Ctrl-C should not cut off a client halfway through its answer. A
//! graceful server, told to stop, stops accepting, lets every request it is
//! answering finish, and only then returns.

use std::io;
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::kit;

// ANCHOR: task
/// Accepts connections until `stop` is set, serving each with [`handle`]
/// on a thread of its own. Once `stop` is set: accept no more, wait for
/// every connection thread still running (keep their `JoinHandle`s), and
/// return.
///
/// `listener.accept()` blocks, and nothing wakes it when `stop` changes:
/// make the listener non-blocking and poll it (sleep 10 ms when it says
/// `WouldBlock`), or find a better way. On some systems an accepted socket
/// inherits non-blocking: set it back with `set_nonblocking(false)`.
///
/// `kit::serve` does all this: write yours before you read it.
pub fn serve(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    todo!("accept until stop is set, then join every connection thread")
}
// ANCHOR_END: task

/// One connection: given. `GET /slow` takes 300 ms, long enough to be
/// caught by a shutdown.
pub fn handle(mut stream: TcpStream) -> io::Result<()> {
    let mut buf = Vec::new();
    if let Some(request) = kit::read_request(&mut stream, &mut buf)? {
        kit::answer(&mut stream, &request, true)?;
    }
    kit::close_gently(stream);
    Ok(())
}
