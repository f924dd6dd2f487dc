//! The checks a request head must pass before its body is read: a target
//! this server can route, a valid `Host`, a method it knows.
//!
//! `httparse` only says the head is well-formed; these are the rules of
//! RFC 9110 and 9112 about what a well-formed head may say.

use crate::{RequestHead, Version};

use super::RequestError;

/// The methods RFC 9110 §9 defines (plus PATCH, RFC 5789). Anything else
/// gets `501 Not Implemented`; a known method the path does not take gets
/// `405 Method Not Allowed` from the router.
pub const KNOWN_METHODS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
];

// ANCHOR: check_head
/// Checks `head`, and returns its target in origin-form (`/path?query`).
pub fn check_head(head: &RequestHead) -> Result<String, RequestError> {
    let target = origin_form(&head.target).ok_or(RequestError::BadTarget)?;
    let hosts = head.headers.get_all("Host").count();
    let hosts_ok = match head.version {
        Version::Http11 => hosts == 1,
        Version::Http10 => hosts <= 1,
    };
    if !hosts_ok {
        return Err(RequestError::HostCount { count: hosts });
    }
    if let Some(bad) = head
        .headers
        .get_all("Host")
        .find(|value| !is_valid_host(value))
    {
        return Err(RequestError::InvalidHost(bad.to_string()));
    }
    if !KNOWN_METHODS.contains(&head.method.as_str()) {
        return Err(RequestError::UnknownMethod(head.method.clone()));
    }
    Ok(target)
}
// ANCHOR_END: check_head

/// The origin-form of a request-target, or `None` if it is neither
/// origin-form (`/api?x=1`) nor absolute-form (`http://host/api?x=1`).
/// Proxies receive the absolute form; a server must accept it too
/// (RFC 9112 §3.2.2). The asterisk-form (`OPTIONS *`) is not served here.
pub fn origin_form(target: &str) -> Option<String> {
    if target.starts_with('/') {
        return Some(target.to_string());
    }
    let (scheme, rest) = target.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let path_start = rest.find(['/', '?']).unwrap_or(rest.len());
    if path_start == 0 {
        return None; // no authority
    }
    match &rest[path_start..] {
        "" => Some("/".to_string()),
        p if p.starts_with('?') => Some(format!("/{p}")),
        p => Some(p.to_string()),
    }
}

/// Is `value` a valid `Host` field value, `uri-host [ ":" port ]`
/// (RFC 9110 §7.2, RFC 3986 §3.2.2)? Empty is allowed: that is what a
/// client sends for a target with no authority.
pub fn is_valid_host(value: &str) -> bool {
    let (host, port) = match value.strip_prefix('[') {
        // An IP literal: [::1]:8080
        Some(rest) => match rest.split_once(']') {
            Some((ip, port)) => (ip, port),
            None => return false,
        },
        None => match value.rsplit_once(':') {
            Some((host, _)) => (host, &value[host.len()..]),
            None => (value, ""),
        },
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    // reg-name: unreserved, percent-encoded and sub-delims; for an IP literal also ':'.
    let host_ok = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=:".contains(&b));
    port_ok && host_ok && (value.starts_with('[') || !host.contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_values() {
        for ok in [
            "x",
            "example.com",
            "example.com:8080",
            "127.0.0.1:80",
            "[::1]",
            "[::1]:8080",
            "",
        ] {
            assert!(is_valid_host(ok), "{ok:?}");
        }
        for bad in ["a b", "a/b", "a:b", "a:80:80", "[::1", "a@b", "a?b"] {
            assert!(!is_valid_host(bad), "{bad:?}");
        }
    }

    #[test]
    fn origin_form_table() {
        let cases = [
            ("/api?x=1", Some("/api?x=1")),
            ("http://example.com/api?x=1", Some("/api?x=1")),
            ("HTTP://example.com", Some("/")),
            ("http://example.com?x=1", Some("/?x=1")),
            ("https://example.com:8443/a", Some("/a")),
            ("*", None),
            ("api", None),
            ("ftp://example.com/", None),
            ("http:///a", None),
        ];
        for (target, expected) in cases {
            assert_eq!(origin_form(target).as_deref(), expected, "{target}");
        }
    }
}
