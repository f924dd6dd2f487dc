//! ex12_chunked: random chunked bodies with extensions and trailers, read
//! whole and cut at every byte; and bytes that can never be valid.

use exercises::{Chunked, Header};

use crate::check::Context;
use crate::check::failure::{Failure, bytes, expect_eq};

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let decode = context.implementation.ex12_chunked;
    let hello = Chunked::Done {
        body: b"Hello".to_vec(),
        trailers: vec![],
        used: 15,
    };
    expect_eq(
        "one chunk, then the last",
        || bytes(b"5\r\nHello\r\n0\r\n\r\n"),
        Ok(hello),
        decode(b"5\r\nHello\r\n0\r\n\r\n"),
    )?;

    let rng = &mut context.rng;
    for n in 1..=30 {
        let mut wire = Vec::new();
        let mut body = Vec::new();
        for _ in 0..rng.below(4) {
            let data = rng.bytes(1..=20);
            let size = if rng.one_in(2) {
                format!("{:x}", data.len())
            } else {
                format!("{:X}", data.len())
            };
            let size = if rng.one_in(4) {
                format!("00{size}")
            } else {
                size
            };
            let ext = if rng.one_in(3) {
                format!(";{}={}", rng.word(), rng.word())
            } else {
                String::new()
            };
            wire.extend(format!("{size}{ext}\r\n").bytes());
            wire.extend(&data);
            wire.extend(b"\r\n");
            body.extend(data);
        }
        wire.extend(b"0\r\n");
        let mut trailers = Vec::new();
        for _ in 0..rng.below(3) {
            let header = Header {
                name: rng.field_name(),
                value: rng.word(),
            };
            wire.extend(format!("{}: {}\r\n", header.name, header.value).bytes());
            trailers.push(header);
        }
        wire.extend(b"\r\n");
        let used = wire.len();
        // The next request on the connection, already in the buffer.
        wire.extend(b"GET / HTTP/1.1\r\n\r\n");
        let done = Chunked::Done {
            body,
            trailers,
            used,
        };
        let case = format!("random chunked body #{n}, with the next request after it");
        expect_eq(&case, || bytes(&wire), Ok(done), decode(&wire))?;
        for cut in 0..used {
            let case = format!("random chunked body #{n}, only {cut} of its {used} bytes here");
            expect_eq(
                &case,
                || bytes(&wire[..cut]),
                Ok(Chunked::NeedMore),
                decode(&wire[..cut]),
            )?;
        }
    }
    let bad: [(&str, &[u8]); 5] = [
        ("a size that is not hex", b"zz\r\nHello\r\n0\r\n\r\n"),
        ("no CRLF after the data", b"5\r\nHelloXY0\r\n\r\n"),
        (
            "a size of 17 hex digits, past u64",
            b"10000000000000000\r\nx\r\n0\r\n\r\n",
        ),
        (
            "a trailer that is not a header line",
            b"0\r\nnot a field\r\n\r\n",
        ),
        ("an empty size line", b"\r\nHello\r\n0\r\n\r\n"),
    ];
    for (case, input) in bad {
        let got = decode(input);
        if got.is_ok() {
            return Err(Failure::function(
                case,
                bytes(input),
                "Err(BadChunk(..)): these bytes can never be valid",
                got,
            ));
        }
    }
    Ok(())
}
