//! Chapter 7, `chunked`: the chunked transfer coding.
//!
//! A form sent chunked, in two chunks with an extension and a trailer, to
//! both servers, each piece labelled as `wire`'s decoder took it. Then the
//! question "how do I parse chunked?": a NAIVE decoder that reads the size
//! as decimal loses its place at the first chunk of 16 bytes; the size is
//! hexadecimal, and every chunk's data is followed by exactly CRLF.

use std::io::Write;

use wire::BodyEvent;
use wire::chunked::ChunkedDecoder;

use super::{DemoResult, Servers, WAIT, ask, show, step};

pub const ABOUT: &str =
    "a chunked body, piece by piece, to both servers; hex sizes, parsed right and wrong";

const HEAD: &[u8] = b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n";
/// `name=knsock&x=12` is 16 bytes: `10` in hex.
const BODY: &[u8] =
    b"10;note=first\r\nname=knsock&x=12\r\n9\r\n&city=Ulm\r\n0\r\nX-Trailer: done\r\n\r\n";

pub fn run(out: &mut dyn Write) -> DemoResult {
    step(
        out,
        "1. The body, chunk by chunk, as wire::chunked::ChunkedDecoder takes it",
    )?;
    let mut decoder = ChunkedDecoder::new(wire::chunked::DEFAULT_METADATA_LIMIT);
    decoder.set_trace(true);
    let mut buf = BODY.to_vec();
    let mut data = Vec::new();
    // The whole body is in `buf`: the decoder gives data until it says End.
    while let BodyEvent::Data(bytes) = decoder.decode(&mut buf)? {
        data.extend_from_slice(&bytes);
    }
    for (piece, bytes) in decoder.take_trace() {
        write!(out, " {}", wire::trace::render(piece, &bytes))?;
    }
    writeln!(
        out,
        "decoded body: {:?} ({} bytes)",
        String::from_utf8_lossy(&data),
        data.len()
    )?;
    writeln!(
        out,
        "The size is hex (10 = 16 bytes), ;note=first is an extension (skipped), and the"
    )?;
    writeln!(
        out,
        "trailer after the last chunk is a header field that comes after the body."
    )?;

    step(out, "2. The same bytes to both servers")?;
    let request = [HEAD, BODY].concat();
    show(out, "request", &request)?;
    let servers = Servers::start(socket_api::Config::default())?;
    for (name, addr) in servers.each() {
        let reply = ask(addr, &request, WAIT)?.reply()?;
        writeln!(
            out,
            "{name}: {} {:?}",
            reply.status_line(),
            String::from_utf8_lossy(&reply.body)
        )?;
    }
    servers.stop()?;

    step(out, "3. NAIVE: the size read as decimal")?;
    writeln!(out, "NAIVE decoder: {}", naive_decode(BODY))?;
    writeln!(out, "wire's decoder: {:?}", String::from_utf8_lossy(&data))?;
    writeln!(
        out,
        "Read the size as hex, stop at ';' (an extension), take exactly that many bytes, then"
    )?;
    writeln!(
        out,
        "require \\r\\n: a decoder that guesses loses its place, and a server that guesses"
    )?;
    writeln!(
        out,
        "differently from a proxy in front of it can be fooled (chapter 10)."
    )?;
    Ok(())
}

/// Wrong on purpose: decimal sizes, and whatever follows the data skipped unchecked.
fn naive_decode(mut body: &[u8]) -> String {
    let mut data = Vec::new();
    loop {
        let Some(end) = body.windows(2).position(|w| w == b"\r\n") else {
            return format!(
                "ran out of bytes after {:?}",
                String::from_utf8_lossy(&data)
            );
        };
        let line = String::from_utf8_lossy(&body[..end]).into_owned();
        let size_text = line.split(';').next().unwrap_or("");
        let Ok(size) = size_text.parse::<usize>() else {
            return format!(
                "took {:?}, then found {size_text:?} where a size should be: lost its place",
                String::from_utf8_lossy(&data)
            );
        };
        if size == 0 {
            return format!("{:?}", String::from_utf8_lossy(&data));
        }
        let start = end + 2;
        let Some(chunk) = body.get(start..start + size) else {
            return format!(
                "ran out of bytes after {:?}",
                String::from_utf8_lossy(&data)
            );
        };
        data.extend_from_slice(chunk);
        body = body.get(start + size + 2..).unwrap_or_default();
    }
}
