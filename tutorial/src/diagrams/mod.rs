//! The book's pictures: `cargo run -p tutorial -- diagrams` writes them as
//! SVG files into `tutorial/book/src/img/`.
//!
//! The sequence diagrams are drawn from real exchanges: each request is
//! sent to a `socket_api` started here, and the bytes that come back are
//! the ones drawn. Only the `Date` value is replaced with a fixed one, so
//! the files come out the same on every run; `tests/diagrams.rs` fails if
//! the committed files differ from what this code writes now. The state
//! diagram follows [`wire::server::State`], and the request's structure is
//! labelled by `wire`'s own `--trace` pieces.
//!
//! | file | what it shows |
//! |---|---|
//! | `keep-alive.svg` | three requests on one connection, the last with `Connection: close` |
//! | `pipelining.svg` | three requests in one write, three answers in order |
//! | `continue.svg` | `Expect: 100-continue`: the head, `100 Continue`, the body, the answer |
//! | `chunked.svg` | a request body in chunks |
//! | `redirect.svg` | `301` and `Location`, followed on the same connection |
//! | `tls.svg` | the same HTTP bytes inside TLS records (a schematic) |
//! | `server-states.svg` | the states of a server connection, and what moves it |
//! | `request-bytes.svg` | a POST, byte range by byte range |

mod sequence;
mod states;
mod structure;
pub mod svg;

use std::error::Error;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use sequence::Item;
use wire::show::visible;

use crate::demos::{Conn, connect};

/// Where the book keeps its pictures.
pub fn img_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("book/src/img")
}

/// The `Date` every diagram shows, instead of the clock's.
pub const FIXED_DATE: &str = "Mon, 01 Jan 2024 00:00:00 GMT";

/// How long a diagram's exchange may take: long, since nothing here stalls.
const WAIT: Duration = Duration::from_secs(5);

/// Every diagram: its file name and its SVG text.
pub fn render_all() -> Result<Vec<(&'static str, String)>, Box<dyn Error>> {
    let server =
        socket_api::Running::start(crate::demos::any_port(), socket_api::Config::default())?;
    let addr = server.addr();
    let redirects = socket_api::Running::start_router(
        crate::demos::any_port(),
        crate::demos::client::redirect_router(),
        socket_api::Config::default(),
    )?;
    let client = "client";
    let socket = "socket_api";
    let files = vec![
        (
            "keep-alive.svg",
            sequence::draw(
                "Keep-alive: one connection, three requests",
                client,
                socket,
                &keep_alive(&mut connect(addr)?)?,
            ),
        ),
        (
            "pipelining.svg",
            sequence::draw(
                "Pipelining: three requests in one write, answered in order",
                client,
                socket,
                &pipelining(&mut connect(addr)?)?,
            ),
        ),
        (
            "continue.svg",
            sequence::draw(
                "Expect: 100-continue: the body waits for the go-ahead",
                client,
                socket,
                &expect_continue(&mut connect(addr)?)?,
            ),
        ),
        (
            "chunked.svg",
            sequence::draw(
                "A chunked request body: sizes in hex, a zero-size chunk to end",
                client,
                socket,
                &chunked(&mut connect(addr)?)?,
            ),
        ),
        (
            "redirect.svg",
            sequence::draw(
                "A redirect, followed on the same connection",
                client,
                socket,
                &redirect(&mut connect(redirects.addr())?)?,
            ),
        ),
        (
            "tls.svg",
            sequence::draw(
                "HTTPS: the same HTTP bytes inside TLS records",
                client,
                "server",
                &tls(),
            ),
        ),
        ("server-states.svg", states::draw()),
        ("request-bytes.svg", structure::draw()),
    ];
    server.shutdown()?;
    Ok(files)
}

/// Writes every diagram into [`img_dir`] and names each file on `out`.
pub fn write_all(out: &mut dyn Write) -> Result<(), Box<dyn Error>> {
    let dir = img_dir();
    std::fs::create_dir_all(&dir)?;
    for (name, svg) in render_all()? {
        let path = dir.join(name);
        std::fs::write(&path, svg)?;
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(())
}

/// `bytes` as the lines a diagram draws: `\r\n` shown, `Date` fixed.
fn lines(bytes: &[u8]) -> Vec<String> {
    visible(bytes)
        .lines()
        .map(|line| {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("date: ") {
                format!("{}{FIXED_DATE}\\r\\n", &line[..6])
            } else {
                line.to_string()
            }
        })
        .collect()
}

/// Sends `request`, and returns it and the answer as diagram items.
fn exchange(conn: &mut Conn, request: &[u8]) -> Result<[Item; 2], Box<dyn Error>> {
    conn.write_all(request)?;
    let reply = conn
        .answer(crate::demos::method_of(request), WAIT)
        .reply()?;
    Ok([
        Item::Request(lines(request)),
        Item::Response(lines(&reply.bytes())),
    ])
}

fn keep_alive(conn: &mut Conn) -> Result<Vec<Item>, Box<dyn Error>> {
    let mut items = vec![Item::Note("TCP connection opened".into())];
    items.extend(exchange(
        conn,
        b"GET /hello HTTP/1.1\r\nHost: localhost:8080\r\n\r\n",
    )?);
    items.push(Item::Note(
        "the connection stays open: the same socket carries the next request".into(),
    ));
    items.extend(exchange(
        conn,
        b"GET /api?x=1 HTTP/1.1\r\nHost: localhost:8080\r\n\r\n",
    )?);
    items.extend(exchange(
        conn,
        b"GET /hello HTTP/1.1\r\nHost: localhost:8080\r\nConnection: close\r\n\r\n",
    )?);
    items.push(Item::Note(
        "Connection: close: the server closes the connection (FIN)".into(),
    ));
    Ok(items)
}

fn pipelining(conn: &mut Conn) -> Result<Vec<Item>, Box<dyn Error>> {
    let requests: [&[u8]; 3] = [
        b"GET /hello HTTP/1.1\r\nHost: localhost:8080\r\n\r\n",
        b"GET /nope HTTP/1.1\r\nHost: localhost:8080\r\n\r\n",
        b"HEAD /hello HTTP/1.1\r\nHost: localhost:8080\r\n\r\n",
    ];
    conn.write_all(&requests.concat())?;
    let mut items = vec![
        Item::Note("one write, three requests, before any answer".into()),
        Item::Request(lines(&requests.concat())),
        Item::Note("the answers come back in the order the requests were sent".into()),
    ];
    for request in requests {
        let reply = conn
            .answer(crate::demos::method_of(request), WAIT)
            .reply()?;
        items.push(Item::Response(lines(&reply.bytes())));
    }
    Ok(items)
}

fn expect_continue(conn: &mut Conn) -> Result<Vec<Item>, Box<dyn Error>> {
    let head = b"POST /api HTTP/1.1\r\nHost: localhost:8080\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n";
    let body = b"name=knsock";
    conn.write_all(head)?;
    let interim = conn.answer_interim(WAIT);
    conn.write_all(body)?;
    let reply = conn.answer("POST", WAIT).reply()?;
    Ok(vec![
        Item::Request(lines(head)),
        Item::Note("the client holds the body back, and waits".into()),
        Item::Response(lines(format!("{interim}\r\n\r\n").as_bytes())),
        Item::Request(lines(body)),
        Item::Response(lines(&reply.bytes())),
    ])
}

fn chunked(conn: &mut Conn) -> Result<Vec<Item>, Box<dyn Error>> {
    let request = b"POST /api HTTP/1.1\r\nHost: localhost:8080\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\nB\r\nname=knsock\r\n9\r\n&city=Ulm\r\n0\r\n\r\n";
    let [sent, answer] = exchange(conn, request)?;
    Ok(vec![
        sent,
        Item::Note("B = 11 bytes, 9 bytes, then 0: the end. No Content-Length needed".into()),
        answer,
    ])
}

fn redirect(conn: &mut Conn) -> Result<Vec<Item>, Box<dyn Error>> {
    let mut items = Vec::new();
    items.extend(exchange(
        conn,
        b"GET /old HTTP/1.1\r\nHost: localhost:8080\r\n\r\n",
    )?);
    items.push(Item::Note(
        "301: Location says where; the client asks again (curl -L)".into(),
    ));
    items.extend(exchange(
        conn,
        b"GET /hello HTTP/1.1\r\nHost: localhost:8080\r\n\r\n",
    )?);
    Ok(items)
}

/// TLS is drawn as a schematic: record sizes change with every handshake.
fn tls() -> Vec<Item> {
    let record = |kind: &str, inside: &[&str]| {
        let mut lines = vec![kind.to_string()];
        lines.extend(inside.iter().map(|l| format!("  {l}")));
        lines
    };
    vec![
        Item::Note("TCP connection opened to port 443".into()),
        Item::Request(record(
            "handshake record: ClientHello (16 03 01 ...)",
            &["TLS versions, ciphers, key share, SNI: localhost, ALPN: http/1.1"],
        )),
        Item::Response(record(
            "handshake record: ServerHello",
            &["then, encrypted: certificate, its signature, Finished"],
        )),
        Item::Request(record("Finished (encrypted)", &[])),
        Item::Note("from here every byte is encrypted; inside are the usual HTTP bytes".into()),
        Item::Request(record(
            "application data record (17 03 03 ...), decrypted:",
            &[
                "GET /hello HTTP/1.1\\r\\n",
                "Host: localhost\\r\\n",
                "\\r\\n",
            ],
        )),
        Item::Response(record(
            "application data record, decrypted:",
            &[
                "HTTP/1.1 200 OK\\r\\n",
                "Content-Type: text/plain; charset=utf-8\\r\\n",
                "Content-Length: 5\\r\\n",
                "\\r\\n",
                "Hello",
            ],
        )),
        Item::Request(record("alert record: close_notify", &[])),
    ]
}
