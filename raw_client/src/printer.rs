//! What a raw client prints, and where: the part of curl's behaviour that
//! is the same for every request, kept apart from the socket.
//!
//! A client hands each piece of the conversation to a [`Printer`] and
//! writes what it gets back: bytes for stdout (the body, and the head with
//! `-i`) and text for stderr (`-v`'s `>`/`<` lines or `--trace`'s labelled
//! dump). The printer also decides what curl decides about a body:
//!
//! - with `-f`, the body of a `4xx`/`5xx` answer is not printed (the client
//!   then exits with 22);
//! - with `-L`, the body of a redirect that is being followed is not
//!   printed, only the final answer's;
//! - with `--compressed`, a body sent with `Content-Encoding: gzip` or
//!   `deflate` is decoded before it is printed (RFC 9110 §8.4). Without it,
//!   curl prints the bytes as they came, and so does this.

use std::io::{self, Write};

use flate2::write::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

use crate::exchange::ResponsePart;
use wire::ResponseHead;
use wire::show::head_lines;
use wire::trace::{Piece, head_pieces, render};

/// The flags that decide what is printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrintOptions {
    /// `-i`: the response head before the body, on stdout.
    pub include: bool,
    /// `-v`: connection events and heads on stderr.
    pub verbose: bool,
    /// `--trace`: every byte, labelled, on stderr.
    pub trace: bool,
    /// `-f`: no body for an answer of 400 or above.
    pub fail: bool,
    /// `--compressed`: decode gzip and deflate bodies.
    pub compressed: bool,
}

/// What to write after a piece of the conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Printed {
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// A body decoder for `--compressed`, writing decoded bytes into a buffer
/// as the coded bytes arrive (the body is never held whole).
enum Decoder {
    /// gzip (RFC 1952), every member of it: a gzip body may be several
    /// gzip streams one after another (§2.2), as `cat a.gz b.gz` makes.
    /// curl 7.88 stops after the first member and fails with exit 23.
    Gzip(MultiGzDecoder<Vec<u8>>),
    /// `deflate` before its first two bytes have come: they say which of
    /// the two kinds below it is.
    DeflateStart(Vec<u8>),
    /// `deflate` as RFC 9110 §8.4.1.2 defines it: deflate data in a zlib
    /// wrapper (RFC 1950), a two-byte header and a checksum at the end.
    Zlib(ZlibDecoder<Vec<u8>>),
    /// Bare deflate data (RFC 1951), no wrapper: what some servers send for
    /// `deflate`, misreading the name. curl decodes it too (when zlib
    /// refuses the header, it starts again without one), and so does this.
    RawDeflate(DeflateDecoder<Vec<u8>>),
}

impl std::fmt::Debug for Decoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Decoder::Gzip(_) => "Gzip",
            Decoder::DeflateStart(_) => "DeflateStart",
            Decoder::Zlib(_) => "Zlib",
            Decoder::RawDeflate(_) => "RawDeflate",
        })
    }
}

/// Does a deflate body start with a zlib header (RFC 1950 §2.2)? Its first
/// byte says method 8 (deflate) with a window of at most 32 KiB, and the
/// two bytes, read as one big-endian number, are a multiple of 31. zlib
/// makes the same check, and curl falls back to bare deflate when it fails.
fn is_zlib_header(cmf: u8, flg: u8) -> bool {
    cmf & 0x0f == 8 && cmf >> 4 <= 7 && (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0
}

/// Writes all of `bytes` into a decoder. `write_all` would do, except for
/// what it says when a stream ends before the bytes do ("failed to write
/// whole buffer"): here that is said as what it is.
fn feed(decoder: &mut impl Write, mut bytes: &[u8]) -> Result<(), String> {
    while !bytes.is_empty() {
        match decoder.write(bytes) {
            Ok(0) => return Err("more bytes after the end of the compressed data".into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(())
}

impl Decoder {
    /// The decoder for a `Content-Encoding`, if it is one this client decodes.
    fn for_coding(coding: &str) -> Option<Decoder> {
        match coding {
            "gzip" | "x-gzip" => Some(Decoder::Gzip(MultiGzDecoder::new(Vec::new()))),
            "deflate" => Some(Decoder::DeflateStart(Vec::new())),
            _ => None,
        }
    }

    /// The coding's name, for messages.
    fn name(&self) -> &'static str {
        match self {
            Decoder::Gzip(_) => "gzip",
            _ => "deflate",
        }
    }

    /// Decodes some bytes of the body; returns what came out of them.
    fn decode(&mut self, bytes: &[u8]) -> Result<Vec<u8>, String> {
        match self {
            Decoder::DeflateStart(start) => {
                start.extend_from_slice(bytes);
                let &[cmf, flg, ..] = start.as_slice() else {
                    return Ok(Vec::new());
                };
                let start = std::mem::take(start);
                *self = if is_zlib_header(cmf, flg) {
                    Decoder::Zlib(ZlibDecoder::new(Vec::new()))
                } else {
                    Decoder::RawDeflate(DeflateDecoder::new(Vec::new()))
                };
                self.decode(&start)
            }
            Decoder::Gzip(d) => feed(d, bytes).map(|()| std::mem::take(d.get_mut())),
            Decoder::Zlib(d) => feed(d, bytes).map(|()| std::mem::take(d.get_mut())),
            Decoder::RawDeflate(d) => feed(d, bytes).map(|()| std::mem::take(d.get_mut())),
        }
    }

    /// The body ended: the last decoded bytes, or why the data was not a
    /// whole stream.
    fn finish(self) -> Result<Vec<u8>, String> {
        let done = match self {
            Decoder::DeflateStart(_) => Err(io::Error::other("too short to be deflate data")),
            Decoder::Gzip(d) => d.finish(),
            Decoder::Zlib(d) => d.finish(),
            Decoder::RawDeflate(d) => d.finish(),
        };
        done.map_err(|e| e.to_string())
    }
}

/// Turns the conversation into output, one response at a time.
#[derive(Debug)]
pub struct Printer {
    options: PrintOptions,
    /// Is this response's body printed at all?
    deliver: bool,
    decoder: Option<Decoder>,
    /// Has the decoder been given any bytes of this body?
    fed: bool,
    /// Has this response's "<= received" line been printed (`--trace`)?
    trace_started: bool,
}

/// A body that claims a content coding but does not decode: its coding's
/// name, and why (flate2's words, such as "corrupt deflate stream").
#[derive(Debug)]
pub struct DecodeError {
    pub coding: &'static str,
    pub why: String,
}

/// curl says "Error while processing content unencoding: " and zlib's
/// reason; so does this, and which coding it was.
impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "error while processing content unencoding: the {} body does not decode: {}",
            self.coding, self.why
        )
    }
}

impl std::error::Error for DecodeError {}

impl Printer {
    pub fn new(options: PrintOptions) -> Printer {
        Printer {
            options,
            deliver: true,
            decoder: None,
            fed: false,
            trace_started: false,
        }
    }

    /// A connection was opened (or an open one is used again).
    pub fn connected(&self, peer: &str, reused: bool) -> Printed {
        let what = if reused {
            "reusing connection to"
        } else {
            "connected to"
        };
        self.note(&format!("{what} {peer}"))
    }

    /// A line about the connection: `* ...` with `-v`, `== ...` with `--trace`.
    pub fn note(&self, text: &str) -> Printed {
        let stderr = if self.options.trace {
            format!("== {text}\n")
        } else if self.options.verbose {
            format!("* {text}\n")
        } else {
            String::new()
        };
        Printed {
            stdout: Vec::new(),
            stderr,
        }
    }

    /// The request's head, about to be sent. Its body, if any, is told
    /// apart, by [`Printer::upload`], when it has gone.
    pub fn request(&mut self, head: &[u8]) -> Printed {
        self.trace_started = false;
        let mut stderr = String::new();
        if self.options.trace {
            stderr.push_str(&format!("=> sent {} bytes\n", head.len()));
            for (piece, bytes) in head_pieces(head, Piece::RequestLine) {
                stderr.push_str(&render(piece, &bytes));
            }
        } else if self.options.verbose {
            stderr.push_str(&head_lines("> ", head));
        }
        Printed {
            stdout: Vec::new(),
            stderr,
        }
    }

    /// The request's body went: all `total` bytes of it, or only `sent`
    /// when the server answered first and the rest was not sent.
    pub fn upload(&mut self, sent: &[u8], total: usize) -> Printed {
        let mut stderr = String::new();
        if self.options.trace && !sent.is_empty() {
            stderr.push_str(&format!("=> sent {} bytes\n", sent.len()));
            stderr.push_str(&render(Piece::Body, sent));
        }
        let note = if sent.len() == total {
            // curl says the same, rather than printing the body.
            format!("upload completely sent off: {total} bytes")
        } else {
            // curl: "we are done reading and this is set to close, stop send".
            format!(
                "the server answered before the body was all sent: upload stopped after {} of {total} bytes",
                sent.len()
            )
        };
        if self.options.verbose && !self.options.trace {
            stderr.push_str(&format!("* {note}\n"));
        } else if self.options.trace && sent.len() < total {
            stderr.push_str(&format!("== {note}\n"));
        }
        Printed {
            stdout: Vec::new(),
            stderr,
        }
    }

    /// The final head arrived: decide about the body. `followed` says the
    /// client will follow this answer as a redirect (`-L`), so its body is
    /// not the one the user asked for.
    pub fn start_body(&mut self, head: &ResponseHead, followed: bool) {
        let failed = self.options.fail && head.status >= 400;
        self.deliver = !followed && !failed;
        self.decoder = None;
        self.fed = false;
        // Only a body that will be printed is decoded: a followed redirect's
        // or a failed answer's body is skipped, gzip or not.
        if self.options.compressed && self.deliver {
            let coding = head
                .headers
                .get("Content-Encoding")
                .map(|c| c.trim().to_ascii_lowercase());
            self.decoder = coding.as_deref().and_then(Decoder::for_coding);
        }
    }

    /// A piece of the response, with the pieces the reader recorded for
    /// `--trace` since the last one.
    pub fn response(
        &mut self,
        part: ResponsePart<'_>,
        traced: Vec<(Piece, Vec<u8>)>,
    ) -> Result<Printed, DecodeError> {
        let mut out = Printed::default();
        if self.options.trace && !traced.is_empty() {
            if !self.trace_started {
                out.stderr.push_str("<= received\n");
                self.trace_started = true;
            }
            for (piece, bytes) in traced {
                out.stderr.push_str(&render(piece, &bytes));
            }
        }
        match part {
            ResponsePart::Interim { raw, .. } | ResponsePart::Head { raw, .. } => {
                if self.options.verbose && !self.options.trace {
                    out.stderr.push_str(&head_lines("< ", raw));
                }
                if self.options.include {
                    out.stdout.extend_from_slice(raw);
                }
            }
            ResponsePart::Body(bytes) if self.deliver => match &mut self.decoder {
                None => out.stdout.extend_from_slice(bytes),
                Some(_) if bytes.is_empty() => {}
                Some(decoder) => {
                    self.fed = true;
                    let decoded = decoder.decode(bytes).map_err(|why| DecodeError {
                        coding: decoder.name(),
                        why,
                    })?;
                    out.stdout.extend(decoded);
                }
            },
            ResponsePart::Body(_) => {}
            // News of the request's body: see `upload`.
            ResponsePart::Upload { sent, total } => out = self.upload(sent, total),
            // Trailer fields come after the body, and curl shows them where
            // it shows the head: with -i on stdout, with -v as `<` lines.
            ResponsePart::End { trailers } => {
                if self.options.verbose && !self.options.trace {
                    out.stderr.push_str(&head_lines("< ", trailers));
                }
                if self.options.include {
                    out.stdout.extend_from_slice(trailers);
                }
            }
        }
        Ok(out)
    }

    /// The response ended: the last of a decoded body.
    pub fn finish(&mut self) -> Result<Printed, DecodeError> {
        let mut out = Printed::default();
        // A coded answer with no body at all (HEAD, 204, 304) has nothing
        // to decode: only a decoder that was given bytes must finish cleanly.
        //
        // A stream cut short is an error (exit 61) here. curl 7.88 prints
        // what it could decode and exits 0, so a truncated download looks
        // like a whole one; the stricter answer is the one to learn from.
        if let Some(decoder) = self.decoder.take().filter(|_| self.fed) {
            let coding = decoder.name();
            out.stdout = decoder
                .finish()
                .map_err(|why| DecodeError { coding, why })?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::head::{HeadLimits, Parsed, parse_response_head};

    fn head(bytes: &[u8]) -> ResponseHead {
        match parse_response_head(bytes, HeadLimits::default()) {
            Ok(Parsed::Complete { head, .. }) => head,
            other => panic!("test head did not parse: {other:?}"),
        }
    }

    fn body(printer: &mut Printer, bytes: &[u8]) -> Vec<u8> {
        let mut out = printer
            .response(ResponsePart::Body(bytes), Vec::new())
            .map(|p| p.stdout)
            .unwrap_or_default();
        out.extend(printer.finish().map(|p| p.stdout).unwrap_or_default());
        out
    }

    #[test]
    fn fail_and_followed_redirects_print_no_body() {
        let not_found = head(b"HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\n");
        let mut printer = Printer::new(PrintOptions {
            fail: true,
            ..PrintOptions::default()
        });
        printer.start_body(&not_found, false);
        assert_eq!(body(&mut printer, b"nope"), b"");
        let mut printer = Printer::new(PrintOptions::default());
        printer.start_body(&not_found, false);
        assert_eq!(
            body(&mut printer, b"nope"),
            b"nope",
            "without -f the body is printed"
        );
        let moved = head(b"HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n");
        printer.start_body(&moved, true);
        assert_eq!(body(&mut printer, b"moved"), b"");
    }

    #[test]
    fn compressed_bodies_are_decoded_only_with_the_flag() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = gz.write_all(b"Hello, gzip");
        let Ok(compressed) = gz.finish() else {
            panic!("gzip into a Vec cannot fail")
        };
        let gzipped = head(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n");
        let mut printer = Printer::new(PrintOptions {
            compressed: true,
            ..PrintOptions::default()
        });
        printer.start_body(&gzipped, false);
        // Fed a byte at a time, as a slow server would send it.
        let mut out = Vec::new();
        for b in &compressed {
            out.extend(
                printer
                    .response(ResponsePart::Body(std::slice::from_ref(b)), Vec::new())
                    .map(|p| p.stdout)
                    .unwrap_or_default(),
            );
        }
        out.extend(printer.finish().map(|p| p.stdout).unwrap_or_default());
        assert_eq!(out, b"Hello, gzip");
        let mut plain = Printer::new(PrintOptions::default());
        plain.start_body(&gzipped, false);
        assert_eq!(
            body(&mut plain, &compressed),
            compressed,
            "without --compressed, the bytes as sent"
        );
        let mut broken = Printer::new(PrintOptions {
            compressed: true,
            ..PrintOptions::default()
        });
        broken.start_body(&gzipped, false);
        let result = broken
            .response(ResponsePart::Body(b"not gzip at all"), Vec::new())
            .and_then(|_| broken.finish());
        assert!(result.is_err());
    }

    /// `body` sent with `Content-Encoding: coding`, decoded with
    /// `--compressed`, fed whole and then a byte at a time: both must agree.
    fn decode(coding: &str, body: &[u8]) -> Result<Vec<u8>, String> {
        let answer =
            head(format!("HTTP/1.1 200 OK\r\nContent-Encoding: {coding}\r\n\r\n").as_bytes());
        let options = PrintOptions {
            compressed: true,
            ..PrintOptions::default()
        };
        let mut results = Vec::new();
        for piece in [body.len().max(1), 1] {
            let mut printer = Printer::new(options);
            printer.start_body(&answer, false);
            let mut out = Vec::new();
            let mut fed = Ok(());
            for bytes in body.chunks(piece) {
                match printer.response(ResponsePart::Body(bytes), Vec::new()) {
                    Ok(printed) => out.extend(printed.stdout),
                    Err(e) => {
                        fed = Err(e.to_string());
                        break;
                    }
                }
            }
            let result = fed
                .and_then(|()| printer.finish().map_err(|e| e.to_string()))
                .map(|printed| {
                    out.extend(printed.stdout);
                    out
                });
            results.push(result);
        }
        assert_eq!(results[0], results[1], "whole and byte by byte differ");
        results.remove(0)
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = gz.write_all(data);
        gz.finish().unwrap_or_default()
    }

    #[test]
    fn every_gzip_member_and_both_kinds_of_deflate_decode() {
        // RFC 1952 §2.2: a gzip file is a series of members, each a whole
        // gzip stream; `cat a.gz b.gz` is a valid gzip file.
        let mut two_members = gzip(b"first, ");
        two_members.extend(gzip(b"second"));
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = zlib.write_all(b"zlib-wrapped");
        let zlib = zlib.finish().unwrap_or_default();
        let mut raw =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = raw.write_all(b"raw deflate, no wrapper");
        let raw = raw.finish().unwrap_or_default();
        let cases: Vec<(&str, Vec<u8>, &[u8])> = vec![
            ("gzip", two_members, b"first, second"),
            ("x-gzip", gzip(b"x"), b"x"),
            // RFC 9110 §8.4.1.2: deflate means zlib (RFC 1950) around the
            // deflate data; some servers send the data bare, and curl
            // decodes both, so this does too.
            ("deflate", zlib, b"zlib-wrapped"),
            ("deflate", raw, b"raw deflate, no wrapper"),
        ];
        for (coding, body, expected) in cases {
            assert_eq!(decode(coding, &body).as_deref(), Ok(expected), "{coding}");
        }
    }

    #[test]
    fn a_broken_stream_says_it_does_not_decode() {
        let whole = gzip(b"hello broken world, hello broken world");
        let mut garbled = whole[..12].to_vec();
        garbled.extend_from_slice(b"garbage garbage garbage");
        let mut trailing = gzip(b"trailing");
        trailing.extend_from_slice(b"xyz");
        let mut zlib_trailing =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = zlib_trailing.write_all(b"zlib");
        let mut zlib_trailing = zlib_trailing.finish().unwrap_or_default();
        zlib_trailing.extend_from_slice(b"more");
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("gzip", garbled),
            ("gzip", b"not gzip at all".to_vec()),
            ("gzip", whole[..whole.len() - 10].to_vec()),
            ("gzip", trailing),
            ("deflate", zlib_trailing),
            ("deflate", b"\xff\xff\xff\xff".to_vec()),
            ("deflate", b"x".to_vec()),
        ];
        for (coding, body) in cases {
            let Err(message) = decode(coding, &body) else {
                panic!("{coding} {body:?} decoded");
            };
            // curl: "Error while processing content unencoding: <zlib's words>".
            assert!(
                message.starts_with("error while processing content unencoding: "),
                "{message}"
            );
            assert!(!message.contains("whole buffer"), "{message}");
        }
    }

    #[test]
    fn a_coded_answer_without_a_body_is_not_an_error() {
        let gzipped_head =
            head(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 20\r\n\r\n");
        let options = PrintOptions {
            compressed: true,
            fail: true,
            ..PrintOptions::default()
        };
        // HEAD: no body bytes at all.
        let mut printer = Printer::new(options);
        printer.start_body(&gzipped_head, false);
        assert!(printer.finish().is_ok());
        // A followed redirect, and a failed answer, with gzip bodies: skipped, not decoded.
        let moved = head(b"HTTP/1.1 301 Moved\r\nContent-Encoding: gzip\r\nLocation: /x\r\n\r\n");
        let missing = head(b"HTTP/1.1 404 Not Found\r\nContent-Encoding: gzip\r\n\r\n");
        for (answer, followed) in [(&moved, true), (&missing, false)] {
            printer.start_body(answer, followed);
            assert!(
                printer
                    .response(ResponsePart::Body(b"\x1f\x8b half a gzip"), Vec::new())
                    .is_ok()
            );
            assert!(printer.finish().is_ok());
        }
    }

    #[test]
    fn verbose_and_trace_write_to_stderr() {
        let mut verbose = Printer::new(PrintOptions {
            verbose: true,
            ..PrintOptions::default()
        });
        let sent = verbose.request(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assert_eq!(sent.stderr, "> GET / HTTP/1.1\n> Host: a\n> \n");
        assert_eq!(
            verbose.upload(b"a=1", 3).stderr,
            "* upload completely sent off: 3 bytes\n"
        );
        assert_eq!(
            verbose.upload(b"a", 3).stderr,
            "* the server answered before the body was all sent: upload stopped after 1 of 3 bytes\n"
        );
        assert_eq!(
            verbose.connected("127.0.0.1:80", true).stderr,
            "* reusing connection to 127.0.0.1:80\n"
        );
        let mut trace = Printer::new(PrintOptions {
            trace: true,
            ..PrintOptions::default()
        });
        let sent = trace.request(b"POST / HTTP/1.1\r\n\r\n");
        assert_eq!(
            sent.stderr,
            "=> sent 19 bytes\n   request line  POST / HTTP/1.1\\r\\n\n   blank line    \\r\\n\n"
        );
        assert_eq!(
            trace.upload(b"a=1", 3).stderr,
            "=> sent 3 bytes\n   body          a=1\n"
        );
    }
}
