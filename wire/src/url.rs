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
