//! A response's head as bytes: the handler's status and fields, plus the
//! fields every response needs and a handler should not have to think
//! about: how the body is framed (`Content-Length`, or `Transfer-Encoding:
//! chunked`, so the client knows where the body ends and the connection can
//! carry the next response), `Date` (RFC 9110 §6.6.1), and what
//! `Connection` says about the connection after it.

use crate::{StatusCode, Version};

// ANCHOR: persistence
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
    pub fn for_request(version: Version, keep_alive: bool, close: bool) -> Persistence {
        match (close || !keep_alive, version) {
            (true, _) => Persistence::Close,
            (false, Version::Http10) => Persistence::KeepAlive,
            (false, Version::Http11) => Persistence::Default,
        }
    }
}
// ANCHOR_END: persistence

/// How a response's body is framed (RFC 9112 §6.3), as its head says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFraming {
    /// `Content-Length: n`: exactly n bytes follow.
    Length(u64),
    /// `Transfer-Encoding: chunked`: chunks follow, then the last chunk. For
    /// a body whose length is not known when the head is sent (HTTP/1.1).
    Chunked,
    /// Neither: the body ends when the server closes the connection. The
    /// only way to stream to an HTTP/1.0 client, which knows no chunks.
    UntilClose,
    /// No body, and no length either: `204`, `304` (RFC 9110 §8.6).
    None,
}

/// The bytes of a response head: `fields`, then the framing field, `Date`,
/// and `Connection` when it has something to say.
pub fn response_head_bytes(
    status: StatusCode,
    fields: &[(&str, &str)],
    framing: BodyFraming,
    connection: Persistence,
    date: &str,
) -> Vec<u8> {
    let length;
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    match framing {
        BodyFraming::Length(n) => {
            length = n.to_string();
            all.push(("Content-Length", &length));
        }
        BodyFraming::Chunked => all.push(("Transfer-Encoding", "chunked")),
        BodyFraming::UntilClose | BodyFraming::None => {}
    }
    all.push(("Date", date));
    match connection {
        Persistence::Default => {}
        Persistence::KeepAlive => all.push(("Connection", "keep-alive")),
        Persistence::Close => all.push(("Connection", "close")),
    }
    crate::write::response_head(status, &all)
}

/// Whether a response with `status` can have a body at all.
pub fn may_have_body(status: StatusCode) -> bool {
    !matches!(status.as_u16(), 204 | 304)
}

// ANCHOR: response_bytes
/// The bytes of a response with a body of known length. `head_only` leaves
/// the body off (the answer to `HEAD`, which still says how long the body
/// would have been); `date` is the `Date` value, made by the caller, who
/// has the clock ([`crate::date::http_date`]).
///
/// A `204 No Content` or `304 Not Modified` never has a body, so none is
/// written, and neither is `Content-Length` (RFC 9110 §8.6, §15.3.5,
/// §15.4.5: a 304 may repeat the length of the body it stands for, and
/// leaving it out is always right).
pub fn response_bytes(
    status: StatusCode,
    fields: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
    connection: Persistence,
    date: &str,
) -> Vec<u8> {
    let framing = if may_have_body(status) {
        BodyFraming::Length(body.len() as u64)
    } else {
        BodyFraming::None
    };
    // One buffer, one write: head and body in separate small writes can
    // meet Nagle's algorithm and delayed ACKs and stall for 40 ms.
    let mut bytes = response_head_bytes(status, fields, framing, connection, date);
    if !head_only && framing != BodyFraming::None {
        bytes.extend_from_slice(body);
    }
    bytes
}
// ANCHOR_END: response_bytes

#[cfg(test)]
mod tests {
    use super::*;

    const DATE: &str = "Sun, 06 Nov 1994 08:49:37 GMT";

    #[test]
    fn bytes_on_the_wire() {
        let fields = [("Content-Type", "text/plain; charset=utf-8")];
        let bytes = response_bytes(
            StatusCode::OK,
            &fields,
            b"Hello",
            false,
            Persistence::Default,
            DATE,
        );
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\
             Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nHello"
        );
        let head = response_bytes(
            StatusCode::OK,
            &fields,
            b"Hello",
            true,
            Persistence::Close,
            DATE,
        );
        assert!(head.ends_with(b"Content-Length: 5\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nConnection: close\r\n\r\n"));
    }

    #[test]
    fn persistence_table() {
        use Persistence::*;
        use Version::*;
        let cases = [
            (Http11, true, false, Default),
            (Http11, true, true, Close),
            (Http11, false, false, Close),
            (Http10, true, false, KeepAlive),
            (Http10, false, false, Close),
            (Http10, true, true, Close),
        ];
        for (version, keep_alive, close, expected) in cases {
            assert_eq!(
                Persistence::for_request(version, keep_alive, close),
                expected
            );
        }
    }
}
