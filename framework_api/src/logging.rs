//! One log line per request: `GET /api?x=1 from 127.0.0.1:56244 -> 200 OK (0.2 ms)`.
//!
//! This is a middleware: an async function that receives the request and a
//! [`Next`] (the rest of the app), runs the rest, and sees the response on
//! its way out. axum turns it into a tower `Layer` with
//! [`axum::middleware::from_fn`]; [`crate::app`] wraps every route with it.
//!
//! In `socket_api` the code that accepted the socket knows the peer address
//! and writes the line itself. Here the handler
//! side never sees the socket: the peer address reaches us only because
//! [`crate::serve`] uses `into_make_service_with_connect_info`, which puts a
//! `ConnectInfo<SocketAddr>` into each request's extensions. In tests that
//! call the app without a socket there is none, and we print `unknown`.
//!
//! The duration covers routing and the handler, not writing the response to
//! the socket: hyper does that after the middleware has returned. Requests
//! hyper rejects itself (a malformed head, say) never reach the app, so they
//! are not logged here at all.

use axum::{
    extract::{ConnectInfo, Request},
    middleware::Next,
    response::Response,
};
use std::{net::SocketAddr, time::Instant};

/// The middleware: time the request, log it at `info` level.
pub async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // The request target as the client sent it: path and `?query`, if any.
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path().to_owned(), |pq| pq.to_string());
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(
            || "unknown".to_owned(),
            |ConnectInfo(addr)| addr.to_string(),
        );

    let response = next.run(request).await;

    let millis = started.elapsed().as_secs_f64() * 1000.0;
    // `StatusCode`'s Display is the code and its reason phrase: `200 OK`.
    tracing::info!(
        "{method} {target} from {peer} -> {} ({millis:.1} ms)",
        response.status()
    );
    response
}
