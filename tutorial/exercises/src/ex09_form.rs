//! Exercise 9 (chapter 5, forms): `a=1&b=x+y&c=%C3%BC` to pairs.

// ANCHOR: task
/// The pairs of a form body (or a query), in order, as a browser's
/// `URLSearchParams` reads them (the WHATWG URL standard, §5.1):
///
/// - split at `&`, skipping empty pieces;
/// - split each piece at its first `=` (no `=`: the value is empty);
/// - in name and value, `+` is a space, then `%XX` is a byte; a `%` not
///   followed by two hex digits stays as it is (no error: browsers never
///   refuse a form);
/// - the bytes are read as UTF-8, a bad sequence becoming `U+FFFD`
///   (`String::from_utf8_lossy`).
pub fn parse_form(input: &[u8]) -> Vec<(String, String)> {
    todo!("split, replace +, percent-decode, read as UTF-8")
}
// ANCHOR_END: task
