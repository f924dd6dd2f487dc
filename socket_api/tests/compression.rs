//! gzip over real sockets: what is compressed, what is not, and that the
//! gzip bytes decode to exactly the identity bytes.
#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;

both_drivers!(
    gzip_decodes_to_the_identity_bytes,
    negotiation_follows_the_q_values,
    small_bodies_images_and_ranges_go_as_they_are,
    head_has_the_same_head_as_get,
    a_stream_is_compressed_piece_by_piece_as_it_is_made,
);

use std::io::Read;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

use common::{Client, Reply, get, io_name, request, start_with};
use flate2::read::GzDecoder;
use socket_api::{Config, Io, Request, Response, routes};
use wire::StatusCode;

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

/// A query long enough for `/api`'s answer to pass the threshold.
fn long_api() -> String {
    format!("/api?name={}", "knsock".repeat(60))
}

fn gzip_decodes_to_the_identity_bytes(io: Io) {
    let server = start_with(Config {
        io,
        ..Config::default()
    });
    let api = long_api();
    // (target, is the body whole in memory, so sent with Content-Length?)
    for (target, whole) in [
        ("/", true),
        (api.as_str(), true),
        ("/static/style.css", false),
        ("/static/", false),
        ("/static/image.svg", false),
    ] {
        let plain = get(server.addr(), target, "");
        let gzip = get(
            server.addr(),
            target,
            "Accept-Encoding: gzip, deflate, br\r\n",
        );
        assert_eq!((plain.status, gzip.status), (200, 200), "{target}");
        assert_eq!(plain.header("Content-Encoding"), None, "{target}");
        assert_eq!(gzip.header("Content-Encoding"), Some("gzip"), "{target}");
        for reply in [&plain, &gzip] {
            assert_eq!(reply.header("Vary"), Some("Accept-Encoding"), "{target}");
        }
        assert!(gzip.body.len() < plain.body.len(), "{target}: smaller");
        assert_eq!(gunzip(&gzip.body), plain.body, "{target}");
        if whole {
            let length = gzip.body.len().to_string();
            assert_eq!(gzip.header("Content-Length"), Some(length.as_str()));
            assert_eq!(gzip.header("Transfer-Encoding"), None);
        } else {
            assert_eq!(gzip.header("Transfer-Encoding"), Some("chunked"));
            assert_eq!(gzip.header("Content-Length"), None);
            // A range of the gzip bytes is not offered; the tag turns weak.
            assert_eq!(plain.header("Accept-Ranges"), Some("bytes"));
            assert_eq!(gzip.header("Accept-Ranges"), None);
            let strong = plain.header("ETag").unwrap();
            assert_eq!(gzip.header("ETag"), Some(format!("W/{strong}").as_str()));
            // The weak tag still gets a 304 (If-None-Match compares weakly).
            let again = get(
                server.addr(),
                target,
                &format!("Accept-Encoding: gzip\r\nIf-None-Match: W/{strong}\r\n"),
            );
            assert_eq!(again.status, 304);
        }
    }
}

fn negotiation_follows_the_q_values(io: Io) {
    let server = start_with(Config {
        io,
        ..Config::default()
    });
    let target = long_api();
    for (accept, gzip) in [
        (None, false),
        (Some("gzip"), true),
        (Some("x-gzip"), true),
        (Some("GZIP;q=0.5"), true),
        (Some("*"), true),
        (Some("gzip;q=0"), false),
        (Some("gzip;q=0, *"), false),
        (Some("*;q=0, identity"), false),
        (Some("gzip;q=0.5, identity"), false),
        (Some("br, deflate"), false),
        (Some("identity"), false),
        // Nothing acceptable, not even identity: sent as is, as nginx does.
        (Some("identity;q=0"), false),
    ] {
        let extra = accept.map_or(String::new(), |a| format!("Accept-Encoding: {a}\r\n"));
        let reply = get(server.addr(), &target, &extra);
        let expected = gzip.then_some("gzip");
        assert_eq!(reply.header("Content-Encoding"), expected, "{accept:?}");
        assert_eq!(reply.header("Vary"), Some("Accept-Encoding"), "{accept:?}");
    }
}

fn small_bodies_images_and_ranges_go_as_they_are(io: Io) {
    let server = start_with(Config {
        io,
        ..Config::default()
    });
    let gzip = "Accept-Encoding: gzip\r\n";
    for (target, extra) in [
        ("/hello", gzip.to_owned()),
        ("/static/pixels.png", gzip.to_owned()),
        ("/nowhere", gzip.to_owned()),
        ("/static/style.css", format!("{gzip}Range: bytes=0-399\r\n")),
        ("/static/style.css", format!("{gzip}Range: bytes=9999-\r\n")),
    ] {
        let reply: Reply = get(server.addr(), target, &extra);
        assert_eq!(reply.header("Content-Encoding"), None, "{target} {extra}");
        assert_eq!(reply.header("Vary"), None, "{target} {extra}");
    }
    let part = get(
        server.addr(),
        "/static/style.css",
        &format!("{gzip}Range: bytes=0-399\r\n"),
    );
    assert_eq!((part.status, part.body.len()), (206, 400));
}

fn head_has_the_same_head_as_get(io: Io) {
    let server = start_with(Config {
        io,
        ..Config::default()
    });
    let api = long_api();
    for target in ["/", api.as_str(), "/static/style.css", "/hello"] {
        for accept in ["", "Accept-Encoding: gzip\r\n"] {
            let got = get(server.addr(), target, accept);
            let head = request(server.addr(), "HEAD", target, accept);
            assert_eq!(
                head.fields_but_date(),
                got.fields_but_date(),
                "{target} {accept}"
            );
            assert!(head.body.is_empty());
        }
    }
}

// A route whose lines are made when the test says so, to show that each
// one leaves the server, compressed, before the next exists.

/// Where the test leaves the lines' receiver for the handler to take. One
/// per driver, as `/lines/threads` and `/lines/events`: the two tests run
/// at once.
static LINES: [Mutex<Option<Receiver<String>>>; 2] = [Mutex::new(None), Mutex::new(None)];

/// The slot of the driver named `io` (see `io_name`).
fn lines_of(io: &str) -> &'static Mutex<Option<Receiver<String>>> {
    match io {
        "events" => &LINES[1],
        _ => &LINES[0],
    }
}

fn lines(request: &Request) -> Response {
    let io = request.param("io").unwrap_or_default();
    let receiver = lines_of(io).lock().unwrap().take();
    let pieces = receiver
        .into_iter()
        .flat_map(|r| r.into_iter())
        .map(|line| Ok(line.into_bytes()));
    Response::stream(StatusCode::OK, "text/plain; charset=utf-8", None, pieces)
}

fn a_stream_is_compressed_piece_by_piece_as_it_is_made(io: Io) {
    let (send, receive): (Sender<String>, Receiver<String>) = channel();
    let name = io_name(io);
    *lines_of(name).lock().unwrap() = Some(receive);
    let router = routes! { GET "/lines/{io}" => lines };
    let config = Config {
        io,
        ..Config::default()
    };
    let server = common::start_router(router, config);
    let addr = server.addr();

    let mut client = Client::connect(addr);
    client.send(
        format!("GET /lines/{name} HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    // The raw bytes so far, and what the gzip in them decodes to so far.
    let mut raw = Vec::new();
    let mut read_until = |wanted: &str| loop {
        let mut chunk = [0; 4096];
        let n = client.stream.read(&mut chunk).unwrap();
        assert!(n > 0, "closed before {wanted:?}");
        raw.extend_from_slice(&chunk[..n]);
        let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&raw[..end]);
        assert!(head.contains("Content-Encoding: gzip"), "{head}");
        assert!(head.contains("Transfer-Encoding: chunked"), "{head}");
        let body = &raw[end + 4..];
        let mut decoded = Vec::new();
        let _ = GzDecoder::new(&dechunk(body)[..]).read_to_end(&mut decoded);
        if String::from_utf8_lossy(&decoded).contains(wanted) {
            return String::from_utf8_lossy(&decoded).into_owned();
        }
    };
    for n in 1..=3 {
        let line = format!("line {n}: {}\n", "x".repeat(40));
        send.send(line.clone()).unwrap();
        // This line arrives, decodable, while the next does not exist yet.
        let so_far = read_until(&line);
        assert!(!so_far.contains(&format!("line {}", n + 1)));
    }
    drop(send);
    let mut rest = Vec::new();
    client.stream.read_to_end(&mut rest).unwrap();
    raw.extend_from_slice(&rest);
    assert!(raw.ends_with(b"0\r\n\r\n"), "the last chunk");
    server.shutdown().unwrap();
}

/// The data of a chunked body so far (enough for this test: no extensions,
/// no trailers).
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let Some(size) = std::str::from_utf8(&body[..end])
            .ok()
            .and_then(|hex| usize::from_str_radix(hex, 16).ok())
        else {
            break;
        };
        let start = end + 2;
        if size == 0 || body.len() < start + size {
            break;
        }
        out.extend_from_slice(&body[start..start + size]);
        body = &body[(start + size + 2).min(body.len())..];
    }
    out
}
