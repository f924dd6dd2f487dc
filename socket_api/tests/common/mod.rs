//! What the integration tests share: a server on a free port, and a raw
//! connection to it that reads responses by their framing.

#![allow(dead_code, clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use socket_api::{Config, Running};
use wire::{ResponseEvent, ResponseReader};

/// A server with short timeouts, so tests about time run quickly.
pub fn start() -> Running {
    start_with(Config {
        header_timeout: Duration::from_millis(500),
        idle_timeout: Duration::from_millis(500),
        ..Config::default()
    })
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
