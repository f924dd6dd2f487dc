//! ex23_accept_encoding: the rules of q-values by name, then random
//! `Accept-Encoding` fields, graded against `wire::negotiate` for a server
//! that can do gzip.

use exercises::Encoding;
use wire::negotiate::{Choice, choose_encoding};

use crate::check::failure::expect_eq;
use crate::check::{Context, Failure};

/// What `wire::negotiate` says, in the exercise's terms.
fn expected(values: &[&str]) -> Encoding {
    match choose_encoding(values.iter().copied(), &["gzip"]) {
        Choice::Coding(_) => Encoding::Gzip,
        Choice::Identity => Encoding::Identity,
        Choice::NotAcceptable => Encoding::NotAcceptable,
    }
}

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let choose = context.implementation.ex23_accept_encoding;
    let named: &[(&str, &[&str])] = &[
        ("no Accept-Encoding: identity", &[]),
        ("gzip", &["gzip"]),
        (
            "what browsers send: gzip, deflate, br, zstd",
            &["gzip, deflate, br, zstd"],
        ),
        ("gzip;q=0: anything but gzip", &["gzip;q=0"]),
        ("names in any case: GZIP", &["GZIP"]),
        ("x-gzip is gzip", &["x-gzip"]),
        ("codings this server cannot do: identity", &["deflate, br"]),
        ("two Accept-Encoding fields", &["br", "gzip"]),
        ("q=0.000 is 0", &["gzip; q=0.000"]),
        ("q=0.001 is not 0", &["gzip;q=0.001"]),
        ("gzip;q=0.5 alone: still gzip", &["gzip;q=0.5"]),
        (
            "identity preferred: gzip;q=0.5, identity",
            &["gzip;q=0.5, identity"],
        ),
        ("a tie goes to gzip", &["gzip;q=0.5, identity;q=0.5"]),
        ("*: any coding", &["*"]),
        ("*;q=0 refuses everything", &["*;q=0"]),
        ("*;q=0 with identity named", &["*;q=0, identity"]),
        ("*, but gzip;q=0", &["*, gzip;q=0"]),
        ("identity;q=0 alone: not acceptable", &["identity;q=0"]),
        ("identity;q=0, gzip", &["identity;q=0, gzip"]),
        ("identity;q=0, gzip;q=0", &["identity;q=0, gzip;q=0"]),
        ("q=2 is not a qvalue: the element is dropped", &["gzip;q=2"]),
        ("q=.5 is not a qvalue", &["gzip;q=.5"]),
        ("q=0.0001 has too many digits", &["gzip;q=0.0001"]),
        ("q=1.5 is more than 1", &["gzip;q=1.5"]),
        ("q=high", &["gzip;q=high"]),
        ("empty elements are skipped", &[" , ,gzip ,"]),
    ];
    for (case, values) in named {
        expect_eq(
            case,
            || format!("{values:?}"),
            expected(values),
            choose(values),
        )?;
    }
    let rng = &mut context.rng;
    let codings = [
        "gzip", "GZip", "x-gzip", "identity", "*", "deflate", "br", "zstd",
    ];
    let qualities = [
        "",
        "",
        "",
        ";q=0",
        ";q=1",
        ";q=0.5",
        ";q=0.001",
        ";q=0.000",
        "; q=0.8",
        ";Q=0",
        ";q=1.0",
        ";q=0.",
        ";q=2",
        ";q=.5",
        ";q=0.0001",
        ";q=x",
        ";level=1",
    ];
    for n in 1..=300 {
        let fields: Vec<String> = (0..rng.between(1, 2))
            .map(|_| {
                let elements: Vec<String> = (0..rng.between(1, 4))
                    .map(|_| format!("{}{}", rng.pick(&codings), rng.pick(&qualities)))
                    .collect();
                elements.join(if rng.one_in(2) { ", " } else { "," })
            })
            .collect();
        let values: Vec<&str> = fields.iter().map(String::as_str).collect();
        expect_eq(
            &format!("random Accept-Encoding #{n}"),
            || format!("{values:?}"),
            expected(&values),
            choose(&values),
        )?;
    }
    Ok(())
}
