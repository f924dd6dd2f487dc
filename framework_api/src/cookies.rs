//! `GET /cookies/set?NAME=VALUE` and `GET /cookies`: setting a cookie, and
//! seeing what comes back.
//!
//! `/cookies/set?theme=dark` answers `302 Found` with `Location: /cookies`
//! and `Set-Cookie: theme=dark; Path=/; HttpOnly; SameSite=Lax`, one
//! `Set-Cookie` per pair of the query. A client that keeps cookies (a
//! browser, `curl -c jar -b jar -L`) follows the redirect and sends
//! `Cookie: theme=dark`, which `/cookies` shows as JSON:
//! `{"cookies":[["theme","dark"]]}`.
//!
//! The attributes say: `Path=/` the whole site gets it back; `HttpOnly`
//! page scripts cannot read it; `SameSite=Lax` other sites' sub-requests
//! (an image, a form POST) do not carry it.
//!
//! The ecosystem's way is `axum-extra`'s `CookieJar` (the `cookie` crate).
//! It keeps cookies in a set, so their order and repeats are lost; the
//! `Cookie` header is simple enough to split by hand (RFC 6265 §5.4 says
//! how it is written), which is what `socket_api` does too.

use axum::{
    Json,
    extract::{Query, rejection::QueryRejection},
    http::{
        HeaderMap, HeaderValue, StatusCode,
        header::{COOKIE, LOCATION, SET_COOKIE},
    },
    response::{IntoResponse, Response},
};
use serde::Serialize;

/// At most this many cookies per `/cookies/set`.
pub const MAX_COOKIES: usize = 20;
/// The longest `NAME=VALUE`: browsers keep at most 4096 bytes per cookie.
pub const MAX_COOKIE_LEN: usize = 4096;

/// `GET /cookies`: the cookies the request carried.
#[derive(Debug, Serialize)]
pub struct Cookies {
    pub cookies: Vec<(String, String)>,
}

/// `GET /cookies`.
pub async fn list(headers: HeaderMap) -> Json<Cookies> {
    Json(Cookies {
        cookies: cookie_pairs(&headers),
    })
}

/// Every `name=value` of every `Cookie` header, in order. Pairs are split
/// by `;`, trimmed; a piece without `=` is a cookie with an empty name, as
/// a browser stores `document.cookie = "flag"` (RFC 6265 §5.2 step 2; the
/// same rule as `wire::cookie` on socket_api's side). Values are not
/// decoded: a cookie is bytes the server set, not a form.
pub fn cookie_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(COOKIE)
        .iter()
        .flat_map(|value| {
            String::from_utf8_lossy(value.as_bytes())
                .split(';')
                .filter(|pair| !pair.trim().is_empty())
                .map(|pair| {
                    let (name, value) = pair.trim().split_once('=').unwrap_or(("", pair));
                    (name.trim().to_owned(), value.trim().to_owned())
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

// ANCHOR: set_cookie
/// `GET /cookies/set?NAME=VALUE&...`.
pub async fn set(query: Result<Query<Vec<(String, String)>>, QueryRejection>) -> Response {
    let pairs = match query {
        Ok(Query(pairs)) => pairs,
        Err(rejection) => return bad_request(&rejection.body_text()),
    };
    if pairs.is_empty() {
        return bad_request("give at least one NAME=VALUE, e.g. /cookies/set?theme=dark");
    }
    if pairs.len() > MAX_COOKIES {
        return bad_request(&format!("at most {MAX_COOKIES} cookies at once"));
    }
    let mut response = (StatusCode::FOUND, [(LOCATION, "/cookies")]).into_response();
    for (name, value) in &pairs {
        if !is_token(name) {
            return bad_request(&format!(
                "{name:?} cannot be a cookie name (letters, digits and !#$%&'*+-.^_`|~ only)"
            ));
        }
        if !value.bytes().all(is_cookie_octet) {
            return bad_request(&format!(
                "the value of {name} cannot be sent in a cookie as it is (no spaces, quotes, commas, semicolons, backslashes or control bytes)"
            ));
        }
        if name.len() + 1 + value.len() > MAX_COOKIE_LEN {
            return bad_request(&format!("{name}=... is over {MAX_COOKIE_LEN} bytes"));
        }
        let line = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
        // Checked above: tokens and cookie-octets are visible ASCII.
        match HeaderValue::from_str(&line) {
            Ok(value) => response.headers_mut().append(SET_COOKIE, value),
            Err(_) => return bad_request("that cookie cannot be a header value"),
        };
    }
    response
}
// ANCHOR_END: set_cookie

fn bad_request(why: &str) -> Response {
    (StatusCode::BAD_REQUEST, format!("400 Bad Request: {why}\n")).into_response()
}

/// A `token` (RFC 9110 §5.6.2): what a cookie name must be (RFC 6265 §4.1.1).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A `cookie-octet` (RFC 6265 §4.1.1): visible ASCII except `"` `,` `;` `\`.
fn is_cookie_octet(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_from_several_headers_in_order() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; b=2"));
        headers.append(COOKIE, HeaderValue::from_static("a=3;bare; c = x=y "));
        assert_eq!(
            cookie_pairs(&headers),
            [
                ("a", "1"),
                ("b", "2"),
                ("a", "3"),
                ("", "bare"),
                ("c", "x=y")
            ]
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
        );
    }

    #[test]
    fn names_and_values_as_rfc_6265_has_them() {
        assert!(is_token("session_id"));
        assert!(!is_token("a b") && !is_token("") && !is_token("a=b") && !is_token("é"));
        assert!(b"abc-123_%".iter().all(|&b| is_cookie_octet(b)));
        assert!(!b" \";,\\\x7f".iter().any(|&b| is_cookie_octet(b)));
    }
}
