//! Exercise 21: a request path below `/static/` to plain file names.

use exercises::SafePath;

/// `%XX` to the byte 0xXX; `None` for a `%` without two hex digits after it.
fn percent_decode(raw: &str) -> Option<Vec<u8>> {
    let raw = raw.as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            let text = std::str::from_utf8(hex).ok()?;
            if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(text, 16).ok()?);
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    Some(out)
}

/// One segment, decoded once, if it is a plain file name.
fn segment(raw: &str) -> Option<String> {
    if raw.is_empty() {
        return None;
    }
    let bytes = percent_decode(raw)?;
    let separator = |b: &u8| matches!(b, b'/' | b'\\' | b':') || b.is_ascii_control();
    if bytes.iter().any(separator) || bytes == b"." || bytes == b".." {
        return None;
    }
    String::from_utf8(bytes).ok()
}

pub fn safe_path(path: &str) -> Option<SafePath> {
    let rest = path.strip_prefix("/static/")?;
    if rest.is_empty() {
        return Some(SafePath {
            segments: Vec::new(),
            trailing_slash: true,
        });
    }
    let (rest, trailing_slash) = match rest.strip_suffix('/') {
        Some(folder) => (folder, true),
        None => (rest, false),
    };
    // Split on the slashes that were sent, then decode: an encoded slash
    // stays inside its segment, where it is refused.
    let segments = rest.split('/').map(segment).collect::<Option<Vec<_>>>()?;
    Some(SafePath {
        segments,
        trailing_slash,
    })
}
