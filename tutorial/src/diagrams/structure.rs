//! A request, byte range by byte range, labelled with `wire`'s own
//! `--trace` pieces ([`wire::trace::head_pieces`]).

use wire::show::visible;
use wire::trace::{Piece, head_pieces};

use super::svg::{GREY, MONO_WIDTH, Svg};

/// The request drawn: a small form POST.
pub const REQUEST: &[u8] = b"POST /api HTTP/1.1\r\nHost: localhost:8080\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 21\r\n\r\nname=knsock&city=Bern";

pub fn draw() -> String {
    let head_len = REQUEST
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(REQUEST.len(), |i| i + 4);
    let mut pieces = head_pieces(&REQUEST[..head_len], Piece::RequestLine);
    pieces.push((Piece::Body, REQUEST[head_len..].to_vec()));
    let mut svg = Svg::new();
    let title = "A request in bytes: each range and what it is";
    svg.words(460.0, 28.0, title, 18, "#111827", "middle");
    svg.words(20.0, 58.0, "bytes", 12, GREY, "start");
    svg.words(110.0, 58.0, "piece", 12, GREY, "start");
    svg.words(
        250.0,
        58.0,
        "the bytes, \\r and \\n written out",
        12,
        GREY,
        "start",
    );
    let mut y = 70.0;
    let mut offset = 0;
    for (piece, bytes) in &pieces {
        let (fill, ink) = match piece {
            Piece::RequestLine => ("#dbeafe", "#1e3a8a"),
            Piece::Header => ("#dcfce7", "#14532d"),
            Piece::BlankLine => ("#fef3c7", "#78350f"),
            _ => ("#f3e8ff", "#581c87"),
        };
        let text = visible(bytes).replace('\n', "");
        let width = (text.chars().count() as f64 * MONO_WIDTH + 16.0).max(40.0);
        svg.words(
            20.0,
            y + 20.0,
            &format!("{}–{}", offset, offset + bytes.len() - 1),
            12,
            GREY,
            "start",
        );
        svg.rect(105.0, y, 135.0, 30.0, fill, ink);
        svg.words(172.0, y + 20.0, piece.label(), 13, ink, "middle");
        svg.rect(250.0, y, width, 30.0, fill, ink);
        svg.mono(258.0, y + 20.0, &text, ink);
        offset += bytes.len();
        y += 38.0;
    }
    let notes = [
        format!(
            "{} bytes in all. The head ends at the first \\r\\n\\r\\n (byte {}); the body is the next",
            REQUEST.len(),
            head_len - 1
        ),
        "21 bytes, because Content-Length says so. Nothing else marks its end: no CRLF follows it."
            .to_string(),
    ];
    for note in notes {
        y += 18.0;
        svg.words(20.0, y, &note, 13, "#374151", "start");
    }
    svg.finish(920.0, y + 24.0, title)
}
