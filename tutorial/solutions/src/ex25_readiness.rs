//! Exercise 25: one connection on a readiness loop.

use std::io::ErrorKind;
use std::time::Instant;

use exercises::readiness::{LoopConn, Next, OUT_BOUND, Socket};
use wire::server::Event;

pub fn on_ready(conn: &mut LoopConn, socket: &mut dyn Socket) -> Next {
    loop {
        // 1. Send what is queued, until the socket takes no more.
        while !conn.out.is_empty() {
            match socket.write(&conn.out) {
                Ok(0) => return Next::Close,
                Ok(n) => {
                    conn.out.drain(..n);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return Next::Close,
            }
        }
        // 2. Backpressure: a client that does not read is not read either.
        if conn.out.len() >= OUT_BOUND {
            return Next::Wait;
        }
        // 3. The machine says what it needs.
        match conn.machine.next_event() {
            Event::NeedData { .. } => {
                let mut buf = [0u8; 4096];
                match socket.read(&mut buf) {
                    Ok(0) => conn.machine.receive_eof(),
                    Ok(n) => conn.machine.receive(&buf[..n], Instant::now()),
                    Err(e) if e.kind() == ErrorKind::WouldBlock => return Next::Wait,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(_) => return Next::Close,
                }
            }
            Event::Closed if conn.out.is_empty() => return Next::Close,
            Event::Closed => return Next::Wait,
            event => conn.handle(event),
        }
    }
}
