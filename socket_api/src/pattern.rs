//! Route patterns: `/hello`, `/echo/{text}`, `/static/{*path}`.
//!
//! A pattern is a path split at `/` into segments, each one of three kinds:
//!
//! | segment    | matches                                  | example              |
//! |------------|------------------------------------------|----------------------|
//! | `hello`    | exactly that text                        | `/hello`             |
//! | `{name}`   | any one non-empty segment, kept as `name` | `/echo/{text}`       |
//! | `{*name}`  | the rest of the path, one segment or more (last only) | `/static/{*path}` |
//!
//! These are axum's spellings, so the two route tables read alike. The
//! values are handed over as they were sent, still percent-encoded: a
//! handler decodes what it uses (`%2F` in a value is data, not a `/`).
//!
//! When several patterns match a path, the most specific wins, segment by
//! segment from the left: text beats `{name}`, which beats `{*name}`. So
//! `/files/new` can sit beside `/files/{id}`. Two patterns that match
//! exactly the same paths (`/a/{x}` and `/a/{y}`) for the same method would
//! leave the choice to table order; [`conflicts`] finds them, and `routes!`
//! runs it at compile time. Matching is plain code, one segment at a time;
//! production routers (axum's `matchit`) build a tree of the patterns
//! instead, to find a route without trying each one.

/// What kind a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// `{*name}`: the rest of the path.
    Rest,
    /// `{name}`: one segment.
    Param,
    /// Text that must be there as it is.
    Text,
}

// ANCHOR: matches
/// The values `pattern` gives `path`, in order (`[("text", "hi%20there")]`),
/// or `None` when it does not match.
///
/// ```
/// use socket_api::pattern::matches;
/// assert_eq!(matches("/echo/{text}", "/echo/hi"), Some(vec![("text", "hi")]));
/// assert_eq!(matches("/static/{*path}", "/static/css/a.css"), Some(vec![("path", "css/a.css")]));
/// assert_eq!(matches("/echo/{text}", "/echo/a/b"), None);
/// ```
pub fn matches<'p, 'a>(pattern: &'p str, path: &'a str) -> Option<Vec<(&'p str, &'a str)>> {
    // Most patterns are plain text: one comparison, nothing allocated.
    // (Every request is matched against the table, so this is worth it.)
    if !pattern.contains('{') {
        return (pattern == path).then(Vec::new);
    }
    let segments: Vec<&str> = pattern.strip_prefix('/')?.split('/').collect();
    let mut rest = path.strip_prefix('/')?;
    let mut values = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        if kind(segment) == Kind::Rest {
            // The rest of the path, if there is any.
            if rest.is_empty() {
                return None;
            }
            values.push((name(segment), rest));
            return Some(values);
        }
        let (here, after) = match rest.split_once('/') {
            Some((here, after)) => (here, Some(after)),
            None => (rest, None),
        };
        match kind(segment) {
            Kind::Param if !here.is_empty() => values.push((name(segment), here)),
            Kind::Text if here == *segment => {}
            _ => return None,
        }
        let last = i + 1 == segments.len();
        match (after, last) {
            (None, true) => return Some(values),
            (Some(after), false) => rest = after,
            // The path has more segments than the pattern, or fewer.
            _ => return None,
        }
    }
    None
}
// ANCHOR_END: matches

/// How specific `pattern` is, to choose among patterns that match one path:
/// compare these keys, and the larger wins.
pub fn specificity(pattern: &str) -> Vec<u8> {
    pattern
        .split('/')
        .skip(1)
        .map(|segment| kind(segment) as u8)
        .collect()
}

fn kind(segment: &str) -> Kind {
    if segment.starts_with("{*") && segment.ends_with('}') {
        Kind::Rest
    } else if segment.starts_with('{') && segment.ends_with('}') {
        Kind::Param
    } else {
        Kind::Text
    }
}

/// `{name}` or `{*name}` → `name`.
fn name(segment: &str) -> &str {
    segment
        .trim_start_matches('{')
        .trim_start_matches('*')
        .trim_end_matches('}')
}

// The compile-time half. `const fn` cannot use `str` methods or iterators
// yet, so these walk the bytes by index.

/// Stops the compiler if `pattern` is not a pattern: it must start with
/// `/`, a `{` must open a whole segment `{name}` or `{*name}` with a name,
/// and `{*name}` may only be last.
pub const fn assert_valid(pattern: &str) {
    let p = pattern.as_bytes();
    if p.is_empty() || p[0] != b'/' {
        panic!("routes!: a path must start with '/'");
    }
    let mut start = 1;
    while start <= p.len() {
        let end = segment_end(p, start);
        let k = const_kind(p, start, end);
        if k != CONST_TEXT {
            let name_start = if k == CONST_REST {
                start + 2
            } else {
                start + 1
            };
            if end - 1 <= name_start {
                panic!("routes!: a {{name}} needs a name");
            }
            if k == CONST_REST && end != p.len() {
                panic!("routes!: {{*name}} must be the last segment");
            }
        } else {
            let mut i = start;
            while i < end {
                if p[i] == b'{' || p[i] == b'}' {
                    panic!("routes!: braces must hold a whole segment: {{name}} or {{*name}}");
                }
                i += 1;
            }
        }
        start = end + 1;
    }
}

/// Do `a` and `b` match exactly the same paths? Text against text must be
/// equal; `{x}` against `{y}` is the same whatever the names; any other
/// pair differs (and the more specific one wins at run time).
pub const fn conflicts(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut sa, mut sb) = (1, 1);
    loop {
        let (a_done, b_done) = (sa > a.len(), sb > b.len());
        if a_done || b_done {
            return a_done && b_done;
        }
        let (ea, eb) = (segment_end(a, sa), segment_end(b, sb));
        let (ka, kb) = (const_kind(a, sa, ea), const_kind(b, sb, eb));
        if ka != kb {
            return false;
        }
        if ka == CONST_REST {
            return true;
        }
        if ka == CONST_TEXT && !same_bytes(a, sa, ea, b, sb, eb) {
            return false;
        }
        sa = ea + 1;
        sb = eb + 1;
    }
}

const CONST_TEXT: u8 = 0;
const CONST_PARAM: u8 = 1;
const CONST_REST: u8 = 2;

/// Where the segment starting at `start` ends (the next `/`, or the end).
const fn segment_end(p: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < p.len() && p[i] != b'/' {
        i += 1;
    }
    i
}

const fn const_kind(p: &[u8], start: usize, end: usize) -> u8 {
    if end > start && p[start] == b'{' && p[end - 1] == b'}' {
        if end > start + 1 && p[start + 1] == b'*' {
            CONST_REST
        } else {
            CONST_PARAM
        }
    } else {
        CONST_TEXT
    }
}

const fn same_bytes(a: &[u8], sa: usize, ea: usize, b: &[u8], sb: usize, eb: usize) -> bool {
    if ea - sa != eb - sb {
        return false;
    }
    let mut i = 0;
    while i < ea - sa {
        if a[sa + i] != b[sb + i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (pattern, path, the values it gives or None)
    type Case = (
        &'static str,
        &'static str,
        Option<&'static [(&'static str, &'static str)]>,
    );

    #[test]
    fn matching_table() {
        let cases: &[Case] = &[
            ("/", "/", Some(&[])),
            ("/hello", "/hello", Some(&[])),
            ("/hello", "/hello/", None),
            ("/hello", "/hell", None),
            ("/hello", "/", None),
            (
                "/echo/{text}",
                "/echo/hi%20there",
                Some(&[("text", "hi%20there")]),
            ),
            ("/echo/{text}", "/echo/", None),
            ("/echo/{text}", "/echo", None),
            ("/echo/{text}", "/echo/a/b", None),
            ("/echo/{text}", "/echo/a%2Fb", Some(&[("text", "a%2Fb")])),
            ("/a/{x}/c/{y}", "/a/1/c/2", Some(&[("x", "1"), ("y", "2")])),
            ("/a/{x}/c/{y}", "/a/1/d/2", None),
            (
                "/static/{*path}",
                "/static/a.css",
                Some(&[("path", "a.css")]),
            ),
            (
                "/static/{*path}",
                "/static/css/a.css",
                Some(&[("path", "css/a.css")]),
            ),
            ("/static/{*path}", "/static/dir/", Some(&[("path", "dir/")])),
            ("/static/{*path}", "/static/", None),
            ("/static/{*path}", "/static", None),
            ("/static/{*path}", "/staticx/a", None),
        ];
        for (pattern, path, expected) in cases {
            let got = matches(pattern, path);
            assert_eq!(got.as_deref(), *expected, "{pattern} against {path}");
        }
    }

    #[test]
    fn text_beats_a_parameter_which_beats_the_rest() {
        let mut patterns = ["/files/{*rest}", "/files/{id}", "/files/new"];
        patterns.sort_by_key(|p| std::cmp::Reverse(specificity(p)));
        assert_eq!(patterns, ["/files/new", "/files/{id}", "/files/{*rest}"]);
        // The first segment decides before the second.
        assert!(specificity("/a/{x}") > specificity("/{y}/b"));
    }

    #[test]
    fn conflict_table() {
        let cases = [
            ("/a", "/a", true),
            ("/a", "/b", false),
            ("/a/{x}", "/a/{y}", true),
            ("/a/{x}", "/a/new", false),
            ("/a/{x}", "/a/{x}/b", false),
            ("/s/{*p}", "/s/{*q}", true),
            ("/s/{*p}", "/s/{q}", false),
            ("/{x}/b", "/a/{y}", false),
            ("/", "/", true),
            ("/", "/a", false),
        ];
        for (a, b, expected) in cases {
            assert_eq!(conflicts(a, b), expected, "{a} vs {b}");
            assert_eq!(conflicts(b, a), expected, "{b} vs {a}");
        }
    }

    #[test]
    fn malformed_patterns_are_refused() {
        for bad in ["", "a", "/{}", "/{*}", "/s/{*p}/more", "/a{b}", "/a}"] {
            let result = std::panic::catch_unwind(|| assert_valid(bad));
            assert!(result.is_err(), "{bad:?} should be refused");
        }
        for good in ["/", "/a", "/a/{b}", "/s/{*p}", "/a/{b}/c"] {
            assert_valid(good);
        }
    }
}
