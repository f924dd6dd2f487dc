//! ex03_header_line: random field lines, with random whitespace and case.

use exercises::Header;

use crate::check::failure::{bytes, expect_eq};
use crate::check::{Context, Failure};

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let parse = context.implementation.ex03_header_line;
    let header = |name: &str, value: &str| {
        Some(Header {
            name: name.into(),
            value: value.into(),
        })
    };
    let fixed: [(&str, &[u8], Option<Header>); 10] = [
        (
            "a plain field",
            b"Host: example.com",
            header("Host", "example.com"),
        ),
        (
            "the name keeps its case",
            b"content-TYPE: text/html",
            header("content-TYPE", "text/html"),
        ),
        (
            "a colon in the value",
            b"Host: 127.0.0.1:8080",
            header("Host", "127.0.0.1:8080"),
        ),
        (
            "spaces and tabs around the value are trimmed",
            b"X:  \t a b \t ",
            header("X", "a b"),
        ),
        ("an empty value", b"X-Empty:", header("X-Empty", "")),
        (
            "a space before the colon is refused",
            b"Host : example.com",
            None,
        ),
        ("no colon", b"Host example.com", None),
        ("no name", b": value", None),
        ("a control byte in the value", b"X: a\x01b", None),
        ("a ( in the name", b"X(1): a", None),
    ];
    for (case, line, expected) in fixed {
        expect_eq(case, || bytes(line), expected, parse(line))?;
    }
    let rng = &mut context.rng;
    for n in 1..=200 {
        let name = rng.field_name();
        let value = format!(
            "{} {}:{}",
            rng.word(),
            rng.word(),
            rng.string("!#$%&'()*+,-./;<=>?@[]^_`{|}~", 3..=3)
        );
        let before = rng.string(" \t", 0..=2);
        let after = rng.string(" \t", 0..=2);
        let mut line = format!("{name}:{before}{value}{after}").into_bytes();
        let mut expected = header(&name, &value);
        match rng.below(6) {
            0 => {
                line.insert(name.len(), b' ');
                expected = None;
            }
            1 => {
                line.push(*rng.pick(&[0x00, 0x7f, b'\r', b'\n', 0x1b]));
                expected = None;
            }
            _ => {}
        }
        let case = format!("random field line #{n}");
        expect_eq(&case, || bytes(&line), expected, parse(&line))?;
    }
    Ok(())
}
