//! `GET /events?count=N&interval_ms=M`: Server-Sent Events.
//!
//! An event stream (`text/event-stream`) is one long response, one event
//! after another, each a few `field: value` lines and a blank line, written
//! by [`wire::sse::event`]:
//!
//! ```text
//! id: 2
//! event: tick
//! data: event 2 of 3
//!
//! ```
//!
//! A browser's `EventSource` reads them as they arrive. If the connection
//! drops, it connects again by itself and sends `Last-Event-ID: 2`, the
//! last `id` it saw; we then start at event 3, so nothing is seen twice.
//! A `Last-Event-ID` that is not a number is ignored (we start at 1); one
//! at or past `count` gets an empty stream (200, no events).
//!
//! `Cache-Control: no-cache` keeps caches from storing the stream, as
//! axum's `Sse` says too. Bounds, as `framework_api`'s: `count` from 1 to
//! 100 (default 5), `interval_ms` from 0 to 10000 (default 1000). Each
//! connection has its own thread, so a slow or vanished reader holds up
//! only itself: its writes wait, then fail after the write timeout, and
//! its thread ends. At shutdown the stream ends after the event in
//! progress ([`crate::pause`]).

use std::io;
use std::iter;
use std::ops::RangeInclusive;
use std::time::Duration;

use wire::StatusCode;

use crate::pause::pause;
use crate::query::bounded;
use crate::{Request, Response};

/// `count`: how many events.
pub const COUNT: RangeInclusive<u64> = 1..=100;
/// `interval_ms`: the pause before each event after the first.
pub const INTERVAL_MS: RangeInclusive<u64> = 0..=10_000;

// ANCHOR: events
/// The handler.
pub fn events(request: &Request) -> Response {
    let query = wire::form::decode(request.query().as_bytes());
    let count = match bounded(&query, "count", 5, COUNT) {
        Ok(count) => count,
        Err(refused) => return refused,
    };
    let interval = match bounded(&query, "interval_ms", 1000, INTERVAL_MS) {
        Ok(ms) => Duration::from_millis(ms),
        Err(refused) => return refused,
    };
    // The last event the client saw, if it says so.
    let last_seen = wire::sse::last_event_id(&request.head.headers)
        .and_then(|id| id.trim().parse::<u64>().ok())
        .unwrap_or(0);
    let first = last_seen.saturating_add(1);
    let events = (first..=count).flat_map(move |id| {
        let wait = if id == first {
            Duration::ZERO
        } else {
            interval
        };
        let data = format!("event {id} of {count}");
        // A number and plain words: no line break for `event` to refuse.
        let event = wire::sse::event(Some(&id.to_string()), Some("tick"), &data)
            .map(String::into_bytes)
            .map_err(io::Error::other);
        pause(wait).chain(iter::once(event))
    });
    Response::stream(StatusCode::OK, wire::sse::CONTENT_TYPE, None, events)
        .with_header("Cache-Control", "no-cache")
}
// ANCHOR_END: events
