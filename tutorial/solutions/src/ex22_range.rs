//! Exercise 22: a single `Range: bytes=...` against a file's size.

use exercises::RangeAnswer;

/// ASCII digits only, stopping at `u64::MAX` rather than overflowing.
fn number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    }))
}

/// `start..=end`, if it starts inside the file; its end cut to the last byte.
fn from(start: u64, end: u64, size: u64) -> RangeAnswer {
    if start >= size {
        return RangeAnswer::NotSatisfiable;
    }
    RangeAnswer::Partial {
        start,
        end: end.min(size - 1),
    }
}

pub fn parse_range(value: &str, size: u64) -> RangeAnswer {
    let Some((unit, set)) = value.split_once('=') else {
        return RangeAnswer::Ignore;
    };
    if !unit.eq_ignore_ascii_case("bytes") {
        return RangeAnswer::Ignore;
    }
    let items: Vec<&str> = set
        .split(',')
        .map(|item| item.trim_matches([' ', '\t']))
        .filter(|item| !item.is_empty())
        .collect();
    let [item] = items.as_slice() else {
        return RangeAnswer::Ignore;
    };
    let Some((first, last)) = item.split_once('-') else {
        return RangeAnswer::Ignore;
    };
    match (number(first), number(last)) {
        (None, Some(0)) if first.is_empty() => RangeAnswer::NotSatisfiable,
        (None, Some(_)) if first.is_empty() && size == 0 => RangeAnswer::Ignore,
        (None, Some(n)) if first.is_empty() => RangeAnswer::Partial {
            start: size.saturating_sub(n),
            end: size - 1,
        },
        (Some(start), None) if last.is_empty() => from(start, u64::MAX, size),
        (Some(start), Some(end)) if start <= end => from(start, end, size),
        _ => RangeAnswer::Ignore,
    }
}
