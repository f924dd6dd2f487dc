//! Exercise 11 (chapter 6, server level): read a body that arrives in pieces.
//!
//! One `read` returns whatever has arrived: maybe the whole body, maybe one
//! byte of it, maybe the body and the start of the next request. The
//! checker sends bodies a byte at a time, and bodies with more bytes after.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::kit;

/// The server: given. It answers `POST /echo` with the body it read.
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

// ANCHOR: task
/// Reads a body of exactly `length` bytes. `buf` holds the bytes already
/// read after the head: use them first, then read from `stream` until the
/// body is whole. Leave in `buf` whatever comes after the body (the next
/// request's bytes), and never read more than you need.
///
/// If the stream ends before the body does, return an error
/// (`io::ErrorKind::UnexpectedEof`).
pub fn read_body(stream: &mut impl Read, buf: &mut Vec<u8>, length: usize) -> io::Result<Vec<u8>> {
    todo!("take from buf, then read until you have length bytes")
}
// ANCHOR_END: task
