//! `/stream` and `/events` over real sockets: each piece leaves as it is
//! made, HTTP/1.0 gets it close-delimited, Last-Event-ID is honoured, the
//! numbers are bounded, and shutdown ends an open stream.
#![allow(clippy::unwrap_used)]

mod common;
use common::{Response, exchange, get, start};
use std::{
    io::{Read, Write},
    net::TcpStream,
    time::{Duration, Instant},
};

#[test]
fn the_first_line_leaves_before_the_last_exists() {
    let server = start();
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"GET /stream?n=3&delay_ms=600 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .unwrap();
    let started = Instant::now();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("line 1 of 3\n") {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "closed early");
        seen.extend_from_slice(&buf[..n]);
    }
    // The last line is made after 2 × 600 ms; the first came well before.
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    stream.read_to_end(&mut seen).unwrap();
    let response = Response::parse(&seen);
    assert_eq!(response.header("transfer-encoding"), Some("chunked"));
    assert_eq!(
        response.unchunked(),
        b"line 1 of 3\nline 2 of 3\nline 3 of 3\n"
    );
    // One chunk per line, 12 bytes each: hyper writes the size in
    // upper-case hex, `C` (either case is allowed).
    assert!(response.text().starts_with("C\r\nline 1 of 3\n\r\nC\r\n"));
}

#[test]
fn http_1_0_gets_the_lines_close_delimited() {
    let server = start();
    let bytes = exchange(
        server.addr(),
        b"GET /stream?n=2&delay_ms=10 HTTP/1.0\r\n\r\n",
    );
    let response = Response::parse(&bytes);
    assert!(
        response.head.starts_with("HTTP/1.0 200 OK"),
        "{}",
        response.head
    );
    assert_eq!(response.header("transfer-encoding"), None);
    assert_eq!(response.header("content-length"), None);
    assert_eq!(response.text(), "line 1 of 2\nline 2 of 2\n");
}

#[test]
fn gzip_streams_are_flushed_line_by_line() {
    let server = start();
    let response = get(
        server.addr(),
        "/stream?n=3&delay_ms=50",
        "Accept-Encoding: gzip\r\n",
    );
    assert_eq!(response.header("content-encoding"), Some("gzip"));
    assert_eq!(
        common::gunzip(&response.unchunked()),
        b"line 1 of 3\nline 2 of 3\nline 3 of 3\n"
    );
}

#[test]
fn numbers_out_of_bounds_are_400() {
    let server = start();
    for target in [
        "/stream?n=0",
        "/stream?n=101",
        "/stream?delay_ms=5001",
        "/stream?n=x",
        "/events?count=0",
        "/events?count=101",
        "/events?interval_ms=10001",
    ] {
        let response = get(server.addr(), target, "");
        assert_eq!(response.status, 400, "{target}");
        assert!(
            response.text().contains("must be a whole number from"),
            "{target}"
        );
    }
}

#[test]
fn events_have_id_event_data_and_resume_after_last_event_id() {
    let server = start();
    let response = get(server.addr(), "/events?count=3&interval_ms=10", "");
    assert_eq!(response.header("content-type"), Some("text/event-stream"));
    assert_eq!(response.header("cache-control"), Some("no-cache"));
    let all = String::from_utf8(response.unchunked()).unwrap();
    assert_eq!(
        all,
        "id: 1\nevent: tick\ndata: event 1 of 3\n\n\
         id: 2\nevent: tick\ndata: event 2 of 3\n\n\
         id: 3\nevent: tick\ndata: event 3 of 3\n\n"
    );
    let resumed = get(
        server.addr(),
        "/events?count=3&interval_ms=10",
        "Last-Event-ID: 2\r\nAccept-Encoding: gzip\r\n",
    );
    // Never compressed: an event must not wait in a compressor's buffer.
    assert_eq!(resumed.header("content-encoding"), None);
    assert_eq!(
        String::from_utf8(resumed.unchunked()).unwrap(),
        "id: 3\nevent: tick\ndata: event 3 of 3\n\n"
    );
}

#[test]
fn shutdown_ends_an_open_event_stream() {
    let server = start();
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"GET /events?count=100&interval_ms=10000 HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    let mut buf = [0u8; 4096];
    let n = stream.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).contains("id: 1"));
    let started = Instant::now();
    server.shutdown().unwrap();
    // The stream ended (with its last chunk) and the connection closed,
    // long before the next event was due.
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        String::from_utf8_lossy(&rest).ends_with("0\r\n\r\n"),
        "{rest:?}"
    );
}
