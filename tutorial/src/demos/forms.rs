//! Chapter 5, `forms`: queries, forms, percent-encoding and UTF-8.
//!
//! The same parameters in a query and in a form body, to both servers,
//! with `ü` followed from the two bytes `C3 BC` to `%C3%BC` on the wire and
//! back. Then a NAIVE decoder that turns each `%XX` into one character and
//! writes `ZÃ¼rich`: UTF-8 must be decoded after the bytes are put back.

use std::io::Write;

use wire::HttpUrl;

use super::{DemoResult, Servers, WAIT, ask, show, step};
use crate::tour::utf8_beside;

pub const ABOUT: &str = "a query and a form body, percent-encoded UTF-8, decoded by both servers";

pub fn run(out: &mut dyn Write) -> DemoResult {
    let servers = Servers::start(socket_api::Config::default())?;
    let pairs = [
        ("name".to_string(), "knsock".to_string()),
        ("note".into(), "a & b = c".into()),
        ("city".into(), "Zürich".into()),
    ];
    for (name, addr) in servers.each() {
        step(out, &format!("1. A query and a form, to {name}"))?;
        let get = HttpUrl::parse(&format!("http://{addr}/api?name=knsock&city=Z%C3%BCrich"))?;
        let post = HttpUrl::parse(&format!("http://{addr}/api"))?;
        let requests = [
            get_client::request_bytes("GET", &get, &[]),
            post_client::request_bytes("POST", &post, Some(&post_client::Body::form(&pairs)), &[]),
        ];
        for request in requests {
            show(out, "request", &request)?;
            let reply = ask(addr, &request, WAIT)?.reply()?;
            show(out, &format!("{name}'s body"), &reply.body)?;
            for line in utf8_beside(&reply.body) {
                writeln!(out, "    {line}")?;
            }
        }
    }
    servers.stop()?;
    writeln!(
        out,
        "\nOn the wire ü is %C3%BC: the two bytes of its UTF-8 encoding, each as %XX. A space"
    )?;
    writeln!(
        out,
        "is +, and & and = inside a value are %26 and %3D so they cannot split pairs."
    )?;

    step(out, "2. NAIVE: each %XX decoded to a character on its own")?;
    let input = "city=Z%C3%BCrich";
    let naive = naive_decode(input);
    writeln!(
        out,
        "{input:?} decoded byte by byte as characters: {naive:?}   <- mojibake"
    )?;
    let right = wire::form::decode(input.as_bytes());
    writeln!(
        out,
        "wire::form::decode (bytes first, then UTF-8): {right:?}"
    )?;
    writeln!(
        out,
        "C3 and BC are not two characters but one character's two bytes: put the bytes"
    )?;
    writeln!(out, "back first, then decode them as UTF-8.")?;
    Ok(())
}

/// Wrong on purpose: `%C3` becomes U+00C3 (Ã), as if each byte were a character.
fn naive_decode(input: &str) -> String {
    let mut out = String::new();
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        let byte = rest
            .get(1..3)
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (c, byte) {
            ('%', Some(b)) => {
                out.push(char::from(b));
                rest = &rest[3..];
            }
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}
