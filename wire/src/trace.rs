//! `--trace`: every byte sent and received, each piece labelled with what it
//! is in HTTP/1.1's grammar. This is the view a teacher projects in class.
//!
//! ```text
//! => sent 62 bytes
//!    request line  GET /hello HTTP/1.1\r\n
//!    header        Host: 127.0.0.1:8080\r\n
//!    blank line    \r\n
//! <= received
//!    status line   HTTP/1.1 200 OK\r\n
//!    header        Transfer-Encoding: chunked\r\n
//!    blank line    \r\n
//!    chunk size    5\r\n
//!    chunk data    Hello
//!    chunk end     \r\n
//!    last chunk    0\r\n
//!    end           \r\n
//! ```
//!
//! Printable ASCII is shown as text, `\r` and `\n` as written, and every
//! other byte as `\xNN`. The parsers here record the pieces as they take
//! them off the buffer (see [`crate::ResponseReader::set_trace`]), so the
//! labels are exactly where the parser drew its lines. curl's
//! `--trace-ascii` shows the same bytes, unlabelled, with offsets.

use crate::show::visible;

/// What a piece of a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    RequestLine,
    StatusLine,
    Header,
    /// The empty line that ends a head.
    BlankLine,
    /// Body bytes framed by `Content-Length` or by the connection's close.
    Body,
    /// A chunk-size line, with any extensions (RFC 9112 §7.1).
    ChunkSize,
    ChunkData,
    /// The CRLF after a chunk's data.
    ChunkEnd,
    /// The `0` line that ends a chunked body.
    LastChunk,
    /// A trailer field after the last chunk (RFC 9112 §7.1.2).
    Trailer,
    /// The empty line that ends a chunked body.
    End,
}

impl Piece {
    /// The label shown in a trace.
    pub fn label(self) -> &'static str {
        match self {
            Piece::RequestLine => "request line",
            Piece::StatusLine => "status line",
            Piece::Header => "header",
            Piece::BlankLine => "blank line",
            Piece::Body => "body",
            Piece::ChunkSize => "chunk size",
            Piece::ChunkData => "chunk data",
            Piece::ChunkEnd => "chunk end",
            Piece::LastChunk => "last chunk",
            Piece::Trailer => "trailer",
            Piece::End => "end",
        }
    }
}

/// The lines of a head, labelled: the first line is `first` (request or
/// status line), then header fields, then the blank line.
pub fn head_pieces(head: &[u8], first: Piece) -> Vec<(Piece, Vec<u8>)> {
    let mut pieces = Vec::new();
    let mut rest = head;
    while !rest.is_empty() {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        let (line, after) = rest.split_at(end);
        let piece = if pieces.is_empty() {
            first
        } else if line == b"\r\n" || line == b"\n" {
            Piece::BlankLine
        } else {
            Piece::Header
        };
        pieces.push((piece, line.to_vec()));
        rest = after;
    }
    pieces
}

/// One labelled piece as text: the label in a column, then the bytes. Data
/// that spans lines continues on indented lines, so the column stays clear.
pub fn render(piece: Piece, bytes: &[u8]) -> String {
    // The same escaping as everywhere else (`\r\n` written out, `\xNN`
    // for other bytes); only the layout is a trace's own.
    let text = visible(bytes);
    let mut lines = text.lines();
    let mut out = format!("   {:<13} {}\n", piece.label(), lines.next().unwrap_or(""));
    for line in lines {
        out.push_str(&format!("   {:<13} {line}\n", ""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_a_head_line_by_line() {
        let pieces = head_pieces(
            b"HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n",
            Piece::StatusLine,
        );
        let labels: Vec<Piece> = pieces.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            labels,
            [
                Piece::StatusLine,
                Piece::Header,
                Piece::Header,
                Piece::BlankLine
            ]
        );
        assert_eq!(pieces[1].1, b"A: 1\r\n");
    }

    #[test]
    fn renders_text_crlf_and_other_bytes() {
        assert_eq!(
            render(Piece::Header, b"Host: a\r\n"),
            "   header        Host: a\\r\\n\n"
        );
        assert_eq!(
            render(Piece::Body, b"\x00\xffok"),
            "   body          \\x00\\xFFok\n"
        );
        assert_eq!(
            render(Piece::Body, b"a\nb"),
            "   body          a\\n\n                 b\n"
        );
    }
}
