//! `GET /cookies/set?NAME=VALUE` and `GET /cookies`: setting a cookie, and
//! seeing what comes back.
//!
//! `/cookies/set?theme=dark` answers `302 Found` with `Location: /cookies`
//! and `Set-Cookie: theme=dark; Path=/; HttpOnly; SameSite=Lax`, one
//! `Set-Cookie` per pair of the query ([`wire::cookie::set_cookie`] writes
//! it and refuses what cannot be sent). A client that keeps cookies (a
//! browser, `curl -c jar -b jar -L`) follows the redirect and sends
//! `Cookie: theme=dark`, which `/cookies` shows as JSON:
//! `{"cookies":[["theme","dark"]]}`, in order, repeats kept
//! ([`wire::cookie::parse_cookies`]).

use wire::cookie::{CookieError, parse_cookies, set_cookie};
use wire::{StatusCode, json};

use crate::response::{APPLICATION_JSON, Body};
use crate::{Request, Response};

/// At most this many cookies per `/cookies/set`.
pub const MAX_COOKIES: usize = 20;
/// The longest `NAME=VALUE`: browsers keep at most 4096 bytes per cookie.
pub const MAX_COOKIE_LEN: usize = 4096;

// ANCHOR: cookies
/// `GET /cookies`: every pair of every `Cookie` header, in order.
pub fn list(request: &Request) -> Response {
    let pairs = parse_cookies(request.head.headers.get_all("Cookie"));
    let body = format!("{{\"cookies\":{}}}", json::pairs(pairs));
    Response::new(StatusCode::OK, APPLICATION_JSON, body)
}

/// `GET /cookies/set?NAME=VALUE&...`.
pub fn set(request: &Request) -> Response {
    let pairs = wire::form::decode(request.query().as_bytes());
    if pairs.is_empty() {
        return bad_request("give at least one NAME=VALUE, e.g. /cookies/set?theme=dark");
    }
    if pairs.len() > MAX_COOKIES {
        return bad_request(&format!("at most {MAX_COOKIES} cookies at once"));
    }
    // An empty body: a browser follows the redirect without showing one.
    let mut response = Response {
        status: StatusCode::FOUND,
        headers: vec![("Location".into(), "/cookies".into())],
        body: Body::Full(Vec::new()),
    };
    for (name, value) in &pairs {
        let line = match set_cookie(name, value) {
            Ok(line) => line,
            // framework_api's words, so the two bodies are the same.
            Err(CookieError::InvalidName) => {
                return bad_request(&format!(
                    "{name:?} cannot be a cookie name (letters, digits and !#$%&'*+-.^_`|~ only)"
                ));
            }
            Err(CookieError::InvalidValue) => {
                return bad_request(&format!(
                    "the value of {name} cannot be sent in a cookie as it is (no spaces, quotes, commas, semicolons, backslashes or control bytes)"
                ));
            }
        };
        if name.len() + 1 + value.len() > MAX_COOKIE_LEN {
            return bad_request(&format!("{name}=... is over {MAX_COOKIE_LEN} bytes"));
        }
        response = response.with_header("Set-Cookie", &line);
    }
    response
}
// ANCHOR_END: cookies

fn bad_request(why: &str) -> Response {
    Response::error(StatusCode::BAD_REQUEST, why)
}
