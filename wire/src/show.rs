//! Bytes made readable: what a person sees of a message.
//!
//! A message is bytes, and some of them are invisible on a terminal: the CR
//! that ends every line, a tab, a NUL, the two bytes of a `ü`. Two views:
//!
//! - [`visible`] hides nothing: `\r` and `\n` are written out, so a learner
//!   can count the CRLFs, and any other byte that is not printable ASCII is
//!   shown as `\xNN`. The tour shows raw requests and responses this way.
//! - [`head_lines`] is `curl -v`'s view: each line of a head with `> ` (sent)
//!   or `< ` (received) in front and its CRLF taken off. The empty line that
//!   ends a head shows as a bare `> `.
//!
//! curl's `--trace-ascii` is the production version of [`visible`]: it adds
//! offsets and splits long bodies, and marks CR and LF with dots.

use std::fmt::Write;

/// Every byte of `bytes`, readable: `\r` and `\n` written out (and a real
/// line break after each `\n`, so a head still reads line by line), `\t`
/// for a tab, `\\` for a backslash, printable ASCII as is, and any other
/// byte as `\xNN` in hex.
///
/// ```
/// assert_eq!(
///     wire::show::visible(b"GET / HTTP/1.1\r\nX: \xC3\xBC\r\n\r\n"),
///     "GET / HTTP/1.1\\r\\n\nX: \\xC3\\xBC\\r\\n\n\\r\\n\n",
/// );
/// ```
pub fn visible(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\r' => out.push_str("\\r"),
            b'\n' => out.push_str("\\n\n"),
            b'\t' => out.push_str("\\t"),
            b'\\' => out.push_str("\\\\"),
            b' '..=b'~' => out.push(char::from(b)),
            // Writing to a String cannot fail.
            _ => {
                let _ = write!(out, "\\x{b:02X}");
            }
        }
    }
    out
}

/// The lines of `head`, each with `prefix` in front and its line ending
/// (CRLF, or a bare LF from a lenient server) taken off: `curl -v` shows a
/// request with `prefix` `"> "` and a response head with `"< "`. Each
/// output line ends in `\n`. Pass only head bytes: a body would be shown as
/// more lines. A byte a terminal could misread (a
/// control character, or anything not ASCII) is shown as `\xNN`.
///
/// ```
/// assert_eq!(
///     wire::show::head_lines("< ", b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"),
///     "< HTTP/1.1 200 OK\n< Content-Length: 2\n< \n",
/// );
/// ```
pub fn head_lines(prefix: &str, head: &[u8]) -> String {
    let mut out = String::new();
    // The piece after the last LF is empty when the head ends in a line
    // ending, as it should; a non-empty one is a cut-off line, shown too.
    let mut lines: Vec<&[u8]> = head.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|last| last.is_empty()) {
        lines.pop();
    }
    for line in lines {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        out.push_str(prefix);
        for &b in line {
            match b {
                b' '..=b'~' | b'\t' => out.push(char::from(b)),
                _ => {
                    let _ = write!(out, "\\x{b:02X}");
                }
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_table() {
        let cases: &[(&[u8], &str)] = &[
            (b"", ""),
            (b"plain text", "plain text"),
            (b"a\r\nb", "a\\r\\n\nb"),
            (b"\r\n\r\n", "\\r\\n\n\\r\\n\n"),
            (b"lone \r and lone \n", "lone \\r and lone \\n\n"),
            (b"tab\there", "tab\\there"),
            (b"back\\slash", "back\\\\slash"),
            (b"Z\xC3\xBCrich", "Z\\xC3\\xBCrich"),
            (b"\x00\x7F\xFF", "\\x00\\x7F\\xFF"),
            (b"~ and space", "~ and space"),
        ];
        for (input, expected) in cases {
            assert_eq!(visible(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn head_lines_table() {
        let cases: &[(&str, &[u8], &str)] = &[
            (
                "> ",
                b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                "> GET / HTTP/1.1\n> Host: a\n> \n",
            ),
            (
                "< ",
                b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
                "< HTTP/1.1 100 Continue\n< \n< HTTP/1.1 200 OK\n< \n",
            ),
            ("< ", b"HTTP/1.0 200 OK\n\n", "< HTTP/1.0 200 OK\n< \n"),
            (
                "< ",
                b"HTTP/1.1 200 OK\r\nX: cut",
                "< HTTP/1.1 200 OK\n< X: cut\n",
            ),
            (
                "< ",
                b"X: a\tb \xC3\xBC\x01\r\n",
                "< X: a\tb \\xC3\\xBC\\x01\n",
            ),
            ("< ", b"X: a\rb\r\n", "< X: a\\x0Db\n"),
            ("> ", b"", ""),
        ];
        for (prefix, input, expected) in cases {
            assert_eq!(head_lines(prefix, input), *expected, "{input:?}");
        }
    }
}
