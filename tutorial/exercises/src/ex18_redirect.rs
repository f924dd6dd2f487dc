//! Exercise 18 (chapter 12, clients): following a redirect.

use crate::NextRequest;

// ANCHOR: task
/// After sending `method` to `url` and getting `status` with `location`,
/// the request to send next, or `None` if there is none to follow:
///
/// - only 301, 302, 303, 307 and 308 are followed, and only with a
///   `Location`;
/// - 303: `GET` (but `HEAD` stays `HEAD`); 301 and 302: `POST` becomes
///   `GET`, any other method stays; 307 and 308: the same method;
/// - `location` starting with `http://` or `https://` is the next URL as
///   it is; one starting with `/` replaces the path and query of `url`
///   (`http://h:8080/a?x` with `/b` gives `http://h:8080/b`). Other
///   relative forms (`b`, `../b`) are not asked here: `wire::url` resolves
///   those.
pub fn next_request(
    method: &str,
    url: &str,
    status: u16,
    location: Option<&str>,
) -> Option<NextRequest> {
    todo!("pick the method by the status, resolve the location")
}
// ANCHOR_END: task
