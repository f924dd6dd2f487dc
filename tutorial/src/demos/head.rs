//! Chapter 2, `head`: the request head, line by line.
//!
//! A request with field names in mixed case and spaces around a value,
//! labelled piece by piece as `--trace` labels it, parsed by `wire`, and
//! answered alike by both servers. Then a head with a space before a colon:
//! a NAIVE `split_once(':')` parser takes it, both servers refuse it.

use std::io::Write;

use wire::head::{Parsed, parse_request_head};
use wire::trace::{Piece, head_pieces, render};

use super::{DemoResult, Servers, WAIT, ask, show, step};

pub const ABOUT: &str = "the request head, piece by piece, parsed and checked";

const GOOD: &[u8] =
    b"GET /hello HTTP/1.1\r\nhOsT: x\r\nACCEPT:   text/plain  \r\nx-Mixed-Case: yes\r\n\r\n";
const SPACE_BEFORE_COLON: &[u8] = b"GET /hello HTTP/1.1\r\nHost : x\r\n\r\n";

pub fn run(out: &mut dyn Write) -> DemoResult {
    step(out, "1. A head, labelled")?;
    for (piece, bytes) in head_pieces(GOOD, Piece::RequestLine) {
        write!(out, " {}", render(piece, &bytes))?;
    }
    writeln!(out, "\nParsed by wire::head::parse_request_head:")?;
    if let Parsed::Complete { head, len } = parse_request_head(GOOD, Default::default())? {
        writeln!(
            out,
            "  method {:?}, target {:?}, version {}",
            head.method,
            head.target,
            head.version.as_str()
        )?;
        for h in head.headers.iter() {
            writeln!(out, "  field {:?} = {:?}", h.name, h.value)?;
        }
        writeln!(
            out,
            "  the head is {len} bytes; a body, if any, starts right after"
        )?;
    }
    writeln!(
        out,
        "Field names are case-insensitive (RFC 9110 §5.1): hOsT is Host. The spaces around a"
    )?;
    writeln!(
        out,
        "value are not part of it (RFC 9112 §5: optional whitespace)."
    )?;
    let servers = Servers::start(socket_api::Config::default())?;
    for (name, addr) in servers.each() {
        writeln!(out, "{name} answers: {}", ask(addr, GOOD, WAIT)?.describe())?;
    }

    step(out, "2. NAIVE: a space before the colon")?;
    show(out, "the head", SPACE_BEFORE_COLON)?;
    let line = "Host : x";
    // Wrong on purpose: split at the first colon and trim both sides.
    if let Some((name, value)) = line.split_once(':') {
        writeln!(
            out,
            "NAIVE parser: field {:?} = {:?}: accepted",
            name.trim(),
            value.trim()
        )?;
    }
    match parse_request_head(SPACE_BEFORE_COLON, Default::default()) {
        Err(e) => writeln!(out, "wire: refused ({e})")?,
        Ok(_) => writeln!(out, "wire: accepted")?,
    }
    writeln!(
        out,
        "RFC 9112 §5.1: no whitespace between a field name and its colon; a server MUST answer 400."
    )?;
    writeln!(
        out,
        "A proxy that trims it and a server that does not would see two different requests."
    )?;
    for (name, addr) in servers.each() {
        writeln!(
            out,
            "{name} answers: {}",
            ask(addr, SPACE_BEFORE_COLON, WAIT)?.describe()
        )?;
    }
    servers.stop()
}
