//! What the route tests share: a server with folders of its own, and raw
//! exchanges over a real socket.
#![allow(clippy::unwrap_used, dead_code)]

use framework_api::{Config, Running};
use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream},
    path::{Path, PathBuf},
    sync::atomic::{AtomicU32, Ordering},
    time::Duration,
};

/// A fresh, empty folder under the system's temporary folder.
pub fn temp_dir(name: &str) -> PathBuf {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "framework_api-test-{}-{name}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A server on 127.0.0.1:0 serving `static_dir`, uploading to a new folder.
pub fn start_with(static_dir: &Path, change: impl FnOnce(&mut Config)) -> (Running, Config) {
    let mut config = Config {
        static_dir: static_dir.to_path_buf(),
        upload_dir: temp_dir("uploads"),
        ..Config::default()
    };
    change(&mut config);
    let running = Running::start_with("127.0.0.1:0".parse().unwrap(), config.clone()).unwrap();
    (running, config)
}

/// A server with the project's own `static/` folder.
pub fn start() -> Running {
    start_with(Path::new(framework_api::DEFAULT_STATIC_DIR), |_| {}).0
}

/// Send `request` and read until the server closes (the request should say
/// `Connection: close`, or be HTTP/1.0).
pub fn exchange(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    response
}

/// `GET target` with extra header lines, and `Connection: close`.
pub fn get(addr: SocketAddr, target: &str, headers: &str) -> Response {
    request(addr, "GET", target, headers, b"")
}

/// Any method, with a body (and its `Content-Length` when not empty).
pub fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &str,
    body: &[u8],
) -> Response {
    let mut bytes = format!("{method} {target} HTTP/1.1\r\nHost: test\r\n{headers}");
    if !body.is_empty() {
        bytes += &format!("Content-Length: {}\r\n", body.len());
    }
    bytes += "Connection: close\r\n\r\n";
    let mut bytes = bytes.into_bytes();
    bytes.extend_from_slice(body);
    Response::parse(&exchange(addr, &bytes))
}

/// A response, split: status code, header lines (names lower case, as
/// hyper sends them), body bytes (still chunked if it was).
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Response {
    pub fn parse(bytes: &[u8]) -> Response {
        let end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(bytes)));
        let head = String::from_utf8(bytes[..end].to_vec()).unwrap();
        let status = head[9..12].parse().unwrap();
        Response {
            status,
            head,
            body: bytes[end + 4..].to_vec(),
        }
    }

    /// The value of the first header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(": ")?;
            (n == name).then_some(v)
        })
    }

    /// Every header line but `date`, which changes each second.
    pub fn headers_but_date(&self) -> Vec<&str> {
        self.head
            .lines()
            .filter(|line| !line.starts_with("date: "))
            .collect()
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    /// The body with its chunked coding removed.
    pub fn unchunked(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut rest = &self.body[..];
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size_text = std::str::from_utf8(&rest[..line_end]).unwrap();
            let size = usize::from_str_radix(size_text.trim(), 16).unwrap();
            rest = &rest[line_end + 2..];
            if size == 0 {
                return out;
            }
            out.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
    }
}

/// gunzip.
pub fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}
