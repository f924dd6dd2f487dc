//! Chapter 3, `content-length`: a response says where its body ends.
//!
//! Both servers' answers to `GET` and `HEAD`, byte for byte. Then the
//! question "the browser spins" (curl: "no chunk, no close, no size"): a
//! NAIVE server that sends a body without `Content-Length` and keeps the
//! connection open leaves its client waiting; with `Content-Length` the
//! client is done at once, and the connection is still there for more.

use std::io::Write;
use std::net::TcpStream;

use super::{
    Answer, DemoResult, OneShot, Servers, WAIT, connect, read_head, show_reply, step,
    wait_for_close,
};

pub const ABOUT: &str = "a response's Content-Length; why a browser spins without one";

/// A NAIVE server: it answers one request with `head` + `Hello`, then
/// keeps the connection open, as HTTP/1.1 allows, until the client goes.
fn naive(head: &'static str) -> std::io::Result<OneShot> {
    OneShot::start(move |mut stream: TcpStream| {
        let _ = read_head(&mut stream);
        let _ = stream.write_all(format!("{head}Hello").as_bytes());
        wait_for_close(&mut stream);
    })
}

pub fn run(out: &mut dyn Write) -> DemoResult {
    step(out, "1. GET and HEAD, both servers")?;
    let servers = Servers::start(socket_api::Config::default())?;
    for (name, addr) in servers.each() {
        for method in ["GET", "HEAD"] {
            let mut stream = connect(addr)?;
            stream.write_all(format!("{method} /hello HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())?;
            let reply = stream.answer(method, WAIT).reply()?;
            writeln!(out)?;
            show_reply(out, &format!("{name} answers {method} /hello"), &reply)?;
        }
    }
    servers.stop()?;
    writeln!(
        out,
        "\nContent-Length: 5 counts the body's bytes. HEAD gets the same head, Content-Length"
    )?;
    writeln!(
        out,
        "included, and no body: the client knows not to wait for one (RFC 9110 §9.3.2)."
    )?;

    step(
        out,
        "2. NAIVE: a body with no Content-Length, and the connection kept open",
    )?;
    let server = naive("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")?;
    let mut stream = connect(server.addr)?;
    stream.write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")?;
    let answer = stream.answer("GET", WAIT);
    writeln!(out, "client: {}", answer.describe())?;
    if let Answer::Silent(_) = answer {
        writeln!(
            out,
            "The head arrived, and \"Hello\", but nothing says the body ends there. With no"
        )?;
        writeln!(
            out,
            "Content-Length and no chunked coding, the body runs until the server closes"
        )?;
        writeln!(
            out,
            "(RFC 9112 §6.3), and this one never does: curl prints \"no chunk, no close, no size."
        )?;
        writeln!(
            out,
            "Assume close to signal end\" and waits; a browser's tab keeps spinning."
        )?;
    }
    drop(stream);
    server.join();

    step(out, "3. The fix: say the length")?;
    let server = naive("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n")?;
    let mut stream = connect(server.addr)?;
    stream.write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")?;
    let reply = stream.answer("GET", WAIT).reply()?;
    show_reply(out, "the fixed server answers", &reply)?;
    writeln!(
        out,
        "client: complete after 5 body bytes; the connection is still open for another request: {}",
        reply.keep_alive
    )?;
    drop(stream);
    server.join();
    Ok(())
}
