//! Exercise 17 (chapter 12, clients): the bytes of a GET.

// ANCHOR: task
/// The request a client sends to fetch `url`, or `None` if `url` is not
/// `http://` or `https://` followed by a host:
///
/// ```text
/// GET {target} HTTP/1.1\r\n
/// Host: {host}\r\n
/// Connection: close\r\n
/// \r\n
/// ```
///
/// - `{target}` is the path and query (`/a/b?x=1`), or `/` when the URL
///   has no path; a `#fragment` is never sent;
/// - `{host}` is the host, with `:port` only when the port is not the
///   scheme's default (80 for http, 443 for https): `Host: example.com`
///   for `http://example.com:80/`, `Host: example.com:8080` otherwise.
///
/// The scheme is matched ignoring case; the host is sent as written. (No
/// user names, no IPv6 literals here: `wire::url` deals with those.)
pub fn get_request(url: &str) -> Option<Vec<u8>> {
    todo!("split the URL into scheme, host, port and target")
}
// ANCHOR_END: task
