//! Exercise 2 (chapter 2, the request head): parse the request line.
//!
//! The first line of every request says what is asked: `GET /hello HTTP/1.1`.
//! The checker compares your parser with httparse (the parser under hyper)
//! on random lines, valid and not.

use crate::RequestLine;

// ANCHOR: task
/// Parses `line` (the first line of a head, without its `\r\n`), or `None`
/// if it is not a valid request line. Valid means exactly (RFC 9112 §3):
///
/// - a method: one or more token characters (letters, digits, and
///   ``!#$%&'*+-.^_`|~``), case-sensitive: `get` is a method, not `GET`;
/// - one space;
/// - a target: one or more visible ASCII bytes (`!` to `~`, no space);
/// - one space;
/// - `HTTP/1.0` or `HTTP/1.1`, exactly, and nothing after it.
pub fn parse_request_line(line: &[u8]) -> Option<RequestLine> {
    todo!("split the line at its two spaces and check each part")
}
// ANCHOR_END: task
