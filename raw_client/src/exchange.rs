//! What the read loop hands over, and a whole exchange kept as a value.
//!
//! [`read_response`](crate::connection::read_response) gives each piece of
//! a response to its caller as a [`ResponsePart`]: the events of
//! [`wire::ResponseReader`] with the bytes of each head attached, so the
//! printer can show them exactly as received. A program that wants the
//! response whole instead (the tour, the tests) collects the parts with a
//! [`Recorder`] into an [`Exchange`].

use wire::ResponseHead;

/// One piece of a response, as a client's read loop hands it over: a
/// [`ResponseEvent`](wire::ResponseEvent) with the bytes of its head
/// attached (from [`ResponseReader::head_bytes`](wire::ResponseReader::head_bytes)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponsePart<'a> {
    /// An interim `1xx` head, such as `100 Continue`: its bytes as received,
    /// and parsed. The final head is still to come.
    Interim {
        raw: &'a [u8],
        head: &'a ResponseHead,
    },
    /// The final head: its bytes as received, and parsed.
    Head {
        raw: &'a [u8],
        head: &'a ResponseHead,
    },
    /// Some bytes of the body, de-chunked.
    Body(&'a [u8]),
    /// The end of the response, with a chunked body's trailer fields as
    /// received (each line with its CRLF; empty when there were none).
    End { trailers: &'a [u8] },
    /// Not a piece of the response but news of the request's body, which
    /// goes out while the response is read: `sent` is what went, all of it
    /// when `sent.len() == total`; less when the server answered first and
    /// the rest was not sent.
    Upload { sent: &'a [u8], total: usize },
}

/// One request and the response to it, whole: what a client's `send`
/// returns, for tests and the tour to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The request, every byte as sent.
    pub request: Vec<u8>,
    /// The response's head bytes exactly as received, interim `1xx` heads
    /// included, each with its empty line: what `curl -i` prints before the body.
    pub response_head: Vec<u8>,
    /// The final head, parsed.
    pub head: ResponseHead,
    /// The body, de-chunked: what `curl` prints.
    pub body: Vec<u8>,
}

/// Collects [`ResponsePart`]s into an [`Exchange`], part by part.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    response_head: Vec<u8>,
    head: Option<ResponseHead>,
    body: Vec<u8>,
}

impl Recorder {
    pub fn new() -> Recorder {
        Recorder::default()
    }

    pub fn record(&mut self, part: ResponsePart<'_>) {
        match part {
            ResponsePart::Interim { raw, .. } => self.response_head.extend_from_slice(raw),
            ResponsePart::Head { raw, head } => {
                self.response_head.extend_from_slice(raw);
                self.head = Some(head.clone());
            }
            ResponsePart::Body(bytes) => self.body.extend_from_slice(bytes),
            // Trailers are metadata, not body: an Exchange keeps the body only.
            ResponsePart::End { .. } | ResponsePart::Upload { .. } => {}
        }
    }

    /// The whole exchange, given the request that was sent; `None` if no
    /// final head was recorded (the response never really began).
    pub fn finish(self, request: Vec<u8>) -> Option<Exchange> {
        Some(Exchange {
            request,
            response_head: self.response_head,
            head: self.head?,
            body: self.body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::{Headers, Version};

    #[test]
    fn recorder_keeps_every_head_and_the_body() {
        let head = |status| ResponseHead {
            version: Version::Http11,
            status,
            reason: String::new(),
            headers: Headers::default(),
        };
        let (interim, last) = (head(100), head(200));
        let mut recorder = Recorder::new();
        recorder.record(ResponsePart::Interim {
            raw: b"HTTP/1.1 100 Continue\r\n\r\n",
            head: &interim,
        });
        recorder.record(ResponsePart::Head {
            raw: b"HTTP/1.1 200 OK\r\n\r\n",
            head: &last,
        });
        recorder.record(ResponsePart::Body(b"he"));
        recorder.record(ResponsePart::Body(b"llo"));
        let exchange = recorder.finish(b"GET / HTTP/1.1\r\n\r\n".to_vec());
        assert_eq!(
            exchange,
            Some(Exchange {
                request: b"GET / HTTP/1.1\r\n\r\n".to_vec(),
                response_head: b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n".to_vec(),
                head: last,
                body: b"hello".to_vec(),
            })
        );
        assert_eq!(Recorder::new().finish(Vec::new()), None);
    }
}
