//! Bodies made piece by piece: each piece on the wire as soon as it is
//! made, chunked for HTTP/1.1, until close for HTTP/1.0, with a length when
//! it is known, nothing after HEAD, and a clean end at shutdown.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use common::Client;
use socket_api::{Config, Request, Response, Shutdown, routes};
use wire::StatusCode;

/// Opened by the test once it has read the first piece: the second piece
/// is not made before that, so a client that sees the first piece early
/// proves it went out as soon as it was made.
static GATE: (Mutex<bool>, Condvar) = (Mutex::new(false), Condvar::new());

fn gated(_: &Request) -> Response {
    let mut step = 0;
    let pieces = std::iter::from_fn(move || {
        step += 1;
        match step {
            1 => Some(Ok(b"first\n".to_vec())),
            2 => {
                let (open, opened) = &GATE;
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

fn start() -> (SocketAddr, Shutdown, JoinHandle<std::io::Result<()>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let shutdown = Shutdown::new();
    let stop = shutdown.clone();
    let server = thread::spawn(move || {
        let router = routes! {
            GET "/gated" => gated,
            GET "/lines" => lines,
            GET "/file" => file,
            GET "/short" => short,
            GET "/endless" => endless,
        };
        socket_api::run_router(listener, router, Config::default(), stop)
    });
    (addr, shutdown, server)
}

#[test]
fn each_piece_leaves_as_soon_as_it_is_made() {
    let (addr, shutdown, server) = start();
    let mut client = Client::connect(addr);
    client.send(b"GET /gated HTTP/1.1\r\nHost: x\r\n\r\n");
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
    let (open, opened) = &GATE;
    *open.lock().unwrap() = true;
    opened.notify_all();
    assert_eq!(client.read_bytes(17), b"7\r\nsecond\n\r\n0\r\n\r\n");
    shutdown.trigger();
    server.join().unwrap().unwrap();
}

#[test]
fn http_1_1_gets_chunks_http_1_0_gets_the_body_until_close() {
    let (addr, shutdown, server) = start();
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

#[test]
fn a_known_length_is_sent_and_head_gets_no_body() {
    let (addr, shutdown, server) = start();
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

#[test]
fn a_body_shorter_than_its_length_closes_the_connection() {
    let (addr, shutdown, server) = start();
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

#[test]
fn shutdown_ends_an_endless_stream_cleanly() {
    let (addr, shutdown, server) = start();
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
