//! Following redirects (`-L`): which `3xx` responses to follow, and with
//! what request.
//!
//! A redirect is a response that says "ask over there instead": a `3xx`
//! status and a `Location` header (RFC 9110 §15.4, §10.2.2). A client that
//! follows it makes a new request to the new URL, and this module says what
//! that request is: the same method and body, or a `GET` without a body.
//!
//! | status                 | next request                                 | RFC 9110  |
//! |------------------------|----------------------------------------------|-----------|
//! | 301 Moved Permanently  | POST becomes GET, no body; others unchanged  | §15.4.2   |
//! | 302 Found              | the same as 301                              | §15.4.3   |
//! | 303 See Other          | GET without a body (HEAD stays HEAD)         | §15.4.4   |
//! | 307 Temporary Redirect | the same method and body                     | §15.4.8   |
//! | 308 Permanent Redirect | the same method and body                     | §15.4.9   |
//! | 300, 304, 305, 306     | not followed                                 | §15.4.1, .5–.7 |
//!
//! Why 301 and 302 turn a POST into a GET: the RFCs always meant them to keep
//! the method, but early browsers sent a GET, servers came to rely on it, and
//! RFC 9110 now allows it "for historical reasons". 307 and 308 were added to
//! say "keep the method" without doubt. 300 asks the user to choose, 304 is
//! an answer to a conditional request (use your cached copy), 305 and 306 are
//! obsolete: none of them names one place to go.
//!
//! The rest of `-L` is the [`session`](crate::session)'s, because it does
//! I/O or keeps count:
//!
//! - A relative `Location` (`/login`, `../b`) is resolved against the URL
//!   just requested with [`HttpUrl::join`](wire::HttpUrl::join). No
//!   `Location` means nothing to follow: curl then shows the `3xx` response
//!   as it is, and so should we.
//! - When the body is not kept, neither are `Content-Type` and
//!   `Content-Length`: a GET that announces a body it does not send would
//!   leave the server waiting for it.
//! - A loop (`/a` → `/b` → `/a`) is stopped by counting: `--max-redirs`,
//!   curl's default 50, ours 10; one more is curl's exit 47, "too many
//!   redirects".
//! - curl follows a redirect from `https` to `http` (browsers do too), and
//!   when the host changes it stops sending `Authorization` and `Cookie`, so a
//!   password meant for one site is not handed to another (unless
//!   `--location-trusted`). These clients send no credentials at all, so
//!   there is nothing to drop.
//!
//! One difference from curl on purpose: curl's `-X POST` forces POST on every
//! request, redirects included (its manual warns against `-X` with `-L` for
//! that reason), and `--post301`/`--post302`/`--post303` keep a POST. Here
//! the method a request used is all that counts.

use wire::ResponseHead;

/// What to send after a redirect: the method, and whether the body goes
/// again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub method: String,
    /// `true`: send the same body again (if there was one). `false`: send
    /// no body, and no `Content-Type` or `Content-Length` for it.
    pub keep_body: bool,
}

// ANCHOR: next_request
/// What to send after a redirect response, or `None` if `status` is not a
/// redirect that `-L` follows.
///
/// Methods are case-sensitive (RFC 9110 §9.1): `post` is not `POST`, and
/// keeps its method on a 301 as any other method does.
///
/// ```
/// use raw_client::redirect::{next_request, Redirect};
/// let get = Redirect { method: "GET".into(), keep_body: false };
/// assert_eq!(next_request(302, "POST"), Some(get));
/// assert_eq!(next_request(304, "GET"), None);
/// ```
pub fn next_request(status: u16, method: &str) -> Option<Redirect> {
    let same = || Redirect {
        method: method.to_string(),
        keep_body: true,
    };
    let without_body = |method: &str| Redirect {
        method: method.to_string(),
        keep_body: false,
    };
    match status {
        301 | 302 if method == "POST" => Some(without_body("GET")),
        // curl keeps PUT, DELETE and the rest, body and all.
        301 | 302 => Some(same()),
        // "See Other" points at a different resource that describes the
        // result: it is fetched, never posted to. A HEAD still wants only the
        // head.
        303 if method == "HEAD" => Some(without_body("HEAD")),
        303 => Some(without_body("GET")),
        307 | 308 => Some(same()),
        _ => None,
    }
}
// ANCHOR_END: next_request

/// The redirect a `-L` client follows after `head`, and where to: the
/// [`next_request`] for its status, and its `Location` (a redirect status
/// without one is an ordinary answer, as curl treats it).
pub fn follow<'a>(head: &'a ResponseHead, method: &str) -> Option<(Redirect, &'a str)> {
    let next = next_request(head.status, method)?;
    Some((next, head.headers.get("Location")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_table() {
        // (status, method, next method and whether the body is kept)
        type Case = (u16, &'static str, Option<(&'static str, bool)>);
        let cases: &[Case] = &[
            (301, "GET", Some(("GET", true))),
            (301, "POST", Some(("GET", false))),
            (301, "PUT", Some(("PUT", true))),
            (301, "HEAD", Some(("HEAD", true))),
            (301, "post", Some(("post", true))),
            (302, "GET", Some(("GET", true))),
            (302, "POST", Some(("GET", false))),
            (302, "DELETE", Some(("DELETE", true))),
            (303, "POST", Some(("GET", false))),
            (303, "PUT", Some(("GET", false))),
            (303, "GET", Some(("GET", false))),
            (303, "HEAD", Some(("HEAD", false))),
            (307, "POST", Some(("POST", true))),
            (307, "PATCH", Some(("PATCH", true))),
            (308, "POST", Some(("POST", true))),
            (308, "GET", Some(("GET", true))),
            (300, "GET", None),
            (304, "GET", None),
            (305, "GET", None),
            (306, "GET", None),
            (309, "GET", None),
            (200, "POST", None),
            (201, "POST", None),
            (404, "GET", None),
        ];
        for (status, method, expected) in cases {
            let expected = expected.map(|(method, keep_body)| Redirect {
                method: method.to_string(),
                keep_body,
            });
            assert_eq!(
                next_request(*status, method),
                expected,
                "{status} after {method}"
            );
        }
    }
}
