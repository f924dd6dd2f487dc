//! ex01_head_end: random heads, cut at every byte.

use crate::check::failure::{bytes, expect_eq};
use crate::check::{Context, Failure};

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let head_end = context.implementation.ex01_head_end;
    let fixed: [(&str, &[u8], Option<usize>); 5] = [
        ("the smallest head", b"GET / HTTP/1.1\r\n\r\n", Some(18)),
        ("nothing read yet", b"", None),
        (
            "one byte short of the blank line",
            b"GET / HTTP/1.1\r\n\r",
            None,
        ),
        (
            "a head, then a body",
            b"POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi",
            Some(38),
        ),
        (
            "a body that holds a blank line too: the FIRST one ends the head",
            b"POST / HTTP/1.1\r\n\r\nline\r\n\r\nmore",
            Some(19),
        ),
    ];
    for (case, buf, expected) in fixed {
        expect_eq(case, || bytes(buf), expected, head_end(buf))?;
    }
    let rng = &mut context.rng;
    for n in 1..=30 {
        let mut head = format!(
            "{} /{} HTTP/1.1\r\n",
            rng.pick(&["GET", "POST", "PUT"]),
            rng.word()
        );
        for _ in 0..rng.below(5) {
            let name = *rng.pick(&["Host", "Accept", "Content-Type", "X-Trace"]);
            let name = rng.mixed_case(name);
            head.push_str(&format!("{name}: {}\r\n", rng.word()));
        }
        head.push_str("\r\n");
        let mut buf = head.clone().into_bytes();
        // What follows the head: a body that may hold CRLFs of its own.
        buf.extend(rng.string("ab\r\n", 0..=11).bytes());
        for cut in 0..=buf.len() {
            let expected = (cut >= head.len()).then_some(head.len());
            let case = format!(
                "random head #{n}, {cut} of its {} bytes read so far",
                buf.len()
            );
            expect_eq(
                &case,
                || bytes(&buf[..cut]),
                expected,
                head_end(&buf[..cut]),
            )?;
        }
    }
    Ok(())
}
