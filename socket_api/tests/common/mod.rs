//! What the integration tests share: a server on a free port, and a raw
//! connection to it that reads responses by their framing; and
//! [`both_drivers!`], which runs each test against both drivers.

#![allow(dead_code, unused_macros, clippy::unwrap_used)]

/// Each test named here runs against both drivers, `--io threads` and
/// `--io events`: the test is written once, as `fn name(io: Io)`, and this
/// makes a test of each name in `threads::` and in `events::` that calls it
/// with that driver. Bring it in with `#[macro_use] mod common;`.
///
/// ```text
/// both_drivers!(hello);   // becomes
/// mod threads { #[test] fn hello() { super::hello(socket_api::Io::Threads) } }
/// mod events  { #[test] fn hello() { super::hello(socket_api::Io::Events) } }
/// ```
macro_rules! both_drivers {
    ($($name:ident),* $(,)?) => {
        mod threads {
            $(#[test] fn $name() { super::$name(socket_api::Io::Threads) })*
        }
        mod events {
            $(#[test] fn $name() { super::$name(socket_api::Io::Events) })*
        }
    };
}

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use socket_api::{Config, Io, Router, Running};
use wire::{ResponseEvent, ResponseReader};

/// A server on the driver `io`, with short timeouts, so tests about time
/// run quickly.
pub fn start(io: Io) -> Running {
    start_with(Config {
        header_timeout: Duration::from_millis(500),
        idle_timeout: Duration::from_millis(500),
        io,
        ..Config::default()
    })
}

/// The driver's name as `--io` spells it. A test whose handler keeps
/// something in a static keeps one per driver, and names the driver in the
/// request: its `threads::` and `events::` runs go at the same time.
pub fn io_name(io: Io) -> &'static str {
    match io {
        Io::Threads => "threads",
        Io::Events => "events",
    }
}

/// A server with `config`, whose `io` says which driver.
/// A server with another route table than the app's.
pub fn start_router(router: Router, config: Config) -> Running {
    Running::start_router("127.0.0.1:0".parse().unwrap(), router, config).unwrap()
}

pub fn start_with(config: Config) -> Running {
    Running::start("127.0.0.1:0".parse().unwrap(), config).unwrap()
}

/// A raw client connection.
pub struct Client {
    pub stream: TcpStream,
    buf: Vec<u8>,
}

impl Client {
    pub fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).unwrap();
        // A test that would hang fails instead.
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        Client {
            stream,
            buf: Vec::new(),
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).unwrap();
    }

    /// Reads exactly `n` bytes: those already read past the last response
    /// first, then from the socket.
    pub fn read_bytes(&mut self, n: usize) -> Vec<u8> {
        while self.buf.len() < n {
            let mut chunk = [0; 4096];
            let got = self.stream.read(&mut chunk).unwrap();
            assert!(got > 0, "closed after {} of {n} bytes", self.buf.len());
            self.buf.extend_from_slice(&chunk[..got]);
        }
        self.buf.drain(..n).collect()
    }

    /// Reads one response to a request made with `method`; returns its head
    /// and body as text, with the `Date` value replaced by `<date>`.
    pub fn response(&mut self, method: &str) -> String {
        let mut reader = ResponseReader::new(method);
        let mut out = String::new();
        let mut eof = false;
        loop {
            match reader.next_event(&mut self.buf, eof).unwrap() {
                ResponseEvent::Interim(head) | ResponseEvent::Head(head) => {
                    out.push_str(&format!("HTTP/1.1 {} {}\r\n", head.status, head.reason));
                    for h in head.headers.iter() {
                        let value = if h.name == "Date" {
                            "<date>"
                        } else {
                            h.value.as_str()
                        };
                        out.push_str(&format!("{}: {}\r\n", h.name, value));
                    }
                    out.push_str("\r\n");
                }
                ResponseEvent::Data(data) => out.push_str(&String::from_utf8_lossy(&data)),
                ResponseEvent::End => return out,
                ResponseEvent::NeedMore => {
                    let mut chunk = [0; 4096];
                    let n = self.stream.read(&mut chunk).unwrap();
                    eof = n == 0;
                    self.buf.extend_from_slice(&chunk[..n]);
                }
            }
        }
    }

    /// Has the server closed the connection? Waits up to the read timeout
    /// for the close; only an end of stream or a reset counts, so a server
    /// that leaves the connection open makes this false, not a pass.
    pub fn is_closed(&mut self) -> bool {
        if !self.buf.is_empty() {
            return false;
        }
        let mut byte = [0; 1];
        match self.stream.read(&mut byte) {
            Ok(0) => true,
            Err(e) => matches!(
                e.kind(),
                std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted
            ),
            Ok(_) => false,
        }
    }
}

/// Sends `request` on a new connection and returns the one response.
pub fn exchange(addr: SocketAddr, request: &[u8]) -> String {
    let mut client = Client::connect(addr);
    client.send(request);
    let method = String::from_utf8_lossy(request)
        .split(' ')
        .next()
        .unwrap_or("GET")
        .to_string();
    client.response(&method)
}

/// A response read whole, as bytes: for bodies that are not text (gzip,
/// images) and for tests that must see every byte that left the server.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// `(name, value)` in the order sent.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked (still gzip if it was sent gzip).
    pub body: Vec<u8>,
    /// Everything the server sent, head and framing included.
    pub raw: Vec<u8>,
}

impl Reply {
    /// The first value of `name`, ignoring case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The head's fields without `Date`, whose value changes each second.
    pub fn fields_but_date(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("Date"))
            .cloned()
            .collect()
    }
}

/// Sends `request` (which should say `Connection: close`), reads until the
/// server closes, and parses the one response in it, sent to `method`.
pub fn fetch(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut client = Client::connect(addr);
    client.send(request);
    let mut raw = Vec::new();
    client.stream.read_to_end(&mut raw).unwrap();
    let method = String::from_utf8_lossy(request)
        .split(' ')
        .next()
        .unwrap_or("GET")
        .to_string();
    let mut reader = ResponseReader::new(&method);
    let mut buf = raw.clone();
    let (mut status, mut headers, mut body) = (0, Vec::new(), Vec::new());
    loop {
        match reader.next_event(&mut buf, true).unwrap() {
            ResponseEvent::Interim(_) => {}
            ResponseEvent::Head(head) => {
                status = head.status;
                headers = head
                    .headers
                    .iter()
                    .map(|h| (h.name.clone(), h.value.clone()))
                    .collect();
            }
            ResponseEvent::Data(data) => body.extend_from_slice(&data),
            ResponseEvent::End | ResponseEvent::NeedMore => break,
        }
    }
    Reply {
        status,
        headers,
        body,
        raw,
    }
}

/// `GET target` with `extra` fields (each ending in `\r\n`), on its own connection.
pub fn get(addr: SocketAddr, target: &str, extra: &str) -> Reply {
    request(addr, "GET", target, extra)
}

/// `method target` with `extra` fields, on its own connection.
pub fn request(addr: SocketAddr, method: &str, target: &str, extra: &str) -> Reply {
    fetch(
        addr,
        format!("{method} {target} HTTP/1.1\r\nHost: t\r\n{extra}Connection: close\r\n\r\n")
            .as_bytes(),
    )
}

/// A folder of its own under the system's temporary folder, removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("socket_api-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
