//! The route table, and the small handlers beside it.
//!
//! | method and path            | answer                                              |
//! |----------------------------|-----------------------------------------------------|
//! | `GET /`                    | the index page, `text/html; charset=utf-8`          |
//! | `GET /hello`               | `Hello`, `text/plain; charset=utf-8`                |
//! | `GET /api?…`               | the query parameters echoed (text, or JSON on request) |
//! | `POST /api`                | the form fields of the body echoed, same two forms  |
//! | `GET /echo/{text}`         | the decoded text ([`crate::echo_path`])             |
//! | any `/mirror`              | the request as JSON ([`crate::mirror`])             |
//! | `GET /static/…`            | files from `--dir` ([`crate::static_files`])        |
//! | `POST /upload`             | multipart files saved, described in JSON ([`crate::upload`]) |
//! | `GET /stream?n&delay_ms`   | lines, each sent as it is made ([`crate::stream`])  |
//! | `GET /events?count&interval_ms` | Server-Sent Events ([`crate::events`])         |
//! | `GET /redirect/{n}`        | n 302s, then `/hello` ([`crate::redirect`])         |
//! | any `/redirect-to?url&status` | one redirect, as asked                           |
//! | any `/status/{code}`       | that status ([`crate::status`])                     |
//! | `GET /cookies/set?N=V`     | `Set-Cookie` and 302 to `/cookies` ([`crate::cookies`]) |
//! | `GET /cookies`             | the cookies received, as JSON                       |
//! | `HEAD` of a GET            | the same status and headers, no body ([`crate::head`]) |
//! | other method               | 405, with `Allow` listing what the path accepts     |
//! | other path                 | 404                                                 |
//!
//! Every response passes through gzip ([`crate::compression`]) when the
//! client accepts it and the body is worth it. ROUTES.md, beside this
//! crate's `Cargo.toml`, says byte by byte what each route answers.
//!
//! In `socket_api` this table is the `routes!` macro, whose expansion is
//! plain code you can read, row by row. Here axum's
//! `Router` does the matching (a radix tree, from the `matchit` crate):
//! `{text}` is one path segment, `{*path}` the rest of the path, and two
//! routes that overlap make `Router::route` panic when the table is built
//! (at start-up, not at compile time as with `routes!`). The extractors
//! `Path`, `Query` and `Form` percent-decode parameters for us.
//!
//! What axum would do differently on its own, and why we override it:
//! - its 404 has an empty body; ours says which route was missing
//!   ([`Router::fallback`]);
//! - its 405 has an empty body and `Allow: GET,HEAD` (no space); ours sets
//!   `Allow: GET, HEAD` itself, to match `socket_api` byte for byte
//!   ([`MethodRouter::fallback`](axum::routing::MethodRouter::fallback));
//! - its `Form` rejections come with its own wording; ours keep its status
//!   (415, 413, 400, 422) with `socket_api`'s wording (see `api_post`).

use crate::{
    SERVER_NAME, accept::asks_for_json, compression, config::Config, cookies,
    drain::drain_unread_body, echo::echo, echo_path::echo_text, events::events, head::head_as_get,
    logging::log_request, mirror::mirror, redirect, static_files::static_file, status::status,
    stream::stream, upload::upload,
};
use axum::{
    Form, Router,
    extract::{
        DefaultBodyLimit, Query,
        rejection::{FormRejection, QueryRejection},
    },
    http::{HeaderMap, Method, StatusCode, Uri, header::ALLOW},
    middleware,
    response::{Html, IntoResponse, Response},
    routing::{any, get, post},
};
use std::{
    future::{Ready, ready},
    sync::Arc,
};

/// The index page template, shared with `socket_api` on purpose: both
/// servers read the very same file at compile time, so their pages cannot
/// drift apart. Each replaces `{server}` with its own name.
const INDEX_TEMPLATE: &str = include_str!("../../socket_api/src/index.html");

/// What each path accepts, as the `Allow` header and the 405 message say it.
const ALLOW_GET: &str = "GET, HEAD";
const ALLOW_GET_POST: &str = "GET, HEAD, POST";
const ALLOW_POST: &str = "POST";

/// The whole application: every route, the 404 and 405 answers, and the
/// request log. It is a plain value, so tests can call it with
/// `tower::ServiceExt::oneshot` without opening a socket.
pub fn app() -> Router {
    app_with(Config::default())
}

/// [`app`] with another cap on request bodies (`--max-body`). A body over
/// it is a rejection, answered with 413.
pub fn app_with_max_body(max_body: usize) -> Router {
    app_with(Config {
        max_body,
        ..Config::default()
    })
}

// ANCHOR: app
/// [`app`] with every setting of its own: see [`Config`].
pub fn app_with(config: Config) -> Router {
    let max_body = config.max_body;
    // `usize::MAX` on a 32-bit system is 4 GiB, above the largest
    // `--max-upload`; saturating keeps the conversion honest anyway.
    let max_upload = usize::try_from(config.max_upload).unwrap_or(usize::MAX);
    Router::new()
        // axum 0.8 writes path parameters as `/{name}` and the rest of a
        // path as `/{*name}`.
        .route("/", get(index).fallback(method_not_allowed(ALLOW_GET)))
        .route("/hello", get(hello).fallback(method_not_allowed(ALLOW_GET)))
        .route(
            "/api",
            get(api_get)
                .post(api_post)
                .fallback(method_not_allowed(ALLOW_GET_POST)),
        )
        .route(
            "/echo/{text}",
            get(echo_text).fallback(method_not_allowed(ALLOW_GET)),
        )
        .route("/mirror", any(mirror))
        // `{*path}` does not match an empty rest, so `/static/` is a row
        // of its own; `/static` is sent to `/static/` by the handler.
        .route(
            "/static",
            get(static_file).fallback(method_not_allowed(ALLOW_GET)),
        )
        .route(
            "/static/",
            get(static_file).fallback(method_not_allowed(ALLOW_GET)),
        )
        .route(
            "/static/{*path}",
            get(static_file).fallback(method_not_allowed(ALLOW_GET)),
        )
        .route(
            "/upload",
            // The one route with a larger body limit: an inner layer wins.
            post(upload)
                .layer(DefaultBodyLimit::max(max_upload))
                .fallback(method_not_allowed(ALLOW_POST)),
        )
        .route(
            "/stream",
            get(stream).fallback(method_not_allowed(ALLOW_GET)),
        )
        .route(
            "/events",
            get(events).fallback(method_not_allowed(ALLOW_GET)),
        )
        .route(
            "/redirect/{n}",
            get(redirect::chain).fallback(method_not_allowed(ALLOW_GET)),
        )
        .route("/redirect-to", any(redirect::redirect_to))
        .route("/status/{code}", any(status))
        .route(
            "/cookies",
            get(cookies::list).fallback(method_not_allowed(ALLOW_GET)),
        )
        .route(
            "/cookies/set",
            get(cookies::set).fallback(method_not_allowed(ALLOW_GET)),
        )
        .fallback(not_found)
        // The settings the handlers read (`State<Arc<Config>>`).
        .with_state(Arc::new(config))
        // `layer` wraps every route and the fallback; the last one added
        // is the outermost, the first to see a request.
        .layer(DefaultBodyLimit::max(max_body))
        // After the handler, read what it left of the body (up to the same
        // limit), or say `Connection: close`: see `drain`.
        .layer(middleware::from_fn_with_state(max_body, drain_unread_body))
        // gzip when asked for and worth it, with `*` understood.
        .layer(compression::layer())
        .layer(middleware::from_fn(compression::negotiate_star))
        // HEAD runs as GET, so that everything above sees the same answer.
        .layer(middleware::from_fn(head_as_get))
        // Outermost, so each request is logged once, with its real method
        // and the time everything took.
        .layer(middleware::from_fn(log_request))
}
// ANCHOR_END: app

/// `GET /`: the index page.
async fn index() -> Html<String> {
    // A few hundred bytes replaced per request: nothing beside the network.
    Html(INDEX_TEMPLATE.replace("{server}", SERVER_NAME))
}

// ANCHOR: hello
/// `GET /hello`: a `&'static str` becomes `200 OK` with
/// `Content-Type: text/plain; charset=utf-8`.
async fn hello() -> &'static str {
    "Hello"
}
// ANCHOR_END: hello

// ANCHOR: api_get
/// `GET /api?query`: echo the query parameters.
///
/// `Query<Vec<(String, String)>>` decodes the query as
/// `application/x-www-form-urlencoded` (`+` is a space, `%C3%BC` is `ü`),
/// keeps the order and keeps repeats. A request without `?` gives an empty
/// list. We take it as a `Result` so a rejection gets our wording, not
/// axum's; with plain strings the decoding is lossy and cannot actually fail.
async fn api_get(
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    match query {
        Ok(Query(params)) => echo("GET", &params, asks_for_json(&headers)),
        Err(rejection) => rejected(rejection.status(), &rejection.body_text()),
    }
}
// ANCHOR_END: api_get

// ANCHOR: api_post
/// `POST /api`: echo the form fields of an
/// `application/x-www-form-urlencoded` body.
///
/// `Form` must be the last argument: it consumes the body, and a handler
/// can read a body only once. axum buffers the body up to the limit the
/// `DefaultBodyLimit` layer in [`app_with_max_body`] sets (1 MiB, as
/// `socket_api`; axum's own default is 2 MB); a larger one is a rejection,
/// answered with 413. axum checks the limit as the body arrives, not from
/// `Content-Length` up front as `socket_api` does.
async fn api_post(
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    match form {
        Ok(Form(params)) => echo("POST", &params, asks_for_json(&headers)),
        // Missing `Content-Type`, or another type such as `text/plain`.
        // Note: axum compares with `starts_with("application/x-www-form-urlencoded")`,
        // case-sensitively, so `Application/X-WWW-Form-Urlencoded` lands here too.
        Err(FormRejection::InvalidFormContentType(_)) => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "415 Unsupported Media Type: POST /api needs Content-Type: \
             application/x-www-form-urlencoded\n",
        )
            .into_response(),
        // Anything else: the body could not be read (413 when it is over
        // the limit, 400 when the connection broke) or not decoded (422).
        // axum's status, with socket_api's wording: `{status}: {why}`.
        Err(rejection) => rejected(rejection.status(), &rejection.body_text()),
    }
}
// ANCHOR_END: api_post

/// `{status}: {why}\n` as text, e.g. `413 Payload Too Large: ...`.
fn rejected(status: StatusCode, why: &str) -> Response {
    (status, format!("{status}: {why}\n")).into_response()
}

// ANCHOR: method_not_allowed
/// The answer for a known path asked with a method it does not accept.
///
/// Returns a handler for [`MethodRouter::fallback`](axum::routing::MethodRouter::fallback), which axum calls when
/// the path matched but no method did. `allow` is both the `Allow` header
/// (RFC 9110 requires one on a 405) and the end of the message. axum adds its
/// own `Allow: GET,HEAD` only when a response has none, so ours is the one
/// sent.
///
/// A handler is any function whose arguments are extractors and whose result
/// is a future of something that becomes a response; this one is a closure
/// (so it can carry `allow`) returning an already-finished future.
fn method_not_allowed(
    allow: &'static str,
) -> impl Fn(Method, Uri) -> Ready<Response> + Clone + Send + Sync + 'static {
    move |method: Method, uri: Uri| {
        let body = format!(
            "405 Method Not Allowed: {method} {path} accepts {allow}\n",
            path = uri.path()
        );
        ready((StatusCode::METHOD_NOT_ALLOWED, [(ALLOW, allow)], body).into_response())
    }
}
// ANCHOR_END: method_not_allowed

/// The answer for a path no route matched: `Router::fallback`.
///
/// The message shows the path without its query: `/nope?x=1` is reported as
/// `/nope`, because routing never looks at the query.
async fn not_found(method: Method, uri: Uri) -> (StatusCode, String) {
    (
        StatusCode::NOT_FOUND,
        format!("404 Not Found: no route for {method} {}\n", uri.path()),
    )
}
