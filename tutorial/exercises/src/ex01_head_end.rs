//! Exercise 1 (chapter 1, TCP is a stream): where does the request head end?
//!
//! TCP delivers a stream of bytes, not messages: one `read` may return half a
//! head, or a head and the start of its body. A server keeps the bytes it has
//! read in a buffer and asks, after every read, "is the head all here?".

// ANCHOR: task
/// Where the head in `buf` ends: the index just after the first
/// `\r\n\r\n` (the blank line), or `None` when `buf` has no blank line yet
/// and more bytes must be read.
///
/// `head_end(b"GET / HTTP/1.1\r\n\r\nbody")` is `Some(18)`;
/// `head_end(b"GET / HTTP/1.1\r\n\r")` is `None`.
pub fn head_end(buf: &[u8]) -> Option<usize> {
    todo!("find the first \\r\\n\\r\\n in buf")
}
// ANCHOR_END: task
