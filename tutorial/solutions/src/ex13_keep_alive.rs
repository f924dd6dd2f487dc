//! Exercise 13: many requests on one connection.

use std::io;
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use exercises::kit::{self, Request};

pub fn serve(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    kit::serve(listener, stop, handle)
}

pub fn handle(mut stream: TcpStream) -> io::Result<()> {
    // One buffer for the connection: a read may bring the next request too.
    let mut buf = Vec::new();
    while let Some(request) = kit::read_request(&mut stream, &mut buf)? {
        let last = is_last(&request);
        kit::answer(&mut stream, &request, last)?;
        if last {
            break;
        }
    }
    kit::close_gently(stream);
    Ok(())
}

pub fn is_last(request: &Request) -> bool {
    let lists = |token: &str| {
        request
            .head
            .headers
            .get_all("Connection")
            .flat_map(|v| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    };
    if request.is_http10() {
        !lists("keep-alive")
    } else {
        lists("close")
    }
}
