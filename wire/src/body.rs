//! Reading a body by its framing, sans-IO.
//!
//! [`BodyDecoder`] is made from a [`BodyKind`] once the head is parsed. The
//! program that owns the socket keeps one buffer: it reads into it, calls
//! [`BodyDecoder::decode`], and does what the answer says. The loop every
//! raw program here runs looks like this:
//!
//! ```no_run
//! # use std::io::Read;
//! # fn demo(stream: &mut std::net::TcpStream, buf: &mut Vec<u8>) -> Result<(), Box<dyn std::error::Error>> {
//! use wire::{BodyDecoder, BodyEvent, BodyKind};
//! let mut body = BodyDecoder::new(BodyKind::Length(5));
//! let mut eof = false;
//! loop {
//!     match body.decode(buf, eof)? {
//!         BodyEvent::Data(bytes) => println!("{} bytes of body", bytes.len()),
//!         BodyEvent::End => break,
//!         BodyEvent::NeedMore => {
//!             let mut chunk = [0; 8192];
//!             let n = stream.read(&mut chunk)?;
//!             eof = n == 0;
//!             buf.extend_from_slice(&chunk[..n]);
//!         }
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! Whatever is left in the buffer after `End` belongs to the next message on
//! the connection (a pipelined request, or the next response).

use crate::chunked::ChunkedDecoder;
use crate::trace::Piece;
use crate::{BodyKind, Error};

/// What the decoder found at the front of the buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEvent {
    /// Some bytes of the body, already taken off the buffer.
    Data(Vec<u8>),
    /// The body is complete.
    End,
    /// Read more bytes, then call again.
    NeedMore,
}

/// Takes a body off a buffer according to its framing.
#[derive(Debug, Clone)]
pub enum BodyDecoder {
    /// `Content-Length`: this many bytes still to come.
    Length { remaining: u64 },
    /// `Transfer-Encoding: chunked`.
    Chunked(ChunkedDecoder),
    /// Everything until the peer closes the connection.
    UntilClose,
    /// The body has ended.
    Done,
}

impl BodyDecoder {
    pub fn new(kind: BodyKind) -> BodyDecoder {
        match kind {
            BodyKind::Empty => BodyDecoder::Done,
            BodyKind::Length(n) => BodyDecoder::Length { remaining: n },
            BodyKind::Chunked => BodyDecoder::Chunked(ChunkedDecoder::default()),
            BodyKind::CloseDelimited => BodyDecoder::UntilClose,
        }
    }

    // ANCHOR: decode
    /// Takes body bytes off the front of `buf`. `eof` says the peer has
    /// closed its side, so no more bytes will come: only a close-delimited
    /// body may end that way; any other framing then reports
    /// [`Error::UnexpectedEof`].
    pub fn decode(&mut self, buf: &mut Vec<u8>, eof: bool) -> Result<BodyEvent, Error> {
        let event = match self {
            BodyDecoder::Done => BodyEvent::End,
            BodyDecoder::Length { remaining: 0 } => BodyEvent::End,
            BodyDecoder::Length { .. } | BodyDecoder::UntilClose if buf.is_empty() => {
                match (&*self, eof) {
                    (BodyDecoder::UntilClose, true) => BodyEvent::End,
                    (_, true) => return Err(Error::UnexpectedEof),
                    (_, false) => BodyEvent::NeedMore,
                }
            }
            BodyDecoder::Length { remaining } => {
                let n = usize::try_from(*remaining)
                    .unwrap_or(usize::MAX)
                    .min(buf.len());
                *remaining -= n as u64;
                BodyEvent::Data(buf.drain(..n).collect())
            }
            BodyDecoder::UntilClose => BodyEvent::Data(std::mem::take(buf)),
            BodyDecoder::Chunked(chunked) => match chunked.decode(buf)? {
                BodyEvent::NeedMore if eof => return Err(Error::UnexpectedEof),
                event => event,
            },
        };
        // A finished chunked decoder is kept: it knows it is done, and a
        // trace may still want its last pieces.
        if event == BodyEvent::End && !matches!(self, BodyDecoder::Chunked(_)) {
            *self = BodyDecoder::Done;
        }
        Ok(event)
    }
    // ANCHOR_END: decode

    /// With `--trace`: record the chunked coding's pieces (see
    /// [`ChunkedDecoder::set_trace`]). Other framings have no pieces of their own.
    pub fn set_trace(&mut self, on: bool) {
        if let BodyDecoder::Chunked(chunked) = self {
            chunked.set_trace(on);
        }
    }

    /// The chunked coding's pieces recorded since the last call.
    pub fn take_trace(&mut self) -> Vec<(Piece, Vec<u8>)> {
        match self {
            BodyDecoder::Chunked(chunked) => chunked.take_trace(),
            _ => Vec::new(),
        }
    }

    /// A chunked body's trailer fields, as received; empty for other framings.
    pub fn trailers(&self) -> &[u8] {
        match self {
            BodyDecoder::Chunked(chunked) => chunked.trailers(),
            _ => &[],
        }
    }

    /// Has the body ended?
    pub fn is_done(&self) -> bool {
        match self {
            BodyDecoder::Done | BodyDecoder::Length { remaining: 0 } => true,
            BodyDecoder::Chunked(chunked) => chunked.is_done(),
            BodyDecoder::Length { .. } | BodyDecoder::UntilClose => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `input` one byte at a time, then EOF; collects the body.
    fn drip(kind: BodyKind, input: &[u8]) -> Result<(Vec<u8>, Vec<u8>), Error> {
        let mut decoder = BodyDecoder::new(kind);
        let (mut buf, mut body, mut fed) = (Vec::new(), Vec::new(), 0);
        loop {
            let eof = fed == input.len();
            match decoder.decode(&mut buf, eof)? {
                BodyEvent::Data(d) => body.extend(d),
                BodyEvent::End => return Ok((body, buf)),
                BodyEvent::NeedMore => {
                    buf.push(input[fed]);
                    fed += 1;
                }
            }
        }
    }

    #[test]
    fn body_table() {
        type Case = (
            BodyKind,
            &'static [u8],
            Result<(&'static [u8], &'static [u8]), Error>,
        );
        let cases: &[Case] = &[
            (BodyKind::Empty, b"", Ok((b"", b""))),
            (BodyKind::Length(5), b"Hello", Ok((b"Hello", b""))),
            (BodyKind::Length(5), b"Hel", Err(Error::UnexpectedEof)),
            (
                BodyKind::Chunked,
                b"5\r\nHello\r\n0\r\n\r\n",
                Ok((b"Hello", b"")),
            ),
            (
                BodyKind::Chunked,
                b"5\r\nHello\r\n",
                Err(Error::UnexpectedEof),
            ),
            (
                BodyKind::CloseDelimited,
                b"all of it",
                Ok((b"all of it", b"")),
            ),
            (BodyKind::CloseDelimited, b"", Ok((b"", b""))),
        ];
        for (kind, input, expected) in cases {
            let got = drip(*kind, input);
            let got = got
                .as_ref()
                .map(|(b, r)| (b.as_slice(), r.as_slice()))
                .map_err(Clone::clone);
            assert_eq!(got, expected.clone(), "{kind:?} {input:?}");
        }
    }

    #[test]
    fn a_length_body_leaves_the_next_message_in_the_buffer() {
        let mut decoder = BodyDecoder::new(BodyKind::Length(5));
        let mut buf = b"HelloGET / HTTP/1.1\r\n".to_vec();
        assert_eq!(
            decoder.decode(&mut buf, false),
            Ok(BodyEvent::Data(b"Hello".to_vec()))
        );
        assert_eq!(decoder.decode(&mut buf, false), Ok(BodyEvent::End));
        assert_eq!(buf, b"GET / HTTP/1.1\r\n");
        assert!(decoder.is_done());
    }
}
