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
//! - When the body is not kept, neither are the `Content-Type` and
//!   `Content-Length` the client wrote for it: a GET that announces a body
//!   it does not send would leave the server waiting for it. (A user's own
//!   `-H Content-Length` is the user's, and is sent as given, as curl does.)
//! - A loop (`/a` → `/b` → `/a`) is stopped by counting: `--max-redirs`,
//!   curl's default 50, ours 10; one more is curl's exit 47, "too many
//!   redirects".
//! - curl follows a redirect from `https` to `http` (browsers do too). When
//!   the redirect leads to another origin (another scheme, host or port than
//!   the first URL's), the credentials given with `-H` (`Authorization`,
//!   `Cookie`, `Proxy-Authorization`) stay behind, so a password meant for
//!   one site is not handed to whichever site it redirects to: that leak was
//!   curl's CVE-2018-1000007 (another host) and CVE-2022-27776 (another port
//!   or scheme). [`headers_for`] is the rule; `--location-trusted` turns it
//!   off, as in curl. Browsers go further (a cookie jar per site); curl and
//!   these clients only have the `-H` headers to guard.
//! - A `Host` given with `-H` names the first URL's host: it goes only to
//!   that host name, even with `--location-trusted`, as in curl; another
//!   host gets the `Host` its own URL says. Sending the old one would ask
//!   the new server for a site it may not be.
//!
//! One difference from curl on purpose: curl's `-X POST` forces POST on every
//! request, redirects included (its manual warns against `-X` with `-L` for
//! that reason), and `--post301`/`--post302`/`--post303` keep a POST. Here
//! the method a request used is all that counts.

use wire::{HttpUrl, ResponseHead};

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

/// The `-H` fields that prove who the user is. They are meant for the site
/// the user named, and are not sent to another origin after a redirect.
/// curl 7.88 drops the first two and keeps `Proxy-Authorization`, because it
/// sends that to its proxy, which a redirect does not change; these clients
/// have no proxy, so that field would go to the new site too, and is dropped.
pub const CREDENTIALS: [&str; 3] = ["Authorization", "Cookie", "Proxy-Authorization"];

/// Do `a` and `b` have the same origin: scheme, host and port (RFC 6454
/// §4; RFC 9110 §4.3.1)? Host names are compared without regard to case.
pub fn same_origin(a: &HttpUrl, b: &HttpUrl) -> bool {
    a.scheme == b.scheme && a.host.eq_ignore_ascii_case(&b.host) && a.port == b.port
}

/// The `-H` fields to send to `next` in a transfer that began at `first`:
/// all of them to `first`'s origin, or anywhere when `trusted`
/// (`--location-trusted`); elsewhere all but the [`CREDENTIALS`]. Like
/// curl, the comparison is with the first URL, not the previous one: a
/// redirect back home gets them again. A user's `Host` goes only to the
/// first URL's host name, trusted or not.
///
/// ```
/// use raw_client::redirect::headers_for;
/// let first = wire::HttpUrl::parse("http://a.example/login").unwrap();
/// let elsewhere = wire::HttpUrl::parse("http://a.example:8080/").unwrap();
/// let headers = [("Cookie".to_string(), "id=1".to_string()), ("X-A".to_string(), "1".to_string())];
/// assert_eq!(headers_for(&headers, &first, &first, false), headers);
/// assert_eq!(headers_for(&headers, &first, &elsewhere, false), &headers[1..]);
/// assert_eq!(headers_for(&headers, &first, &elsewhere, true), headers);
/// let host = [("Host".to_string(), "b.example".to_string())];
/// let other_host = wire::HttpUrl::parse("http://c.example/").unwrap();
/// assert_eq!(headers_for(&host, &first, &other_host, true), []);
/// ```
pub fn headers_for<V: Clone>(
    headers: &[(String, V)],
    first: &HttpUrl,
    next: &HttpUrl,
    trusted: bool,
) -> Vec<(String, V)> {
    let keep_all = trusted || same_origin(first, next);
    let same_host = first.host.eq_ignore_ascii_case(&next.host);
    let is = |name: &str, set: &[&str]| set.iter().any(|c| c.eq_ignore_ascii_case(name));
    headers
        .iter()
        .filter(|(name, _)| keep_all || !is(name, &CREDENTIALS))
        .filter(|(name, _)| same_host || !is(name, &["Host"]))
        .cloned()
        .collect()
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

    #[test]
    fn origin_table() {
        let url = |s| wire::HttpUrl::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        let first = url("http://example.com/a");
        let cases = [
            ("http://example.com/b?x=1", true),
            ("http://EXAMPLE.com:80/", true),
            ("http://example.com:8080/a", false),
            ("https://example.com/a", false),
            ("http://www.example.com/a", false),
            ("http://127.0.0.1/a", false),
        ];
        let headers = vec![
            ("authorization".to_string(), "Bearer x".to_string()),
            ("Cookie".to_string(), "a=1".to_string()),
            ("Proxy-Authorization".to_string(), "Basic y".to_string()),
            ("X-Other".to_string(), "1".to_string()),
        ];
        for (next, same) in cases {
            assert_eq!(same_origin(&first, &url(next)), same, "{next}");
            let sent = headers_for(&headers, &first, &url(next), false);
            let expected = if same { &headers[..] } else { &headers[3..] };
            assert_eq!(sent, expected, "{next}");
            assert_eq!(headers_for(&headers, &first, &url(next), true), headers);
        }
    }

    #[test]
    fn a_users_host_goes_only_to_the_first_host_name() {
        let url = |s| wire::HttpUrl::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        let first = url("http://example.com/a");
        let host = vec![("host".to_string(), "site.test".to_string())];
        // Same name, another port: curl keeps it (it compares names only).
        for (next, kept) in [
            ("http://EXAMPLE.com/b", true),
            ("https://example.com:8443/", true),
            ("http://other.example/", false),
        ] {
            for trusted in [false, true] {
                let sent = headers_for(&host, &first, &url(next), trusted);
                assert_eq!(!sent.is_empty(), kept, "{next} trusted={trusted}");
            }
        }
    }
}
