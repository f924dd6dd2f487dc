//! The chunked transfer coding (RFC 9112 §7.1).
//!
//! A sender that does not know a body's length up front sends it in chunks,
//! each with its size in hexadecimal in front, and ends with a chunk of size
//! zero, optional trailer fields, and an empty line:
//!
//! ```text
//! 5\r\n            <- chunk-size, in hex
//! Hello\r\n        <- chunk-data, then CRLF
//! 7;lang=en\r\n    <- a chunk extension (";name=value"): allowed, skipped
//! , world\r\n
//! 0\r\n            <- last-chunk
//! Expires: 0\r\n   <- trailer fields: allowed, skipped
//! \r\n             <- the end
//! ```
//!
//! The decoder is strict where leniency lets two programs disagree about
//! where a body ends: the size must be 1 to 16 hex digits (an empty size line
//! is refused, which `httparse::parse_chunk_size` would accept), data must be
//! followed by exactly CRLF, and line endings must be CRLF, not a bare LF.
//! Extensions and trailers are skipped, but only up to a limit, so a peer
//! cannot make the server read metadata forever.

use crate::trace::Piece;
use crate::{BodyEvent, Error};

/// Extensions and trailers together may take this many bytes per body.
/// hyper allows 16 KiB of chunk extensions too.
pub const DEFAULT_METADATA_LIMIT: usize = 16 * 1024;

/// The bytes that end a chunked body with no trailers.
pub const LAST_CHUNK: &[u8] = b"0\r\n\r\n";

// ANCHOR: encode_chunk
/// Appends one chunk carrying `data` to `out`: its size in hex, CRLF, the
/// data, CRLF. An empty `data` writes nothing, because a chunk of size zero
/// would end the body; end it with [`LAST_CHUNK`].
pub fn encode_chunk(out: &mut Vec<u8>, data: &[u8]) {
    if data.is_empty() {
        return;
    }
    out.extend_from_slice(format!("{:X}\r\n", data.len()).as_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
}
// ANCHOR_END: encode_chunk

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Expecting a chunk-size line.
    Size,
    /// Inside a chunk's data, with this many bytes still to come.
    Data { remaining: u64 },
    /// Expecting the CRLF that follows a chunk's data.
    DataEnd,
    /// After the last chunk: trailer fields until an empty line.
    Trailers,
    /// The body is complete.
    Done,
}

/// Decodes a chunked body, a few bytes at a time. Sans-IO: feed it the
/// buffer you read into; it takes what it can use off the front.
#[derive(Debug, Clone)]
pub struct ChunkedDecoder {
    state: State,
    metadata_bytes: usize,
    metadata_limit: usize,
    /// With `--trace`: every piece taken off the buffer, labelled.
    trace: Option<Vec<(Piece, Vec<u8>)>>,
    /// The trailer fields' lines, as received (bounded by the metadata limit).
    trailers: Vec<u8>,
}

impl Default for ChunkedDecoder {
    fn default() -> ChunkedDecoder {
        ChunkedDecoder::new(DEFAULT_METADATA_LIMIT)
    }
}

impl ChunkedDecoder {
    /// A decoder that allows `metadata_limit` bytes of chunk extensions and
    /// trailer fields in all.
    pub fn new(metadata_limit: usize) -> ChunkedDecoder {
        ChunkedDecoder {
            state: State::Size,
            metadata_bytes: 0,
            metadata_limit,
            trace: None,
            trailers: Vec::new(),
        }
    }

    /// The trailer fields after the last chunk, each line with its CRLF, as
    /// received: what `curl -i` prints after the body.
    pub fn trailers(&self) -> &[u8] {
        &self.trailers
    }

    /// Records every piece the decoder takes off the buffer (size lines,
    /// data, CRLFs, trailers), for [`ChunkedDecoder::take_trace`].
    pub fn set_trace(&mut self, on: bool) {
        self.trace = on.then(Vec::new);
    }

    /// The pieces recorded since the last call, in order.
    pub fn take_trace(&mut self) -> Vec<(Piece, Vec<u8>)> {
        self.trace.as_mut().map(std::mem::take).unwrap_or_default()
    }

    fn record(&mut self, piece: Piece, bytes: &[u8]) {
        if let Some(trace) = &mut self.trace {
            trace.push((piece, bytes.to_vec()));
        }
    }

    /// Has the whole body, trailers included, been read?
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    // ANCHOR: decode
    /// Takes bytes off the front of `buf` and says what they were: some body
    /// data, the end of the body, or "need more bytes". Bytes after the end
    /// of the body are left in `buf`: they are the next message.
    pub fn decode(&mut self, buf: &mut Vec<u8>) -> Result<BodyEvent, Error> {
        loop {
            match self.state {
                State::Size => {
                    let Some(line) = self.take_line(buf)? else {
                        return Ok(BodyEvent::NeedMore);
                    };
                    let size = self.parse_size_line(&line)?;
                    let piece = if size == 0 {
                        Piece::LastChunk
                    } else {
                        Piece::ChunkSize
                    };
                    self.record(piece, &[&line[..], b"\r\n"].concat());
                    self.state = if size == 0 {
                        State::Trailers
                    } else {
                        State::Data { remaining: size }
                    };
                }
                State::Data { remaining } => {
                    if buf.is_empty() {
                        return Ok(BodyEvent::NeedMore);
                    }
                    // `remaining` may exceed usize on 32-bit targets; `min` with
                    // the buffer's length always fits.
                    let n = usize::try_from(remaining)
                        .unwrap_or(usize::MAX)
                        .min(buf.len());
                    let data: Vec<u8> = buf.drain(..n).collect();
                    self.record(Piece::ChunkData, &data);
                    let left = remaining - n as u64;
                    self.state = if left == 0 {
                        State::DataEnd
                    } else {
                        State::Data { remaining: left }
                    };
                    return Ok(BodyEvent::Data(data));
                }
                State::DataEnd => match buf.as_slice() {
                    [b'\r', b'\n', ..] => {
                        buf.drain(..2);
                        self.record(Piece::ChunkEnd, b"\r\n");
                        self.state = State::Size;
                    }
                    [] | [b'\r'] => return Ok(BodyEvent::NeedMore),
                    _ => return Err(Error::InvalidChunkEnd),
                },
                State::Trailers => {
                    let Some(line) = self.take_line(buf)? else {
                        return Ok(BodyEvent::NeedMore);
                    };
                    if line.is_empty() {
                        self.record(Piece::End, b"\r\n");
                        self.state = State::Done;
                    } else {
                        let field = [&line[..], b"\r\n"].concat();
                        self.record(Piece::Trailer, &field);
                        self.trailers.extend_from_slice(&field);
                        // A trailer field. This decoder skips them, but counts
                        // their size against the limit.
                        self.count_metadata(line.len() + 2)?;
                    }
                }
                State::Done => return Ok(BodyEvent::End),
            }
        }
    }
    // ANCHOR_END: decode

    /// Takes one CRLF-terminated line off `buf`, without its CRLF. `None`
    /// when the line is not all here yet.
    ///
    /// The bytes are judged one at a time, in order, each as soon as it is
    /// here: a size line's first byte that is not hex is refused at once,
    /// and a line longer than the metadata limit is refused before it ends,
    /// so the buffer cannot grow forever. Judging each byte by what came
    /// before it only means the same bytes get the same answer however they
    /// were split into reads (the fuzzer checks this).
    fn take_line(&self, buf: &mut Vec<u8>) -> Result<Option<Vec<u8>>, Error> {
        let size_line = self.state == State::Size;
        let bad = if size_line {
            Error::InvalidChunkSize
        } else {
            Error::InvalidChunkEnd
        };
        let max_line = self.metadata_limit - self.metadata_bytes.min(self.metadata_limit) + 64;
        let mut grammar = SizeLine::Digits(0);
        for (i, &b) in buf.iter().enumerate() {
            if i >= max_line {
                return Err(Error::ChunkMetadataTooLarge {
                    limit: self.metadata_limit,
                });
            }
            match b {
                b'\n' => {
                    // A bare LF: some servers accept it; a strict one must
                    // not, or it will disagree with one that does about
                    // where the line ends.
                    if i == 0 || buf[i - 1] != b'\r' {
                        return Err(bad);
                    }
                    let mut line: Vec<u8> = buf.drain(..=i).collect();
                    line.truncate(i - 1);
                    return Ok(Some(line));
                }
                // CR only ever comes right before LF.
                b'\r' => match buf.get(i + 1) {
                    Some(&next) if next != b'\n' => return Err(bad),
                    _ => {}
                },
                _ if size_line => grammar = grammar.next(b).ok_or(Error::InvalidChunkSize)?,
                // A trailer's content is skipped, not judged.
                _ => {}
            }
        }
        Ok(None)
    }

    /// `chunk-size [ chunk-ext ]`: 1 to 16 hex digits, then nothing, or
    /// optional whitespace and `;` starting the extensions.
    fn parse_size_line(&mut self, line: &[u8]) -> Result<u64, Error> {
        let digits = line.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        if digits == 0 {
            return Err(Error::InvalidChunkSize);
        }
        let mut size: u64 = 0;
        for &b in &line[..digits] {
            // Guard against overflow: 17 hex digits no longer fit in a u64.
            let digit = u64::from(hex_value(b));
            size = size
                .checked_mul(16)
                .and_then(|s| s.checked_add(digit))
                .ok_or(Error::InvalidChunkSize)?;
        }
        let rest = &line[digits..];
        let ext = rest
            .iter()
            .position(|&b| b != b' ' && b != b'\t')
            .map_or(&[][..], |i| &rest[i..]);
        if !ext.is_empty() {
            if ext[0] != b';' || ext.iter().any(|&b| b.is_ascii_control() && b != b'\t') {
                return Err(Error::InvalidChunkSize);
            }
            self.count_metadata(rest.len())?;
        }
        Ok(size)
    }

    fn count_metadata(&mut self, n: usize) -> Result<(), Error> {
        self.metadata_bytes += n;
        if self.metadata_bytes > self.metadata_limit {
            return Err(Error::ChunkMetadataTooLarge {
                limit: self.metadata_limit,
            });
        }
        Ok(())
    }
}

/// Where a chunk-size line is, byte by byte: `1*16HEXDIG [ BWS ";" ext ]`.
#[derive(Debug, Clone, Copy)]
enum SizeLine {
    /// This many hex digits so far.
    Digits(usize),
    /// Whitespace after the digits.
    Space,
    /// Inside the extensions, after `;`.
    Extension,
}

impl SizeLine {
    /// The state after byte `b`, or `None` if `b` cannot come here. More
    /// than 16 digits cannot fit in 64 bits: refused as soon as the 17th comes.
    fn next(self, b: u8) -> Option<SizeLine> {
        match (self, b) {
            (SizeLine::Digits(n), _) if b.is_ascii_hexdigit() => {
                (n < 16).then_some(SizeLine::Digits(n + 1))
            }
            (SizeLine::Digits(0), _) => None,
            (SizeLine::Digits(_) | SizeLine::Space, b' ' | b'\t') => Some(SizeLine::Space),
            (SizeLine::Digits(_) | SizeLine::Space, b';') => Some(SizeLine::Extension),
            (SizeLine::Extension, _) if b == b'\t' || !b.is_ascii_control() => {
                Some(SizeLine::Extension)
            }
            _ => None,
        }
    }
}

fn hex_value(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        b'A'..=b'F' => b - b'A' + 10,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `input` fed in pieces of `step` bytes; returns the body and
    /// what is left over, or the first error.
    fn decode_in_steps(input: &[u8], step: usize) -> Result<(Vec<u8>, Vec<u8>), Error> {
        let mut decoder = ChunkedDecoder::default();
        let mut buf = Vec::new();
        let mut body = Vec::new();
        let mut fed = 0;
        loop {
            match decoder.decode(&mut buf)? {
                BodyEvent::Data(d) => body.extend(d),
                BodyEvent::End => {
                    buf.extend_from_slice(&input[fed..]);
                    return Ok((body, buf));
                }
                BodyEvent::NeedMore if fed >= input.len() => return Err(Error::UnexpectedEof),
                BodyEvent::NeedMore => {
                    let end = (fed + step).min(input.len());
                    buf.extend_from_slice(&input[fed..end]);
                    fed = end;
                }
            }
        }
    }

    #[test]
    fn decodes_the_rfc_example_at_every_step_size() {
        let input = b"5\r\nHello\r\n7;lang=en\r\n, world\r\n0\r\nExpires: 0\r\n\r\nNEXT";
        for step in 1..=input.len() {
            let (body, rest) =
                decode_in_steps(input, step).unwrap_or_else(|e| panic!("step {step}: {e}"));
            assert_eq!(body, b"Hello, world", "step {step}");
            assert_eq!(
                rest, b"NEXT",
                "step {step}: the next message is left in the buffer"
            );
        }
    }

    #[test]
    fn chunked_table() {
        type Case = (&'static str, &'static [u8], Result<&'static [u8], Error>);
        let cases: &[Case] = &[
            ("empty body", b"0\r\n\r\n", Ok(b"")),
            (
                "upper and lower hex",
                b"A\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n",
                Ok(b"01234567890123456789"),
            ),
            ("leading zeros", b"0005\r\nHello\r\n0\r\n\r\n", Ok(b"Hello")),
            (
                "whitespace before an extension",
                b"5 ;x\r\nHello\r\n0\r\n\r\n",
                Ok(b"Hello"),
            ),
            (
                "empty size line",
                b"\r\nHello\r\n0\r\n\r\n",
                Err(Error::InvalidChunkSize),
            ),
            (
                "not hex",
                b"g\r\nHello\r\n0\r\n\r\n",
                Err(Error::InvalidChunkSize),
            ),
            (
                "sign",
                b"+5\r\nHello\r\n0\r\n\r\n",
                Err(Error::InvalidChunkSize),
            ),
            (
                "junk after the size",
                b"5x\r\nHello\r\n0\r\n\r\n",
                Err(Error::InvalidChunkSize),
            ),
            (
                "overflow",
                b"10000000000000000\r\nx\r\n",
                Err(Error::InvalidChunkSize),
            ),
            (
                "bare LF after the size",
                b"5\nHello\r\n0\r\n\r\n",
                Err(Error::InvalidChunkSize),
            ),
            (
                "data longer than its size",
                b"3\r\nHello\r\n0\r\n\r\n",
                Err(Error::InvalidChunkEnd),
            ),
            (
                "data without CRLF",
                b"5\r\nHelloXX0\r\n\r\n",
                Err(Error::InvalidChunkEnd),
            ),
            (
                "data then bare LF",
                b"5\r\nHello\n0\r\n\r\n",
                Err(Error::InvalidChunkEnd),
            ),
            ("stops mid-chunk", b"5\r\nHel", Err(Error::UnexpectedEof)),
            (
                "no last chunk",
                b"5\r\nHello\r\n",
                Err(Error::UnexpectedEof),
            ),
            (
                "no end of trailers",
                b"0\r\nX: y\r\n",
                Err(Error::UnexpectedEof),
            ),
        ];
        for (name, input, expected) in cases {
            let got = decode_in_steps(input, input.len()).map(|(body, _)| body);
            assert_eq!(
                got.as_deref().map_err(Clone::clone),
                expected.clone(),
                "case {name:?}"
            );
        }
    }

    #[test]
    fn trace_labels_every_piece_in_order() {
        let mut decoder = ChunkedDecoder::default();
        decoder.set_trace(true);
        let mut buf = b"5;x=1\r\nHello\r\n0\r\nT: 1\r\n\r\n".to_vec();
        while decoder.decode(&mut buf) != Ok(BodyEvent::End) {}
        let expected: Vec<(Piece, Vec<u8>)> = [
            (Piece::ChunkSize, &b"5;x=1\r\n"[..]),
            (Piece::ChunkData, b"Hello"),
            (Piece::ChunkEnd, b"\r\n"),
            (Piece::LastChunk, b"0\r\n"),
            (Piece::Trailer, b"T: 1\r\n"),
            (Piece::End, b"\r\n"),
        ]
        .iter()
        .map(|(p, b)| (*p, b.to_vec()))
        .collect();
        assert_eq!(decoder.take_trace(), expected);
        assert!(decoder.take_trace().is_empty(), "taken once");
    }

    #[test]
    fn metadata_is_capped() {
        let mut decoder = ChunkedDecoder::new(32);
        let mut long_ext = b"5;".to_vec();
        long_ext.extend(std::iter::repeat_n(b'x', 100));
        assert_eq!(
            decoder.decode(&mut long_ext),
            Err(Error::ChunkMetadataTooLarge { limit: 32 })
        );

        let mut decoder = ChunkedDecoder::new(32);
        let mut trailers = b"0\r\n".to_vec();
        for _ in 0..10 {
            trailers.extend_from_slice(b"X-Trailer: 1234\r\n");
        }
        assert_eq!(
            decoder.decode(&mut trailers),
            Err(Error::ChunkMetadataTooLarge { limit: 32 })
        );
    }

    #[test]
    fn encode_then_decode_round_trips() {
        let mut encoded = Vec::new();
        for piece in [&b"Hello"[..], b"", b", ", &[0u8; 300][..], b"world"] {
            encode_chunk(&mut encoded, piece);
        }
        encoded.extend_from_slice(LAST_CHUNK);
        assert!(encoded.starts_with(b"5\r\nHello\r\n2\r\n, \r\n12C\r\n"));
        let (body, rest) = decode_in_steps(&encoded, 7).expect("our own encoding decodes");
        let mut expected = b"Hello, ".to_vec();
        expected.extend_from_slice(&[0u8; 300]);
        expected.extend_from_slice(b"world");
        assert_eq!((body, rest), (expected, Vec::new()));
    }
}
