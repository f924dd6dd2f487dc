//! The one log line per request, the same shape as framework_api's:
//! `GET /api?x=1 from 127.0.0.1:56244 -> 200 OK (0.2 ms)`.

use std::net::SocketAddr;
use std::time::Instant;

use wire::server::RequestError;
use wire::{RequestHead, StatusCode};

/// One line per request: `GET /api?x=1 from 127.0.0.1:56244 -> 200 OK (0.2 ms)`.
pub(crate) fn log(
    head: Option<&RequestHead>,
    peer: SocketAddr,
    status: StatusCode,
    started: Instant,
    error: Option<&RequestError>,
) {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let (method, target) = head.map_or(("-", "-"), |h| (h.method.as_str(), h.target.as_str()));
    match error {
        None => tracing::info!("{method} {target} from {peer} -> {status} ({ms:.1} ms)"),
        Some(e) => tracing::info!("{method} {target} from {peer} -> {status} ({ms:.1} ms): {e}"),
    }
}
