//! A response, as a handler builds it.
//!
//! Handlers build a [`Response`]: a status, a few fields, a body. The
//! connection machine ([`wire::server`]) turns it into bytes, adding the
//! fields every response needs and a handler should not have to think about:
//! `Content-Length`, `Date`, and `Connection` when it has something to say.

use std::time::SystemTime;

use wire::StatusCode;
pub use wire::server::Persistence;

pub const TEXT_PLAIN: &str = "text/plain; charset=utf-8";
pub const TEXT_HTML: &str = "text/html; charset=utf-8";
pub const APPLICATION_JSON: &str = "application/json";

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

    /// The handler's own fields, as the machine takes them.
    pub fn fields(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    /// The bytes on the wire, outside a connection's machine (the `503`
    /// sent to a connection past the cap). `head_only` leaves the body off;
    /// `connection` says what, if anything, the `Connection` field says.
    pub fn to_bytes(&self, head_only: bool, connection: Persistence, now: SystemTime) -> Vec<u8> {
        let date = wire::date::http_date(now);
        let fields = self.fields();
        wire::server::response_bytes(
            self.status,
            &fields,
            &self.body,
            head_only,
            connection,
            &date,
        )
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
