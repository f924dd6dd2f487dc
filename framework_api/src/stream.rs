//! `GET /stream?n=N&delay_ms=D`: a body written a line at a time, as each
//! line is made.
//!
//! The handler returns a `Body` made from a `Stream` (`Body::from_stream`):
//! a value that yields `line 1 of N\n`, then after D milliseconds
//! `line 2 of N\n`, and so on. hyper writes each piece as soon as the
//! stream yields it. It does not know the length in advance, so:
//!
//! - to an HTTP/1.1 client it sends `Transfer-Encoding: chunked`, one chunk
//!   per line, and the first chunk leaves before the last line exists;
//! - to an HTTP/1.0 client, which knows no chunked coding, it sends the
//!   lines as they come with no length and closes the connection at the
//!   end ("close-delimited", RFC 9112 §6.3). We wrote neither: hyper
//!   chooses from the request's version, where `socket_api` has code for it.
//!
//! Bounds: `n` from 1 to 100 (default 5), `delay_ms` from 0 to 5000
//! (default 500), so one response lasts at most 99 × 5 s. When the server
//! shuts down, the stream stops early and the response ends cleanly.

use crate::{
    bounded::{bounded, param},
    config::Config,
};
use axum::{
    body::{Body, Bytes},
    extract::{Query, State},
    http::header::CONTENT_TYPE,
    response::{IntoResponse, Response},
};
use futures_util::StreamExt as _;
use std::{convert::Infallible, sync::Arc, time::Duration};

/// `n`: how many lines.
pub const LINES: std::ops::RangeInclusive<u64> = 1..=100;
/// `delay_ms`: the pause before each line after the first.
pub const DELAY_MS: std::ops::RangeInclusive<u64> = 0..=5000;

// ANCHOR: stream
/// The handler.
pub async fn stream(
    State(config): State<Arc<Config>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let n = match bounded("n", param(&query, "n"), 5, LINES) {
        Ok(n) => n,
        Err(refused) => return refused.into_response(),
    };
    let delay = match bounded("delay_ms", param(&query, "delay_ms"), 500, DELAY_MS) {
        Ok(ms) => Duration::from_millis(ms),
        Err(refused) => return refused.into_response(),
    };
    let shutdown = config.shutdown.clone();

    // `unfold` turns a state (the next line's number) and an async step
    // into a stream: each step waits, then yields one line and the next
    // state, until it returns `None`.
    let lines = futures_util::stream::unfold(1u64, move |i| {
        let shutdown = shutdown.clone();
        async move {
            if i > n {
                return None;
            }
            if i > 1 {
                tokio::select! {
                    () = tokio::time::sleep(delay) => {}
                    // Shutting down: end the body here, cleanly.
                    () = shutdown.cancelled() => return None,
                }
            }
            let line = Bytes::from(format!("line {i} of {n}\n"));
            Some((Ok::<_, Infallible>(line), i + 1))
        }
    })
    // An `unfold` panics if polled again after its end, and tower-http's
    // gzip body does poll again; `fuse` makes "ended" a state it stays in.
    .fuse();
    (
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        Body::from_stream(lines),
    )
        .into_response()
}
// ANCHOR_END: stream
