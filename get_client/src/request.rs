//! The request, byte by byte.
//!
//! A GET request is only a head: the request line and a few header fields,
//! each line ending in CRLF, and an empty line. Every field this client
//! sends is in the list below, in the order it is sent:
//!
//! ```text
//! GET /api?name=knsock HTTP/1.1\r\n
//! Host: 127.0.0.1:8080\r\n
//! User-Agent: get_client/0.1\r\n
//! Accept: */*\r\n
//! \r\n
//! ```
//!
//! `Host` is the only field HTTP/1.1 requires (RFC 9112 §3.2): one address
//! can serve many sites, and this says which. curl sends the same three
//! fields; a browser sends a dozen more (Accept-Language, cookies, ...).

use raw_client::headers::UserHeader;
use wire::HttpUrl;

/// What this client calls itself in `User-Agent`.
pub const USER_AGENT: &str = "get_client/0.1";

/// The bytes of a request for `url` with `method`, and no body.
///
/// `extra_headers` come from `-H`: one with the name of a default field
/// replaces it, one without a value (`Name:`) removes it, and the rest follow the
/// defaults (see [`raw_client::headers::merge_headers`]). They must already be valid
/// (as `-H` parsing makes sure); nothing here checks them again.
///
/// ```
/// let url = wire::HttpUrl::parse("http://127.0.0.1:8080/api?name=knsock").unwrap();
/// let bytes = get_client::request_bytes("GET", &url, &[]);
/// assert_eq!(
///     bytes,
///     b"GET /api?name=knsock HTTP/1.1\r\n\
///       Host: 127.0.0.1:8080\r\n\
///       User-Agent: get_client/0.1\r\n\
///       Accept: */*\r\n\
///       \r\n"
/// );
/// ```
// ANCHOR: request_bytes
pub fn request_bytes(method: &str, url: &HttpUrl, extra_headers: &[UserHeader]) -> Vec<u8> {
    // The port is in Host only when it is not the scheme's default.
    let host = url.authority();
    let defaults = [
        ("Host", host.as_str()),
        ("User-Agent", USER_AGENT),
        // Any media type will do: the server picks.
        ("Accept", "*/*"),
    ];
    let headers = raw_client::headers::merge_headers(&defaults, extra_headers);
    // A GET has no body, so the head is the whole request. The fragment
    // (`#...`) was already dropped from the target: it is never sent.
    wire::write::request_head(method, &url.target, &headers)
}
// ANCHOR_END: request_bytes
