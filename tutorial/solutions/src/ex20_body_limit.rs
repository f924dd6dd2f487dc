//! Exercise 20: a body limit in axum.

use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::routing::post;

pub fn app(limit: usize) -> axum::Router {
    axum::Router::new()
        .route("/upload", post(upload))
        // The `Bytes` extractor reads at most `limit` bytes and answers 413 past it.
        .layer(DefaultBodyLimit::max(limit))
}

async fn upload(body: Bytes) -> String {
    format!("got {} bytes\n", body.len())
}
