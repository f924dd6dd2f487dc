//! Conditional requests (RFC 9110 §13): "send it only if it changed".
//!
//! A server labels a representation with *validators*: an `ETag` (an opaque
//! label that changes when the bytes change) and `Last-Modified` (a date).
//! A client that has a copy asks again with the label it was given, and the
//! server answers `304 Not Modified`, with no body, if the label still
//! holds:
//!
//! ```text
//! GET /static/site.css              ->  200 OK
//!                                       ETag: "6650f1a2-1f4"
//!                                       Last-Modified: Fri, 24 May 2024 19:59:30 GMT
//! GET /static/site.css
//! If-None-Match: "6650f1a2-1f4"     ->  304 Not Modified (no body)
//! ```
//!
//! This module makes an `ETag` from numbers the server already has (a
//! file's size and modification time) and decides between 200 and 304 from
//! `If-None-Match` and `If-Modified-Since`. The server reads the file's
//! metadata; nothing here touches a file or a clock. `If-Match` and
//! `If-Unmodified-Since` (for safe updates, answered with 412) are not
//! implemented: a static file server never needs them.

use crate::Headers;
use crate::date::parse_http_date;

/// A strong validator promises the bytes are the same; a weak one only
/// that they are as good as the same (RFC 9110 §8.8.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    Strong,
    Weak,
}

// ANCHOR: file_etag
/// An `ETag` for a file from its size and modification time in seconds,
/// as nginx makes them: `"<mtime in hex>-<size in hex>"`, with `W/` in
/// front when weak.
///
/// Strong is what nginx sends, and what `If-Range` needs. It is a small
/// lie: a file rewritten twice within one second, to the same size, keeps
/// its tag. A production server that cares hashes the content (slow for a
/// 1 GB file) or uses nanoseconds and the inode as well (Apache).
///
/// ```
/// use wire::conditional::{file_etag, Strength};
///
/// assert_eq!(file_etag(500, 1_716_580_770, Strength::Strong), "\"6650f1a2-1f4\"");
/// assert_eq!(file_etag(500, 1_716_580_770, Strength::Weak), "W/\"6650f1a2-1f4\"");
/// ```
pub fn file_etag(size: u64, modified_secs: u64, strength: Strength) -> String {
    let weak = if strength == Strength::Weak { "W/" } else { "" };
    format!("{weak}\"{modified_secs:x}-{size:x}\"")
}
// ANCHOR_END: file_etag

/// One entity-tag: `"xyz"` or `W/"xyz"` (RFC 9110 §8.8.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityTag<'a> {
    pub weak: bool,
    /// What is between the quotes.
    pub opaque: &'a str,
}

impl<'a> EntityTag<'a> {
    /// One entity-tag on its own, or `None` if `text` is not exactly one.
    ///
    /// ```
    /// use wire::conditional::EntityTag;
    ///
    /// let tag = EntityTag::parse("W/\"v1\"").unwrap();
    /// assert!(tag.weak && tag.opaque == "v1");
    /// assert_eq!(EntityTag::parse("v1"), None); // the quotes are part of it
    /// ```
    pub fn parse(text: &'a str) -> Option<EntityTag<'a>> {
        match take_entity_tag(text) {
            Some((tag, "")) => Some(tag),
            _ => None,
        }
    }

    /// Strong comparison: both strong and the same (`If-Range`).
    pub fn strong_eq(&self, other: &EntityTag<'_>) -> bool {
        !self.weak && !other.weak && self.opaque == other.opaque
    }

    /// Weak comparison: the same, weak or not (`If-None-Match`).
    pub fn weak_eq(&self, other: &EntityTag<'_>) -> bool {
        self.opaque == other.opaque
    }
}

/// An entity-tag at the start of `text`, and what follows it.
fn take_entity_tag(text: &str) -> Option<(EntityTag<'_>, &str)> {
    let (weak, rest) = match text.strip_prefix("W/") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    let opaque = &rest[..end];
    // etagc: any visible character but `"`, or a byte above 0x7F. No spaces.
    if opaque.chars().any(|c| c.is_ascii_control() || c == ' ') {
        return None;
    }
    Some((EntityTag { weak, opaque }, &rest[end + 1..]))
}

/// What `If-None-Match` lists (RFC 9110 §13.1.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfNoneMatch<'a> {
    /// `*`: "if you have it at all".
    Any,
    /// Entity-tags, in order.
    Tags(Vec<EntityTag<'a>>),
}

/// Every `If-None-Match` field value, taken together as one list, or
/// `None` if the list is malformed (then the field is best ignored).
///
/// A comma can appear inside quotes, so the list cannot simply be split on
/// commas: each tag is read up to its closing quote.
///
/// ```
/// use wire::conditional::{parse_if_none_match, EntityTag, IfNoneMatch};
///
/// assert_eq!(parse_if_none_match(["*"]), Some(IfNoneMatch::Any));
/// let tags = parse_if_none_match(["\"a,b\", W/\"c\""]).unwrap();
/// assert_eq!(tags, IfNoneMatch::Tags(vec![
///     EntityTag { weak: false, opaque: "a,b" },
///     EntityTag { weak: true, opaque: "c" },
/// ]));
/// ```
pub fn parse_if_none_match<'a>(
    values: impl IntoIterator<Item = &'a str>,
) -> Option<IfNoneMatch<'a>> {
    let values: Vec<&str> = values.into_iter().collect();
    if values.len() == 1 && values[0].trim() == "*" {
        return Some(IfNoneMatch::Any);
    }
    let mut tags = Vec::new();
    for value in values {
        let mut rest = value;
        loop {
            // Empty list elements and whitespace around commas are allowed
            // (RFC 9110 §5.6.1).
            rest = rest.trim_start_matches([' ', '\t', ',']);
            if rest.is_empty() {
                break;
            }
            let (tag, after) = take_entity_tag(rest)?;
            tags.push(tag);
            rest = after.trim_start_matches([' ', '\t']);
            if !rest.is_empty() && !rest.starts_with(',') {
                return None;
            }
        }
    }
    (!tags.is_empty()).then_some(IfNoneMatch::Tags(tags))
}

/// What the server knows about the representation it would send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validators<'a> {
    /// The `ETag` it sends, quotes included, if any.
    pub etag: Option<&'a str>,
    /// The `Last-Modified` it sends, in seconds since 1970. Whole seconds:
    /// the header has no finer resolution, so compare in seconds too.
    pub last_modified: Option<u64>,
}

/// The answer to a conditional request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No condition stops it: answer as usual (200, or 206 for a range).
    Proceed,
    /// `304 Not Modified`: the client's copy is current. No body; send the
    /// `ETag` and `Last-Modified` again (RFC 9110 §15.4.5).
    NotModified,
    /// `412 Precondition Failed`: `If-None-Match` matched on a method that
    /// is not GET or HEAD (e.g. a PUT that must not overwrite).
    PreconditionFailed,
}

// ANCHOR: evaluate
/// Decides between 200 and 304 the way RFC 9110 §13.2.2 orders it, for a
/// representation that exists (call it after the file was found):
///
/// 1. `If-None-Match` present: weak comparison against the `ETag`; `*`
///    matches any. A match is 304 for GET and HEAD, 412 otherwise.
///    `If-Modified-Since` is then ignored, whatever it says: the tag is
///    the more precise validator.
/// 2. Otherwise, for GET and HEAD only, one valid `If-Modified-Since`:
///    304 if the representation was last modified at or before that date.
///
/// A malformed `If-None-Match`, or an `If-Modified-Since` that is not a
/// date or appears twice, is ignored: the client gets the whole thing,
/// which is always safe.
///
/// ```
/// use wire::conditional::{evaluate, Outcome, Validators};
/// use wire::{Header, Headers};
///
/// let headers = Headers(vec![Header { name: "If-None-Match".into(), value: "\"v1\"".into() }]);
/// let current = Validators { etag: Some("\"v1\""), last_modified: Some(0) };
/// assert_eq!(evaluate("GET", &headers, current), Outcome::NotModified);
/// let changed = Validators { etag: Some("\"v2\""), last_modified: Some(0) };
/// assert_eq!(evaluate("GET", &headers, changed), Outcome::Proceed);
/// ```
pub fn evaluate(method: &str, headers: &Headers, current: Validators<'_>) -> Outcome {
    let get_or_head = method == "GET" || method == "HEAD";
    if headers.get("If-None-Match").is_some() {
        let current_tag = current.etag.and_then(EntityTag::parse);
        let matched = match parse_if_none_match(headers.get_all("If-None-Match")) {
            Some(IfNoneMatch::Any) => true,
            Some(IfNoneMatch::Tags(tags)) => {
                current_tag.is_some_and(|current| tags.iter().any(|t| t.weak_eq(&current)))
            }
            None => false,
        };
        return match (matched, get_or_head) {
            (false, _) => Outcome::Proceed,
            (true, true) => Outcome::NotModified,
            (true, false) => Outcome::PreconditionFailed,
        };
    }
    let since: Vec<&str> = headers.get_all("If-Modified-Since").collect();
    if let ([since], true, Some(modified)) = (since.as_slice(), get_or_head, current.last_modified)
    {
        if parse_http_date(since).is_some_and(|since| modified <= since) {
            return Outcome::NotModified;
        }
    }
    Outcome::Proceed
}
// ANCHOR_END: evaluate

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Header;

    fn headers(fields: &[(&str, &str)]) -> Headers {
        Headers(
            fields
                .iter()
                .map(|(name, value)| Header {
                    name: name.to_string(),
                    value: value.to_string(),
                })
                .collect(),
        )
    }

    #[test]
    fn if_none_match_lists() {
        let tag = |weak, opaque| EntityTag { weak, opaque };
        let cases: &[(&[&str], Option<IfNoneMatch<'_>>)] = &[
            (&["*"], Some(IfNoneMatch::Any)),
            (&[" * "], Some(IfNoneMatch::Any)),
            (&["\"a\""], Some(IfNoneMatch::Tags(vec![tag(false, "a")]))),
            (&["W/\"a\""], Some(IfNoneMatch::Tags(vec![tag(true, "a")]))),
            (&["\"\""], Some(IfNoneMatch::Tags(vec![tag(false, "")]))),
            (
                &["\"a\", W/\"b\",,\"c\""],
                Some(IfNoneMatch::Tags(vec![
                    tag(false, "a"),
                    tag(true, "b"),
                    tag(false, "c"),
                ])),
            ),
            (
                &["\"a\"", "\"b\""],
                Some(IfNoneMatch::Tags(vec![tag(false, "a"), tag(false, "b")])),
            ),
            (
                &["\"a,b\""],
                Some(IfNoneMatch::Tags(vec![tag(false, "a,b")])),
            ),
            (&["a"], None),
            (&["\"a"], None),
            (&["w/\"a\""], None),
            (&["\"a\" \"b\""], None),
            (&["\"a b\""], None),
            (&["*, \"a\""], None),
            (&["*", "\"a\""], None),
            (&[""], None),
        ];
        for (values, expected) in cases {
            assert_eq!(
                parse_if_none_match(values.iter().copied()),
                *expected,
                "{values:?}"
            );
        }
    }

    #[test]
    fn comparisons() {
        let strong = EntityTag::parse("\"1\"").expect("valid");
        let weak = EntityTag::parse("W/\"1\"").expect("valid");
        assert!(strong.strong_eq(&strong));
        assert!(!weak.strong_eq(&weak));
        assert!(!strong.strong_eq(&weak));
        assert!(strong.weak_eq(&weak));
        assert!(!strong.weak_eq(&EntityTag::parse("\"2\"").expect("valid")));
    }

    #[test]
    fn evaluate_table() {
        use Outcome::*;
        // Last modified on Sun, 06 Nov 1994 08:49:37 GMT.
        let modified = 784_111_777;
        let current = Validators {
            etag: Some("\"v1\""),
            last_modified: Some(modified),
        };
        let at = "Sun, 06 Nov 1994 08:49:37 GMT";
        let after = "Sun, 06 Nov 1994 08:49:38 GMT";
        let before = "Sun, 06 Nov 1994 08:49:36 GMT";
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Outcome);
        let cases: &[Case<'_>] = &[
            ("GET", &[], Proceed),
            ("GET", &[("If-None-Match", "\"v1\"")], NotModified),
            ("HEAD", &[("If-None-Match", "\"v1\"")], NotModified),
            ("GET", &[("If-None-Match", "W/\"v1\"")], NotModified),
            ("GET", &[("If-None-Match", "\"v0\", \"v1\"")], NotModified),
            ("GET", &[("if-none-match", "\"v1\"")], NotModified),
            ("GET", &[("If-None-Match", "\"v2\"")], Proceed),
            ("GET", &[("If-None-Match", "*")], NotModified),
            ("GET", &[("If-None-Match", "v1")], Proceed),
            ("POST", &[("If-None-Match", "\"v1\"")], PreconditionFailed),
            ("PUT", &[("If-None-Match", "*")], PreconditionFailed),
            ("POST", &[("If-None-Match", "\"v2\"")], Proceed),
            ("GET", &[("If-Modified-Since", at)], NotModified),
            ("GET", &[("If-Modified-Since", after)], NotModified),
            ("GET", &[("If-Modified-Since", before)], Proceed),
            ("HEAD", &[("If-Modified-Since", at)], NotModified),
            ("POST", &[("If-Modified-Since", at)], Proceed),
            (
                "GET",
                &[("If-Modified-Since", "Sunday, 06-Nov-94 08:49:37 GMT")],
                NotModified,
            ),
            (
                "GET",
                &[("If-Modified-Since", "Sun Nov  6 08:49:37 1994")],
                NotModified,
            ),
            ("GET", &[("If-Modified-Since", "yesterday")], Proceed),
            (
                "GET",
                &[("If-Modified-Since", at), ("If-Modified-Since", at)],
                Proceed,
            ),
            // If-None-Match wins, whichever way If-Modified-Since points.
            (
                "GET",
                &[("If-None-Match", "\"v2\""), ("If-Modified-Since", after)],
                Proceed,
            ),
            (
                "GET",
                &[("If-None-Match", "\"v1\""), ("If-Modified-Since", before)],
                NotModified,
            ),
        ];
        for (method, fields, expected) in cases {
            assert_eq!(
                evaluate(method, &headers(fields), current),
                *expected,
                "{method} {fields:?}"
            );
        }
        let no_validators = Validators {
            etag: None,
            last_modified: None,
        };
        let fields = headers(&[("If-None-Match", "\"v1\""), ("If-Modified-Since", at)]);
        assert_eq!(evaluate("GET", &fields, no_validators), Proceed);
    }
}
