//! Range requests (RFC 9110 §14): "send me only bytes 1000 to 1999".
//!
//! A video player seeking, or a download resuming, asks for part of a
//! representation. The server answers `206 Partial Content` with just those
//! bytes and a `Content-Range` saying which they are; or `416 Range Not
//! Satisfiable` when the range starts past the end:
//!
//! ```text
//! Range: bytes=0-99      ->  206, Content-Range: bytes 0-99/1000     the first 100
//! Range: bytes=900-      ->  206, Content-Range: bytes 900-999/1000  from 900 to the end
//! Range: bytes=-100      ->  206, Content-Range: bytes 900-999/1000  the last 100
//! Range: bytes=5000-     ->  416, Content-Range: bytes */1000        nothing there
//! ```
//!
//! Both ends are *inclusive*: `0-99` is 100 bytes. A server may ignore
//! `Range` altogether and send the whole with 200 (RFC 9110 §14.2), and this
//! one does for what it does not implement: several ranges at once (which
//! need a `multipart/byteranges` body), units other than `bytes`, and a
//! header it cannot read. nginx and tower-http's `ServeDir` also answer
//! only single ranges well; a production server that does multiple ranges
//! must cap them, or a request for 1000 overlapping ranges multiplies the
//! work.
//!
//! `If-Range` makes the range conditional: "the part, if it is still the
//! version I have; else the whole". Without it, a resumed download could
//! glue the end of a new file onto the start of an old one.

use crate::conditional::EntityTag;
use crate::date::parse_http_date;

/// A range of bytes, both ends inclusive, within the representation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    pub start: u64,
    /// The last byte sent, not one past it.
    pub end: u64,
}

impl ByteRange {
    /// How many bytes the range holds: the 206's `Content-Length`.
    pub fn len(&self) -> u64 {
        self.end - self.start + 1
    }

    /// Never empty: a range that would be is unsatisfiable instead.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The `Content-Range` value of a 206: `bytes 0-99/1000`.
    pub fn content_range(&self, size: u64) -> String {
        format!("bytes {}-{}/{size}", self.start, self.end)
    }
}

/// The `Content-Range` value of a 416: `bytes */1000`, so the client
/// learns the length it can ask within.
pub fn unsatisfied_content_range(size: u64) -> String {
    format!("bytes */{size}")
}

/// Why a `Range` header is ignored, and the whole representation sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ignored {
    /// A unit other than `bytes` (RFC 9110 §14.2: MUST be ignored).
    OtherUnit,
    /// More than one range: allowed, but this server does not do
    /// `multipart/byteranges`, and ignoring is always allowed.
    MultipleRanges,
    /// Not a valid `bytes=` range, e.g. `bytes=5-1` or `bytes=a-b`.
    Malformed,
    /// A suffix range of an empty representation: satisfiable, but there
    /// is no byte to name in `Content-Range`, so the whole (nothing) is sent.
    EmptyRepresentation,
}

/// What to answer to a `Range` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeAnswer {
    /// `206 Partial Content` with these bytes.
    Partial(ByteRange),
    /// `416 Range Not Satisfiable`, with [`unsatisfied_content_range`].
    NotSatisfiable,
    /// `200 OK` with the whole representation, as if there were no `Range`.
    Whole(Ignored),
}

// ANCHOR: parse_range
/// Reads a `Range` value against a representation of `size` bytes.
///
/// The unit is compared without regard to case; no space is allowed around
/// `=` or `-`, but it is around commas (RFC 9110 §14.1.1). Numbers too big
/// for 64 bits are read as "as big as possible": a last position past the
/// end means the end, which is what such a number asks for anyway.
///
/// ```
/// use wire::range::{parse_range, ByteRange, Ignored, RangeAnswer};
///
/// let range = ByteRange { start: 0, end: 99 };
/// assert_eq!(parse_range("bytes=0-99", 1000), RangeAnswer::Partial(range));
/// assert_eq!(range.content_range(1000), "bytes 0-99/1000");
/// assert_eq!(parse_range("bytes=-100", 1000), RangeAnswer::Partial(ByteRange { start: 900, end: 999 }));
/// assert_eq!(parse_range("bytes=5000-", 1000), RangeAnswer::NotSatisfiable);
/// assert_eq!(parse_range("bytes=0-1,5-6", 1000), RangeAnswer::Whole(Ignored::MultipleRanges));
/// ```
pub fn parse_range(value: &str, size: u64) -> RangeAnswer {
    let Some((unit, set)) = value.split_once('=') else {
        return RangeAnswer::Whole(Ignored::Malformed);
    };
    if !unit.eq_ignore_ascii_case("bytes") {
        return RangeAnswer::Whole(Ignored::OtherUnit);
    }
    let specs: Vec<&str> = set
        .split(',')
        .map(|s| s.trim_matches([' ', '\t']))
        .filter(|s| !s.is_empty())
        .collect();
    let [spec] = specs.as_slice() else {
        return RangeAnswer::Whole(if specs.is_empty() {
            Ignored::Malformed
        } else {
            Ignored::MultipleRanges
        });
    };
    let Some((first, last)) = spec.split_once('-') else {
        return RangeAnswer::Whole(Ignored::Malformed);
    };
    match (number(first), number(last)) {
        // `-n`: the last n bytes, or all of them if there are fewer.
        (None, Some(suffix)) if first.is_empty() => {
            if suffix == 0 {
                RangeAnswer::NotSatisfiable
            } else if size == 0 {
                RangeAnswer::Whole(Ignored::EmptyRepresentation)
            } else {
                RangeAnswer::Partial(ByteRange {
                    start: size.saturating_sub(suffix),
                    end: size - 1,
                })
            }
        }
        // `a-`: from a to the end.
        (Some(start), None) if last.is_empty() => satisfiable(start, u64::MAX, size),
        // `a-b`: a to b, cut at the end.
        (Some(start), Some(end)) if start <= end => satisfiable(start, end, size),
        _ => RangeAnswer::Whole(Ignored::Malformed),
    }
}
// ANCHOR_END: parse_range

/// `start..=end` within `size` bytes: satisfiable when it starts before
/// the end (RFC 9110 §14.1.1), with its end cut to the last byte.
fn satisfiable(start: u64, end: u64, size: u64) -> RangeAnswer {
    if start >= size {
        return RangeAnswer::NotSatisfiable;
    }
    RangeAnswer::Partial(ByteRange {
        start,
        end: end.min(size - 1),
    })
}

/// One or more ASCII digits (no sign, no space), saturating at `u64::MAX`.
fn number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    }))
}

// ANCHOR: if_range
/// Does `If-Range` allow the range (RFC 9110 §13.1.5)? If not, the server
/// ignores `Range` and sends the whole with 200.
///
/// An entity-tag must match the current `ETag` by *strong* comparison: a
/// weak tag never does, since "as good as the same" bytes cannot be glued
/// together. A date must be exactly the current `Last-Modified`. (RFC 9110
/// also wants that date to be a strong validator, at least a second older
/// than the response's `Date`; a file changed twice in one second defeats
/// any second-resolution date, and this check, too.)
///
/// ```
/// use wire::range::if_range_allows;
///
/// assert!(if_range_allows("\"v1\"", Some("\"v1\""), None));
/// assert!(!if_range_allows("W/\"v1\"", Some("W/\"v1\""), None));
/// assert!(if_range_allows("Sun, 06 Nov 1994 08:49:37 GMT", None, Some(784_111_777)));
/// ```
pub fn if_range_allows(value: &str, etag: Option<&str>, last_modified: Option<u64>) -> bool {
    let value = value.trim();
    // A tag starts with `"` or `W/`; a date starts with a weekday's name.
    if value.starts_with('"') || value.starts_with("W/") {
        let current = etag.and_then(EntityTag::parse);
        return match (EntityTag::parse(value), current) {
            (Some(sent), Some(current)) => sent.strong_eq(&current),
            _ => false,
        };
    }
    match (parse_http_date(value), last_modified) {
        (Some(sent), Some(current)) => sent == current,
        _ => false,
    }
}
// ANCHOR_END: if_range

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        use Ignored::*;
        use RangeAnswer::*;
        let part = |start, end| Partial(ByteRange { start, end });
        let cases: &[(&str, u64, RangeAnswer)] = &[
            ("bytes=0-99", 1000, part(0, 99)),
            ("bytes=0-0", 1000, part(0, 0)),
            ("bytes=999-999", 1000, part(999, 999)),
            ("bytes=900-", 1000, part(900, 999)),
            ("bytes=0-", 1000, part(0, 999)),
            ("bytes=-100", 1000, part(900, 999)),
            ("bytes=-1", 1000, part(999, 999)),
            ("bytes=-5000", 1000, part(0, 999)),
            ("bytes=500-5000", 1000, part(500, 999)),
            ("BYTES=0-1", 1000, part(0, 1)),
            ("bytes= 0-1 ", 1000, part(0, 1)),
            ("bytes=0-1,", 1000, part(0, 1)),
            ("bytes=0-99999999999999999999999", 1000, part(0, 999)),
            ("bytes=-99999999999999999999999", 1000, part(0, 999)),
            ("bytes=1000-", 1000, NotSatisfiable),
            ("bytes=1000-2000", 1000, NotSatisfiable),
            ("bytes=99999999999999999999999-", 1000, NotSatisfiable),
            ("bytes=-0", 1000, NotSatisfiable),
            ("bytes=0-", 0, NotSatisfiable),
            ("bytes=0-0", 0, NotSatisfiable),
            ("bytes=-5", 0, Whole(EmptyRepresentation)),
            ("bytes=0-1,5-6", 1000, Whole(MultipleRanges)),
            ("bytes=0-1, 0-1", 1000, Whole(MultipleRanges)),
            ("items=0-1", 1000, Whole(OtherUnit)),
            ("bytes 0-1", 1000, Whole(Malformed)),
            ("bytes=", 1000, Whole(Malformed)),
            ("bytes=-", 1000, Whole(Malformed)),
            ("bytes=5-1", 1000, Whole(Malformed)),
            ("bytes=a-b", 1000, Whole(Malformed)),
            ("bytes=+1-2", 1000, Whole(Malformed)),
            ("bytes=1 - 2", 1000, Whole(Malformed)),
            ("bytes=1", 1000, Whole(Malformed)),
            ("bytes=1-2-3", 1000, Whole(Malformed)),
            ("bytes=--1", 1000, Whole(Malformed)),
            ("", 1000, Whole(Malformed)),
        ];
        for (value, size, expected) in cases {
            assert_eq!(parse_range(value, *size), *expected, "{value:?} of {size}");
        }
    }

    #[test]
    fn content_range_values() {
        let range = ByteRange {
            start: 900,
            end: 999,
        };
        assert_eq!(range.content_range(1000), "bytes 900-999/1000");
        assert_eq!(range.len(), 100);
        assert_eq!(unsatisfied_content_range(1000), "bytes */1000");
    }

    #[test]
    fn if_range_table() {
        let modified = 784_111_777;
        let cases: &[(&str, Option<&str>, bool)] = &[
            ("\"v1\"", Some("\"v1\""), true),
            ("\"v1\"", Some("\"v2\""), false),
            ("W/\"v1\"", Some("\"v1\""), false),
            ("\"v1\"", Some("W/\"v1\""), false),
            ("\"v1\"", None, false),
            ("\"v1", Some("\"v1\""), false),
            ("Sun, 06 Nov 1994 08:49:37 GMT", None, true),
            ("Sun, 06 Nov 1994 08:49:38 GMT", None, false),
            ("Sun, 06 Nov 1994 08:49:36 GMT", None, false),
            ("not a date", None, false),
        ];
        for (value, etag, expected) in cases {
            assert_eq!(
                if_range_allows(value, *etag, Some(modified)),
                *expected,
                "{value:?}"
            );
        }
        assert!(!if_range_allows(
            "Sun, 06 Nov 1994 08:49:37 GMT",
            None,
            None
        ));
    }
}
