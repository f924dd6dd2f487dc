//! The open connections: how many (for the cap), which are idle (to close
//! them at shutdown), and a way to wait until none are left.
//!
//! Each connection holds a `Slot`. Dropping the slot frees it, so a
//! connection that ends in any way (returns, panics, or never gets its
//! thread) gives back its place under the cap and the second handle to its
//! socket: nobody has to remember to.

use std::collections::HashMap;
use std::net::{Shutdown as Both, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Why a connection is not served.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// `--max-connections` are open already.
    Cap,
    /// The system would not give a second handle to the socket.
    NoHandle(std::io::Error),
    /// The server is shutting down (a connection accepted in the instant
    /// the shutdown began).
    Closing,
}

#[derive(Debug, Default)]
pub(crate) struct Tracker {
    state: Mutex<TrackerState>,
    emptied: Condvar,
}

#[derive(Debug, Default)]
struct TrackerState {
    next_id: u64,
    closing: bool,
    /// Each connection's stream (a second handle to the same socket) and
    /// whether a request is in flight on it.
    open: HashMap<u64, (TcpStream, bool)>,
}

/// One connection's place in the [`Tracker`], given back when dropped.
#[derive(Debug)]
pub(crate) struct Slot {
    tracker: Arc<Tracker>,
    id: u64,
}

impl Tracker {
    fn lock(&self) -> MutexGuard<'_, TrackerState> {
        // A thread that panicked while holding the lock left consistent
        // state behind (every change is one map operation): carry on.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    // ANCHOR: add
    /// Registers a connection, or says why it cannot be served: `cap` are
    /// already open, or no second handle to its socket could be made (out
    /// of file descriptors: each connection takes two, see `server.rs`).
    pub(crate) fn add(self: &Arc<Self>, stream: &TcpStream, cap: usize) -> Result<Slot, Refusal> {
        let mut state = self.lock();
        if state.closing {
            return Err(Refusal::Closing);
        }
        if state.open.len() >= cap {
            return Err(Refusal::Cap);
        }
        let handle = stream.try_clone().map_err(Refusal::NoHandle)?;
        state.next_id += 1;
        let id = state.next_id;
        state.open.insert(id, (handle, false));
        Ok(Slot {
            tracker: Arc::clone(self),
            id,
        })
    }
    // ANCHOR_END: add

    // ANCHOR: close_idle
    /// Closes every idle connection; busy ones close after their response.
    pub(crate) fn close_idle(&self) {
        let mut state = self.lock();
        state.closing = true;
        for (stream, busy) in state.open.values() {
            if !busy {
                // Wakes the connection's thread from its blocking read.
                let _ = stream.shutdown(Both::Both);
            }
        }
    }
    // ANCHOR_END: close_idle

    /// Waits until every connection has ended, for at most `limit`.
    /// Returns whether they all did.
    pub(crate) fn wait_until_empty(&self, limit: Duration) -> bool {
        let until = Instant::now() + limit;
        let mut state = self.lock();
        while !state.open.is_empty() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = self
                .emptied
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }

    /// Closes every connection, busy or not: the end of the grace period.
    pub(crate) fn close_all(&self) {
        let state = self.lock();
        for (stream, _) in state.open.values() {
            let _ = stream.shutdown(Both::Both);
        }
    }
}

impl Slot {
    /// Marks a request in flight (`true`) or finished (`false`). A connection
    /// that goes idle while the server is closing is closed at once.
    pub(crate) fn set_busy(&self, busy: bool) {
        let mut state = self.tracker.lock();
        let closing = state.closing;
        if let Some((stream, flag)) = state.open.get_mut(&self.id) {
            *flag = busy;
            if closing && !busy {
                let _ = stream.shutdown(Both::Both);
            }
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut state = self.tracker.lock();
        state.open.remove(&self.id);
        if state.open.is_empty() {
            self.tracker.emptied.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn a_panicking_connection_gives_its_slot_back() -> std::io::Result<()> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let stream = TcpStream::connect(listener.local_addr()?)?;
        let tracker = Arc::new(Tracker::default());
        let slot = tracker
            .add(&stream, 1)
            .map_err(|e| std::io::Error::other(format!("{e:?}")))?;
        // Full: a second connection is refused.
        assert!(matches!(tracker.add(&stream, 1), Err(Refusal::Cap)));
        let thread = std::thread::spawn(move || {
            let _slot = slot;
            panic!("a handler bug");
        });
        assert!(thread.join().is_err());
        assert!(tracker.wait_until_empty(Duration::from_secs(1)));
        assert!(tracker.add(&stream, 1).is_ok());
        Ok(())
    }
}
