//! `GET /events?count=N&interval_ms=M`: Server-Sent Events with axum's `Sse`.
//!
//! An event stream (the HTML standard's `text/event-stream`) is one long
//! response, one event after another, each a few `field: value` lines and
//! a blank line:
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
//! axum's `Sse` writes the fields (in the order we call `id`, `event`,
//! `data`), sets `Content-Type: text/event-stream` and `Cache-Control:
//! no-cache`. tower-http's compression leaves `text/event-stream` alone:
//! a compressor would hold events back to fill its buffer.
//!
//! Bounds: `count` from 1 to 100 (default 5), `interval_ms` from 0 to
//! 10000 (default 1000). Each connection is its own task, so a slow or
//! vanished reader holds up only itself (hyper stops polling our stream
//! when the socket does not take more, and drops it when the socket
//! closes). On shutdown the stream ends after the event in progress.

use crate::{
    bounded::{bounded, param},
    config::Config,
};
use axum::{
    extract::{Query, State},
    http::HeaderMap,
    response::{
        IntoResponse, Response,
        sse::{Event, Sse},
    },
};
use futures_util::StreamExt as _;
use std::{convert::Infallible, sync::Arc, time::Duration};

/// `count`: how many events.
pub const COUNT: std::ops::RangeInclusive<u64> = 1..=100;
/// `interval_ms`: the pause before each event after the first.
pub const INTERVAL_MS: std::ops::RangeInclusive<u64> = 0..=10_000;

// ANCHOR: events
/// The handler.
pub async fn events(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let count = match bounded("count", param(&query, "count"), 5, COUNT) {
        Ok(count) => count,
        Err(refused) => return refused.into_response(),
    };
    let interval = match bounded(
        "interval_ms",
        param(&query, "interval_ms"),
        1000,
        INTERVAL_MS,
    ) {
        Ok(ms) => Duration::from_millis(ms),
        Err(refused) => return refused.into_response(),
    };
    // The last event the client saw, if it says so.
    let last_seen = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        .unwrap_or(0);
    let first = last_seen.saturating_add(1);
    let shutdown = config.shutdown.clone();

    let events = futures_util::stream::unfold(first, move |id| {
        let shutdown = shutdown.clone();
        async move {
            if id > count {
                return None;
            }
            if id > first {
                tokio::select! {
                    () = tokio::time::sleep(interval) => {}
                    () = shutdown.cancelled() => return None,
                }
            }
            let event = Event::default()
                .id(id.to_string())
                .event("tick")
                .data(format!("event {id} of {count}"));
            Some((Ok::<_, Infallible>(event), id + 1))
        }
    })
    // Ended stays ended, however often it is polled (see `crate::stream`).
    .fuse();
    Sse::new(events).into_response()
}
// ANCHOR_END: events
