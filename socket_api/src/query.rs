//! Numbers from a query string, each with a default and a bound.
//!
//! `/stream?n=5&delay_ms=200` and `/events?count=3` take numbers from the
//! client, and every number a client chooses is a size or a time the
//! server pays for. So each has a range, and a value outside it (or not a
//! number at all) is a 400 that says the range, not a value quietly
//! clamped: a learner who asks for `n=1000000` should learn why not.
//! `framework_api` answers with the same words.

use std::ops::RangeInclusive;

use wire::StatusCode;

use crate::Response;

/// The value of parameter `name` in decoded query pairs, the first if
/// there are several (as serde's `Query` takes it in `framework_api`).
pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The value of parameter `name`: `default` when absent, a `400` when it
/// is not a whole number within `range`.
pub fn bounded(
    pairs: &[(String, String)],
    name: &str,
    default: u64,
    range: RangeInclusive<u64>,
) -> Result<u64, Response> {
    let Some(text) = param(pairs, name) else {
        return Ok(default);
    };
    match text.parse::<u64>() {
        Ok(number) if range.contains(&number) => Ok(number),
        // `{text:?}` quotes the value, escapes and all, so an empty or odd
        // value is visible in the message.
        _ => Err(Response::error(
            StatusCode::BAD_REQUEST,
            &format!(
                "{name} must be a whole number from {} to {}, not {text:?}",
                range.start(),
                range.end()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &str) -> Vec<(String, String)> {
        wire::form::decode(query.as_bytes())
    }

    #[test]
    fn defaults_bounds_and_the_first_value() {
        assert_eq!(bounded(&pairs(""), "n", 5, 1..=100).ok(), Some(5));
        assert_eq!(bounded(&pairs("n=7&n=9"), "n", 5, 1..=100).ok(), Some(7));
        assert_eq!(bounded(&pairs("n=100"), "n", 5, 1..=100).ok(), Some(100));
        for bad in ["n=0", "n=101", "n=-1", "n=x", "n=", "n=1.5"] {
            let refused = bounded(&pairs(bad), "n", 5, 1..=100).err();
            let body = refused
                .as_ref()
                .and_then(Response::bytes)
                .unwrap_or_default();
            assert!(
                body.starts_with(
                    b"400 Bad Request: n must be a whole number from 1 to 100, not \""
                ),
                "{bad}: {}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
