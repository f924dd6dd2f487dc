//! Exercise 20 (chapter 14, the framework): a body limit, in axum.
//!
//! socket_api refuses a body over `--max-body` with `413 Content Too Large`
//! by hand; in axum the limit is a layer, and the extractor that reads the
//! body enforces it, for `Content-Length` and chunked bodies alike.

// ANCHOR: task
/// An axum app answering `POST /upload` with `got N bytes\n` (N the length
/// of the body), and refusing a body over `limit` bytes with `413`. A body
/// of exactly `limit` bytes is accepted.
///
/// For `check --addr`, a server in another language uses a limit of
/// 1024 bytes.
pub fn app(limit: usize) -> axum::Router {
    todo!("a Router with route(\"/upload\", post(...)) and a body limit layer")
}
// ANCHOR_END: task
