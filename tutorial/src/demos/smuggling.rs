//! Chapter 10, `smuggling`: two parsers that disagree over the same bytes.
//!
//! One request carries both `Content-Length` and `Transfer-Encoding:
//! chunked`. A NAIVE front (a proxy that checks paths) goes by
//! `Content-Length` and sees one request; a NAIVE back end goes by
//! `Transfer-Encoding` and sees two, the second one `GET /admin`, which
//! the front never checked. Then what the two real servers do with these
//! bytes: `socket_api` refuses them (400 and close, as RFC 9112 §6.1
//! allows and nginx does); hyper lets chunked win and closes after.

use std::io::Write;

use wire::head::{Parsed, parse_request_head};
use wire::{BodyDecoder, BodyEvent, BodyKind};

use super::{DemoResult, Servers, WAIT, connect, show, step};

pub const ABOUT: &str = "request smuggling: a Content-Length parser and a chunked parser split the same bytes differently";

/// `Content-Length: 37` covers `0\r\n\r\n` and the whole `GET /admin` request.
pub const SMUGGLED: &[u8] = b"POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 37\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n";

/// Which framing a NAIVE parser believes when a head has both.
#[derive(Debug, Clone, Copy)]
enum Believes {
    ContentLength,
    TransferEncoding,
}

/// Wrong on purpose: splits `bytes` into requests, trusting one framing
/// field and ignoring the other. Returns each request's first line.
fn split(mut bytes: &[u8], believes: Believes) -> Vec<String> {
    let mut requests = Vec::new();
    while let Ok(Parsed::Complete { head, len }) = parse_request_head(bytes, Default::default()) {
        requests.push(format!("{} {}", head.method, head.target));
        let mut rest = bytes[len..].to_vec();
        let length = head
            .headers
            .get("Content-Length")
            .and_then(|v| v.parse().ok());
        let chunked = head.headers.get("Transfer-Encoding").is_some();
        let kind = match (believes, length, chunked) {
            (Believes::TransferEncoding, _, true) => BodyKind::Chunked,
            (_, Some(n), _) => BodyKind::Length(n),
            _ => BodyKind::Empty,
        };
        let mut decoder = BodyDecoder::new(kind);
        while let Ok(BodyEvent::Data(_)) = decoder.decode(&mut rest, false) {}
        let used = bytes.len() - rest.len();
        bytes = &bytes[used..];
    }
    requests
}

pub fn run(out: &mut dyn Write) -> DemoResult {
    step(out, "1. The bytes")?;
    show(out, "one write, from the attacker", SMUGGLED)?;

    step(out, "2. NAIVE: two parsers, each trusting one field")?;
    let front = split(SMUGGLED, Believes::ContentLength);
    let back = split(SMUGGLED, Believes::TransferEncoding);
    writeln!(
        out,
        "front (proxy), by Content-Length:   {} request(s): {}",
        front.len(),
        front.join(" | ")
    )?;
    writeln!(
        out,
        "back (server), by Transfer-Encoding: {} request(s): {}",
        back.len(),
        back.join(" | ")
    )?;
    writeln!(
        out,
        "The proxy checked one POST and forwarded all the bytes; the server answered a"
    )?;
    writeln!(
        out,
        "GET /admin that nobody checked. The answer to it may even go to the next user of"
    )?;
    writeln!(out, "the proxy's connection. That is request smuggling.")?;

    step(
        out,
        "3. The fix: never guess; refuse what can be read two ways",
    )?;
    let parsed = parse_request_head(SMUGGLED, Default::default())?;
    if let Parsed::Complete { head, .. } = parsed {
        match wire::framing::request_body_kind(&head) {
            Err(e) => writeln!(out, "wire::framing::request_body_kind: refused: {e}")?,
            Ok(kind) => writeln!(out, "wire::framing::request_body_kind: {kind:?}")?,
        }
    }
    let servers = Servers::start(socket_api::Config::default())?;
    for (name, addr) in servers.each() {
        let mut conn = connect(addr)?;
        conn.write_all(SMUGGLED)?;
        let mut answers = Vec::new();
        loop {
            match conn.answer("POST", WAIT) {
                super::Answer::Reply(reply) => {
                    let connection = reply
                        .head
                        .headers
                        .get("Connection")
                        .unwrap_or("-")
                        .to_string();
                    answers.push(format!(
                        "{} (Connection: {connection})",
                        reply.status_line()
                    ));
                    if !reply.keep_alive {
                        break;
                    }
                }
                other => {
                    answers.push(other.describe());
                    break;
                }
            }
        }
        writeln!(out, "{name}: {}", answers.join(", then "))?;
    }
    servers.stop()?;
    writeln!(
        out,
        "socket_api answers 400 and closes: nothing after a request it cannot frame is read."
    )?;
    writeln!(
        out,
        "hyper lets Transfer-Encoding win (RFC 9112 §6.1 allows it) and closes after the"
    )?;
    writeln!(
        out,
        "answer, so the smuggled GET /admin is never answered either. Both are safe; the"
    )?;
    writeln!(out, "naive back end above, which read on, is not.")?;
    Ok(())
}
