//! socket_api over HTTPS (`--tls-self-signed`), checked with the project's
//! own client: `get_client --cacert CA_FILE`, and raw_client's TLS stream
//! for exact bytes. The requests inside TLS are the same bytes, answered by
//! the same machine, so the answers are the same bytes too.

#![allow(clippy::unwrap_used)]

#[macro_use]
mod common;

both_drivers!(
    get_hello_over_https_with_the_self_signed_ca,
    the_bytes_inside_tls_are_the_bytes_of_plain_http,
    two_requests_share_one_tls_connection,
    a_stalled_handshake_is_closed_by_the_header_timeout,
    plain_http_to_the_tls_port_gets_a_plain_400,
    an_error_response_survives_its_lingering_close_over_tls,
    past_the_connection_cap_a_tls_client_is_closed_without_a_503,
    streamed_bodies_both_ways_over_tls,
    a_slow_reader_that_keeps_reading_is_not_cut_off,
);

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Parser;
use common::{TempDir, start_with};
use raw_client::transport::{ConnectOptions, Stream, connect, tls_config};
use socket_api::body_reader::BodyReader;
use socket_api::{Config, Io, Request, Response, Running, Shutdown, routes};
use wire::{HttpUrl, ResponseEvent, ResponseReader, StatusCode};

/// An HTTPS server with a CA made for it (as `--tls-self-signed CA_FILE`),
/// and the CA file's folder.
fn start_tls(io: Io, change: impl FnOnce(&mut Config)) -> (Running, TempDir, PathBuf) {
    let dir = TempDir::new("tls-ca");
    let ca_file = dir.0.join("ca.pem");
    let tls = socket_api::tls::self_signed(&ca_file).unwrap();
    let mut config = Config {
        header_timeout: Duration::from_millis(500),
        idle_timeout: Duration::from_millis(500),
        tls: Some(tls),
        io,
        ..Config::default()
    };
    change(&mut config);
    (start_with(config), dir, ca_file)
}

/// Runs get_client as its binary would: `(result, stdout, stderr)`.
fn get_client(args: &[&str]) -> (Result<(), get_client::ClientError>, Vec<u8>, String) {
    let args =
        get_client::Args::try_parse_from(std::iter::once("get_client").chain(args.iter().copied()))
            .unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let result = get_client::run(&args, &mut out, &mut err);
    (result, out, String::from_utf8_lossy(&err).into_owned())
}

/// A TLS connection made by raw_client, trusting `ca_file`.
fn tls_connect(addr: SocketAddr, ca_file: &Path) -> Stream {
    let url = HttpUrl::parse(&format!("https://localhost:{}/", addr.port())).unwrap();
    let options = ConnectOptions {
        connect_timeout: Some(Duration::from_secs(5)),
        tls: Some(tls_config(Some(ca_file), false).unwrap()),
    };
    connect(
        &url,
        &options,
        Some(Instant::now() + Duration::from_secs(5)),
    )
    .unwrap()
}

/// Reads one response off `stream` (bytes past it stay in `buf`), as text,
/// with the `Date` value replaced by `<date>`.
fn response(stream: &mut impl Read, buf: &mut Vec<u8>, method: &str) -> String {
    let mut reader = ResponseReader::new(method);
    let mut out = String::new();
    let mut eof = false;
    loop {
        match reader.next_event(buf, eof).unwrap() {
            ResponseEvent::Interim(head) | ResponseEvent::Head(head) => {
                out.push_str(&format!("HTTP/1.1 {} {}\r\n", head.status, head.reason));
                for h in head.headers.iter() {
                    let value = if h.name == "Date" { "<date>" } else { &h.value };
                    out.push_str(&format!("{}: {value}\r\n", h.name));
                }
                out.push_str("\r\n");
            }
            ResponseEvent::Data(data) => out.push_str(&String::from_utf8_lossy(&data)),
            ResponseEvent::End => return out,
            ResponseEvent::NeedMore => {
                let mut chunk = [0; 4096];
                let n = stream.read(&mut chunk).unwrap();
                eof = n == 0;
                buf.extend_from_slice(&chunk[..n]);
            }
        }
    }
}

fn get_hello_over_https_with_the_self_signed_ca(io: Io) {
    let (server, _dir, ca_file) = start_tls(io, |_| {});
    let ca = ca_file.to_str().unwrap();
    let pem = std::fs::read_to_string(&ca_file).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    // The certificate names both: a DNS name and an IP address.
    for host in ["localhost", "127.0.0.1"] {
        let url = format!("https://{host}:{}/hello", server.addr().port());
        let (result, out, err) = get_client(&["--cacert", ca, &url]);
        result.unwrap_or_else(|e| panic!("{host}: {e}\n{err}"));
        assert_eq!(out, b"Hello", "{host}");
    }
    // Without --cacert the system's CAs do not know ours: exit 60 (77 on
    // a machine with no CA store at all).
    let url = format!("https://localhost:{}/hello", server.addr().port());
    let (result, _, _) = get_client(&[&url]);
    let error = result.unwrap_err();
    assert!([60, 77].contains(&error.exit_code()), "{error}");
}

fn the_bytes_inside_tls_are_the_bytes_of_plain_http(io: Io) {
    let (server, _dir, ca_file) = start_tls(io, |_| {});
    let mut stream = tls_connect(server.addr(), &ca_file);
    stream
        .write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let got = response(&mut stream, &mut Vec::new(), "GET");
    // Exactly what `server.rs`'s `hello_exact_bytes` gets over plain TCP.
    assert_eq!(
        got,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\nDate: <date>\r\n\r\nHello"
    );
}

fn two_requests_share_one_tls_connection(io: Io) {
    let (server, _dir, ca_file) = start_tls(io, |_| {});
    let ca = ca_file.to_str().unwrap();
    let url = format!("https://localhost:{}/hello", server.addr().port());
    let (result, out, err) = get_client(&["-v", "--cacert", ca, &url, &url]);
    result.unwrap_or_else(|e| panic!("{e}\n{err}"));
    assert_eq!(out, b"HelloHello");
    assert!(err.contains("* reusing connection to 127.0.0.1:"), "{err}");

    // The same with raw bytes: two requests written at once (pipelined),
    // two responses back, one handshake.
    let mut stream = tls_connect(server.addr(), &ca_file);
    stream
        .write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut buf = Vec::new();
    assert!(response(&mut stream, &mut buf, "GET").ends_with("\r\n\r\nHello"));
    let second = response(&mut stream, &mut buf, "GET");
    assert!(second.starts_with("HTTP/1.1 404 Not Found\r\n"), "{second}");
    // Idle past --idle-timeout: the server closes, with close_notify, so
    // the end is a clean end of stream (0), not an error.
    assert_eq!(stream.read(&mut [0; 16]).unwrap(), 0);
}

fn a_stalled_handshake_is_closed_by_the_header_timeout(io: Io) {
    let timeout = Duration::from_millis(300);
    let (server, _dir, ca_file) = start_tls(io, |config| config.header_timeout = timeout);
    // One client says nothing at all; one sends the first bytes of a TLS
    // record (a handshake, TLS 1.0 record version) and stops.
    let silent = TcpStream::connect(server.addr()).unwrap();
    let mut partial = TcpStream::connect(server.addr()).unwrap();
    partial.write_all(&[0x16, 0x03, 0x01]).unwrap();
    let started = Instant::now();
    // Meanwhile everyone else is served.
    let url = format!("https://localhost:{}/hello", server.addr().port());
    let (result, out, _) = get_client(&["--cacert", ca_file.to_str().unwrap(), &url]);
    result.unwrap();
    assert_eq!(out, b"Hello");
    for mut stalled in [silent, partial] {
        stalled
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let read = stalled.read(&mut [0; 64]);
        assert!(
            matches!(&read, Ok(0))
                || matches!(&read, Err(e) if e.kind() == ErrorKind::ConnectionReset),
            "not closed: {read:?}"
        );
    }
    // Closed by the timeout: not at once, and not much later.
    let waited = started.elapsed();
    assert!(waited >= timeout / 2, "{waited:?}");
    assert!(waited < timeout + Duration::from_secs(2), "{waited:?}");
}

fn plain_http_to_the_tls_port_gets_a_plain_400(io: Io) {
    let (server, _dir, _ca_file) = start_tls(io, |_| {});
    let mut plain = TcpStream::connect(server.addr()).unwrap();
    plain
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    plain
        .write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut got = String::new();
    // To the end: the server closes after it.
    plain.read_to_string(&mut got).unwrap();
    assert!(got.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{got}");
    assert!(got.contains("Connection: close\r\n"), "{got}");
    assert!(
        got.ends_with("\r\n\r\n400 Bad Request: this port speaks HTTPS (HTTP inside TLS); use an https:// URL\n"),
        "{got}"
    );
    // get_client, told http://, shows the same answer.
    let url = format!("http://127.0.0.1:{}/hello", server.addr().port());
    let (_, out, _) = get_client(&[&url]);
    assert!(out.starts_with(b"400 Bad Request: this port speaks HTTPS"));
}

fn an_error_response_survives_its_lingering_close_over_tls(io: Io) {
    let (server, _dir, ca_file) = start_tls(io, |config| config.max_body = 10);
    let mut stream = tls_connect(server.addr(), &ca_file);
    // The head says 512 KiB; the body follows at once, unwanted. Without a
    // lingering close, the unread bytes would make the kernel reset the
    // connection, and the 413 could be lost (a race: with the lingering
    // taken out, this fails in about half the runs on Linux). 512 KiB stays
    // under the lingering's 1 MiB, past which the server resets on purpose.
    let body = vec![b'x'; 512 * 1024];
    let head = format!(
        "POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // The server may stop reading part way: what it never reads is not an error here.
    let _ = stream.write_all(&body);
    let got = response(&mut stream, &mut Vec::new(), "POST");
    assert!(
        got.starts_with("HTTP/1.1 413 Content Too Large\r\n"),
        "{got}"
    );
    assert!(got.contains("Connection: close\r\n"), "{got}");
    // close_notify, then the TCP close: a clean end.
    assert_eq!(stream.read(&mut [0; 16]).unwrap(), 0);
}

fn past_the_connection_cap_a_tls_client_is_closed_without_a_503(io: Io) {
    let (server, _dir, ca_file) = start_tls(io, |config| {
        config.max_connections = 1;
        config.idle_timeout = Duration::from_secs(30);
    });
    // One connection, proven served, and kept open.
    let mut first = tls_connect(server.addr(), &ca_file);
    first
        .write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut buf = Vec::new();
    assert!(response(&mut first, &mut buf, "GET").ends_with("Hello"));
    // A second one is closed at once: no plain-text 503 inside a TLS stream.
    let mut second = TcpStream::connect(server.addr()).unwrap();
    second
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut got = Vec::new();
    let read = second.read_to_end(&mut got);
    assert!(
        matches!(&read, Ok(0)) || matches!(&read, Err(e) if e.kind() == ErrorKind::ConnectionReset),
        "{read:?} {:?}",
        String::from_utf8_lossy(&got)
    );
    // The first is still served.
    first
        .write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    assert!(response(&mut first, &mut buf, "GET").ends_with("Hello"));
}

/// Reads the body as it arrives (a streaming handler): how many bytes came.
fn count(_: &Request, body: &mut BodyReader<'_>) -> Response {
    let mut total = 0;
    let mut piece = [0u8; 8 * 1024];
    while let Ok(n @ 1..) = body.read(&mut piece) {
        total += n;
    }
    Response::text(StatusCode::OK, format!("{total} bytes"))
}

/// Three lines, made one by one: chunked, or until close for HTTP/1.0.
fn lines(_: &Request) -> Response {
    let pieces = (1..=3).map(|i| Ok(format!("line {i}\n").into_bytes()));
    Response::stream(StatusCode::OK, "text/plain", None, pieces)
}

fn streamed_bodies_both_ways_over_tls(io: Io) {
    let dir = TempDir::new("tls-stream");
    let ca_file = dir.0.join("ca.pem");
    let config = Config {
        tls: Some(socket_api::tls::self_signed(&ca_file).unwrap()),
        io,
        ..Config::default()
    };
    let router = routes! {
        GET "/lines" => lines,
        POST "/count" => count [streaming],
    };
    let server = common::start_router(router, config);
    let addr = server.addr();

    // A 300 KiB upload read piece by piece by the handler, through TLS.
    let mut stream = tls_connect(addr, &ca_file);
    let body = vec![b'u'; 300 * 1024];
    let head = format!(
        "POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body).unwrap();
    let mut buf = Vec::new();
    assert!(response(&mut stream, &mut buf, "POST").ends_with("\r\n\r\n307200 bytes"));
    // On the same connection, a chunked response.
    stream
        .write_all(b"GET /lines HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let got = response(&mut stream, &mut buf, "GET");
    assert!(got.contains("Transfer-Encoding: chunked\r\n"), "{got}");
    assert!(got.ends_with("\r\n\r\nline 1\nline 2\nline 3\n"), "{got}");

    // HTTP/1.0: the body ends with the connection. Over TLS the end is
    // close_notify, so the client can tell it from a cut: read_to_end is Ok.
    let mut stream = tls_connect(addr, &ca_file);
    stream.write_all(b"GET /lines HTTP/1.0\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 200 OK\r\n"), "{raw}");
    assert!(!raw.contains("chunked"), "{raw}");
    assert!(raw.ends_with("\r\n\r\nline 1\nline 2\nline 3\n"), "{raw}");

    server.shutdown().unwrap();
}

/// 250 KB, sent a piece at a time as the socket takes it.
fn large(_: &Request) -> Response {
    let data = std::io::Cursor::new(vec![b'x'; 250_000]);
    Response::from_reader(StatusCode::OK, "application/octet-stream", 250_000, data)
}

/// A client on a slow link reads its download steadily, but each send
/// moves less than rustls holds encrypted (64 KiB). It is not "a client
/// that takes nothing" (`header_timeout`), and must get the whole body.
fn a_slow_reader_that_keeps_reading_is_not_cut_off(io: Io) {
    let dir = TempDir::new("tls-slow-reader");
    let ca_file = dir.0.join("ca.pem");
    let config = Config {
        header_timeout: Duration::from_millis(150),
        tls: Some(socket_api::tls::self_signed(&ca_file).unwrap()),
        io,
        ..Config::default()
    };
    // A small send buffer (a slow link's): the accepted sockets inherit it.
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket.set_send_buffer_size(4096).unwrap();
    socket
        .bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
        .unwrap();
    socket.listen(16).unwrap();
    let listener: std::net::TcpListener = socket.into();
    let addr = listener.local_addr().unwrap();
    let shutdown = Shutdown::new();
    let stop = shutdown.clone();
    let server = std::thread::spawn(move || {
        let router = routes! { GET "/large" => large };
        socket_api::run_router(listener, router, config, stop)
    });
    // And a small receive buffer: the client's kernel holds little unread.
    let tcp = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    tcp.set_recv_buffer_size(4096).unwrap();
    tcp.connect(&addr.into()).unwrap();
    let tls = tls_config(Some(&ca_file), false).unwrap();
    let session = rustls::ClientConnection::new(tls, "localhost".try_into().unwrap()).unwrap();
    let mut stream = rustls::StreamOwned::new(session, std::net::TcpStream::from(tcp));
    stream
        .write_all(b"GET /large HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    // 200 KB/s: 4 KiB every 20 ms, for about a second.
    let mut raw = Vec::new();
    let mut piece = [0u8; 4096];
    loop {
        match stream.read(&mut piece) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&piece[..n]),
            Err(e) => panic!("after {} bytes: {e}", raw.len()),
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    assert_eq!(raw.len() - head_end, 250_000, "cut off");
    shutdown.trigger();
    server.join().unwrap().unwrap();
}
