//! Exercise 24: a response of unknown length, one chunk per piece.

pub fn chunked_response(
    status: u16,
    reason: &str,
    content_type: &str,
    pieces: &[Vec<u8>],
) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\n\
         Content-Type: {content_type}\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for piece in pieces {
        // A chunk of size 0 is the last chunk: an empty piece sends nothing.
        if piece.is_empty() {
            continue;
        }
        out.extend(format!("{:X}\r\n", piece.len()).bytes());
        out.extend(piece);
        out.extend(b"\r\n");
    }
    out.extend(b"0\r\n\r\n");
    out
}
