//! Exercise 18: where a redirect leads, and with which method.

use exercises::NextRequest;

pub fn next_request(
    method: &str,
    url: &str,
    status: u16,
    location: Option<&str>,
) -> Option<NextRequest> {
    let method = match status {
        303 if method == "HEAD" => "HEAD",
        303 => "GET",
        301 | 302 if method == "POST" => "GET",
        301 | 302 | 307 | 308 => method,
        _ => return None,
    };
    let location = location?;
    let lower = location.to_ascii_lowercase();
    let url = if lower.starts_with("http://") || lower.starts_with("https://") {
        location.to_string()
    } else if location.starts_with('/') {
        // Keep scheme://authority of the old URL, replace the rest.
        let (scheme, rest) = url.split_once("://")?;
        let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
        format!("{scheme}://{authority}{location}")
    } else {
        return None;
    };
    Some(NextRequest {
        method: method.to_string(),
        url,
    })
}
