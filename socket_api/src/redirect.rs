//! Redirects: `GET /redirect/{n}` and `/redirect-to?url=U&status=S`.
//!
//! `/redirect/3` answers `302 Found` with `Location: /redirect/2`, then
//! `/redirect/1`, then `/hello`: a chain of n redirects, for `-L` and its
//! `--max-redirs` to walk. n is 1 to [`MAX_CHAIN`]; more than curl's own
//! limit of 50, so that "too many redirects" can be shown.
//!
//! `/redirect-to` answers any method with the status asked for (301, 302,
//! 303, 307 or 308; 302 when `status` is absent) and `Location: U`. What a
//! client does next is the lesson: after 301, 302 and 303 a POST becomes a
//! GET without its body (303 by the rule, 301/302 by old browser habit);
//! after 307 and 308 the method and body are sent again.
//!
//! An open redirect (a site that sends anyone anywhere it is told) is a
//! phishing tool: a link that looks like ours lands on someone else's page.
//! So `url` is refused with 400 unless it is a path on this server (`/…`,
//! but not `//…` or `/\…`, which browsers read as another host) or an
//! `http`/`https` URL whose host is this machine: `localhost`,
//! `127.x.y.z` or `[::1]`. The loopback hosts stay allowed so that a
//! redirect to *another origin* (another port, or `localhost` after
//! `127.0.0.1`) can show that a client drops credentials there.

use std::net::Ipv4Addr;

use wire::StatusCode;
use wire::url::HttpUrl;

use crate::query::param;
use crate::{Request, Response};

/// The longest chain `/redirect/{n}` makes.
pub const MAX_CHAIN: u32 = 100;
/// The longest `url` `/redirect-to` accepts.
pub const MAX_URL_LEN: usize = 2048;

// ANCHOR: chain
/// `GET /redirect/{n}`.
pub fn chain(request: &Request) -> Response {
    let sent = request.param("n").unwrap_or_default();
    let n = match sent.parse::<u32>() {
        Ok(n) if (1..=MAX_CHAIN).contains(&n) => n,
        _ => {
            return Response::error(
                StatusCode::BAD_REQUEST,
                &format!("/redirect/{{n}} needs n from 1 to {MAX_CHAIN}, not {sent}"),
            );
        }
    };
    let next = if n == 1 {
        "/hello".to_owned()
    } else {
        format!("/redirect/{}", n - 1)
    };
    found(StatusCode::FOUND, &next)
}
// ANCHOR_END: chain

// ANCHOR: redirect_to
/// `/redirect-to?url=U&status=S`, any method. Other parameters are ignored.
pub fn redirect_to(request: &Request) -> Response {
    let query = wire::form::decode(request.query().as_bytes());
    let status = match param(&query, "status") {
        None => StatusCode::FOUND,
        Some("301") => StatusCode::MOVED_PERMANENTLY,
        Some("302") => StatusCode::FOUND,
        Some("303") => StatusCode::SEE_OTHER,
        Some("307") => StatusCode::TEMPORARY_REDIRECT,
        Some("308") => StatusCode::PERMANENT_REDIRECT,
        Some(other) => {
            return Response::error(
                StatusCode::BAD_REQUEST,
                &format!("status must be 301, 302, 303, 307 or 308, not {other}"),
            );
        }
    };
    let Some(url) = param(&query, "url") else {
        return Response::error(StatusCode::BAD_REQUEST, "/redirect-to needs ?url=U");
    };
    if let Err(why) = allowed_target(url) {
        return Response::error(StatusCode::BAD_REQUEST, &why);
    }
    found(status, url)
}
// ANCHOR_END: redirect_to

// ANCHOR: allowed_target
/// Is `url` a place we are willing to send a client? See the module doc.
pub fn allowed_target(url: &str) -> Result<(), String> {
    if url.len() > MAX_URL_LEN {
        return Err(format!("url is over {MAX_URL_LEN} bytes"));
    }
    // Bytes a header cannot carry, or a URL must not: CR and LF would let
    // the caller write headers of their own into our response.
    if url.chars().any(|c| c.is_control() || c == ' ') {
        return Err("url has spaces or control characters".to_owned());
    }
    if url.starts_with('/') {
        if url.starts_with("//") || url.starts_with("/\\") {
            return Err(format!(
                "{url} would be read as another host (a scheme-relative URL): give a path or a full URL"
            ));
        }
        return Ok(());
    }
    // wire's URL parser refuses user names (`http://localhost@evil/`), so
    // the host it finds is the host a browser would go to.
    let parsed = HttpUrl::parse(url)
        .map_err(|e| format!("{url}: only http and https URLs, or a path ({e})"))?;
    let host = parsed.host.as_str();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host == "::1"
        || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return Err(format!(
            "{url}: this server redirects only to itself (a path) or to localhost, 127.0.0.1 or [::1], so that it cannot be used as an open redirect"
        ));
    }
    Ok(())
}
// ANCHOR_END: allowed_target

/// A redirect with a short text body, for clients that do not follow it.
fn found(status: StatusCode, location: &str) -> Response {
    Response::text(status, format!("{status}: see {location}\n")).with_header("Location", location)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_and_loopback_urls() {
        for ok in [
            "/hello",
            "/a?b=c",
            "http://localhost:8080/x",
            "https://127.0.0.1/",
            "http://127.9.9.9:1/",
            "http://[::1]:8081/hello",
            "http://LOCALHOST/",
        ] {
            assert_eq!(allowed_target(ok), Ok(()), "{ok}");
        }
        for refused in [
            "//evil.example/",
            "/\\evil.example",
            "http://evil.example/",
            "http://localhost@evil.example/",
            "http://127.0.0.1.evil.example/",
            "http://[::2]/",
            "ftp://localhost/",
            "javascript:alert(1)",
            "hello",
            "/a\r\nSet-Cookie: x=1",
            "/a\u{85}b",
            "",
        ] {
            assert!(allowed_target(refused).is_err(), "{refused}");
        }
        assert!(allowed_target(&format!("/{}", "a".repeat(MAX_URL_LEN))).is_err());
    }
}
