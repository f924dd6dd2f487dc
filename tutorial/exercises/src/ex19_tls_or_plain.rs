//! Exercise 19 (chapter 13, HTTPS): TLS or plain HTTP?
//!
//! A client that speaks `https://` to a plain HTTP port sends a TLS
//! ClientHello, which the server reads as garbage; the other way round, a
//! TLS server reads `GET / HTTP/1.1`. Both are easy to recognise from the
//! first bytes, which is how a server can answer "you spoke TLS to a plain
//! port" instead of `400`.

use crate::FirstBytes;

// ANCHOR: task
/// What the first bytes of a connection are:
///
/// - `Tls`: a TLS record header for a handshake: `0x16`, then `0x03`, then
///   a byte from `0x00` to `0x04` (the version, SSL 3.0 to TLS 1.3);
/// - `PlainHttp`: one or more token characters (a method), then a space;
/// - `NeedMore`: the bytes so far could still become either (`""`, `"GE"`,
///   `[0x16]`, `[0x16, 0x03]`);
/// - `Neither`: anything else.
pub fn sniff(first: &[u8]) -> FirstBytes {
    todo!("look at the first byte, then the next two, or the run of token characters")
}
// ANCHOR_END: task
