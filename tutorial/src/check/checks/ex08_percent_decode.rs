//! ex08_percent_decode: random bytes, encoded at random, decoded back.

use crate::check::failure::expect_eq;
use crate::check::{Context, Failure};

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let decode = context.implementation.ex08_percent_decode;
    let fixed: [(&str, &str, Option<&[u8]>); 9] = [
        ("a space", "a%20b", Some(b"a b")),
        (
            "UTF-8 bytes stay bytes: %C3%BC is ü",
            "%C3%BC",
            Some("ü".as_bytes()),
        ),
        ("a byte that is not UTF-8", "%FF", Some(b"\xff")),
        ("lower-case hex", "%2f%2F", Some(b"//")),
        (
            "+ stays + (a form's rule, not a URL's)",
            "a+b",
            Some(b"a+b"),
        ),
        ("a lone %", "100%", None),
        ("one hex digit", "%4", None),
        ("not hex", "%G1", None),
        ("%% is not an escape", "%%41", None),
    ];
    for (case, input, expected) in fixed {
        expect_eq(
            case,
            || format!("{input:?}"),
            expected.map(<[u8]>::to_vec),
            decode(input),
        )?;
    }
    let rng = &mut context.rng;
    for n in 1..=200 {
        let data = rng.bytes(0..=15);
        // Each byte as itself (letters and digits) or as %XX, in either case.
        let mut pieces: Vec<String> = data
            .iter()
            .map(|&b| match rng.below(3) {
                0 if b.is_ascii_alphanumeric() => char::from(b).to_string(),
                1 => format!("%{b:02x}"),
                _ => format!("%{b:02X}"),
            })
            .collect();
        let mut expected = Some(data);
        if rng.one_in(5) {
            // A broken escape, broken whatever follows it.
            let at = rng.below(pieces.len() + 1);
            pieces.insert(at, rng.pick(&["%Z", "%G0", "%-1", "% 1"]).to_string());
            expected = None;
        } else if rng.one_in(5) {
            pieces.push(rng.pick(&["%", "%4"]).to_string());
            expected = None;
        }
        let input = pieces.concat();
        expect_eq(
            &format!("random input #{n}"),
            || format!("{input:?}"),
            expected,
            decode(&input),
        )?;
    }
    Ok(())
}
