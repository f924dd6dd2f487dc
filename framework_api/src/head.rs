//! `HEAD` is answered by running `GET`, so the two always agree.
//!
//! RFC 9110 §9.3.2: a `HEAD` response has the headers a `GET` would have
//! had, without the body. axum does it by running the GET handler and
//! dropping the body, *inside* the route, and `ServeDir` by opening only
//! the file's metadata. The layers outside the route then see an empty
//! body, and tower-http's compression, which decides by the body's size,
//! would leave a `HEAD` uncompressed (with `Content-Length`) while the
//! same `GET` is gzip (chunked): two different sets of headers.
//!
//! So this middleware, outside all the others but the log, turns a `HEAD`
//! into a `GET` before anything sees it. The whole `GET` answer is built;
//! hyper, which remembers that the request was `HEAD`, writes its head and
//! never polls its body: no file is read, no stream runs. The price: what
//! a `GET` handler does before it returns (open a file, take a lock) is
//! done for a `HEAD` too. `socket_api` does the same in its own way.

use axum::{extract::Request, http::Method, middleware::Next, response::Response};

/// Put in a request's extensions when it came as `HEAD`, for the one
/// handler that reports the method it was asked with (`/mirror`).
#[derive(Debug, Clone, Copy)]
pub struct AskedWithHead;

/// The middleware.
pub async fn head_as_get(mut request: Request, next: Next) -> Response {
    if request.method() == Method::HEAD {
        *request.method_mut() = Method::GET;
        request.extensions_mut().insert(AskedWithHead);
    }
    next.run(request).await
}
