//! `/mirror`, any method: the request as the server saw it, as JSON.
//!
//! Every part comes from an extractor or from the `Request` hyper built:
//! the method, the target (`Uri`), the version, the headers (`HeaderMap`),
//! the body (`Bytes`, read whole up to `--max-body`, 413 past it) and the
//! peer address (`ConnectInfo`, there only because `serve` asked for it).
//!
//! What hyper cannot give, and `socket_api` can (the named differences):
//!
//! - **Header names as sent.** hyper stores names lower-cased
//!   (`http::HeaderName` is always lower case), so `X-Trace-Id` comes back
//!   as `x-trace-id`.
//! - **Header order as sent.** A `HeaderMap` keeps the order in which each
//!   *name* first appeared, with all values of one name together:
//!   `A: 1`, `B: 2`, `A: 3` comes back as `a: 1`, `a: 3`, `b: 2`.
//! - **The raw bytes** (`socket_api`'s `/mirror?raw=1`): hyper parses the
//!   head and keeps no copy of it.

use crate::{cookies::cookie_pairs, head::AskedWithHead};
use axum::{
    Json,
    body::Bytes,
    extract::{ConnectInfo, Query, rejection::BytesRejection},
    http::{Version, request::Parts},
    response::{IntoResponse, Response},
};
use base64::{Engine as _, engine::general_purpose::STANDARD};
use serde::Serialize;
use std::net::SocketAddr;

/// The JSON answer. serde writes the fields in this order; pairs are
/// two-element arrays, so order and repeats survive (an object would lose
/// both).
#[derive(Debug, Serialize)]
pub struct Mirror {
    pub method: String,
    /// The request-target as sent: `/mirror?a=1`.
    pub target: String,
    /// The path part of the target, still percent-encoded.
    pub path: String,
    /// The query, decoded as a form (`+` is a space), in order.
    pub query: Vec<(String, String)>,
    /// `HTTP/1.1` or `HTTP/1.0`.
    pub version: &'static str,
    /// `[name, value]` pairs: names lower-cased, grouped by name (see above).
    pub headers: Vec<(String, String)>,
    /// Every `name=value` of every `Cookie` header, in order.
    pub cookies: Vec<(String, String)>,
    /// The body as text, or as base64 when its bytes are not UTF-8.
    pub body: String,
    /// `"text"` or `"base64"`: how to read `body`.
    pub body_encoding: &'static str,
    /// The client's address, `ip:port` (`[::1]:port` for IPv6).
    pub peer: String,
}

// ANCHOR: mirror
/// The handler. `Parts` (method, target, version, headers, extensions)
/// is cloned from the request; `Bytes` must be the last argument: it
/// consumes the body.
pub async fn mirror(parts: Parts, body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(body) => body,
        // 413 when over `--max-body`, 400 when the body broke off.
        Err(rejection) => {
            let status = rejection.status();
            return (status, format!("{status}: {}\n", rejection.body_text())).into_response();
        }
    };
    let (body, body_encoding) = match std::str::from_utf8(&body) {
        Ok(text) => (text.to_owned(), "text"),
        Err(_) => (STANDARD.encode(&body), "base64"),
    };
    let uri = &parts.uri;
    // The query decoded as `Query` decodes it; with plain strings it
    // cannot fail, and an empty list is the honest answer if it did.
    let query = Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|Query(pairs)| pairs)
        .unwrap_or_default();
    // `HEAD` reaches us as `GET` (see `crate::head`), marked.
    let method = if parts.extensions.get::<AskedWithHead>().is_some() {
        "HEAD".to_owned()
    } else {
        parts.method.to_string()
    };
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(
            || "unknown".to_owned(),
            |ConnectInfo(addr)| addr.to_string(),
        );
    Json(Mirror {
        method,
        target: uri
            .path_and_query()
            .map_or_else(|| uri.path().to_owned(), ToString::to_string),
        path: uri.path().to_owned(),
        query,
        version: version_name(parts.version),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                // A value may hold bytes that are not UTF-8 (obs-text).
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect(),
        cookies: cookie_pairs(&parts.headers),
        body,
        body_encoding,
        peer,
    })
    .into_response()
}
// ANCHOR_END: mirror

/// `Version`'s `Debug` is `HTTP/1.1`, but a name we spell out cannot change.
fn version_name(version: Version) -> &'static str {
    match version {
        Version::HTTP_09 => "HTTP/0.9",
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_11 => "HTTP/1.1",
        Version::HTTP_2 => "HTTP/2",
        Version::HTTP_3 => "HTTP/3",
        _ => "unknown",
    }
}
