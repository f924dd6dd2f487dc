//! Exercise 23 (chapter 18, compression): gzip, identity, or neither?
//!
//! A client lists the codings it can undo, each with a quality from 0 to 1:
//!
//! ```text
//! Accept-Encoding: gzip, deflate, br      gzip is fine (q=1 when not given)
//! Accept-Encoding: gzip;q=0.5, identity   rather not compressed
//! Accept-Encoding: gzip;q=0               anything but gzip
//! Accept-Encoding: *                      any coding at all
//! Accept-Encoding: identity;q=0, *;q=0    nothing is acceptable
//! ```

use crate::Encoding;

// ANCHOR: task
/// How to send a response to a request whose `Accept-Encoding` fields have
/// the values `values` (none at all: the header is absent). This server can
/// do gzip only. RFC 9110 §12.5.3, in these steps:
///
/// 1. Elements: every value split at `,`. An element is a coding, then
///    `;param` parts. Trim the coding and compare it ignoring case; skip
///    empty elements; `x-gzip` is `gzip`.
/// 2. Quality: a `q=` param (the name in any case, spaces around it
///    trimmed) must be a qvalue: `0` or `1`, then optionally `.` and up to
///    three digits, only zeros after a `1` (`0`, `0.5`, `0.001`, `1.000`).
///    Any other q (`2`, `.5`, `0.0001`, `high`): drop the whole element.
///    No `q`: 1.
/// 3. gzip's quality is that of the first `gzip` element; if none, of the
///    first `*` element; if neither, 0. Identity's is that of the first
///    `identity` element, or of the first `*`; if neither, it is "not named".
/// 4. `Gzip` if gzip's quality is above 0 and identity is not named or has
///    a quality no higher than gzip's. Else `NotAcceptable` if identity's
///    quality is 0. Else `Identity` (so no header at all means identity).
pub fn choose_encoding(values: &[&str]) -> Encoding {
    todo!("read the elements and their q-values, then compare gzip with identity")
}
// ANCHOR_END: task
