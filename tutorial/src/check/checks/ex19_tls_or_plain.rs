//! ex19_tls_or_plain: ClientHello records of every version, request lines
//! with random methods, and every prefix of both.

use exercises::FirstBytes;

use crate::check::failure::{bytes, expect_eq};
use crate::check::{Context, Failure};

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let sniff = context.implementation.ex19_tls_or_plain;
    use FirstBytes::*;
    let fixed: [(&str, &[u8], FirstBytes); 12] = [
        ("nothing yet", b"", NeedMore),
        (
            "a TLS 1.2 ClientHello's record header",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
            Tls,
        ),
        ("only 0x16 so far", b"\x16", NeedMore),
        ("0x16 0x03 so far", b"\x16\x03", NeedMore),
        (
            "0x16 0x03 0x05: no such TLS version",
            b"\x16\x03\x05\x00",
            Neither,
        ),
        ("0x16 0x02: not TLS", b"\x16\x02\x00", Neither),
        ("a request line", b"GET / HTTP/1.1\r\n", PlainHttp),
        ("a method, no space yet", b"OPTIO", NeedMore),
        ("a space first: no method", b" GET /", Neither),
        ("a ( is not a token character", b"GE(T / HTTP/1.1", Neither),
        ("a byte over 0x7F", b"\xc3\xbc", Neither),
        (
            "an HTTP/2 preface starts like a method",
            b"PRI * HTTP/2.0\r\n",
            PlainHttp,
        ),
    ];
    for (case, input, expected) in fixed {
        expect_eq(case, || bytes(input), expected, sniff(input))?;
    }
    let rng = &mut context.rng;
    for n in 1..=50 {
        let (whole, what, answer) = if rng.one_in(2) {
            let mut record = vec![0x16, 0x03, rng.below(5) as u8];
            record.extend(rng.bytes(2..=40));
            (record, "TLS record", Tls)
        } else {
            let method = rng.string(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~",
                1..=8,
            );
            (
                format!("{method} /{} HTTP/1.1\r\n", rng.word()).into_bytes(),
                "request line",
                PlainHttp,
            )
        };
        let decided = if answer == Tls {
            3
        } else {
            whole.iter().position(|&b| b == b' ').unwrap_or(0) + 1
        };
        for cut in 0..=whole.len() {
            let expected = if cut < decided { NeedMore } else { answer };
            let case = format!("random {what} #{n}, its first {cut} bytes");
            expect_eq(
                &case,
                || bytes(&whole[..cut]),
                expected,
                sniff(&whole[..cut]),
            )?;
        }
    }
    Ok(())
}
