//! ex10_body_length: heads with at most one framing field, names in mixed case.

use exercises::{BodyLength, FramingError, Header};

use crate::check::failure::expect_eq;
use crate::check::random::Rng;
use crate::check::{Context, Failure};

/// Random other fields around the one that matters.
fn with_others(rng: &mut Rng, field: Option<(&str, &str)>) -> Vec<Header> {
    let mut headers: Vec<Header> = (0..rng.below(3))
        .map(|_| Header {
            name: rng
                .pick(&["Host", "Accept", "User-Agent", "X-Content-Length-Note"])
                .to_string(),
            value: rng.word(),
        })
        .collect();
    if let Some((name, value)) = field {
        let at = rng.below(headers.len() + 1);
        let name = rng.mixed_case(name);
        headers.insert(
            at,
            Header {
                name,
                value: value.into(),
            },
        );
    }
    headers
}

/// A case: its name, the framing field (if any), what it means.
type Case<'a> = (
    &'a str,
    Option<(&'a str, &'a str)>,
    Result<BodyLength, FramingError>,
);

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let body_length = context.implementation.ex10_body_length;
    use BodyLength::*;
    use FramingError::*;
    let cl = "Content-Length";
    let te = "Transfer-Encoding";
    let rng = &mut context.rng;
    let n = rng.next_u64() >> rng.below(64);
    let n_text = n.to_string();
    let cases: Vec<Case> = vec![
        ("no framing field: no body", None, Ok(Empty)),
        ("Content-Length: 0", Some((cl, "0")), Ok(Length(0))),
        (
            "a random Content-Length",
            Some((cl, &n_text)),
            Ok(Length(n)),
        ),
        (
            "Content-Length: +5 (Rust's parse would take it)",
            Some((cl, "+5")),
            Err(BadContentLength),
        ),
        (
            "Content-Length: -1",
            Some((cl, "-1")),
            Err(BadContentLength),
        ),
        (
            "Content-Length: 0x10",
            Some((cl, "0x10")),
            Err(BadContentLength),
        ),
        (
            "Content-Length: 5.0",
            Some((cl, "5.0")),
            Err(BadContentLength),
        ),
        (
            "an empty Content-Length",
            Some((cl, "")),
            Err(BadContentLength),
        ),
        (
            "a Content-Length past u64",
            Some((cl, "18446744073709551616")),
            Err(BadContentLength),
        ),
        (
            "Transfer-Encoding: chunked",
            Some((te, "chunked")),
            Ok(Chunked),
        ),
        (
            "Transfer-Encoding: Chunked (codings ignore case)",
            Some((te, "Chunked")),
            Ok(Chunked),
        ),
        (
            "Transfer-Encoding: gzip, chunked",
            Some((te, "gzip, chunked")),
            Ok(Chunked),
        ),
        (
            "Transfer-Encoding: chunked, gzip (chunked not last)",
            Some((te, "chunked, gzip")),
            Err(ChunkedNotLast),
        ),
        (
            "Transfer-Encoding: gzip",
            Some((te, "gzip")),
            Err(ChunkedNotLast),
        ),
    ];
    for round in 0..4 {
        for (case, field, expected) in &cases {
            let headers = with_others(rng, *field);
            let case = if round == 0 {
                case.to_string()
            } else {
                format!("{case}, among other fields")
            };
            expect_eq(
                &case,
                || format!("{headers:?}"),
                *expected,
                body_length(&headers),
            )?;
        }
    }
    Ok(())
}
