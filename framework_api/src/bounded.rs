//! Numbers from a query string, each with a default and a bound.
//!
//! `/stream?n=5&delay_ms=200` and `/events?count=3` take numbers from the
//! client, and every number a client can choose is a size or a time we
//! must pay for. So each has a range, and a value outside it (or not a
//! number at all) is a 400 that says the range, rather than being quietly
//! clamped: a learner who asks for `n=1000000` should learn why not.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use std::ops::RangeInclusive;

/// A parameter out of its range: the sentence a 400 says.
#[derive(Debug)]
pub struct OutOfBounds(String);

impl IntoResponse for OutOfBounds {
    fn into_response(self) -> Response {
        (
            StatusCode::BAD_REQUEST,
            format!("400 Bad Request: {}\n", self.0),
        )
            .into_response()
    }
}

/// The value of query parameter `name`: `default` when absent, an error
/// when it is not a whole number within `range`.
pub fn bounded(
    name: &str,
    value: Option<&str>,
    default: u64,
    range: RangeInclusive<u64>,
) -> Result<u64, OutOfBounds> {
    let Some(text) = value else {
        return Ok(default);
    };
    match text.parse::<u64>() {
        Ok(number) if range.contains(&number) => Ok(number),
        _ => Err(OutOfBounds(format!(
            "{name} must be a whole number from {} to {}, not {text:?}",
            range.start(),
            range.end()
        ))),
    }
}

/// The value of parameter `name` in decoded query pairs, the first if
/// there are several.
pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}
