//! `GET /echo/{text}`: a path parameter, decoded, sent back as text.
//!
//! `{text}` in the route is a path parameter: axum's router (the `matchit`
//! crate) matches one segment, without `/`, and the `Path` extractor
//! percent-decodes it, so `/echo/h%C3%A9llo%20there` answers `héllo there`.
//! `%2F` becomes `/` only after matching, so `/echo/a%2Fb` answers `a/b`
//! while `/echo/a/b` is no route at all (404). A `+` stays a `+`: that is a
//! rule of forms and queries, not of paths.
//!
//! A segment whose bytes are not UTF-8 once decoded (`/echo/%FF`) is
//! refused by `Path` with 400; we keep the status and give our wording.

use axum::{
    extract::{Path, rejection::PathRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
};

// ANCHOR: echo_text
/// The decoded text, exactly, as `text/plain; charset=utf-8` (no newline
/// added, so what comes back is what went in).
pub async fn echo_text(text: Result<Path<String>, PathRejection>) -> Response {
    match text {
        Ok(Path(text)) => text.into_response(),
        // The same sentence as socket_api's; the rejection's own text
        // (`Invalid URL: ...`) is axum's wording, not ours.
        Err(_) => (
            StatusCode::BAD_REQUEST,
            "400 Bad Request: /echo/{text} needs text that is UTF-8 once decoded\n",
        )
            .into_response(),
    }
}
// ANCHOR_END: echo_text
