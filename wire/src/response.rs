//! Reading a whole response, the client's side of the conversation.
//!
//! [`ResponseReader`] puts the pieces together in the order RFC 9112 §6.3
//! gives: parse a head; if it is an interim `1xx` (such as `100 Continue`),
//! report it and parse another; pick the body's framing from the final head
//! and the request's method; read the body; then say whether the connection
//! may carry another request. Like the rest of this crate it never reads a
//! socket: the client reads, and asks the reader what the bytes mean.

use crate::Error;
use crate::body::{BodyDecoder, BodyEvent};
use crate::framing::{BodyKind, response_body_kind};
use crate::head::{HeadLimits, Parsed, ResponseHead, parse_response_head};
use crate::trace::{Piece, head_pieces};

/// What the reader found at the front of the buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseEvent {
    /// An interim `1xx` response, e.g. `100 Continue`. The final one follows.
    Interim(ResponseHead),
    /// The final response's head. Body data, if any, follows.
    Head(ResponseHead),
    /// Some bytes of the body (already de-chunked).
    Data(Vec<u8>),
    /// The response is complete.
    End,
    /// Read more bytes, then call again.
    NeedMore,
}

/// How many bytes of interim `1xx` heads one response may bring before its
/// final head: curl's bound (300 KiB for all the heads of a response, since
/// curl 8.3; CVE-2023-38039 was a server sending headers without end). Each
/// head is also bounded on its own, but a server could send `102
/// Processing` forever, each small, and a client that never stops reading
/// them never finishes.
pub const MAX_INTERIM_BYTES: usize = 300 * 1024;

#[derive(Debug, Clone)]
enum State {
    Head,
    Body { body: BodyDecoder, keep_alive: bool },
    Done { keep_alive: bool },
}

/// Reads one response, sans-IO. Make one per request sent.
#[derive(Debug, Clone)]
pub struct ResponseReader {
    request_method: String,
    limits: HeadLimits,
    state: State,
    /// The bytes of the last head parsed, as received (see [`ResponseReader::head_bytes`]).
    head_bytes: Vec<u8>,
    /// With `--trace`: every piece taken off the buffer, labelled.
    trace: Option<Vec<(Piece, Vec<u8>)>>,
    /// A chunked body's trailer fields, kept when the body ends.
    trailers: Vec<u8>,
    /// The bytes of the interim heads so far, bounded by [`MAX_INTERIM_BYTES`].
    interim_bytes: usize,
}

impl ResponseReader {
    /// A reader for the answer to a request made with `request_method`: the
    /// method matters, because the answer to `HEAD` never has a body.
    pub fn new(request_method: &str) -> ResponseReader {
        ResponseReader {
            request_method: request_method.to_string(),
            // A client takes larger heads than our server does: real sites send
            // long cookies and security headers. These are hyper's limits.
            limits: HeadLimits {
                max_head_bytes: 400 * 1024,
                max_headers: 100,
            },
            state: State::Head,
            head_bytes: Vec::new(),
            trace: None,
            trailers: Vec::new(),
            interim_bytes: 0,
        }
    }

    /// Records every piece of the response as it is taken off the buffer,
    /// labelled (status line, header, chunk size...), for `--trace`.
    pub fn set_trace(&mut self, on: bool) {
        self.trace = on.then(Vec::new);
    }

    /// The pieces recorded since the last call, in the order they arrived.
    /// Call it after each event to print a trace as the response comes in.
    pub fn take_trace(&mut self) -> Vec<(Piece, Vec<u8>)> {
        self.trace.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Takes what it can off the front of `buf`. `eof` says the server has
    /// closed the connection: that ends a close-delimited body, and is an
    /// error anywhere else.
    pub fn next_event(&mut self, buf: &mut Vec<u8>, eof: bool) -> Result<ResponseEvent, Error> {
        match &mut self.state {
            State::Head => {
                let Parsed::Complete { head, len } = parse_response_head(buf, self.limits)? else {
                    return if eof {
                        Err(Error::UnexpectedEof)
                    } else {
                        Ok(ResponseEvent::NeedMore)
                    };
                };
                // Kept, not just dropped: `curl -i` and `-v` show a head as it came.
                self.head_bytes = buf.drain(..len).collect();
                if let Some(trace) = &mut self.trace {
                    trace.extend(head_pieces(&self.head_bytes, Piece::StatusLine));
                }
                // 101 Switching Protocols is final: the connection stops being HTTP.
                if (100..200).contains(&head.status) && head.status != 101 {
                    self.interim_bytes += len;
                    if self.interim_bytes > MAX_INTERIM_BYTES {
                        return Err(Error::InterimTooLarge {
                            limit: MAX_INTERIM_BYTES,
                        });
                    }
                    return Ok(ResponseEvent::Interim(head));
                }
                let kind = response_body_kind(&self.request_method, &head)?;
                let keep_alive = head.keep_alive() && kind != BodyKind::CloseDelimited;
                let mut body = BodyDecoder::new(kind);
                body.set_trace(self.trace.is_some());
                self.state = State::Body { body, keep_alive };
                Ok(ResponseEvent::Head(head))
            }
            State::Body { body, keep_alive } => {
                let event = body.decode(buf, eof)?;
                if let Some(trace) = &mut self.trace {
                    match (&*body, &event) {
                        (BodyDecoder::Chunked(_), _) => trace.extend(body.take_trace()),
                        (_, BodyEvent::Data(data)) => trace.push((Piece::Body, data.clone())),
                        _ => {}
                    }
                }
                Ok(match event {
                    BodyEvent::Data(data) => ResponseEvent::Data(data),
                    BodyEvent::NeedMore => ResponseEvent::NeedMore,
                    BodyEvent::End => {
                        self.trailers = body.trailers().to_vec();
                        self.state = State::Done {
                            keep_alive: *keep_alive,
                        };
                        ResponseEvent::End
                    }
                })
            }
            State::Done { .. } => Ok(ResponseEvent::End),
        }
    }

    /// The bytes of the head that the last [`ResponseEvent::Interim`] or
    /// [`ResponseEvent::Head`] reported, exactly as they were received, up to
    /// and including the empty line: what `curl -i` prints. Empty before the
    /// first head. The parsed head says what the bytes mean; these say how
    /// the server wrote them (its header case, its order, its line endings).
    pub fn head_bytes(&self) -> &[u8] {
        &self.head_bytes
    }

    /// After [`ResponseEvent::End`]: the trailer fields of a chunked body,
    /// each line with its CRLF, as received. Empty when there were none.
    pub fn trailer_bytes(&self) -> &[u8] {
        &self.trailers
    }

    /// After [`ResponseEvent::End`]: may the connection carry another request?
    /// False while the response is unfinished.
    pub fn keep_alive(&self) -> bool {
        matches!(self.state, State::Done { keep_alive: true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `input` in pieces of `step` bytes, then EOF; returns every event.
    fn events(
        method: &str,
        input: &[u8],
        step: usize,
    ) -> Result<(Vec<ResponseEvent>, bool), Error> {
        let mut reader = ResponseReader::new(method);
        let (mut buf, mut out, mut fed) = (Vec::new(), Vec::new(), 0);
        loop {
            let eof = fed == input.len();
            match reader.next_event(&mut buf, eof)? {
                ResponseEvent::NeedMore => {
                    let end = (fed + step).min(input.len());
                    buf.extend_from_slice(&input[fed..end]);
                    fed = end;
                }
                ResponseEvent::End => return Ok((out, reader.keep_alive())),
                event => out.push(event),
            }
        }
    }

    fn body_and_statuses(events: &[ResponseEvent]) -> (Vec<u16>, Vec<u8>) {
        let mut statuses = Vec::new();
        let mut body = Vec::new();
        for event in events {
            match event {
                ResponseEvent::Interim(h) | ResponseEvent::Head(h) => statuses.push(h.status),
                ResponseEvent::Data(d) => body.extend_from_slice(d),
                _ => {}
            }
        }
        (statuses, body)
    }

    #[test]
    fn response_table() {
        type Case = (
            &'static str,
            &'static str,
            &'static [u8],
            Vec<u16>,
            &'static [u8],
            bool,
        );
        let cases: Vec<Case> = vec![
            ("length", "GET", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHello", vec![200], b"Hello", true),
            ("close requested", "GET", b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi", vec![200], b"hi", false),
            ("chunked with trailer", "GET", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nhi\r\n0\r\nT: 1\r\n\r\n", vec![200], b"hi", true),
            ("close-delimited 1.0", "GET", b"HTTP/1.0 200 OK\r\n\r\nuntil the end", vec![200], b"until the end", false),
            ("interim 100 first", "POST", b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", vec![100, 201], b"ok", true),
            ("HEAD has no body", "HEAD", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", vec![200], b"", true),
            ("204 has no body", "GET", b"HTTP/1.1 204 No Content\r\n\r\n", vec![204], b"", true),
        ];
        for (name, method, input, statuses, body, keep_alive) in cases {
            for step in [1, 3, input.len()] {
                let (events, reuse) = events(method, input, step)
                    .unwrap_or_else(|e| panic!("{name} step {step}: {e}"));
                assert_eq!(
                    body_and_statuses(&events),
                    (statuses.clone(), body.to_vec()),
                    "{name} step {step}"
                );
                assert_eq!(reuse, keep_alive, "{name} step {step}: keep-alive");
            }
        }
    }

    #[test]
    fn head_bytes_are_each_head_as_received() {
        let input: &[u8] =
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
        let mut reader = ResponseReader::new("GET");
        let mut buf = input.to_vec();
        assert_eq!(reader.head_bytes(), b"");
        assert!(matches!(
            reader.next_event(&mut buf, false),
            Ok(ResponseEvent::Interim(_))
        ));
        assert_eq!(reader.head_bytes(), b"HTTP/1.1 100 Continue\r\n\r\n");
        assert!(matches!(
            reader.next_event(&mut buf, false),
            Ok(ResponseEvent::Head(_))
        ));
        assert_eq!(
            reader.head_bytes(),
            b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n"
        );
        assert_eq!(buf, b"ok", "the body stays in the buffer");
    }

    #[test]
    fn trace_labels_a_whole_chunked_response() {
        let input = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n";
        for step in [1, input.len()] {
            let mut reader = ResponseReader::new("GET");
            reader.set_trace(true);
            let (mut buf, mut fed, mut pieces) = (Vec::new(), 0, Vec::new());
            loop {
                let event = reader
                    .next_event(&mut buf, fed == input.len())
                    .unwrap_or_else(|e| panic!("{e}"));
                pieces.extend(reader.take_trace());
                match event {
                    ResponseEvent::End => break,
                    ResponseEvent::NeedMore => {
                        let end = (fed + step).min(input.len());
                        buf.extend_from_slice(&input[fed..end]);
                        fed = end;
                    }
                    _ => {}
                }
            }
            let mut labels: Vec<&str> = pieces.iter().map(|(p, _)| p.label()).collect();
            // Data that arrives a byte at a time is recorded a piece at a time.
            labels.dedup();
            assert_eq!(
                labels,
                [
                    "status line",
                    "header",
                    "blank line",
                    "chunk size",
                    "chunk data",
                    "chunk end",
                    "last chunk",
                    "end"
                ],
                "step {step}"
            );
            let all: Vec<u8> = pieces.into_iter().flat_map(|(_, b)| b).collect();
            assert_eq!(all, input, "step {step}: every byte, once, in order");
        }
    }

    #[test]
    fn trailers_are_kept_for_after_the_body() {
        let mut reader = ResponseReader::new("GET");
        let mut buf =
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\n\r\n"
                .to_vec();
        while !matches!(
            reader.next_event(&mut buf, false),
            Ok(ResponseEvent::End) | Err(_)
        ) {}
        assert_eq!(reader.trailer_bytes(), b"A: 1\r\nB: 2\r\n");
    }

    #[test]
    fn bad_responses_are_errors() {
        let cases: &[(&[u8], Error)] = &[
            (b"", Error::UnexpectedEof),
            (b"HTTP/1.1 200 OK\r\nContent-Le", Error::UnexpectedEof),
            (
                b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHel",
                Error::UnexpectedEof,
            ),
            (
                b"HTTP/1.1 OK\r\n\r\n",
                Error::Malformed(httparse::Error::Status),
            ),
            (
                b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
                Error::InvalidContentLength,
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(
                events("GET", input, 4).map(|_| ()),
                Err(expected.clone()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn endless_interim_responses_are_cut_off() {
        let mut interim = b"HTTP/1.1 102 Processing\r\nX-Pad: ".to_vec();
        interim.extend([b'a'; 1000]);
        interim.extend_from_slice(b"\r\n\r\n");
        let mut reader = ResponseReader::new("GET");
        let (mut buf, mut fed, mut interims) = (Vec::new(), 0, 0);
        let error = loop {
            match reader.next_event(&mut buf, false) {
                Ok(ResponseEvent::NeedMore) => {
                    assert!(fed < 1024 * 1024, "never cut off");
                    buf.extend_from_slice(&interim);
                    fed += interim.len();
                }
                Ok(ResponseEvent::Interim(_)) => interims += 1,
                Ok(other) => panic!("{other:?}"),
                Err(e) => break e,
            }
        };
        assert_eq!(
            error,
            Error::InterimTooLarge {
                limit: MAX_INTERIM_BYTES
            }
        );
        // Each head is fine alone; it is their sum that is bounded.
        assert_eq!(interims, MAX_INTERIM_BYTES / interim.len());
    }
}
