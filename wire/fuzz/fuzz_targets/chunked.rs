//! Arbitrary bytes into the chunked decoder, fed in pieces.
//!
//! Decoding the same bytes in pieces of any size must give the same body
//! and the same outcome as decoding them at once, and the body can never be
//! longer than the input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wire::chunked::ChunkedDecoder;
use wire::{BodyEvent, Error};

/// Body, and whether it ended (`Ok(true)`), needs more (`Ok(false)`), or failed.
fn decode(input: &[u8], step: usize) -> (Vec<u8>, Result<bool, Error>) {
    let mut decoder = ChunkedDecoder::new(256);
    let (mut buf, mut body, mut fed) = (Vec::new(), Vec::new(), 0);
    loop {
        match decoder.decode(&mut buf) {
            Ok(BodyEvent::Data(d)) => body.extend(d),
            Ok(BodyEvent::End) => return (body, Ok(true)),
            Ok(BodyEvent::NeedMore) if fed == input.len() => return (body, Ok(false)),
            Ok(BodyEvent::NeedMore) => {
                let end = (fed + step).min(input.len());
                buf.extend_from_slice(&input[fed..end]);
                fed = end;
            }
            Err(e) => return (body, Err(e)),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&step, input)) = data.split_first() else { return };
    let (whole_body, whole) = decode(input, input.len().max(1));
    let (piece_body, pieces) = decode(input, usize::from(step).max(1));
    assert!(whole_body.len() <= input.len());
    assert_eq!(whole, pieces, "same outcome whatever the piece size");
    if whole.is_ok() {
        assert_eq!(whole_body, piece_body);
    }
});
