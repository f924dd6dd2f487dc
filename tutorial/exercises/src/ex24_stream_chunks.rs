//! Exercise 24 (chapter 17, streams): a response whose length nobody knows.
//!
//! Lines produced one at a time, events pushed as they happen: the server
//! must send the head before it knows how long the body will be. HTTP/1.1
//! says so with `Transfer-Encoding: chunked` and sends each piece as a
//! chunk, then the last chunk:
//!
//! ```text
//! HTTP/1.1 200 OK\r\n
//! Content-Type: text/plain; charset=utf-8\r\n
//! Transfer-Encoding: chunked\r\n
//! \r\n
//! D\r\n                 13 bytes, in hex
//! line 1 of 2\n\r\n
//! D\r\n
//! line 2 of 2\n\r\n
//! 0\r\n                 the last chunk
//! \r\n
//! ```

// ANCHOR: task
/// The bytes of an HTTP/1.1 response with `status`, `reason`, a
/// `Content-Type: content_type` field and a body made of `pieces`, in
/// order, sent as they would be if each piece were produced one at a time:
///
/// - the head says `Transfer-Encoding: chunked`, and has no
///   `Content-Length` (nobody knows the length when the head leaves);
/// - each piece is one chunk: its length in hex, `\r\n`, the piece, `\r\n`;
/// - an empty piece is sent as nothing at all: a chunk of size 0 is the
///   last chunk, and would end the body early;
/// - after the pieces, the last chunk, `0\r\n\r\n`.
pub fn chunked_response(
    status: u16,
    reason: &str,
    content_type: &str,
    pieces: &[Vec<u8>],
) -> Vec<u8> {
    todo!("the head, then one chunk per non-empty piece, then the last chunk")
}
// ANCHOR_END: task
