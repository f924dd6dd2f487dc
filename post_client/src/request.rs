//! The request, byte by byte: a head, then the body.
//!
//! A POST carries a body, and the head must say two things about it: what
//! it is (`Content-Type`) and where it ends (`Content-Length`, because the
//! connection stays open for the answer, so closing it cannot mark the end).
//!
//! ```text
//! POST /api HTTP/1.1\r\n
//! Host: 127.0.0.1:8080\r\n
//! User-Agent: post_client/0.1\r\n
//! Accept: */*\r\n
//! Content-Type: application/x-www-form-urlencoded\r\n
//! Content-Length: 16\r\n
//! \r\n
//! city=Z%C3%BCrich                 <- exactly 16 bytes, and no CRLF after them
//! ```
//!
//! curl's `-d` sends the same head. A body of unknown length could go
//! chunked instead (`Transfer-Encoding: chunked`, see `wire::chunked`), as
//! curl does when uploading from a pipe (`-T -`).

use raw_client::headers::UserHeader;
use wire::HttpUrl;

use crate::body::Body;

/// A body larger than this (1 MiB, curl's threshold) is sent with
/// `Expect: 100-continue`. `-H 'Expect:'` turns it off.
pub const EXPECT_THRESHOLD: usize = 1024 * 1024;

/// What this client calls itself in `User-Agent`.
pub const USER_AGENT: &str = "post_client/0.1";

/// The bytes of a `method` request for `url`, with `body` after the head.
/// `None` sends no body and no body headers: what a `303 See Other`
/// redirect turns a POST into.
///
/// `extra_headers` come from `-H`: one with the name of a default field
/// replaces it, one without a value (`Name:`) removes it, and the rest follow the
/// defaults (see [`raw_client::headers::merge_headers`]). They must already be
/// valid (as `-H` parsing makes sure). Replacing `Content-Length` is
/// allowed, as curl allows it: it is how to see what a server does with a
/// body that is shorter or longer than announced.
///
/// ```
/// use post_client::body::Body;
/// let url = wire::HttpUrl::parse("http://127.0.0.1:8080/api").unwrap();
/// let body = Body::form(&[("name".to_string(), "knsock".to_string())]);
/// let bytes = post_client::request_bytes("POST", &url, Some(&body), &[]);
/// assert!(bytes.ends_with(b"Content-Length: 11\r\n\r\nname=knsock"));
/// ```
// ANCHOR: request_bytes
pub fn request_bytes(
    method: &str,
    url: &HttpUrl,
    body: Option<&Body>,
    extra_headers: &[UserHeader],
) -> Vec<u8> {
    // Content-Length counts bytes, not characters (RFC 9110 §8.6), and
    // `len()` of a byte vector is a count of bytes. A urlencoded body is
    // ASCII (`ü` became the six bytes `%C3%BC`), so there the two agree; a
    // JSON body sent as raw UTF-8 is where counting characters would come
    // out short, by one for each `ü`, and the server would cut the body.
    let length = body.map(|b| b.bytes.len().to_string());
    let host = url.authority();
    let mut defaults = vec![
        ("Host", host.as_str()),
        ("User-Agent", USER_AGENT),
        ("Accept", body.map_or("*/*", |b| b.accept)),
    ];
    if let (Some(body), Some(length)) = (body, &length) {
        defaults.push(("Content-Type", body.content_type.as_str()));
        defaults.push(("Content-Length", length.as_str()));
        // A large body waits for the server's go-ahead, as curl's does: a
        // server that will refuse it says so before it is sent.
        if body.bytes.len() > EXPECT_THRESHOLD {
            defaults.push(("Expect", "100-continue"));
        }
    }
    let headers = raw_client::headers::merge_headers(&defaults, extra_headers);
    let mut request = wire::write::request_head(method, &url.target, &headers);
    // The body follows the empty line directly. Nothing marks its end but
    // the count in Content-Length: no CRLF after it.
    if let Some(body) = body {
        request.extend_from_slice(&body.bytes);
    }
    request
}
// ANCHOR_END: request_bytes
