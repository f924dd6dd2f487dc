//! ex02_request_line: random lines, valid and not, graded against httparse.

use exercises::RequestLine;

use crate::check::failure::{bytes, expect_eq};
use crate::check::random::Rng;
use crate::check::{Context, Failure};

/// What httparse, the parser under hyper, makes of `line`.
fn httparse_says(line: &[u8]) -> Option<RequestLine> {
    let mut headers = [httparse::EMPTY_HEADER; 1];
    let mut request = httparse::Request::new(&mut headers);
    let mut input = line.to_vec();
    input.extend_from_slice(b"\r\n\r\n");
    match request.parse(&input) {
        Ok(httparse::Status::Complete(_)) => Some(RequestLine {
            method: request.method?.to_string(),
            target: request.path?.to_string(),
            version: request.version?,
        }),
        _ => None,
    }
}

/// A request line, valid or broken in one of the ways parsers disagree on.
fn random_line(rng: &mut Rng) -> Vec<u8> {
    let method = match rng.below(4) {
        0 => rng.string(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij!#$%&'*+-.^_`|~0123456789",
            1..=7,
        ),
        _ => rng
            .pick(&["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "get"])
            .to_string(),
    };
    let target = match rng.below(4) {
        0 => "*".to_string(),
        1 => format!("http://{}.example/{}", rng.word(), rng.word()),
        _ => format!(
            "/{}?{}=%2F{}",
            rng.word(),
            rng.word(),
            rng.string("!$&'()*+,;=:@~-._", 2..=2)
        ),
    };
    let version = rng.pick(&[
        "HTTP/1.1",
        "HTTP/1.0",
        "HTTP/1.1",
        "HTTP/1.0",
        "HTTP/1.2",
        "HTTP/2.0",
        "http/1.1",
        "HTTP/1.10",
        "HTTP/1",
    ]);
    let (mut sp1, mut sp2) = (" ".to_string(), " ".to_string());
    let mut parts = [method, target, version.to_string()];
    match rng.below(12) {
        0 => sp1 = "  ".into(),
        1 => sp2 = "\t".into(),
        2 => parts[0] = String::new(),
        3 => parts[1] = String::new(),
        4 => parts[1].insert(1, *rng.pick(&['\u{1}', '\u{7f}', '"', '<', '{'])),
        5 => parts[0].insert(0, *rng.pick(&['(', '/', '@', ','])),
        6 => parts[2].push(' '),
        _ => {}
    }
    format!("{}{sp1}{}{sp2}{}", parts[0], parts[1], parts[2]).into_bytes()
}

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let parse = context.implementation.ex02_request_line;
    let fixed: [(&str, &[u8]); 8] = [
        ("a plain GET", b"GET /hello HTTP/1.1"),
        ("HTTP/1.0", b"GET / HTTP/1.0"),
        (
            "a lower-case method is a different method, and valid",
            b"get / HTTP/1.1",
        ),
        ("two spaces after the method", b"GET  / HTTP/1.1"),
        ("a tab instead of a space", b"GET\t/ HTTP/1.1"),
        (
            "HTTP/1.2 is not a version httparse knows",
            b"GET / HTTP/1.2",
        ),
        ("no version", b"GET /"),
        ("a space at the end", b"GET / HTTP/1.1 "),
    ];
    for (case, line) in fixed {
        let case = format!("{case} (as httparse reads it)");
        expect_eq(&case, || bytes(line), httparse_says(line), parse(line))?;
    }
    for n in 1..=300 {
        let line = random_line(&mut context.rng);
        let case = format!("random request line #{n} (as httparse reads it)");
        expect_eq(&case, || bytes(&line), httparse_says(&line), parse(&line))?;
    }
    Ok(())
}
