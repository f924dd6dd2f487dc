//! Exercise 6 (chapter 4, server level, both servers): one route, twice.
//!
//! Add `GET /add?a=2&b=3`, answering `5\n` (`text/plain; charset=utf-8`),
//! to a socket_api route table AND to an axum `Router`. The checker sends
//! both the same requests and expects the same answers:
//!
//! - `a` and `b` are whole numbers from 0 to 4294967295 (`u32`); answer
//!   their sum (it may not fit in a `u32`!) and a newline;
//! - a missing or malformed `a` or `b`: `400 Bad Request`.
//!
//! `wire::form::decode` splits a query into pairs on both sides; axum's
//! `Query` extractor would too, but its 400 comes with its own words.

// ANCHOR: task
/// socket_api's side: a `routes!` table with `GET "/add"`.
pub fn socket_router() -> socket_api::Router {
    todo!(
        "socket_api::routes! {{ GET \"/add\" => add }}, with a handler fn add(&Request) -> Response"
    )
}

/// axum's side: a `Router` with `.route("/add", get(...))`.
pub fn axum_router() -> axum::Router {
    todo!("axum::Router::new().route(\"/add\", axum::routing::get(handler))")
}

// Your handlers go here: for socket_api,
// `fn add(request: &socket_api::Request) -> socket_api::Response`;
// for axum, an `async fn` taking e.g. `axum::extract::RawQuery`.
// ANCHOR_END: task
