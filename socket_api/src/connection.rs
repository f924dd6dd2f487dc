//! One client connection: read a request, answer it, and again, until the
//! connection should close.
//!
//! ```text
//!   wait for the first byte (idle timeout) ──> read the head (header timeout)
//!        ^                                        │ check Host, framing, method
//!        │                                        v
//!   keep-alive?  <── write the response  <── read the body (max body) ──> handler
//! ```
//!
//! Each connection runs on its own thread, so a slow client only ever holds
//! up itself. The timeouts are how a thread gets free of a client that
//! stops talking: an idle connection is closed after `--idle-timeout`, and a
//! head or body that stalls for `--header-timeout` gets `408` and a close.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown as Both, SocketAddr, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant, SystemTime};

use wire::head::{Parsed, parse_request_head};
use wire::{BodyDecoder, BodyEvent, BodyKind, RequestHead, StatusCode, Version};

use crate::error::RequestError;
use crate::request::origin_form;
use crate::response::Persistence;
use crate::routes::Router;
use crate::server::Tracker;
use crate::{Config, Request, Response, Shutdown, app};

/// The methods RFC 9110 §9 defines (plus PATCH, RFC 5789). Anything else
/// gets `501 Not Implemented`; a known method the path does not take gets
/// `405 Method Not Allowed`.
const KNOWN_METHODS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
];

/// What a connection needs from the server it belongs to.
pub(crate) struct Context<'a> {
    pub config: &'a Config,
    pub router: &'a Router,
    pub shutdown: &'a Shutdown,
    pub tracker: &'a Tracker,
    pub id: u64,
}

/// Serves requests on `stream` until it closes. Never panics on bad input:
/// every failure is a status code, a log line and a closed connection.
pub(crate) fn serve(mut stream: TcpStream, peer: SocketAddr, cx: Context<'_>) {
    // Small responses go out at once instead of waiting to be batched.
    let _ = stream.set_nodelay(true);
    // A client that never reads its answers must not hold this thread forever.
    let _ = stream.set_write_timeout(Some(cx.config.header_timeout));
    let mut buf = Vec::with_capacity(8 * 1024);
    loop {
        let started = match wait_for_request(&mut stream, &mut buf, cx.config.idle_timeout) {
            Some(started) => started,
            None => return, // closed by the client, idle too long, or shutting down
        };
        cx.tracker.set_busy(cx.id, true);
        match read_request(&mut stream, &mut buf, peer, &cx) {
            Ok(request) => {
                let response = answer(cx.router, &request);
                let close = !request.head.keep_alive() || cx.shutdown.is_triggered();
                let persistence = Persistence::for_request(
                    request.head.version,
                    request.head.keep_alive(),
                    close,
                );
                let head_only = request.method() == "HEAD";
                let sent =
                    stream.write_all(&response.to_bytes(head_only, persistence, SystemTime::now()));
                log(Some(&request.head), peer, response.status, started, None);
                if sent.is_err() || close {
                    return;
                }
            }
            Err((head, error)) => {
                if let Some(status) = error.status() {
                    let response = Response::error(status, &error.to_string());
                    let head_only = head.as_ref().is_some_and(|h| h.method == "HEAD");
                    let _ = stream.write_all(&response.to_bytes(
                        head_only,
                        Persistence::Close,
                        SystemTime::now(),
                    ));
                    log(head.as_ref(), peer, status, started, Some(&error));
                    linger_close(&mut stream);
                }
                return;
            }
        }
        cx.tracker.set_busy(cx.id, false);
        if cx.shutdown.is_triggered() {
            return;
        }
    }
}

/// Waits for the first byte of the next request, for at most `idle`.
/// Returns when it arrived, or `None` if the connection should just close.
/// Bytes already in `buf` (a pipelined request) count as arrived.
fn wait_for_request(stream: &mut TcpStream, buf: &mut Vec<u8>, idle: Duration) -> Option<Instant> {
    if buf.is_empty() {
        match read_some(stream, buf, Instant::now() + idle) {
            Ok(()) => {}
            // Closing an idle connection needs no response (RFC 9112 §9.5).
            Err(_) => return None,
        }
    }
    Some(Instant::now())
}

/// Reads one request: head, checks, body. On error, also returns the head
/// if it was read, so the log line can name the request.
fn read_request(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    peer: SocketAddr,
    cx: &Context<'_>,
) -> Result<Request, (Option<RequestHead>, RequestError)> {
    let deadline = Instant::now() + cx.config.header_timeout;
    let head = loop {
        match parse_request_head(buf, cx.config.limits) {
            Ok(Parsed::Complete { head, len }) => {
                buf.drain(..len);
                break head;
            }
            Ok(Parsed::Partial) => read_some(stream, buf, deadline).map_err(|e| (None, e))?,
            Err(e) => return Err((None, e.into())),
        }
    };
    let checked = check(&head);
    let target = match checked {
        Ok(target) => target,
        Err(e) => return Err((Some(head), e)),
    };
    match read_body(stream, buf, &head, cx.config) {
        Ok(body) => Ok(Request {
            head,
            target,
            body,
            peer,
        }),
        Err(e) => Err((Some(head), e)),
    }
}

/// The checks a head must pass before its body is read: a target we can
/// route, a `Host` (RFC 9112 §3.2), and a method we know.
fn check(head: &RequestHead) -> Result<String, RequestError> {
    let target = origin_form(&head.target).ok_or(RequestError::BadTarget)?;
    let hosts = head.headers.get_all("Host").count();
    let hosts_ok = match head.version {
        Version::Http11 => hosts == 1,
        Version::Http10 => hosts <= 1,
    };
    if !hosts_ok {
        return Err(RequestError::HostCount { count: hosts });
    }
    if let Some(bad) = head
        .headers
        .get_all("Host")
        .find(|value| !is_valid_host(value))
    {
        return Err(RequestError::InvalidHost(bad.to_string()));
    }
    if !KNOWN_METHODS.contains(&head.method.as_str()) {
        return Err(RequestError::UnknownMethod(head.method.clone()));
    }
    Ok(target)
}

/// Is `value` a valid `Host` field value, `uri-host [ ":" port ]`
/// (RFC 9110 §7.2, RFC 3986 §3.2.2)? Empty is allowed: that is what a
/// client sends for a target with no authority.
fn is_valid_host(value: &str) -> bool {
    let (host, port) = match value.strip_prefix('[') {
        // An IP literal: [::1]:8080
        Some(rest) => match rest.split_once(']') {
            Some((ip, port)) => (ip, port),
            None => return false,
        },
        None => match value.rsplit_once(':') {
            Some((host, _)) => (host, &value[host.len()..]),
            None => (value, ""),
        },
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    // reg-name: unreserved, percent-encoded and sub-delims; for an IP literal also ':'.
    let host_ok = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=:".contains(&b));
    port_ok && host_ok && (value.starts_with('[') || !host.contains(':'))
}

/// Reads the body by its framing, refusing one larger than `max_body`:
/// at once when `Content-Length` says so, or as soon as a chunked body
/// passes the limit.
fn read_body(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    head: &RequestHead,
    config: &Config,
) -> Result<Vec<u8>, RequestError> {
    let kind = wire::framing::request_body_kind(head)?;
    let too_large = RequestError::BodyTooLarge {
        limit: config.max_body,
    };
    if let BodyKind::Length(n) = kind {
        if n > config.max_body as u64 {
            return Err(too_large);
        }
    }
    if let Some(expect) = head.headers.get("Expect") {
        if !expect.eq_ignore_ascii_case("100-continue") {
            return Err(RequestError::Expectation(expect.to_string()));
        }
        // The client waits for this before sending the body (RFC 9110 §10.1.1).
        // It has already been told "too large" above if the length says so.
        if kind != BodyKind::Empty && buf.is_empty() && head.version == Version::Http11 {
            stream
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .map_err(|_| RequestError::ClientGone)?;
        }
    }
    let mut decoder = BodyDecoder::new(kind);
    let mut body = Vec::new();
    loop {
        // Requests are never close-delimited, so eof is never "the end".
        match decoder.decode(buf, false)? {
            BodyEvent::Data(data) => {
                body.extend_from_slice(&data);
                if body.len() > config.max_body {
                    return Err(too_large);
                }
            }
            BodyEvent::End => return Ok(body),
            BodyEvent::NeedMore => read_some(stream, buf, Instant::now() + config.header_timeout)?,
        }
    }
}

/// Runs the handler. A panic in it becomes a `500` for this request only:
/// the connection thread, and the server, go on.
fn answer(router: &Router, request: &Request) -> Response {
    match catch_unwind(AssertUnwindSafe(|| app::respond(router, request))) {
        Ok(response) => response,
        Err(_) => Response::error(StatusCode::INTERNAL_SERVER_ERROR, "the handler panicked"),
    }
}

/// Reads whatever is available (at least one byte) into `buf`, waiting no
/// later than `deadline`.
fn read_some(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    deadline: Instant,
) -> Result<(), RequestError> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(RequestError::Timeout);
    }
    let _ = stream.set_read_timeout(Some(left));
    let mut chunk = [0u8; 8 * 1024];
    match stream.read(&mut chunk) {
        Ok(0) => Err(RequestError::ClientGone),
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            Ok(())
        }
        // A read timeout shows up as WouldBlock on Unix and TimedOut on Windows.
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
            Err(RequestError::Timeout)
        }
        Err(e) if e.kind() == ErrorKind::Interrupted => Ok(()),
        Err(_) => Err(RequestError::ClientGone),
    }
}

/// Closes after an error response without destroying it. If unread request
/// bytes are still arriving when a socket is closed, the kernel answers with
/// a reset, and the client may lose the response it has not read yet. So:
/// stop sending, read and discard for a moment, then close (what nginx calls
/// "lingering close").
///
/// The lingering is bounded in time (2 s in all, like nginx's
/// `lingering_time`) and in bytes (1 MiB), so a client that keeps
/// trickling cannot hold the thread.
fn linger_close(stream: &mut TcpStream) {
    let _ = stream.shutdown(Both::Write);
    let until = Instant::now() + Duration::from_secs(2);
    let mut sink = [0u8; 8 * 1024];
    let mut discarded = 0;
    while discarded < 1024 * 1024 {
        let left = until
            .saturating_duration_since(Instant::now())
            .min(Duration::from_millis(500));
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => discarded += n,
        }
    }
}

/// One line per request: `GET /api?x=1 from 127.0.0.1:56244 -> 200 OK (0.2 ms)`.
fn log(
    head: Option<&RequestHead>,
    peer: SocketAddr,
    status: StatusCode,
    started: Instant,
    error: Option<&RequestError>,
) {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let (method, target) = head.map_or(("-", "-"), |h| (h.method.as_str(), h.target.as_str()));
    match error {
        None => tracing::info!("{method} {target} from {peer} -> {status} ({ms:.1} ms)"),
        Some(e) => tracing::info!("{method} {target} from {peer} -> {status} ({ms:.1} ms): {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_values() {
        for ok in [
            "x",
            "example.com",
            "example.com:8080",
            "127.0.0.1:80",
            "[::1]",
            "[::1]:8080",
            "",
        ] {
            assert!(is_valid_host(ok), "{ok:?}");
        }
        for bad in ["a b", "a/b", "a:b", "a:80:80", "[::1", "a@b", "a?b"] {
            assert!(!is_valid_host(bad), "{bad:?}");
        }
    }
}
