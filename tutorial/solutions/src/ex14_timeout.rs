//! Exercise 14: 408 for a head that stalls, with a deadline on the whole head.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use exercises::HeadRead;
use exercises::kit;

pub const HEAD_TIMEOUT: Duration = Duration::from_millis(500);

pub fn serve(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    kit::serve(listener, stop, handle)
}

fn handle(mut stream: TcpStream) -> io::Result<()> {
    let mut buf = Vec::new();
    let deadline = Instant::now() + HEAD_TIMEOUT;
    match read_head_until(&mut stream, &mut buf, deadline)? {
        HeadRead::Complete(head) => {
            let request = match wire::head::parse_request_head(&head, wire::HeadLimits::default()) {
                Ok(wire::Parsed::Complete { head, .. }) => kit::Request {
                    head,
                    body: Vec::new(),
                },
                _ => {
                    stream.write_all(&kit::response(400, "Bad Request", b"bad head\n", true))?;
                    return Ok(());
                }
            };
            kit::answer(&mut stream, &request, true)?;
        }
        HeadRead::TimedOut => {
            let body = b"408 Request Timeout: the head took too long\n";
            stream.write_all(&kit::response(408, "Request Timeout", body, true))?;
        }
        HeadRead::Closed => return Ok(()),
    }
    kit::close_gently(stream);
    Ok(())
}

pub fn read_head_until(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    deadline: Instant,
) -> io::Result<HeadRead> {
    loop {
        if let Some(start) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            return Ok(HeadRead::Complete(buf.drain(..start + 4).collect()));
        }
        // The time LEFT, not a fixed timeout per read: a byte per second
        // must not keep the connection alive forever.
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(HeadRead::TimedOut);
        }
        stream.set_read_timeout(Some(left))?;
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk) {
            Ok(0) if buf.is_empty() => return Ok(HeadRead::Closed),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Ok(HeadRead::TimedOut);
            }
            Err(e) => return Err(e),
        }
    }
}
