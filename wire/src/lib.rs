//! # wire: HTTP/1.1 without sockets
//!
//! Everything the hand-written server and the raw clients need to know about
//! HTTP/1.1's bytes, and nothing about sockets. Every function here takes bytes
//! (`&[u8]`) and returns parsed values, or takes values and returns bytes. Only
//! the programs that use this crate touch a `TcpStream`. This is the idea of
//! Python's h11: protocol rules apart from I/O can be tested with byte strings,
//! shared by every program, and read on their own. What a client does around
//! the protocol (curl's flags, TLS, printing, exit codes) is `raw_client`'s,
//! so this crate depends on nothing but `httparse` and `form_urlencoded`.
//!
//! | module      | what it holds                                                        | RFC               |
//! |-------------|----------------------------------------------------------------------|-------------------|
//! | [`head`]    | request and response heads: parsed with `httparse`, strict limits    | RFC 9112 §2–5     |
//! | [`framing`] | how long a body is: `Content-Length`, chunked, or until close        | RFC 9112 §6       |
//! | [`body`]    | [`BodyDecoder`]: takes the body's bytes off a buffer by its framing   | RFC 9112 §6–7     |
//! | [`chunked`] | the chunked transfer coding, decoder and encoder                     | RFC 9112 §7.1     |
//! | [`response`]| [`ResponseReader`]: head + body + interim 1xx, for clients           | RFC 9112 §6.3     |
//! | [`server`]  | [`server::ServerConnection`]: a server's side of a connection, as a state machine | RFC 9112 §9 |
//! | [`write`](mod@write) | the bytes of a request head and a response head, written out         | RFC 9112 §3, §4   |
//! | [`status`]  | status codes and their reason phrases                                | RFC 9110 §15      |
//! | [`form`]    | `application/x-www-form-urlencoded`, both ways                       | WHATWG URL §5     |
//! | [`url`]     | `http://host:port/path?query`, split into what a request needs       | RFC 9110 §4.2     |
//! | [`date`]    | the `Date` header's format, IMF-fixdate, and reading all three formats | RFC 9110 §5.6.7 |
//! | [`trace`]   | `--trace`: every byte sent and received, labelled                    | RFC 9112          |
//! | [`show`]    | bytes made readable: `\r\n` shown, `curl -v`'s `>`/`<` lines         | -                 |
//! | [`error`]   | [`Error`]: one variant per kind of bytes that can never become valid | -                 |
//!
//! What a server's routes build on (files, uploads, streams, cookies), each
//! a few values in and a value or some bytes out:
//!
//! | module          | what it holds                                                    | RFC                     |
//! |-----------------|------------------------------------------------------------------|-------------------------|
//! | [`path`]        | a request path under a mount point, as safe file names           | RFC 3986 §3.3           |
//! | [`mime`]        | a file's media type from its extension, for `Content-Type`       | RFC 9110 §8.3           |
//! | [`conditional`] | `ETag`, `If-None-Match`, `If-Modified-Since`: 304 or not         | RFC 9110 §13            |
//! | [`range`]       | `Range: bytes=a-b`: one part of a representation, 206 or 416     | RFC 9110 §14            |
//! | [`negotiate`]   | `Accept-Encoding` with q-values: gzip, identity, or neither      | RFC 9110 §12.5.3        |
//! | [`multipart`]   | `multipart/form-data`: a streaming parser, part by part          | RFC 7578, RFC 2046 §5.1 |
//! | [`sse`]         | Server-Sent Events: one event's lines, and `Last-Event-ID`       | WHATWG HTML §9.2        |
//! | [`cookie`]      | `Cookie` read into pairs, `Set-Cookie` written safely            | RFC 6265                |
//! | [`base64`]      | any bytes as text, for a JSON field                              | RFC 4648 §4             |
//! | [`json`]        | JSON strings escaped as serde_json does, and arrays of pairs     | RFC 8259 §7             |
//!
//! "Need more bytes" is never an error here. A parser that has seen only part
//! of a message says so with a value ([`Parsed::Partial`], [`BodyEvent::NeedMore`],
//! [`ResponseEvent::NeedMore`], [`multipart::MultipartEvent::NeedMore`]) and
//! the caller reads more from its socket. An [`Error`] means the bytes can
//! never become a valid message; the modules of the second table that can
//! be handed bad input have a small error enum of their own
//! ([`path::PathError`], [`multipart::MultipartError`], ...), which the
//! server maps to a status code.

pub mod base64;
pub mod body;
pub mod chunked;
pub mod conditional;
pub mod cookie;
pub mod date;
pub mod error;
pub mod form;
pub mod framing;
pub mod head;
pub mod json;
pub mod mime;
pub mod multipart;
pub mod negotiate;
pub mod path;
pub mod range;
pub mod response;
pub mod server;
pub mod show;
pub mod sse;
pub mod status;
pub mod trace;
pub mod url;
pub mod write;

pub use body::{BodyDecoder, BodyEvent};
pub use error::Error;
pub use framing::BodyKind;
pub use head::{HeadLimits, Header, Headers, Parsed, RequestHead, ResponseHead, Version};
pub use response::{ResponseEvent, ResponseReader};
pub use status::StatusCode;
pub use url::HttpUrl;
