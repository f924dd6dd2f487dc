//! Bodies made piece by piece: each piece on the wire as soon as it is
//! made, chunked for HTTP/1.1, until close for HTTP/1.0, with a length when
//! it is known, nothing after HEAD, and a clean end at shutdown.

#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;

both_drivers!(
    each_piece_leaves_as_soon_as_it_is_made,
    http_1_1_gets_chunks_http_1_0_gets_the_body_until_close,
    a_known_length_is_sent_and_head_gets_no_body,
    a_body_shorter_than_its_length_closes_the_connection,
    shutdown_ends_an_endless_stream_cleanly,
    a_streaming_handler_reads_a_body_larger_than_max_body_as_it_arrives,
    a_streamed_body_over_max_upload_gets_413,
    a_body_the_handler_did_not_read_is_dropped_and_the_connection_goes_on,
);

use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use common::{Client, io_name};
use socket_api::body_reader::BodyReader;
use socket_api::{Config, Io, Request, Response, Shutdown, routes};
use wire::StatusCode;

/// Opened by the test once it has read the first piece: the second piece
/// is not made before that, so a client that sees the first piece early
/// proves it went out as soon as it was made. One per driver, as
/// `/gated/threads` and `/gated/events`: the two tests run at once.
static GATES: [(Mutex<bool>, Condvar); 2] = [
    (Mutex::new(false), Condvar::new()),
    (Mutex::new(false), Condvar::new()),
];

/// The gate of the driver named `io` (see [`io_name`]).
fn gate(io: &str) -> &'static (Mutex<bool>, Condvar) {
    match io {
        "events" => &GATES[1],
        _ => &GATES[0],
    }
}

fn gated(request: &Request) -> Response {
    let io = request.param("io").unwrap_or_default().to_owned();
    let mut step = 0;
    let pieces = std::iter::from_fn(move || {
        step += 1;
        match step {
            1 => Some(Ok(b"first\n".to_vec())),
            2 => {
                let (open, opened) = gate(&io);
                let mut open = open.lock().unwrap();
                while !*open {
                    open = opened.wait(open).unwrap();
                }
                Some(Ok(b"second\n".to_vec()))
            }
            _ => None,
        }
    });
    Response::stream(StatusCode::OK, "text/plain", None, pieces)
}

fn lines(_: &Request) -> Response {
    let pieces = (1..=3).map(|i| Ok(format!("line {i}\n").into_bytes()));
    Response::stream(StatusCode::OK, "text/plain", None, pieces)
}

fn file(_: &Request) -> Response {
    let data = std::io::Cursor::new(vec![b'x'; 200_000]);
    Response::from_reader(StatusCode::OK, "application/octet-stream", 200_000, data)
}

/// Says 10 bytes, makes 4: the client must not wait for the other 6.
fn short(_: &Request) -> Response {
    let pieces = std::iter::once(Ok(b"four".to_vec()));
    Response::stream(StatusCode::OK, "text/plain", Some(10), pieces)
}

/// Endless, one piece every 20 ms: only a shutdown ends it.
fn endless(_: &Request) -> Response {
    let pieces = std::iter::repeat_with(|| {
        thread::sleep(Duration::from_millis(20));
        Ok(b"tick\n".to_vec())
    });
    Response::stream(StatusCode::OK, "text/plain", None, pieces)
}

/// Reads the body as it arrives, 8 KiB at a time at most; answers how
/// many bytes came and the largest piece it was handed.
fn count(_: &Request, body: &mut BodyReader<'_>) -> Response {
    let (mut total, mut largest) = (0, 0);
    let mut piece = [0u8; 8 * 1024];
    loop {
        match body.read(&mut piece) {
            Ok(0) => break,
            Ok(n) => (total, largest) = (total + n, largest.max(n)),
            // The server answers with the body's error instead of this.
            Err(_) => return Response::text(StatusCode::OK, "not read"),
        }
    }
    Response::text(
        StatusCode::OK,
        format!("{total} bytes, pieces up to {largest}"),
    )
}

/// Reads none of the body: the server drops it, and the connection goes on.
fn ignore(request: &Request, _: &mut BodyReader<'_>) -> Response {
    Response::text(
        StatusCode::OK,
        format!("{} ignored", request.param("what").unwrap_or("")),
    )
}

fn start(io: Io) -> (SocketAddr, Shutdown, JoinHandle<std::io::Result<()>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let shutdown = Shutdown::new();
    let stop = shutdown.clone();
    let server = thread::spawn(move || {
        let router = routes! {
            GET "/gated/{io}" => gated,
            GET "/lines" => lines,
            GET "/file" => file,
            GET "/short" => short,
            GET "/endless" => endless,
            POST "/count" => count [streaming],
            POST "/ignore/{what}" => ignore [streaming],
        };
        let config = Config {
            max_upload: 4 * 1024 * 1024,
            io,
            ..Config::default()
        };
        socket_api::run_router(listener, router, config, stop)
    });
    (addr, shutdown, server)
}

fn each_piece_leaves_as_soon_as_it_is_made(io: Io) {
    let (addr, shutdown, server) = start(io);
    let mut client = Client::connect(addr);
    let io = io_name(io);
    client.send(format!("GET /gated/{io} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes());
    // The head and the first chunk arrive while the second is not made yet.
    let mut seen = Vec::new();
    while !seen.ends_with(b"6\r\nfirst\n\r\n") {
        let mut byte = [0; 1];
        assert_eq!(client.stream.read(&mut byte).unwrap(), 1, "{seen:?}");
        seen.push(byte[0]);
    }
    let seen = String::from_utf8(seen).unwrap();
    assert!(seen.contains("Transfer-Encoding: chunked\r\n"), "{seen}");
    assert!(!seen.contains("Content-Length"), "{seen}");
    let (open, opened) = gate(io);
    *open.lock().unwrap() = true;
    opened.notify_all();
    assert_eq!(client.read_bytes(17), b"7\r\nsecond\n\r\n0\r\n\r\n");
    shutdown.trigger();
    server.join().unwrap().unwrap();
}

fn http_1_1_gets_chunks_http_1_0_gets_the_body_until_close(io: Io) {
    let (addr, shutdown, server) = start(io);
    let mut client = Client::connect(addr);
    client.send(b"GET /lines HTTP/1.1\r\nHost: x\r\n\r\n");
    let got = client.response("GET");
    assert!(got.contains("Transfer-Encoding: chunked\r\n"), "{got}");
    assert!(got.ends_with("line 1\nline 2\nline 3\n"), "{got}");
    // The same connection goes on after the last chunk.
    client.send(b"GET /lines HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(client.response("GET").ends_with("line 3\n"));

    let mut old = Client::connect(addr);
    old.send(b"GET /lines HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    let mut raw = String::new();
    old.stream.read_to_string(&mut raw).unwrap();
    assert!(raw.contains("Connection: close\r\n"), "{raw}");
    assert!(
        !raw.contains("chunked") && !raw.contains("Content-Length"),
        "{raw}"
    );
    assert!(raw.ends_with("\r\n\r\nline 1\nline 2\nline 3\n"), "{raw}");
    shutdown.trigger();
    server.join().unwrap().unwrap();
}

fn a_known_length_is_sent_and_head_gets_no_body(io: Io) {
    let (addr, shutdown, server) = start(io);
    let mut client = Client::connect(addr);
    client.send(b"GET /file HTTP/1.1\r\nHost: x\r\n\r\n");
    let got = client.response("GET");
    assert!(
        got.contains("Content-Length: 200000\r\n"),
        "{}",
        &got[..200]
    );
    assert!(got.ends_with(&"x".repeat(200_000)));
    client.send(b"HEAD /file HTTP/1.1\r\nHost: x\r\n\r\n");
    let head = client.response("HEAD");
    assert!(head.contains("Content-Length: 200000\r\n") && head.ends_with("\r\n\r\n"));
    // Nothing followed the head: the next answer starts right after it.
    client.send(b"HEAD /lines HTTP/1.1\r\nHost: x\r\n\r\n");
    let head = client.response("HEAD");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(head.contains("Transfer-Encoding: chunked\r\n"), "{head}");
    shutdown.trigger();
    server.join().unwrap().unwrap();
}

fn a_body_shorter_than_its_length_closes_the_connection(io: Io) {
    let (addr, shutdown, server) = start(io);
    let mut client = Client::connect(addr);
    client.send(b"GET /short HTTP/1.1\r\nHost: x\r\n\r\n");
    let mut raw = Vec::new();
    client.stream.read_to_end(&mut raw).unwrap();
    assert!(
        raw.ends_with(b"\r\n\r\nfour"),
        "{}",
        String::from_utf8_lossy(&raw)
    );
    shutdown.trigger();
    server.join().unwrap().unwrap();
}

fn shutdown_ends_an_endless_stream_cleanly(io: Io) {
    let (addr, shutdown, server) = start(io);
    let mut client = Client::connect(addr);
    client.send(b"GET /endless HTTP/1.1\r\nHost: x\r\n\r\n");
    // Read, a byte at a time, until the first tick has arrived.
    let mut seen = Vec::new();
    while !seen.ends_with(b"tick\n\r\n") {
        let mut byte = [0; 1];
        assert_eq!(client.stream.read(&mut byte).unwrap(), 1);
        seen.push(byte[0]);
    }
    shutdown.trigger();
    // The body ends with its last chunk, then the connection closes.
    client.stream.read_to_end(&mut seen).unwrap();
    let seen = String::from_utf8_lossy(&seen);
    assert!(seen.ends_with("tick\n\r\n0\r\n\r\n"), "{seen}");
    server.join().unwrap().unwrap();
}

fn a_streaming_handler_reads_a_body_larger_than_max_body_as_it_arrives(io: Io) {
    let (addr, shutdown, server) = start(io);
    let mut client = Client::connect(addr);
    // 3 MiB: three times --max-body, within --max-upload (4 MiB).
    let body = vec![b'u'; 3 * 1024 * 1024];
    let head = format!(
        "POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    client.send(head.as_bytes());
    client.send(&body);
    let got = client.response("POST");
    assert!(got.ends_with("3145728 bytes, pieces up to 8192"), "{got}");
    // The same again, chunked, and the connection goes on.
    client.send(b"POST /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    assert!(client.response("POST").ends_with("3 bytes, pieces up to 3"));
    shutdown.trigger();
    server.join().unwrap().unwrap();
}

fn a_streamed_body_over_max_upload_gets_413(io: Io) {
    let (addr, shutdown, server) = start(io);
    // Said up front: refused before 100 Continue invites it.
    let mut client = Client::connect(addr);
    client.send(b"POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n");
    let got = client.response("POST");
    assert!(got.starts_with("HTTP/1.1 413 "), "{got}");
    // Found out as the chunks arrive.
    let mut client = Client::connect(addr);
    client.send(b"POST /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    let chunk = format!("100000\r\n{}\r\n", "c".repeat(0x100000));
    let mut refused = String::new();
    // 4 MiB, then 1 KiB more: just over, so what the server drops after its
    // 413 fits in its lingering close and the answer is not lost to a reset.
    for _ in 0..4 {
        client.send(chunk.as_bytes());
    }
    client.send(format!("400\r\n{}\r\n", "c".repeat(0x400)).as_bytes());
    refused.push_str(&client.response("POST"));
    assert!(refused.starts_with("HTTP/1.1 413 "), "{refused}");
    assert!(refused.contains("Connection: close\r\n"), "{refused}");
    shutdown.trigger();
    server.join().unwrap().unwrap();
}

fn a_body_the_handler_did_not_read_is_dropped_and_the_connection_goes_on(io: Io) {
    let (addr, shutdown, server) = start(io);
    let mut client = Client::connect(addr);
    client.send(b"POST /ignore/all HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
    assert!(client.response("POST").ends_with("all ignored"));
    client.send(b"POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
    assert!(client.response("POST").ends_with("2 bytes, pieces up to 2"));
    shutdown.trigger();
    server.join().unwrap().unwrap();
}
