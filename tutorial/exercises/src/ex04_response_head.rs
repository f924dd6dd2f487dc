//! Exercise 4 (chapter 3, the response and Content-Length): write a response.

// ANCHOR: task
/// The bytes of a whole response:
///
/// ```text
/// HTTP/1.1 {status} {reason}\r\n
/// {name}: {value}\r\n              one line per entry of `headers`, in order
/// Content-Length: {length}\r\n     the body's length in BYTES
/// \r\n
/// {body}
/// ```
///
/// Careful: `Content-Length` counts bytes, and `"grüß"` is 6 bytes but
/// 4 characters.
pub fn response_bytes(status: u16, reason: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    todo!("write the status line, the fields, Content-Length, a blank line, the body")
}
// ANCHOR_END: task
