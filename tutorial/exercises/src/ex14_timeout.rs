//! Exercise 14 (chapter 9, server level): `408` for a head that stalls.
//!
//! A client that opens a connection and sends nothing, or one byte a
//! second, holds a thread forever unless the server puts a time limit on
//! the head. The limit is on the WHOLE head, not on each `read`: a client
//! sending a byte just before each read timeout would never be cut off
//! (the Slowloris attack).

use std::io::{self, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use crate::HeadRead;
use crate::kit;

/// How long a head may take. Short, so the check is quick; socket_api's
/// default is 10 s, hyper's 30 s.
pub const HEAD_TIMEOUT: Duration = Duration::from_millis(500);

/// The server: given.
pub fn serve(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    kit::serve(listener, stop, handle)
}

fn handle(mut stream: TcpStream) -> io::Result<()> {
    let mut buf = Vec::new();
    let deadline = Instant::now() + HEAD_TIMEOUT;
    match read_head_until(&mut stream, &mut buf, deadline)? {
        HeadRead::Complete(head) => {
            let request = match wire::head::parse_request_head(&head, wire::HeadLimits::default()) {
                Ok(wire::Parsed::Complete { head, .. }) => kit::Request {
                    head,
                    body: Vec::new(),
                },
                _ => {
                    stream.write_all(&kit::response(400, "Bad Request", b"bad head\n", true))?;
                    return Ok(());
                }
            };
            kit::answer(&mut stream, &request, true)?;
        }
        HeadRead::TimedOut => {
            let body = b"408 Request Timeout: the head took too long\n";
            stream.write_all(&kit::response(408, "Request Timeout", body, true))?;
        }
        HeadRead::Closed => return Ok(()),
    }
    kit::close_gently(stream);
    Ok(())
}

// ANCHOR: task
/// Reads into `buf` until it holds a whole head (up to and including the
/// first `\r\n\r\n`), and returns it as `Complete`; `Closed` if the client
/// closed before sending anything; `TimedOut` once `deadline` has passed.
///
/// Before each `read`, set the socket's read timeout to the time LEFT
/// until the deadline (`stream.set_read_timeout`); a read that times out
/// fails with `WouldBlock` or `TimedOut` (it depends on the system).
pub fn read_head_until(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    deadline: Instant,
) -> io::Result<HeadRead> {
    todo!("read with a shrinking timeout until \\r\\n\\r\\n, or the deadline")
}
// ANCHOR_END: task
