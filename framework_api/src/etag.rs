//! Entity tags for `/static/`: what tower-http's `ServeDir` does not do.
//!
//! `ServeDir` sends `Last-Modified` and answers `If-Modified-Since` and
//! `If-Unmodified-Since`, but it sends no `ETag`, ignores `If-None-Match`,
//! and ignores `If-Range` (a `Range` is always honoured). This file holds
//! the rules that [`crate::static_files`] adds around it:
//!
//! - the tag: `"<mtime>-<size>"`, the file's modification time in Unix
//!   seconds and its size in bytes, both in lowercase hex. nginx builds its
//!   tags the same way, from metadata, so no byte of the file is read to
//!   make one (a hash of the content, as some servers use, would mean
//!   reading a 1 GB file before answering);
//! - `If-None-Match` (RFC 9110 §13.1.2): `*` or a list of tags, compared
//!   weakly (`W/"x"` matches `"x"`); a match means 304;
//! - `If-Range` (RFC 9110 §13.1.5): a tag compared strongly, or a date
//!   equal to `Last-Modified`; anything else means "send the whole file".

use axum::http::HeaderValue;
use std::{fs::Metadata, time::UNIX_EPOCH};

// ANCHOR: etag
/// The `ETag` of a file, from its metadata: `"65f1c2a0-1a2b"`.
pub fn etag(meta: &Metadata) -> String {
    // A time before 1970, or one the system cannot give, counts as 0: the
    // tag still changes with the size.
    let mtime = meta
        .modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_secs());
    format!("\"{mtime:x}-{:x}\"", meta.len())
}
// ANCHOR_END: etag

/// Does an `If-None-Match` value name this tag? `*` names any tag; tags
/// are compared weakly, so `W/"a"` and `"a"` are the same.
pub fn none_match_hits(if_none_match: &HeaderValue, etag: &str) -> bool {
    let Ok(list) = if_none_match.to_str() else {
        // A value that is not visible ASCII names no tag of ours.
        return false;
    };
    list.split(',').map(str::trim).any(|tag| {
        tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag.trim_start_matches("W/")
    })
}

/// May a `Range` be honoured, given `If-Range`? Yes when the tag is ours,
/// compared strongly (a weak tag never matches), or when the date is the
/// very `Last-Modified` we send.
pub fn if_range_holds(if_range: &HeaderValue, etag: &str, last_modified: &str) -> bool {
    match if_range.to_str() {
        Ok(value) if value.starts_with('"') => value == etag,
        Ok(value) => value == last_modified,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly() {
        let tag = "\"5f-10\"";
        for (value, hit) in [
            ("\"5f-10\"", true),
            ("W/\"5f-10\"", true),
            ("\"x\", \"5f-10\"", true),
            ("*", true),
            ("\"5f-11\"", false),
            ("5f-10", false),
            ("", false),
        ] {
            assert_eq!(
                none_match_hits(&HeaderValue::from_static(value), tag),
                hit,
                "{value}"
            );
        }
    }

    #[test]
    fn if_range_compares_strongly() {
        let (tag, date) = ("\"5f-10\"", "Sun, 06 Nov 1994 08:49:37 GMT");
        for (value, holds) in [
            ("\"5f-10\"", true),
            ("W/\"5f-10\"", false),
            ("\"other\"", false),
            ("Sun, 06 Nov 1994 08:49:37 GMT", true),
            ("Sun, 06 Nov 1994 08:49:38 GMT", false),
        ] {
            assert_eq!(
                if_range_holds(&HeaderValue::from_static(value), tag, date),
                holds,
                "{value}"
            );
        }
    }
}
