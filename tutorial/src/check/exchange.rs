//! The checker's side of a connection: send bytes (whole, a byte at a
//! time), read responses by their framing, and notice a close, each with a
//! time limit, so a server that hangs fails a case instead of hanging the
//! checker.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use wire::{ResponseEvent, ResponseHead, ResponseReader};

/// How long a server has to answer, or to close when it should. Loopback
/// answers take well under a millisecond; this is for a busy machine.
pub const WAIT: Duration = Duration::from_secs(2);

/// A connection to the server under test.
#[derive(Debug)]
pub struct Client {
    stream: TcpStream,
    /// Received, not yet taken as a response.
    buf: Vec<u8>,
    closed: bool,
}

/// One response, read by its framing.
#[derive(Debug, Clone)]
pub struct Reply {
    pub head: ResponseHead,
    pub head_bytes: Vec<u8>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn status(&self) -> u16 {
        self.head.status
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.headers.get(name)
    }

    /// The response as it came, made readable.
    pub fn shown(&self) -> String {
        let mut all = self.head_bytes.clone();
        all.extend_from_slice(&self.body);
        super::failure::bytes(&all)
    }
}

impl Client {
    pub fn connect(addr: SocketAddr) -> Result<Client, String> {
        let stream = TcpStream::connect_timeout(&addr, WAIT)
            .map_err(|e| format!("could not connect to {addr}: {e}"))?;
        // Each small write goes out at once: dribbled bytes arrive one by one.
        let _ = stream.set_nodelay(true);
        Ok(Client {
            stream,
            buf: Vec::new(),
            closed: false,
        })
    }

    pub fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.stream
            .write_all(bytes)
            .map_err(|e| format!("the connection failed while sending: {e}"))
    }

    /// Sends `bytes` one at a time, `gap` apart: what a slow network (or a
    /// slow attacker) looks like to a server.
    pub fn dribble(&mut self, bytes: &[u8], gap: Duration) -> Result<(), String> {
        for b in bytes {
            self.send(&[*b])?;
            std::thread::sleep(gap);
        }
        Ok(())
    }

    /// Reads until `until` or more bytes arrive. `Ok(false)`: nothing came
    /// in time. A reset counts as a close, with what came before it kept.
    fn fill(&mut self, until: Instant) -> Result<bool, String> {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || self.closed {
            return Ok(false);
        }
        self.stream
            .set_read_timeout(Some(left))
            .map_err(|e| e.to_string())?;
        let mut chunk = [0u8; 8192];
        match self.stream.read(&mut chunk) {
            Ok(0) => {
                self.closed = true;
                Ok(true)
            }
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                Ok(true)
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                Ok(false)
            }
            Err(e) if e.kind() == io::ErrorKind::ConnectionReset => {
                self.closed = true;
                Ok(true)
            }
            Err(e) => Err(format!("the connection failed while reading: {e}")),
        }
    }

    /// Reads one response to a `method` request, within `wait`.
    pub fn response(&mut self, method: &str, wait: Duration) -> Result<Reply, String> {
        let until = Instant::now() + wait;
        let mut reader = ResponseReader::new(method);
        let mut head = None;
        let mut body = Vec::new();
        loop {
            let event = reader
                .next_event(&mut self.buf, self.closed)
                .map_err(|e| self.not_http(e, &head, &body))?;
            match event {
                ResponseEvent::Interim(_) => {}
                ResponseEvent::Head(h) => head = Some(h),
                ResponseEvent::Data(data) => body.extend_from_slice(&data),
                ResponseEvent::End => {
                    let head = head.ok_or("no response head")?;
                    return Ok(Reply {
                        head,
                        head_bytes: reader.head_bytes().to_vec(),
                        body,
                    });
                }
                ResponseEvent::NeedMore => {
                    if !self.fill(until)? {
                        return Err(match (&head, self.buf.is_empty()) {
                            (None, true) => format!("no answer within {} s", wait.as_secs_f32()),
                            _ => format!(
                                "an answer that stopped halfway (nothing more within {} s): {}",
                                wait.as_secs_f32(),
                                super::failure::bytes(
                                    &[reader.head_bytes(), &body, &self.buf].concat()
                                )
                            ),
                        });
                    }
                }
            }
        }
    }

    fn not_http(&self, e: wire::Error, head: &Option<ResponseHead>, body: &[u8]) -> String {
        if self.closed && head.is_none() && self.buf.is_empty() {
            return "the connection closed with no answer (an empty reply)".into();
        }
        format!(
            "{e}; the bytes were: {}",
            super::failure::bytes(&[body, &self.buf].concat())
        )
    }

    /// Waits for the server to close the connection, within `wait`.
    /// `Err` if it stays open; what arrived meanwhile is in the message.
    pub fn expect_close(&mut self, wait: Duration) -> Result<Vec<u8>, String> {
        let until = Instant::now() + wait;
        while !self.closed {
            if !self.fill(until)? {
                return Err(format!(
                    "the connection was still open {} s later{}",
                    wait.as_secs_f32(),
                    if self.buf.is_empty() {
                        String::new()
                    } else {
                        format!(", after {}", super::failure::bytes(&self.buf))
                    }
                ));
            }
        }
        Ok(std::mem::take(&mut self.buf))
    }

    /// Waits until at least one more byte arrives, within `wait`.
    pub fn wait_for_bytes(&mut self, wait: Duration) -> Result<(), String> {
        let until = Instant::now() + wait;
        let what = |buf: &[u8]| {
            if buf.is_empty() {
                "nothing".to_string()
            } else {
                super::failure::bytes(buf)
            }
        };
        let arrived = !self.closed && self.fill(until)?;
        if !arrived || self.closed {
            return Err(if self.closed {
                format!("the connection closed after {}", what(&self.buf))
            } else {
                format!("{} within {} s", what(&self.buf), wait.as_secs_f32())
            });
        }
        Ok(())
    }

    /// Bytes received and not yet read as a response.
    pub fn leftover(&self) -> &[u8] {
        &self.buf
    }
}

/// One exchange on a new connection: send `request`, read one answer.
pub fn exchange(addr: SocketAddr, request: &[u8], method: &str) -> Result<Reply, String> {
    let mut client = Client::connect(addr)?;
    client.send(request)?;
    client.response(method, WAIT)
}
