//! The read loop: one response read off a connection by its framing, and
//! handed on piece by piece as it comes.
//!
//! [`read_response`] is the loop every raw client runs: read what has
//! arrived into a buffer, ask [`wire::ResponseReader`] what it means, and
//! read more only when it says `NeedMore`. The response's framing
//! (`Content-Length`, chunked, or close) says where it ends; a client that
//! read until the server closed would hang on every keep-alive connection,
//! and one that called `read` once would cut off any response bigger than
//! one TCP segment. The body is handed on piece by piece, never held
//! whole, so a 100 MB download takes no more memory than a small one.
//!
//! One thing here only matters to a client with a body: `Expect:
//! 100-continue`, where the body is held back until the server says to go
//! on, or says no. A GET passes no held body, and the loop is the plain one.
//!
//! The [`session`](crate::session) writes the request and prints what this
//! hands it; [`send`] does one whole exchange for a program that wants the
//! response as a value.

use std::io::{ErrorKind, Read, Write};
use std::time::{Duration, Instant};

use wire::trace::Piece;
use wire::{HttpUrl, ResponseEvent, ResponseHead, ResponseReader};

use crate::ClientError;
use crate::exchange::{Exchange, Recorder, ResponsePart};
use crate::transport::{ConnectOptions, Stream, connect};

/// How one response went.
#[derive(Debug)]
pub struct Outcome {
    /// The final head.
    pub head: ResponseHead,
    /// May the connection carry another request?
    pub keep_alive: bool,
}

/// How long to wait for `100 Continue` before sending the body anyway:
/// curl's default, for servers that do not know `Expect`.
pub const EXPECT_WAIT: Duration = Duration::from_secs(1);

/// Reads one response to a `method` request off `stream`, handing each
/// piece to `on` as it arrives, with the pieces `--trace` recorded since the
/// last one. Returns the final head and whether the connection can be
/// reused. `Ok(None)` means the connection closed before a single byte
/// came back: on a reused connection, the server had closed it while idle.
///
/// `held_body` is a body not sent yet because the request said `Expect:
/// 100-continue` (RFC 9110 §10.1.1): it is written when `100 Continue`
/// comes, or after [`EXPECT_WAIT`] of silence. If a final answer comes
/// first (a `413`, say), the body is never sent, and the connection is not
/// reused: the server may still be waiting for it.
pub fn read_response(
    stream: &mut Stream,
    deadline: Option<Instant>,
    mut held_body: Option<&[u8]>,
    method: &str,
    trace: bool,
    mut on: impl FnMut(ResponsePart<'_>, Vec<(Piece, Vec<u8>)>) -> Result<(), ClientError>,
) -> Result<Option<Outcome>, ClientError> {
    // The method matters: the answer to HEAD has no body, whatever its
    // Content-Length says.
    let mut reader = ResponseReader::new(method);
    reader.set_trace(trace);
    let mut buf = Vec::new();
    let mut eof = false;
    let mut received = 0;
    let mut last = None;
    loop {
        let event = match reader.next_event(&mut buf, eof) {
            Err(wire::Error::UnexpectedEof) if received == 0 => return Ok(None),
            other => other?,
        };
        match event {
            // ANCHOR: need_more
            ResponseEvent::NeedMore => {
                // `-m` is a deadline for the whole transfer: each read may
                // wait only for the time that is left.
                let expect_by = held_body.map(|_| Instant::now() + EXPECT_WAIT);
                stream.set_deadline([deadline, expect_by].into_iter().flatten().min())?;
                let mut chunk = [0; 16 * 1024];
                let n = match stream.read(&mut chunk) {
                    Ok(n) => n,
                    // No answer to the Expect yet: send the body anyway.
                    Err(e)
                        if held_body.is_some()
                            && matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                    {
                        send_held(stream, &mut held_body, deadline)?;
                        continue;
                    }
                    // A timeout is a timeout (exit 28), whenever it comes.
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                        return Err(ClientError::Receive(e));
                    }
                    // Reset before a single byte: the server had dropped the connection.
                    Err(_) if received == 0 => return Ok(None),
                    Err(e) => return Err(ClientError::Receive(e)),
                };
                // 0 bytes: the server closed its side. That ends a
                // close-delimited body, and is an error anywhere else.
                eof = n == 0;
                received += n;
                buf.extend_from_slice(&chunk[..n]);
            }
            // ANCHOR_END: need_more
            ResponseEvent::Interim(head) => {
                if head.status == 100 {
                    send_held(stream, &mut held_body, deadline)?;
                }
                let traced = reader.take_trace();
                on(
                    ResponsePart::Interim {
                        raw: reader.head_bytes(),
                        head: &head,
                    },
                    traced,
                )?
            }
            ResponseEvent::Head(head) => {
                let traced = reader.take_trace();
                on(
                    ResponsePart::Head {
                        raw: reader.head_bytes(),
                        head: &head,
                    },
                    traced,
                )?;
                last = Some(head);
            }
            ResponseEvent::Data(bytes) => on(ResponsePart::Body(&bytes), reader.take_trace())?,
            ResponseEvent::End => {
                let head = last.ok_or(ClientError::Response(wire::Error::UnexpectedEof))?;
                // The end, with a chunked body's trailer fields, and the
                // last pieces for --trace (last chunk, trailers, end).
                let traced = reader.take_trace();
                on(
                    ResponsePart::End {
                        trailers: reader.trailer_bytes(),
                    },
                    traced,
                )?;
                return Ok(Some(Outcome {
                    head,
                    keep_alive: reader.keep_alive() && held_body.is_none(),
                }));
            }
        }
    }
}

/// Writes the held-back body, once, with the transfer's own deadline
/// (not the short wait for `100 Continue`, which was for reading).
fn send_held(
    stream: &mut Stream,
    held_body: &mut Option<&[u8]>,
    deadline: Option<Instant>,
) -> Result<(), ClientError> {
    if let Some(body) = held_body.take() {
        stream.set_deadline(deadline)?;
        stream
            .write_all(body)
            .and_then(|()| stream.flush())
            .map_err(ClientError::Send)?;
    }
    Ok(())
}

/// Connects, sends `request` (bytes a client made, head and body), and
/// reads the whole response to it: for a program that wants the response
/// as a value (the tour, the tests). `https://` trusts the system's CAs.
pub fn send(url: &HttpUrl, method: &str, request: &[u8]) -> Result<Exchange, ClientError> {
    let mut options = ConnectOptions::default();
    if url.scheme == wire::url::Scheme::Https {
        options.tls = Some(crate::transport::tls_config(None, false)?);
    }
    let mut stream: Stream = connect(url, &options, None::<Instant>)?;
    stream.write_all(request).map_err(ClientError::Send)?;
    let mut recorder = Recorder::new();
    read_response(&mut stream, None, None, method, false, |part, _| {
        recorder.record(part);
        Ok(())
    })?
    .ok_or(ClientError::Response(wire::Error::UnexpectedEof))?;
    recorder
        .finish(request.to_vec())
        .ok_or(ClientError::Response(wire::Error::UnexpectedEof))
}
