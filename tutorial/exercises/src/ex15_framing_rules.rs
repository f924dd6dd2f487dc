//! Exercise 15 (chapter 10, request smuggling): refuse ambiguous framing.
//!
//! If a proxy and the server behind it disagree on where a body ends, the
//! rest of the body is read by the server as a second request that the
//! proxy never saw: a smuggled request. The cure is to refuse, with `400`,
//! every request that two parsers could read two ways.

use crate::{FramingError, Header};

// ANCHOR: task
/// `Ok(())` when the framing fields of a request are unambiguous, else the
/// first rule broken, checked in this order (names ignoring case):
///
/// 1. both `Content-Length` and `Transfer-Encoding` present (whatever
///    their values): `ContentLengthAndTransferEncoding` (RFC 9112 §6.1);
/// 2. a `Content-Length` value (over every such field, and every item of a
///    comma-separated list) that is not only ASCII digits, after trimming
///    spaces and tabs, or does not fit a `u64`: `BadContentLength`;
/// 3. two `Content-Length` values that differ: `ConflictingContentLengths`
///    (the same number twice is allowed, RFC 9110 §8.6);
/// 4. `Transfer-Encoding` codings (every such field, comma-separated,
///    ignoring case and empty items) whose last is not `chunked`, or that
///    list `chunked` twice: `ChunkedNotLast`.
pub fn check_framing(headers: &[Header]) -> Result<(), FramingError> {
    todo!("apply the four rules in order")
}
// ANCHOR_END: task
