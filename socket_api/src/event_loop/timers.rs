//! The deadlines of every connection on the loop, soonest first.
//!
//! A thread per connection waits on its own deadline (a read timeout). One
//! thread serving thousands of connections instead keeps all their
//! deadlines in one heap and sleeps in `poll` until the soonest. A
//! deadline that moved (bytes arrived, a response went out) is not removed
//! from the heap, which cannot remove from its middle: each entry carries
//! the connection's *generation*, and an entry whose generation is no
//! longer the connection's is stale and skipped when it comes up. A
//! deadline that moved later keeps its entry: when it comes up early, the
//! connection finds nothing due and its real deadline goes in then
//! (`settle` in `poll_loop.rs`). tokio and nginx use a timer wheel or a
//! red-black tree instead, which can remove; a heap is the shortest
//! correct thing.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::{Duration, Instant};

use mio::Token;

// ANCHOR: timers
/// A heap of `(deadline, connection, generation)`.
#[derive(Debug, Default)]
pub(crate) struct Timers {
    heap: BinaryHeap<Reverse<(Instant, usize, u64)>>,
}

impl Timers {
    /// Wakes `token` at `deadline`, if `generation` is still its own then.
    pub(crate) fn schedule(&mut self, deadline: Instant, token: Token, generation: u64) {
        self.heap.push(Reverse((deadline, token.0, generation)));
    }

    /// How long `poll` may sleep: until the soonest deadline, at most `cap`.
    pub(crate) fn timeout(&self, now: Instant, cap: Duration) -> Duration {
        self.heap.peek().map_or(cap, |Reverse((deadline, ..))| {
            deadline.saturating_duration_since(now).min(cap)
        })
    }

    /// The next entry whose deadline is at or before `now`.
    pub(crate) fn pop_due(&mut self, now: Instant) -> Option<(Token, u64)> {
        match self.heap.peek() {
            Some(Reverse((deadline, ..))) if *deadline <= now => {
                let Reverse((_, token, generation)) = self.heap.pop()?;
                Some((Token(token), generation))
            }
            _ => None,
        }
    }
}
// ANCHOR_END: timers

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_entries_come_out_soonest_first() {
        let now = Instant::now();
        let mut timers = Timers::default();
        timers.schedule(now + Duration::from_secs(2), Token(2), 1);
        timers.schedule(now, Token(1), 7);
        timers.schedule(now + Duration::from_secs(9), Token(3), 1);
        assert_eq!(timers.timeout(now, Duration::from_secs(1)), Duration::ZERO);
        assert_eq!(timers.pop_due(now), Some((Token(1), 7)));
        assert_eq!(timers.pop_due(now), None, "the next is not due yet");
        let later = now + Duration::from_secs(3);
        assert_eq!(timers.pop_due(later), Some((Token(2), 1)));
        assert_eq!(
            timers.timeout(later, Duration::from_secs(60)),
            Duration::from_secs(6)
        );
    }
}
