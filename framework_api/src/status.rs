//! `/status/{code}`, any method: answer with the status asked for.
//!
//! The codes are the project's table (the one `wire::status` holds for
//! `socket_api`; this crate does not depend on `wire`, so the list is
//! written again here, and ROUTES.md lists it for both). The body is
//! `{code} {reason}\n` with the reason from that table, so both servers
//! send the same body even where the status lines differ: hyper writes the
//! reason phrases of the `http` crate, which still says `413 Payload Too
//! Large` and `422 Unprocessable Entity` (RFC 9110's names are `Content
//! Too Large` and `Unprocessable Content`).
//!
//! The rules applied (RFC 9110 §15):
//! - 204 and 304 have no body, and so no `Content-Length`;
//! - 1xx is refused with 400: an interim response comes before a final
//!   one and cannot be the answer itself (hyper would not send one either);
//! - 401 says how to authenticate (`WWW-Authenticate`), 405 says which
//!   methods are allowed (`Allow`): a server must send them with those codes;
//! - anything else, a code outside the table or not a number, is 400.

use axum::{
    extract::Path,
    http::{
        StatusCode,
        header::{ALLOW, WWW_AUTHENTICATE},
    },
    response::{IntoResponse, Response},
};

/// The project's table: every code `/status/{code}` knows, with RFC 9110's
/// reason phrase.
pub const STATUSES: &[(u16, &str)] = &[
    (100, "Continue"),
    (101, "Switching Protocols"),
    (200, "OK"),
    (201, "Created"),
    (202, "Accepted"),
    (204, "No Content"),
    (206, "Partial Content"),
    (301, "Moved Permanently"),
    (302, "Found"),
    (303, "See Other"),
    (304, "Not Modified"),
    (307, "Temporary Redirect"),
    (308, "Permanent Redirect"),
    (400, "Bad Request"),
    (401, "Unauthorized"),
    (403, "Forbidden"),
    (404, "Not Found"),
    (405, "Method Not Allowed"),
    (406, "Not Acceptable"),
    (408, "Request Timeout"),
    (409, "Conflict"),
    (411, "Length Required"),
    (412, "Precondition Failed"),
    (413, "Content Too Large"),
    (414, "URI Too Long"),
    (415, "Unsupported Media Type"),
    (416, "Range Not Satisfiable"),
    (417, "Expectation Failed"),
    (422, "Unprocessable Content"),
    (429, "Too Many Requests"),
    (431, "Request Header Fields Too Large"),
    (500, "Internal Server Error"),
    (501, "Not Implemented"),
    (502, "Bad Gateway"),
    (503, "Service Unavailable"),
    (504, "Gateway Timeout"),
    (505, "HTTP Version Not Supported"),
];

// ANCHOR: status
/// The handler. The code is taken as text, so that `/status/abc` gets our
/// 400 rather than the `Path` extractor's.
pub async fn status(Path(code): Path<String>) -> Response {
    let known = code
        .parse::<u16>()
        .ok()
        .and_then(|number| STATUSES.iter().find(|(n, _)| *n == number));
    let Some(&(number, reason)) = known else {
        return bad_request(&format!(
            "{code} is not a status this server knows (see /status/200 and ROUTES.md for the list)"
        ));
    };
    if number < 200 {
        return bad_request(&format!(
            "{number} {reason} is an interim (1xx) response: it comes before a final one and cannot be the answer"
        ));
    }
    // In the table, so a valid status code.
    let Ok(status) = StatusCode::from_u16(number) else {
        return bad_request("not a status code");
    };
    match number {
        // No body at all: not even an empty one with a length.
        204 | 304 => status.into_response(),
        401 => (
            status,
            [(WWW_AUTHENTICATE, "Basic realm=\"status\"")],
            format!("{number} {reason}\n"),
        )
            .into_response(),
        405 => (
            status,
            [(ALLOW, "GET, HEAD")],
            format!("{number} {reason}\n"),
        )
            .into_response(),
        _ => (status, format!("{number} {reason}\n")).into_response(),
    }
}
// ANCHOR_END: status

fn bad_request(why: &str) -> Response {
    (StatusCode::BAD_REQUEST, format!("400 Bad Request: {why}\n")).into_response()
}
