//! ex15_framing_rules: the smuggling classics, names in random case, fields
//! in random order among others.

use exercises::{FramingError, Header};

use crate::check::failure::expect_eq;
use crate::check::{Context, Failure};

/// A head's framing fields, name and value.
type Fields = &'static [(&'static str, &'static str)];

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let check_framing = context.implementation.ex15_framing_rules;
    use FramingError::*;
    const CL: &str = "Content-Length";
    const TE: &str = "Transfer-Encoding";
    let cases: [(&str, Fields, Result<(), FramingError>); 17] = [
        ("no framing field", &[], Ok(())),
        ("one Content-Length", &[(CL, "42")], Ok(())),
        ("Transfer-Encoding: chunked", &[(TE, "chunked")], Ok(())),
        (
            "Content-Length and Transfer-Encoding: the textbook smuggling request",
            &[(CL, "6"), (TE, "chunked")],
            Err(ContentLengthAndTransferEncoding),
        ),
        (
            "Transfer-Encoding before Content-Length",
            &[(TE, "chunked"), (CL, "6")],
            Err(ContentLengthAndTransferEncoding),
        ),
        (
            "an empty Transfer-Encoding beside Content-Length",
            &[(CL, "6"), (TE, "")],
            Err(ContentLengthAndTransferEncoding),
        ),
        ("Content-Length: +5", &[(CL, "+5")], Err(BadContentLength)),
        ("Content-Length: 5 5", &[(CL, "5 5")], Err(BadContentLength)),
        (
            "Content-Length: 0x10",
            &[(CL, "0x10")],
            Err(BadContentLength),
        ),
        (
            "two Content-Length fields, 5 and 6",
            &[(CL, "5"), (CL, "6")],
            Err(ConflictingContentLengths),
        ),
        (
            "a list that disagrees: Content-Length: 5, 6",
            &[(CL, "5, 6")],
            Err(ConflictingContentLengths),
        ),
        (
            "the same length twice is allowed",
            &[(CL, "5"), (CL, "5")],
            Ok(()),
        ),
        (
            "a list of one length twice is allowed",
            &[(CL, "5, 5")],
            Ok(()),
        ),
        (
            "a bad value is refused before a conflict is looked for",
            &[(CL, "5"), (CL, "-6")],
            Err(BadContentLength),
        ),
        (
            "Transfer-Encoding: chunked, gzip",
            &[(TE, "chunked, gzip")],
            Err(ChunkedNotLast),
        ),
        (
            "chunked twice, in two fields",
            &[(TE, "chunked"), (TE, "chunked")],
            Err(ChunkedNotLast),
        ),
        (
            "gzip then chunked, in two fields",
            &[(TE, "gzip"), (TE, "chunked")],
            Ok(()),
        ),
    ];
    let rng = &mut context.rng;
    for round in 0..5 {
        for (case, fields, expected) in &cases {
            let mut headers: Vec<Header> = fields
                .iter()
                .map(|(name, value)| Header {
                    // The first round as written; then in any case.
                    name: if round == 0 {
                        name.to_string()
                    } else {
                        rng.mixed_case(name)
                    },
                    value: value.to_string(),
                })
                .collect();
            for _ in 0..rng.below(3) {
                let at = rng.below(headers.len() + 1);
                let name = rng
                    .pick(&["Host", "Accept", "X-Transfer-Encoding-Note"])
                    .to_string();
                headers.insert(
                    at,
                    Header {
                        name,
                        value: rng.word(),
                    },
                );
            }
            let case = if round == 0 {
                case.to_string()
            } else {
                format!("{case} (names in mixed case, among other fields)")
            };
            expect_eq(
                &case,
                || format!("{headers:?}"),
                *expected,
                check_framing(&headers),
            )?;
        }
    }
    Ok(())
}
