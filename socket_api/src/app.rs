//! The route table and its handlers: what this server answers.
//!
//! `framework_api` answers the same table with axum; the parity test in
//! `tutorial/tests` sends both the same requests and compares the answers.
//! Each handler is a plain function from [`Request`] to [`Response`].

use wire::{StatusCode, json};

use crate::echo_path::echo_text;
use crate::events::events;
use crate::files::files;
use crate::mirror::mirror;
use crate::response::{APPLICATION_JSON, TEXT_HTML};
use crate::routes::Router;
use crate::status::status;
use crate::stream::stream;
use crate::upload::upload;
use crate::{Request, Response, routes};
use crate::{cookies, redirect};

/// The name the index page shows.
pub const SERVER_NAME: &str = "socket_api";

/// The page template, shared with `framework_api` so the two cannot drift.
const INDEX_TEMPLATE: &str = include_str!("index.html");

// ANCHOR: router
/// The route table.
pub fn router() -> Router {
    routes! {
        GET  "/"      => index,
        GET  "/hello" => hello,
        GET  "/api"   => api_get,
        POST "/api"   => api_post,
        GET  "/static"  => files,
        GET  "/static/" => files,
        GET  "/static/{*path}" => files,
        GET  "/echo/{text}"   => echo_text,
        ANY  "/mirror"        => mirror,
        POST "/upload"        => upload [streaming],
        GET  "/stream"        => stream,
        GET  "/events"        => events,
        GET  "/redirect/{n}"  => redirect::chain,
        ANY  "/redirect-to"   => redirect::redirect_to,
        ANY  "/status/{code}" => status,
        GET  "/cookies"       => cookies::list,
        GET  "/cookies/set"   => cookies::set,
    }
}
// ANCHOR_END: router

/// `GET /`: a page a browser can drive the server from.
fn index(_: &Request) -> Response {
    Response::new(
        StatusCode::OK,
        TEXT_HTML,
        INDEX_TEMPLATE.replace("{server}", SERVER_NAME),
    )
}

/// `GET /hello`.
fn hello(_: &Request) -> Response {
    Response::text(StatusCode::OK, "Hello")
}

// ANCHOR: api_handlers
/// `GET /api?name=value&...`: echo the query's parameters.
fn api_get(request: &Request) -> Response {
    let params = wire::form::decode(request.query().as_bytes());
    echo(request, "GET", &params)
}

/// `POST /api` with a form body: echo its fields.
fn api_post(request: &Request) -> Response {
    if !is_form(request.header("Content-Type")) {
        return Response::text(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "415 Unsupported Media Type: POST /api needs Content-Type: application/x-www-form-urlencoded\n",
        );
    }
    let params = wire::form::decode(&request.body);
    echo(request, "POST", &params)
}
// ANCHOR_END: api_handlers

/// The pairs as text, or as JSON if the client asks for it.
fn echo(request: &Request, method: &str, params: &[(String, String)]) -> Response {
    if wants_json(request) {
        let pairs: Vec<String> = params
            .iter()
            .map(|(n, v)| format!("[{},{}]", json::string(n), json::string(v)))
            .collect();
        let body = format!(
            "{{\"method\":\"{method}\",\"params\":[{}]}}",
            pairs.join(",")
        );
        return Response::new(StatusCode::OK, APPLICATION_JSON, body);
    }
    let mut body = format!("{method} request received with parameters:\n");
    for (name, value) in params {
        body.push_str(&format!("{name} = {value}\n"));
    }
    Response::text(StatusCode::OK, body)
}

/// Is the body a form? The media type is the part of `Content-Type` before
/// any `;` parameters, compared without regard to case (RFC 9110 §8.3.1).
fn is_form(content_type: Option<&str>) -> bool {
    content_type
        .map(|ct| ct.split(';').next().unwrap_or("").trim())
        .is_some_and(|media| media.eq_ignore_ascii_case("application/x-www-form-urlencoded"))
}

/// Does the client ask for JSON? True when some `Accept` element names
/// `application/json` without `q=0` (RFC 9110 §12.5.1). Full content
/// negotiation would rank every element by `q`; two choices need less.
fn wants_json(request: &Request) -> bool {
    request
        .head
        .headers
        .get_all("Accept")
        .flat_map(|v| v.split(','))
        .any(|element| {
            let mut parts = element.split(';');
            let media = parts.next().unwrap_or("").trim();
            let refused = parts.any(|param| match param.split_once('=') {
                Some((name, value)) if name.trim().eq_ignore_ascii_case("q") => {
                    value.trim().parse::<f32>().is_ok_and(|q| q == 0.0)
                }
                _ => false,
            });
            media.eq_ignore_ascii_case("application/json") && !refused
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_media_type() {
        assert!(is_form(Some("application/x-www-form-urlencoded")));
        assert!(is_form(Some(
            "Application/X-WWW-Form-URLEncoded ; charset=utf-8"
        )));
        assert!(!is_form(Some("text/plain")));
        assert!(!is_form(Some("application/x-www-form-urlencodedX")));
        assert!(!is_form(None));
    }
}
