//! Chapter 8, `keep-alive`: one connection, many requests.
//!
//! Two requests on one connection to each server, the same local port
//! both times: the connection really was reused. Then `Connection: close`
//! and HTTP/1.0, after which the server closes; three requests pipelined
//! in one write, answered in order; and the question "my client hangs
//! after the answer": a NAIVE client that reads until the server closes
//! waits on a keep-alive connection until it gives up.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use super::{DemoResult, Servers, WAIT, connect, step};

pub const ABOUT: &str =
    "keep-alive, Connection: close, HTTP/1.0, pipelining; a client that waits for close hangs";

pub fn run(out: &mut dyn Write) -> DemoResult {
    let servers = Servers::start(socket_api::Config::default())?;
    for (name, addr) in servers.each() {
        step(out, &format!("{name} ({addr})"))?;
        let mut stream = connect(addr)?;
        let local = stream.local_addr();
        for target in ["/hello", "/api?n=2"] {
            stream.write_all(format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())?;
            let reply = stream.answer("GET", WAIT).reply()?;
            writeln!(
                out,
                "from {local}: GET {target:<9} -> {}, connection kept: {}",
                reply.status_line(),
                reply.keep_alive
            )?;
        }
        writeln!(
            out,
            "Both answers came over one connection: the client's port {local} never changed."
        )?;

        stream.write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
        let reply = stream.answer("GET", WAIT).reply()?;
        let closed = stream.closed_by_server(WAIT);
        writeln!(
            out,
            "from {local}: GET /hello, Connection: close -> {}, server says Connection: {}, then closed: {closed}",
            reply.status_line(),
            reply.head.headers.get("Connection").unwrap_or("-")
        )?;

        for (label, request) in [
            ("HTTP/1.0", &b"GET /hello HTTP/1.0\r\n\r\n"[..]),
            (
                "HTTP/1.0 + keep-alive",
                b"GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            ),
        ] {
            let mut stream = connect(addr)?;
            stream.write_all(request)?;
            let reply = stream.answer("GET", WAIT).reply()?;
            let closed = stream.closed_by_server(Duration::from_millis(200));
            writeln!(
                out,
                "{label:<22} -> {} {}, Connection: {}, closed by the server: {closed}",
                reply.head.version.as_str(),
                reply.status_line(),
                reply.head.headers.get("Connection").unwrap_or("-")
            )?;
        }

        let mut stream = connect(addr)?;
        let pipelined = b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\nHEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n";
        stream.write_all(pipelined)?;
        let mut statuses = Vec::new();
        for method in ["GET", "GET", "HEAD"] {
            statuses.push(stream.answer(method, WAIT).reply()?.status_line());
        }
        writeln!(
            out,
            "pipelined GET /hello, GET /nope, HEAD /hello in one write -> {}",
            statuses.join(", ")
        )?;
    }

    step(out, "NAIVE client: read the answer until the server closes")?;
    let addr = servers.socket.addr();
    let mut stream = connect(addr)?;
    stream.write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")?;
    stream.stream.set_deadline(Some(Instant::now() + WAIT))?;
    let mut got = Vec::new();
    let started = Instant::now();
    // Wrong on purpose on a keep-alive connection: the server does not close.
    let result = stream.stream.read_to_end(&mut got);
    writeln!(
        out,
        "read_to_end: {} bytes, then {} after {} ms: the answer was complete long before,",
        got.len(),
        match result {
            Ok(_) => "end of file".to_string(),
            Err(e) => format!("\"{e}\""),
        },
        started.elapsed().as_millis()
    )?;
    writeln!(
        out,
        "but HTTP/1.1 keeps the connection open. The fix: read by framing (Content-Length,"
    )?;
    writeln!(
        out,
        "chunked), as above; or send Connection: close when you want only one answer."
    )?;
    drop(stream);
    servers.stop()
}
