//! `http://host:port/path?query`, split into what a request needs.
//!
//! A client uses a URL three ways: the host and port say where to connect,
//! `Host:` repeats them for the server (which may serve many sites on one
//! address), and the path and query become the request-target:
//!
//! ```text
//! http://127.0.0.1:8080/api?name=knsock#top
//!        └───── Host ─────┘└─ target ──┘└ never sent: the fragment is the browser's
//! ```
//!
//! This is a deliberately small parser for `http` and `https` URLs (RFC 9110
//! §4.2, RFC 3986). It refuses what it does not handle (user names, spaces)
//! with a clear message instead of guessing; the `url` crate is the full
//! WHATWG parser a production client would use.

use std::fmt;

/// The URL schemes a client here can speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    /// The port used when the URL names none.
    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

/// A URL that can be requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    pub scheme: Scheme,
    /// A name or an IP address; an IPv6 address without its brackets.
    pub host: String,
    pub port: u16,
    /// Path and query, ready for the request line: always starts with `/`.
    pub target: String,
}

/// Why a string is not a URL this parser takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlError(pub String);

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UrlError {}

impl HttpUrl {
    /// Parses an absolute `http://` or `https://` URL.
    pub fn parse(input: &str) -> Result<HttpUrl, UrlError> {
        let bad = |why: &str| Err(UrlError(format!("bad URL {input:?}: {why}")));
        if let Some(c) = input.chars().find(|c| c.is_whitespace() || c.is_control()) {
            return bad(&format!(
                "it contains {c:?}; percent-encode it (a space is %20)"
            ));
        }
        let Some((scheme, rest)) = input.split_once("://") else {
            return bad("it needs a scheme, e.g. http://");
        };
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "http" => Scheme::Http,
            "https" => Scheme::Https,
            other => {
                return bad(&format!(
                    "the scheme {other:?} is not supported, only http and https"
                ));
            }
        };
        let rest = rest
            .split_once('#')
            .map_or(rest, |(before, _fragment)| before);
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path_and_query) = rest.split_at(authority_end);
        if authority.contains('@') {
            return bad("user names and passwords in URLs are not supported");
        }
        let (host, port) = if let Some(after_bracket) = authority.strip_prefix('[') {
            // An IPv6 literal: http://[::1]:8080/
            let Some((host, after)) = after_bracket.split_once(']') else {
                return bad("an IPv6 address needs a closing ]");
            };
            (host, after)
        } else {
            match authority.rfind(':') {
                Some(colon) => (&authority[..colon], &authority[colon..]),
                None => (authority, ""),
            }
        };
        if host.is_empty() {
            return bad("it has no host");
        }
        let port = match port {
            "" | ":" => scheme.default_port(),
            _ => match port.strip_prefix(':').and_then(|p| p.parse::<u16>().ok()) {
                Some(p) if p > 0 => p,
                _ => return bad("the port must be a number from 1 to 65535"),
            },
        };
        let target = if path_and_query.starts_with('/') {
            path_and_query.to_string()
        } else {
            format!("/{path_and_query}")
        };
        Ok(HttpUrl {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
            target,
        })
    }

    /// Resolves a `Location` value (a URI-reference) against this URL, as a
    /// client following a redirect must (RFC 9110 §10.2.2, RFC 3986 §5.2).
    ///
    /// The reference may be absolute (`https://b.test/x`), scheme-relative
    /// (`//b.test:8080/x`: keep our scheme), an absolute path (`/x?q`: keep
    /// scheme and authority), a relative path (`x`, `../x`: merged with our
    /// path's directory), a query alone (`?q`: keep the path), or empty (this
    /// URL again). Dot segments are removed as RFC 3986 §5.2.4 says, so
    /// `/b/c/../g` asks for `/b/g`. The fragment is dropped: it is never sent.
    ///
    /// Percent-encoding is left as it is. A space or a control character is
    /// refused, as [`HttpUrl::parse`] refuses it; curl instead percent-encodes
    /// a space it finds in a `Location`, to cope with servers that send them.
    pub fn join(&self, reference: &str) -> Result<HttpUrl, UrlError> {
        let bad = |why: &str| Err(UrlError(format!("bad Location {reference:?}: {why}")));
        if let Some(c) = reference
            .chars()
            .find(|c| c.is_whitespace() || c.is_control())
        {
            return bad(&format!(
                "it contains {c:?}; a URL must percent-encode it (a space is %20)"
            ));
        }
        // The fragment is the user agent's business (RFC 9110 §10.2.2 has a
        // browser carry one over); it never goes on the wire, so drop it now.
        let reference = reference
            .split_once('#')
            .map_or(reference, |(before, _fragment)| before);

        // 1. An absolute URI: it replaces everything (RFC 3986 §5.2.2, "if
        //    defined(R.scheme)").
        if let Some(scheme) = scheme_of(reference) {
            if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
                return bad(&format!(
                    "the scheme {scheme:?} is not supported, only http and https"
                ));
            }
            if !reference[scheme.len() + 1..].starts_with("//") {
                // `http:g` (RFC 3986 §5.4.2): strictly an absolute URI with
                // no host; old parsers read it as the relative `g`. Neither
                // reading is worth guessing at.
                return bad("after the scheme it needs //host");
            }
            let mut url = HttpUrl::parse(reference)?;
            url.target = without_dot_segments(&url.target);
            return Ok(url);
        }

        // 2. A network-path reference, `//host:port/path`: our scheme, a new
        //    authority. The port is the new authority's, not ours.
        if reference.starts_with("//") {
            let mut url = HttpUrl::parse(&format!("{}:{reference}", self.scheme.as_str()))?;
            url.target = without_dot_segments(&url.target);
            return Ok(url);
        }

        // 3. Same scheme and authority; only the path and query change.
        let (base_path, base_query) = split_target(&self.target);
        let (path, query) = split_target(reference);
        let (path, query) = if path.is_empty() {
            // `?y` keeps the path; `` keeps the query too.
            (base_path.to_string(), query.or(base_query))
        } else if path.starts_with('/') {
            (remove_dot_segments(path), query)
        } else {
            (remove_dot_segments(&merge(base_path, path)), query)
        };
        Ok(HttpUrl {
            scheme: self.scheme,
            host: self.host.clone(),
            port: self.port,
            target: join_target(&path, query),
        })
    }

    // ANCHOR: authority
    /// What goes in the `Host` header: the host, and the port unless it is
    /// the scheme's default (RFC 9110 §7.2).
    pub fn authority(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == self.scheme.default_port() {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }
    // ANCHOR_END: authority
}

/// The scheme of a URI-reference, if it has one: letters, digits, `+`, `-`
/// and `.`, starting with a letter, before the first `:` (RFC 3986 §3.1).
/// A colon after a `/` or `?` is not a scheme's, so `./a:b` has none.
fn scheme_of(reference: &str) -> Option<&str> {
    let (scheme, _) = reference.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && rest_ok).then_some(scheme)
}

/// A request-target split at its first `?` into path and query.
fn split_target(target: &str) -> (&str, Option<&str>) {
    match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    }
}

fn join_target(path: &str, query: Option<&str>) -> String {
    // A request-target's path is never empty (RFC 9112 §3.2.1).
    let path = if path.is_empty() { "/" } else { path };
    match query {
        Some(query) => format!("{path}?{query}"),
        None => path.to_string(),
    }
}

/// The target with `.` and `..` segments removed from its path; the query
/// is left alone, as RFC 3986 leaves it (`?y/../x` is data, not a path).
fn without_dot_segments(target: &str) -> String {
    let (path, query) = split_target(target);
    join_target(&remove_dot_segments(path), query)
}

/// RFC 3986 §5.2.3: a relative path is relative to the base's directory,
/// everything up to and including its last `/`. (Our base path always has
/// one: a target starts with `/`.)
fn merge(base_path: &str, reference_path: &str) -> String {
    let directory = base_path.rfind('/').map_or("/", |i| &base_path[..=i]);
    format!("{directory}{reference_path}")
}

/// RFC 3986 §5.2.4, the input buffer and output buffer of the RFC, step by
/// step. `..` removes the last segment written so far, and never climbs
/// above the root: `/../../g` is `/g`.
fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut output = String::with_capacity(path.len());
    while !input.is_empty() {
        if let Some(rest) = input.strip_prefix("../") {
            input = rest; // A: a leading `../` or `./` means nothing.
        } else if let Some(rest) = input.strip_prefix("./") {
            input = rest;
        } else if input.starts_with("/./") {
            input = &input[2..]; // B: `/./` is `/`.
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") {
            input = &input[3..]; // C: `/../` is `/`, and drops a segment.
            remove_last_segment(&mut output);
        } else if input == "/.." {
            input = "/";
            remove_last_segment(&mut output);
        } else if input == "." || input == ".." {
            input = ""; // D: a lone dot or two are nothing.
        } else {
            // E: move the first segment, with its leading `/`, to the output.
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| start + i);
            output.push_str(&input[..end]);
            input = &input[end..];
        }
    }
    output
}

fn remove_last_segment(output: &mut String) {
    let cut = output.rfind('/').unwrap_or(0);
    output.truncate(cut);
}

/// The URL written out again, without the fragment.
impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}://{}{}",
            self.scheme.as_str(),
            self.authority(),
            self.target
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_table() {
        let cases: &[(&str, Scheme, &str, u16, &str, &str)] = &[
            (
                "http://127.0.0.1:8080/api?name=knsock",
                Scheme::Http,
                "127.0.0.1",
                8080,
                "/api?name=knsock",
                "127.0.0.1:8080",
            ),
            (
                "http://Example.COM",
                Scheme::Http,
                "example.com",
                80,
                "/",
                "example.com",
            ),
            (
                "http://example.com:80/x#frag",
                Scheme::Http,
                "example.com",
                80,
                "/x",
                "example.com",
            ),
            (
                "https://example.com/",
                Scheme::Https,
                "example.com",
                443,
                "/",
                "example.com",
            ),
            (
                "https://example.com:8443?q=1",
                Scheme::Https,
                "example.com",
                8443,
                "/?q=1",
                "example.com:8443",
            ),
            (
                "HTTP://[::1]:8080/a",
                Scheme::Http,
                "::1",
                8080,
                "/a",
                "[::1]:8080",
            ),
            ("http://[::1]/", Scheme::Http, "::1", 80, "/", "[::1]"),
            (
                "http://localhost:/",
                Scheme::Http,
                "localhost",
                80,
                "/",
                "localhost",
            ),
        ];
        for (input, scheme, host, port, target, authority) in cases {
            let url = HttpUrl::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(
                (url.scheme, url.host.as_str(), url.port, url.target.as_str()),
                (*scheme, *host, *port, *target),
                "{input}"
            );
            assert_eq!(url.authority(), *authority, "{input}");
        }
    }

    /// RFC 3986 §5.4: every example that applies to http, with the base
    /// `http://a/b/c/d;p?q`. The fragments (`#s`) are gone from the results:
    /// they are never sent. Then ports and authorities, which the RFC's base
    /// does not show.
    #[test]
    fn join_table() {
        let rfc_base = "http://a/b/c/d;p?q";
        let cases: &[(&str, &str, &str)] = &[
            // §5.4.1, normal examples.
            (rfc_base, "g", "http://a/b/c/g"),
            (rfc_base, "./g", "http://a/b/c/g"),
            (rfc_base, "g/", "http://a/b/c/g/"),
            (rfc_base, "/g", "http://a/g"),
            // (The RFC writes `http://g`: in http an empty path is `/`,
            // RFC 9110 §4.2.3, and a request line must say so.)
            (rfc_base, "//g", "http://g/"),
            (rfc_base, "?y", "http://a/b/c/d;p?y"),
            (rfc_base, "g?y", "http://a/b/c/g?y"),
            (rfc_base, "#s", "http://a/b/c/d;p?q"),
            (rfc_base, "g#s", "http://a/b/c/g"),
            (rfc_base, "g?y#s", "http://a/b/c/g?y"),
            (rfc_base, ";x", "http://a/b/c/;x"),
            (rfc_base, "g;x", "http://a/b/c/g;x"),
            (rfc_base, "g;x?y#s", "http://a/b/c/g;x?y"),
            (rfc_base, "", "http://a/b/c/d;p?q"),
            (rfc_base, ".", "http://a/b/c/"),
            (rfc_base, "./", "http://a/b/c/"),
            (rfc_base, "..", "http://a/b/"),
            (rfc_base, "../", "http://a/b/"),
            (rfc_base, "../g", "http://a/b/g"),
            (rfc_base, "../..", "http://a/"),
            (rfc_base, "../../", "http://a/"),
            (rfc_base, "../../g", "http://a/g"),
            // §5.4.2, abnormal examples: `..` never climbs above the root,
            (rfc_base, "../../../g", "http://a/g"),
            (rfc_base, "../../../../g", "http://a/g"),
            (rfc_base, "/./g", "http://a/g"),
            (rfc_base, "/../g", "http://a/g"),
            // dots inside a segment are just characters,
            (rfc_base, "g.", "http://a/b/c/g."),
            (rfc_base, ".g", "http://a/b/c/.g"),
            (rfc_base, "g..", "http://a/b/c/g.."),
            (rfc_base, "..g", "http://a/b/c/..g"),
            // needless dot segments,
            (rfc_base, "./../g", "http://a/b/g"),
            (rfc_base, "./g/.", "http://a/b/c/g/"),
            (rfc_base, "g/./h", "http://a/b/c/g/h"),
            (rfc_base, "g/../h", "http://a/b/c/h"),
            (rfc_base, "g;x=1/./y", "http://a/b/c/g;x=1/y"),
            (rfc_base, "g;x=1/../y", "http://a/b/c/y"),
            // and a query or fragment is not a path: its dots stay.
            (rfc_base, "g?y/./x", "http://a/b/c/g?y/./x"),
            (rfc_base, "g?y/../x", "http://a/b/c/g?y/../x"),
            (rfc_base, "g#s/./x", "http://a/b/c/g"),
            (rfc_base, "g#s/../x", "http://a/b/c/g"),
            // Absolute URLs replace everything; their dots go too.
            (rfc_base, "http://a/b/c/../g", "http://a/b/g"),
            (rfc_base, "HTTPS://B.test/X", "https://b.test/X"),
            // Ports and authorities: a relative reference keeps ours,
            ("http://h.test:8080/a/b", "/x", "http://h.test:8080/x"),
            (
                "http://h.test:8080/a/b",
                "c?d=1",
                "http://h.test:8080/a/c?d=1",
            ),
            ("http://h.test:8080/a/b", "?", "http://h.test:8080/a/b?"),
            ("http://[::1]:8080/a/b", "../x", "http://[::1]:8080/x"),
            // a new authority brings its own port, or the scheme's default,
            ("http://h.test:8080/a", "//o.test/x", "http://o.test/x"),
            ("http://h.test:8080/a", "//o.test:81", "http://o.test:81/"),
            ("https://h.test:8443/a", "//o.test/x", "https://o.test/x"),
            ("https://h.test/a", "http://h.test/a", "http://h.test/a"),
            ("http://h.test/a", "http://[::1]:9/", "http://[::1]:9/"),
            // and percent-encoding passes through as it is.
            (
                "http://h.test/a/b",
                "c%20d?x=%2F",
                "http://h.test/a/c%20d?x=%2F",
            ),
        ];
        for (base, reference, expected) in cases {
            let base = HttpUrl::parse(base).unwrap_or_else(|e| panic!("{base}: {e}"));
            let joined = base
                .join(reference)
                .unwrap_or_else(|e| panic!("{base} + {reference:?}: {e}"));
            assert_eq!(joined.to_string(), *expected, "{base} + {reference:?}");
        }
    }

    #[test]
    fn join_refuses_what_it_cannot_follow() {
        let base = HttpUrl::parse("http://a/b/c/d;p?q").unwrap_or_else(|e| panic!("{e}"));
        let cases: &[(&str, &str)] = &[
            // §5.4.1's `g:h` is an absolute URI of some other scheme.
            ("g:h", "scheme \"g\" is not supported"),
            ("ftp://a/x", "not supported"),
            ("mailto:a@b.test", "not supported"),
            // §5.4.2's `http:g`: see `join`.
            ("http:g", "needs //host"),
            ("/a b", "percent-encode"),
            ("/a\tb", "percent-encode"),
            ("/a\r\nSet-Cookie: x=1", "percent-encode"),
            ("//", "no host"),
            ("//u@evil.test/", "user names"),
            ("//h.test:0/", "port"),
        ];
        for (reference, why) in cases {
            match base.join(reference) {
                Err(UrlError(message)) => {
                    assert!(message.contains(why), "{reference:?}: {message}")
                }
                Ok(url) => panic!("{reference:?} joined as {url}"),
            }
        }
    }

    #[test]
    fn bad_urls_say_why() {
        let cases: &[(&str, &str)] = &[
            ("127.0.0.1:8080/api", "needs a scheme"),
            ("ftp://example.com/", "not supported"),
            ("http:///path", "no host"),
            ("http://example.com:99999/", "port"),
            ("http://example.com:0/", "port"),
            ("http://example.com:x/", "port"),
            ("http://user:pw@example.com/", "user names"),
            ("http://example.com/a b", "percent-encode"),
            ("http://[::1/", "closing ]"),
        ];
        for (input, why) in cases {
            match HttpUrl::parse(input) {
                Err(UrlError(message)) => assert!(message.contains(why), "{input}: {message}"),
                Ok(url) => panic!("{input} parsed as {url:?}"),
            }
        }
    }
}
