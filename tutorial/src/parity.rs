//! One list of raw requests that both servers must answer alike.
//!
//! "Alike" means the same status, `Content-Type`, `Content-Encoding`,
//! `Allow` and body. Header case, header order and the `Date` value are not
//! compared: they may differ, and the tour shows how. Every other difference
//! that is allowed is listed here, in this one place, with the reason:
//!
//! 1. The index page names the server that sent it: before bodies are
//!    compared, each server's name is replaced with `{server}` ([`normalise`]).
//! 2. The rows marked [`Parity::Differs`] below, each with its why.
//! 3. A body the answer did not need. Both servers read a body their
//!    handler ignored (a `POST` to a 404, say), up to `--max-body`, so the
//!    connection carries the next request: `socket_api` because it reads
//!    every body before routing, `framework_api` because its `drain`
//!    middleware reads what the handler left (hyper alone would close the
//!    connection without saying so, and the next request met a reset).
//!    Past the limit both answer with `Connection: close`, but not alike:
//!    `socket_api` sees the `Content-Length` first and answers 413 whatever
//!    the route, then keeps reading and discarding for up to 2 s before it
//!    closes ("lingering close"), so a client still sending reads its
//!    answer; `framework_api` answers as the route would (404, 405, 415, or
//!    413 once axum has read 1 MiB) and hyper closes at once, so a client
//!    that sends its whole body before reading may see a broken pipe or a
//!    reset instead. hyper owns the socket and has no lingering close. Too
//!    big to be a row below; `framework_api`'s socket tests show it.
//! 4. Differences in what issue 9's routes do at their edges, each too
//!    large or too slow to be a row (`framework_api/ROUTES.md` lists them
//!    all): a multipart part head is held to 8 KiB and 16 lines in
//!    `socket_api` (`413`, or `400` past 16 lines), while multer bounds
//!    only its line count (32); at shutdown `socket_api` ends an endless
//!    gzip stream after its last whole piece without the gzip trailer
//!    (the chunked body ends properly, the gzip inside it is cut), where
//!    tower-http finishes the gzip; over HTTPS, plain HTTP sent to the TLS
//!    port gets a plain `400` from `socket_api` but a TLS alert and a
//!    close from `framework_api` (rustls); and `socket_api` closes a TLS
//!    client past `--max-connections` without a `503` (a `503` in the
//!    clear would be noise to it).
//! 5. The gzip bytes. A gzip body is compared as what it decodes to
//!    ([`ask`]): one text has many gzip forms, and framework_api's differs
//!    from run to run (tower-http's encoder sometimes flushes before it sees
//!    the file end, and then ends the stream with one more, empty, block).

use std::error::Error;
use std::io::Read;
use std::net::SocketAddr;

use flate2::read::GzDecoder;
use wire::HttpUrl;

// ANCHOR: parity
/// Must the two servers agree on this request?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parity {
    /// Status, `Content-Type`, `Content-Encoding`, `Allow` and body must be equal.
    Same,
    /// They answer differently on purpose; the text says why. The test
    /// checks that they really do differ, so the list cannot go stale.
    Differs(&'static str),
}
// ANCHOR_END: parity

/// One raw request and what is expected of the two answers.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub name: &'static str,
    pub request: &'static [u8],
    pub parity: Parity,
}

/// The parity cases. The bytes are sent exactly as written.
pub const CASES: &[Case] = &[
    Case { name: "index page", request: b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", parity: Parity::Same },
    Case { name: "HEAD of the index page", request: b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", parity: Parity::Same },
    Case { name: "hello", request: b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", parity: Parity::Same },
    Case { name: "HEAD of hello", request: b"HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n", parity: Parity::Same },
    Case { name: "api, no query", request: b"GET /api HTTP/1.1\r\nHost: x\r\n\r\n", parity: Parity::Same },
    Case { name: "api, empty query", request: b"GET /api? HTTP/1.1\r\nHost: x\r\n\r\n", parity: Parity::Same },
    Case {
        name: "api, decoded and in order, repeats kept",
        request: b"GET /api?name=knsock&city=Z%C3%BCrich&a=1&a=2&sp=a+b&amp=%26 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "api, malformed escapes are kept as they are",
        request: b"GET /api?bad=%ZZ&flag&=v&x=%FF HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "api as JSON",
        request: b"GET /api?q=%22hi%22&t=a%09b HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "api, JSON among other types",
        request: b"GET /api?q=1 HTTP/1.1\r\nHost: x\r\nAccept: text/html, Application/JSON;q=0.5\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "api, JSON refused with q=0",
        request: b"GET /api?q=1 HTTP/1.1\r\nHost: x\r\nAccept: application/json;q=0\r\n\r\n",
        parity: Parity::Same,
    },
    Case { name: "HEAD of api", request: b"HEAD /api?q=1 HTTP/1.1\r\nHost: x\r\n\r\n", parity: Parity::Same },
    Case {
        name: "POST a form",
        request: b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 47\r\n\r\nname=knsock&note=a+%26+b+%3D+c&city=Z%C3%BCrich",
        parity: Parity::Same,
    },
    Case {
        name: "POST a form with a charset",
        request: b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\nContent-Length: 7\r\n\r\na=1&b=2",
        parity: Parity::Same,
    },
    Case {
        name: "POST a form, answer as JSON",
        request: b"POST /api HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=1",
        parity: Parity::Same,
    },
    Case {
        name: "POST an empty form",
        request: b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "POST a form, media type in capitals",
        request: b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: Application/X-WWW-Form-URLEncoded\r\nContent-Length: 3\r\n\r\na=1",
        parity: Parity::Differs(
            "media types are case-insensitive (RFC 9110 §8.3.1) and socket_api accepts this form; \
             axum's Form extractor matches the Content-Type by a case-sensitive prefix and answers 415",
        ),
    },
    Case {
        name: "POST text/plain",
        request: b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi",
        parity: Parity::Same,
    },
    Case {
        name: "POST without Content-Type",
        request: b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na=1",
        parity: Parity::Same,
    },
    Case { name: "unknown path", request: b"GET /nope?x=1 HTTP/1.1\r\nHost: x\r\n\r\n", parity: Parity::Same },
    Case { name: "HEAD of an unknown path", request: b"HEAD /nope HTTP/1.1\r\nHost: x\r\n\r\n", parity: Parity::Same },
    Case { name: "DELETE hello", request: b"DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n", parity: Parity::Same },
    Case { name: "POST hello", request: b"POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", parity: Parity::Same },
    Case { name: "PUT api", request: b"PUT /api HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", parity: Parity::Same },
    Case { name: "OPTIONS of the index", request: b"OPTIONS / HTTP/1.1\r\nHost: x\r\n\r\n", parity: Parity::Same },
    Case { name: "absolute-form target", request: b"GET http://x/hello HTTP/1.1\r\nHost: x\r\n\r\n", parity: Parity::Same },
    Case { name: "HTTP/1.0", request: b"GET /hello HTTP/1.0\r\n\r\n", parity: Parity::Same },
    Case {
        name: "static: the folder's index",
        request: b"GET /static/ HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: a stylesheet",
        request: b"GET /static/style.css HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: HEAD of a stylesheet",
        request: b"HEAD /static/style.css HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: an image",
        request: b"GET /static/pixels.png HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: the folder without its slash",
        request: b"GET /static HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: a missing file",
        request: b"GET /static/nothing.txt HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: dot-dot",
        request: b"GET /static/../Cargo.toml HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: dot-dot percent-encoded",
        request: b"GET /static/%2e%2e/Cargo.toml HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: an encoded slash",
        request: b"GET /static/..%2fCargo.toml HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: the first ten bytes",
        request: b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: the last ten bytes",
        request: b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nRange: bytes=-10\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: a range past the end",
        request: b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nRange: bytes=99999-\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: If-None-Match: *",
        request: b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: If-Range that does not match",
        request: b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\nIf-Range: \"nope\"\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: POST",
        request: b"POST /static/style.css HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "static: an image is not compressed",
        request: b"GET /static/pixels.png HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "gzip: too small to be worth it",
        request: b"GET /hello HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "gzip refused with q=0",
        request: b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip;q=0\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "echo: percent-encoded UTF-8",
        request: b"GET /echo/h%C3%A9llo%20there HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "echo: a stray percent kept",
        request: b"GET /echo/100%25%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "echo: not UTF-8",
        request: b"GET /echo/%FF HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "echo: two segments",
        request: b"GET /echo/a/b HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "status: 204 has no body",
        request: b"GET /status/204 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "status: 304 has no body",
        request: b"GET /status/304 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "status: 1xx is refused",
        request: b"GET /status/100 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "status: not in the table",
        request: b"GET /status/418 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "status: 412",
        request: b"GET /status/412 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "redirect: a chain of three",
        request: b"GET /redirect/3 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "redirect: zero is refused",
        request: b"GET /redirect/0 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "redirect-to: 307 after a POST",
        request: b"POST /redirect-to?url=%2Fhello&status=307 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na=1",
        parity: Parity::Same,
    },
    Case {
        name: "redirect-to: no open redirect",
        request: b"GET /redirect-to?url=http://evil.example/&status=302 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "redirect-to: no protocol-relative one",
        request: b"GET /redirect-to?url=//evil.example/&status=302 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "cookies: set two",
        request: b"GET /cookies/set?theme=dark&lang=en HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "cookies: what came back",
        request: b"GET /cookies HTTP/1.1\r\nHost: x\r\nCookie: a=1; b=2\r\nCookie: a=3; flag\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "stream: three lines",
        request: b"GET /stream?n=3&delay_ms=0 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "stream: HTTP/1.0",
        request: b"GET /stream?n=2&delay_ms=0 HTTP/1.0\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "stream: n out of bounds",
        request: b"GET /stream?n=0 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "events: after Last-Event-ID",
        request: b"GET /events?count=5&interval_ms=0 HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 3\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "upload: not multipart",
        request: b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi",
        parity: Parity::Same,
    },
    // ANCHOR: differs_cases
    Case {
        name: "mirror: header names as sent",
        request: b"GET /mirror HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nB: 2\r\nx-a: 3\r\n\r\n",
        parity: Parity::Differs(
            "socket_api shows each header's name as sent, in the order received; hyper lower-cases \
             names and groups the values of one name where it first appeared, so /mirror cannot show them",
        ),
    },
    Case {
        name: "mirror: the raw bytes",
        request: b"GET /mirror?raw=1 HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Differs(
            "socket_api keeps the bytes it read and shows them; hyper keeps no copy of a request's head, \
             so framework_api answers the JSON as for any /mirror",
        ),
    },
    Case {
        name: "static: several ranges",
        request: b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1,4-5\r\n\r\n",
        parity: Parity::Differs(
            "socket_api ignores a Range it does not serve and sends the whole file (RFC 9110 §14.2 allows it); \
             tower-http's ServeDir answers 416 to several ranges",
        ),
    },
    Case {
        name: "static: a malformed range",
        request: b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nRange: bytes=4-2\r\n\r\n",
        parity: Parity::Differs(
            "RFC 9110 §14.2: a server ignores a Range it cannot parse; socket_api sends 200 and the file, \
             ServeDir answers 416",
        ),
    },
    Case {
        name: "static: a dot segment",
        request: b"GET /static/./style.css HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Differs(
            "socket_api refuses any path with a dot or empty segment (404) rather than normalise it; \
             ServeDir normalises ./ away and serves the file",
        ),
    },
    Case {
        name: "gzip: a stylesheet",
        request: b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n",
        parity: Parity::Same,
    },
    Case {
        name: "unknown method",
        request: b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n",
        parity: Parity::Differs(
            "socket_api answers 501 Not Implemented for a method it does not know at all (RFC 9110 §9.1); \
             axum only sees that the path has no route for it, and answers 405",
        ),
    },
    Case {
        name: "HTTP/1.1 without Host",
        request: b"GET /hello HTTP/1.1\r\n\r\n",
        parity: Parity::Differs(
            "RFC 9112 §3.2 says a server MUST answer 400 to an HTTP/1.1 request without Host; \
             socket_api does, hyper accepts the request",
        ),
    },
    // ANCHOR_END: differs_cases
];

/// What is compared of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub content_encoding: Option<String>,
    pub allow: Option<String>,
    /// Decoded, if it came gzip (allowed difference 5).
    pub body: String,
}

/// Sends `case`'s bytes to the server at `addr` with the raw GET client's
/// library and reads the answer by its framing.
pub fn ask(addr: SocketAddr, case: &Case) -> Result<Answer, Box<dyn Error>> {
    let url = HttpUrl::parse(&format!("http://{addr}/"))?;
    let method = case.request.split(|&b| b == b' ').next().unwrap_or(b"GET");
    let method = String::from_utf8_lossy(method);
    let exchange = raw_client::send(&url, &method, case.request)?;
    let field = |name| exchange.head.headers.get(name).map(str::to_string);
    let content_encoding = field("Content-Encoding");
    // Allowed difference 5: gzip is compared by what it decodes to.
    let body = if content_encoding.as_deref() == Some("gzip") {
        let mut decoded = Vec::new();
        GzDecoder::new(&exchange.body[..]).read_to_end(&mut decoded)?;
        decoded
    } else {
        exchange.body
    };
    Ok(Answer {
        status: exchange.head.status,
        content_type: field("Content-Type"),
        content_encoding,
        allow: field("Allow"),
        body: normalise(&String::from_utf8_lossy(&body)),
    })
}

/// Allowed difference 1: the index page names its server.
pub fn normalise(body: &str) -> String {
    body.replace(socket_api::SERVER_NAME, "{server}")
        .replace(framework_api::SERVER_NAME, "{server}")
}
