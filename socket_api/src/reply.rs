//! Writing a response: whole, or piece by piece as its body is made; and
//! running a handler, whose panic becomes a `500` for that request only.
//!
//! The bytes come from the connection's machine ([`wire::server`]); this
//! file only decides when to ask for them and writes them to the socket.

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Instant, SystemTime};

use wire::StatusCode;
use wire::server::{BodyFraming, ServerConnection, State};

use crate::response::{Body, field_pairs};
use crate::transport::Transport;
use crate::{Response, Shutdown};

// ANCHOR: send
/// Writes the machine's bytes for `response`; a streamed body piece by
/// piece, each as soon as it is made. Without a `shutdown` to watch (an
/// error response) the connection closes after it. Returns whether it all went.
pub(crate) fn send(
    s: &mut Transport,
    conn: &mut ServerConnection,
    response: Response,
    shutdown: Option<&Shutdown>,
) -> bool {
    let date = wire::date::http_date(SystemTime::now());
    let closing = || shutdown.is_none_or(Shutdown::is_triggered);
    let fields = field_pairs(&response.headers);
    let (length, pieces) = match response.body {
        Body::Full(body) => {
            let bytes = conn.send_response(
                response.status,
                &fields,
                &body,
                &date,
                closing(),
                Instant::now(),
            );
            return bytes.is_ok_and(|bytes| s.write_all(&bytes).is_ok());
        }
        Body::Stream { length, pieces } => (length, pieces),
    };
    let head = conn.send_head(response.status, &fields, length, &date, closing());
    if !head.is_ok_and(|head| s.write_all(&head).is_ok()) {
        return false;
    }
    // HEAD, 204, 304: the head said it all; the pieces are not even made.
    let wanted = !matches!(
        conn.state(),
        State::SendingBody {
            framing: BodyFraming::None,
            ..
        }
    );
    for piece in pieces.take_while(|_| wanted) {
        // At shutdown, a stream with no end of its own (events, lines) ends here, cleanly.
        if length.is_none() && closing() {
            break;
        }
        // A piece that cannot be made (a file read failed) ends the connection.
        let framed = piece.ok().and_then(|piece| conn.send_data(&piece).ok());
        if framed.is_none_or(|bytes| s.write_all(&bytes).is_err()) {
            return false;
        }
    }
    conn.end_body(Instant::now())
        .is_ok_and(|end| s.write_all(&end).is_ok())
}
// ANCHOR_END: send

/// Runs a handler. A panic in it becomes a `500` for this request only:
/// the connection thread, and the server, go on.
pub(crate) fn answer(handler: impl FnOnce() -> Response) -> Response {
    match catch_unwind(AssertUnwindSafe(handler)) {
        Ok(response) => response,
        Err(_) => Response::error(StatusCode::INTERNAL_SERVER_ERROR, "the handler panicked"),
    }
}
