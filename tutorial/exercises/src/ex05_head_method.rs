//! Exercise 5 (chapter 3, server level): answer `HEAD`.
//!
//! `HEAD` asks for what `GET` would answer, without the body (RFC 9110
//! §9.3.2): the same status and fields, `Content-Length` included, and then
//! nothing. A client reading a HEAD answer never reads a body, so a server
//! that sends one anyway corrupts the next response on the connection.

use std::io::{self, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::kit::{self, Request};

/// The server: given. The checker starts it on a free port.
pub fn serve(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    kit::serve(listener, stop, handle)
}

fn handle(mut stream: TcpStream) -> io::Result<()> {
    let mut buf = Vec::new();
    if let Some(request) = kit::read_request(&mut stream, &mut buf)? {
        stream.write_all(&respond(&request))?;
    }
    kit::close_gently(stream);
    Ok(())
}

// ANCHOR: task
/// The whole answer to `request`, as bytes, always with `Connection: close`:
///
/// - `GET /hello`: `200 OK` with the body [`kit::hello_body`] gives
///   (`Hello, Ann!\n` for `/hello?name=Ann`), `Content-Type:
///   text/plain; charset=utf-8` and its `Content-Length`;
/// - `HEAD /hello`: the very same head, `Content-Length` included, and no body;
/// - anything else: `404 Not Found`.
///
/// [`kit::response`] and [`kit::response_head`] write the bytes for you.
pub fn respond(request: &Request) -> Vec<u8> {
    todo!("answer GET /hello, and HEAD /hello with the same head and no body")
}
// ANCHOR_END: task
