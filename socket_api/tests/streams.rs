//! `/stream` and `/events` over a real socket: the exact chunks, each line
//! on the wire before the next exists, HTTP/1.0 until close, bounds,
//! `Last-Event-ID`, and a clean end at shutdown.

#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;

both_drivers!(
    stream_sends_one_chunk_per_line,
    http_1_0_gets_the_lines_until_close,
    the_first_line_leaves_before_the_last_exists_and_shutdown_ends_it,
    stream_bounds_are_a_400_that_says_them,
    events_are_id_event_data_and_a_blank_line,
    last_event_id_goes_on_after_it,
    shutdown_ends_an_event_stream_promptly,
    a_vanished_event_reader_holds_up_nobody,
);

use std::io::Read;
use std::time::{Duration, Instant};

use common::{Client, exchange, start};
use socket_api::Io;

/// Everything the server sends until it closes, with the `Date` value
/// replaced by `<date>`.
fn until_close(client: &mut Client) -> String {
    let mut raw = String::new();
    client.stream.read_to_string(&mut raw).unwrap();
    let Some(start) = raw.find("Date: ") else {
        return raw;
    };
    let end = start + raw[start..].find("\r\n").unwrap();
    format!("{}Date: <date>{}", &raw[..start], &raw[end..])
}

/// Reads a byte at a time until `end` has arrived; returns what came.
fn read_until(client: &mut Client, end: &[u8]) -> String {
    let mut seen = Vec::new();
    while !seen.ends_with(end) {
        let mut byte = [0; 1];
        assert_eq!(client.stream.read(&mut byte).unwrap(), 1, "{seen:?}");
        seen.push(byte[0]);
    }
    String::from_utf8(seen).unwrap()
}

fn stream_sends_one_chunk_per_line(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    client.send(b"GET /stream?n=3&delay_ms=0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(
        until_close(&mut client),
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nVary: Accept-Encoding\r\n\
         Transfer-Encoding: chunked\r\nDate: <date>\r\nConnection: close\r\n\r\n\
         C\r\nline 1 of 3\n\r\nC\r\nline 2 of 3\n\r\nC\r\nline 3 of 3\n\r\n0\r\n\r\n"
    );
}

fn http_1_0_gets_the_lines_until_close(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    client.send(b"GET /stream?n=2&delay_ms=1 HTTP/1.0\r\n\r\n");
    assert_eq!(
        until_close(&mut client),
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nVary: Accept-Encoding\r\n\
         Date: <date>\r\nConnection: close\r\n\r\nline 1 of 2\nline 2 of 2\n"
    );
}

fn the_first_line_leaves_before_the_last_exists_and_shutdown_ends_it(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    let asked = Instant::now();
    client.send(b"GET /stream?n=3&delay_ms=5000 HTTP/1.1\r\nHost: x\r\n\r\n");
    read_until(&mut client, b"C\r\nline 1 of 3\n\r\n");
    // The second line is five seconds away: the first did not wait for it.
    assert!(
        asked.elapsed() < Duration::from_secs(4),
        "{:?}",
        asked.elapsed()
    );
    // Shutdown ends the stream after the current line, without waiting
    // out the delay, and the body ends cleanly with its last chunk.
    let stopping = Instant::now();
    server.shutdown().unwrap();
    assert!(
        stopping.elapsed() < Duration::from_secs(2),
        "{:?}",
        stopping.elapsed()
    );
    let mut rest = String::new();
    client.stream.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "0\r\n\r\n");
}

fn stream_bounds_are_a_400_that_says_them(io: Io) {
    let server = start(io);
    for (query, why) in [
        ("n=0", "n must be a whole number from 1 to 100, not \"0\""),
        (
            "n=101",
            "n must be a whole number from 1 to 100, not \"101\"",
        ),
        ("n=x", "n must be a whole number from 1 to 100, not \"x\""),
        (
            "delay_ms=5001",
            "delay_ms must be a whole number from 0 to 5000, not \"5001\"",
        ),
    ] {
        let got = exchange(
            server.addr(),
            format!("GET /stream?{query} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
        );
        assert!(
            got.starts_with("HTTP/1.1 400 ") && got.ends_with(&format!("400 Bad Request: {why}\n")),
            "{got}"
        );
    }
    for (query, why) in [
        (
            "count=0",
            "count must be a whole number from 1 to 100, not \"0\"",
        ),
        (
            "interval_ms=10001",
            "interval_ms must be a whole number from 0 to 10000, not \"10001\"",
        ),
    ] {
        let got = exchange(
            server.addr(),
            format!("GET /events?{query} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
        );
        assert!(got.ends_with(&format!("400 Bad Request: {why}\n")), "{got}");
    }
    let head = exchange(
        server.addr(),
        b"HEAD /stream?n=100&delay_ms=5000 HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    assert!(
        head.starts_with("HTTP/1.1 200 ") && head.ends_with("chunked\r\nDate: <date>\r\n\r\n"),
        "{head}"
    );
}

fn events_are_id_event_data_and_a_blank_line(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    client.send(
        b"GET /events?count=2&interval_ms=0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(
        until_close(&mut client),
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
         Transfer-Encoding: chunked\r\nDate: <date>\r\nConnection: close\r\n\r\n\
         26\r\nid: 1\nevent: tick\ndata: event 1 of 2\n\n\r\n\
         26\r\nid: 2\nevent: tick\ndata: event 2 of 2\n\n\r\n0\r\n\r\n"
    );
}

fn last_event_id_goes_on_after_it(io: Io) {
    let server = start(io);
    let got = exchange(
        server.addr(),
        b"GET /events?count=5&interval_ms=0 HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 3\r\n\r\n",
    );
    assert!(
        got.ends_with("\r\n\r\nid: 4\nevent: tick\ndata: event 4 of 5\n\nid: 5\nevent: tick\ndata: event 5 of 5\n\n"),
        "{got}"
    );
    // At or past the end: a stream with no events. Not a number: from 1.
    for (last, first) in [
        ("5", None),
        ("99", None),
        ("x", Some("id: 1\n")),
        ("", Some("id: 1\n")),
    ] {
        let got = exchange(
            server.addr(),
            format!("GET /events?count=5&interval_ms=0 HTTP/1.1\r\nHost: x\r\nLast-Event-ID: {last}\r\n\r\n").as_bytes(),
        );
        assert!(got.starts_with("HTTP/1.1 200 OK\r\n"), "{got}");
        match first {
            None => assert!(got.ends_with("\r\n\r\n"), "{last}: {got}"),
            Some(first) => assert!(got.contains(&format!("\r\n\r\n{first}")), "{last}: {got}"),
        }
    }
}

fn shutdown_ends_an_event_stream_promptly(io: Io) {
    let server = start(io);
    let mut client = Client::connect(server.addr());
    client.send(b"GET /events?count=100&interval_ms=10000 HTTP/1.1\r\nHost: x\r\n\r\n");
    read_until(&mut client, b"data: event 1 of 100\n\n\r\n");
    // The next event is ten seconds away; the shutdown does not wait for it.
    let stopping = Instant::now();
    server.shutdown().unwrap();
    assert!(
        stopping.elapsed() < Duration::from_secs(2),
        "{:?}",
        stopping.elapsed()
    );
    let mut rest = String::new();
    client.stream.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "0\r\n\r\n");
}

fn a_vanished_event_reader_holds_up_nobody(io: Io) {
    let server = start(io);
    let mut gone = Client::connect(server.addr());
    gone.send(b"GET /events?count=100&interval_ms=0 HTTP/1.1\r\nHost: x\r\n\r\n");
    read_until(&mut gone, b"event 1 of 100\n\n\r\n");
    drop(gone);
    let mut other = Client::connect(server.addr());
    other.send(b"GET /events?count=3&interval_ms=0 HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(other.response("GET").ends_with("data: event 3 of 3\n\n"));
}
