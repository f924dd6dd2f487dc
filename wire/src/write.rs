//! The bytes of a message head, written out.
//!
//! A head is plain text: a start line, one `Name: value` line per field, and
//! an empty line, every line ending in CRLF (`\r\n`). These functions are
//! short on purpose: what goes on the wire is right here to read.
//!
//! A value that contained CR or LF would end its line early and start a field
//! (or a whole message) the caller never meant to send: "response
//! splitting". The callers here only pass values they made themselves or
//! checked; [`is_valid_field_value`] is the check.

use std::io::Write;

use crate::StatusCode;

// ANCHOR: request_head
/// `METHOD target HTTP/1.1`, the fields, and the empty line.
pub fn request_head(method: &str, target: &str, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec<u8> cannot fail, so the io::Result is ignored.
    let _ = write!(out, "{method} {target} HTTP/1.1\r\n");
    for (name, value) in headers {
        field_line(&mut out, name, value);
    }
    out.extend_from_slice(b"\r\n");
    out
}
// ANCHOR_END: request_head

// ANCHOR: response_head
/// `HTTP/1.1 200 OK`, the fields, and the empty line.
pub fn response_head(status: StatusCode, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = write!(out, "HTTP/1.1 {} {}\r\n", status.as_u16(), status.reason());
    for (name, value) in headers {
        field_line(&mut out, name, value);
    }
    out.extend_from_slice(b"\r\n");
    out
}
// ANCHOR_END: response_head

/// One field line: `Name: value`, or `Name:` when the value is empty. The
/// space after the colon is optional whitespace (RFC 9112 §5.1), there
/// only to be read; with nothing after it, it is left out, as curl leaves
/// it out for `-H 'Name;'`.
fn field_line(out: &mut Vec<u8>, name: &str, value: &str) {
    let _ = if value.is_empty() {
        write!(out, "{name}:\r\n")
    } else {
        write!(out, "{name}: {value}\r\n")
    };
}

/// May `value` be sent as a field value? No CR, LF or NUL (RFC 9110 §5.5).
pub fn is_valid_field_value(value: &str) -> bool {
    !value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0)
}

/// Is `name` a valid field name: one or more token characters (RFC 9110 §5.1)?
pub fn is_valid_field_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_request_head() {
        let bytes = request_head(
            "GET",
            "/api?x=1",
            &[("Host", "127.0.0.1:8080"), ("Accept", "*/*")],
        );
        assert_eq!(
            bytes,
            b"GET /api?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n\r\n"
        );
    }

    #[test]
    fn writes_a_response_head() {
        let bytes = response_head(StatusCode::NOT_FOUND, &[("Content-Length", "0")]);
        assert_eq!(
            bytes,
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        );
    }

    #[test]
    fn field_checks() {
        assert!(is_valid_field_value("text/plain; charset=utf-8"));
        assert!(!is_valid_field_value("a\r\nSet-Cookie: x=1"));
        assert!(is_valid_field_name("X-Forwarded-For"));
        assert!(!is_valid_field_name("Bad Name"));
        assert!(!is_valid_field_name(""));
    }
}
