//! Exercise 15: refuse every request two parsers could frame two ways.

use exercises::{FramingError, Header};

use crate::ex10_body_length::parse_length;

pub fn check_framing(headers: &[Header]) -> Result<(), FramingError> {
    let values = |name: &'static str| {
        headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
            .flat_map(|h| h.value.split(','))
            .map(|v| v.trim_matches([' ', '\t']))
    };
    let has = |name: &str| headers.iter().any(|h| h.name.eq_ignore_ascii_case(name));
    if has("Content-Length") && has("Transfer-Encoding") {
        return Err(FramingError::ContentLengthAndTransferEncoding);
    }
    let lengths = values("Content-Length")
        .map(parse_length)
        .collect::<Result<Vec<u64>, _>>()?;
    if lengths.windows(2).any(|w| w[0] != w[1]) {
        return Err(FramingError::ConflictingContentLengths);
    }
    let codings: Vec<&str> = values("Transfer-Encoding")
        .filter(|c| !c.is_empty())
        .collect();
    if let Some((last, before)) = codings.split_last() {
        let chunked = |c: &&str| c.eq_ignore_ascii_case("chunked");
        if !chunked(last) || before.iter().any(chunked) {
            return Err(FramingError::ChunkedNotLast);
        }
    } else if has("Transfer-Encoding") {
        // Present but empty: no coding at all, so chunked is not last.
        return Err(FramingError::ChunkedNotLast);
    }
    Ok(())
}
