//! `GET /stream?n=N&delay_ms=D`: a body written a line at a time, as each
//! line is made.
//!
//! `line 1 of N\n` at once, then after D milliseconds `line 2 of N\n`, and
//! so on: each line is a piece of a [`Response::stream`], written to the
//! socket as soon as it is made. The length is not known in advance, so
//! the connection's machine chooses the framing from the request's version
//! ([`wire::server::ServerConnection::send_head`]):
//!
//! - HTTP/1.1 gets `Transfer-Encoding: chunked`, one chunk per line, and
//!   the first chunk leaves before the last line exists;
//! - HTTP/1.0 knows no chunks: it gets the lines as they come, no length,
//!   and the connection closes at the end ("close-delimited", RFC 9112 §6.3).
//!
//! Bounds, as `framework_api`'s: `n` from 1 to 100 (default 5), `delay_ms`
//! from 0 to 5000 (default 500). At shutdown the stream ends after the
//! current line, cleanly ([`crate::pause`]).

use std::iter;
use std::ops::RangeInclusive;
use std::time::Duration;

use wire::StatusCode;

use crate::pause::pause;
use crate::query::bounded;
use crate::response::TEXT_PLAIN;
use crate::{Request, Response};

/// `n`: how many lines.
pub const LINES: RangeInclusive<u64> = 1..=100;
/// `delay_ms`: the pause before each line after the first.
pub const DELAY_MS: RangeInclusive<u64> = 0..=5000;

// ANCHOR: stream
/// The handler.
pub fn stream(request: &Request) -> Response {
    let query = wire::form::decode(request.query().as_bytes());
    let n = match bounded(&query, "n", 5, LINES) {
        Ok(n) => n,
        Err(refused) => return refused,
    };
    let delay = match bounded(&query, "delay_ms", 500, DELAY_MS) {
        Ok(ms) => Duration::from_millis(ms),
        Err(refused) => return refused,
    };
    // Nothing runs yet: each line is made when the driver asks for the
    // next piece, after the one before it has been written.
    let lines = (1..=n).flat_map(move |i| {
        let wait = if i == 1 { Duration::ZERO } else { delay };
        let line = format!("line {i} of {n}\n").into_bytes();
        pause(wait).chain(iter::once(Ok(line)))
    });
    Response::stream(StatusCode::OK, TEXT_PLAIN, None, lines)
}
// ANCHOR_END: stream
