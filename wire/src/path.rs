//! A request path under a mount point, turned into safe relative segments.
//!
//! A static file server maps `/static/css/site.css` to `DIR/css/site.css`.
//! Done naively (`DIR + path`), that is the oldest hole on the web: a
//! *path traversal*. `/static/../../etc/passwd` walks out of `DIR`, and so
//! do its disguises: `%2e%2e` (the dots percent-encoded), `..%2f` (an
//! encoded slash that the file system sees as a separator after decoding),
//! `..\` (a separator on Windows), a NUL byte (which ends a C string early),
//! and `C:` (a drive on Windows).
//!
//! ```text
//! /static/css/site%20v2.css  ->  ["css", "site v2.css"]      ok
//! /static/../secret          ->  DotSegment                  refused
//! /static/%2e%2e/secret      ->  DotSegment                  refused (decoded first)
//! /static/a%2fb              ->  EncodedSlash                refused
//! ```
//!
//! The rule here is an allow-list of shape, not a deny-list of tricks: the
//! path is split on `/` *before* decoding, each segment is decoded once, and
//! a segment must then be a plain file name: not empty, not `.` or `..`,
//! with no separator (`/`, `\`), no `:`, no control character, and valid
//! UTF-8. What comes out can only name something *below* the directory.
//!
//! What this module cannot see is the file system. A symbolic link inside
//! `DIR` can point anywhere, so the server joins the segments to its
//! directory, canonicalises the result, and checks that it still starts
//! with the canonical `DIR` before opening it. tower-http's `ServeDir`
//! does the same two steps (it refuses any path component that is not a
//! plain name, then lets the OS resolve the rest).

use std::fmt;

/// Why a request path cannot name a file below the mount point. Each one
/// is a 404 (or 400) and never a file: the server need not say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathError {
    /// The path does not start with the mount point (e.g. `/staticx/a`).
    NotUnderMount,
    /// A `%` not followed by two hex digits.
    BadPercentEncoding,
    /// An empty segment, as in `a//b`: some systems read `//` as the root.
    EmptySegment,
    /// `.` or `..`, plain or percent-encoded.
    DotSegment,
    /// `%2F`: a slash that would only appear after decoding.
    EncodedSlash,
    /// `\`, plain or `%5C`: a separator on Windows.
    Backslash,
    /// `:`: `C:` is a drive on Windows, and `a:b` a stream of file `a`.
    Colon,
    /// A control character, NUL (`%00`) included: it ends a C string early.
    ControlCharacter,
    /// The decoded bytes are not UTF-8 (e.g. the overlong dot `%C0%AE`).
    NotUtf8,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PathError::NotUnderMount => "the path is not under the mount point",
            PathError::BadPercentEncoding => "a % not followed by two hex digits",
            PathError::EmptySegment => "an empty path segment (//)",
            PathError::DotSegment => "a . or .. path segment",
            PathError::EncodedSlash => "an encoded slash (%2F) in a path segment",
            PathError::Backslash => "a backslash in a path segment",
            PathError::Colon => "a colon in a path segment",
            PathError::ControlCharacter => "a control character in a path segment",
            PathError::NotUtf8 => "a path segment that is not UTF-8",
        })
    }
}

impl std::error::Error for PathError {}

/// A path below the mount point, as plain file names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelativePath {
    /// Decoded file names, outermost first. Empty for the mount point itself.
    pub segments: Vec<String>,
    /// The path ended with `/`: the client asked for a directory. A server
    /// serves its `index.html`; `a.txt/` is not a file.
    pub trailing_slash: bool,
}

// ANCHOR: relative_path
/// The segments of `path` below `mount`, decoded, each a plain file name.
///
/// `path` is the request's path without its query (`RequestHead::path`);
/// `mount` starts and ends with `/`, e.g. `/static/`.
///
/// ```
/// use wire::path::{relative_path, PathError};
///
/// let p = relative_path("/static/css/site%20v2.css", "/static/").unwrap();
/// assert_eq!(p.segments, ["css", "site v2.css"]);
/// assert!(!p.trailing_slash);
///
/// assert_eq!(relative_path("/static/%2e%2e/etc/passwd", "/static/"), Err(PathError::DotSegment));
/// ```
pub fn relative_path(path: &str, mount: &str) -> Result<RelativePath, PathError> {
    let rest = path.strip_prefix(mount).ok_or(PathError::NotUnderMount)?;
    if rest.is_empty() {
        return Ok(RelativePath {
            segments: Vec::new(),
            trailing_slash: true,
        });
    }
    // Split on the slashes that were sent, then decode: an encoded slash
    // stays inside its segment, where it is refused below.
    let (rest, trailing_slash) = match rest.strip_suffix('/') {
        Some(dir) => (dir, true),
        None => (rest, false),
    };
    let segments = rest
        .split('/')
        .map(segment)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RelativePath {
        segments,
        trailing_slash,
    })
}
// ANCHOR_END: relative_path

// ANCHOR: segment
/// One segment, decoded once and checked. Decoding once matters: `%252e`
/// is the three characters `%2e`, a harmless file name, and decoding again
/// would turn it into `.` after the checks have passed.
fn segment(raw: &str) -> Result<String, PathError> {
    if raw.is_empty() {
        return Err(PathError::EmptySegment);
    }
    let bytes = percent_decode(raw)?;
    // An encoded slash is told apart from the other bad bytes, for the
    // learner; after decoding it would be a separator like any other.
    for &b in &bytes {
        match b {
            b'/' => return Err(PathError::EncodedSlash),
            b'\\' => return Err(PathError::Backslash),
            b':' => return Err(PathError::Colon),
            _ if b.is_ascii_control() => return Err(PathError::ControlCharacter),
            _ => {}
        }
    }
    if bytes == b"." || bytes == b".." {
        return Err(PathError::DotSegment);
    }
    String::from_utf8(bytes).map_err(|_| PathError::NotUtf8)
}
// ANCHOR_END: segment

/// `%XX` to the byte 0xXX, strictly: a stray `%` is an error, not kept.
fn percent_decode(raw: &str) -> Result<Vec<u8>, PathError> {
    let raw = raw.as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hex = raw.get(i + 1..i + 3).ok_or(PathError::BadPercentEncoding)?;
            let value = std::str::from_utf8(hex)
                .ok()
                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or(PathError::BadPercentEncoding)?;
            out.push(value);
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_paths() {
        let cases: &[(&str, &[&str], bool)] = &[
            ("/static/", &[], true),
            ("/static/index.html", &["index.html"], false),
            ("/static/css/site.css", &["css", "site.css"], false),
            ("/static/docs/", &["docs"], true),
            ("/static/a%20b.txt", &["a b.txt"], false),
            ("/static/Z%C3%BCrich.txt", &["Zürich.txt"], false),
            ("/static/Zürich.txt", &["Zürich.txt"], false),
            // Dots inside a name are a name: hidden files, extensions, "...".
            ("/static/.well-known/x", &[".well-known", "x"], false),
            ("/static/...", &["..."], false),
            ("/static/..a", &["..a"], false),
            // Decoded once: the file is literally called "%2e%2e".
            ("/static/%252e%252e/x", &["%2e%2e", "x"], false),
            // Fullwidth full stops are letters to the file system, not dots.
            (
                "/static/\u{ff0e}\u{ff0e}/x",
                &["\u{ff0e}\u{ff0e}", "x"],
                false,
            ),
        ];
        for (path, segments, trailing_slash) in cases {
            let expected = RelativePath {
                segments: segments.iter().map(|s| s.to_string()).collect(),
                trailing_slash: *trailing_slash,
            };
            assert_eq!(relative_path(path, "/static/"), Ok(expected), "{path}");
        }
    }

    #[test]
    fn every_traversal_trick_is_refused() {
        use PathError::*;
        let cases: &[(&str, PathError)] = &[
            ("/static/../etc/passwd", DotSegment),
            ("/static/a/../../etc/passwd", DotSegment),
            ("/static/./a", DotSegment),
            ("/static/..", DotSegment),
            ("/static/../", DotSegment),
            ("/static/%2e%2e/etc/passwd", DotSegment),
            ("/static/%2E%2E/etc/passwd", DotSegment),
            ("/static/.%2e/etc/passwd", DotSegment),
            ("/static/%2e./etc/passwd", DotSegment),
            ("/static/%2e", DotSegment),
            ("/static/..%2fetc%2fpasswd", EncodedSlash),
            ("/static/%2e%2e%2Fetc", EncodedSlash),
            ("/static/a%2fb", EncodedSlash),
            ("/static/%2f", EncodedSlash),
            ("/static/..\\etc\\passwd", Backslash),
            ("/static/..%5cetc", Backslash),
            ("/static/%5C", Backslash),
            ("/static//etc/passwd", EmptySegment),
            ("/static/a//b", EmptySegment),
            ("/static/a.txt%00.png", ControlCharacter),
            ("/static/%00", ControlCharacter),
            ("/static/a%0d%0aSet-Cookie:x", ControlCharacter),
            ("/static/a\tb", ControlCharacter),
            ("/static/C:", Colon),
            ("/static/c%3a/windows", Colon),
            ("/static/a.txt::$DATA", Colon),
            ("/static/%c0%ae%c0%ae/etc", NotUtf8),
            ("/static/%ff", NotUtf8),
            ("/static/%", BadPercentEncoding),
            ("/static/%2", BadPercentEncoding),
            ("/static/%zz", BadPercentEncoding),
            ("/static/%+1", BadPercentEncoding),
            ("/static", NotUnderMount),
            ("/staticx/a", NotUnderMount),
            ("/%73tatic/a", NotUnderMount),
            ("/", NotUnderMount),
            ("", NotUnderMount),
        ];
        for (path, error) in cases {
            assert_eq!(relative_path(path, "/static/"), Err(*error), "{path}");
        }
    }
}
