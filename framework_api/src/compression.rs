//! gzip for responses that gain from it, with tower-http's `CompressionLayer`.
//!
//! The layer reads the request's `Accept-Encoding` (RFC 9110 §12.5.3),
//! lets the handler answer, and then, if the answer qualifies, wraps its
//! body in a gzip encoder: `Content-Encoding: gzip`, `Vary:
//! Accept-Encoding` (so a cache keeps one copy per encoding), no
//! `Content-Length` (the compressed size is known only at the end, so
//! hyper sends it chunked, or close-delimited to HTTP/1.0) and no
//! `Accept-Ranges` (ranges of a gzip stream are not offered).
//!
//! What qualifies ([`predicate`]): a body of at least [`MIN_SIZE`] bytes,
//! or of unknown length (a stream), whose `Content-Type` is not an image
//! (SVG, which is text, is the exception), not `text/event-stream` and not
//! gRPC; not a range (206) and not already encoded. Every qualifying
//! response still carries `Vary: Accept-Encoding`, compressed or not.
//!
//! Negotiation, as tower-http does it: `gzip` (or `x-gzip`) with a `q`
//! above 0 gets gzip; `gzip;q=0` is a refusal; no `Accept-Encoding` at all
//! means identity. Two things we add in [`negotiate_star`], around it:
//!
//! - tower-http ignores `*` ("any other encoding"), which RFC 9110 says
//!   covers every coding not named. When `*` has a `q` above 0 and gzip is
//!   not named, we add `gzip` with the same `q` before the layer looks.
//! - an `ETag` names one set of bytes, and the gzip bytes are not the
//!   file's: as nginx does, we make a strong tag weak (`W/"…"`) on a
//!   response the layer compressed.

use axum::{
    extract::Request,
    http::{
        HeaderValue,
        header::{ACCEPT_ENCODING, CONTENT_ENCODING, ETAG},
    },
    middleware::Next,
    response::Response,
};
use tower_http::compression::{
    CompressionLayer,
    predicate::{And, NotForContentType, Predicate, SizeAbove},
};

/// Bodies shorter than this go as they are: gzip's own header and trailer
/// are 18 bytes, and a short text rarely shrinks enough to pay for them.
/// (tower-http's default is 32 bytes; nginx's `gzip_min_length` is 20.)
pub const MIN_SIZE: u16 = 256;

/// The type of [`predicate`], spelled out because the layer's type says it.
pub type Compressible =
    And<And<And<SizeAbove, NotForContentType>, NotForContentType>, NotForContentType>;

// ANCHOR: layer
/// Which responses are compressed (see the module doc).
pub fn predicate() -> Compressible {
    SizeAbove::new(MIN_SIZE)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::SSE)
}

/// The layer: gzip only (the workspace builds tower-http with gzip alone,
/// so `br`, `deflate` and `zstd` are never chosen).
pub fn layer() -> CompressionLayer<Compressible> {
    CompressionLayer::new().compress_when(predicate())
}
// ANCHOR_END: layer

// ANCHOR: negotiate_star
/// The middleware around [`layer`]: `*` means gzip too, and a compressed
/// answer's `ETag` is weak.
pub async fn negotiate_star(mut request: Request, next: Next) -> Response {
    if let Some(added) = star_as_gzip(&request) {
        request.headers_mut().append(ACCEPT_ENCODING, added);
    }
    let mut response = next.run(request).await;
    let compressed = response.headers().contains_key(CONTENT_ENCODING);
    if let Some(tag) = response.headers().get(ETAG).cloned() {
        let strong = tag.as_bytes().starts_with(b"\"");
        if compressed && strong {
            let mut weak = b"W/".to_vec();
            weak.extend_from_slice(tag.as_bytes());
            if let Ok(weak) = HeaderValue::from_bytes(&weak) {
                response.headers_mut().insert(ETAG, weak);
            }
        }
    }
    response
}
// ANCHOR_END: negotiate_star

/// `gzip;q=…` to add when `Accept-Encoding` has `*` with a non-zero `q`
/// and names no gzip itself; `None` otherwise.
fn star_as_gzip(request: &Request) -> Option<HeaderValue> {
    let mut star = None;
    for value in request.headers().get_all(ACCEPT_ENCODING) {
        let Ok(list) = value.to_str() else { continue };
        for element in list.split(',') {
            let mut parts = element.split(';');
            let coding = parts.next().unwrap_or_default().trim();
            if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
                // Named: its own `q` decides, `*` does not apply to it.
                return None;
            }
            if coding == "*" {
                star = Some(parts.next().map(str::trim).unwrap_or("q=1").to_owned());
            }
        }
    }
    let q = star?;
    let refused = q
        .split_once('=')
        .is_some_and(|(_, value)| value.trim().parse::<f32>() == Ok(0.0));
    if refused {
        return None;
    }
    HeaderValue::from_str(&format!("gzip;{q}")).ok()
}
