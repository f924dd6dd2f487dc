//! # exercises: the files you edit
//!
//! One file per exercise, in the book's order. Each holds a function (or a
//! small server) with `todo!()` where your code goes, and a comment saying
//! what to write. Check your work with
//!
//! ```text
//! cargo run -p tutorial -- check                    # every exercise, ✔ or ✘
//! cargo run -p tutorial -- check ex01_head_end      # one exercise
//! cargo run -p tutorial -- check ex01_head_end --hint
//! ```
//!
//! This file holds what several exercises share: the types their signatures
//! use. [`kit`] holds the parts of a server that the server-level exercises
//! give you, so each one asks only for the part it teaches; [`readiness`],
//! one connection's state on an event loop, for ex25.
//! The reference solutions are in `tutorial/solutions/`: try first.
//!
//! | exercise | chapter | you write |
//! |----------|---------|-----------|
//! | [`ex01_head_end`] | 1 | where a request head ends |
//! | [`ex02_request_line`] | 2 | parse `GET /path HTTP/1.1` |
//! | [`ex03_header_line`] | 2 | parse `Name: value` |
//! | [`ex04_response_head`] | 3 | the bytes of a response |
//! | [`ex05_head_method`] | 3 | a server answering `HEAD` |
//! | [`ex06_route`] | 4 | one route, on both servers |
//! | [`ex07_allow`] | 4 | routing, `404`, `405` with `Allow` |
//! | [`ex08_percent_decode`] | 5 | `%XX` to bytes |
//! | [`ex09_form`] | 5 | `a=1&b=x+y` to pairs |
//! | [`ex10_body_length`] | 6 | where a request body ends |
//! | [`ex11_body_in_pieces`] | 6 | read a body that arrives a byte at a time |
//! | [`ex12_chunked`] | 7 | decode a chunked body |
//! | [`ex13_keep_alive`] | 8 | many requests on one connection |
//! | [`ex14_timeout`] | 9 | `408` for a head that stalls |
//! | [`ex15_framing_rules`] | 10 | refuse requests that could be smuggled |
//! | [`ex16_shutdown`] | 11 | stop without dropping a request |
//! | [`ex17_request_bytes`] | 12 | the bytes of a GET for a URL |
//! | [`ex18_redirect`] | 12 | where a redirect leads, and with which method |
//! | [`ex19_tls_or_plain`] | 13 | TLS or plain HTTP, from the first bytes |
//! | [`ex20_body_limit`] | 14 | `413` from an axum app |
//! | [`ex21_safe_path`] | 15 | a request path to safe file names, or a refusal |
//! | [`ex22_range`] | 15 | `Range: bytes=...` to 206, 416 or "ignore" |
//! | [`ex23_accept_encoding`] | 18 | gzip, identity or neither, from q-values |
//! | [`ex24_stream_chunks`] | 17 | a response of unknown length, in chunks |
//! | [`ex25_readiness`] | 21 | one connection on a readiness loop: flush, read until `WouldBlock`, backpressure |

// A starter's arguments are unused until you write its body, and a
// `&mut Vec` argument is there for your code to push to.
#![allow(unused_variables, clippy::ptr_arg)]

pub mod kit;
pub mod readiness;

pub mod ex01_head_end;
pub mod ex02_request_line;
pub mod ex03_header_line;
pub mod ex04_response_head;
pub mod ex05_head_method;
pub mod ex06_route;
pub mod ex07_allow;
pub mod ex08_percent_decode;
pub mod ex09_form;
pub mod ex10_body_length;
pub mod ex11_body_in_pieces;
pub mod ex12_chunked;
pub mod ex13_keep_alive;
pub mod ex14_timeout;
pub mod ex15_framing_rules;
pub mod ex16_shutdown;
pub mod ex17_request_bytes;
pub mod ex18_redirect;
pub mod ex19_tls_or_plain;
pub mod ex20_body_limit;
pub mod ex21_safe_path;
pub mod ex22_range;
pub mod ex23_accept_encoding;
pub mod ex24_stream_chunks;
pub mod ex25_readiness;

/// A parsed request line (ex02): `GET /hello?x=1 HTTP/1.1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    pub method: String,
    pub target: String,
    /// The digit after `HTTP/1.`: `0` or `1`.
    pub version: u8,
}

/// One header field (ex03), as sent: the name keeps its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub value: String,
}

/// What a router decided (ex07).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Routed {
    /// The route at this index of the table answers.
    Found(usize),
    /// No route has this path: `404`.
    NotFound,
    /// The path exists, not with this method: `405`, with this `Allow` value.
    MethodNotAllowed { allow: String },
}

/// Where a request body ends (ex10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLength {
    /// Neither `Content-Length` nor `Transfer-Encoding`: no body.
    Empty,
    /// `Content-Length: n`: the next `n` bytes.
    Length(u64),
    /// `Transfer-Encoding: chunked`: read chunks until the last one.
    Chunked,
}

/// Why a request's framing is refused with `400` (ex10, ex15).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FramingError {
    /// `Content-Length` is not a plain decimal number (`+5`, `-1`, `0x10`, empty).
    BadContentLength,
    /// Two `Content-Length` values that differ (`5` and `6`).
    ConflictingContentLengths,
    /// Both `Content-Length` and `Transfer-Encoding`.
    ContentLengthAndTransferEncoding,
    /// `Transfer-Encoding` whose last coding is not `chunked`, or lists it twice.
    ChunkedNotLast,
}

/// The result of decoding a chunked body from a buffer (ex12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunked {
    /// The buffer ends before the body does: read more, then call again.
    NeedMore,
    /// The whole body is in the buffer.
    Done {
        /// The data of every chunk, joined.
        body: Vec<u8>,
        /// The trailer fields after the last chunk, in order.
        trailers: Vec<Header>,
        /// How many bytes of the buffer the chunked body took: the next
        /// request on the connection starts there.
        used: usize,
    },
}

/// Chunked bytes that can never become a valid body (ex12), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadChunk(pub String);

/// What reading a request head before a deadline gave (ex14).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadRead {
    /// The head, up to and including its blank line.
    Complete(Vec<u8>),
    /// The client closed the connection before sending a byte.
    Closed,
    /// The deadline passed before the head was complete.
    TimedOut,
}

/// The request to send after a redirect (ex18).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextRequest {
    pub method: String,
    pub url: String,
}

/// What the first bytes of a connection are (ex19).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstBytes {
    /// A TLS record carrying a handshake: a ClientHello.
    Tls,
    /// An HTTP/1.x request line: a method, then a space.
    PlainHttp,
    /// Too few bytes to tell yet.
    NeedMore,
    /// Neither.
    Neither,
}

/// A request path below `/static/`, as plain file names (ex21).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafePath {
    /// The decoded segments, outermost first: `["css", "site v2.css"]`.
    /// Empty for `/static/` itself.
    pub segments: Vec<String>,
    /// The path ended with `/`: the client asked for a folder.
    pub trailing_slash: bool,
}

/// What to answer to a `Range` header (ex22).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeAnswer {
    /// `206 Partial Content`: bytes `start` to `end`, both included.
    Partial { start: u64, end: u64 },
    /// `416 Range Not Satisfiable`, with `Content-Range: bytes */SIZE`.
    NotSatisfiable,
    /// `200 OK` with the whole, as if there were no `Range` at all.
    Ignore,
}

/// How to send a response, from `Accept-Encoding` (ex23). The server can
/// do one coding: gzip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Compress, and say `Content-Encoding: gzip`.
    Gzip,
    /// Send the bytes as they are.
    Identity,
    /// The client refuses gzip and identity alike: `406 Not Acceptable`.
    NotAcceptable,
}
