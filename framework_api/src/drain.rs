//! Reading what a handler left of the request body, so the connection lives.
//!
//! On a keep-alive connection the next request starts right after this
//! one's body. A handler that answers without reading the body (our 404,
//! 405 and 415) leaves those bytes on the socket, and the server must do
//! something about them before it can read the next request head:
//!
//! - read them and throw them away (`socket_api` reads every body, up to
//!   `--max-body`, before it even routes the request), or
//! - close the connection, and say so with `Connection: close`, as
//!   RFC 9110 §10.1.1 asks of a server that answers "before reading the
//!   entire request content".
//!
//! hyper does neither well on its own. When the handler drops the body,
//! hyper reads once more from the socket and, if the body is not all there,
//! gives up and closes: after a response that did not say `Connection:
//! close`. A client that sent its next request meets a closed socket, or a
//! reset (the kernel resets a connection closed with unread bytes).
//!
//! [`drain_unread_body`] is a middleware that does the first thing, like
//! `socket_api`: after the handler, it reads whatever is left of the body, up
//! to `--max-body` bytes more (so at most twice `--max-body` in all, when a
//! handler read up to the limit and stopped), and the connection carries the
//! next request. When
//! it cannot (too much is left, the client sent `Expect: 100-continue` and
//! is waiting for our word before it sends the body, the body broke, or it
//! stalls), the response says `Connection: close`, and hyper, seeing that
//! header, closes after writing it. Go's `net/http` does the same, with a
//! 256 KiB budget.
//!
//! A production server would also wait a moment before closing, reading and
//! discarding what keeps arriving ("lingering close", as `socket_api` does
//! after an error), so the client reads the answer instead of a reset.
//! hyper owns the socket here and does not linger: that difference is in
//! the parity list.

use axum::{
    body::{Body, Bytes, HttpBody},
    extract::{Request, State},
    http::{
        HeaderValue,
        header::{CONNECTION, CONTENT_LENGTH, EXPECT},
    },
    middleware::Next,
    response::Response,
};
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;
use std::{
    pin::Pin,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    task::{Context, Poll},
    time::Duration,
};

/// How long the rest of a body may take to arrive. hyper sets no time limit
/// on a body; a client that stalls halfway must not hold the connection
/// open for ever on our account.
const DRAIN_TIME: Duration = Duration::from_secs(5);

/// The middleware: give the handler a body we can still reach afterwards,
/// run the handler, then read what it left.
///
/// `max_body` (the `State`) is the most we read on the handler's behalf,
/// the same `--max-body` that bounds what a handler may read.
pub async fn drain_unread_body(
    State(max_body): State<usize>,
    request: Request,
    next: Next,
) -> Response {
    // With `Expect: 100-continue` the client waits for our `100 Continue`
    // before sending the body, and hyper sends one the first time the body
    // is read. A handler that never read it has answered "don't bother";
    // reading it now would invite the very bytes the client held back.
    let expects_continue = request.headers().contains_key(EXPECT);
    // Over the limit by its own declaration: not worth reading.
    let declared_too_big = declared_length(&request).is_some_and(|length| length > max_body);

    let (parts, body) = request.into_parts();
    let shared = SharedBody::new(body);
    let mut response = next
        .run(Request::from_parts(parts, Body::new(shared.clone())))
        .await;

    let finished = shared.is_end_stream()
        || (!expects_continue
            && !declared_too_big
            && tokio::time::timeout(DRAIN_TIME, read_to_end(shared, max_body))
                .await
                .unwrap_or(false));
    if !finished {
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// The `Content-Length` of the request, if it has a valid one. (hyper has
/// already refused a request whose `Content-Length` is not a number.)
fn declared_length(request: &Request) -> Option<usize> {
    request
        .headers()
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Reads and discards `body` to its end. `true` if the end came within
/// `budget` bytes; `false` if it did not, or the body broke.
async fn read_to_end(mut body: SharedBody, budget: usize) -> bool {
    let mut read = 0usize;
    loop {
        match body.frame().await {
            None => return true,
            Some(Err(_)) => return false,
            Some(Ok(frame)) => {
                read = read.saturating_add(frame.data_ref().map_or(0, Bytes::len));
                if read > budget {
                    return false;
                }
            }
        }
    }
}

/// One request body, reachable from two places: the handler reads it
/// through one clone, and [`drain_unread_body`] reads the rest through the
/// other once the handler has returned (and dropped its clone).
///
/// The two never read at the same time, so the lock is never contended; it
/// is there because the handler may run on another thread. A `Mutex` is
/// poisoned only if a thread panicked while holding it, and a body half
/// read by a panicking handler is still a body: take it anyway.
#[derive(Debug, Clone)]
struct SharedBody(Arc<Mutex<Inner>>);

#[derive(Debug)]
struct Inner {
    body: Body,
    /// The body said it had no more frames: it was read to its end.
    ended: bool,
}

impl SharedBody {
    fn new(body: Body) -> SharedBody {
        SharedBody(Arc::new(Mutex::new(Inner { body, ended: false })))
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl HttpBody for SharedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let mut inner = self.lock();
        let polled = Pin::new(&mut inner.body).poll_frame(cx);
        if let Poll::Ready(None) = polled {
            inner.ended = true;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        let inner = self.lock();
        inner.ended || inner.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.lock().body.size_hint()
    }
}
