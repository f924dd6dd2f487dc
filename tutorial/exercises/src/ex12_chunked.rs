//! Exercise 12 (chapter 7, chunked transfer coding): decode a chunked body.
//!
//! ```text
//! 5\r\n            a chunk: its size in hex, maybe ";name=value" extensions
//! Hello\r\n        its data, then CRLF
//! 0\r\n            the last chunk
//! Expires: x\r\n   trailer fields, maybe none
//! \r\n             the end
//! ```

use crate::{BadChunk, Chunked};

// ANCHOR: task
/// Decodes the chunked body at the start of `buf` (RFC 9112 §7.1):
///
/// - a size line: hex digits (either case; at most 16 of them, so it fits
///   in a `u64`), then optional extensions starting with `;` that you skip,
///   then `\r\n`;
/// - that many bytes of data, then `\r\n` (anything else there: an error);
/// - a size of 0 ends the chunks; trailer lines follow, each a header line
///   (parse them as in ex03; you may call it), until an empty line.
///
/// `Ok(NeedMore)` when `buf` ends before the body does: "more bytes" is a
/// value, not an error. `Err` only for bytes that can never be valid.
/// `used` says where the body ended: bytes after it belong to the next
/// request.
pub fn decode_chunked(buf: &[u8]) -> Result<Chunked, BadChunk> {
    todo!("read size lines and data until the last chunk, then trailers")
}
// ANCHOR_END: task
