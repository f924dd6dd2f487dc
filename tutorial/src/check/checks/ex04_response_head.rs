//! ex04_response_head: random statuses, fields and bodies, UTF-8 included.

use crate::check::failure::bytes;
use crate::check::{Context, Failure};

fn expected(status: u16, reason: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        out += &format!("{name}: {value}\r\n");
    }
    out += &format!("Content-Length: {}\r\n\r\n{body}", body.len());
    out.into_bytes()
}

/// A case: its name, status, reason, fields and body.
type Response = (String, u16, &'static str, Vec<(String, String)>, String);

pub fn check(context: &mut Context) -> Result<(), Failure> {
    let write = context.implementation.ex04_response_head;
    let mut cases: Vec<Response> = vec![
        (
            "a plain 200".into(),
            200,
            "OK",
            vec![("Content-Type".into(), "text/plain".into())],
            "Hello".into(),
        ),
        (
            "an empty body still says Content-Length: 0".into(),
            204,
            "No Content",
            vec![],
            String::new(),
        ),
        (
            "a UTF-8 body: Content-Length counts bytes, not characters".into(),
            200,
            "OK",
            vec![],
            "grüß dich ✔".into(),
        ),
    ];
    let statuses = [
        (200, "OK"),
        (201, "Created"),
        (404, "Not Found"),
        (405, "Method Not Allowed"),
        (500, "Internal Server Error"),
    ];
    let rng = &mut context.rng;
    for n in 1..=50 {
        let (status, reason) = *rng.pick(&statuses);
        let headers = (0..rng.below(4))
            .map(|_| (rng.field_name(), rng.word()))
            .collect();
        let body = rng.string("abc xyz\nüé€✔", 0..=29);
        cases.push((
            format!("random response #{n}"),
            status,
            reason,
            headers,
            body,
        ));
    }
    for (case, status, reason, headers, body) in &cases {
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let want = expected(*status, reason, &headers, body);
        let got = write(*status, reason, &headers, body);
        if got != want {
            return Err(Failure {
                case: case.clone(),
                input_label: "input",
                input: format!(
                    "status {status}, reason {reason:?}, headers {headers:?}, body {body:?} ({} bytes)",
                    body.len()
                ),
                expected: bytes(&want),
                got: bytes(&got),
                see: None,
            });
        }
    }
    Ok(())
}
