//! `GET /echo/{text}`: a path parameter, decoded, sent back as text.
//!
//! The router hands the parameter over as it was sent, still
//! percent-encoded; decoding it is the handler's job, and this one does it
//! by hand: `%C3%A9` is the two bytes of `é` in UTF-8. So
//! `/echo/h%C3%A9llo%20there` answers `héllo there`. `%2F` becomes `/`
//! only after the route has matched, so `/echo/a%2Fb` answers `a/b` while
//! `/echo/a/b` is no route at all (404). A `+` stays a `+`: `+` for a
//! space is a rule of forms and queries, not of paths.
//!
//! axum's `Path` extractor decodes the same way (the `percent-encoding`
//! crate), so the two servers answer alike, including for a stray `%`,
//! which both keep as it is.

use wire::StatusCode;

use crate::{Request, Response};

// ANCHOR: echo_text
/// The decoded text, exactly, as `text/plain; charset=utf-8` (no newline
/// added, so what comes back is what went in).
pub fn echo_text(request: &Request) -> Response {
    let sent = request.param("text").unwrap_or_default();
    match String::from_utf8(percent_decode(sent)) {
        Ok(text) => Response::text(StatusCode::OK, text),
        Err(_) => Response::error(
            StatusCode::BAD_REQUEST,
            "/echo/{text} needs text that is UTF-8 once decoded",
        ),
    }
}
// ANCHOR_END: echo_text

// ANCHOR: percent_decode
/// `%XX` to the byte 0xXX (RFC 3986 §2.1). A `%` not followed by two hex
/// digits is kept as it is, as browsers and the `percent-encoding` crate
/// do: leniency that costs nothing here, since the result is only text.
pub fn percent_decode(sent: &str) -> Vec<u8> {
    let bytes = sent.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| {
            let h = std::str::from_utf8(h).ok()?;
            // `from_str_radix` would take "+1"; only two hex digits will do.
            h.bytes().all(|b| b.is_ascii_hexdigit()).then_some(h)
        });
        match hex {
            Some(h) if bytes[i] == b'%' => {
                // Two hex digits always make a byte.
                out.push(u8::from_str_radix(h, 16).unwrap_or_default());
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}
// ANCHOR_END: percent_decode

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_table() {
        for (sent, decoded) in [
            ("hello", &b"hello"[..]),
            ("h%C3%A9llo%20there", "héllo there".as_bytes()),
            ("a%2Fb", b"a/b"),
            ("a+b", b"a+b"),
            ("100%", b"100%"),
            ("%zz%4", b"%zz%4"),
            ("%2b%2B", b"++"),
            ("%FF", b"\xff"),
            ("%+1", b"%+1"),
        ] {
            assert_eq!(percent_decode(sent), decoded, "{sent}");
        }
    }
}
