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
//! So `url` is refused with 400 unless it is a path on this server
//! (`/…`, but not `//…` or `/\…`, which browsers read as another host) or
//! an `http`/`https` URL whose host is this machine: `localhost`,
//! `127.x.y.z` or `[::1]`. The loopback hosts stay allowed so that a
//! redirect to *another origin* (another port, or `localhost` after
//! `127.0.0.1`) can show that a client drops credentials there.

use axum::{
    extract::{Path, Query, rejection::QueryRejection},
    http::{StatusCode, Uri, header::LOCATION},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use std::net::Ipv4Addr;

/// The longest chain `/redirect/{n}` makes.
pub const MAX_CHAIN: u32 = 100;
/// The longest `url` `/redirect-to` accepts.
pub const MAX_URL_LEN: usize = 2048;

// ANCHOR: chain
/// `GET /redirect/{n}`. `n` is read as text, so that `/redirect/x` gets
/// our 400, not the `Path` extractor's wording.
pub async fn chain(Path(n): Path<String>) -> Response {
    let n = match n.parse::<u32>() {
        Ok(n) if (1..=MAX_CHAIN).contains(&n) => n,
        _ => {
            return bad_request(&format!(
                "/redirect/{{n}} needs n from 1 to {MAX_CHAIN}, not {n}"
            ));
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

/// The query of `/redirect-to`. Unknown parameters are ignored.
#[derive(Debug, Deserialize)]
pub struct RedirectTo {
    url: Option<String>,
    status: Option<String>,
}

/// `/redirect-to?url=U&status=S`, any method.
pub async fn redirect_to(query: Result<Query<RedirectTo>, QueryRejection>) -> Response {
    let Ok(Query(RedirectTo { url, status })) = query else {
        return bad_request("/redirect-to needs ?url=U, and may have &status=S");
    };
    let status = match status.as_deref() {
        None => StatusCode::FOUND,
        Some("301") => StatusCode::MOVED_PERMANENTLY,
        Some("302") => StatusCode::FOUND,
        Some("303") => StatusCode::SEE_OTHER,
        Some("307") => StatusCode::TEMPORARY_REDIRECT,
        Some("308") => StatusCode::PERMANENT_REDIRECT,
        Some(other) => {
            return bad_request(&format!(
                "status must be 301, 302, 303, 307 or 308, not {other}"
            ));
        }
    };
    let Some(url) = url else {
        return bad_request("/redirect-to needs ?url=U");
    };
    if let Err(why) = allowed_target(&url) {
        return bad_request(&why);
    }
    found(status, &url)
}

// ANCHOR: allowed_target
/// Is `url` a place we are willing to send a client? See the module doc.
pub fn allowed_target(url: &str) -> Result<(), String> {
    if url.len() > MAX_URL_LEN {
        return Err(format!("url is over {MAX_URL_LEN} bytes"));
    }
    // Bytes a header cannot carry, or a URL must not: CR and LF would let
    // the caller write headers of their own into our response.
    if url.bytes().any(|b| b.is_ascii_control() || b == b' ') {
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
    let uri: Uri = url
        .parse()
        .map_err(|_| format!("{url} is neither a path (/…) nor a URL"))?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return Err(format!("{url}: only http and https URLs, or a path"));
    }
    // `host()` is the host after any `user@`, so `http://localhost@evil/`
    // is `evil`, and refused.
    let host = uri.host().unwrap_or_default();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host == "[::1]"
        || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return Err(format!(
            "{url}: this server redirects only to itself (a path) or to localhost, 127.0.0.1 or [::1], so that it cannot be used as an open redirect"
        ));
    }
    Ok(())
}
// ANCHOR_END: allowed_target

/// A redirect with a short text body, as servers usually send for clients
/// that do not follow it.
fn found(status: StatusCode, location: &str) -> Response {
    (
        status,
        [(LOCATION, location.to_owned())],
        format!("{status}: see {location}\n"),
    )
        .into_response()
}

fn bad_request(why: &str) -> Response {
    (StatusCode::BAD_REQUEST, format!("400 Bad Request: {why}\n")).into_response()
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
        ] {
            assert_eq!(allowed_target(ok), Ok(()), "{ok}");
        }
        for refused in [
            "//evil.example/",
            "/\\evil.example",
            "http://evil.example/",
            "http://localhost@evil.example/",
            "http://127.0.0.1.evil.example/",
            "ftp://localhost/",
            "javascript:alert(1)",
            "hello",
            "/a\r\nSet-Cookie: x=1",
            "",
        ] {
            assert!(allowed_target(refused).is_err(), "{refused}");
        }
    }
}
