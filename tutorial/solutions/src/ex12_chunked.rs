//! Exercise 12: decode a chunked body from a buffer that may be incomplete.

use exercises::{BadChunk, Chunked};

use crate::ex03_header_line::parse_header_line;

/// The line starting at `at`, without its CRLF, and where the next starts;
/// `None`: no CRLF yet.
fn line(buf: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let rest = &buf[at..];
    let end = rest.windows(2).position(|w| w == b"\r\n")?;
    Some((&rest[..end], at + end + 2))
}

pub fn decode_chunked(buf: &[u8]) -> Result<Chunked, BadChunk> {
    let bad = |why: &str| Err(BadChunk(why.to_string()));
    let mut body = Vec::new();
    let mut at = 0;
    loop {
        let Some((size_line, next)) = line(buf, at) else {
            return Ok(Chunked::NeedMore);
        };
        // Extensions (`;name=value`) carry nothing we use: skip them.
        let digits = size_line.split(|&b| b == b';').next().unwrap_or_default();
        let digits = digits.trim_ascii_end();
        if digits.is_empty() || digits.len() > 16 || !digits.iter().all(u8::is_ascii_hexdigit) {
            return bad("a chunk size must be 1 to 16 hex digits");
        }
        // Checked above: 1 to 16 hex digits always fit a u64.
        let size = u64::from_str_radix(&String::from_utf8_lossy(digits), 16).unwrap_or(u64::MAX);
        at = next;
        if size == 0 {
            break;
        }
        let Some(end) = usize::try_from(size).ok().and_then(|s| at.checked_add(s)) else {
            return bad("a chunk larger than memory");
        };
        if buf.len() < end + 2 {
            // Not all here yet; the CRLF after the data is checked once it is.
            if buf.len() > end && buf[end] != b'\r' {
                return bad("chunk data must be followed by \\r\\n");
            }
            return Ok(Chunked::NeedMore);
        }
        if &buf[end..end + 2] != b"\r\n" {
            return bad("chunk data must be followed by \\r\\n");
        }
        body.extend_from_slice(&buf[at..end]);
        at = end + 2;
    }
    let mut trailers = Vec::new();
    loop {
        let Some((field, next)) = line(buf, at) else {
            return Ok(Chunked::NeedMore);
        };
        at = next;
        if field.is_empty() {
            return Ok(Chunked::Done {
                body,
                trailers,
                used: at,
            });
        }
        match parse_header_line(field) {
            Some(header) => trailers.push(header),
            None => return bad("a trailer must be a header line"),
        }
    }
}
