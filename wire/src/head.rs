//! Message heads: the request line or status line, then the header fields.
//!
//! ```text
//! GET /api?name=knsock HTTP/1.1\r\n      <- request line (RFC 9112 §3)
//! Host: 127.0.0.1:8080\r\n               <- header fields (RFC 9112 §5)
//! Accept: */*\r\n
//! \r\n                                   <- an empty line ends the head
//! ```
//!
//! `httparse` does the byte-level work: it checks every token, never
//! allocates, and answers `Partial` when the head is not all there yet. This
//! module adds what `httparse` leaves to its caller: limits on size and number
//! of fields, owned values that outlive the read buffer, and the questions a
//! server asks of a head (which field, keep the connection open?).
//!
//! Limits matter because a head arrives before anything else is known about
//! the peer. hyper caps a head at about 400 KiB and 100 fields; 16 KiB and 64
//! fields are plenty for a classroom, and nginx's defaults are similar (8 KiB
//! per line).

use crate::Error;

/// The HTTP version of a message. `httparse` only accepts `HTTP/1.0` and
/// `HTTP/1.1`; anything else is [`Error::Version`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Http10,
    Http11,
}

impl Version {
    fn from_minor(minor: u8) -> Version {
        if minor == 0 {
            Version::Http10
        } else {
            Version::Http11
        }
    }

    /// How the version is written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::Http10 => "HTTP/1.0",
            Version::Http11 => "HTTP/1.1",
        }
    }
}

/// One header field. The name keeps the case it was sent in (HTTP field names
/// are case-insensitive, and showing what was sent is the point here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    /// The value with surrounding whitespace removed. Bytes that are not UTF-8
    /// (rare, and obsolete) are replaced by U+FFFD.
    pub value: String,
}

/// The header fields of a message, in the order they were sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers(pub Vec<Header>);

impl Headers {
    /// The value of the first field called `name`, ignoring ASCII case.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// The values of every field called `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// Does any `name` field list `token` in its comma-separated values?
    /// E.g. `has_token("Connection", "close")` for `Connection: keep-alive, close`.
    pub fn has_token(&self, name: &str, token: &str) -> bool {
        self.get_all(name)
            .flat_map(|v| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }

    pub fn iter(&self) -> impl Iterator<Item = &Header> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn from_httparse(headers: &[httparse::Header<'_>]) -> Headers {
        Headers(
            headers
                .iter()
                .map(|h| Header {
                    name: h.name.to_string(),
                    value: String::from_utf8_lossy(h.value).trim().to_string(),
                })
                .collect(),
        )
    }
}

/// A parsed request line and its header fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead {
    pub method: String,
    /// The request-target as sent: usually origin-form, `/api?x=1`.
    pub target: String,
    pub version: Version,
    pub headers: Headers,
}

impl RequestHead {
    /// The target's path, without the query.
    pub fn path(&self) -> &str {
        self.target
            .split_once('?')
            .map_or(&self.target, |(path, _)| path)
    }

    /// The target's query, without the `?`, if there is one.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, query)| query)
    }

    /// May the connection carry another request after this one? (RFC 9112 §9.3)
    /// HTTP/1.1 keeps it open unless the client says `Connection: close`;
    /// HTTP/1.0 closes it unless the client asks for `Connection: keep-alive`.
    pub fn keep_alive(&self) -> bool {
        keep_alive(self.version, &self.headers)
    }
}

/// A parsed status line and its header fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead {
    pub version: Version,
    pub status: u16,
    /// The reason phrase as sent. It means nothing to a program (RFC 9112 §4)
    /// and may be empty.
    pub reason: String,
    pub headers: Headers,
}

impl ResponseHead {
    /// May the connection carry another request after this response?
    /// The same rule as [`RequestHead::keep_alive`], seen from the client.
    pub fn keep_alive(&self) -> bool {
        keep_alive(self.version, &self.headers)
    }
}

// ANCHOR: keep_alive
fn keep_alive(version: Version, headers: &Headers) -> bool {
    match version {
        Version::Http11 => !headers.has_token("Connection", "close"),
        // `close` wins over `keep-alive` if a client sends both (RFC 9112 §9.3).
        Version::Http10 => {
            headers.has_token("Connection", "keep-alive")
                && !headers.has_token("Connection", "close")
        }
    }
}
// ANCHOR_END: keep_alive

/// The limits a head must fit in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadLimits {
    /// The most bytes a head (start line, fields and the empty line) may take.
    pub max_head_bytes: usize,
    /// The most header fields a head may have.
    pub max_headers: usize,
}

impl Default for HeadLimits {
    fn default() -> HeadLimits {
        HeadLimits {
            max_head_bytes: 16 * 1024,
            max_headers: 64,
        }
    }
}

// ANCHOR: parsed
/// The result of parsing bytes that may hold only part of a head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed<T> {
    /// A whole head, and how many bytes of the buffer it took (the body, or the
    /// next message, starts right after).
    Complete { head: T, len: usize },
    /// Not all of the head is here yet: read more bytes and call again.
    Partial,
}
// ANCHOR_END: parsed

// ANCHOR: parse_request_head
/// Parses a request head from the start of `buf`.
///
/// Call it again with the longer buffer each time more bytes arrive; a head
/// is parsed from its start each time, which costs little for heads capped
/// at 16 KiB (a production server keeps httparse's progress instead).
pub fn parse_request_head(buf: &[u8], limits: HeadLimits) -> Result<Parsed<RequestHead>, Error> {
    let mut fields = vec![httparse::EMPTY_HEADER; limits.max_headers];
    let mut req = httparse::Request::new(&mut fields);
    match req.parse(buf) {
        Ok(httparse::Status::Complete(len)) => {
            if len > limits.max_head_bytes {
                return Err(too_large(buf, limits));
            }
            // `httparse` fills these in on Complete; a missing one would be a
            // bug in httparse, reported as a malformed head rather than a panic.
            let (Some(method), Some(target), Some(minor)) = (req.method, req.path, req.version)
            else {
                return Err(Error::Malformed(httparse::Error::Token));
            };
            let head = RequestHead {
                method: method.to_string(),
                target: target.to_string(),
                version: Version::from_minor(minor),
                headers: Headers::from_httparse(req.headers),
            };
            Ok(Parsed::Complete { head, len })
        }
        Ok(httparse::Status::Partial) if buf.len() > limits.max_head_bytes => {
            Err(too_large(buf, limits))
        }
        Ok(httparse::Status::Partial) => Ok(Parsed::Partial),
        Err(httparse::Error::Version) if !names_a_later_http(buf) => {
            Err(Error::Malformed(httparse::Error::Version))
        }
        Err(e) => Err(from_httparse(e, limits)),
    }
}
// ANCHOR_END: parse_request_head

/// `httparse` says `Version` both for `HTTP/2.0` and for a request line with
/// a stray space in it (`G ET / HTTP/1.1`). Only the first deserves
/// 505 HTTP Version Not Supported; the second is a plain bad request.
fn names_a_later_http(buf: &[u8]) -> bool {
    let line = buf.split(|&b| b == b'\n').next().unwrap_or(buf);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let parts: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
    matches!(parts.as_slice(), [_, _, [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]]
        if major.is_ascii_digit() && minor.is_ascii_digit())
}

/// Parses a response head from the start of `buf`.
///
/// A client must read what real servers send, so this is more forgiving than
/// the request parser: it accepts spaces before a field's colon and obsolete
/// line folding, which some old servers still emit. A server is strict about
/// what it receives; a client reading any server cannot afford to be.
pub fn parse_response_head(buf: &[u8], limits: HeadLimits) -> Result<Parsed<ResponseHead>, Error> {
    let mut fields = vec![httparse::EMPTY_HEADER; limits.max_headers];
    let mut res = httparse::Response::new(&mut fields);
    let parsed = httparse::ParserConfig::default()
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .parse_response(&mut res, buf);
    match parsed {
        Ok(httparse::Status::Complete(len)) => {
            if len > limits.max_head_bytes {
                return Err(Error::HeadTooLarge {
                    limit: limits.max_head_bytes,
                });
            }
            let (Some(minor), Some(status)) = (res.version, res.code) else {
                return Err(Error::Malformed(httparse::Error::Status));
            };
            let head = ResponseHead {
                version: Version::from_minor(minor),
                status,
                reason: res.reason.unwrap_or("").to_string(),
                headers: Headers::from_httparse(res.headers),
            };
            Ok(Parsed::Complete { head, len })
        }
        Ok(httparse::Status::Partial) if buf.len() > limits.max_head_bytes => {
            Err(Error::HeadTooLarge {
                limit: limits.max_head_bytes,
            })
        }
        Ok(httparse::Status::Partial) => Ok(Parsed::Partial),
        Err(e) => Err(from_httparse(e, limits)),
    }
}

/// Over the limit: is it the request-target alone (414 URI Too Long) or the
/// head as a whole (431 Request Header Fields Too Large)? If the request line
/// has not ended within the limit, it is the target that is too long.
fn too_large(buf: &[u8], limits: HeadLimits) -> Error {
    let limit = limits.max_head_bytes;
    let line_end = buf.iter().position(|&b| b == b'\n');
    match line_end {
        Some(end) if end <= limit => Error::HeadTooLarge { limit },
        _ => Error::TargetTooLong { limit },
    }
}

fn from_httparse(e: httparse::Error, limits: HeadLimits) -> Error {
    match e {
        httparse::Error::TooManyHeaders => Error::TooManyHeaders {
            limit: limits.max_headers,
        },
        httparse::Error::Version => Error::Version,
        other => Error::Malformed(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: HeadLimits = HeadLimits {
        max_head_bytes: 16 * 1024,
        max_headers: 64,
    };

    fn request(bytes: &[u8]) -> Result<Parsed<RequestHead>, Error> {
        parse_request_head(bytes, LIMITS)
    }

    fn complete_request(bytes: &[u8]) -> (RequestHead, usize) {
        match request(bytes) {
            Ok(Parsed::Complete { head, len }) => (head, len),
            other => panic!("expected a complete head from {bytes:?}, got {other:?}"),
        }
    }

    #[test]
    fn parses_a_request_head() {
        let bytes =
            b"GET /api?name=knsock HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept:  */* \r\n\r\nBODY";
        let (head, len) = complete_request(bytes);
        assert_eq!(head.method, "GET");
        assert_eq!(head.target, "/api?name=knsock");
        assert_eq!(head.path(), "/api");
        assert_eq!(head.query(), Some("name=knsock"));
        assert_eq!(head.version, Version::Http11);
        assert_eq!(head.headers.get("host"), Some("127.0.0.1:8080"));
        assert_eq!(
            head.headers.get("ACCEPT"),
            Some("*/*"),
            "whitespace around a value is not part of it"
        );
        assert_eq!(
            &bytes[len..],
            b"BODY",
            "len points just past the empty line"
        );
    }

    #[test]
    fn request_table() {
        // (name, bytes, expected): Ok(true) = complete, Ok(false) = partial.
        type Case = (&'static str, &'static [u8], Result<bool, Error>);
        let cases: &[Case] = &[
            ("simple", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", Ok(true)),
            ("http/1.0 without host", b"GET / HTTP/1.0\r\n\r\n", Ok(true)),
            (
                "absolute-form target",
                b"GET http://a/api HTTP/1.1\r\nHost: a\r\n\r\n",
                Ok(true),
            ),
            (
                "no empty line yet",
                b"GET / HTTP/1.1\r\nHost: a\r\n",
                Ok(false),
            ),
            ("half a request line", b"GE", Ok(false)),
            ("empty buffer", b"", Ok(false)),
            (
                "space before colon",
                b"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
                Err(Error::Malformed(httparse::Error::HeaderName)),
            ),
            (
                "obs-fold",
                b"GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n",
                Err(Error::Malformed(httparse::Error::HeaderName)),
            ),
            (
                "NUL in a value",
                b"GET / HTTP/1.1\r\nX: a\0b\r\n\r\n",
                Err(Error::Malformed(httparse::Error::HeaderValue)),
            ),
            (
                "lone CR in a value",
                b"GET / HTTP/1.1\r\nX: a\rb\r\n\r\n",
                Err(Error::Malformed(httparse::Error::HeaderValue)),
            ),
            ("HTTP/2.0", b"GET / HTTP/2.0\r\n\r\n", Err(Error::Version)),
            (
                "not HTTP",
                b"GET / FTP/1.1\r\n\r\n",
                Err(Error::Malformed(httparse::Error::Version)),
            ),
            ("HTTP/3.0", b"GET / HTTP/3.0\r\n\r\n", Err(Error::Version)),
            (
                "space in method",
                b"G ET / HTTP/1.1\r\n\r\n",
                Err(Error::Malformed(httparse::Error::Version)),
            ),
            (
                "binary garbage",
                b"\x16\x03\x01\x02\x00\x01\x00",
                Err(Error::Malformed(httparse::Error::Token)),
            ),
        ];
        for (name, bytes, expected) in cases {
            let got = request(bytes).map(|p| matches!(p, Parsed::Complete { .. }));
            assert_eq!(&got, expected, "case {name:?}");
        }
    }

    #[test]
    fn a_head_split_at_every_byte_is_partial_until_the_last() {
        let bytes = b"POST /api HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n";
        for cut in 0..bytes.len() {
            assert_eq!(request(&bytes[..cut]), Ok(Parsed::Partial), "cut at {cut}");
        }
        let (head, len) = complete_request(bytes);
        assert_eq!(len, bytes.len());
        assert_eq!(head.headers.get("content-length"), Some("3"));
    }

    #[test]
    fn a_response_head_split_at_every_byte_is_partial_until_the_last() {
        let bytes = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
        for cut in 0..bytes.len() {
            assert_eq!(
                parse_response_head(&bytes[..cut], LIMITS),
                Ok(Parsed::Partial),
                "cut at {cut}"
            );
        }
        let Ok(Parsed::Complete { head, len }) = parse_response_head(bytes, LIMITS) else {
            panic!("expected a complete response head");
        };
        assert_eq!(
            (head.status, head.reason.as_str(), len),
            (200, "OK", bytes.len())
        );
    }

    #[test]
    fn limits_on_size_and_count() {
        let small = HeadLimits {
            max_head_bytes: 64,
            max_headers: 2,
        };
        let long_target = format!("GET /{} HTTP/1.1\r\n", "a".repeat(100));
        assert_eq!(
            parse_request_head(long_target.as_bytes(), small),
            Err(Error::TargetTooLong { limit: 64 })
        );
        let long_field = format!("GET / HTTP/1.1\r\nX: {}\r\n", "a".repeat(100));
        assert_eq!(
            parse_request_head(long_field.as_bytes(), small),
            Err(Error::HeadTooLarge { limit: 64 })
        );
        let complete_but_long = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(100));
        assert_eq!(
            parse_request_head(complete_but_long.as_bytes(), small),
            Err(Error::HeadTooLarge { limit: 64 })
        );
        let many = b"GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
        assert_eq!(
            parse_request_head(many, small),
            Err(Error::TooManyHeaders { limit: 2 })
        );
    }

    #[test]
    fn keep_alive_rules() {
        let cases: &[(&[u8], bool)] = &[
            (b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", true),
            (
                b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
                false,
            ),
            (
                b"GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Close\r\n\r\n",
                false,
            ),
            (b"GET / HTTP/1.0\r\n\r\n", false),
            (b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
            (
                b"GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n",
                false,
            ),
        ];
        for (bytes, expected) in cases {
            let (head, _) = complete_request(bytes);
            assert_eq!(
                head.keep_alive(),
                *expected,
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn responses_from_lenient_servers_still_parse() {
        let bytes = b"HTTP/1.0 404 \r\nServer : old\r\nX: a\r\n b\r\n\r\n";
        let Ok(Parsed::Complete { head, .. }) = parse_response_head(bytes, LIMITS) else {
            panic!("expected a complete response head");
        };
        assert_eq!(
            (head.version, head.status, head.reason.as_str()),
            (Version::Http10, 404, "")
        );
        assert_eq!(head.headers.get("server"), Some("old"));
        assert!(!head.keep_alive());
    }
}
