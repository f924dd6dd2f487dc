//! Chapter 18, `compression`: `Accept-Encoding`, gzip and `Vary`.
//!
//! The same `GET /static/style.css` to both servers with several
//! `Accept-Encoding` values: what came back (`Content-Encoding`, `Vary`,
//! the framing, the bytes sent) and, once gunzipped, that the body is the
//! same bytes as the plain answer's. `gzip;q=0` is a refusal, `*` is a yes,
//! and a PNG is sent as it is: it is compressed already. Then the question
//! "the browser shows garbage": a NAIVE negotiation that looks for the word
//! `gzip` in the header compresses for a client that said `q=0`.

use std::io::{Read, Write};

use flate2::read::GzDecoder;
use wire::negotiate::{Choice, choose_encoding};

use super::{DemoResult, Reply, Servers, get, head_bytes, show, step};

pub const ABOUT: &str =
    "gzip by Accept-Encoding with q-values, Vary, the same bytes decoded; a PNG left alone";

const CSS: &str = "/static/style.css";

/// The `Accept-Encoding` values asked with, `None` for no header at all.
const ASKED: &[Option<&str>] = &[None, Some("gzip"), Some("gzip;q=0"), Some("*"), Some("br")];

/// `Content-Length: 580`, `chunked` or `until close`: how the body was framed.
fn framing(reply: &Reply) -> String {
    let headers = &reply.head.headers;
    if let Some(length) = headers.get("Content-Length") {
        format!("Content-Length: {length}")
    } else if headers.get("Transfer-Encoding").is_some() {
        "chunked".into()
    } else {
        "until close".into()
    }
}

/// The body as the client should see it: gunzipped if it says gzip.
fn decoded(reply: &Reply) -> std::io::Result<Vec<u8>> {
    if reply.head.headers.get("Content-Encoding") == Some("gzip") {
        let mut plain = Vec::new();
        GzDecoder::new(&reply.body[..]).read_to_end(&mut plain)?;
        Ok(plain)
    } else {
        Ok(reply.body.clone())
    }
}

pub fn run(out: &mut dyn Write) -> DemoResult {
    let servers = Servers::start(socket_api::Config::default())?;
    for (name, addr) in servers.each() {
        step(out, &format!("{name}: GET {CSS}"))?;
        let plain = get(addr, CSS, "")?;
        let gzipped = get(addr, CSS, "Accept-Encoding: gzip\r\n")?;
        show(
            out,
            "the head with Accept-Encoding: gzip",
            &head_bytes(&gzipped),
        )?;
        let first: Vec<String> = gzipped
            .body
            .iter()
            .take(4)
            .map(|b| format!("{b:02X}"))
            .collect();
        writeln!(
            out,
            "the body starts {}: gzip's magic number (1F 8B) and its method, 08 = deflate",
            first.join(" ")
        )?;
        writeln!(
            out,
            "\n    {:<18} {:<16} {:<17} {:<20} {:>5}  decoded",
            "Accept-Encoding", "Content-Encoding", "Vary", "framing", "body"
        )?;
        for asked in ASKED {
            let reply = match asked {
                Some(value) => get(addr, CSS, &format!("Accept-Encoding: {value}\r\n"))?,
                None => get(addr, CSS, "")?,
            };
            let same = decoded(&reply)? == plain.body;
            writeln!(
                out,
                "    {:<18} {:<16} {:<17} {:<20} {:>5}  {} bytes, {}",
                asked.unwrap_or("(none)"),
                reply.head.headers.get("Content-Encoding").unwrap_or("-"),
                reply.head.headers.get("Vary").unwrap_or("-"),
                framing(&reply),
                reply.body.len(),
                decoded(&reply)?.len(),
                if same {
                    "the same as without gzip"
                } else {
                    "DIFFERENT"
                }
            )?;
        }
        let png = get(addr, "/static/pixels.png", "Accept-Encoding: gzip\r\n")?;
        writeln!(
            out,
            "    GET /static/pixels.png with gzip: {}, Content-Type: {}, Content-Encoding: {}, Vary: {}, {} bytes",
            png.status_line(),
            png.head.headers.get("Content-Type").unwrap_or("-"),
            png.head.headers.get("Content-Encoding").unwrap_or("-"),
            png.head.headers.get("Vary").unwrap_or("-"),
            png.body.len()
        )?;
    }
    servers.stop()?;
    writeln!(
        out,
        "\nVary: Accept-Encoding tells a cache that the answer depends on that header, so it"
    )?;
    writeln!(
        out,
        "never hands the gzip copy to a client that did not ask. A PNG is compressed already:"
    )?;
    writeln!(
        out,
        "gzip would cost time and save nothing. Both servers compress as the file streams from"
    )?;
    writeln!(
        out,
        "disk, so the gzip length is unknown when the head leaves: chunked, no Content-Length."
    )?;

    step(
        out,
        "NAIVE negotiation: is the word \"gzip\" in the header?",
    )?;
    for value in ["gzip", "gzip;q=0", "*", "identity, gzip;q=0"] {
        writeln!(
            out,
            "    Accept-Encoding: {:<20} NAIVE: {:<9} wire::negotiate: {}",
            value,
            if naive_wants_gzip(value) {
                "gzip"
            } else {
                "identity"
            },
            match choose_encoding([value], &["gzip"]) {
                Choice::Coding(coding) => coding,
                Choice::Identity => "identity",
                Choice::NotAcceptable => "406 Not Acceptable",
            }
        )?;
    }
    writeln!(
        out,
        "q=0 means \"not this one\": the naive server sends gzip to a client that refused it,"
    )?;
    writeln!(
        out,
        "and misses *. Parse the list element by element, each with its q-value (RFC 9110 §12.5.3)."
    )?;
    Ok(())
}

/// Wrong on purpose: a substring search, blind to `q=0` and to `*`.
fn naive_wants_gzip(accept_encoding: &str) -> bool {
    accept_encoding.contains("gzip")
}
