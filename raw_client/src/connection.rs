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
//! What only matters to a client with a body is the [`Upload`]: the loop
//! sends the body itself, a piece at a time, and looks for the server's
//! answer between pieces, so a server that answers early (a `413`) and
//! stops reading is heard instead of waited on; with `Expect: 100-continue`
//! the body is held back until the server says to go on, or says no. A GET
//! has nothing to upload, and the loop is the plain one. Every write and
//! read waits only for the time `-m` leaves.
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

/// How long one write of the body may wait for room in the socket before
/// the loop looks for an answer again: how late, at most, an early answer
/// is noticed while the server is not reading.
const SEND_SLICE: Duration = Duration::from_millis(50);

/// The most of the body offered to one write, so the loop looks for an
/// answer every so often even when the writes never wait.
const SEND_PIECE: usize = 64 * 1024;

/// The request's body, as the read loop sends it.
///
/// ```text
/// Held ──100 Continue, or EXPECT_WAIT of silence──> Sending ──all written──> Sent
///   │                                                 │
///   └──a final answer first──> (never sent)           └──a final answer first──> Stopped
/// ```
///
/// A session writes the head itself, then hands the body to
/// [`read_response`], which writes it a piece at a time and looks for the
/// server's answer between pieces. A server may answer before it has read
/// the body (a `413 Content Too Large`, a `401`, a redirect) and stop
/// reading: a client that only wrote would wait forever on a full socket,
/// and never see the answer. RFC 9112 §9.5 asks a client sending a body to
/// "monitor the network connection for an error response"; curl stops
/// sending when a final answer comes first, and so does this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upload<'a> {
    /// No body, or all of it sent.
    Sent,
    /// Held back because the request said `Expect: 100-continue` (RFC 9110
    /// §10.1.1): it goes when `100 Continue` comes, or after [`EXPECT_WAIT`].
    Held(&'a [u8]),
    /// Going out: the first `sent` bytes of `body` are written.
    Sending { body: &'a [u8], sent: usize },
    /// A final answer came first: the rest was never sent, and the
    /// connection is not used again (the server may still be reading it).
    Stopped,
}

/// Reads one response to a `method` request off `stream`, sending the
/// request's body as `upload` says meanwhile, and handing each piece to
/// `on` as it arrives, with the pieces `--trace` recorded since the last
/// one (and [`ResponsePart::Upload`] when the body has gone, or stopped).
/// Returns the final head and whether the connection can be reused.
/// `Ok(None)` means the connection closed before a single byte came back:
/// on a reused connection, the server had closed it while idle.
///
/// A final answer that comes before the body is all sent stops the upload
/// (see [`Upload`]); one that comes before a held body is sent means it is
/// never sent. Either way the connection is not reused.
pub fn read_response(
    stream: &mut Stream,
    deadline: Option<Instant>,
    mut upload: Upload<'_>,
    method: &str,
    trace: bool,
    mut on: impl FnMut(ResponsePart<'_>, Vec<(Piece, Vec<u8>)>) -> Result<(), ClientError>,
) -> Result<Option<Outcome>, ClientError> {
    // The method matters: the answer to HEAD has no body, whatever its
    // Content-Length says.
    let mut reader = ResponseReader::new(method);
    reader.set_trace(trace);
    let mut buf = Vec::new();
    let mut chunk = [0; 16 * 1024];
    let mut eof = false;
    let mut received = 0;
    let mut last = None;
    // A write of the body that failed: reported if no answer explains it.
    let mut send_error = None;
    loop {
        let event = match reader.next_event(&mut buf, eof) {
            Err(wire::Error::UnexpectedEof) if received == 0 => {
                return match send_error {
                    Some(e) => Err(ClientError::Send(e)),
                    None => Ok(None),
                };
            }
            other => other?,
        };
        match event {
            // ANCHOR: need_more
            ResponseEvent::NeedMore => {
                let n = if let Upload::Sending { body, sent } = upload {
                    // A piece of the body, then a look for an answer
                    // without waiting for one.
                    match send_step(stream, &body[sent..], deadline) {
                        Ok(Some(n)) if sent + n < body.len() => {
                            upload = Upload::Sending {
                                body,
                                sent: sent + n,
                            }
                        }
                        // The last byte is out: sent, whatever comes back
                        // next (a fast server may already have answered).
                        Ok(_) => {
                            upload = Upload::Sent;
                            on(
                                ResponsePart::Upload {
                                    sent: body,
                                    total: body.len(),
                                },
                                Vec::new(),
                            )?;
                        }
                        // The server closed or reset the connection: its
                        // answer, if it sent one, may be there to read.
                        Err(ClientError::Send(e)) if !crate::error::timed_out(&e) => {
                            upload = Upload::Stopped;
                            send_error = Some(e);
                            continue;
                        }
                        Err(e) => return Err(e),
                    }
                    match stream.read_now(&mut chunk) {
                        Ok(Some(n)) => n,
                        Ok(None) => continue,
                        Err(_) if received == 0 && send_error.is_none() => return Ok(None),
                        Err(e) => return Err(ClientError::Receive(e)),
                    }
                } else {
                    // `-m` is a deadline for the whole transfer: each read
                    // may wait only for the time that is left.
                    let expect_by =
                        matches!(upload, Upload::Held(_)).then(|| Instant::now() + EXPECT_WAIT);
                    stream.set_deadline([deadline, expect_by].into_iter().flatten().min())?;
                    match stream.read(&mut chunk) {
                        Ok(n) => n,
                        // No answer to the Expect yet: send the body anyway.
                        Err(e) if expect_by.is_some() && crate::error::timed_out(&e) => {
                            upload = upload.go_ahead();
                            continue;
                        }
                        // A timeout is a timeout (exit 28), whenever it comes.
                        Err(e) if crate::error::timed_out(&e) => {
                            return Err(ClientError::Receive(e));
                        }
                        // Reset before a single byte: the server had dropped the connection.
                        Err(_) if received == 0 && send_error.is_none() => return Ok(None),
                        Err(e) if received == 0 => {
                            return Err(ClientError::Send(send_error.unwrap_or(e)));
                        }
                        Err(e) => return Err(ClientError::Receive(e)),
                    }
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
                    upload = upload.go_ahead();
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
                // The answer came before the body was all sent: stop
                // sending it (a held body is never sent at all).
                match upload {
                    Upload::Sending { body, sent } => {
                        on(
                            ResponsePart::Upload {
                                sent: &body[..sent],
                                total: body.len(),
                            },
                            Vec::new(),
                        )?;
                        upload = Upload::Stopped;
                    }
                    Upload::Held(_) => upload = Upload::Stopped,
                    Upload::Sent | Upload::Stopped => {}
                }
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
                    keep_alive: reader.keep_alive() && upload == Upload::Sent,
                }));
            }
        }
    }
}

impl Upload<'_> {
    /// The server said to go on (or was silent long enough): a held body starts going.
    fn go_ahead(self) -> Self {
        match self {
            Upload::Held(body) => Upload::Sending { body, sent: 0 },
            other => other,
        }
    }
}

/// One step of sending the body: one write of up to [`SEND_PIECE`] bytes
/// of `rest`, or once `rest` is empty a flush (TLS may still hold records),
/// waiting at most [`SEND_SLICE`] and never past `deadline`. Returns how
/// many bytes were written (0 when the socket had no room in the slice), or
/// `None` when all of the body is out.
fn send_step(
    stream: &mut Stream,
    rest: &[u8],
    deadline: Option<Instant>,
) -> Result<Option<usize>, ClientError> {
    let slice_end = Instant::now() + SEND_SLICE;
    stream.set_deadline(Some(deadline.map_or(slice_end, |d| d.min(slice_end))))?;
    let written = if rest.is_empty() {
        stream.flush().map(|()| None)
    } else {
        let piece = &rest[..rest.len().min(SEND_PIECE)];
        stream.write(piece).map(Some)
    };
    match written {
        Ok(Some(0)) => Err(ClientError::Send(ErrorKind::WriteZero.into())),
        Ok(done) => Ok(done),
        // No room in this slice; unless `-m` is over, look for an answer
        // and try again.
        Err(e) if crate::error::timed_out(&e) && deadline.is_none_or(|d| Instant::now() < d) => {
            Ok(Some(0))
        }
        Err(e) => Err(ClientError::Send(e)),
    }
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
    read_response(&mut stream, None, Upload::Sent, method, false, |part, _| {
        recorder.record(part);
        Ok(())
    })?
    .ok_or(ClientError::Response(wire::Error::UnexpectedEof))?;
    recorder
        .finish(request.to_vec())
        .ok_or(ClientError::Response(wire::Error::UnexpectedEof))
}
