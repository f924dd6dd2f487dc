//! Where a message body ends (RFC 9112 §6).
//!
//! HTTP/1.1 sends messages one after another on one connection, so each side
//! must know exactly where a body stops and the next message starts. There
//! are only three ways to say it:
//!
//! 1. `Content-Length: 42`: the next 42 bytes;
//! 2. `Transfer-Encoding: chunked`: pieces, each with its size in front, and a
//!    zero-size piece at the end (see [`crate::chunked`]);
//! 3. for a response only, neither: the body is everything until the server
//!    closes the connection.
//!
//! If two programs on the path disagree about which rule applies, an attacker
//! can hide a second request inside the first one's body ("request
//! smuggling"). So the rules for requests are strict: a request that could be
//! read two ways is refused, never guessed at.

use crate::{Error, Headers, RequestHead, ResponseHead, Version};

/// How a body is framed, decided from the head alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// No body at all.
    Empty,
    /// Exactly this many bytes.
    Length(u64),
    /// The chunked transfer coding.
    Chunked,
    /// Everything until the connection closes (responses only).
    CloseDelimited,
}

// ANCHOR: request_body_kind
/// How a request's body is framed (RFC 9112 §6.1, §6.3).
///
/// A request with neither field has no body: unlike a response, a request
/// can never be close-delimited, because the client needs the connection
/// open to hear the answer.
pub fn request_body_kind(head: &RequestHead) -> Result<BodyKind, Error> {
    // The field's presence decides, not what it lists: `Transfer-Encoding:`
    // with an empty value beside a Content-Length is a smuggling attempt
    // too, and hyper refuses it as well.
    if head.headers.get("Transfer-Encoding").is_none() {
        return Ok(match content_length(&head.headers)? {
            None | Some(0) => BodyKind::Empty,
            Some(n) => BodyKind::Length(n),
        });
    }
    if head.version == Version::Http10 {
        // HTTP/1.0 has no transfer codings; a 1.0 message that claims one was
        // most likely forged to confuse a proxy (RFC 9112 §6.1).
        return Err(Error::TransferEncodingInHttp10);
    }
    if head.headers.get("Content-Length").is_some() {
        // Two framings at once: the textbook smuggling request (RFC 9112 §6.1).
        return Err(Error::ContentLengthWithTransferEncoding);
    }
    chunked_last(&transfer_codings(&head.headers))?;
    Ok(BodyKind::Chunked)
}
// ANCHOR_END: request_body_kind

/// How a response's body is framed (RFC 9112 §6.3), which depends on the
/// request it answers: a response to `HEAD` never has a body, whatever its
/// `Content-Length` says.
pub fn response_body_kind(request_method: &str, head: &ResponseHead) -> Result<BodyKind, Error> {
    if request_method.eq_ignore_ascii_case("HEAD")
        || (100..200).contains(&head.status)
        || head.status == 204
        || head.status == 304
    {
        return Ok(BodyKind::Empty);
    }
    let codings = transfer_codings(&head.headers);
    if !codings.is_empty() && head.version == Version::Http11 {
        // A response with Transfer-Encoding ignores Content-Length. If
        // chunked is the final coding the body is chunked (any coding before
        // it, such as gzip, is the body's business, as curl treats it);
        // otherwise the body runs until close.
        return Ok(match codings.last().map(String::as_str) {
            Some("chunked") => BodyKind::Chunked,
            _ => BodyKind::CloseDelimited,
        });
    }
    Ok(match content_length(&head.headers)? {
        Some(0) => BodyKind::Empty,
        Some(n) => BodyKind::Length(n),
        None => BodyKind::CloseDelimited,
    })
}

// ANCHOR: content_length
/// The value of `Content-Length`, strictly (RFC 9110 §8.6, RFC 9112 §6.3).
///
/// Only ASCII digits: `+5`, `-1`, ` 5 5`, `0x10` and `5.0` are all refused
/// (Rust's `str::parse::<u64>` would accept `+5`, so digits are checked
/// first). Several fields, or a comma list, are accepted only when every
/// value is the same number.
pub fn content_length(headers: &Headers) -> Result<Option<u64>, Error> {
    let mut found: Option<u64> = None;
    for value in headers.get_all("Content-Length").flat_map(|v| v.split(',')) {
        let value = value.trim_matches([' ', '\t']);
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::InvalidContentLength);
        }
        let n: u64 = value.parse().map_err(|_| Error::InvalidContentLength)?;
        match found {
            Some(previous) if previous != n => return Err(Error::InvalidContentLength),
            _ => found = Some(n),
        }
    }
    Ok(found)
}
// ANCHOR_END: content_length

/// Every transfer coding named, in order, lower-cased, across all
/// `Transfer-Encoding` fields. Empty list elements (`a, ,b`) are skipped, as
/// the list syntax allows (RFC 9110 §5.6.1).
fn transfer_codings(headers: &Headers) -> Vec<String> {
    headers
        .get_all("Transfer-Encoding")
        .flat_map(|v| v.split(','))
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty())
        .collect()
}

// ANCHOR: chunked_last
/// In a request, `chunked` must be the final coding, and appear once
/// (RFC 9112 §6.1, §6.3): otherwise the body's end cannot be found, and the
/// answer is 400. With `chunked` last, any coding before it is one this crate
/// does not implement: 501 (RFC 9112 §6.1).
fn chunked_last(codings: &[String]) -> Result<(), Error> {
    let (last, before) = codings.split_last().ok_or(Error::ChunkedNotLast)?;
    if last != "chunked" || before.iter().any(|c| c == "chunked") {
        return Err(Error::ChunkedNotLast);
    }
    if let Some(other) = codings.iter().find(|c| *c != "chunked") {
        return Err(Error::UnsupportedTransferEncoding(other.clone()));
    }
    Ok(())
}
// ANCHOR_END: chunked_last

#[cfg(test)]
mod tests {
    use super::*;
    use crate::head::{HeadLimits, Parsed, parse_request_head, parse_response_head};

    fn request_kind(head: &str) -> Result<BodyKind, Error> {
        match parse_request_head(head.as_bytes(), HeadLimits::default()) {
            Ok(Parsed::Complete { head, .. }) => request_body_kind(&head),
            other => panic!("test head did not parse: {other:?}"),
        }
    }

    fn response_kind(method: &str, head: &str) -> Result<BodyKind, Error> {
        match parse_response_head(head.as_bytes(), HeadLimits::default()) {
            Ok(Parsed::Complete { head, .. }) => response_body_kind(method, &head),
            other => panic!("test head did not parse: {other:?}"),
        }
    }

    #[test]
    fn request_framing_table() {
        use BodyKind::*;
        let unsupported = |c: &str| Err(Error::UnsupportedTransferEncoding(c.to_string()));
        let cases: Vec<(&str, Result<BodyKind, Error>)> = vec![
            ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", Ok(Empty)),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
                Ok(Empty),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n",
                Ok(Length(12)),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n",
                Ok(Length(5)),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n",
                Ok(Length(5)),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                Err(Error::InvalidContentLength),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n",
                Err(Error::InvalidContentLength),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
                Err(Error::InvalidContentLength),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n",
                Err(Error::InvalidContentLength),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5 5\r\n\r\n",
                Err(Error::InvalidContentLength),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n",
                Err(Error::InvalidContentLength),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n",
                Err(Error::InvalidContentLength),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
                Ok(Chunked),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n",
                Ok(Chunked),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
                Err(Error::ContentLengthWithTransferEncoding),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                unsupported("gzip"),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
                Err(Error::ChunkedNotLast),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
                Err(Error::ChunkedNotLast),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
                Err(Error::ChunkedNotLast),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\nContent-Length: 3\r\n\r\n",
                Err(Error::ContentLengthWithTransferEncoding),
            ),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,\r\n\r\n",
                Err(Error::ChunkedNotLast),
            ),
            (
                "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
                Err(Error::TransferEncodingInHttp10),
            ),
        ];
        for (head, expected) in cases {
            assert_eq!(request_kind(head), expected, "{head:?}");
        }
    }

    #[test]
    fn response_framing_table() {
        use BodyKind::*;
        let cases: &[(&str, &str, Result<BodyKind, Error>)] = &[
            (
                "GET",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
                Ok(Length(5)),
            ),
            (
                "HEAD",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
                Ok(Empty),
            ),
            ("GET", "HTTP/1.1 204 No Content\r\n\r\n", Ok(Empty)),
            (
                "GET",
                "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
                Ok(Empty),
            ),
            ("GET", "HTTP/1.1 100 Continue\r\n\r\n", Ok(Empty)),
            ("GET", "HTTP/1.1 200 OK\r\n\r\n", Ok(CloseDelimited)),
            ("GET", "HTTP/1.0 200 OK\r\n\r\n", Ok(CloseDelimited)),
            (
                "GET",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                Ok(Chunked),
            ),
            (
                "GET",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
                Ok(Chunked),
            ),
            (
                "GET",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
                Ok(CloseDelimited),
            ),
            (
                "GET",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                Ok(Chunked),
            ),
            (
                "GET",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n",
                Err(Error::InvalidContentLength),
            ),
        ];
        for (method, head, expected) in cases {
            assert_eq!(&response_kind(method, head), expected, "{method} {head:?}");
        }
    }
}
