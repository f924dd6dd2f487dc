//! `/mirror`, any method: the request as the server saw it, as JSON; and
//! `/mirror?raw=1`, the very bytes it read.
//!
//! ```json
//! {"method":"POST","target":"/mirror?a=1","path":"/mirror","query":[["a","1"]],
//!  "version":"HTTP/1.1","headers":[["Host","127.0.0.1:8080"],["X-Trace-Id","7"]],
//!  "cookies":[],"body":"hi","body_encoding":"text","peer":"127.0.0.1:56244"}
//! ```
//!
//! Pairs are two-element arrays, so order and repeats survive (a JSON
//! object would lose both). `body` is the body as text, or as base64 when
//! its bytes are not UTF-8, and `body_encoding` says which. The fields
//! come in the order `framework_api` writes them, and strings are escaped
//! as serde_json escapes them ([`wire::json`]), so the two answers can be
//! compared byte for byte where the servers agree.
//!
//! Where they cannot agree, and why (the named differences): this server
//! keeps each header **name as it was sent** (`X-Trace-Id`) and **in the
//! order it came** (`A: 1`, `B: 2`, `A: 3`), because it parsed the head
//! itself. hyper stores names lower-cased in a `HeaderMap`, grouped by
//! name, and keeps no copy of the bytes, so `framework_api` has no
//! `?raw=1` at all.
//!
//! `?raw=1` answers with `Content-Type: message/http`, the media type of an
//! HTTP message (RFC 9112 §10.1; `TRACE` uses it too): the request line,
//! the fields, the blank line, the body with its framing (chunk sizes and
//! all), up to the 64 KiB the connection keeps ([`wire::server::RAW_KEPT`]).

use wire::{StatusCode, json};

use crate::query::param;
use crate::response::APPLICATION_JSON;
use crate::{Request, Response};

/// The media type of a whole HTTP message, as it was on the wire.
pub const MESSAGE_HTTP: &str = "message/http";

// ANCHOR: mirror
/// The handler.
pub fn mirror(request: &Request) -> Response {
    let query = wire::form::decode(request.query().as_bytes());
    if param(&query, "raw") == Some("1") {
        return Response::new(StatusCode::OK, MESSAGE_HTTP, request.raw.clone());
    }
    let headers = request
        .head
        .headers
        .0
        .iter()
        .map(|h| (h.name.as_str(), h.value.as_str()));
    let cookies = wire::cookie::parse_cookies(request.head.headers.get_all("Cookie"));
    let (body, body_encoding) = match std::str::from_utf8(&request.body) {
        Ok(text) => (text.to_owned(), "text"),
        Err(_) => (wire::base64::encode(&request.body), "base64"),
    };
    let fields = [
        ("method", json::string(request.method())),
        ("target", json::string(&request.target)),
        ("path", json::string(request.path())),
        (
            "query",
            json::pairs(query.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
        ),
        ("version", json::string(request.head.version.as_str())),
        ("headers", json::pairs(headers)),
        ("cookies", json::pairs(cookies)),
        ("body", json::string(&body)),
        ("body_encoding", json::string(body_encoding)),
        ("peer", json::string(&request.peer.to_string())),
    ];
    let members: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("\"{name}\":{value}"))
        .collect();
    let body = format!("{{{}}}", members.join(","));
    Response::new(StatusCode::OK, APPLICATION_JSON, body)
}
// ANCHOR_END: mirror
