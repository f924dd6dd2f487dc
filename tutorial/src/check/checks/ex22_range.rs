//! ex22_range: the forms of a single range by name, at the edges of the
//! file; then random ranges against random sizes, graded against
//! `wire::range`.

use exercises::RangeAnswer;
use wire::range::{self, RangeAnswer as Wire};

use crate::check::failure::expect_eq;
use crate::check::{Context, Failure};

/// What `wire::range` says, in the exercise's terms.
fn expected(value: &str, size: u64) -> RangeAnswer {
    match range::parse_range(value, size) {
        Wire::Partial(r) => RangeAnswer::Partial {
            start: r.start,
            end: r.end,
        },
        Wire::NotSatisfiable => RangeAnswer::NotSatisfiable,
        Wire::Whole(_) => RangeAnswer::Ignore,
    }
}

/// A number near `size`, the interesting place: before, at, after the end.
fn position(rng: &mut crate::check::random::Rng, size: u64) -> u64 {
    match rng.below(6) {
        0 => 0,
        1 => size.saturating_sub(1),
        2 => size,
        3 => size + 1 + rng.below(50) as u64,
        _ => rng.below(size as usize + 1) as u64,
    }
}

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let parse_range = context.implementation.ex22_range;
    let rng = &mut context.rng;
    // A size of its own for every run, so fixed answers cannot pass.
    let size = rng.between(1000, 9999) as u64;
    let last = size - 1;
    let named: Vec<(&str, String, u64)> = vec![
        ("the first 100 bytes: 0-99", "bytes=0-99".into(), size),
        ("one byte: 0-0", "bytes=0-0".into(), size),
        (
            "from a start to the end: a-",
            format!("bytes={}-", size / 2),
            size,
        ),
        ("the last 100 bytes: -100", "bytes=-100".into(), size),
        ("the last byte alone", format!("bytes={last}-{last}"), size),
        (
            "an end past the last byte is cut",
            format!("bytes=10-{}", size * 3),
            size,
        ),
        (
            "a suffix longer than the file: all of it",
            format!("bytes=-{}", size * 2),
            size,
        ),
        (
            "a start exactly at the size: 416",
            format!("bytes={size}-"),
            size,
        ),
        (
            "a start past the size: 416",
            format!("bytes={}-{}", size + 5, size + 9),
            size,
        ),
        ("a suffix of 0: 416", "bytes=-0".into(), size),
        ("any range of an empty file: 416", "bytes=0-0".into(), 0),
        ("a suffix of an empty file: ignored", "bytes=-5".into(), 0),
        ("the unit in upper case", "BYTES=0-1".into(), size),
        ("spaces around the item", "bytes= 0-1 ".into(), size),
        (
            "a trailing comma leaves one item",
            "bytes=0-1,".into(),
            size,
        ),
        (
            "a number past u64",
            "bytes=0-99999999999999999999999".into(),
            size,
        ),
        (
            "a start past u64: 416",
            "bytes=99999999999999999999999-".into(),
            size,
        ),
        ("two ranges: ignored", "bytes=0-1,5-6".into(), size),
        ("another unit: ignored", "items=0-1".into(), size),
        ("no =: ignored", "bytes 0-1".into(), size),
        ("nothing after =: ignored", "bytes=".into(), size),
        ("a lone -: ignored", "bytes=-".into(), size),
        ("start after end: ignored", "bytes=5-1".into(), size),
        ("not numbers: ignored", "bytes=a-b".into(), size),
        ("a sign: ignored", "bytes=+1-2".into(), size),
        ("spaces around -: ignored", "bytes=1 - 2".into(), size),
        ("no -: ignored", "bytes=1".into(), size),
        ("two -: ignored", "bytes=1-2-3".into(), size),
    ];
    for (case, value, size) in &named {
        expect_eq(
            &format!("{case} (of a {size}-byte file)"),
            || format!("parse_range({value:?}, {size})"),
            expected(value, *size),
            parse_range(value, *size),
        )?;
    }
    for n in 1..=300 {
        let size = match rng.below(5) {
            0 => rng.below(3) as u64,
            _ => rng.between(1, 5000) as u64,
        };
        let a = position(rng, size);
        let b = position(rng, size);
        let spec = match rng.below(8) {
            0 | 1 => format!("{a}-{b}"),
            2 => format!("{}-{}", a.min(b), a.max(b)),
            3 => format!("{a}-"),
            4 => format!("-{b}"),
            5 => format!("{a}-{b}, {b}-"),
            6 => format!(" {}-{} ,", a.min(b), a.max(b)),
            _ => rng.pick(&["x-1", "1-x", "-", "", "1", "0x1-2"]).to_string(),
        };
        let unit = match rng.below(10) {
            0 => "Bytes",
            1 => "chars",
            _ => "bytes",
        };
        let value = format!("{unit}={spec}");
        expect_eq(
            &format!("random range #{n} (of a {size}-byte file)"),
            || format!("parse_range({value:?}, {size})"),
            expected(&value, size),
            parse_range(&value, size),
        )?;
    }
    Ok(())
}
