//! Exercise 6: GET /add on both servers.

use axum::extract::RawQuery;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use socket_api::{Request, Response};

/// The sum asked for by a query, or `None` for a missing or bad number.
/// Both servers call it, so they cannot disagree on what is valid.
fn sum(query: &str) -> Option<u64> {
    let pairs = wire::form::decode(query.as_bytes());
    let number = |name: &str| -> Option<u64> {
        let (_, value) = pairs.iter().find(|(n, _)| n == name)?;
        // Digits only: u32's parse would take "+5".
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        value.parse::<u32>().ok().map(u64::from)
    };
    Some(number("a")? + number("b")?)
}

pub fn socket_router() -> socket_api::Router {
    socket_api::routes! { GET "/add" => add }
}

fn add(request: &Request) -> Response {
    match sum(request.query()) {
        Some(total) => Response::text(wire::StatusCode::OK, format!("{total}\n")),
        None => Response::error(
            wire::StatusCode::BAD_REQUEST,
            "a and b must be whole numbers",
        ),
    }
}

pub fn axum_router() -> axum::Router {
    axum::Router::new().route("/add", axum::routing::get(add_axum))
}

async fn add_axum(RawQuery(query): RawQuery) -> impl IntoResponse {
    let text = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
    match sum(query.as_deref().unwrap_or("")) {
        Some(total) => (StatusCode::OK, text, format!("{total}\n")),
        None => (
            StatusCode::BAD_REQUEST,
            text,
            "400 Bad Request: a and b must be whole numbers\n".to_string(),
        ),
    }
}
