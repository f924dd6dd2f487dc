//! Exercise 8 (chapter 5, percent-encoding): `%XX` to bytes.

// ANCHOR: task
/// Decodes every `%XX` (two hex digits, either case) in `input` to the
/// byte it names; every other character stays as it is (`+` too: turning
/// `+` into a space is a form's rule, ex09). `None` when a `%` is not
/// followed by two hex digits (`%`, `%4`, `%G1`).
///
/// The result is bytes, not a `String`: `%C3%BC` is the two bytes of `ü`
/// in UTF-8, and `%FF` is a byte that is not UTF-8 at all.
pub fn percent_decode(input: &str) -> Option<Vec<u8>> {
    todo!("walk the bytes; at each %, read two hex digits")
}
// ANCHOR_END: task
