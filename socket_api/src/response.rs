//! A response, and the bytes it becomes.
//!
//! Handlers build a [`Response`]: a status, a few fields, a body. The
//! connection turns it into bytes with [`Response::to_bytes`], adding the
//! fields every response needs and a handler should not have to think about:
//! `Content-Length` (so the client knows where the body ends and the
//! connection can carry the next response), `Date` (RFC 9110 §6.6.1), and
//! `Connection: close` when this is the last response on the connection.

use std::time::SystemTime;

use wire::StatusCode;

pub const TEXT_PLAIN: &str = "text/plain; charset=utf-8";
pub const TEXT_HTML: &str = "text/html; charset=utf-8";
pub const APPLICATION_JSON: &str = "application/json";

/// What a response says about the connection after it (RFC 9112 §9.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// HTTP/1.1 keeps the connection by default: nothing to say.
    Default,
    /// `Connection: keep-alive`: an HTTP/1.0 client asked to keep the
    /// connection, and must be told it is kept, or it will read the body
    /// until the server closes.
    KeepAlive,
    /// `Connection: close`: this is the last response on the connection.
    Close,
}

impl Persistence {
    /// The answer to a request of `version` that asked to keep the
    /// connection (`keep_alive`), when the server means to `close` anyway or not.
    pub fn for_request(version: wire::Version, keep_alive: bool, close: bool) -> Persistence {
        match (close || !keep_alive, version) {
            (true, _) => Persistence::Close,
            (false, wire::Version::Http10) => Persistence::KeepAlive,
            (false, wire::Version::Http11) => Persistence::Default,
        }
    }
}

/// What a handler returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: StatusCode,
    /// Fields besides `Content-Length`, `Date` and `Connection`, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a body of the given media type.
    pub fn new(status: StatusCode, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// `text/plain; charset=utf-8`.
    pub fn text(status: StatusCode, body: impl Into<Vec<u8>>) -> Response {
        Response::new(status, TEXT_PLAIN, body)
    }

    /// The response for an error: its status line again as text, then why.
    /// `400 Bad Request: invalid Content-Length`.
    pub fn error(status: StatusCode, why: &str) -> Response {
        Response::text(status, format!("{status}: {why}\n"))
    }

    /// Adds a header field.
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The bytes on the wire. `head_only` leaves the body off (the answer to
    /// `HEAD`, which still says how long the body would have been);
    /// `connection` says what, if anything, the `Connection` field says.
    pub fn to_bytes(&self, head_only: bool, connection: Persistence, now: SystemTime) -> Vec<u8> {
        let length = self.body.len().to_string();
        let date = wire::date::http_date(now);
        let mut fields: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        fields.push(("Content-Length", &length));
        fields.push(("Date", &date));
        match connection {
            Persistence::Default => {}
            Persistence::KeepAlive => fields.push(("Connection", "keep-alive")),
            Persistence::Close => fields.push(("Connection", "close")),
        }
        // One buffer, one write: head and body in separate small writes can
        // meet Nagle's algorithm and delayed ACKs and stall for 40 ms.
        let mut bytes = wire::write::response_head(self.status, &fields);
        if !head_only {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn bytes_on_the_wire() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777);
        let response = Response::text(StatusCode::OK, "Hello");
        assert_eq!(
            String::from_utf8_lossy(&response.to_bytes(false, Persistence::Default, now)),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\
             Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nHello"
        );
        let head = response.to_bytes(true, Persistence::Close, now);
        assert!(head.ends_with(b"Content-Length: 5\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nConnection: close\r\n\r\n"));
    }

    #[test]
    fn error_bodies_repeat_the_status() {
        let response = Response::error(StatusCode::BAD_REQUEST, "invalid Content-Length");
        assert_eq!(response.body, b"400 Bad Request: invalid Content-Length\n");
    }
}
