//! Does this request ask for JSON? One small rule about the `Accept` header.
//!
//! A client says which media types it wants in `Accept` (RFC 9110, section
//! 12.5.1): a comma-separated list such as `text/html, application/json;q=0.9`,
//! where `q` is a weight and `q=0` means "not this one". Full content
//! negotiation ranks every type by weight and specificity; this project keeps
//! a rule small enough to read at a glance, and `socket_api` uses exactly the
//! same rule, so the two servers always pick the same answer:
//!
//! > Take every `Accept` value and split it on `,`. An element asks for JSON
//! > when its media range (the part before the first `;`, trimmed) is
//! > `application/json`, ignoring ASCII case, and it has no `q` parameter
//! > whose value is zero. An unparsable `q` counts as non-zero.
//!
//! The difference from `socket_api` is only where the header comes from:
//! there it is a field the hand-written parser collected; here hyper parsed
//! it into an `http::HeaderMap`, which may hold several `Accept` lines.
//! axum has no content negotiation of its own, so this code is ours either way.

use axum::http::{HeaderMap, header::ACCEPT};

/// True when any `Accept` header of the request asks for `application/json`
/// with a non-zero weight.
pub fn asks_for_json(headers: &HeaderMap) -> bool {
    // `get_all` because a client may send `Accept` more than once; a list
    // split over several lines means the same as one line joined by commas.
    headers.get_all(ACCEPT).iter().any(|value| {
        // A header value may hold bytes that are not UTF-8 (obs-text).
        // Lossy conversion keeps the other elements of the value usable;
        // a replaced byte can never make `application/json` appear.
        String::from_utf8_lossy(value.as_bytes())
            .split(',')
            .any(element_asks_for_json)
    })
}

/// One element of the list, e.g. `application/json;q=0.5`.
fn element_asks_for_json(element: &str) -> bool {
    let mut parts = element.split(';');
    // `split` always yields at least one item, even for an empty string.
    let media_range = parts.next().unwrap_or_default().trim();
    if !media_range.eq_ignore_ascii_case("application/json") {
        return false;
    }
    // The rest are parameters `name=value`; only `q` matters here.
    let refused = parts.any(|param| match param.split_once('=') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("q") => {
            // `q=0`, `q=0.0`, `q=0.000` all mean "not acceptable".
            // Something like `q=abc` is not a number: we ignore it rather
            // than reject the whole request.
            value.trim().parse::<f32>() == Ok(0.0)
        }
        _ => false,
    });
    !refused
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_accept(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(ACCEPT, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn the_rule_table() {
        let cases: &[(&[&'static str], bool)] = &[
            (&[], false),
            (&["application/json"], true),
            (&["Application/JSON"], true),
            (&["  application/json  "], true),
            (&["text/html, application/json"], true),
            (&["text/html", "application/json"], true),
            (&["application/json;q=0.5"], true),
            (&["application/json; Q = 0 "], false),
            (&["application/json;q=0"], false),
            (&["application/json;q=0.000"], false),
            (&["application/json;q=abc"], true),
            (&["application/json;charset=utf-8"], true),
            (&["application/json;q=0, application/json"], true),
            (&["application/*"], false),
            (&["*/*"], false),
            (&["text/plain"], false),
            (&["application/jsonx"], false),
        ];
        for (values, expected) in cases {
            assert_eq!(
                asks_for_json(&with_accept(values)),
                *expected,
                "Accept: {values:?}"
            );
        }
    }
}
