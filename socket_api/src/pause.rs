//! A pause inside a streamed body that a shutdown can cut short.
//!
//! `/stream` and `/events` wait between their pieces, up to seconds at a
//! time. The driver checks for a shutdown between pieces ([`crate::reply`]),
//! so a handler that slept five seconds in one go would hold a shutdown up
//! for five seconds. Instead, a pause is a run of empty pieces, one every
//! [`TICK`] at most: an empty piece puts no byte on the wire (an empty
//! chunk is not written, since a zero-size chunk would end the body), but it
//! hands control back to the driver, which ends the stream cleanly if the
//! server is stopping. An async server (`framework_api`) gets the same with
//! `tokio::select!` between the timer and a cancellation token.

use std::io;
use std::thread;
use std::time::{Duration, Instant};

/// The longest sleep between two looks at the shutdown signal.
pub const TICK: Duration = Duration::from_millis(50);

// ANCHOR: pause
/// Empty pieces for `delay`, one after each sleep of at most [`TICK`]. The
/// clock starts at the first piece asked for, not when this is made.
pub fn pause(delay: Duration) -> impl Iterator<Item = io::Result<Vec<u8>>> + Send + 'static {
    let mut end: Option<Instant> = None;
    std::iter::from_fn(move || {
        let end = *end.get_or_insert_with(|| Instant::now() + delay);
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return None;
        }
        thread::sleep(left.min(TICK));
        Some(Ok(Vec::new()))
    })
}
// ANCHOR_END: pause

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pause_is_empty_pieces_for_about_that_long() {
        assert_eq!(pause(Duration::ZERO).count(), 0);
        let started = Instant::now();
        let pieces: Vec<_> = pause(Duration::from_millis(120)).collect();
        assert!(started.elapsed() >= Duration::from_millis(120));
        assert!(pieces.len() >= 3, "{} pieces", pieces.len());
        assert!(pieces.iter().all(|p| p.as_ref().is_ok_and(Vec::is_empty)));
    }
}
