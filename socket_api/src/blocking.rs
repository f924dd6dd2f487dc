//! Blocking socket I/O with deadlines: what the thread-per-connection
//! driver ([`connection`](crate::connection)) needs from `std::net` beyond
//! `read` and `write`.
//!
//! `std`'s sockets have a timeout per call, not a deadline; these turn the
//! machine's deadline into the timeout of each read, and close a connection
//! without losing the last response to a reset. Both work the same over
//! plain TCP and over TLS ([`Transport`]): the timeout is the socket's.

use std::io::{ErrorKind, Read};
use std::time::{Duration, Instant};

use crate::transport::Transport;

/// What one read gave.
pub(crate) enum Got {
    Bytes(Vec<u8>),
    /// The client closed (a read of 0 bytes), or the socket failed.
    Closed,
    TimedOut,
}

// ANCHOR: read_some
/// Reads whatever is available (at least one byte), waiting no later than `deadline`.
pub(crate) fn read_some(stream: &mut Transport, deadline: Instant) -> Got {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.tcp().set_read_timeout(Some(left)).is_err() {
            return Got::TimedOut;
        }
        let mut chunk = [0u8; 8 * 1024];
        return match stream.read(&mut chunk) {
            Ok(0) => Got::Closed,
            Ok(n) => Got::Bytes(chunk[..n].to_vec()),
            // A read timeout shows up as WouldBlock on Unix and TimedOut on Windows.
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                Got::TimedOut
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            // Over TLS also: a close without close_notify, or a bad record.
            Err(_) => Got::Closed,
        };
    }
}
// ANCHOR_END: read_some

// ANCHOR: linger_close
/// Closes after an error response without destroying it. If unread request
/// bytes are still arriving when a socket is closed, the kernel answers with
/// a reset, and the client may lose the response it has not read yet. So:
/// stop sending, read and discard for a moment, then close (what nginx calls
/// "lingering close"), bounded in time (2 s in all, like nginx's
/// `lingering_time`) and in bytes (1 MiB), so a trickling client cannot
/// hold the thread. Over TLS the discarded bytes are read off the socket as
/// they come, records undecrypted: nobody will read them.
pub(crate) fn linger_close(stream: &mut Transport) {
    stream.close_write();
    let mut socket = stream.tcp();
    let until = Instant::now() + Duration::from_secs(2);
    let mut sink = [0u8; 8 * 1024];
    let mut discarded = 0;
    while discarded < 1024 * 1024 {
        let left = until
            .saturating_duration_since(Instant::now())
            .min(Duration::from_millis(500));
        if left.is_zero() || socket.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match socket.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => discarded += n,
        }
    }
}
// ANCHOR_END: linger_close
