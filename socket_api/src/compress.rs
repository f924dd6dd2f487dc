//! gzip by hand, for every response that gains from it.
//!
//! Every response a handler returns passes through [`compress`] on its way
//! to the socket (see `connection.rs`), so each route gets it without
//! asking. Two questions, in this order:
//!
//! 1. Is the response worth compressing ([`worth_compressing`])? If so it
//!    says `Vary: Accept-Encoding` whatever the answer to 2, because its
//!    bytes now depend on that header, and a cache must know.
//! 2. Does the client accept gzip ([`wire::negotiate::choose_encoding`])?
//!    Then the body is gzip, and the head says `Content-Encoding: gzip`.
//!
//! A body all in memory is compressed whole, and keeps a `Content-Length`
//! (the compressed size). A body made piece by piece (a file, `/stream`'s
//! lines) is compressed piece by piece ([`GzipPieces`]): its compressed
//! length is known only at the end, so it goes chunked (or until close to
//! HTTP/1.0), and each piece is flushed out of the encoder at once, so a
//! line still reaches the client when it is produced.
//!
//! The rules copy those `framework_api` gets from tower-http's
//! `CompressionLayer`: the same threshold, the same types left alone, no
//! compressed ranges, and a strong `ETag` made weak. tower-http takes every
//! compressed body as a stream (chunked); here a whole body keeps its
//! length. A production server also caches compressed static files, or
//! serves `site.css.gz` made ahead of time, rather than compress per request.

use std::io::{self, Write};

use flate2::Compression;
use flate2::write::GzEncoder;
use wire::negotiate::{Choice, choose_encoding};

use crate::response::Body;
use crate::{Request, Response};

/// Bodies shorter than this go as they are: gzip's own header and trailer
/// cost 18 bytes, and a short text rarely shrinks enough to pay for them.
/// `framework_api`'s threshold (tower-http's own default is 32 bytes,
/// nginx's `gzip_min_length` 20).
pub const MIN_SIZE: u64 = 256;

/// The codings this server can apply, its favourite first.
const CODINGS: &[&str] = &["gzip"];

// ANCHOR: compress
/// `response`, gzip-compressed if it is worth it and `request` accepts it.
pub fn compress(request: &Request, mut response: Response) -> Response {
    if !worth_compressing(&response) {
        return response;
    }
    if !header_has(&response, "Vary", "accept-encoding") {
        response
            .headers
            .push(("Vary".into(), "Accept-Encoding".into()));
    }
    let accepted = request.head.headers.get_all("Accept-Encoding");
    // `NotAcceptable` (even identity refused) gets identity too: RFC 9110
    // allows a 406, but nginx and tower-http send the bytes as they are.
    if choose_encoding(accepted, CODINGS) != Choice::Coding("gzip") {
        return response;
    }
    response.body = match response.body {
        Body::Full(bytes) => match gzip_whole(&bytes) {
            Ok(compressed) => Body::Full(compressed),
            // Writing into memory does not fail; if it did, send as is.
            Err(_) => {
                response.body = Body::Full(bytes);
                return response;
            }
        },
        Body::Stream { pieces, .. } => Body::Stream {
            length: None,
            pieces: Box::new(GzipPieces::new(pieces)),
        },
    };
    // A range of the gzip bytes is not offered: they change with the
    // compression level, and are never the same twice from a stream.
    response
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case("Accept-Ranges"));
    // An `ETag` names one set of bytes, and these are not the file's: a
    // strong tag becomes weak, "as good as the same" (nginx does this too).
    for (name, value) in &mut response.headers {
        if name.eq_ignore_ascii_case("ETag") && value.starts_with('"') {
            *value = format!("W/{value}");
        }
    }
    response
        .headers
        .push(("Content-Encoding".into(), "gzip".into()));
    response
}
// ANCHOR_END: compress

// ANCHOR: worth_compressing
/// Is `response` worth compressing? tower-http's rules, as
/// `framework_api` sets them:
///
/// - not already encoded, and not a range (`Content-Range`: a 206, or a 416);
/// - a body of at least [`MIN_SIZE`] bytes, or of a length not yet known
///   (a stream, which may well be long);
/// - not an image (already compressed, except SVG, which is text), not
///   `text/event-stream` (events must not wait in an encoder's buffer),
///   not gRPC (which compresses its own messages).
///
/// So `application/octet-stream`, video and fonts over the threshold are
/// compressed too, as tower-http does; [`wire::mime::is_compressible`] is
/// the stricter list nginx-style servers keep.
pub fn worth_compressing(response: &Response) -> bool {
    if header_value(response, "Content-Encoding").is_some()
        || header_value(response, "Content-Range").is_some()
        || !wire::server::response::may_have_body(response.status)
    {
        return false;
    }
    let size = match &response.body {
        Body::Full(bytes) => Some(bytes.len() as u64),
        Body::Stream { length, .. } => *length,
    };
    if size.is_some_and(|size| size < MIN_SIZE) {
        return false;
    }
    let media = header_value(response, "Content-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let image = media.starts_with("image/") && !media.starts_with("image/svg+xml");
    let events = media.starts_with("text/event-stream");
    let grpc = media.starts_with("application/grpc") && !media.starts_with("application/grpc-web");
    !(image || events || grpc)
}
// ANCHOR_END: worth_compressing

/// The whole body, compressed in one go.
fn gzip_whole(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes)?;
    encoder.finish()
}

// ANCHOR: gzip_pieces
/// A streamed body, compressed as it goes: each piece in, what the encoder
/// has made of it out, then the gzip trailer (CRC-32 and length) last.
///
/// `flush` is a *sync flush*: the encoder emits everything it has been
/// given so far, ending on a byte boundary, so the client can decode this
/// piece before the next exists. It costs a few bytes and a little ratio
/// per piece, which is why a server that does not stream (a file) would
/// rather not flush; here one code path serves both.
pub struct GzipPieces {
    pieces: Box<dyn Iterator<Item = io::Result<Vec<u8>>> + Send>,
    /// `None` once the trailer has gone, or after an error.
    encoder: Option<GzEncoder<Vec<u8>>>,
}

impl GzipPieces {
    pub fn new(pieces: Box<dyn Iterator<Item = io::Result<Vec<u8>>> + Send>) -> GzipPieces {
        GzipPieces {
            pieces,
            encoder: Some(GzEncoder::new(Vec::new(), Compression::default())),
        }
    }
}

impl Iterator for GzipPieces {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<io::Result<Vec<u8>>> {
        loop {
            let encoder = self.encoder.as_mut()?;
            match self.pieces.next() {
                // An empty piece is a pause (see `pause.rs`): passed on as
                // it is, not flushed, so the driver still gets its chance to
                // end the stream at shutdown.
                Some(Ok(piece)) if piece.is_empty() => return Some(Ok(piece)),
                Some(Ok(piece)) => {
                    if let Err(e) = encoder.write_all(&piece).and_then(|()| encoder.flush()) {
                        self.encoder = None;
                        return Some(Err(e));
                    }
                    // What the encoder wrote into its Vec: take it, leave it empty.
                    let out = std::mem::take(encoder.get_mut());
                    if !out.is_empty() {
                        return Some(Ok(out));
                    }
                }
                Some(Err(e)) => {
                    self.encoder = None;
                    return Some(Err(e));
                }
                None => return self.encoder.take().map(GzEncoder::finish),
            }
        }
    }
}
// ANCHOR_END: gzip_pieces

impl std::fmt::Debug for GzipPieces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GzipPieces")
    }
}

/// The first value of field `name` in `response`, ignoring case.
fn header_value<'r>(response: &'r Response, name: &str) -> Option<&'r str> {
    response
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Does some `name` field list `token` (`Vary: Origin, Accept-Encoding`)?
fn header_has(response: &Response, name: &str, token: &str) -> bool {
    response
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .flat_map(|(_, v)| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::TEXT_PLAIN;
    use flate2::read::GzDecoder;
    use std::io::Read;
    use wire::StatusCode;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("valid gzip");
        out
    }

    #[test]
    fn which_responses_are_worth_it() {
        let long = "x".repeat(256);
        let short = "x".repeat(255);
        let cases = [
            (Response::text(StatusCode::OK, long.clone()), true),
            (Response::text(StatusCode::OK, short), false),
            (
                Response::new(StatusCode::OK, "image/png", long.clone()),
                false,
            ),
            (
                Response::new(StatusCode::OK, "image/svg+xml", long.clone()),
                true,
            ),
            (
                Response::new(StatusCode::OK, "text/event-stream", long.clone()),
                false,
            ),
            (
                Response::new(StatusCode::OK, "application/octet-stream", long.clone()),
                true,
            ),
            (
                Response::text(StatusCode::PARTIAL_CONTENT, long.clone())
                    .with_header("Content-Range", "bytes 0-255/1000"),
                false,
            ),
            (
                Response::text(StatusCode::OK, long.clone()).with_header("Content-Encoding", "br"),
                false,
            ),
            (Response::text(StatusCode::NOT_MODIFIED, long), false),
            (
                Response::stream(StatusCode::OK, TEXT_PLAIN, None, std::iter::empty()),
                true,
            ),
            (
                Response::stream(StatusCode::OK, TEXT_PLAIN, Some(10), std::iter::empty()),
                false,
            ),
        ];
        for (response, expected) in cases {
            assert_eq!(worth_compressing(&response), expected, "{response:?}");
        }
    }

    #[test]
    fn pieces_come_out_decodable_one_by_one() {
        let lines: [&'static str; 4] = ["line 1\n", "", "line 2\n", "line 3\n"];
        let pieces = lines.into_iter().map(|l| Ok(l.as_bytes().to_vec()));
        let out: Vec<Vec<u8>> = GzipPieces::new(Box::new(pieces))
            .collect::<io::Result<_>>()
            .expect("no error");
        // Three lines, each flushed out, then the trailer; the empty piece
        // (a pause) comes through empty, not flushed.
        assert_eq!(out.len(), 5);
        assert!(out[1].is_empty());
        // What arrived so far decodes to the lines so far, before the end.
        let mut so_far = Vec::new();
        so_far.extend_from_slice(&out[0]);
        let mut partial = Vec::new();
        let _ = GzDecoder::new(&so_far[..]).read_to_end(&mut partial);
        assert_eq!(partial, b"line 1\n");
        assert_eq!(gunzip(&out.concat()), b"line 1\nline 2\nline 3\n");
    }

    #[test]
    fn an_error_ends_the_stream() {
        let pieces = vec![Ok(b"a".to_vec()), Err(io::Error::other("disk"))];
        let mut gz = GzipPieces::new(Box::new(pieces.into_iter()));
        assert!(gz.next().is_some_and(|p| p.is_ok()));
        assert!(gz.next().is_some_and(|p| p.is_err()));
        assert!(gz.next().is_none());
    }
}
