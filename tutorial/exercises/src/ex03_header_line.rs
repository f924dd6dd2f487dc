//! Exercise 3 (chapter 2, the request head): parse a header line.

use crate::Header;

// ANCHOR: task
/// Parses one header line (without its `\r\n`), or `None` if it is not a
/// valid field line (RFC 9112 §5):
///
/// - the name: one or more token characters (as for a method), kept in the
///   case it was sent (`content-TYPE` stays so: comparing names ignoring
///   case is the reader's job);
/// - a colon right after the name: `Host : x` is refused, because a space
///   there has been used to smuggle requests past proxies;
/// - the value: the rest, with spaces and tabs trimmed from both ends; it
///   may hold visible ASCII, spaces and tabs, nothing else (a production
///   parser also lets bytes over 0x7F through, as opaque bytes).
pub fn parse_header_line(line: &[u8]) -> Option<Header> {
    todo!("split at the first colon, check the name, trim the value")
}
// ANCHOR_END: task
