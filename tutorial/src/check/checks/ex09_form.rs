//! ex09_form: random form bodies, graded against `form_urlencoded` (the
//! WHATWG parser, through `wire::form`).

use crate::check::failure::{bytes, expect_eq};
use crate::check::{Context, Failure};

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let parse = context.implementation.ex09_form;
    let fixed: [(&str, &[u8]); 8] = [
        ("three pairs, in order", b"a=1&b=x+y&c=%C3%BC"),
        ("a repeated name is kept twice", b"a=1&a=2"),
        ("empty pieces are skipped", b"&&a=1&&"),
        ("no = : the value is empty", b"flag&a=1"),
        ("only the first = splits", b"eq=a=b"),
        ("a bad escape stays as it is", b"a=100%&b=%zz"),
        ("%2B is a +, + is a space", b"math=1%2B1+is+2"),
        ("bytes that are not UTF-8 become U+FFFD", b"x=%FF%FE"),
    ];
    for (case, input) in fixed {
        expect_eq(
            case,
            || bytes(input),
            wire::form::decode(input),
            parse(input),
        )?;
    }
    let rng = &mut context.rng;
    for n in 1..=300 {
        let input = rng.string("ab=&+%2F0C3BCfzü ", 0..=23).into_bytes();
        let case = format!("random form #{n} (as form_urlencoded reads it)");
        expect_eq(
            &case,
            || bytes(&input),
            wire::form::decode(&input),
            parse(&input),
        )?;
    }
    Ok(())
}
