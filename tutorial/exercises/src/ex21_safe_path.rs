//! Exercise 21 (chapter 15, files): a request path to safe file names.
//!
//! A file server maps `/static/css/site.css` to `DIR/css/site.css`. Done
//! naively, `/static/../../etc/passwd` walks out of `DIR`, and so do its
//! disguises: `%2e%2e`, `..%2f`, `..\`, `//`, `%00`, the overlong `%c0%ae`.
//! The safe way is an allow-list of shape: split first, decode once, and
//! accept only segments that are plain file names.
//!
//! ```text
//! /static/css/site%20v2.css   ->  Some(["css", "site v2.css"])
//! /static/docs/               ->  Some(["docs"], trailing slash)
//! /static/%2e%2e/secret       ->  None
//! ```

use crate::SafePath;

// ANCHOR: task
/// The file names that `path` (a request path, without its query) names
/// below `/static/`, or `None` to refuse it (the server answers 404):
///
/// 1. `path` must start with `/static/` exactly; take the rest. An empty
///    rest is `/static/` itself: no segments, `trailing_slash: true`.
/// 2. A rest ending in `/` asks for a folder: note `trailing_slash` and
///    drop that one `/`.
/// 3. Split the rest at `/` *before* decoding anything, so that `%2F` stays
///    inside its segment.
/// 4. Each segment: refuse it if empty (`a//b`); decode `%XX` once (a `%`
///    not followed by two hex digits: refuse); then refuse it if the
///    decoded bytes hold `/`, `\`, `:` or any ASCII control byte (NUL
///    included), if they are exactly `.` or `..`, or if they are not UTF-8.
///
/// Anything else is a name, dots and all: `.well-known`, `...`, and
/// `%252e` (decoded once, that is the file called `%2e`).
pub fn safe_path(path: &str) -> Option<SafePath> {
    todo!("strip /static/, split at /, then decode and check each segment")
}
// ANCHOR_END: task
