//! What `/api` answers: the parameters it received, echoed as text or JSON.
//!
//! Both `GET /api?…` and `POST /api` end here, with a method name and the
//! decoded `(name, value)` pairs in the order they arrived. The text form is
//! for people and `curl`; the JSON form is for programs, and is chosen by the
//! rule in [`crate::accept`].
//!
//! Where this differs from `socket_api`: there the body is formatted and the
//! `Content-Type` and `Content-Length` headers are written by hand. Here a
//! `String` becomes a response with `Content-Type: text/plain; charset=utf-8`
//! and `axum::Json` one with `Content-Type: application/json`, and hyper
//! counts the bytes for `Content-Length`. The bytes on the wire are the same;
//! the tests hold both servers to that.

use axum::{
    Json,
    response::{IntoResponse, Response},
};
use serde::Serialize;
use std::fmt::Write as _;

/// The JSON shape of an echo: `{"method":"GET","params":[["a","1"]]}`.
///
/// serde writes fields in declaration order, so `method` always comes before
/// `params`; a `Vec` of tuples becomes an array of two-element arrays, which
/// keeps order and repeats (a JSON object would lose both).
#[derive(Debug, Serialize)]
pub struct Echo<'a> {
    /// `"GET"` or `"POST"`.
    pub method: &'a str,
    /// The decoded pairs, in the order they arrived, repeats kept.
    pub params: &'a [(String, String)],
}

/// The response to `/api`: JSON if the request asked for it, text otherwise.
pub fn echo(method: &str, params: &[(String, String)], as_json: bool) -> Response {
    if as_json {
        // `Json` serialises with serde_json, compact (no spaces), and sets
        // `Content-Type: application/json`. Serialising strings cannot fail.
        Json(Echo { method, params }).into_response()
    } else {
        text(method, params).into_response()
    }
}

/// The text form:
///
/// ```text
/// GET request received with parameters:
/// name = value
/// ```
pub fn text(method: &str, params: &[(String, String)]) -> String {
    let mut body = format!("{method} request received with parameters:\n");
    for (name, value) in params {
        // Writing into a String never fails; `fmt::Write` only returns a
        // Result because other writers (files, sockets) can.
        let _ = writeln!(body, "{name} = {value}");
    }
    body
}
