//! Cookies (RFC 6265): what the server asks a browser to keep, and what
//! the browser sends back.
//!
//! HTTP itself remembers nothing between requests. A server that wants to
//! says `Set-Cookie` in a response; the browser stores the pair and sends
//! it back, with every other pair for that site, in one `Cookie` header:
//!
//! ```text
//! HTTP/1.1 302 Found
//! Set-Cookie: theme=dark; Path=/; HttpOnly; SameSite=Lax
//!
//! GET /cookies HTTP/1.1
//! Cookie: theme=dark; lang=en
//! ```
//!
//! The attributes say where the pair goes, and they are the security:
//! `Path=/` for every path on the site; `HttpOnly` hides it from page
//! scripts (a cross-site script cannot read it); `SameSite=Lax` keeps it off
//! requests that other sites start, except plain links (against cross-site
//! request forgery). A real login cookie would add `Secure` (HTTPS only)
//! and an expiry (`Max-Age`); a classroom server on plain HTTP cannot use
//! `Secure`, and without an expiry the cookie lasts until the browser
//! closes.

use std::fmt;

/// Why a pair cannot go in a `Set-Cookie`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieError {
    /// The name is empty or not a token: no spaces, no `()<>@,;:\"/[]?={}`.
    InvalidName,
    /// The value holds a space, `"`, `,`, `;`, `\` or a control character,
    /// any of which would end the value or the header early. (Frameworks
    /// that allow any value percent-encode it first.)
    InvalidValue,
}

impl fmt::Display for CookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CookieError::InvalidName => "a cookie name must be a token: letters, digits, !#$%&'*+-.^_`|~",
            CookieError::InvalidValue => {
                "a cookie value cannot hold spaces, quotes, commas, semicolons, backslashes or control characters"
            }
        })
    }
}

impl std::error::Error for CookieError {}

// ANCHOR: parse_cookies
/// The pairs of every `Cookie` header value, in order, repeats kept.
///
/// Browsers send `name=value; name=value`. Read tolerantly (RFC 6265
/// §5.4 is what a browser writes; servers accept more): spaces around
/// pairs are dropped, an empty element is skipped, and an element with no
/// `=` is a value with an empty name, as a browser stores
/// `document.cookie = "x"`. Values are not decoded: quotes, if sent, stay
/// part of the value.
///
/// ```
/// let pairs = wire::cookie::parse_cookies(["theme=dark; lang=en"]);
/// assert_eq!(pairs, [("theme", "dark"), ("lang", "en")]);
/// ```
pub fn parse_cookies<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<(&'a str, &'a str)> {
    values
        .into_iter()
        .flat_map(|value| value.split(';'))
        .map(|pair| pair.trim_matches([' ', '\t']))
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => (
                name.trim_matches([' ', '\t']),
                value.trim_matches([' ', '\t']),
            ),
            None => ("", pair),
        })
        .collect()
}
// ANCHOR_END: parse_cookies

// ANCHOR: set_cookie
/// A `Set-Cookie` value for `name=value` on the whole site, hidden from
/// scripts, kept off cross-site requests: `name=value; Path=/; HttpOnly;
/// SameSite=Lax`.
///
/// ```
/// use wire::cookie::{set_cookie, CookieError};
///
/// assert_eq!(set_cookie("theme", "dark"), Ok("theme=dark; Path=/; HttpOnly; SameSite=Lax".to_string()));
/// assert_eq!(set_cookie("theme", "dark; Domain=evil.example"), Err(CookieError::InvalidValue));
/// ```
pub fn set_cookie(name: &str, value: &str) -> Result<String, CookieError> {
    if !is_token(name) {
        return Err(CookieError::InvalidName);
    }
    // cookie-octet (RFC 6265 §4.1.1): visible ASCII but `"` `,` `;` `\`.
    let cookie_octet = |b: u8| b.is_ascii_graphic() && !matches!(b, b'"' | b',' | b';' | b'\\');
    if !value.bytes().all(cookie_octet) {
        return Err(CookieError::InvalidValue);
    }
    Ok(format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax"))
}
// ANCHOR_END: set_cookie

/// A token (RFC 9110 §5.6.2): one or more of letters, digits and
/// ``!#$%&'*+-.^_`|~``.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
        let cases: &[Case<'_>] = &[
            (&[], &[]),
            (&[""], &[]),
            (&["a=1"], &[("a", "1")]),
            (&["a=1; b=2"], &[("a", "1"), ("b", "2")]),
            (&["a=1;b=2"], &[("a", "1"), ("b", "2")]),
            (&["  a = 1 ;  b=2 ; "], &[("a", "1"), ("b", "2")]),
            (&["a=1", "b=2"], &[("a", "1"), ("b", "2")]),
            (&["a=1; a=2"], &[("a", "1"), ("a", "2")]),
            (&["a="], &[("a", "")]),
            (&["a=b=c"], &[("a", "b=c")]),
            (&["a=\"quoted\""], &[("a", "\"quoted\"")]),
            (&["flag; a=1"], &[("", "flag"), ("a", "1")]),
            (&[";;a=1;;"], &[("a", "1")]),
            (&["na me=Zürich"], &[("na me", "Zürich")]),
        ];
        for (values, expected) in cases {
            assert_eq!(
                parse_cookies(values.iter().copied()),
                expected.to_vec(),
                "{values:?}"
            );
        }
    }

    #[test]
    fn set_cookie_table() {
        use CookieError::*;
        let cases: &[(&str, &str, Result<&str, CookieError>)] = &[
            ("a", "1", Ok("a=1; Path=/; HttpOnly; SameSite=Lax")),
            ("a", "", Ok("a=; Path=/; HttpOnly; SameSite=Lax")),
            (
                "session_id",
                "x-Y.z~1!",
                Ok("session_id=x-Y.z~1!; Path=/; HttpOnly; SameSite=Lax"),
            ),
            ("", "1", Err(InvalidName)),
            ("a b", "1", Err(InvalidName)),
            ("a=b", "1", Err(InvalidName)),
            ("a;", "1", Err(InvalidName)),
            ("ü", "1", Err(InvalidName)),
            ("a", "1 2", Err(InvalidValue)),
            ("a", "1;Path=/admin", Err(InvalidValue)),
            ("a", "1,2", Err(InvalidValue)),
            ("a", "\"1\"", Err(InvalidValue)),
            ("a", "1\\", Err(InvalidValue)),
            ("a", "1\r\nSet-Cookie: b=2", Err(InvalidValue)),
            ("a", "Zürich", Err(InvalidValue)),
        ];
        for (name, value, expected) in cases {
            assert_eq!(
                set_cookie(name, value),
                expected.map(String::from),
                "{name:?}={value:?}"
            );
        }
    }
}
