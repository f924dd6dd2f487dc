//! Exercise 10 (chapter 6, where a body ends): from the fields, the framing.
//!
//! A server must know where a request's body ends before it reads it, or it
//! waits forever for bytes that never come. The head says it, one of two
//! ways (RFC 9112 §6.3).

use crate::{BodyLength, FramingError, Header};

// ANCHOR: task
/// Where the body of a request with these header fields ends. Names are
/// compared ignoring ASCII case (`content-length` is `Content-Length`).
///
/// - `Transfer-Encoding` present: its codings are a comma-separated list
///   (`gzip, chunked`), compared ignoring case; if the last is `chunked`,
///   `Chunked`, otherwise `Err(ChunkedNotLast)`;
/// - else `Content-Length: n`: `Length(n)`, where `n` is only ASCII digits
///   (`+5`, `-1`, `0x10`, `5.0`, an empty value: `Err(BadContentLength)`;
///   so is a number too big for a `u64`);
/// - else `Empty`: a request without either has no body.
///
/// The checker sends at most one of the two fields here; ex15 deals with
/// requests that send both, or one twice.
pub fn body_length(headers: &[Header]) -> Result<BodyLength, FramingError> {
    todo!("look for Transfer-Encoding, then Content-Length")
}
// ANCHOR_END: task
