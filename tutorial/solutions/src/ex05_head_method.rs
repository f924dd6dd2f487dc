//! Exercise 5: answer HEAD with GET's head and no body.

use std::io::{self, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use exercises::kit::{self, Request};

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

pub fn respond(request: &Request) -> Vec<u8> {
    if request.path() != "/hello" {
        return kit::response(404, "Not Found", b"no such route\n", true);
    }
    let body = kit::hello_body(request);
    match request.method() {
        "GET" => kit::response(200, "OK", body.as_bytes(), true),
        // The length of the body GET would send, and then no body.
        "HEAD" => kit::response_head(200, "OK", body.len(), true),
        _ => kit::response(404, "Not Found", b"no such route\n", true),
    }
}
