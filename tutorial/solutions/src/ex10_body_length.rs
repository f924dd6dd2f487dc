//! Exercise 10: where a request body ends.

use exercises::{BodyLength, FramingError, Header};

pub fn body_length(headers: &[Header]) -> Result<BodyLength, FramingError> {
    let field = |name: &str| headers.iter().find(|h| h.name.eq_ignore_ascii_case(name));
    if let Some(te) = field("Transfer-Encoding") {
        let last = te.value.split(',').map(str::trim).rfind(|c| !c.is_empty());
        return match last {
            Some(coding) if coding.eq_ignore_ascii_case("chunked") => Ok(BodyLength::Chunked),
            _ => Err(FramingError::ChunkedNotLast),
        };
    }
    match field("Content-Length") {
        None => Ok(BodyLength::Empty),
        Some(cl) => parse_length(&cl.value).map(BodyLength::Length),
    }
}

/// Only digits: Rust's `parse::<u64>` alone would accept `+5`.
pub(crate) fn parse_length(value: &str) -> Result<u64, FramingError> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FramingError::BadContentLength);
    }
    value.parse().map_err(|_| FramingError::BadContentLength)
}
