//! Exercise 22 (chapter 15, files): a `Range` header to 206, 416 or "ignore".
//!
//! A video player seeking, or a download resuming, asks for part of a file:
//!
//! ```text
//! Range: bytes=0-99     ->  206, bytes 0 to 99      (100 bytes: both ends included)
//! Range: bytes=900-     ->  206, from 900 to the end
//! Range: bytes=-100     ->  206, the last 100 bytes
//! Range: bytes=5000-    ->  416 of a 1000-byte file: nothing starts there
//! Range: bytes=0-1,5-6  ->  ignored: the whole file, 200
//! ```

use crate::RangeAnswer;

// ANCHOR: task
/// What to answer to the `Range` value `value`, for a file of `size` bytes
/// (RFC 9110 §14.1):
///
/// - no `=`: `Ignore`. The unit before `=` must be `bytes`, in any case;
///   another unit: `Ignore`.
/// - After `=`, split at `,`, trim spaces and tabs from each item, and drop
///   empty items. Not exactly one item left: `Ignore` (this server does
///   not do several ranges; ignoring a Range is always allowed).
/// - The item is `first-last`, split at its first `-`; each side is empty
///   or ASCII digits only (no sign, no space), read as a `u64` that stops
///   at `u64::MAX` instead of overflowing:
///   - `-n` (no first): the last `n` bytes, or all if the file is shorter.
///     `n == 0`: `NotSatisfiable`; a file of 0 bytes: `Ignore`.
///   - `a-` (no last): from `a` to the end.
///   - `a-b` with `a <= b`: from `a` to `b`, the end cut to the last byte.
///   - `a-` and `a-b` starting at or past `size`: `NotSatisfiable`.
///   - anything else (`5-1`, `-`, `a-b`, `+1-2`, `1-2-3`): `Ignore`.
pub fn parse_range(value: &str, size: u64) -> RangeAnswer {
    todo!("unit, then one item, then its two sides")
}
// ANCHOR_END: task
