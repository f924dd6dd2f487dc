//! Chapter 6, `body`: where a request body ends.
//!
//! Two questions learners ask. "My server hangs reading the request": a
//! NAIVE server reads until EOF, but the client keeps the connection open
//! to hear the answer, so EOF never comes. The fix is to read the head,
//! then exactly as many bytes as its framing says: how to read a POST body,
//! shown with `wire` in a dozen lines and on both servers with a body that
//! arrives in pieces. Then "connection reset" and empty replies: a server
//! that answers and closes with part of the body unread makes its kernel
//! send a reset; `socket_api` reads and discards for a while before closing
//! ("lingering close"), so its client reads the answer.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::thread::sleep;
use std::time::Duration;

use wire::head::{Parsed, parse_request_head};
use wire::{BodyDecoder, BodyEvent, RequestHead};

use super::{Answer, DemoResult, OneShot, Servers, WAIT, connect, read_head, show, step};

pub const ABOUT: &str =
    "reading to EOF hangs; reading a POST body by its framing; resets and lingering close";

const POST: &[u8] = b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 21\r\n\r\nname=knsock&city=Bern";

fn answer(stream: &mut TcpStream, text: &str) {
    let reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
    let _ = stream.write_all(reply.as_bytes());
}

// ANCHOR: read_request
/// How to read a request with its body from a socket: the head up to its
/// empty line, then the body by the head's framing (`Content-Length` or
/// chunked), never "until EOF". Errors are for bytes that can never be a
/// valid request, or a client that left.
pub fn read_request(stream: &mut TcpStream) -> Result<(RequestHead, Vec<u8>), String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let mut fill = |buf: &mut Vec<u8>| match stream.read(&mut chunk) {
        Ok(0) => Err("the client closed the connection".to_string()),
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            Ok(())
        }
        Err(e) => Err(e.to_string()),
    };
    let head = loop {
        match parse_request_head(&buf, Default::default()).map_err(|e| e.to_string())? {
            Parsed::Complete { head, len } => {
                buf.drain(..len);
                break head;
            }
            Parsed::Partial => fill(&mut buf)?,
        }
    };
    let kind = wire::framing::request_body_kind(&head).map_err(|e| e.to_string())?;
    let mut decoder = BodyDecoder::new(kind);
    let mut body = Vec::new();
    loop {
        match decoder.decode(&mut buf, false).map_err(|e| e.to_string())? {
            BodyEvent::Data(data) => body.extend_from_slice(&data),
            BodyEvent::End => return Ok((head, body)),
            BodyEvent::NeedMore => fill(&mut buf)?,
        }
    }
}
// ANCHOR_END: read_request

pub fn run(out: &mut dyn Write) -> DemoResult {
    step(out, "1. NAIVE: read the request until EOF")?;
    show(out, "the client sends", POST)?;
    let naive = OneShot::start(|mut stream: TcpStream| {
        // Wrong on purpose: read_to_end returns only when the client closes.
        let mut request = Vec::new();
        let _ = stream.read_to_end(&mut request);
        answer(&mut stream, &format!("read {} bytes\n", request.len()));
    })?;
    let mut client = connect(naive.addr)?;
    client.write_all(POST)?;
    let answer1 = client.answer("POST", WAIT);
    writeln!(out, "client: {}", answer1.describe())?;
    if let Answer::Silent(_) = answer1 {
        writeln!(
            out,
            "The server hangs in read_to_end: it waits for an end of file, and the client, which"
        )?;
        writeln!(
            out,
            "keeps the connection open to hear the answer, never sends one. A deadlock."
        )?;
    }
    if let raw_client::transport::Stream::Plain(tcp) = &client.stream {
        // Only a client that half-closes (no browser does) gets an answer.
        tcp.shutdown(Shutdown::Write)?;
    }
    let late = client.answer("POST", WAIT);
    if let Answer::Reply(reply) = &late {
        writeln!(
            out,
            "Only after the client shut down its sending side did the server answer: {:?}",
            String::from_utf8_lossy(&reply.body).trim_end()
        )?;
    }
    naive.join();

    step(out, "2. The fix: the head, then Content-Length bytes")?;
    let fixed = OneShot::start(|mut stream: TcpStream| match read_request(&mut stream) {
        Ok((head, body)) => answer(
            &mut stream,
            &format!(
                "{} {} with a body of {} bytes: {}\n",
                head.method,
                head.target,
                body.len(),
                String::from_utf8_lossy(&body)
            ),
        ),
        Err(why) => answer(&mut stream, &why),
    })?;
    let mut client = connect(fixed.addr)?;
    client.write_all(POST)?;
    let reply = client.answer("POST", WAIT).reply()?;
    writeln!(
        out,
        "fixed server (read_request, in this file): {}",
        String::from_utf8_lossy(&reply.body).trim_end()
    )?;
    fixed.join();
    let servers = Servers::start(socket_api::Config {
        max_body: 1024,
        ..Default::default()
    })?;
    let (head, body) = POST.split_at(POST.len() - 21);
    for (name, addr) in servers.each() {
        let mut client = connect(addr)?;
        client.write_all(head)?;
        for piece in body.chunks(7) {
            // Pauses so the pieces arrive apart, as on a slow network.
            sleep(Duration::from_millis(20));
            client.write_all(piece)?;
        }
        let reply = client.answer("POST", WAIT).reply()?;
        writeln!(
            out,
            "{name}, the body in pieces of 7 bytes: {} {:?}",
            reply.status_line(),
            String::from_utf8_lossy(&reply.body)
        )?;
    }

    step(out, "3. \"Connection reset\": closing with unread bytes")?;
    let big_head = b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200000\r\n\r\n";
    let body = vec![b'a'; 64 * 1024];
    let naive = OneShot::start(|mut stream: TcpStream| {
        // Wrong on purpose: refuse after the head and close, the body unread.
        let _ = read_head(&mut stream);
        let _ = stream.write_all(b"HTTP/1.1 413 Content Too Large\r\nContent-Length: 9\r\nConnection: close\r\n\r\ntoo big\r\n");
    })?;
    let mut client = connect(naive.addr)?;
    client.write_all(big_head)?;
    client.write_all(&body)?;
    naive.join();
    // Like curl, this client sends its whole body before it reads.
    let written = client.write_all(&body);
    writeln!(
        out,
        "NAIVE server: it read the head, answered 413 and closed, 64 KiB of body unread."
    )?;
    writeln!(
        out,
        "client, sending the next 64 KiB: {}",
        match &written {
            Ok(()) => "ok".to_string(),
            Err(e) => e.to_string(),
        }
    )?;
    let got = client.answer("POST", WAIT);
    writeln!(out, "client, reading anyway: {}", got.describe())?;
    writeln!(
        out,
        "Closing a socket with unread bytes makes the kernel send a reset (RST), not a"
    )?;
    writeln!(
        out,
        "polite end (FIN). A client still sending then fails: curl stops with \"Send failure:"
    )?;
    writeln!(
        out,
        "Connection reset by peer\" and never shows the 413 (some systems even drop the answer"
    )?;
    writeln!(
        out,
        "already received; then the reader sees a reset or \"Empty reply from server\")."
    )?;

    let addr = servers.socket.addr();
    let mut client = connect(addr)?;
    client.write_all(big_head)?;
    client.write_all(&body)?;
    let written = client.write_all(&body);
    let got = client.answer("POST", WAIT);
    writeln!(
        out,
        "\nsocket_api (--max-body 1024), the same bytes: sending the next 64 KiB: {}; reading: {}",
        match &written {
            Ok(()) => "ok".to_string(),
            Err(e) => e.to_string(),
        },
        got.describe()
    )?;
    writeln!(
        out,
        "It answered 413 with Connection: close, then kept reading and discarding for up to"
    )?;
    writeln!(
        out,
        "2 s (\"lingering close\") so the client could finish sending and read the answer."
    )?;
    drop(client);
    servers.stop()
}
