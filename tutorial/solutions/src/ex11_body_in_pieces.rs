//! Exercise 11: read a body that arrives in pieces.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use exercises::kit;

pub fn serve(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    kit::serve(listener, stop, handle)
}

fn handle(mut stream: TcpStream) -> io::Result<()> {
    let mut buf = Vec::new();
    let Some(head) = kit::read_head(&mut stream, &mut buf)? else {
        return Ok(());
    };
    let answer = match kit::content_length(&head) {
        Some(length) if length <= kit::MAX_BODY => {
            let body = read_body(&mut stream, &mut buf, length)?;
            kit::response(200, "OK", &body, true)
        }
        _ => kit::response(400, "Bad Request", b"bad Content-Length\n", true),
    };
    stream.write_all(&answer)?;
    kit::close_gently(stream);
    Ok(())
}

pub fn read_body(stream: &mut impl Read, buf: &mut Vec<u8>, length: usize) -> io::Result<Vec<u8>> {
    while buf.len() < length {
        // Ask only for what is missing, so the next request's bytes stay in the socket.
        let mut chunk = vec![0u8; (length - buf.len()).min(8192)];
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(buf.drain(..length).collect())
}
