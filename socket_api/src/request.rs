//! A request as a handler sees it: the parsed head, the whole body, and who sent it.
//!
//! The connection reads the body completely (up to `--max-body`) before
//! calling a handler, so a handler never touches the socket. That keeps
//! handlers as simple as axum's; a production server streams large bodies
//! to the handler instead of holding them in memory.

use std::net::SocketAddr;

use wire::RequestHead;

/// One request, read whole.
#[derive(Debug, Clone)]
pub struct Request {
    pub head: RequestHead,
    /// The target in origin-form (`/path?query`), also when the client sent
    /// the absolute form (`http://host/path?query`, RFC 9112 §3.2.2).
    pub target: String,
    /// The body, de-chunked if it was sent chunked.
    pub body: Vec<u8>,
    pub peer: SocketAddr,
}

impl Request {
    pub fn method(&self) -> &str {
        &self.head.method
    }

    /// The path, without the query: what routes match on.
    pub fn path(&self) -> &str {
        self.target
            .split_once('?')
            .map_or(&self.target, |(path, _)| path)
    }

    /// The query, without the `?`, or `""` when there is none.
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, query)| query)
    }

    /// The first value of header `name`, ignoring case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.headers.get(name)
    }
}

/// The origin-form of a request-target, or `None` if it is neither
/// origin-form (`/api?x=1`) nor absolute-form (`http://host/api?x=1`).
/// Proxies receive the absolute form; a server must accept it too.
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

#[cfg(test)]
mod tests {
    use super::*;

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
